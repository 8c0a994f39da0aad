import { fail } from '../core/errors';
import type { ClusterList } from './pod/cluster-placement';
import { checkDnsSubdomain } from '../core/naming';
import { NODE_POOL_LABEL, type NodePool } from '../platform/node-pool';
import type { PerEnv } from '../core/per-env';
import type { Environment } from '../platform/platform';
import { type HostPathMount, mountHostPaths } from './pod/host-paths';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import {
  describePools,
  isPreemptible,
  type RenderedPlacement,
  tolerationsFor,
} from './pod/placement';
import { Workload, type WorkloadProps } from './workload';
import { checkConstructProps } from './chart/construct-props';

export type { HostPathMount } from './pod/host-paths';

/**
 * One rule of the agent's ClusterRole: exactly the verbs on exactly the resources it needs.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export interface AgentPolicyRule {
  /** API groups; `''` is the core group (pods, nodes, namespaces). */
  readonly apiGroups: readonly string[];
  /** e.g. `['pods', 'nodes']`. */
  readonly resources: readonly string[];
  /** e.g. `['get', 'list', 'watch']`. */
  readonly verbs: readonly string[];
  /** Only these objects by name. @default every object of the resources */
  readonly resourceNames?: readonly string[];
}

/** Props of {@link DaemonAgent}. */
export interface DaemonAgentProps<E extends string = string> extends Omit<
  WorkloadProps<E>,
  'placement'
> {
  /**
   * The node pools to run on: `'all'` (every pool of the environment, tolerating each
   * declared taint, the GPU taint included) or the names of declared pools (a node affinity
   * on `cloud.google.com/gke-nodepool`, tolerating exactly those pools' taints).
   * @default 'all'
   */
  readonly nodePools?: PerEnv<'all' | readonly string[], E>;
  /**
   * In an environment of several clusters: the clusters it runs on, `'all'` or a list of
   * names (no counts: it runs one pod per node); a cluster left out gets none of its objects.
   * In an environment of one cluster only `'all'` is valid.
   * @default 'all': a node agent serves the nodes of every cluster
   */
  readonly clusters?: PerEnv<ClusterList, E>;
  /**
   * Tolerate every taint (`operator: Exists`), also those the platform does not declare
   * (taints added by hand or by other controllers), instead of the declared pools' taints.
   * For agents that must be on every node whatever it is tainted with.
   * @default false
   */
  readonly tolerateAll?: boolean;
  /**
   * Node folders to mount into the main container, by path on the node, read-only unless
   * `writable` (e.g. `{ '/var/log': {} }`).
   * @default none
   */
  readonly hostPaths?: Readonly<Record<string, HostPathMount>>;
  /**
   * Run the main container as root (UID 0), e.g. for a log shipper that reads root-owned
   * files under /var/log. The exception: the pod and its other containers stay non-root, and
   * the container keeps a read-only root filesystem, no privilege escalation and no
   * capabilities (so it reads only what root owns, not every file).
   * @default false (UID `runAsUser`, 10001)
   */
  readonly runAsRoot?: boolean;
  /**
   * Use the node's network namespace (the agent sees and binds the node's interfaces). The
   * exception: only for agents that must, e.g. a node network monitor. NetworkPolicies do not
   * cover such pods, and their packets carry the node's address, which no pod selector
   * matches: `egress`, and `connections` to a workload with a derived NetworkPolicy, are
   * errors.
   * @default false
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods
   */
  readonly hostNetwork?: boolean;
  /**
   * Use the node's process namespace (the agent sees every process on the node). The
   * exception: only for process-level monitoring.
   * @default false
   */
  readonly hostPID?: boolean;
  /**
   * Run the main container privileged, with every device and capability of the node. The
   * exception of exceptions: only for agents that configure the node itself.
   * @default false
   */
  readonly privileged?: boolean;
  /** Nodes whose agent may be down during a rollout (count or percentage). @default 1 */
  readonly maxUnavailable?: number | string;
  /**
   * The pods' PriorityClass, e.g. 'system-node-critical' so that the agent is the last to be
   * evicted. GKE admits the system-* classes outside kube-system only with a ResourceQuota
   * that allows them in the namespace.
   * @default none (the cluster's default priority)
   */
  readonly priorityClassName?: string;
  /**
   * What the agent may read (or do) in the Kubernetes API, cluster-wide: a ClusterRole with
   * exactly these rules, bound to its ServiceAccount. Wildcards are refused.
   * @default none (no ClusterRole, no API token)
   */
  readonly rules?: readonly AgentPolicyRule[];
}

