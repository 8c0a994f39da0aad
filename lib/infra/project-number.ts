import * as organizations from '@pulumi/gcp/organizations';
import * as pulumi from '@pulumi/pulumi';
import type { GkePlatformPlan } from './plan';

/**
 * The project's number, which names Google-managed principals (the GKE service agent, the
 * Workload Identity pool's Kubernetes service accounts): the stack's `projectNumber` when
 * given, otherwise looked up with `gcp.organizations.getProject` (the deployer needs
 * `resourcemanager.projects.get`).
 */
export function projectNumber(
  plan: GkePlatformPlan,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const given = plan.hardening.projectNumber;
  if (given !== undefined) return pulumi.output(given);
  return organizations
    .getProjectOutput({ projectId: plan.project }, { parent: opts.parent })
    .apply((p) => String(p.number));
}
