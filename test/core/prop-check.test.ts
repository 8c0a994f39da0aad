/**
 * Props from JavaScript or a JSON file, which no compiler checked: an unknown key, a string
 * outside a union and a value of the wrong kind are PlatformErrors naming the construct path
 * and the prop path, with the key or value most likely meant; every legitimate input passes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'cdk8s';
import {
  CronTask,
  definePlatform,
  type EnvironmentChart,
  PlatformError,
  Schedule,
  synthesizePlatform,
  WebEntrypoint,
  WebService,
  type WebServiceProps,
} from 'gke-platform';
import { checkProps } from '#lib/core/prop-check';
import { closestMatch, editDistance } from '#lib/core/spelling';
import { chartFor, objectsOf, testPlatform, type TestEnv } from '../support/synth';

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/web:2.1.0';
const W = "WebService 'prod/web'";

/** Props as JavaScript or JSON would give them: whatever the types say. */
const loose = (props: Record<string, unknown>) =>
  ({ image: IMAGE, port: 8080, ...props }) as unknown as WebServiceProps<TestEnv>;

/** The message of the PlatformError that creating a WebService with `props` throws. */
function refusal(props: Record<string, unknown>, create = webService): string {
  try {
    create(chartFor('prod'), loose(props));
  } catch (error) {
    if (error instanceof PlatformError) return error.message;
    throw error;
  }
  throw new Error('created without a PlatformError');
}

function webService(chart: EnvironmentChart<TestEnv>, props: WebServiceProps<TestEnv>) {
  return new WebService(chart, 'web', props);
}

describe('unknown props', () => {
  test('fails on an unknown top-level prop, naming the one meant', () => {
    expect(refusal({ replcas: 3 })).toBe(
      `${W}: 'replcas' is not a prop of WebServiceProps; did you mean 'replicas'?`,
    );
  });

  test('fails on an unknown nested prop, with its prop path', () => {
    expect(refusal({ placement: { spto: true } })).toBe(
      `${W}: 'placement.spto' is not a prop of PlacementSpec; did you mean 'spot'?`,
    );
    expect(refusal({ sidecars: [{ name: 'nginx', image: IMAGE, comand: ['nginx'] }] })).toBe(
      `${W}: 'sidecars[0].comand' is not a prop of NamedContainerSpec; did you mean 'command'?`,
    );
  });

  test('fails on an unknown prop inside one environment of a per-environment map', () => {
    expect(refusal({ placement: { dev: {}, prod: { nodepool: 'spot' } } })).toBe(
      `${W}: 'placement.prod.nodepool' is not a prop of PlacementSpec; did you mean 'nodePool'?`,
    );
  });

  test('fails on a prop like none it knows, listing the props', () => {
    expect(refusal({ sharedVolumes: { assets: { size: '1Gi' } } })).toBe(
      `${W}: 'sharedVolumes.assets.size' is not a prop of SharedVolumeSpec; leave it out; the props are 'sizeLimit' or 'medium'`,
    );
  });

  test('leaves the keys of a record to the user', () => {
    const web = webService(
      chartFor('prod'),
      loose({
        env: { 'spring.profiles.active': 'cloud', MODE: { dev: 'debug', prod: 'live' } },
        configFiles: { '/etc/web/app.yaml': 'debug: false\n' },
        podAnnotations: { 'example.com/owner': 'team-a' },
        additionalPorts: { grpc: 9090 },
      }),
    );
    expect(web.servicePorts.map((p) => p.name)).toEqual(['http', 'grpc']);
  });
});

describe('strings outside a union', () => {
  test('fails on a near miss with the value meant', () => {
    const entrypoint = (chart: EnvironmentChart<TestEnv>, props: object) =>
      new WebEntrypoint(chart, 'web', props);
    expect(() => entrypoint(chartFor('prod'), { frontDoor: 'gatway' })).toThrow(
      new PlatformError(
        "WebEntrypoint 'prod/entrypoints/web'",
        'frontDoor',
        'is "gatway"',
        "did you mean 'gateway'?",
      ),
    );
    expect(refusal({ imagePullPolicy: 'always' })).toBe(
      `${W}: 'imagePullPolicy' is "always"; did you mean 'Always'?`,
    );
  });

  test('leaves a value far from every choice to the construct, which says why', () => {
    expect(refusal({ imagePullPolicy: 'Never' })).toBe(
      `${W}: 'imagePullPolicy' is "Never"; use 'IfNotPresent' or 'Always'`,
    );
  });

  test('suggests nothing for another thing altogether', () => {
    const gpuPool = {
      nodePools: { gpu: { machineType: 'n1-standard-8', gpu: { type: 'nvidia-tesla-k80' } } },
    };
    expect(() => definePlatform({ name: 'shop', environments: { dev: gpuPool as never } })).toThrow(
      `'gpu.type' is "nvidia-tesla-k80", which is not a known GPU type`,
    );
  });
});

