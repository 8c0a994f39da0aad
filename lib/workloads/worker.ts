import { fail } from '../core/errors';
import type { Scope } from './chart/environment-chart';
import { checkConstructProps } from './chart/construct-props';
import type { HealthCheck } from './pod/probes';
import { ReplicatedWorkload, type ReplicatedWorkloadProps } from './replicated-workload';

/** A health check that needs no port: a command in the container that exits 0 when healthy. */
export interface ExecHealthCheck extends Omit<HealthCheck, 'type' | 'path' | 'port' | 'command'> {
  /** An exec probe: the command runs in the container. */
  readonly type: 'exec';
  /** The command that exits 0 when healthy, e.g. `['/app/healthcheck']`. */
  readonly command: readonly string[];
}

/** Props of {@link Worker}. */
export interface WorkerProps<E extends string = string> extends Omit<
  ReplicatedWorkloadProps<E>,
  'port' | 'portName' | 'health'
> {
  /**
   * An exec health check (readiness, and liveness unless turned off), e.g. a command that
   * checks the last processed message's age. A worker serves no port, so there is nothing to
   * probe over the network.
   * @default none: the kubelet restarts the container when its process exits, and no traffic
   * waits on readiness
   */
  readonly health?: ExecHealthCheck | false;
}

/**
 * A long-running process that serves no requests, e.g. a queue consumer: a Deployment with
 * its ServiceAccount (and, as needed, a HorizontalPodAutoscaler, a PodDisruptionBudget and a
 * ConfigMap of config files), but no port, no Service, and nothing to route to. Its
 * NetworkPolicy lets nothing in; what it reaches (its `connections`, its `egress`) is let out.
 *
 * A worker is its own construct rather than a WebService without a port, so that the types
 * keep it out of `WebEntrypoint.route` and `connections` (nothing could reach it), and so that
 * a WebService keeps its Service and HTTP probes as things that are always there.
 *
 * @example
 * new Worker(chart, 'mailer', {
 *   image: 'europe-docker.pkg.dev/acme/apps/mailer:2.0.1',
 *   replicas: { dev: 1, prod: 3 },
 *   connections: { REDIS: redis },
 * });
 */
export class Worker<E extends string = string> extends ReplicatedWorkload<E> {
  constructor(scope: Scope<E>, id: string, props: WorkerProps<NoInfer<E>>) {
    // What the types refuse, as plain JavaScript (or a cast) could still pass it.
    const loose = props as { port?: unknown; health?: { type?: string } | false };
    const where = `Worker '${[scope.node.path, id].filter(Boolean).join('/')}'`;
    if (loose.port !== undefined)
      fail(
        where,
        'port',
        `is ${JSON.stringify(loose.port)}, but a Worker serves no port and has no Service`,
        'use a WebService for a process that serves requests',
      );
    if (loose.health && loose.health.type !== 'exec')
      fail(
        where,
        'health.type',
        `is ${JSON.stringify(loose.health.type ?? 'http')}, which needs a port, and a Worker serves none`,
        "give { type: 'exec', command: [...] }, or leave 'health' out",
      );
    checkConstructProps('Worker', scope, id, props);
    super(scope, id, props, { kind: 'Worker', component: 'worker', probes: 'explicit' });
    this.addScaling(props);
  }
}
