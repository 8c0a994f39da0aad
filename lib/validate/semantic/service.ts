import type { KubernetesObject } from '../../k8s/kubernetes-object';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidCidr,
  isValidIp,
  isValidIpAddress,
  isValidPortNum,
} from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import { checkLabels } from './metadata';
import type { ObjectReport } from './problem';
import { checkPortNumOrName } from './probes';

/* A Service: `ValidateService` and `validateServicePort` (pkg/apis/core/validation). */

const TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
/** The API server's default --service-node-port-range, which GKE keeps. */
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const MAX_AFFINITY_SECONDS = 86400;

/** `validateServicePort` for each port; names required when there are several. */
function checkPorts(report: ObjectReport, spec: Json, type: string): void {
  const ports = arrayOf(spec.ports);
  const names = new Set<string>();
  const numbers = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObject(port)) return;
    const at = `spec.ports[${i}]`;
    const name = str(port.name) ?? '';
    if (ports.length > 1 && name === '')
      report.add(
        `${at}.name`,
        'is missing in a Service with several ports',
        "name every port, e.g. 'http' and 'grpc'",
        'validateServicePort (name required when more than one port)',
      );
    else if (name !== '') {
      report.check(
        `${at}.name`,
        name,
        isDns1123Label(name),
        'validateServicePort (ValidateDNS1123Label)',
      );
      if (names.has(name))
        report.add(
          `${at}.name`,
          `is ${quote(name)}, the name of an earlier port`,
          'give every port its own name',
          'validateServicePort (Duplicate)',
        );
      names.add(name);
    }
    report.check(
      `${at}.port`,
      port.port,
      isValidPortNum(num(port.port) ?? NaN),
      'validateServicePort (IsValidPortNum)',
    );
    const protocol = str(port.protocol) ?? 'TCP';
    if (!PROTOCOLS.has(protocol))
      report.add(
        `${at}.protocol`,
        `is ${quote(port.protocol)}`,
        'use TCP, UDP or SCTP',
        'validateServicePort',
      );
    // 0 and '' are defaulted to `port` (SetDefaults_Service).
    if (port.targetPort !== undefined && port.targetPort !== 0 && port.targetPort !== '')
      checkPortNumOrName(
        report,
        port.targetPort,
        `${at}.targetPort`,
        'validateServicePort (ValidatePortNumOrName)',
      );
    if (port.appProtocol !== undefined)
      report.check(
        `${at}.appProtocol`,
        port.appProtocol,
        isQualifiedName(String(port.appProtocol)),
        'validateServicePort (ValidateQualifiedName)',
      );
    const key = `${String(port.port)}/${protocol}`;
    if (numbers.has(key))
      report.add(
        at,
        `repeats port ${quote(port.port)}/${protocol}`,
        'expose each port and protocol once',
        'ValidateService (duplicate ports)',
      );
    numbers.add(key);
    const nodePort = num(port.nodePort) ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP')
        report.add(
          `${at}.nodePort`,
          `is ${nodePort} on a ClusterIP Service`,
          "leave nodePort out, or use type 'NodePort' or 'LoadBalancer'",
          "ValidateService (may not be used when type is 'ClusterIP')",
        );
      else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX)
        report.add(
          `${at}.nodePort`,
          `is ${nodePort}, outside the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
          `use a port from ${NODE_PORT_MIN} to ${NODE_PORT_MAX}, or leave it out to have one allocated`,
          'portallocator (service-node-port-range)',
        );
      if (nodePorts.has(`${nodePort}/${protocol}`))
        report.add(
          `${at}.nodePort`,
          `repeats node port ${nodePort}/${protocol}`,
          'give every port its own node port',
          'ValidateService (duplicate nodePort)',
        );
      nodePorts.add(`${nodePort}/${protocol}`);
    }
  });
}

/** `ValidateService` for a Service object. */
export function validateService(object: KubernetesObject, report: ObjectReport): void {
  const spec = isObject(object.spec) ? object.spec : {};
  const type = str(spec.type) ?? 'ClusterIP';
  const clusterIP = str(spec.clusterIP) ?? '';
  const clusterIPs = arrayOf(spec.clusterIPs).map(String);
  const headless = clusterIP === 'None' || (clusterIPs.length === 1 && clusterIPs[0] === 'None');
  if (!TYPES.has(type))
    report.add(
      'spec.type',
      `is ${quote(spec.type)}`,
      'use ClusterIP, NodePort, LoadBalancer or ExternalName',
      'ValidateService',
    );
  if (arrayOf(spec.ports).length === 0 && !headless && type !== 'ExternalName')
    report.add(
      'spec.ports',
      'is empty',
      'expose at least one port',
      'ValidateService (ports required)',
    );
  if (headless && (type === 'LoadBalancer' || type === 'NodePort'))
    report.add(
      'spec.clusterIP',
      `is None on a ${type} Service`,
      `leave clusterIP out, or use type ClusterIP for a headless Service`,
      `ValidateService (may not be set to 'None' for ${type} services)`,
    );
  if (type === 'ExternalName') {
    const cname = (str(spec.externalName) ?? '').replace(/\.$/, '');
    if (cname === '')
      report.add(
        'spec.externalName',
        'is missing',
        'give the DNS name to alias',
        'ValidateService',
      );
    else
      report.check(
        'spec.externalName',
        spec.externalName,
        isDns1123Subdomain(cname),
        'ValidateService (ValidateDNS1123Subdomain)',
      );
    if (clusterIP !== '' || clusterIPs.length > 0)
      report.add(
        'spec.clusterIP',
        'is set on an ExternalName Service',
        'leave it out',
        'ValidateService (may not be set for ExternalName services)',
      );
  } else {
    if (clusterIP !== '' && clusterIP !== 'None' && !isValidIp(clusterIP))
      report.check(
        'spec.clusterIP',
        clusterIP,
        isValidIpAddress(clusterIP),
        'ValidateServiceClusterIPsRelatedFields',
      );
    if (clusterIPs.length > 0 && clusterIP !== '' && clusterIPs[0] !== clusterIP)
      report.add(
        'spec.clusterIPs',
        `starts with ${quote(clusterIPs[0])}, not clusterIP ${quote(clusterIP)}`,
        'make clusterIPs[0] equal to clusterIP',
        'ValidateServiceClusterIPsRelatedFields',
      );
  }
  checkPorts(report, spec, type);
  if (isObject(spec.selector))
    checkLabels(report, spec.selector, 'spec.selector', 'ValidateService (ValidateLabels)');

  const affinity = spec.sessionAffinity;
  if (affinity !== undefined && affinity !== 'ClientIP' && affinity !== 'None')
    report.add(
      'spec.sessionAffinity',
      `is ${quote(affinity)}`,
      'use None or ClientIP',
      'ValidateService',
    );
  const affinityConfig = spec.sessionAffinityConfig;
  if (affinity === 'ClientIP' && isObject(affinityConfig)) {
    const seconds = isObject(affinityConfig.clientIP)
      ? affinityConfig.clientIP.timeoutSeconds
      : undefined;
    if (
      seconds !== undefined &&
      (typeof seconds !== 'number' || seconds <= 0 || seconds > MAX_AFFINITY_SECONDS)
    )
      report.add(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        `is ${quote(seconds)}`,
        `use 1 to ${MAX_AFFINITY_SECONDS} seconds`,
        'validateAffinityTimeout',
      );
  } else if (affinity !== 'ClientIP' && affinityConfig !== undefined && affinityConfig !== null)
    report.add(
      'spec.sessionAffinityConfig',
      'is set without sessionAffinity ClientIP',
      "set sessionAffinity: 'ClientIP', or leave the config out",
      'ValidateService (must not be set when session affinity is None)',
    );

  arrayOf(spec.externalIPs).forEach((ip, i) =>
    report.check(
      `spec.externalIPs[${i}]`,
      ip,
      isValidIpAddress(String(ip)),
      'ValidateService (IsValidIP)',
    ),
  );

  const ranges = arrayOf(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer')
      report.add(
        'spec.loadBalancerSourceRanges',
        `is set on a ${type} Service`,
        "use it only with type 'LoadBalancer'",
        "ValidateService (may only be used when type is 'LoadBalancer')",
      );
    ranges.forEach((range, i) => {
      const value = String(range).trim();
      report.check(
        `spec.loadBalancerSourceRanges[${i}]`,
        range,
        isValidCidr(value),
        'ValidateService (IsValidCIDR)',
      );
    });
  } else {
    const annotation = object.metadata?.annotations?.[SOURCE_RANGES_ANNOTATION];
    if (typeof annotation === 'string') {
      const at = `metadata.annotations[${quote(SOURCE_RANGES_ANNOTATION)}]`;
      if (type !== 'LoadBalancer')
        report.add(
          at,
          `is set on a ${type} Service`,
          "use it only with type 'LoadBalancer'",
          "ValidateService (may only be used when type is 'LoadBalancer')",
        );
      if (annotation.trim() !== '')
        for (const range of annotation.trim().split(','))
          report.check(
            at,
            range.trim(),
            isValidCidr(range.trim()),
            'ValidateService (IsValidCIDR)',
          );
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== 'LoadBalancer')
    report.add(
      'spec.allocateLoadBalancerNodePorts',
      `is set on a ${type} Service`,
      "use it only with type 'LoadBalancer'",
      'ValidateService',
    );
  if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    if (type !== 'LoadBalancer')
      report.add(
        'spec.loadBalancerClass',
        `is set on a ${type} Service`,
        "use it only with type 'LoadBalancer'",
        'validateLoadBalancerClassField',
      );
    else
      report.check(
        'spec.loadBalancerClass',
        spec.loadBalancerClass,
        isQualifiedName(String(spec.loadBalancerClass)),
        'validateLoadBalancerClassField (ValidateQualifiedName)',
      );
  }
  const external =
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && arrayOf(spec.externalIPs).length > 0);
  const etp = spec.externalTrafficPolicy;
  if (etp !== undefined && etp !== null && etp !== '') {
    if (!external)
      report.add(
        'spec.externalTrafficPolicy',
        `is set on a Service that is not reachable from outside the cluster`,
        'leave it out, or use type NodePort or LoadBalancer',
        'validateServiceExternalTrafficPolicy (may only be set for externally-accessible services)',
      );
    else if (etp !== 'Cluster' && etp !== 'Local')
      report.add(
        'spec.externalTrafficPolicy',
        `is ${quote(etp)}`,
        'use Cluster or Local',
        'validateServiceExternalTrafficPolicy',
      );
  }
  if (
    spec.healthCheckNodePort !== undefined &&
    spec.healthCheckNodePort !== 0 &&
    !(type === 'LoadBalancer' && etp === 'Local')
  )
    report.add(
      'spec.healthCheckNodePort',
      'is set without type LoadBalancer and externalTrafficPolicy Local',
      'leave it out',
      'validateServiceExternalTrafficPolicy',
    );
  if (
    spec.internalTrafficPolicy !== undefined &&
    spec.internalTrafficPolicy !== 'Cluster' &&
    spec.internalTrafficPolicy !== 'Local'
  )
    report.add(
      'spec.internalTrafficPolicy',
      `is ${quote(spec.internalTrafficPolicy)}`,
      'use Cluster or Local',
      'validateServiceInternalTrafficFieldsValue',
    );
  const families = arrayOf(spec.ipFamilies);
  families.forEach((family, i) => {
    if (family !== 'IPv4' && family !== 'IPv6')
      report.add(
        `spec.ipFamilies[${i}]`,
        `is ${quote(family)}`,
        'use IPv4 or IPv6',
        'ValidateServiceClusterIPsRelatedFields',
      );
    else if (families.indexOf(family) !== i)
      report.add(
        `spec.ipFamilies[${i}]`,
        `repeats ${family}`,
        'list each family once',
        'ValidateServiceClusterIPsRelatedFields (Duplicate)',
      );
  });
  const policy = spec.ipFamilyPolicy;
  if (
    policy !== undefined &&
    policy !== null &&
    !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(String(policy))
  )
    report.add(
      'spec.ipFamilyPolicy',
      `is ${quote(policy)}`,
      'use SingleStack, PreferDualStack or RequireDualStack',
      'ValidateServiceClusterIPsRelatedFields',
    );
}
