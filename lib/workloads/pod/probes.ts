import { checkOneOf, fail } from '../../core/errors';
import { k8s } from '../chart/kube';

/** Timing of one probe. Every field maps to the probe field of the same name. */
export interface ProbeTiming {
  /** How often the probe runs, in seconds. @default 10 */
  readonly periodSeconds?: number;
  /** How long one probe may take before it counts as failed, in seconds. @default 3 */
  readonly timeoutSeconds?: number;
  /** Failures in a row before the probe gives up. @default 3 for readiness, 6 for liveness */
  readonly failureThreshold?: number;
  /** How long after the container starts the first probe runs, in seconds. @default 0 */
  readonly initialDelaySeconds?: number;
}

/**
 * How the platform tells that a container is healthy. The readiness probe gates traffic (and,
 * behind an Ingress, is the load balancer's health check); the liveness probe restarts a hung
 * container; the startup probe gives slow starters time before liveness begins.
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 */
export interface HealthCheck {
  /**
   * How the probe checks: an HTTP GET, a TCP connection, or a command in the container.
   * @default 'http'
   */
  readonly type?: 'http' | 'tcp' | 'exec';
  /** For `http`: the path that answers 200 when the container can serve. @default '/healthz' */
  readonly path?: string;
  /** For `exec`: the command that exits 0 when healthy. */
  readonly command?: readonly string[];
  /** The port to probe. @default the container's port */
  readonly port?: number;
  /**
   * Timing of the readiness probe, which gates traffic.
   * @default { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }
   */
  readonly readiness?: ProbeTiming;
  /**
   * The liveness probe: its timing, and where it differs from readiness, its own check (a
   * `path`, `port`, `command` or `type`); `false` for none. Liveness should ask only whether
   * the process is stuck: a readiness path that checks the database would restart every pod
   * when the database is down.
   * @default the readiness check, with { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 }
   * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#liveness-probe
   */
  readonly liveness?: LivenessCheck | false;
  /**
   * Seconds a slow starter may take before liveness checks begin; adds a startup probe.
   * @default no startup probe
   */
  readonly startupSeconds?: number;
}

/**
 * The liveness probe's timing and, where it checks something else than readiness, its own
 * check. Each of `type`, `path`, `port` and `command` left out is the readiness check's (a
 * `path` or `command` only where the type is the same).
 */
export interface LivenessCheck extends ProbeTiming {
  /** How liveness checks. @default the readiness check's type */
  readonly type?: 'http' | 'tcp' | 'exec';
  /** For `http`: the path that answers 200 while the process is alive, e.g. '/livez'. @default the readiness path */
  readonly path?: string;
  /** For `exec`: the command that exits 0 while the process is alive. @default the readiness command */
  readonly command?: readonly string[];
  /** The port to probe. @default the readiness port */
  readonly port?: number;
}

/** The probes of one container, rendered. */
export interface RenderedProbes {
  /** The readiness probe, which gates traffic (and a load balancer's health check). */
  readonly readiness: k8s.Probe;
  /** The liveness probe, which restarts a hung container; undefined when turned off. */
  readonly liveness?: k8s.Probe;
  /**
   * The startup probe, which holds liveness back while a slow container starts; undefined when not
   * asked for.
   */
  readonly startup?: k8s.Probe;
  /** The HTTP path and port of the readiness probe, when it is an HTTP probe. */
  readonly http?: { readonly path: string; readonly port: number };
}

type Check = Pick<HealthCheck, 'type' | 'path' | 'command'>;

const CHECK_TYPES = ['http', 'tcp', 'exec'] as const;

