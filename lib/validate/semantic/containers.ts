import { isDns1123Label, isValidPortName, isValidPortNum } from '../../core/apimachinery';
import { checkEnv, checkEnvFrom } from './env';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import type { ObjectReport } from './problem';
import { checkLifecycle, checkProbe } from './probes';
import { checkResources } from './resources';
import { checkContainerSecurityContext, checkRunAsNonRoot } from './security-context';
import { checkLocalPath } from './volumes';

/*
 * One container: `validateContainerCommon` and what it calls (validateContainerPorts,
 * ValidateEnv and ValidateEnvFrom in env.ts, ValidateVolumeMounts, validatePullPolicy,
 * ValidateContainerResourceRequirements, ValidateSecurityContext) in
 * pkg/apis/core/validation, then the probes and hooks that `validateContainers` and
 * `validateInitContainers` allow.
 */

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const PULL_POLICIES = new Set(['Always', 'IfNotPresent', 'Never']);
const TERMINATION_MESSAGE_POLICIES = new Set(['File', 'FallbackToLogsOnError']);
const MOUNT_PROPAGATION = new Set(['None', 'HostToContainer', 'Bidirectional']);

/** What the container checks need to know about the pod. */
export interface PodFacts {
  /** Names of the pod's volumes (and of a StatefulSet's volume claim templates). */
  readonly volumes: ReadonlySet<string>;
  /** `terminationGracePeriodSeconds`, for sleep hooks. */
  readonly gracePeriod: number | undefined;
  /** The pod's securityContext. */
  readonly podSecurity: Json | undefined;
  /** Whether the pod shares the host's user namespace (`hostUsers`, default true). */
  readonly hostUsers: boolean;
}

/** `validateContainerPorts`: names, numbers, protocols. Returns the container's port names. */
function checkPorts(report: ObjectReport, ports: unknown, path: string): Set<string> {
  const names = new Set<string>();
  arrayOf(ports).forEach((port, i) => {
    if (!isObject(port)) return;
    const at = `${path}[${i}]`;
    const name = port.name;
    if (name !== undefined && name !== '') {
      const problems = isValidPortName(String(name));
      report.check(`${at}.name`, name, problems, 'validateContainerPorts (IsValidPortName)');
      if (problems.length === 0) {
        if (names.has(String(name)))
          report.add(
            `${at}.name`,
            `is ${quote(name)}, the name of an earlier port of this container`,
            'give every port its own name',
            'validateContainerPorts (Duplicate)',
          );
        names.add(String(name));
      }
    }
    if (port.containerPort === undefined || port.containerPort === 0)
      report.add(
        `${at}.containerPort`,
        'is missing',
        'give the port number the container listens on',
        'validateContainerPorts',
      );
    else
      report.check(
        `${at}.containerPort`,
        port.containerPort,
        isValidPortNum(num(port.containerPort) ?? NaN),
        'validateContainerPorts (IsValidPortNum)',
      );
    if (port.hostPort !== undefined && port.hostPort !== 0)
      report.check(
        `${at}.hostPort`,
        port.hostPort,
        isValidPortNum(num(port.hostPort) ?? NaN),
        'validateContainerPorts (IsValidPortNum)',
      );
    if (port.protocol !== undefined && !PROTOCOLS.has(String(port.protocol)))
      report.add(
        `${at}.protocol`,
        `is ${quote(port.protocol)}`,
        'use TCP, UDP or SCTP',
        'validateContainerPorts',
      );
  });
  return names;
}

