import { fail } from '../core/errors';
import { checkProps } from '../core/prop-check';
import {
  type Monitoring,
  type MonitoringSpec,
  monitoringSecretNames,
  parseMonitoring,
} from './monitoring';
import { checkDnsLabel } from '../core/naming';
import { type NodePool, type NodePoolSpec, parseNodePool } from './node-pool';
import { type PerEnv, resolvePerEnv } from '../core/per-env';
import { parseProxyOnlySubnet } from './proxy-only-subnet';
import { type Registry, type RegistrySpec, parseRegistry } from './registry';
import {
  type SecretManagerSecret,
  parseSecretManagerSecret,
  type SecretManagerSecretSpec,
} from './secret';
import { type Certificate, type CertificateSpec, parseCertificate } from './certificate';
import {
  parseSecurityPolicy,
  type SecurityPolicy,
  type SecurityPolicySpec,
} from './security-policy';
import { parseStaticIp, type StaticIp, type StaticIpSpec } from './static-ip';
import { checkTimeZone } from './time-zone';
import { type ClusterSpec, type Fleet, parseFleet } from './fleet';
import { checkPreviewAccounts, parsePreviews, type Previews, type PreviewsSpec } from './previews';

/**
 * A GCP service account that workloads act as through Workload Identity. The Pulumi stack
 * creates it and lets the Kubernetes service account `<namespace>/<key>` impersonate it;
 * a workload that names it runs as that Kubernetes service account.
 */
export interface WorkloadIdentitySpec {
  /**
   * The service account's ID (6-30 characters) in the environment's project.
   * @default `<key>-<environment>`
   */
  readonly accountId?: string;
  /** Project-level IAM roles to grant it, e.g. 'roles/cloudsql.client'. @default none */
  readonly roles?: readonly string[];
}

/** One environment of a platform: where it runs and what its cluster has. */
export interface EnvironmentSpec {
  /**
   * The Kubernetes namespace of the environment's workloads.
   * @default `<platform>-<environment>`
   */
  readonly namespace?: string;
  /** The GCP project. Needed for Workload Identity annotations. @default none */
  readonly project?: string;
  /** The cluster's node pools, by name. At least one. */
  readonly nodePools: Readonly<Record<string, NodePoolSpec>>;
  /** Static IPs by key. @default none */
  readonly staticIps?: Readonly<Record<string, StaticIpSpec>>;
  /** GCP service accounts for Workload Identity, by Kubernetes service account name. @default none */
  readonly workloadIdentities?: Readonly<Record<string, WorkloadIdentitySpec>>;
  /**
   * Registries only this environment pulls from, by key, in addition to the platform's
   * `registries` (a key may not be declared in both).
   * @default none
   */
  readonly registries?: Readonly<Record<string, RegistrySpec>>;
  /**
   * Whether the environment has internal Application Load Balancers (`WebEntrypoint` with
   * `internal: true`, a `gce-internal` Ingress). They run on Envoy proxies that take their
   * addresses from a proxy-only subnet (purpose `REGIONAL_MANAGED_PROXY`, role `ACTIVE`) in
   * the cluster's region and VPC, which the stack then creates.
   * @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress
   * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
   */
  readonly internalLoadBalancing?: boolean;
  /**
   * The range of the proxy-only subnet of `internalLoadBalancing`, at least 64 addresses (a
   * /26 or larger), outside the cluster's node, Pod and Service ranges. The stack creates the
   * subnet with it, and the NetworkPolicies let the load balancers' proxies in from it: one
   * declaration, so the two cannot drift apart.
   * @default '10.129.0.0/23' (the range of Google's proxy-only subnet examples)
   * @see https://cloud.google.com/load-balancing/docs/proxy-only-subnets
   */
  readonly proxyOnlySubnet?: string;
  /**
   * Whether the environment's namespace gets NetworkPolicies: a default deny of ingress and
   * egress, and for each workload exactly the traffic its definition declares. `false` lets
   * every pod talk to every pod and address (Kubernetes's default); the Namespace then says so
   * in its `gke-platform/network-policies: disabled` annotation.
   * @default true
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly networkPolicies?: boolean;
  /**
   * Secret Manager secrets this environment's workloads read, by name, in addition to the
   * platform's `secrets`; an entry here replaces the platform's entry of the same name.
   * @default none
   * @see https://cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component
   */
  readonly secrets?: Readonly<Record<string, SecretManagerSecretSpec>>;
  /**
   * Cloud Armor security policies by key, which the stack creates and entrypoint routes name
   * (`securityPolicy: key`).
   * @default none
   */
  readonly securityPolicies?: Readonly<Record<string, SecurityPolicySpec>>;
  /**
   * Compute Engine SSL certificates by key, which the stack creates and entrypoints serve
   * (`certificates: [key]`).
   * @default none
   */
  readonly certificates?: Readonly<Record<string, CertificateSpec>>;
  /**
   * Uptime checks, alert policies and notification channels that the environment's Pulumi
   * stack creates. A secret it names (Slack token, PagerDuty key) must be declared under
   * `secrets`; the stack reads its latest version.
   * @default none: nothing watches the environment from outside
   * @see https://cloud.google.com/monitoring/uptime-checks
   */
  readonly monitoring?: MonitoringSpec;
  /** How the environment's images must be named. @default tags and digests both accepted */
  readonly images?: ImagePolicySpec;
  /**
   * The GKE clusters of an environment that runs on several (users on two continents, a
   * region outage to survive), by key: joined in the project's fleet behind one global
   * multi-cluster Gateway, with multi-cluster Services between them. Each cluster gets its
   * own output folder, `dist/<environment>/<cluster>/`. Left out, the environment is one
   * cluster (`dist/<environment>/`), placed by its Pulumi stack's region.
   * @default one cluster
   * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways
   */
  readonly clusters?: Readonly<Record<string, ClusterSpec>>;
}

