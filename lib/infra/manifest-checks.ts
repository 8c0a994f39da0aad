import {
  ACCELERATOR_LABEL,
  GPU_RESOURCE,
  NODE_POOL_LABEL,
  type NodePool,
  PREEMPTIBLE_LABEL,
  SPOT_LABEL,
  type Taint,
} from '../platform/node-pool';
import { describeRegistries, matchImageRegistry } from '../platform/registry';
import { fail } from '../core/errors';
import { podTemplateOf } from '../k8s/pod-template';
import { type Platform, type WorkloadIdentity } from '../platform/platform';
import { type StaticIp } from '../platform/static-ip';
import {
  describeManifest,
  type Manifest,
  type ManifestObject,
  type ManifestSource,
} from './manifests';

/** What the stack creates, which the manifests it applies must fit. */
export interface DeployTarget {
  readonly platform: Platform;
  readonly environment: string;
  /** The pools as the stack creates them. */
  readonly nodePools: readonly NodePool[];
  readonly staticIps: readonly StaticIp[];
  readonly workloadIdentities: readonly WorkloadIdentity[];
  /** Whether the stack creates a proxy-only subnet (internal Application Load Balancers). */
  readonly internalLoadBalancing: boolean;
  /** The Cloud Armor policies the stack creates. @default none */
  readonly securityPolicies?: readonly { readonly name: string }[];
  /** The SSL certificates the stack creates. @default none */
  readonly certificates?: readonly { readonly name: string }[];
}

/** A toleration as pod specs write it. */
interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

interface Container {
  readonly name?: string;
  readonly image?: string;
  readonly resources?: {
    readonly limits?: Record<string, unknown>;
    readonly requests?: Record<string, unknown>;
  };
}

interface PodSpec {
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: readonly Toleration[];
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
}

/** The label Kubernetes' recommended labels use for the application an object is part of. */
const PART_OF_LABEL = 'app.kubernetes.io/part-of';
const GKE_LABEL_PREFIX = 'cloud.google.com/';
/** GKE's own labels, which the platform declaration models for every pool. */
const GKE_POOL_LABELS = [NODE_POOL_LABEL, SPOT_LABEL, PREEMPTIBLE_LABEL, ACCELERATOR_LABEL];

/**
 * Checks, before anything is registered, that the manifests a stack applies fit the
 * environment it creates, so that a stale `dist/` (synthesized from an older platform) or a
 * foreign one (another platform's) is refused rather than applied:
 *
 * - every Pod template's nodeSelector names labels some declared pool carries (its name,
 *   its GKE labels, its own labels), it tolerates the taints of at least one of those pools,
 *   and its `nvidia.com/gpu` limits fit that pool's GPUs;
 * - every toleration of a specific taint names a taint some pool has;
 * - every static IP an Ingress or a LoadBalancer Service names by annotation is declared,
 *   with the scope its load balancer needs (global for `gce`, internal regional for
 *   `gce-internal`, regional for Services); a `gce-internal` Ingress needs the environment's
 *   `internalLoadBalancing` (its proxy-only subnet);
 * - every Kubernetes service account annotated `iam.gke.io/gcp-service-account` is a declared
 *   workload identity of that name and email, whose binding the stack creates;
 * - every Cloud Armor policy a BackendConfig names and every pre-shared certificate an Ingress
 *   serves is one the stack creates;
 * - every image on an Artifact Registry or `gcr.io` host is in a declared registry;
 * - the Namespace is part of this platform.
 *
 * @throws {PlatformError} naming the stack, the argument the manifests came from (`workloads`
 * or `manifestsDir`), the object (and its file), what does not fit and how to fix it.
 */
export function checkManifestsFit(
  where: string,
  manifests: readonly Manifest[],
  target: DeployTarget,
): void {
  for (const manifest of manifests) {
    const object = manifest.object;
    const label = describeManifest(manifest);
    const resynth = RESYNTH[manifest.source];
    const problem: Problem = (what, fix = resynth) =>
      fail(
        where,
        manifest.source,
        `has ${label}, ${what}`,
        typeof fix === 'string' ? fix : fix(resynth),
      );
    const pod = podSpecOf(object);
    if (pod) {
      checkPlacement(pod, target, problem);
      checkImages(pod, target, problem);
    }
    if (object.kind === 'Ingress') {
      checkIngress(object, target, problem);
      checkPreSharedCerts(object, target, problem);
    }
    if (object.kind === 'BackendConfig') checkSecurityPolicy(object, target, problem);
    if (object.kind === 'Service') checkService(object, target, problem);
    if (object.kind === 'ServiceAccount') checkServiceAccount(object, target, problem);
    if (object.kind === 'Namespace') {
      const partOf = (object.metadata.labels as Record<string, string> | undefined)?.[
        PART_OF_LABEL
      ];
      if (partOf !== undefined && partOf !== target.platform.name) {
        problem(
          `part of platform '${partOf}', not '${target.platform.name}'`,
          OTHER_PLATFORM[manifest.source],
        );
      }
    }
  }
}

