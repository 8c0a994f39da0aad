import { Construct } from 'constructs';
import { checkFormat } from '../core/apimachinery';
import { checkDnsSubdomain } from '../core/naming';
import { fail } from '../core/errors';
import { isStrictCidr } from '../core/strict-ip';
import {
  EXPIRES_ANNOTATION,
  PREVIEW_LABEL,
  PREVIEW_OF_LABEL,
  previewNamespace,
  previewOf,
} from '../platform/preview-labels';
import type { Schedule } from './batch/schedule';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import { checkConstructProps } from './chart/construct-props';
import { k8s } from './chart/kube';
import { CronTask } from './cron-task';
import type { ResourceSpec } from './pod/container-spec';

/** Props of {@link PreviewPruner}. */
export interface PreviewPrunerProps {
  /**
   * The image that runs the pruning script: `kubectl` with a POSIX shell and `awk` (e.g. a
   * copy of `registry.k8s.io/kubectl` or `bitnami/kubectl` in one of the platform's
   * registries; like every image, it must come from a declared registry).
   */
  readonly image: string;
  /** The name of its objects. @default 'preview-pruner' */
  readonly name?: string;
  /** When it runs: a {@link Schedule} or a five-field cron expression. @default hourly, '0 * * * *' */
  readonly schedule?: Schedule | string;
  /**
   * The IANA time zone of `schedule` (expiry itself is compared in UTC).
   * @default the platform's `timeZone`, else 'Etc/UTC'
   */
  readonly timeZone?: string;
  /**
   * The address range of the cluster's control plane, which the pods call on port 443 (their
   * NetworkPolicy allows that and DNS only); give the endpoint as `/32` to narrow the rule.
   * @default '0.0.0.0/0' (any address, port 443 only)
   */
  readonly apiServerCidr?: string;
  /** The container's resources. @default { cpu: '50m', memory: '64Mi' } */
  readonly resources?: ResourceSpec;
}

/**
 * Lists the preview namespaces (`$SELECTOR`), keeps those named `$PREFIX<preview>` with a UTC
 * expiry (`2025-03-01T12:00:00Z`, fractional seconds allowed), and deletes those whose expiry
 * is at or before now. RFC 3339 UTC timestamps compare as strings (LC_ALL=C), so POSIX
 * `date` and `awk` suffice. Every namespace it judges is printed with the decision; a failed
 * delete fails the run after the others are tried.
 */
export const PRUNE_SCRIPT = String.raw`set -eu
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
listed=$(kubectl get namespaces -l "$SELECTOR" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.annotations.${EXPIRES_ANNOTATION}}{"\n"}{end}')
decisions=$(printf '%s\n' "$listed" | awk -v now="$now" -v prefix="$PREFIX" '
  NF == 0 { next }
  index($1, prefix) != 1 { print "skip", $1, "not named " prefix "<preview>"; next }
  $2 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?Z$/ { print "skip", $1, "no UTC expiry: " $2; next }
  (substr($2, 1, 19) "Z") <= now { print "delete", $1, "expired " $2; next }
  { print "keep", $1, "expires " $2 }')
printf '%s\n' "$decisions" | {
  status=0
  while read -r action name reason; do
    [ -n "$action" ] || continue
    echo "$action $name: $reason"
    if [ "$action" = delete ]; then
      kubectl delete namespace "$name" --wait=false || status=1
    fi
  done
  exit "$status"
}
`;

