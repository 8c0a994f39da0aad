import { NetworkPolicies } from './network/network-policies';
import { Construct } from 'constructs';
import { freeId } from '../core/construct-id';
import { fail } from '../core/errors';
import { checkDnsLabel } from '../core/naming';
import type { PerEnv } from '../core/per-env';
import {
  checkFormat,
  isDns1035Label,
  isDns1123Subdomain,
  isValidIp,
  isValidPortName,
} from '../core/apimachinery';
import { isStrictIp } from '../core/strict-ip';
import { SERVICE_NAME_LABEL, specialRange } from '../validate/semantic/discovery';
import type { ConnectionEgress, ConnectionTarget, ServicePort } from './network/connections';
import { checkPort } from './pod/container';
import { type EgressRule, renderEgress } from './network/egress';
import { EnvironmentChart, type Scope } from './chart/environment-chart';
import { k8s } from './chart/kube';
import { standardLabels } from './chart/labels';
import { checkConstructProps } from './chart/construct-props';

/** Props of {@link ExternalService}: a DNS name or addresses, and the ports. */
export interface ExternalServiceProps<E extends string = string> {
  /** The Service's name, which clients resolve in the cluster. @default the construct id */
  readonly name?: string;
  /**
   * A DNS name outside the cluster (per environment if needed): an `ExternalName` Service,
   * which cluster DNS answers with a CNAME to it. Give this or `addresses`.
   * @default none
   */
  readonly externalName?: PerEnv<string, E>;
  /**
   * IP addresses outside the cluster (per environment if needed), all IPv4 or all IPv6, e.g.
   * a database on a Compute Engine VM or Cloud SQL's private IP: a Service without selector
   * and an EndpointSlice that lists them, so the Service's cluster IP forwards to them. Give
   * this or `externalName`.
   * @default none
   */
  readonly addresses?: PerEnv<readonly string[], E>;
  /**
   * The ports, by name (DNS labels, at most 15 characters, e.g. `{ postgres: 5432 }`); the
   * first is the one a connection uses unless it names another.
   */
  readonly ports: Readonly<Record<string, number>>;
  /**
   * For `externalName`: where the name resolves, as the egress rules its clients'
   * NetworkPolicies get (e.g. `[{ cidr: 'internet', ports: [443] }]`). A NetworkPolicy
   * matches addresses, never DNS names, so a connection to an `externalName` without it is
   * an error where the environment has NetworkPolicies.
   * @default none
   */
  readonly egress?: PerEnv<readonly EgressRule[], E>;
}

/** The managed-by label of a hand-made EndpointSlice, so that no controller takes it over. */
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** `maxEndpoints` of ValidateEndpointSlice: one endpoint per address here. */
const MAX_ADDRESSES = 1000;