/** How an environment's images must be named. */
export interface ImagePolicySpec {
  /**
   * Whether every image must be pinned by digest (`@sha256:…`): a tag can be pushed again
   * with other content, a digest cannot, so what was tested is what runs.
   * @default false
   * @see https://cloud.google.com/artifact-registry/docs/docker/names
   */
  readonly requireDigest?: boolean;
}

/** The whole platform as its owner declares it. */
export interface PlatformSpec<E extends string> {
  /** The platform's name: the `app.kubernetes.io/part-of` label and the prefix of GCP names. */
  readonly name: string;
  /** Every environment, in the order they are synthesized. */
  readonly environments: { readonly [K in E]: EnvironmentSpec };
  /**
   * Registries every environment pulls from, by key (a project left out is each
   * environment's own).
   * @default none
   */
  readonly registries?: Readonly<Record<string, RegistrySpec>>;
  /**
   * Secret Manager secrets of every environment, by name (each environment's project has its
   * own); an environment's `secrets` may replace an entry for itself.
   * @default none
   */
  readonly secrets?: Readonly<Record<string, SecretManagerSecretSpec>>;
  /**
   * The IANA time zone of every CronTask that does not set its own `timeZone` (e.g.
   * 'Europe/Berlin', or 'Etc/UTC' to say UTC on purpose). Without it, each CronTask must set
   * one: a CronJob without `timeZone` runs in the control plane's zone, UTC on GKE.
   * @default none: each CronTask sets its own
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones
   */
  readonly timeZone?: string;
  /**
   * Preview environments, one per developer or pull request, derived from one environment
   * (`gke-platform preview synth <name>`). Declaring them adds a shared Gateway to the base
   * environment's output, and the stack reserves its address and wildcard certificate.
   * @default none
   */
  readonly previews?: PreviewsSpec<NoInfer<E>>;
}

/** A workload identity with its names worked out. */
export interface WorkloadIdentity {
  /** The Kubernetes service account name in the environment's namespace. */
  readonly serviceAccountName: string;
  /** The GCP service account's ID in the environment's project (6 to 30 characters). */
  readonly accountId: string;
  /** `<accountId>@<project>.iam.gserviceaccount.com` */
  readonly email: string;
  /** Project-level IAM roles the stack grants the service account, e.g. `roles/cloudsql.client`. */
  readonly roles: readonly string[];
}

