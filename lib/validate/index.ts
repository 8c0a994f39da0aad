export { describeObject, type KubernetesObject } from '../k8s/kubernetes-object';
export {
  formatFinding,
  type PolarisFinding,
  type PolarisOptions,
  polarisFindings,
} from './polaris';
export {
  POLARIS_CROSS_OBJECT_CHECKS,
  POLARIS_PARTIAL_CHECKS,
  POLARIS_SKIPPED_CHECKS,
} from './polaris-checks';
export { KUBERNETES_VERSIONS, type KubernetesVersion } from './schema-files';
export {
  assertValid,
  ManifestValidationError,
  type ValidateOptions,
  type ValidationProblem,
  validateObject,
  validateObjects,
} from './validate-object';
export {
  credentialFlags,
  isCredentialName,
  isNonSecretValue,
  isPlaintextCredential,
} from './credential-names';
export {
  describeSecretMaterial,
  findSecretMaterial,
  type SecretKind,
  type SecretMaterial,
} from './secret-material';
export { scanSecretMaterial } from './secret-scan';
