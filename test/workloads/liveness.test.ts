import { validateObjects, WebService, type WebServiceProps, Worker } from 'gke-platform';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { chartFor, find, type K8sObject, objectsOf, podSpec, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0';

function container(props: Partial<WebServiceProps<TestEnv>>): K8sObject {
  const chart = chartFor('prod');
  new WebService(chart, 'api', { image, port: 8080, ...props });
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return podSpec(find(objects, 'Deployment', 'api')).containers[0];
}

describe('a liveness check that differs from readiness', () => {
  test('by default liveness checks what readiness checks, with its own threshold', () => {
    const c = container({ health: { path: '/ready' } });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe.httpGet).toEqual(c.readinessProbe.httpGet);
    expect(c.livenessProbe.failureThreshold).toBe(6);
  });

  test('its own path, on the readiness port; readiness (and the load balancer) keep theirs', () => {
    const c = container({
      health: { path: '/ready', liveness: { path: '/livez', failureThreshold: 4 } },
    });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/livez', port: 8080, scheme: 'HTTP' });
    expect(c.livenessProbe.failureThreshold).toBe(4);
  });

  test('its own port: the path stays the readiness path', () => {
    const c = container({
      additionalPorts: { admin: 9901 },
      health: { path: '/healthz', liveness: { port: 9901 } },
    });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 9901, scheme: 'HTTP' });
  });

  test('another type: a command, or a TCP connection', () => {
    const exec = container({
      health: { liveness: { type: 'exec', command: ['/app/alive'] } },
    });
    expect(exec.livenessProbe.exec).toEqual({ command: ['/app/alive'] });
    expect(exec.livenessProbe.httpGet).toBeUndefined();
    expect(exec.readinessProbe.httpGet.path).toBe('/healthz');
    const tcp = container({ health: { liveness: { type: 'tcp' } } });
    expect(tcp.livenessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test("a Worker's exec check with a liveness command of its own", () => {
    const chart = chartFor('prod');
    new Worker(chart, 'mailer', {
      image,
      health: { type: 'exec', command: ['/app/ready'], liveness: { command: ['/app/alive'] } },
    });
    const c = podSpec(find(objectsOf(chart), 'Deployment', 'mailer')).containers[0];
    expect(c.readinessProbe.exec.command).toEqual(['/app/ready']);
    expect(c.livenessProbe.exec.command).toEqual(['/app/alive']);
  });

  test('fails for a liveness exec check without command, or a bad path', () => {
    const web = (props: Partial<WebServiceProps<TestEnv>>) => () =>
      new WebService(chartFor('prod'), 'api', { image, port: 8080, ...props });
    expect(web({ health: { liveness: { type: 'exec' } } })).toThrow(
      "WebService 'prod/api': 'health.liveness.command' is missing for an exec health check",
    );
    expect(web({ health: { liveness: { path: 'livez' } } })).toThrow(
      "WebService 'prod/api': 'health.liveness.path' is 'livez'; start the path with '/'",
    );
  });

  test('a secret in a liveness command is refused like one in health.command', () => {
    expect(
      () =>
        new WebService(chartFor('prod'), 'api', {
          image,
          port: 8080,
          health: {
            liveness: { type: 'exec', command: ['redis-cli', '--pass', 'hunter2hunter2', 'ping'] },
          },
        }),
    ).toThrow("'health.liveness.command'");
  });
});