/** How to get manifests that fit, by where they came from. */
const RESYNTH: Readonly<Record<ManifestSource, string>> = {
  manifestsDir:
    "synthesize the manifests again from this platform ('npm run synth'), or point 'manifestsDir' at this environment's folder",
  workloads: "make 'workloads' from the stack's own platform: workloadSource(platform, define)",
};

/** How to get the manifests of this platform, by where they came from. */
const OTHER_PLATFORM: Readonly<Record<ManifestSource, string>> = {
  manifestsDir: "point 'manifestsDir' at this platform's synthesized folder",
  workloads: "make 'workloads' from the stack's own platform: workloadSource(platform, define)",
};

/**
 * Fails on the object: what is wrong, and the fix (by default, how to get manifests that fit;
 * a function adds to that).
 */
type Problem = (what: string, fix?: string | ((resynth: string) => string)) => never;

/** The pod spec of a Pod or of a workload's Pod template. */
function podSpecOf(object: ManifestObject): PodSpec | undefined {
  return podTemplateOf(object)?.template.spec as PodSpec | undefined;
}

/**
 * Whether a toleration tolerates a taint, as Kubernetes decides (`ToleratesTaint` in
 * k8s.io/api/core/v1/toleration.go): an empty effect matches every effect, an empty key
 * (with `Exists`) every key, `Exists` every value, `Equal` (the default) the same value.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** `key=value:Effect`, as kubectl prints a taint. */
function describeTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** The GPUs a pod asks for: the sum of its containers' `nvidia.com/gpu` limits (or requests). */
function gpusOf(pod: PodSpec): number {
  return (pod.containers ?? []).reduce((sum, c) => {
    const value = c.resources?.limits?.[GPU_RESOURCE] ?? c.resources?.requests?.[GPU_RESOURCE];
    return sum + (value === undefined ? 0 : Number(value));
  }, 0);
}

/**
 * Checks that the scheduler could place the pod on a declared pool: one its nodeSelector
 * matches (labels outside the platform's model — Kubernetes' `kubernetes.io` labels and
 * GKE's other `cloud.google.com/` labels — are not checked), whose blocking taints it
 * tolerates and whose GPUs cover its `nvidia.com/gpu` limits. Pods that ask for GPUs
 * tolerate `nvidia.com/gpu` taints without saying so: GKE runs the
 * ExtendedResourceToleration admission controller.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#restrict
 */
function checkPlacement(pod: PodSpec, target: DeployTarget, problem: Problem): void {
  const pools = target.nodePools;
  const env = target.environment;
  const names = pools.map((p) => p.name).join(', ');
  const modelled = new Set([...GKE_POOL_LABELS, ...pools.flatMap((p) => Object.keys(p.labels))]);
  let candidates = pools;
  for (const [key, value] of Object.entries(pod.nodeSelector ?? {})) {
    if (!modelled.has(key) && (key.includes('kubernetes.io/') || key.startsWith(GKE_LABEL_PREFIX)))
      continue;
    candidates = candidates.filter((p) => p.nodeLabels[key] === value);
    if (candidates.length === 0) {
      problem(
        `whose nodeSelector '${key}: ${value}' matches no node pool of '${env}' (${names})`,
        (resynth) => `${resynth}, or declare that pool`,
      );
    }
  }
  const tolerations = pod.tolerations ?? [];
  for (const toleration of tolerations) {
    if (!toleration.key || toleration.key.includes('kubernetes.io/')) continue;
    const taints = pools.flatMap((p) => p.taints);
    if (!taints.some((t) => toleratesTaint(toleration, t))) {
      const taint = `${toleration.key}${toleration.value ? `=${toleration.value}` : ''}${toleration.effect ? `:${toleration.effect}` : ''}`;
      problem(`which tolerates taint '${taint}', but no node pool of '${env}' has it`);
    }
  }
  const gpus = gpusOf(pod);
  const effective: readonly Toleration[] =
    gpus > 0 ? [...tolerations, { key: GPU_RESOURCE, operator: 'Exists' }] : tolerations;
  const untolerated = (pool: NodePool) =>
    pool.taints.filter(
      (t) => t.effect !== 'PreferNoSchedule' && !effective.some((tol) => toleratesTaint(tol, t)),
    );
  const runnable = candidates.filter((p) => untolerated(p).length === 0);
  if (runnable.length === 0) {
    const blocked = candidates
      .map((p) => `'${p.name}' (${untolerated(p).map(describeTaint).join(', ')})`)
      .join(', ');
    problem(`whose pods tolerate the taints of none of the pools they may run on: ${blocked}`);
  }
  if (gpus > 0 && !runnable.some((p) => p.gpu && p.gpu.count >= gpus)) {
    const gpuPools =
      runnable
        .filter((p) => p.gpu)
        .map((p) => `'${p.name}' (${p.gpu?.count} × ${p.gpu?.type})`)
        .join(', ') || 'none';
    problem(
      `whose pods ask for ${gpus} ${GPU_RESOURCE}, but no pool they may run on has that many per node (GPU pools: ${gpuPools})`,
    );
  }
}

