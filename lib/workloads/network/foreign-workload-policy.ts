import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkWholeNumber, fail } from '../../core/errors';
import { EnvironmentChart, type Scope } from '../chart/environment-chart';
import { podLabelsOf } from '../chart/foreign-isolation';
import { ENVIRONMENT_LABEL } from '../chart/labels';
import type { Connection, ConnectionTarget, PortConnection, ServicePort } from './connections';
import { NetworkPolicies } from './network-policies';
import type { BalancedMember, PolicyMember } from './policy-member';

/**
 * The pods of a workload this library did not make: their labels, a cdk8s-plus workload
 * (anything with `matchLabels`), or an ApiObject that owns pods (a Deployment, a CronJob, …).
 */
export type ForeignPods =
  | Readonly<Record<string, string>>
  | { readonly matchLabels: Readonly<Record<string, string>> }
  | ApiObject;

/** Props of {@link ForeignWorkloadPolicy}. */
export interface ForeignWorkloadPolicyProps {
  /** The pods the policy is for. */
  readonly pods: ForeignPods;
  /** The ports of the pods that `ingressFrom` may connect to. @default none */
  readonly ports?: readonly number[];
  /**
   * Who may connect to `ports`: workloads of this library (their own policies let them out
   * to the pods), or `'loadBalancer'` for Google's external application load balancers.
   * @default nobody
   */
  readonly ingressFrom?: readonly (PolicyMember | 'loadBalancer')[];
  /**
   * The Services the pods connect to, as a workload's `connections` name them: a
   * WebService (whose policy then lets the pods in) or an ExternalService. kube-dns is always
   * allowed. @default none but kube-dns
   */
  readonly egressTo?: readonly Connection[];
}

/**
 * A NetworkPolicy for the pods of a workload this library did not make (a cdk8s-plus
 * Deployment, an ApiObject, an Include of YAML), which the environment's default deny would
 * otherwise cut off: it admits `ingressFrom` on `ports` and lets the pods reach kube-dns and
 * `egressTo`, built as the library's own workloads' policies are. In an environment without
 * NetworkPolicies it emits nothing.
 *
 * @example
 * const legacy = new kplus.Deployment(chart, 'legacy', { containers: [{ image: 'legacy:1', portNumber: 8080 }] });
 * new ForeignWorkloadPolicy(chart, 'legacy-policy', { pods: legacy, ports: [8080], ingressFrom: [web] });
 */
export class ForeignWorkloadPolicy extends Construct implements BalancedMember {
  /** `ForeignWorkloadPolicy '<construct path>'`, for errors. */
  readonly where: string;
  /** The NetworkPolicy's name: the construct id. */
  readonly name: string;
  /** The labels the NetworkPolicy carries. */
  readonly labels: Readonly<Record<string, string>>;
  /** The labels that select the pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The first of `ports`, where a load balancer sends. */
  readonly containerPort: number;

  constructor(scope: Scope, id: string, props: ForeignWorkloadPolicyProps) {
    super(scope, id);
    this.where = `ForeignWorkloadPolicy '${this.node.path}'`;
    const chart = EnvironmentChart.of(this);
    this.name = id;
    this.labels = {
      'app.kubernetes.io/part-of': chart.platform.name,
      'app.kubernetes.io/managed-by': 'gke-platform',
      [ENVIRONMENT_LABEL]: chart.environment.name,
    };
    this.selector = this.selectorOf(props.pods);
    const ports = (props.ports ?? []).map((port, i) =>
      checkWholeNumber(this.where, `ports[${i}]`, port, 1, 65535),
    );
    this.containerPort = ports[0] ?? 0;
    const ingressFrom = props.ingressFrom ?? [];
    if (ingressFrom.length > 0 && ports.length === 0)
      fail(this.where, 'ports', 'is empty', "name the pods' ports that 'ingressFrom' connects to");
    const policies = NetworkPolicies.of(chart);
    policies.register(this, 'derived', []);
    ingressFrom.forEach((client, i) => {
      if (client === 'loadBalancer') {
        policies.addLoadBalancer(this, { kind: 'external-application' }, ports);
        return;
      }
      if (EnvironmentChart.of(client) !== chart)
        fail(
          this.where,
          `ingressFrom[${i}]`,
          'is in another environment',
          'name a workload of this one',
        );
      for (const port of ports) policies.connect(client, this.asTarget(chart), servicePort(port));
    });
    (props.egressTo ?? []).forEach((connection, i) => {
      const prop = `egressTo[${i}]`;
      const { target, port } = this.checkedEgress(chart, prop, connection);
      const egress = target.connectionEgress?.(port);
      if (egress !== undefined && 'problem' in egress)
        fail(this.where, prop, egress.problem, egress.fix);
      const refused = policies.connect(this, target, port, egress?.rules);
      if (refused !== undefined) fail(this.where, prop, refused.problem, refused.fix);
    });
  }

  private selectorOf(pods: ForeignPods): Readonly<Record<string, string>> {
    const labels = ApiObject.isApiObject(pods)
      ? podLabelsOf(pods.toJson() as Record<string, unknown>)
      : isWorkload(pods)
        ? pods.matchLabels
        : (pods as Readonly<Record<string, string>>);
    if (labels === undefined)
      fail(
        this.where,
        'pods',
        `is a ${(pods as ApiObject).kind}, which owns no pods`,
        'name a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod',
      );
    if (Object.keys(labels).length === 0)
      fail(
        this.where,
        'pods',
        'selects no labels, so the policy would select every pod of the namespace',
        'name labels that only the foreign pods carry',
      );
    return { ...labels };
  }

  /** These pods as the target of a library workload's connection. */
  private asTarget(chart: EnvironmentChart): ConnectionTarget {
    return {
      where: this.where,
      chart,
      name: this.name,
      host: this.name,
      servicePorts: [],
      workload: this,
    };
  }

  private checkedEgress(
    chart: EnvironmentChart,
    prop: string,
    connection: Connection,
  ): { target: ConnectionTarget; port: ServicePort } {
    // A WebService has a `service` of its own: a target is told apart by its ports.
    const direct = Array.isArray((connection as Partial<ConnectionTarget>).servicePorts);
    const target = direct
      ? (connection as ConnectionTarget)
      : (connection as Partial<PortConnection>).service;
    if (target === undefined || !Array.isArray(target.servicePorts))
      fail(
        this.where,
        prop,
        'has no Service to connect to',
        'name a WebService or an ExternalService',
      );
    if (target.chart !== chart)
      fail(
        this.where,
        prop,
        `is ${target.where}, which is in another environment`,
        'name a service of the same environment',
      );
    const name = direct ? undefined : (connection as PortConnection).port;
    const port =
      name === undefined
        ? target.servicePorts[0]
        : target.servicePorts.find((p) => p.name === name);
    if (port === undefined)
      fail(
        this.where,
        `${prop}.port`,
        `is '${name}', which is not a port of ${target.where}`,
        `use one of its ports: ${target.servicePorts.map((p) => `'${p.name}'`).join(', ')}`,
      );
    return { target, port };
  }
}

const isWorkload = (pods: ForeignPods): pods is { matchLabels: Record<string, string> } =>
  Construct.isConstruct(pods) &&
  typeof (pods as { matchLabels?: unknown }).matchLabels === 'object';

/** A port of the foreign pods, as a connection to them names it. */
const servicePort = (port: number): ServicePort => ({
  name: `port-${port}`,
  port,
  targetPort: port,
});