/** `ValidateVolumeMounts`. */
function checkMounts(
  report: ObjectReport,
  container: Json,
  path: string,
  volumes: ReadonlySet<string>,
): void {
  const mountPaths = new Set<string>();
  const privileged =
    isObject(container.securityContext) && container.securityContext.privileged === true;
  arrayOf(container.volumeMounts).forEach((mount, i) => {
    if (!isObject(mount)) return;
    const at = `${path}[${i}]`;
    const name = str(mount.name) ?? '';
    if (name === '')
      report.add(`${at}.name`, 'is missing', 'name the volume to mount', 'ValidateVolumeMounts');
    else if (!volumes.has(name))
      report.add(
        `${at}.name`,
        `is ${quote(name)}, which is not a volume of the pod`,
        volumes.size > 0
          ? `mount one of ${[...volumes].join(', ')}, or add the volume`
          : 'add the volume to the pod',
        'ValidateVolumeMounts (IsMatchedVolume)',
      );
    const mountPath = str(mount.mountPath) ?? '';
    if (mountPath === '')
      report.add(
        `${at}.mountPath`,
        'is missing',
        'give the path in the container',
        'ValidateVolumeMounts',
      );
    else if (mountPaths.has(mountPath))
      report.add(
        `${at}.mountPath`,
        `is ${quote(mountPath)}, where an earlier mount of this container already is`,
        'mount each path once',
        'ValidateVolumeMounts (must be unique)',
      );
    mountPaths.add(mountPath);
    const subPath = str(mount.subPath) ?? '';
    if (subPath !== '')
      checkLocalPath(
        report,
        subPath,
        `${at}.subPath`,
        'ValidateVolumeMounts (validateLocalDescendingPath)',
      );
    const subPathExpr = str(mount.subPathExpr) ?? '';
    if (subPathExpr !== '') {
      if (subPath !== '')
        report.add(
          `${at}.subPathExpr`,
          'is set next to subPath',
          'keep one of subPath and subPathExpr',
          'ValidateVolumeMounts (subPathExpr and subPath are mutually exclusive)',
        );
      checkLocalPath(
        report,
        subPathExpr,
        `${at}.subPathExpr`,
        'ValidateVolumeMounts (validateLocalDescendingPath)',
      );
    }
    const propagation = mount.mountPropagation;
    if (propagation !== undefined && propagation !== null) {
      if (!MOUNT_PROPAGATION.has(String(propagation)))
        report.add(
          `${at}.mountPropagation`,
          `is ${quote(propagation)}`,
          'use None, HostToContainer or Bidirectional',
          'validateMountPropagation',
        );
      else if (propagation === 'Bidirectional' && !privileged)
        report.add(
          `${at}.mountPropagation`,
          'is Bidirectional in a container that is not privileged',
          'use HostToContainer, or make the container privileged',
          'validateMountPropagation',
        );
    }
  });
}

/** `validateContainerCommon` for one container; returns its port names. */
function checkContainerCommon(
  report: ObjectReport,
  container: Json,
  path: string,
  pod: PodFacts,
): Set<string> {
  const name = str(container.name) ?? '';
  if (name === '')
    report.add(`${path}.name`, 'is missing', 'name the container', 'validateContainerCommon');
  else
    report.check(
      `${path}.name`,
      name,
      isDns1123Label(name),
      'validateContainerCommon (ValidateDNS1123Label)',
    );
  const image = str(container.image) ?? '';
  if (image === '')
    report.add(`${path}.image`, 'is missing', 'give the image to run', 'validateContainerCommon');
  else if (image.trim() !== image)
    report.add(
      `${path}.image`,
      `is ${quote(image)}, with leading or trailing whitespace, so its pods are refused`,
      'trim the image reference',
      'validateContainerOnlyForPod',
    );
  if (
    container.terminationMessagePolicy !== undefined &&
    !TERMINATION_MESSAGE_POLICIES.has(String(container.terminationMessagePolicy))
  )
    report.add(
      `${path}.terminationMessagePolicy`,
      `is ${quote(container.terminationMessagePolicy)}`,
      'use File or FallbackToLogsOnError',
      'validateContainerCommon',
    );
  const ports = checkPorts(report, container.ports, `${path}.ports`);
  checkEnv(report, container.env, `${path}.env`);
  checkEnvFrom(report, container.envFrom, `${path}.envFrom`);
  checkMounts(report, container, `${path}.volumeMounts`, pod.volumes);
  if (
    container.imagePullPolicy !== undefined &&
    !PULL_POLICIES.has(String(container.imagePullPolicy))
  )
    report.add(
      `${path}.imagePullPolicy`,
      `is ${quote(container.imagePullPolicy)}`,
      'use Always, IfNotPresent or Never',
      'validatePullPolicy',
    );
  checkResources(report, container.resources, `${path}.resources`);
  checkContainerSecurityContext(
    report,
    container.securityContext,
    `${path}.securityContext`,
    pod.hostUsers,
  );
  checkRunAsNonRoot(
    report,
    pod.podSecurity,
    isObject(container.securityContext) ? container.securityContext : undefined,
    path,
  );
  return ports;
}