function checkImages(pod: PodSpec, target: DeployTarget, problem: Problem): void {
  const registries = target.platform.environment(target.environment).registries;
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const image = container.image;
    if (typeof image !== 'string') continue;
    const { checked, registry } = matchImageRegistry(image, registries);
    if (checked && !registry) {
      problem(
        `whose container '${container.name}' pulls '${image}' from a Google registry that '${target.environment}' does not declare, so its nodes may not read it`,
        `declare the repository under 'registries' in the platform (declared: ${describeRegistries(registries)})`,
      );
    }
  }
}

/** The static IP named `name`, checked to be declared with the scope its user needs. */
function checkStaticIp(
  target: DeployTarget,
  annotation: string,
  name: string,
  wanted: { scope: 'global' | 'regional'; internal?: boolean },
  problem: Problem,
): void {
  const ip = target.staticIps.find((i) => i.name === name);
  const declared =
    target.staticIps
      .map((i) => `${i.name} (${i.scope}${i.internal ? ', internal' : ''})`)
      .join(', ') || 'none';
  if (!ip) {
    problem(
      `whose '${annotation}' is '${name}', a static IP '${target.environment}' does not declare (declared: ${declared})`,
      (resynth) => `${resynth}, or declare the static IP`,
    );
  }
  // Global addresses are external; a regional one is internal or external.
  const kind = (scope: string, internal?: boolean) =>
    scope === 'global'
      ? 'a global'
      : internal === undefined
        ? 'a regional'
        : `${internal ? 'an internal' : 'an external'} regional`;
  if (
    ip.scope !== wanted.scope ||
    (wanted.internal !== undefined && ip.internal !== wanted.internal)
  ) {
    problem(
      `whose '${annotation}' is '${name}', ${kind(ip.scope, ip.internal)} address, but this load balancer needs ${kind(wanted.scope, wanted.internal)} one`,
    );
  }
}

/**
 * GKE's Ingress classes, by annotation (GKE ignores `spec.ingressClassName`; without either
 * it uses `gce`): `gce` takes a global address by `kubernetes.io/ingress.global-static-ip-name`,
 * `gce-internal` an internal regional one by `kubernetes.io/ingress.regional-static-ip-name`,
 * and needs a proxy-only subnet.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress
 */
function checkIngress(object: ManifestObject, target: DeployTarget, problem: Problem): void {
  const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
  const className =
    annotations['kubernetes.io/ingress.class'] ??
    ((object.spec as { ingressClassName?: string } | undefined)?.ingressClassName || 'gce');
  if (className !== 'gce' && className !== 'gce-internal') return;
  const internal = className === 'gce-internal';
  const globalName = annotations['kubernetes.io/ingress.global-static-ip-name'];
  const regionalName = annotations['kubernetes.io/ingress.regional-static-ip-name'];
  if (internal && !target.internalLoadBalancing) {
    problem(
      `a 'gce-internal' Ingress, but environment '${target.environment}' does not declare 'internalLoadBalancing', so the stack creates no proxy-only subnet for it`,
      `set 'internalLoadBalancing: true' for '${target.environment}' in the platform`,
    );
  }
  if (globalName !== undefined) {
    if (internal) problem(`a 'gce-internal' Ingress with a global static IP ('${globalName}')`);
    checkStaticIp(
      target,
      'kubernetes.io/ingress.global-static-ip-name',
      globalName,
      { scope: 'global' },
      problem,
    );
  }
  if (regionalName !== undefined) {
    if (!internal) problem(`a 'gce' Ingress with a regional static IP ('${regionalName}')`);
    checkStaticIp(
      target,
      'kubernetes.io/ingress.regional-static-ip-name',
      regionalName,
      { scope: 'regional', internal: true },
      problem,
    );
  }
}

