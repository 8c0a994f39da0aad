import { Provider } from '@pulumi/kubernetes/provider';
import { ConfigGroup } from '@pulumi/kubernetes/yaml';
import type * as pulumi from '@pulumi/pulumi';
import type { ManifestObject, ManifestLayer } from './manifests';
import type { GkePlatformPlan } from './plan';

/** One layer of applied manifests and what each of its objects waits for. */
export interface WorkloadLayer {
  /** The ConfigGroup that applies the layer's objects. */
  readonly group: ConfigGroup;
  /** The layer's objects, as read from the manifests. */
  readonly objects: readonly ManifestObject[];
  /** The explicit dependencies of every object of the layer. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** What {@link createWorkloads} creates. */
export interface WorkloadsResult {
  /** The Kubernetes provider, connected to the cluster, that applies the manifests. */
  readonly provider: Provider;
  /** The applied layers (`setup`, `app`, `edge`); a layer without objects is absent. */
  readonly layers: Partial<Readonly<Record<ManifestLayer, WorkloadLayer>>>;
}

/** What the workloads must outlive on the way down, and wait for on the way up. */
export interface WorkloadDependencies {
  /** The node pools: Pods, PodDisruptionBudgets and load balancers go before them. */
  readonly nodePools: readonly pulumi.Resource[];
  /** The reserved IPs that Ingresses and Services reference by name. */
  readonly addresses: readonly pulumi.Resource[];
  /**
   * In a fleet: the multi-cluster Services and Gateway features, which install the
   * ServiceExport and multi-cluster GatewayClass kinds the objects use, and whose controllers
   * must still run while the objects (and the load balancer they own) are deleted.
   */
  readonly fleet?: readonly pulumi.Resource[];
}

/**
 * Applies the environment's synthesized manifests to the cluster with a Kubernetes provider
 * built from its kubeconfig, in three layers that each depend on the one before:
 * Namespaces and CRDs, then the workloads, then Ingresses, Gateways and LoadBalancer
 * Services. Every object depends on the node pools, and the last layer on the static IPs
 * too, so `pulumi destroy` deletes the objects that own Google load balancers first, then the
 * workloads, and only then the node pools, the addresses and the cluster — deleting a
 * cluster first leaves its load balancers behind.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deleting-a-cluster
 */
export function createWorkloads(
  plan: GkePlatformPlan,
  kubeconfig: pulumi.Input<string>,
  deps: WorkloadDependencies,
  opts: pulumi.ComponentResourceOptions,
): WorkloadsResult {
  const provider = new Provider(
    `${plan.clusterName}-k8s`,
    { kubeconfig, namespace: plan.namespace, enableServerSideApply: true },
    opts,
  );
  const manifests = plan.manifests ?? [];
  const layers: Partial<Record<ManifestLayer, WorkloadLayer>> = {};
  let previous: pulumi.Resource[] = [];
  for (const layer of ['setup', 'app', 'edge'] as const) {
    const objects = manifests.filter((m) => m.layer === layer).map((m) => m.object);
    if (objects.length === 0) continue;
    const dependsOn = [
      ...deps.nodePools,
      ...(deps.fleet ?? []),
      ...(layer === 'edge' ? deps.addresses : []),
      ...previous,
    ];
    const group = new ConfigGroup(
      `${plan.clusterName}-${layer}`,
      {
        objs: objects.map((o) => structuredClone(o)),
        // ConfigGroup gives its objects only a parent: the dependencies go on each object.
        transformations: [
          (_obj: unknown, objOpts: pulumi.CustomResourceOptions) => {
            objOpts.dependsOn = dependsOn;
          },
        ],
      },
      { ...opts, providers: [provider], dependsOn },
    );
    layers[layer] = { group, objects, dependsOn };
    previous = [group];
  }
  return { provider, layers };
}