/**
 * A Service for something outside the cluster, to name in any workload's `connections`: a
 * DNS alias (`externalName`: an ExternalName Service) or fixed addresses (`addresses`: a
 * Service without selector and an EndpointSlice of discovery.k8s.io/v1 listing them). Clients
 * get `<PREFIX>_HOST` (the Service's cluster DNS name) and `<PREFIX>_PORT`; their
 * NetworkPolicies let them out to the addresses on the port (a NetworkPolicy sees the
 * endpoint's address and port, after the Service's translation), or, for an ExternalName,
 * to the declared `egress`.
 *
 * @example
 * // The database on a Compute Engine VM, per environment.
 * const db = new ExternalService(chart, 'db', {
 *   addresses: { dev: ['10.20.0.3'], prod: ['10.22.0.3'] },
 *   ports: { postgres: 5432 },
 * });
 * new WebService(chart, 'web', { image, port: 8080, connections: { DB: db } });
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 */
export class ExternalService<E extends string = string>
  extends Construct
  implements ConnectionTarget
{
  /** `ExternalService '<construct path>'`: the prefix of every error about it. */
  readonly where: string;
  /** The environment chart it belongs to. */
  readonly chart: EnvironmentChart<E>;
  /** The Service's name. */
  readonly name: string;
  /** The cluster DNS name of the Service: `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  /** The Service's ports, by name, as `ports` declares them. */
  readonly servicePorts: readonly ServicePort[];
  /** The Service: ExternalName for `externalName`, without selector for `addresses`. */
  readonly service: k8s.KubeService;
  /** The EndpointSlice of `addresses`. */
  readonly endpointSlice?: k8s.KubeEndpointSlice;
  /** The DNS name of an ExternalName Service. */
  readonly externalName?: string;
  /** The addresses of the EndpointSlice. */
  readonly addresses?: readonly string[];
  private readonly egress?: readonly k8s.NetworkPolicyEgressRule[];

  constructor(scope: Scope<E>, id: string, props: ExternalServiceProps<NoInfer<E>>) {
    checkConstructProps('ExternalService', scope, id, props);
    super(scope, freeId(scope, id, 'ExternalService'));
    this.chart = EnvironmentChart.of(this) as EnvironmentChart<E>;
    const where = (this.where = `ExternalService '${this.node.path}'`);
    this.name = checkFormat(
      where,
      'name',
      checkDnsLabel(where, 'name', props.name ?? id),
      isDns1035Label,
    );
    this.host = `${this.name}.${this.chart.namespaceName}.svc.cluster.local`;
    this.servicePorts = checkPorts(where, props.ports);
    const resolve = <T>(value: PerEnv<T, E>, prop: string): T =>
      this.chart.resolve(value, where, prop);
    if ((props.externalName === undefined) === (props.addresses === undefined))
      fail(
        where,
        'externalName',
        props.externalName === undefined
          ? "and 'addresses' are both missing"
          : "and 'addresses' are both set",
        "give either a DNS name ('externalName') or IP addresses ('addresses')",
      );
    const labels = standardLabels({
      name: this.name,
      environment: this.chart.environment.name,
      partOf: this.chart.platform.name,
      component: 'external',
    });
    const metadata = (extra: Record<string, string> = {}, name = this.name): k8s.ObjectMeta => ({
      name,
      namespace: this.chart.namespaceName,
      labels: { ...labels, ...extra },
    });
    const ports = this.servicePorts.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' }));

    if (props.externalName !== undefined) {
      this.externalName = checkExternalName(where, resolve(props.externalName, 'externalName'));
      if (props.egress !== undefined)
        this.egress = renderEgress(where, resolve(props.egress, 'egress'));
      this.service = new k8s.KubeService(this, 'service', {
        metadata: metadata(),
        spec: { type: 'ExternalName', externalName: this.externalName, ports },
      });
      this.chart.claimName('Service', this.name, this);
      return;
    }
    if (props.egress !== undefined)
      fail(
        where,
        'egress',
        "is set, but the clients' egress to 'addresses' is worked out from them",
        "leave 'egress' out (it is for an 'externalName')",
      );
    const addresses = checkAddresses(
      where,
      resolve(props.addresses as PerEnv<readonly string[], E>, 'addresses'),
    );
    this.addresses = addresses;
    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata(),
      // No selector: the endpoints are the EndpointSlice below, not pods.
      spec: {
        type: 'ClusterIP',
        ports: ports.map((p) => ({ ...p, targetPort: k8s.IntOrString.fromNumber(p.port) })),
      },
    });
    this.chart.claimName('Service', this.name, this);
    this.endpointSlice = new k8s.KubeEndpointSlice(this, 'endpoints', {
      // kube-proxy joins a Service and its slices by this label, and a Service port and a
      // slice port by name.
      metadata: metadata(
        { [SERVICE_NAME_LABEL]: this.name, [MANAGED_BY_LABEL]: 'gke-platform' },
        `${this.name}-1`,
      ),
      addressType: addresses[0].includes(':') ? 'IPv6' : 'IPv4',
      endpoints: addresses.map((address) => ({ addresses: [address] })),
      ports,
    });
    this.chart.claimName('EndpointSlice', `${this.name}-1`, this);
  }

  /**
   * The egress rules a client needs to reach `port`: the addresses on the port, or the
   * declared `egress` of an ExternalName.
   */
  connectionEgress(port: ServicePort): ConnectionEgress {
    if (this.addresses) {
      const to = this.addresses.map((ip) => ({
        ipBlock: { cidr: `${ip}/${ip.includes(':') ? 128 : 32}` },
      }));
      const ports = [{ port: k8s.IntOrString.fromNumber(port.targetPort), protocol: 'TCP' }];
      return { rules: [{ to, ports }] };
    }
    if (this.egress === undefined && NetworkPolicies.of(this.chart).enabled)
      return {
        problem: `is ${this.where}, an ExternalName Service (a DNS alias of '${this.externalName}'), and a NetworkPolicy cannot allow a destination by DNS name`,
        fix: `declare where the name resolves with the ExternalService's 'egress' (e.g. [{ cidr: 'internet', ports: [${port.port}] }]), or give its 'addresses' instead`,
      };
    return { rules: this.egress ?? [] };
  }
}