/** The names of `declared`, for a problem's text. */
const namesOf = (declared: readonly { readonly name: string }[] | undefined) =>
  (declared ?? []).map((d) => d.name).join(', ') || 'none';

/**
 * A BackendConfig's Cloud Armor policy is one the stack creates: ingress-gce fails to sync a
 * backend whose policy does not exist.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_armor
 */
function checkSecurityPolicy(object: ManifestObject, target: DeployTarget, problem: Problem): void {
  const name = (object.spec as { securityPolicy?: { name?: string } } | undefined)?.securityPolicy
    ?.name;
  if (name && !(target.securityPolicies ?? []).some((p) => p.name === name))
    problem(
      `which names the Cloud Armor policy '${name}', one '${target.environment}' does not declare (declared: ${namesOf(target.securityPolicies)})`,
      (resynth) => `${resynth}, or declare the policy under 'securityPolicies'`,
    );
}

/**
 * An Ingress's pre-shared certificates are ones the stack creates: the load balancer is not
 * programmed while one is missing.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl
 */
function checkPreSharedCerts(object: ManifestObject, target: DeployTarget, problem: Problem): void {
  const value = (object.metadata.annotations as Record<string, string> | undefined)?.[
    'ingress.gcp.kubernetes.io/pre-shared-cert'
  ];
  for (const name of (value ?? '').split(',').map((n) => n.trim()))
    if (name && !(target.certificates ?? []).some((c) => c.name === name))
      problem(
        `which serves the pre-shared certificate '${name}', one '${target.environment}' does not declare (declared: ${namesOf(target.certificates)})`,
        (resynth) => `${resynth}, or declare the certificate under 'certificates'`,
      );
}

/**
 * A LoadBalancer Service names its reserved regional addresses in
 * `networking.gke.io/load-balancer-ip-addresses` (comma-separated), internal ones when it is
 * `networking.gke.io/load-balancer-type: Internal`.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 */
function checkService(object: ManifestObject, target: DeployTarget, problem: Problem): void {
  if ((object.spec as { type?: string } | undefined)?.type !== 'LoadBalancer') return;
  const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
  const names = annotations['networking.gke.io/load-balancer-ip-addresses'];
  if (names === undefined) return;
  const internal =
    annotations['networking.gke.io/load-balancer-type'] === 'Internal' ||
    annotations['cloud.google.com/load-balancer-type'] === 'Internal';
  for (const name of names.split(',').map((n) => n.trim())) {
    checkStaticIp(
      target,
      'networking.gke.io/load-balancer-ip-addresses',
      name,
      { scope: 'regional', internal },
      problem,
    );
  }
}

/**
 * A Kubernetes service account acts as the Google service account of its
 * `iam.gke.io/gcp-service-account` annotation only with a `roles/iam.workloadIdentityUser`
 * binding for `<project>.svc.id.goog[<namespace>/<name>]`, which the stack creates for the
 * declared workload identities only.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#kubernetes-sa-to-iam
 */
function checkServiceAccount(object: ManifestObject, target: DeployTarget, problem: Problem): void {
  const email = (object.metadata.annotations as Record<string, string> | undefined)?.[
    'iam.gke.io/gcp-service-account'
  ];
  if (email === undefined) return;
  const name = object.metadata.name;
  const identity = target.workloadIdentities.find((i) => i.serviceAccountName === name);
  if (!identity) {
    const declared =
      target.workloadIdentities.map((i) => i.serviceAccountName).join(', ') || 'none';
    problem(
      `annotated to act as '${email}', but '${target.environment}' declares no workload identity '${name}', so no binding lets it (declared: ${declared})`,
      (resynth) => `${resynth}, or declare it under 'workloadIdentities'`,
    );
  }
  if (identity.email !== email) {
    problem(`annotated to act as '${email}', but the stack binds '${name}' to '${identity.email}'`);
  }
}