/** One environment with every default applied. */
export interface Environment<E extends string = string> {
  /** The environment's name: its key in the platform's `environments`. */
  readonly name: E;
  /** The Kubernetes namespace every workload of the environment lives in. */
  readonly namespace: string;
  /** The GCP project, when declared (Workload Identity, secrets and registries need it). */
  readonly project?: string;
  /** The cluster's node pools, in declaration order. */
  readonly nodePools: readonly NodePool[];
  /** The static IPs the stack reserves, in declaration order. */
  readonly staticIps: readonly StaticIp[];
  /** The GCP service accounts workloads run as through Workload Identity. */
  readonly workloadIdentities: readonly WorkloadIdentity[];
  /** The platform's registries and the environment's own. */
  readonly registries: readonly Registry[];
  /** Whether the environment has internal load balancers (and so a proxy-only subnet). */
  readonly internalLoadBalancing: boolean;
  /** The proxy-only subnet's range, when the environment has internal load balancing. */
  readonly proxyOnlySubnet?: string;
  /**
   * Whether the namespace denies all traffic by default and each workload's NetworkPolicy allows
   * its own.
   */
  readonly networkPolicies: boolean;
  /** The platform's secrets and the environment's own, in declaration order. */
  readonly secrets: readonly SecretManagerSecret[];
  /** The Cloud Armor security policies the stack creates, which routes name by key. */
  readonly securityPolicies: readonly SecurityPolicy[];
  /** The SSL certificates the stack creates, which entrypoints serve by key. */
  readonly certificates: readonly Certificate[];
  /** Uptime checks and notification channels; `uptimeChecks` false and no channels when undeclared. */
  readonly monitoring: Monitoring;
  /** Whether every image must be pinned by digest. */
  readonly requireDigest: boolean;
  /** The environment's clusters, when it declares several (`clusters`); undefined for one. */
  readonly fleet?: Fleet;
}

/**
 * A checked platform definition: the single source of truth that the workload constructs
 * and the Pulumi stack both read.
 */
export class Platform<E extends string = string> {
  /**
   * The platform's name (a DNS label of at most 30 characters), the prefix of its GCP resources'
   * names.
   */
  readonly name: string;
  /** Environment names in declaration order. */
  readonly environmentNames: readonly E[];
  /** The checked time zone of the CronTasks that set none, when the platform declares one. */
  readonly timeZone?: string;
  /** The checked preview declaration, when the platform declares previews. */
  readonly previews?: Previews<E>;
  private readonly byName: ReadonlyMap<string, Environment<E>>;

  constructor(spec: PlatformSpec<E>) {
    checkProps(`Platform '${String(spec?.name)}'`, 'PlatformSpec', spec);
    this.name = checkDnsLabel('Platform', 'name', spec.name, 30);
    const names = Object.keys(spec.environments) as E[];
    if (names.length === 0) {
      fail(
        `Platform '${this.name}'`,
        'environments',
        'is empty',
        'declare at least one environment, e.g. { dev: {...}, prod: {...} }',
      );
    }
    this.environmentNames = names;
    if (spec.timeZone !== undefined)
      this.timeZone = checkTimeZone(`Platform '${this.name}'`, spec.timeZone);
    if (spec.previews !== undefined) this.previews = parsePreviews(this.name, names, spec.previews);
    this.byName = new Map(
      names.map((env) => [
        env,
        this.parseEnvironment(
          env,
          spec.environments[env],
          spec.registries ?? {},
          spec.secrets ?? {},
        ),
      ]),
    );
    if (this.previews !== undefined) {
      const base = this.environment(this.previews.from);
      if (base.fleet !== undefined)
        fail(
          `Platform '${this.name}'`,
          'previews.from',
          `is '${base.name}', which runs on several clusters; a preview runs on one`,
          'derive the previews from an environment of one cluster, e.g. dev',
        );
      const taken = [...this.byName.values()]
        .filter((env) => env.project === base.project)
        .flatMap((env) => env.workloadIdentities.map((i) => i.accountId));
      checkPreviewAccounts(
        `Platform '${this.name}' environment '${base.name}'`,
        base.workloadIdentities,
        taken,
      );
    }
  }

  /** The environment called `env`, with defaults applied. */
  environment(env: string): Environment<E> {
    const found = this.byName.get(env);
    if (!found) {
      fail(
        `Platform '${this.name}'`,
        'environment',
        `'${env}' is not declared`,
        `use one of ${this.environmentNames.join(', ')}`,
      );
    }
    return found;
  }

  /** The value of a {@link PerEnv} for `env`; `where` and `prop` name the construct and prop for errors. */
  resolve<T>(value: PerEnv<T, E>, env: string, where: string, prop: string): T {
    return resolvePerEnv(value as PerEnv<T>, env, this.environmentNames, where, prop);
  }