describe('values of the wrong kind', () => {
  test('fails on a string where an object or false goes, naming the props of a small object', () => {
    expect(refusal({ health: 'none' })).toBe(`${W}: 'health' is "none"; use an object or false`);
    expect(refusal({ zoneSpread: 'zones' })).toBe(
      `${W}: 'zoneSpread' is "zones"; use { required, maxSkew, minZones } or true or false`,
    );
  });

  test('fails on a string where a number goes', () => {
    expect(refusal({ port: '8080' })).toBe(`${W}: 'port' is "8080"; use a number`);
  });

  test('fails on an object where a list goes, which was a TypeError', () => {
    expect(refusal({ sidecars: { nginx: { image: IMAGE } } })).toBe(
      `${W}: 'sidecars' is an object; use a list`,
    );
  });

  test('fails on props that are not an object', () => {
    const create = (chart: EnvironmentChart<TestEnv>) => new WebService(chart, 'web', null!);
    expect(() => create(chartFor('prod'))).toThrow(
      `${W}: 'props' is null; give an object of WebServiceProps`,
    );
  });
});

test('reports every problem at once, one per line', () => {
  expect(refusal({ replcas: 3, port: '80', placement: { spto: true } }).split('\n')).toEqual([
    `${W}: 'port' is "80"; use a number`,
    `${W}: 'replcas' is not a prop of WebServiceProps; did you mean 'replicas'?`,
    `${W}: 'placement.spto' is not a prop of PlacementSpec; did you mean 'spot'?`,
  ]);
});

describe('per-environment maps', () => {
  test("leaves a map with a key that is not an environment to the map's own check", () => {
    // One problem, resolvePerEnv's, which names the environments.
    expect(refusal({ replicas: { dev: 1, prd: 3 } })).toBe(
      `${W}: 'replicas' names 'prd', which is not an environment; give one value for all environments or one for each of dev, prod`,
    );
  });

  test('checks each value of a map against the per-environment type', () => {
    expect(refusal({ replicas: { dev: 1, prod: 'three' } })).toBe(
      `${W}: 'replicas.prod' is "three"; use a number`,
    );
  });
});

describe('legitimate input passes', () => {
  test('class instances, constructs and per-environment maps', () => {
    const chart = chartFor('prod');
    const api = webService(chart, loose({ replicas: { dev: 1, prod: 3 } }));
    const job = new CronTask(chart, 'job', {
      image: IMAGE,
      schedule: Schedule.dailyAt('03:00'),
      connections: { API: api, GRPC: { service: api, port: 'http' } },
    });
    expect(job.connections.map((c) => c.prefix)).toEqual(['API', 'GRPC']);
    expect(checkProps('x', 'SnapshotSchedule', { image: IMAGE, schedule: Duration.hours(1) })).toBe(
      undefined,
    );
  });

  test('props read from a JSON file synthesize as the same props written in TypeScript', () => {
    const props = {
      image: IMAGE,
      port: 8080,
      replicas: { dev: 1, prod: 3 },
      resources: { cpu: '250m', memory: '512Mi' },
      placement: { dev: {}, prod: { spot: true } },
      env: { MODE: { dev: 'debug', prod: 'live' } },
      service: { port: 80, sessionAffinity: 'ClientIP' },
      health: { path: '/ready' },
    } satisfies WebServiceProps<TestEnv>;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-props-'));
    const file = path.join(dir, 'web.json');
    fs.writeFileSync(file, JSON.stringify(props));
    const fromJson = JSON.parse(fs.readFileSync(file, 'utf8')) as WebServiceProps<TestEnv>;
    fs.rmSync(dir, { recursive: true });

    const typed = chartFor('prod');
    webService(typed, props);
    const json = chartFor('prod');
    webService(json, fromJson);
    expect(objectsOf(json)).toEqual(objectsOf(typed));
  });

  test('the platform definition, and fails on its unknown props', () => {
    const define = (environment: object) =>
      definePlatform({ name: 'shop', environments: { dev: environment as never } });
    expect(define({ nodePools: { general: { machineType: 'e2-standard-2' } } })).toBeDefined();
    expect(() =>
      define({ nodePools: { general: { machineType: 'e2-standard-2' } }, staticIP: {} }),
    ).toThrow(
      "Platform 'shop': 'environments.dev.staticIP' is not a prop of EnvironmentSpec; did you mean 'staticIps'?",
    );
  });

  test('every environment of the test platform synthesizes', () => {
    const manifests = synthesizePlatform(testPlatform, (chart) => {
      webService(chart, loose({ replicas: { dev: 1, prod: 2 } }));
    });
    expect(manifests.map((m) => m.environment)).toEqual(['dev', 'prod']);
  });
});

describe('the spelling suggestion', () => {
  test('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('spto', 'spot')).toBe(1);
    expect(editDistance('gatway', 'gateway')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  test('prefers a difference of case, and suggests nothing far away', () => {
    expect(closestMatch('nodepool', ['nodePools', 'nodePool'])).toBe('nodePool');
    expect(closestMatch('size', ['sizeLimit', 'medium'])).toBeUndefined();
    expect(closestMatch('xy', ['ab'])).toBeUndefined();
  });
});