/** Environment variables every agent gets from the downward API. */
const DOWNWARD_ENV: readonly k8s.EnvVar[] = [
  { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
];

/** Polaris's per-object exemption annotation for a check this agent fails on purpose. */
const exempt = (check: string) => `polaris.fairwinds.com/${check}-exempt`;

/** Where an agent's pods run: every pool, or the named ones. */
function agentPlacement(
  where: string,
  env: Environment,
  nodePools: 'all' | readonly string[],
  tolerateAll: boolean,
): RenderedPlacement {
  let pools: readonly NodePool[] = env.nodePools;
  let affinity: k8s.Affinity | undefined;
  if (nodePools !== 'all') {
    if (!Array.isArray(nodePools) || nodePools.length === 0) {
      fail(
        where,
        'nodePools',
        `is ${JSON.stringify(nodePools)}`,
        `use 'all' or a list of pools, e.g. ['${env.nodePools[0].name}']`,
      );
    }
    pools = nodePools.map((name, i) => {
      const pool = env.nodePools.find((p) => p.name === name);
      if (!pool) {
        fail(
          where,
          'nodePools',
          `names '${name}', but environment '${env.name}' has no such node pool`,
          `use 'all' or some of ${describePools(env.nodePools)}`,
        );
      }
      if (nodePools.indexOf(name) !== i)
        fail(where, 'nodePools', `names '${name}' twice`, 'name each pool once');
      return pool;
    });
    affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: NODE_POOL_LABEL, operator: 'In', values: pools.map((p) => p.name) },
              ],
            },
          ],
        },
      },
    };
  }
  return {
    tolerations: tolerateAll
      ? [{ operator: 'Exists' }]
      : tolerationsFor(pools.flatMap((p) => p.taints)),
    affinity,
    gpus: 0,
    mayBePreempted: pools.some(isPreemptible),
  };
}

function checkMaxUnavailable(where: string, value: number | string): k8s.IntOrString {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1)
    return k8s.IntOrString.fromNumber(value);
  if (typeof value === 'string' && /^([1-9]\d?|100)%$/.test(value))
    return k8s.IntOrString.fromString(value);
  return fail(
    where,
    'maxUnavailable',
    `is ${JSON.stringify(value)}`,
    "use a whole number of at least 1 or a percentage from '1%' to '100%' (with 0, a rollout could never start)",
  );
}

/** Root is the agent's own opt-in (`runAsRoot`), never a `runAsUser` of 0 alone. */
function checkRoot(where: string, props: DaemonAgentProps): void {
  if (props.runAsUser === 0 && !props.runAsRoot) {
    fail(
      where,
      'runAsUser',
      'is 0 (root)',
      "set 'runAsRoot: true' to run the agent as root on purpose, or use a non-root UID",
    );
  }
  if (props.runAsRoot && props.runAsUser !== undefined && props.runAsUser !== 0) {
    fail(
      where,
      'runAsUser',
      `is ${props.runAsUser}, but 'runAsRoot' is true`,
      "leave 'runAsUser' out, or set 'runAsRoot: false'",
    );
  }
}

function checkRules(where: string, rules: readonly AgentPolicyRule[]): k8s.PolicyRule[] {
  return rules.map((rule, i) => {
    const prop = `rules[${i}]`;
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      const list = rule[field];
      if (!Array.isArray(list) || list.length === 0 || list.some((v) => v.includes('*'))) {
        fail(
          where,
          `${prop}.${field}`,
          `is ${JSON.stringify(list)}`,
          `list exactly the ${field} the agent needs, without wildcards ('' is the core API group)`,
        );
      }
    }
    return {
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      resourceNames: rule.resourceNames ? [...rule.resourceNames] : undefined,
    };
  });
}

