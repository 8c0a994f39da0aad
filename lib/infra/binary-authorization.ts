import * as binaryauthorization from '@pulumi/gcp/binaryauthorization';
import type * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';

/**
 * The project's Binary Authorization policy, when the stack is asked for it: every image is
 * denied except those of the platform's declared registries and the stack's `allowedImages`;
 * Google's system images (GKE add-ons) pass through Google's global policy. A project has
 * one policy, so only a stack that owns its project should create it. CIS GKE Benchmark
 * 5.1.4 ("only trusted container images") and 5.10.4.
 * @see https://cloud.google.com/binary-authorization/docs/policy-yaml-reference
 * @see https://cloud.google.com/binary-authorization/docs/setting-up
 */
export function createBinaryAuthorizationPolicy(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): binaryauthorization.Policy | undefined {
  const policy = plan.hardening.binaryAuthorization.projectPolicy;
  if (policy === undefined) return undefined;
  return new binaryauthorization.Policy(
    `${plan.clusterName}-binauthz`,
    {
      project: plan.project,
      description: `Images of the ${plan.platform} platform's registries only (gke-platform)`,
      globalPolicyEvaluationMode: 'ENABLE',
      admissionWhitelistPatterns: policy.allowedImages.map((namePattern) => ({ namePattern })),
      defaultAdmissionRule: {
        evaluationMode: 'ALWAYS_DENY',
        enforcementMode: policy.enforcementMode,
      },
    },
    opts,
  );
}
