import { indexEnvironment, type ReferenceCheck } from './environment-index';
import type { EnvironmentRule } from './problem';
import {
  checkBackendConfigRefs,
  checkHealthCheckPorts,
  checkInternalBackendFeatures,
} from './ref-backend-config';
import { checkPodMonitoringRefs } from './gke-pod-monitoring';
import { checkSecretProviderClassRefs } from './gke-secret-provider-class';
import { checkSecretSyncRefs } from './gke-secret-sync';
import { checkIngressAnnotationRefs, checkIngressBackends } from './ref-ingress';
import { checkEndpointSliceServices } from './ref-endpoint-slices';
import { checkDuplicateNames, checkNamespaces } from './ref-namespace';
import { checkServiceSelectors } from './ref-services';
import { checkStatefulSetServices } from './ref-stateful';
import {
  checkConfigKeys,
  checkDisruptionBudgets,
  checkScaleTargets,
  checkServiceAccounts,
} from './ref-workloads';

/** The cross-reference checks, in the order their problems are found. */
const REFERENCE_CHECKS: readonly ReferenceCheck[] = [
  checkNamespaces,
  checkDuplicateNames,
  checkServiceSelectors,
  checkStatefulSetServices,
  checkIngressBackends,
  checkIngressAnnotationRefs,
  checkBackendConfigRefs,
  checkHealthCheckPorts,
  checkInternalBackendFeatures,
  checkScaleTargets,
  checkDisruptionBudgets,
  checkServiceAccounts,
  checkConfigKeys,
  checkSecretProviderClassRefs,
  checkEndpointSliceServices,
  checkSecretSyncRefs,
  checkPodMonitoringRefs,
];

/**
 * Cross-references within one environment (every name that one object gives another). The
 * checks share one index of the environment's objects (environment-index.ts), built here
 * once per validation, so each check is one pass with map look-ups.
 */
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  (objects, reportOf) => {
    const index = indexEnvironment(objects);
    for (const check of REFERENCE_CHECKS) check(index, reportOf);
  },
];
