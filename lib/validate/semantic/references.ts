import type { EnvironmentRule } from './problem';
import {
  checkBackendConfigRefs,
  checkHealthCheckPorts,
  checkInternalBackendFeatures,
} from './ref-backend-config';
import { checkIngressAnnotationRefs, checkIngressBackends } from './ref-ingress';
import { checkDuplicateNames, checkNamespaces } from './ref-namespace';
import { checkServiceSelectors } from './ref-services';
import {
  checkConfigKeys,
  checkDisruptionBudgets,
  checkScaleTargets,
  checkServiceAccounts,
} from './ref-workloads';

/**
 * Cross-references within one environment (every name that one object gives another). They
 * share one index of the environment's objects (environment-index.ts), so each rule is one
 * pass with map look-ups.
 */
export const ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  checkNamespaces,
  checkDuplicateNames,
  checkServiceSelectors,
  checkIngressBackends,
  checkIngressAnnotationRefs,
  checkBackendConfigRefs,
  checkHealthCheckPorts,
  checkInternalBackendFeatures,
  checkScaleTargets,
  checkDisruptionBudgets,
  checkServiceAccounts,
  checkConfigKeys,
];
