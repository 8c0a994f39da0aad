import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { fail } from '../core/errors';
import { checkMetadata, type GkeObjectProps } from './common';

/** GKE's multi-cluster Services group, which serves ServiceExport and ServiceImport. */
export const MCS_GROUP = 'net.gke.io';

/**
 * A backend policy's `targetRef` group and kind: a Service of the core group, or a
 * ServiceImport of GKE's multi-cluster Services group.
 */
export function policyTarget(
  where: string,
  kind: 'Service' | 'ServiceImport' | undefined,
): { group: string; kind: string } {
  if (kind === undefined || kind === 'Service') return { group: '', kind: 'Service' };
  if (kind === 'ServiceImport') return { group: MCS_GROUP, kind };
  return fail(
    where,
    'targetKind',
    `is ${JSON.stringify(kind)}`,
    "use 'Service' or 'ServiceImport'",
  );
}

/**
 * A ServiceExport: exports the Service of the same name and namespace to every cluster of the
 * fleet, where GKE's multi-cluster Services controller creates a ServiceImport of that name
 * (`<name>.<namespace>.svc.clusterset.local`) and a multi-cluster Gateway can route to it.
 * GKE's object has no spec.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#registering_a_service_for_export
 */
export class ServiceExport extends ApiObject {
  constructor(scope: Construct, id: string, props: GkeObjectProps) {
    super(scope, id, {
      apiVersion: `${MCS_GROUP}/v1`,
      kind: 'ServiceExport',
      metadata: checkMetadata(`ServiceExport '${scope.node.path}/${id}'`, props.metadata),
    });
  }
}