function checkProbesAndHooks(
  report: ObjectReport,
  container: Json,
  path: string,
  ports: ReadonlySet<string>,
  pod: PodFacts,
): void {
  checkLifecycle(report, container.lifecycle, `${path}.lifecycle`, ports, pod.gracePeriod);
  checkProbe(
    report,
    container.livenessProbe,
    `${path}.livenessProbe`,
    'livenessProbe',
    ports,
    pod.gracePeriod,
  );
  checkProbe(
    report,
    container.readinessProbe,
    `${path}.readinessProbe`,
    'readinessProbe',
    ports,
    pod.gracePeriod,
  );
  checkProbe(
    report,
    container.startupProbe,
    `${path}.startupProbe`,
    'startupProbe',
    ports,
    pod.gracePeriod,
  );
}

/** `validateContainers`: at least one, unique names, probes and hooks allowed. */
export function checkContainers(
  report: ObjectReport,
  containers: unknown,
  path: string,
  pod: PodFacts,
  names: Set<string>,
): void {
  const list = arrayOf(containers);
  if (list.length === 0) {
    report.add(path, 'is empty', 'give the pod at least one container', 'validateContainers');
    return;
  }
  list.forEach((container, i) => {
    if (!isObject(container)) return;
    const at = `${path}[${i}]`;
    const ports = checkContainerCommon(report, container, at, pod);
    const name = str(container.name) ?? '';
    if (name !== '' && names.has(name))
      report.add(
        `${at}.name`,
        `is ${quote(name)}, the name of an earlier container`,
        'give every container its own name',
        'validateContainers (Duplicate)',
      );
    names.add(name);
    checkProbesAndHooks(report, container, at, ports, pod);
    if (container.restartPolicy !== undefined && container.restartPolicy !== null)
      report.add(
        `${at}.restartPolicy`,
        'is set on a regular container',
        'leave it out; only init containers (sidecars) take restartPolicy: Always',
        'validateContainers (may not be set for non-init containers)',
      );
  });
}

/**
 * `validateInitContainers`: names unique across all containers; probes and hooks only on
 * restartable (sidecar, `restartPolicy: Always`) init containers.
 */
export function checkInitContainers(
  report: ObjectReport,
  containers: unknown,
  path: string,
  pod: PodFacts,
  names: Set<string>,
): void {
  arrayOf(containers).forEach((container, i) => {
    if (!isObject(container)) return;
    const at = `${path}[${i}]`;
    const ports = checkContainerCommon(report, container, at, pod);
    const name = str(container.name) ?? '';
    if (name !== '' && names.has(name))
      report.add(
        `${at}.name`,
        `is ${quote(name)}, the name of another container of the pod`,
        'give every container and init container its own name',
        'validateInitContainers (Duplicate)',
      );
    names.add(name);
    const policy = container.restartPolicy;
    if (policy !== undefined && policy !== null && policy !== 'Always')
      report.add(
        `${at}.restartPolicy`,
        `is ${quote(policy)}`,
        'use Always (a sidecar) or leave it out',
        'validateInitContainerRestartPolicy',
      );
    if (policy === 'Always') {
      checkProbesAndHooks(report, container, at, ports, pod);
      return;
    }
    for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
      if (container[field] !== undefined && container[field] !== null)
        report.add(
          `${at}.${field}`,
          'is set on an init container that is no sidecar',
          'leave it out, or make the init container a sidecar with restartPolicy: Always',
          'validateInitContainers (may not be set for init containers without restartPolicy=Always)',
        );
    // An init container that runs to completion is never resized in place.
    if (arrayOf(container.resizePolicy).length > 0)
      report.add(
        `${at}.resizePolicy`,
        'is set on an init container that is no sidecar',
        'leave it out; only app containers and sidecars are resized in place',
        'validateInitContainers (must not be set for init containers)',
      );
  });
}
