import { isHttpHeaderName, isValidPortName, isValidPortNum } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, quote } from './json';
import type { ObjectReport } from './problem';

/*
 * Probes and lifecycle hooks: `validateProbe`, `validateHandler` and the actions they call
 * (pkg/apis/core/validation), plus the kubelet's lookup of a port given by name.
 */

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/** `ValidatePortNumOrName`: an IntOrString port, a number 1–65535 or an IANA service name. */
export function checkPortNumOrName(
  report: ObjectReport,
  port: unknown,
  path: string,
  rule = 'ValidatePortNumOrName',
): void {
  if (typeof port === 'number') report.check(path, port, isValidPortNum(port), rule);
  else if (typeof port === 'string') report.check(path, port, isValidPortName(port), rule);
  else
    report.add(
      path,
      port === undefined ? 'is missing' : `is ${quote(port)}`,
      'give a port number or a port name',
      rule,
    );
}

/**
 * The kubelet resolves a named probe port among the ports of the probed container only
 * (`kubecontainer.findPortByName` in pkg/kubelet/prober); a name no port has makes every
 * probe fail, so the container never becomes ready (readiness) or is restarted (liveness).
 */
function checkNamedPort(
  report: ObjectReport,
  port: unknown,
  path: string,
  portNames: ReadonlySet<string>,
): void {
  if (typeof port !== 'string' || isValidPortName(port).length > 0 || portNames.has(port)) return;
  const names = [...portNames];
  report.add(
    path,
    `is the port name ${quote(port)}, which no port of this container has, so the kubelet cannot resolve it and the probe always fails`,
    names.length > 0
      ? `use one of the container's port names (${names.join(', ')}) or a port number`
      : 'declare the port on the container or use a port number',
    'kubelet (findPortByName)',
  );
}

function checkHandler(
  report: ObjectReport,
  handler: Json,
  path: string,
  kinds: readonly string[],
  portNames: ReadonlySet<string>,
  gracePeriod: number | undefined,
): void {
  const present = kinds.filter((k) => handler[k] !== undefined && handler[k] !== null);
  if (present.length === 0) {
    report.add(
      path,
      'has no handler',
      `set exactly one of ${kinds.join(', ')}`,
      'validateHandler (must specify a handler type)',
    );
    return;
  }
  for (const extra of present.slice(1))
    report.add(
      `${path}.${extra}`,
      `is set next to ${present[0]}`,
      `keep one handler type: ${present[0]} or ${extra}`,
      'validateHandler (may not specify more than 1 handler type)',
    );
  const kind = present[0];
  const action = handler[kind];
  const at = `${path}.${kind}`;
  if (!isObject(action)) return;
  switch (kind) {
    case 'exec':
      if (arrayOf(action.command).length === 0)
        report.add(`${at}.command`, 'is empty', 'give the command to run', 'validateExecAction');
      break;
    case 'httpGet': {
      checkPortNumOrName(
        report,
        action.port,
        `${at}.port`,
        'validateHTTPGetAction (ValidatePortNumOrName)',
      );
      checkNamedPort(report, action.port, `${at}.port`, portNames);
      if (action.scheme !== undefined && action.scheme !== 'HTTP' && action.scheme !== 'HTTPS')
        report.add(
          `${at}.scheme`,
          `is ${quote(action.scheme)}`,
          'use HTTP or HTTPS',
          'validateHTTPGetAction',
        );
      arrayOf(action.httpHeaders).forEach((header, i) => {
        const name = isObject(header) ? String(header.name ?? '') : '';
        report.check(
          `${at}.httpHeaders[${i}].name`,
          name,
          isHttpHeaderName(name),
          'validateHTTPGetAction (IsHTTPHeaderName)',
        );
      });
      break;
    }
    case 'tcpSocket':
      checkPortNumOrName(
        report,
        action.port,
        `${at}.port`,
        'validateTCPSocketAction (ValidatePortNumOrName)',
      );
      checkNamedPort(report, action.port, `${at}.port`, portNames);
      break;
    case 'grpc':
      report.check(
        `${at}.port`,
        action.port,
        isValidPortNum(num(action.port) ?? NaN),
        'validateGRPCAction',
      );
      break;
    case 'sleep': {
      const seconds = num(action.seconds);
      if (
        seconds !== undefined &&
        gracePeriod !== undefined &&
        (seconds <= 0 || seconds > gracePeriod)
      )
        report.add(
          `${at}.seconds`,
          `is ${seconds}, not between 1 and terminationGracePeriodSeconds (${gracePeriod})`,
          `sleep at least 1 and at most ${gracePeriod} seconds`,
          'validateSleepAction',
        );
      break;
    }
  }
}

/** Which probe: liveness and startup probes must have successThreshold 1. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/**
 * `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe` → `validateProbe`.
 * Zeros are defaulted (periodSeconds 10, timeoutSeconds 1, successThreshold 1,
 * failureThreshold 3; SetDefaults_Probe), so only negatives are refused, as the API server does.
 */
export function checkProbe(
  report: ObjectReport,
  probe: unknown,
  path: string,
  kind: ProbeKind,
  portNames: ReadonlySet<string>,
  gracePeriod: number | undefined,
): void {
  if (!isObject(probe)) return;
  checkHandler(report, probe, path, PROBE_HANDLERS, portNames, gracePeriod);
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    const value = num(probe[field]);
    if (value !== undefined && value < 0)
      report.add(
        `${path}.${field}`,
        `is ${value}, which is negative`,
        'use 0 (the default) or more',
        'validateProbe (ValidateNonnegativeField)',
      );
  }
  const success = num(probe.successThreshold);
  if (kind !== 'readinessProbe' && success !== undefined && success > 1)
    report.add(
      `${path}.successThreshold`,
      `is ${success}, but a ${kind === 'livenessProbe' ? 'liveness' : 'startup'} probe succeeds on its first success`,
      'use 1 (or leave it out)',
      kind === 'livenessProbe'
        ? 'validateLivenessProbe (must be 1)'
        : 'validateStartupProbe (must be 1)',
    );
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null) {
    if (kind === 'readinessProbe')
      report.add(
        `${path}.terminationGracePeriodSeconds`,
        'is set on a readiness probe',
        'leave it out',
        'validateReadinessProbe',
      );
    else if (typeof grace !== 'number' || grace <= 0)
      report.add(
        `${path}.terminationGracePeriodSeconds`,
        `is ${quote(grace)}`,
        'use a whole number of at least 1',
        'validateProbe',
      );
  }
}

/** `validateLifecycle`: postStart and preStop handlers. */
export function checkLifecycle(
  report: ObjectReport,
  lifecycle: unknown,
  path: string,
  portNames: ReadonlySet<string>,
  gracePeriod: number | undefined,
): void {
  if (!isObject(lifecycle)) return;
  for (const hook of ['postStart', 'preStop'])
    if (isObject(lifecycle[hook]))
      checkHandler(
        report,
        lifecycle[hook] as Json,
        `${path}.${hook}`,
        LIFECYCLE_HANDLERS,
        portNames,
        gracePeriod,
      );
}