  private parseEnvironment(
    env: E,
    spec: EnvironmentSpec,
    platformRegistries: Readonly<Record<string, RegistrySpec>>,
    platformSecrets: Readonly<Record<string, SecretManagerSecretSpec>>,
  ): Environment<E> {
    const where = `Platform '${this.name}' environment '${env}'`;
    checkDnsLabel(`Platform '${this.name}'`, `environments.${env}`, env, 20);
    const nodePools = Object.entries(spec.nodePools ?? {}).map(([name, pool]) =>
      parseNodePool(where, name, pool),
    );
    if (nodePools.length === 0) {
      fail(
        where,
        'nodePools',
        'is empty',
        'declare at least one node pool, e.g. { general: { machineType: "e2-standard-4" } }',
      );
    }
    const staticIps = Object.entries(spec.staticIps ?? {}).map(([key, ip]) =>
      parseStaticIp(where, key, ip, `${this.name}-${env}-${key}`),
    );
    const workloadIdentities = Object.entries(spec.workloadIdentities ?? {}).map(([name, id]) => {
      checkDnsLabel(where, `workloadIdentities.${name}`, name);
      const accountId = id.accountId ?? `${name}-${env}`;
      if (
        !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(accountId) ||
        accountId.length < 6 ||
        accountId.length > 30
      ) {
        fail(
          where,
          `workloadIdentities.${name}.accountId`,
          `is '${accountId}', which is not a valid service account ID`,
          'set an ID of 6-30 lower-case letters, digits and hyphens, starting with a letter',
        );
      }
      if (!spec.project) {
        fail(
          where,
          'project',
          'is not set, but workload identities need it',
          "set the environment's GCP project ID",
        );
      }
      return {
        serviceAccountName: name,
        accountId,
        email: `${accountId}@${spec.project}.iam.gserviceaccount.com`,
        roles: id.roles ?? [],
      };
    });
    for (const key of Object.keys(spec.registries ?? {})) {
      if (Object.hasOwn(platformRegistries, key)) {
        fail(
          where,
          `registries.${key}`,
          'is also declared for the whole platform',
          'declare it once: for the platform, or for each environment that uses it',
        );
      }
    }
    const registries = Object.entries({ ...platformRegistries, ...(spec.registries ?? {}) }).map(
      ([key, registry]) => parseRegistry(where, key, registry, spec.project),
    );
    const identityNames = new Set(workloadIdentities.map((i) => i.serviceAccountName));
    const stackReads = monitoringSecretNames(spec.monitoring);
    const secrets = Object.entries({ ...platformSecrets, ...(spec.secrets ?? {}) }).map(
      ([name, secret]) =>
        parseSecretManagerSecret(
          where,
          name,
          secret,
          spec.project,
          identityNames,
          stackReads.has(name),
        ),
    );
    return {
      name: env,
      namespace: checkDnsLabel(where, 'namespace', spec.namespace ?? `${this.name}-${env}`),
      project: spec.project,
      nodePools,
      staticIps,
      workloadIdentities,
      registries,
      internalLoadBalancing: spec.internalLoadBalancing ?? false,
      proxyOnlySubnet: parseProxyOnlySubnet(
        where,
        spec.internalLoadBalancing ?? false,
        spec.proxyOnlySubnet,
      ),
      networkPolicies: spec.networkPolicies ?? true,
      secrets,
      securityPolicies: Object.entries(spec.securityPolicies ?? {}).map(([key, policy]) =>
        parseSecurityPolicy(where, key, policy, `${this.name}-${env}-${key}`),
      ),
      certificates: Object.entries(spec.certificates ?? {}).map(([key, certificate]) =>
        parseCertificate(where, key, certificate, `${this.name}-${env}-${key}`),
      ),
      monitoring: parseMonitoring(where, spec.monitoring, secrets),
      requireDigest: spec.images?.requireDigest ?? false,
      fleet:
        spec.clusters === undefined
          ? undefined
          : parseFleet(where, this.name, env, spec.clusters, nodePools),
    };
  }
}

/**
 * Declares a platform. Environment names become a type, so per-environment values must
 * name each of them.
 *
 * @example
 * export const platform = definePlatform({
 *   name: 'shop',
 *   environments: {
 *     dev: { nodePools: { general: { machineType: 'e2-standard-2' } } },
 *     prod: { nodePools: { general: { machineType: 'e2-standard-4', minNodes: 2 } } },
 *   },
 * });
 */
export function definePlatform<const E extends string>(spec: PlatformSpec<E>): Platform<E> {
  return new Platform(spec);
}

/** The environment names of a platform, as a type: `EnvOf<typeof platform>` is `'dev' | 'prod'`. */
export type EnvOf<P> = P extends Platform<infer E> ? E : never;