/**
 * Deletes expired previews in the cluster: a CronJob (hourly by default) in the base
 * environment of the platform's `previews` that lists the namespaces labelled
 * `gke-platform/preview-of=<platform>-<from>` and deletes those whose `gke-platform/expires`
 * annotation has passed (deleting a namespace deletes every object in it). Add it to the
 * chart of the base environment only, the one whose cluster runs the previews.
 *
 * Least privilege: a ClusterRole allowing only `get`, `list` and `delete` on `namespaces`,
 * bound to the job's ServiceAccount. RBAC cannot restrict `delete` by label (a rule names
 * resources and, at most, fixed names; label selectors are not part of authorization), so
 * the role could delete any namespace: the guard is the script, which deletes only names it
 * listed with the preview selector and that are named `<platform>-preview-<preview>`. (A
 * ValidatingAdmissionPolicy, admissionregistration.k8s.io/v1, could make the API server
 * refuse the ServiceAccount any other deletion; it is GA from Kubernetes 1.30 only, and this
 * library's output must be valid on 1.27 as well, so it is not emitted.)
 *
 * The pod is hardened like every CronTask's; it mounts an API token (Polaris's check is
 * marked as a decision) and may reach only the API server on port 443 and DNS.
 *
 * @example
 * if (chart.environment.name === 'dev')
 *   new PreviewPruner(chart, 'preview-pruner', {
 *     image: 'europe-docker.pkg.dev/shop-artifacts/mirror/kubectl:1.32.4',
 *   });
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export class PreviewPruner<E extends string = string> extends Construct {
  /** The CronTask that runs the pruning script. */
  readonly cronTask: CronTask<E>;
  /** The ClusterRole allowing `get`, `list` and `delete` on namespaces, nothing else. */
  readonly clusterRole: k8s.KubeClusterRole;
  /** The binding of {@link PreviewPruner.clusterRole} to the job's ServiceAccount. */
  readonly clusterRoleBinding: k8s.KubeClusterRoleBinding;
  /** The label selector of the namespaces it prunes. */
  readonly selector: string;

  constructor(scope: Scope<E>, id: string, props: PreviewPrunerProps) {
    checkConstructProps('PreviewPruner', scope, id, props);
    super(scope, id);
    const where = `PreviewPruner '${this.node.path}'`;
    const chart = EnvironmentChart.of(scope) as EnvironmentChart<E>;
    const platform = chart.platform;
    const previews = platform.previews;
    if (previews === undefined)
      fail(
        where,
        'scope',
        `is in platform '${platform.name}', which declares no previews`,
        "declare them: definePlatform({ previews: { from: 'dev', domain: 'preview.example.com' } })",
      );
    if (chart.environment.name !== previews.from)
      fail(
        where,
        'scope',
        `is the chart of '${chart.environment.name}', but previews run on the cluster of '${previews.from}'`,
        `add it to the chart of '${previews.from}' only: if (chart.environment.name === '${previews.from}') new PreviewPruner(…)`,
      );
    this.selector = `${PREVIEW_OF_LABEL}=${previewOf(platform.name, previews.from)},${PREVIEW_LABEL}`;
    const name = props.name ?? 'preview-pruner';
    this.cronTask = new CronTask<E>(this, 'job', {
      name,
      image: props.image,
      command: ['/bin/sh', '-c', PRUNE_SCRIPT],
      env: {
        SELECTOR: this.selector,
        PREFIX: previewNamespace(platform.name, ''),
        // RFC 3339 timestamps compare as byte strings.
        LC_ALL: 'C',
        // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
        HOME: '/tmp',
      },
      schedule: props.schedule ?? '0 * * * *',
      timeZone: props.timeZone ?? platform.timeZone ?? 'Etc/UTC',
      automountServiceAccountToken: true,
      resources: props.resources ?? { cpu: '50m', memory: '64Mi' },
      egress: [
        {
          cidr: checkFormat(
            where,
            'apiServerCidr',
            props.apiServerCidr ?? '0.0.0.0/0',
            isStrictCidr,
          ),
          ports: [443],
        },
      ],
    });
    // The one thing it needs is an API token, which Polaris flags: the exemption shows the decision.
    this.cronTask.cronJob.metadata.addAnnotation(
      'polaris.fairwinds.com/automountServiceAccountToken-exempt',
      'true',
    );
    // Cluster-scoped, so named after the namespace as a DaemonAgent's role is: one per environment.
    const clusterName = checkDnsSubdomain(where, 'name', `${chart.namespaceName}-${name}`);
    const metadata = { name: clusterName, labels: { ...this.cronTask.labels } };
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata,
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'delete'] }],
    });
    chart.claimName('ClusterRole', clusterName, this);
    this.clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [
        { kind: 'ServiceAccount', name: this.cronTask.name, namespace: chart.namespaceName },
      ],
    });
    chart.claimName('ClusterRoleBinding', clusterName, this);
  }
}