function action(
  where: string,
  check: Check,
  port: number | undefined,
  at = 'health',
): Pick<k8s.Probe, 'httpGet' | 'tcpSocket' | 'exec'> {
  const type = checkOneOf(where, `${at}.type`, check.type ?? 'http', CHECK_TYPES);
  if (type === 'exec') {
    if (!check.command?.length)
      fail(
        where,
        `${at}.command`,
        'is missing for an exec health check',
        "give the command, e.g. ['redis-cli', 'ping']",
      );
    return { exec: { command: [...check.command] } };
  }
  if (port === undefined) {
    fail(
      where,
      `${at}.port`,
      `is needed for a ${type} health check, and the container declares no port`,
      "set the container's 'port' or 'health.port'",
    );
  }
  if (type === 'tcp') return { tcpSocket: { port: k8s.IntOrString.fromNumber(port) } };
  const path = check.path ?? '/healthz';
  if (!path.startsWith('/'))
    fail(where, `${at}.path`, `is '${path}'`, "start the path with '/', e.g. '/healthz'");
  return { httpGet: { path, port: k8s.IntOrString.fromNumber(port), scheme: 'HTTP' } };
}

function timing(
  where: string,
  prop: string,
  t: ProbeTiming | undefined,
  failureThreshold: number,
): Omit<k8s.Probe, 'httpGet'> {
  const period = t?.periodSeconds ?? 10;
  const timeout = t?.timeoutSeconds ?? 3;
  for (const [name, value] of Object.entries({ periodSeconds: period, timeoutSeconds: timeout })) {
    if (!Number.isInteger(value) || value < 1)
      fail(where, `${prop}.${name}`, `is ${value}`, 'use a whole number of seconds, at least 1');
  }
  // The API server turns a 0 threshold into its default (3), so 0 would silently mean 3.
  const failures = t?.failureThreshold ?? failureThreshold;
  if (!Number.isInteger(failures) || failures < 1)
    fail(where, `${prop}.failureThreshold`, `is ${failures}`, 'use a whole number, at least 1');
  const delay = t?.initialDelaySeconds ?? 0;
  if (!Number.isInteger(delay) || delay < 0)
    fail(
      where,
      `${prop}.initialDelaySeconds`,
      `is ${delay}`,
      'use a whole number of seconds, 0 or more',
    );
  return {
    initialDelaySeconds: delay,
    periodSeconds: period,
    timeoutSeconds: timeout,
    failureThreshold: failures,
    successThreshold: 1,
  };
}

/** The liveness probe's check: the readiness one, unless `liveness` gives its own. */
function livenessAction(
  where: string,
  check: HealthCheck,
  containerPort: number | undefined,
  readiness: ReturnType<typeof action>,
): ReturnType<typeof action> {
  const own = check.liveness || {};
  if (
    own.type === undefined &&
    own.path === undefined &&
    own.port === undefined &&
    own.command === undefined
  )
    return readiness;
  const type = own.type ?? check.type ?? 'http';
  const same = type === (check.type ?? 'http');
  return action(
    where,
    {
      type,
      path: own.path ?? (same ? check.path : undefined),
      command: own.command ?? (same ? check.command : undefined),
    },
    own.port ?? check.port ?? containerPort,
    'health.liveness',
  );
}

/** Renders a container's probes from its health check. */
export function renderProbes(
  where: string,
  check: HealthCheck,
  containerPort: number | undefined,
): RenderedProbes {
  const port = check.port ?? containerPort;
  const act = action(where, check, port);
  const readiness = { ...act, ...timing(where, 'health.readiness', check.readiness, 3) };
  const liveness =
    check.liveness === false
      ? undefined
      : {
          ...livenessAction(where, check, containerPort, act),
          ...timing(where, 'health.liveness', check.liveness, 6),
        };
  let startup: k8s.Probe | undefined;
  if (check.startupSeconds !== undefined) {
    if (!Number.isInteger(check.startupSeconds) || check.startupSeconds < 1) {
      fail(
        where,
        'health.startupSeconds',
        `is ${check.startupSeconds}`,
        'use a whole number of seconds, at least 1',
      );
    }
    startup = {
      ...act,
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 3,
      successThreshold: 1,
      failureThreshold: Math.ceil(check.startupSeconds / 5),
    };
  }
  const http =
    act.httpGet && port !== undefined ? { path: act.httpGet.path as string, port } : undefined;
  return { readiness, liveness, startup, http };
}