/**
 * An agent on every node: a DaemonSet (apps/v1) with its ServiceAccount and, when it reads
 * the Kubernetes API, a ClusterRole and ClusterRoleBinding with exactly the rules given.
 *
 * By default it runs on every node of every pool of the environment, tolerating the taints
 * the pools declare (Spot, GPU, …); `nodePools` narrows it to some pools. Node folders are
 * mounted read-only; root, writable host paths, `hostNetwork`, `hostPID` and privileged mode
 * are explicit opt-ins, each marked on the DaemonSet with Polaris's exemption annotation
 * for the check it fails on purpose. Pods get `NODE_NAME` and `POD_IP` from the downward
 * API, small requests and limits, and roll one node at a time.
 *
 * Cluster-scoped objects are named `<namespace>-<name>`, so that each environment's agent
 * has its own even when environments share a cluster. A preview emits none of its objects:
 * the base environment's agent runs on every node of the cluster already.
 *
 * @example
 * new DaemonAgent(chart, 'log-shipper', {
 *   image: 'fluent/fluent-bit:3.1.9',
 *   hostPaths: { '/var/log': {} },
 *   runAsRoot: true,
 *   rules: [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class DaemonAgent<E extends string = string> extends Workload<E> {
  /** The DaemonSet (apps/v1) that runs one pod per node. */
  readonly daemonSet: k8s.KubeDaemonSet;
  /** The ClusterRole with exactly the `rules` given; undefined when there are none. */
  readonly clusterRole?: k8s.KubeClusterRole;
  /**
   * The binding of {@link DaemonAgent.clusterRole} to the agent's ServiceAccount, when there is a
   * role.
   */
  readonly clusterRoleBinding?: k8s.KubeClusterRoleBinding;
  /** The name of the ClusterRole and ClusterRoleBinding: `<namespace>-<name>`. */
  readonly clusterName: string;

  constructor(scope: Scope<E>, id: string, props: DaemonAgentProps<NoInfer<E>>) {
    checkConstructProps('DaemonAgent', scope, id, props);
    const rules = props.rules ?? [];
    const nodePools = props.nodePools ?? 'all';
    const automount = props.automountServiceAccountToken ?? rules.length > 0;
    super(
      scope,
      id,
      {
        ...props,
        // UID 0 is refused by the shared pod rendering; root is this construct's own opt-in.
        runAsUser: props.runAsRoot || props.runAsUser === 0 ? undefined : props.runAsUser,
        resources: props.resources ?? { cpu: '50m', memory: '64Mi' },
        automountServiceAccountToken: automount,
      },
      {
        kind: 'DaemonAgent',
        component: 'agent',
        clusters: { defaultClusters: 'all', counts: false },
        probes: 'default',
        hostNetwork: props.hostNetwork ?? false,
        placement: (where, env) =>
          agentPlacement(
            where,
            env,
            EnvironmentChart.of(scope).resolve(nodePools, where, 'nodePools'),
            props.tolerateAll ?? false,
          ),
      },
      DOWNWARD_ENV,
    );
    const where = this.where;
    checkRoot(where, props);
    this.clusterName = checkDnsSubdomain(where, 'name', `${this.chart.namespaceName}-${this.name}`);

    // One pod per node by definition: spreading over zones and nodes is what a DaemonSet does.
    const annotations: Record<string, string> = { [exempt('topologySpreadConstraint')]: 'true' };
    const template = this.pod.template;
    if (mountHostPaths(where, template, props.hostPaths ?? {}))
      annotations[exempt('hostPathSet')] = 'true';
    Object.assign(annotations, this.addExceptions(props, automount));
    if (props.priorityClassName !== undefined)
      template.set(
        'priorityClassName',
        checkDnsSubdomain(where, 'priorityClassName', props.priorityClassName),
      );

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata: this.metadata(annotations),
      spec: {
        selector: { matchLabels: { ...this.selector } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: checkMaxUnavailable(where, props.maxUnavailable ?? 1) },
        },
        template: template.lazy(),
      },
    });
    this.claim('DaemonSet');
    if (rules.length > 0)
      [this.clusterRole, this.clusterRoleBinding] = this.createClusterRole(rules);
    // The base environment's agent already runs on every node of the cluster that runs the
    // previews: one more per preview would only double its work and its requests.
    if (this.chart.preview !== undefined)
      for (const child of [...this.node.children]) this.node.tryRemoveChild(child.node.id);
  }

  /**
   * Contributes the agent's opt-in exceptions to the pod (root, privileged, the node's network
   * and processes) and returns Polaris's exemption annotation for each check it fails on
   * purpose.
   */
  private addExceptions(props: DaemonAgentProps<E>, automount: boolean): Record<string, string> {
    const annotations: Record<string, string> = {};
    const template = this.pod.template;
    if (props.runAsRoot) {
      template.main.addSecurityContext({
        runAsNonRoot: false,
        runAsUser: 0,
        runAsGroup: props.runAsGroup ?? 0,
      });
      annotations[exempt('runAsRootAllowed')] = 'true';
    }
    if (props.privileged) {
      // Kubernetes refuses privileged with allowPrivilegeEscalation: false.
      template.main.addSecurityContext({ privileged: true, allowPrivilegeEscalation: true });
      annotations[exempt('runAsPrivileged')] = 'true';
      annotations[exempt('privilegeEscalationAllowed')] = 'true';
    }
    if (props.hostNetwork) {
      template.set('hostNetwork', true);
      // With the node's network, cluster DNS names resolve only with this policy.
      template.set('dnsPolicy', 'ClusterFirstWithHostNet');
      annotations[exempt('hostNetworkSet')] = 'true';
    }
    if (props.hostPID) {
      template.set('hostPid', true);
      annotations[exempt('hostPIDSet')] = 'true';
    }
    // The agent reads the Kubernetes API with exactly the rules of its ClusterRole.
    if (automount) annotations[exempt('automountServiceAccountToken')] = 'true';
    return annotations;
  }

  /** The ClusterRole of `rules` and its binding to the agent's ServiceAccount. */
  private createClusterRole(
    rules: readonly AgentPolicyRule[],
  ): [k8s.KubeClusterRole, k8s.KubeClusterRoleBinding] {
    // Cluster-scoped: no namespace.
    const metadata = () => ({ name: this.clusterName, labels: { ...this.labels } });
    const role = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: metadata(),
      rules: checkRules(this.where, rules),
    });
    this.claim('ClusterRole', this.clusterName);
    const binding = new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: metadata(),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: this.clusterName,
      },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.chart.namespaceName }],
    });
    this.claim('ClusterRoleBinding', this.clusterName);
    return [role, binding];
  }
}
