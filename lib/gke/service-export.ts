import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { checkMetadata, type GkeObjectProps } from './common';

/** GKE's multi-cluster Services group, which serves ServiceExport and ServiceImport. */
export const MCS_GROUP = 'net.gke.io';

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