function checkPorts(where: string, ports: Readonly<Record<string, number>>): ServicePort[] {
  const entries = Object.entries(ports ?? {});
  if (entries.length === 0)
    fail(where, 'ports', 'is empty', 'name at least one port, e.g. { postgres: 5432 }');
  return entries.map(([name, port]) => {
    // The Service port name and the EndpointSlice port name must match (kube-proxy joins them).
    checkFormat(where, `ports.${name}`, name, isValidPortName);
    return { name, port: checkPort(where, `ports.${name}`, port), targetPort: port };
  });
}

/** ValidateService: a DNS-1123 subdomain (a trailing '.' allowed), and never an IP. */
function checkExternalName(where: string, name: string): string {
  if (typeof name === 'string' && isValidIp(name))
    fail(
      where,
      'externalName',
      `is ${JSON.stringify(name)}, an IP address, which cluster DNS would treat as a name of digits`,
      "give IP addresses as 'addresses'",
    );
  checkFormat(where, 'externalName', String(name).replace(/\.$/, ''), isDns1123Subdomain);
  return name;
}

function checkAddresses(where: string, addresses: readonly string[]): readonly string[] {
  if (!Array.isArray(addresses) || addresses.length === 0)
    fail(
      where,
      'addresses',
      `is ${JSON.stringify(addresses)}`,
      "list at least one IP address, e.g. ['10.20.0.3']",
    );
  if (addresses.length > MAX_ADDRESSES)
    fail(where, 'addresses', `has ${addresses.length} addresses`, `list at most ${MAX_ADDRESSES}`);
  addresses.forEach((address, i) => {
    const prop = `addresses[${i}]`;
    if (typeof address !== 'string' || !isValidIp(address))
      fail(
        where,
        prop,
        `is ${JSON.stringify(address)}, which is not an IP address`,
        "write an IPv4 or IPv6 address, e.g. '10.20.0.3', or use 'externalName' for a DNS name",
      );
    checkFormat(where, prop, address, isStrictIp);
    // ValidateEndpointSlice refuses these (ValidateNonSpecialIP).
    const range = specialRange(address);
    if (range)
      fail(
        where,
        prop,
        `is '${address}', in the special range ${range} (unspecified, loopback or link-local)`,
        'give an address that pods reach over the network',
      );
    if (address.includes(':') !== addresses[0].includes(':'))
      fail(
        where,
        prop,
        `is '${address}', but '${addresses[0]}' is of the other IP family`,
        'list only IPv4 or only IPv6 addresses (one EndpointSlice has one address type)',
      );
    if (addresses.indexOf(address) !== i)
      fail(where, prop, `repeats '${address}'`, 'list each address once');
  });
  return [...addresses];
}
