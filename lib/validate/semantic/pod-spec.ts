import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidIpAddress,
  MAX_INT32,
} from '../../core/apimachinery';
import { checkContainers, checkInitContainers, type PodFacts } from './containers';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import { checkAnnotations, checkLabels } from './metadata';
import type { ObjectReport } from './problem';
import {
  checkAffinity,
  checkNodeSelector,
  checkTolerations,
  checkTopologySpread,
} from './scheduling';
import { checkPodSecurityContext } from './security-context';
import { checkVolumes } from './volumes';

/*
 * Pods: `ValidatePodTemplateSpec` → `ValidatePodSpec` (pkg/apis/core/validation) and the
 * warnings of `warningsForPodSpecAndMeta` (pkg/api/pod/warnings.go) that mean a broken pod.
 */

const RESTART_POLICIES = new Set(['Always', 'OnFailure', 'Never']);
const DNS_POLICIES = new Set(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
const PREEMPTION_POLICIES = new Set(['PreemptLowerPriority', 'Never']);

/** How the owner of a pod template shapes the checks. */
export interface PodTemplateOptions {
  /** Volume names that the owner adds to the pods (a StatefulSet's volume claim templates). */
  readonly extraVolumes?: readonly string[];
  /** The template is a Pod's spec, so `hostPort` must equal `containerPort` with hostNetwork. */
  readonly isPod?: boolean;
}

function checkName(
  report: ObjectReport,
  value: unknown,
  path: string,
  rule: string,
  label = false,
): void {
  if (value === undefined || value === null || value === '') return;
  const name = String(value);
  report.check(path, name, label ? isDns1123Label(name) : isDns1123Subdomain(name), rule);
}

/** `validatePodHostNetworkDeps`: with hostNetwork, a hostPort must equal its containerPort. */
function checkHostNetworkPorts(
  report: ObjectReport,
  spec: Json,
  path: string,
  isPod: boolean,
): void {
  if (spec.hostNetwork !== true) return;
  arrayOf(spec.containers).forEach((container, i) => {
    if (!isObject(container)) return;
    arrayOf(container.ports).forEach((port, j) => {
      if (!isObject(port)) return;
      const host = num(port.hostPort) ?? 0;
      if ((isPod || host !== 0) && host !== port.containerPort)
        report.add(
          `${path}.containers[${i}].ports[${j}].hostPort`,
          `is ${host}, not the containerPort ${quote(port.containerPort)}, in a pod on the host network`,
          'leave hostPort out or make it equal to containerPort',
          'validatePodHostNetworkDeps',
        );
    });
  });
}

/**
 * Across the containers that run together (regular containers and sidecars, i.e. init
 * containers with `restartPolicy: Always`): the same containerPort and protocol twice
 * ("duplicate port definition", `warningsForPodSpecAndMeta`), which one network namespace
 * cannot bind twice, and one port name and protocol in two containers, which a Service's
 * named targetPort resolves to the first of (`podutil.FindPort`), so the other is never
 * reached.
 */
function checkPortsAcrossContainers(report: ObjectReport, spec: Json, path: string): void {
  const numbers = new Map<string, string>();
  const names = new Map<string, string>();
  const running: [string, number, Json][] = [];
  arrayOf(spec.containers).forEach((c, i) => isObject(c) && running.push(['containers', i, c]));
  arrayOf(spec.initContainers).forEach(
    (c, i) => isObject(c) && c.restartPolicy === 'Always' && running.push(['initContainers', i, c]),
  );
  for (const [list, i, container] of running) {
    const prefix = `${path}.${list}[${i}]`;
    arrayOf(container.ports).forEach((port, j) => {
      if (!isObject(port)) return;
      const at = `${prefix}.ports[${j}]`;
      const protocol = str(port.protocol) ?? 'TCP';
      const key = `${String(port.containerPort)}/${protocol}/${str(port.hostIP) ?? ''}/${num(port.hostPort) ?? 0}`;
      const earlier = numbers.get(key);
      if (earlier)
        report.add(
          at,
          `repeats containerPort ${quote(port.containerPort)}/${protocol} of ${earlier}`,
          'declare each port once per pod; the containers of a pod share one network namespace',
          'warningsForPodSpecAndMeta (duplicate port definition)',
        );
      else numbers.set(key, at);
      const name = str(port.name);
      if (!name) return;
      const named = names.get(`${name}/${protocol}`);
      if (named === undefined) names.set(`${name}/${protocol}`, at);
      else if (!named.startsWith(`${prefix}.`))
        report.add(
          `${at}.name`,
          `is ${quote(name)}, which ${named} also has, so a Service targetPort ${quote(name)} only ever reaches the first`,
          'give the ports of different containers different names',
          'podutil.FindPort',
        );
    });
  }
}

/** `validatePodDNSConfig` and `validateDNSPolicy`. */
function checkDns(report: ObjectReport, spec: Json, path: string): void {
  const policy = spec.dnsPolicy;
  if (policy !== undefined && !DNS_POLICIES.has(String(policy)))
    report.add(
      `${path}.dnsPolicy`,
      `is ${quote(policy)}`,
      'use ClusterFirst, ClusterFirstWithHostNet, Default or None',
      'validateDNSPolicy',
    );
  const config = spec.dnsConfig;
  if (policy === 'None' && (!isObject(config) || arrayOf(config.nameservers).length === 0))
    report.add(
      `${path}.dnsConfig.nameservers`,
      "is empty with dnsPolicy 'None'",
      'give at least one nameserver',
      'validatePodDNSConfig',
    );
  if (!isObject(config)) return;
  const nameservers = arrayOf(config.nameservers);
  if (nameservers.length > 3)
    report.add(
      `${path}.dnsConfig.nameservers`,
      `has ${nameservers.length} entries`,
      'give at most 3 nameservers',
      'validatePodDNSConfig (MaxDNSNameservers)',
    );
  nameservers.forEach((ns, i) =>
    report.check(
      `${path}.dnsConfig.nameservers[${i}]`,
      ns,
      isValidIpAddress(String(ns)),
      'validatePodDNSConfig (IsValidIP)',
    ),
  );
  const searches = arrayOf(config.searches).map(String);
  if (searches.length > 32)
    report.add(
      `${path}.dnsConfig.searches`,
      `has ${searches.length} entries`,
      'give at most 32 search domains',
      'validatePodDNSConfig (MaxDNSSearchPaths)',
    );
  if (searches.join(' ').length > 2048)
    report.add(
      `${path}.dnsConfig.searches`,
      'is longer than 2048 characters in all',
      'shorten the search list',
      'validatePodDNSConfig (MaxDNSSearchListChars)',
    );
  searches.forEach((s, i) => {
    const domain = s.endsWith('.') ? s.slice(0, -1) : s;
    report.check(
      `${path}.dnsConfig.searches[${i}]`,
      s,
      isDns1123Subdomain(domain),
      'validatePodDNSConfig (ValidateDNS1123Subdomain)',
    );
  });
  arrayOf(config.options).forEach((option, i) => {
    if (!isObject(option) || !str(option.name))
      report.add(
        `${path}.dnsConfig.options[${i}].name`,
        'is missing',
        'name the resolver option',
        'validatePodDNSConfig',
      );
  });
}

/** `ValidatePodSpec` for a pod spec at `path`. */
export function checkPodSpec(
  report: ObjectReport,
  spec: Json,
  path: string,
  options: PodTemplateOptions = {},
): void {
  const volumes = checkVolumes(report, spec.volumes, `${path}.volumes`);
  for (const extra of options.extraVolumes ?? []) volumes.add(extra);
  const security = isObject(spec.securityContext) ? spec.securityContext : undefined;
  const grace = num(spec.terminationGracePeriodSeconds);
  const pod: PodFacts = {
    volumes,
    gracePeriod: grace ?? 30,
    podSecurity: security,
    hostUsers: spec.hostUsers !== false,
  };
  const names = new Set<string>();
  checkContainers(report, spec.containers, `${path}.containers`, pod, names);
  checkInitContainers(report, spec.initContainers, `${path}.initContainers`, pod, names);
  if (arrayOf(spec.ephemeralContainers).length > 0)
    report.add(
      `${path}.ephemeralContainers`,
      'is set in a pod template',
      'leave it out; ephemeral containers are added to running pods with kubectl debug',
      'ValidatePodTemplateSpec',
    );
  checkHostNetworkPorts(report, spec, path, options.isPod === true);
  checkPortsAcrossContainers(report, spec, path);

  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.has(String(spec.restartPolicy)))
    report.add(
      `${path}.restartPolicy`,
      `is ${quote(spec.restartPolicy)}`,
      'use Always, OnFailure or Never',
      'validateRestartPolicy',
    );
  checkDns(report, spec, path);
  checkNodeSelector(report, spec.nodeSelector, `${path}.nodeSelector`);
  checkPodSecurityContext(report, spec.securityContext, `${path}.securityContext`);
  if (spec.shareProcessNamespace === true && spec.hostPID === true)
    report.add(
      `${path}.shareProcessNamespace`,
      'is true together with hostPID',
      'use one of the two',
      'validatePodSpecSecurityContext',
    );
  checkAffinity(report, spec.affinity, `${path}.affinity`);
  arrayOf(spec.readinessGates).forEach((gate, i) => {
    const type = isObject(gate) ? (str(gate.conditionType) ?? '') : '';
    report.check(
      `${path}.readinessGates[${i}].conditionType`,
      type,
      isQualifiedName(type),
      'validateReadinessGates (ValidateQualifiedName)',
    );
  });
  checkTopologySpread(report, spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`);
  checkName(
    report,
    spec.serviceAccountName,
    `${path}.serviceAccountName`,
    'ValidatePodSpec (ValidateServiceAccountName)',
  );
  checkName(report, spec.nodeName, `${path}.nodeName`, 'ValidatePodSpec (ValidateNodeName)');
  checkName(
    report,
    spec.hostname,
    `${path}.hostname`,
    'ValidatePodSpec (ValidateDNS1123Label)',
    true,
  );
  checkName(
    report,
    spec.subdomain,
    `${path}.subdomain`,
    'ValidatePodSpec (ValidateDNS1123Label)',
    true,
  );
  checkName(
    report,
    spec.priorityClassName,
    `${path}.priorityClassName`,
    'ValidatePodSpec (ValidatePriorityClassName)',
  );
  checkName(report, spec.runtimeClassName, `${path}.runtimeClassName`, 'ValidateRuntimeClassName');
  const deadline = spec.activeDeadlineSeconds;
  if (
    deadline !== undefined &&
    deadline !== null &&
    (typeof deadline !== 'number' || deadline < 1 || deadline > MAX_INT32)
  )
    report.add(
      `${path}.activeDeadlineSeconds`,
      `is ${quote(deadline)}`,
      `use a whole number from 1 to ${MAX_INT32}`,
      'ValidatePodSpec (activeDeadlineSeconds)',
    );
  checkTolerations(report, spec.tolerations, `${path}.tolerations`);
  arrayOf(spec.hostAliases).forEach((alias, i) => {
    if (!isObject(alias)) return;
    report.check(
      `${path}.hostAliases[${i}].ip`,
      alias.ip,
      isValidIpAddress(String(alias.ip ?? '')),
      'ValidateHostAliases (IsValidIP)',
    );
    arrayOf(alias.hostnames).forEach((h, j) =>
      report.check(
        `${path}.hostAliases[${i}].hostnames[${j}]`,
        h,
        isDns1123Subdomain(String(h)),
        'ValidateHostAliases',
      ),
    );
  });
  if (
    spec.preemptionPolicy !== undefined &&
    !PREEMPTION_POLICIES.has(String(spec.preemptionPolicy))
  )
    report.add(
      `${path}.preemptionPolicy`,
      `is ${quote(spec.preemptionPolicy)}`,
      'use PreemptLowerPriority or Never',
      'ValidatePreemptionPolicy',
    );
  if (isObject(spec.os) && spec.os.name !== 'linux' && spec.os.name !== 'windows')
    report.add(
      `${path}.os.name`,
      `is ${quote(spec.os.name)}`,
      'use linux or windows',
      'validateOS',
    );
  if (grace !== undefined && grace < 0)
    report.add(
      `${path}.terminationGracePeriodSeconds`,
      `is ${grace}, which Kubernetes turns into 1 second`,
      'use 0 or more seconds (30 by default)',
      'Convert_v1_Pod_To_core_Pod (negative treated as 1, kubernetes#115606)',
    );
}

/** `ValidatePodTemplateSpec`: the template's labels and annotations, then its pod spec. */
export function checkPodTemplate(
  report: ObjectReport,
  template: unknown,
  path: string,
  options: PodTemplateOptions = {},
): void {
  if (!isObject(template)) {
    report.add(path, 'is missing', 'give a pod template', 'ValidatePodTemplateSpec');
    return;
  }
  const meta = isObject(template.metadata) ? template.metadata : undefined;
  checkLabels(
    report,
    meta?.labels,
    `${path}.metadata.labels`,
    'ValidatePodTemplateSpec (ValidateLabels)',
  );
  checkAnnotations(report, meta?.annotations, `${path}.metadata.annotations`);
  if (!isObject(template.spec)) {
    report.add(`${path}.spec`, 'is missing', 'give the pod spec', 'ValidatePodTemplateSpec');
    return;
  }
  checkPodSpec(report, template.spec, `${path}.spec`, options);
}
