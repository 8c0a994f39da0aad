import { BACKEND_CONFIG_RULES } from './gke-backend-config';
import { FRONTEND_CONFIG_RULES } from './gke-frontend-config';
import { GKE_INGRESS_RULES } from './gke-ingress';
import { POD_MONITORING_RULES } from './gke-pod-monitoring';
import { INGRESS_RULES } from './ingress';
import { SECRET_PROVIDER_CLASS_RULES } from './gke-secret-provider-class';
import { SECRET_SYNC_RULES } from './gke-secret-sync';
import { MANAGED_CERTIFICATE_RULES } from './managed-certificate';
import { NETWORK_POLICY_RULES } from './network-policy';
import type { ObjectRule } from './problem';

/**
 * Ingress and NetworkPolicy rules (networking validation) and GKE's controllers' rules, per kind: the API
 * server's first, then ingress-gce's and the GKE custom resources'.
 */
export const EDGE_RULES: Readonly<Record<string, readonly ObjectRule[]>> = {
  Ingress: [...INGRESS_RULES, ...GKE_INGRESS_RULES],
  NetworkPolicy: NETWORK_POLICY_RULES,
  BackendConfig: BACKEND_CONFIG_RULES,
  FrontendConfig: FRONTEND_CONFIG_RULES,
  ManagedCertificate: MANAGED_CERTIFICATE_RULES,
  SecretProviderClass: SECRET_PROVIDER_CLASS_RULES,
  SecretSync: SECRET_SYNC_RULES,
  PodMonitoring: POD_MONITORING_RULES,
};
