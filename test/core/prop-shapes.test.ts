/**
 * Every construct of the public API checks its props against the committed shapes (which
 * test/scripts/generated-files.e2e.ts keeps equal to what scripts/generate-prop-shapes.js
 * writes from the props interfaces today).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as api from 'gke-platform';
import { type EnvironmentChart, PlatformError, WebService } from 'gke-platform';
import { chartFor, type TestEnv } from '../support/synth';

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/web:2.1.0';

type Create = (chart: EnvironmentChart<TestEnv>, props: Record<string, unknown>) => unknown;
const web = (chart: EnvironmentChart<TestEnv>) =>
  new WebService(chart, 'api', { image: IMAGE, port: 8080 });

/** Each construct with props that are complete but for the stray key the test adds. */
const constructs: Record<string, [Create, string]> = {
  WebService: [(c, p) => new api.WebService(c, 'x', { image: IMAGE, port: 80, ...p }), 'x'],
  Worker: [(c, p) => new api.Worker(c, 'x', { image: IMAGE, ...p }), 'x'],
  StatefulService: [
    (c, p) => new api.StatefulService(c, 'x', { image: IMAGE, port: 80, ...p }),
    'x',
  ],
  CronTask: [
    (c, p) => new api.CronTask(c, 'x', { image: IMAGE, schedule: '0 3 * * *', ...p }),
    'x',
  ],
  OneOffJob: [(c, p) => new api.OneOffJob(c, 'x', { image: IMAGE, ...p }), 'x'],
  // Props are checked before it looks for the platform's previews (testPlatform has none).
  PreviewPruner: [(c, p) => new api.PreviewPruner(c, 'x', { image: IMAGE, ...p }), 'x'],
  DaemonAgent: [(c, p) => new api.DaemonAgent(c, 'x', { image: IMAGE, ...p }), 'x'],
  ExternalService: [
    (c, p) =>
      new api.ExternalService(c, 'x', {
        externalName: 'db.example.com',
        ports: { pg: 5432 },
        ...p,
      }),
    'x',
  ],
  WebEntrypoint: [(c, p) => new api.WebEntrypoint(c, 'x', p), 'entrypoints/x'],
  VolumeSnapshots: [
    (c, p) => {
      const workload = web(c);
      return new api.VolumeSnapshots(
        workload,
        'x',
        { workload, claims: [] },
        {
          image: IMAGE,
          schedule: '0 3 * * *',
          ...p,
        },
      );
    },
    'api',
  ],
};

/** Exported constructs that take no props of the user's shape to check. */
const NOT_CHECKED = new Set([
  'EnvironmentChart', // made by synthesizePlatform from a checked platform
  'GatewayFrontDoor', // made by WebEntrypoint from its checked props
  'IngressFrontDoor',
  'CanaryTrack', // made by WebService from its checked `canary` prop
  // Its `pods` may be a construct (a cdk8s-plus workload, an ApiObject): the constructor
  // checks each prop itself.
  'ForeignWorkloadPolicy',
  // The GKE resources, escape hatches for hand-made objects, typed as the objects' fields.
  'BackendConfig',
  'FrontendConfig',
  'Gateway',
  'GcpBackendPolicy',
  'GcpGatewayPolicy',
  'HealthCheckPolicy',
  'HttpRoute',
  'ManagedCertificate',
  'PdVolumeSnapshotClass',
  'PodMonitoring',
  'SecretManagerProviderClass',
  'SecretManagerSync',
]);

test('the table names every construct of the public API with props of its own', () => {
  const exported = (Object.entries(api) as [string, unknown][])
    .filter(([, value]) => typeof value === 'function')
    .map(([name, value]) => [name, (value as { prototype: unknown }).prototype] as const)
    .filter(([, prototype]) => prototype instanceof Construct)
    .filter(([name, prototype]) => name !== 'KubeObject' && !(prototype instanceof ApiObject))
    .map(([name]) => name)
    .filter((name) => !NOT_CHECKED.has(name) && !/^(Replicated)?Workload$/.test(name));
  expect(exported.sort()).toEqual(Object.keys(constructs).sort());
});

describe.each(Object.entries(constructs))('%s', (kind, [create, path]) => {
  test('fails on an unknown prop before it reads its props', () => {
    const where =
      kind === 'VolumeSnapshots' ? `WebService 'prod/${path}'` : `${kind} 'prod/${path}'`;
    const prop = kind === 'VolumeSnapshots' ? 'snapshots.imag' : 'imag';
    expect(() => create(chartFor('prod'), { imag: 'x' })).toThrow(PlatformError);
    expect(() => create(chartFor('prod'), { imag: 'x' })).toThrow(
      `${where}: '${prop}' is not a prop of`,
    );
  });
});

test('the platform definition fails on an unknown prop', () => {
  expect(() => api.definePlatform({ name: 'shop', enviroments: {} } as never)).toThrow(
    "Platform 'shop': 'enviroments' is not a prop of PlatformSpec; did you mean 'environments'?",
  );
});
