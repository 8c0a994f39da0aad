import { DaemonAgent, StatefulService, WebService } from 'gke-platform';
import { chartFor, objectsOf } from '../support/synth';

// A JavaScript or JSON caller can pass any string where TypeScript allows a few: a value far
// from every choice (no "did you mean") is refused where it is read, never written as
// something else.
const image = 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0';
const pass = <T>(value: string) => value as unknown as T;

describe('choices a JavaScript caller can get wrong', () => {
  test("a health check's type: 'grpc' does not become an HTTP probe", () => {
    const chart = chartFor('prod');
    expect(
      () =>
        new WebService(chart, 'api', {
          image,
          port: 8080,
          health: { type: pass<'http'>('grpc') },
        }),
    ).toThrow("WebService 'prod/api': 'health.type' is \"grpc\"; use 'http', 'tcp' or 'exec'");
  });

  test("liveness's own type is checked the same way", () => {
    const chart = chartFor('prod');
    expect(
      () =>
        new WebService(chart, 'api', {
          image,
          port: 8080,
          health: { liveness: { type: pass<'tcp'>('socket') } },
        }),
    ).toThrow("'health.liveness.type' is \"socket\"; use 'http', 'tcp' or 'exec'");
  });

  test("a Service's type: 'NodePort' is refused, on WebService and StatefulService", () => {
    expect(
      () =>
        new WebService(chartFor('prod'), 'api', {
          image,
          port: 8080,
          service: { type: pass<'ClusterIP'>('NodePort') },
        }),
    ).toThrow(
      "WebService 'prod/api': 'service.type' is \"NodePort\"; use 'ClusterIP' or 'LoadBalancer'",
    );
    expect(
      () =>
        new StatefulService(chartFor('prod'), 'db', {
          image: 'europe-docker.pkg.dev/acme-artifacts/apps/redis:7.2.5',
          port: 6379,
          service: { type: pass<'ClusterIP'>('NodePort') },
        }),
    ).toThrow("'service.type' is \"NodePort\"; use 'ClusterIP' or 'LoadBalancer'");
  });

  test("a host path's type: 'Folder' is refused", () => {
    const chart = chartFor('prod');
    expect(() => {
      new DaemonAgent(chart, 'agent', {
        image: 'fluent/fluent-bit:3.1.9',
        hostPaths: { '/var/log': { type: pass<'Directory'>('Folder') } },
      });
      objectsOf(chart);
    }).toThrow(
      "'hostPaths./var/log.type' is \"Folder\"; use 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate' or 'Socket'",
    );
  });
});
