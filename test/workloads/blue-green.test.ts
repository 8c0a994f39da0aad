import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformError } from '#lib/core/errors';
import { definePlatform } from '#lib/platform/platform';
import { synthesizeChart, synthesizePlatform } from '#lib/output/synthesize';
import { isAllowed, type Obj, podsOf } from '#lib/plan/network-policy-eval';
import { planManifests } from '#lib/plan/plan-manifests';
import { formatReleaseFile } from '#lib/release/release-file';
import { validateObjects } from '#lib/validate/validate-object';
import type { BlueGreenSpec } from '#lib/workloads/blue-green';
import { WebEntrypoint } from '#lib/workloads/web-entrypoint';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { Worker } from '#lib/workloads/worker';
import {
  chartFor,
  find,
  type K8sObject,
  objectsOf,
  type TestEnv,
  testPlatform,
} from '../support/synth';

/*
 * Blue-green releases of a WebService. Expected objects follow the blue-green pattern of two
 * Deployments told apart by a label, with the Service's selector choosing the serving one
 * (Kubernetes "Managing Workloads", labels and selectors), and kubectl apply's handling of
 * `replicas` under an autoscaler (the HPA task page), not what the code printed.
 */

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
const VERSION = 'app.kubernetes.io/version';

const pair = (active: 'blue' | 'green', more: Partial<BlueGreenSpec> = {}): BlueGreenSpec => ({
  active,
  blue: { image: `${IMAGE}:1.4.2` },
  green: { image: `${IMAGE}:1.5.0` },
  ...more,
});

function blueGreenChart(props: Partial<WebServiceProps<TestEnv>> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const web = new WebService(chart, 'web', {
    image: `${IMAGE}:1.4.2`,
    port: 8080,
    blueGreen: pair('blue'),
    ...props,
  });
  return { chart, web };
}

const objects = (...args: Parameters<typeof blueGreenChart>) =>
  objectsOf(blueGreenChart(...args).chart);

/** The objects by `<kind>/<name>`. */
const byKey = (out: readonly K8sObject[]) =>
  new Map(out.map((o) => [`${o.kind}/${o.metadata.name}`, o]));

/** The paths where two objects differ, with the values on each side. */
function differences(a: unknown, b: unknown, path = ''): [string, unknown, unknown][] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
      ),
    );
  }
  return a === b ? [] : [[path, a, b]];
}

/** Every difference between two syntheses, object by object, as `<kind>/<name> <path>`. */
function changes(before: readonly K8sObject[], after: readonly K8sObject[]): string[] {
  const old = byKey(before);
  const now = byKey(after);
  expect([...now.keys()].sort()).toEqual([...old.keys()].sort());
  return [...old].flatMap(([key, o]) =>
    differences(o, now.get(key)).map(([path, x, y]) => `${key} ${path}: ${x} → ${y}`),
  );
}

/** Whether a label selector's matchLabels select a pod with these labels. */
const selects = (matchLabels: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(matchLabels).every(([k, v]) => labels[k] === v);

describe('WebService blueGreen', () => {
  it('runs one Deployment per colour, each selecting its own pods only', () => {
    const out = objects();
    expect(out.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual([
      'web-blue',
      'web-green',
    ]);
    const blue = find(out, 'Deployment', 'web-blue');
    const green = find(out, 'Deployment', 'web-green');
    expect(blue.spec.selector).toEqual({ matchLabels: { ...selector, track: 'blue' } });
    expect(green.spec.selector).toEqual({ matchLabels: { ...selector, track: 'green' } });
    expect(blue.spec.template.spec.containers[0].image).toBe(`${IMAGE}:1.4.2`);
    expect(green.spec.template.spec.containers[0].image).toBe(`${IMAGE}:1.5.0`);
    for (const [d, version, track] of [
      [blue, '1.4.2', 'blue'],
      [green, '1.5.0', 'green'],
    ] as const) {
      expect(d.metadata.labels).toMatchObject({ [VERSION]: version, track });
      expect(d.spec.template.metadata.labels).toMatchObject({
        ...selector,
        [VERSION]: version,
        track,
      });
      // Without autoscaling and idleReplicas, both colours run the same count.
      expect(d.spec.replicas).toBe(2);
    }
    // The selectors never overlap: no Deployment selects the other colour's pods.
    expect(selects(blue.spec.selector.matchLabels, green.spec.template.metadata.labels)).toBe(
      false,
    );
    expect(selects(green.spec.selector.matchLabels, blue.spec.template.metadata.labels)).toBe(
      false,
    );
    // Everything else of the pod and the rollout is shared.
    const strip = (d: K8sObject) => {
      const { containers, topologySpreadConstraints, ...pod } = d.spec.template.spec;
      return {
        pod,
        main: { ...containers[0], image: undefined },
        spread: topologySpreadConstraints.length,
      };
    };
    expect(strip(green)).toEqual(strip(blue));
    expect(green.spec.strategy).toEqual(blue.spec.strategy);
  });

  it('points the Service at the active colour; the shared objects carry its version', () => {
    const out = objects();
    const service = find(out, 'Service', 'web');
    expect(service.spec.selector).toEqual({ ...selector, track: 'blue' });
    const blue = find(out, 'Deployment', 'web-blue');
    const green = find(out, 'Deployment', 'web-green');
    expect(selects(service.spec.selector, blue.spec.template.metadata.labels)).toBe(true);
    expect(selects(service.spec.selector, green.spec.template.metadata.labels)).toBe(false);
    for (const kind of ['Service', 'ServiceAccount', 'NetworkPolicy'])
      expect(find(out, kind, 'web').metadata.labels[VERSION]).toBe('1.4.2');
    const greenOut = objects({ blueGreen: pair('green') });
    for (const kind of ['Service', 'ServiceAccount', 'NetworkPolicy'])
      expect(find(greenOut, kind, 'web').metadata.labels[VERSION]).toBe('1.5.0');
  });

  it('gives each colour a disruption budget of its own, and spreads each colour apart', () => {
    const out = objects();
    expect(out.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name)).toEqual(
      ['web-blue', 'web-green'],
    );
    for (const colour of ['blue', 'green']) {
      expect(find(out, 'PodDisruptionBudget', `web-${colour}`).spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { ...selector, track: colour } },
      });
      const spread = find(out, 'Deployment', `web-${colour}`).spec.template.spec
        .topologySpreadConstraints;
      expect(spread.map((c: K8sObject) => c.labelSelector)).toEqual([
        { matchLabels: { ...selector, track: colour } },
        { matchLabels: { ...selector, track: colour } },
      ]);
    }
  });

  it('switching blue → green changes the Service selector (and shared version labels) only', () => {
    const before = objects();
    const after = objects({ blueGreen: pair('green') });
    const shared = ['ServiceAccount/web', 'NetworkPolicy/web'].map(
      (key) => `${key} metadata.labels.${VERSION}: 1.4.2 → 1.5.0`,
    );
    expect(changes(before, after).sort()).toEqual(
      [
        'Service/web spec.selector.track: blue → green',
        `Service/web metadata.labels.${VERSION}: 1.4.2 → 1.5.0`,
        ...shared,
      ].sort(),
    );
  });

  it('plans a switch without restarting either colour', () => {
    const envOf = (out: K8sObject[]) => [{ environment: 'prod', objects: out as Obj[] }];
    const planned = planManifests(envOf(objects()), envOf(objects({ blueGreen: pair('green') })));
    // One change: the Service's selector, the objects only relabelled with the new active
    // version folded into it.
    expect(planned.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'update Service acme-prod/web',
    ]);
    expect(planned[0].relabelled).toEqual([
      { kind: 'NetworkPolicy', name: 'acme-prod/web' },
      { kind: 'ServiceAccount', name: 'acme-prod/web' },
    ]);
    expect(planned.every((c) => c.risk !== 'disruptive')).toBe(true);
  });

  it('scales each colour with an autoscaler of its own, neither Deployment naming replicas', () => {
    const autoscaling = { minReplicas: 2, maxReplicas: 6 };
    const out = objects({ autoscaling });
    for (const colour of ['blue', 'green']) {
      expect(find(out, 'Deployment', `web-${colour}`).spec.replicas).toBeUndefined();
      expect(find(out, 'HorizontalPodAutoscaler', `web-${colour}`).spec).toMatchObject({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `web-${colour}` },
        minReplicas: 2,
        maxReplicas: 6,
      });
    }
    // A switch leaves the autoscalers as they are.
    const after = objects({ autoscaling, blueGreen: pair('green') });
    expect(changes(out, after).filter((c) => !c.includes(VERSION))).toEqual([
      'Service/web spec.selector.track: blue → green',
    ]);
  });

  it('holds the idle colour at idleReplicas: its autoscaler bounds follow the switch', () => {
    const autoscaling = { minReplicas: 3, maxReplicas: 10 };
    const before = objects({ autoscaling, blueGreen: pair('blue', { idleReplicas: 1 }) });
    const after = objects({ autoscaling, blueGreen: pair('green', { idleReplicas: 1 }) });
    const bounds = (out: K8sObject[], colour: string) => {
      const { minReplicas, maxReplicas } = find(out, 'HorizontalPodAutoscaler', `web-${colour}`)
        .spec as K8sObject;
      return [minReplicas, maxReplicas];
    };
    expect([bounds(before, 'blue'), bounds(before, 'green')]).toEqual([
      [3, 10],
      [1, 1],
    ]);
    // The colour that starts serving keeps its pods (no replicas field went away) and grows.
    expect(
      changes(before, after)
        .filter((c) => !c.includes(VERSION))
        .sort(),
    ).toEqual([
      'HorizontalPodAutoscaler/web-blue spec.maxReplicas: 10 → 1',
      'HorizontalPodAutoscaler/web-blue spec.minReplicas: 3 → 1',
      'HorizontalPodAutoscaler/web-green spec.maxReplicas: 1 → 10',
      'HorizontalPodAutoscaler/web-green spec.minReplicas: 1 → 3',
      'Service/web spec.selector.track: blue → green',
    ]);
  });

  it('scales the idle colour down with idleReplicas 0', () => {
    const fixed = objects({ replicas: 3, blueGreen: pair('blue', { idleReplicas: 0 }) });
    expect(find(fixed, 'Deployment', 'web-blue').spec.replicas).toBe(3);
    expect(find(fixed, 'Deployment', 'web-green').spec.replicas).toBe(0);
    const switched = objects({ replicas: 3, blueGreen: pair('green', { idleReplicas: 0 }) });
    expect(
      changes(fixed, switched)
        .filter((c) => !c.includes(VERSION))
        .sort(),
    ).toEqual([
      'Deployment/web-blue spec.replicas: 3 → 0',
      'Deployment/web-green spec.replicas: 0 → 3',
      'Service/web spec.selector.track: blue → green',
    ]);

    // An autoscaler cannot hold 0 pods: the idle colour has a count of 0 and no autoscaler.
    const autoscaling = { minReplicas: 2, maxReplicas: 6 };
    const scaled = objects({ autoscaling, blueGreen: pair('blue', { idleReplicas: 0 }) });
    expect(find(scaled, 'Deployment', 'web-blue').spec.replicas).toBeUndefined();
    expect(find(scaled, 'Deployment', 'web-green').spec.replicas).toBe(0);
    expect(
      scaled.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name),
    ).toEqual(['web-blue']);
  });

  it('labels the metrics series with the colour', () => {
    const monitoring = find(objects({ metrics: { port: 'http' } }), 'PodMonitoring', 'web');
    expect(monitoring.spec.selector).toEqual({ matchLabels: selector });
    expect(monitoring.spec.targetLabels).toEqual({ fromPod: [{ from: 'track' }] });
  });

  it('lets the NetworkPolicies admit exactly the declared clients to both colours', () => {
    const { chart, web } = blueGreenChart();
    new Worker(chart, 'client', { image: `${IMAGE}:1.0.0`, connections: { WEB: web } });
    new Worker(chart, 'stranger', { image: `${IMAGE}:1.0.0` });
    const out = objectsOf(chart);
    const pods = podsOf(out as Obj[]);
    const pod = (name: string) => pods.find((p) => p.name === name)!;
    for (const target of ['web-blue', 'web-green']) {
      expect(isAllowed(out as Obj[], { from: pod('client'), to: pod(target), port: 8080 })).toBe(
        true,
      );
      expect(isAllowed(out as Obj[], { from: pod('stranger'), to: pod(target), port: 8080 })).toBe(
        false,
      );
    }
  });

  it('routes through the Service with no change to the front door', () => {
    const { chart, web } = blueGreenChart();
    new WebEntrypoint(chart, 'front', { frontDoor: 'gateway' }).route('/', web);
    const out = objectsOf(chart);
    expect(find(out, 'HTTPRoute', 'front').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80 },
    ]);
  });

  it('is per environment: false runs the single Deployment', () => {
    const dev = objects({ blueGreen: { dev: false, prod: pair('blue') } }, 'dev');
    expect(dev.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['web']);
    expect(find(dev, 'Service', 'web').spec.selector).toEqual(selector);
  });

  it('passes the schemas (1.27, 1.36, CRDs) and the semantic rules', () => {
    for (const props of [
      { metrics: { port: 'http' }, autoscaling: { minReplicas: 2, maxReplicas: 6 } },
      {
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        blueGreen: pair('green', { idleReplicas: 1 }),
      },
      {
        autoscaling: { minReplicas: 2, maxReplicas: 6 },
        blueGreen: pair('blue', { idleReplicas: 0 }),
      },
      { blueGreen: pair('green', { idleReplicas: 0 }) },
    ] as Partial<WebServiceProps<TestEnv>>[]) {
      const { chart, web } = blueGreenChart(props);
      new WebEntrypoint(chart, 'front', { frontDoor: 'gateway' }).route('/', web);
      expect(validateObjects(synthesizeChart(chart) as never)).toEqual([]);
    }
  });

  describe('refuses', () => {
    const refuses = (build: () => unknown, message: string | RegExp) => {
      expect(build).toThrow(PlatformError);
      expect(build).toThrow(message);
    };

    it('a missing active colour or colour image, naming the prop', () => {
      refuses(
        () => objects({ blueGreen: { blue: pair('blue').blue, green: pair('blue').green } }),
        /WebService 'prod\/web'.*blueGreen\.active.*is missing/s,
      );
      refuses(
        () => objects({ blueGreen: { active: 'blue', blue: { image: `${IMAGE}:1.4.2` } } }),
        /blueGreen\.green.*is missing.*green: \{ image/s,
      );
    });

    it.each([
      [pair('blue', { active: 'red' as never }), 'blueGreen.active'],
      [pair('blue', { green: { image: `${IMAGE}:latest` } }), 'blueGreen.green.image'],
      [
        pair('blue', { blue: { image: 'europe-docker.pkg.dev/elsewhere/apps/web:1.0.0' } }),
        'blueGreen.blue.image',
      ],
      [pair('blue', { idleReplicas: -1 }), 'blueGreen.idleReplicas'],
      [pair('blue', { idleReplicas: 1.5 }), 'blueGreen.idleReplicas'],
    ])('%j (%s)', (blueGreen, prop) => {
      refuses(() => objects({ blueGreen }), `WebService 'prod/web'`);
      refuses(() => objects({ blueGreen }), prop);
    });

    it('a canary in the same environment', () => {
      refuses(
        () => objects({ canary: { image: `${IMAGE}:1.5.0`, weight: 10 } }),
        /canary.*'blueGreen'.*same environment/s,
      );
    });

    it("a pod label named 'track', and a 'version' of its own", () => {
      refuses(() => objects({ podLabels: { track: 'x' } }), 'podLabels.track');
      refuses(() => objects({ version: '7' }), /version.*each colour/s);
    });

    it("another workload named '<name>-blue'", () => {
      refuses(() => {
        const { chart } = blueGreenChart();
        new WebService(chart, 'web-blue', { image: `${IMAGE}:1.0.0`, port: 8080 });
        return objectsOf(chart);
      }, 'web-blue');
    });
  });
});

describe('WebService blueGreen from the release file', () => {
  const repository = IMAGE;

  /** A releases/ folder with prod's file of these records. */
  function releases(records: Record<string, string>): string {
    const folder = join(mkdtempSync(join(tmpdir(), 'releases-')), 'releases');
    mkdirSync(folder);
    writeFileSync(join(folder, 'prod.yaml'), formatReleaseFile('prod', records));
    return folder;
  }

  function synth(folder: string, blueGreen: BlueGreenSpec = {}): K8sObject[] {
    return synthesizePlatform(
      testPlatform,
      (chart) => {
        new WebService(chart, 'web', { image: { repository }, port: 8080, blueGreen });
      },
      { environments: ['prod'], releases: folder },
    )[0].objects as K8sObject[];
  }

  const error = (run: () => unknown): PlatformError => {
    try {
      run();
    } catch (e) {
      if (e instanceof PlatformError) return e;
      throw e;
    }
    throw new Error('no PlatformError');
  };

  const records = (active: string) => ({
    'web.active': active,
    'web.blue': `${repository}:1.4.2`,
    'web.green': `${repository}:1.5.0`,
  });

  it('takes both colours and the active one from the file', () => {
    const out = synth(releases(records('green')));
    expect(find(out, 'Deployment', 'web-blue').spec.template.spec.containers[0].image).toBe(
      `${repository}:1.4.2`,
    );
    expect(find(out, 'Deployment', 'web-green').spec.template.spec.containers[0].image).toBe(
      `${repository}:1.5.0`,
    );
    expect(find(out, 'Service', 'web').spec.selector.track).toBe('green');
    expect(find(out, 'Service', 'web').metadata.labels[VERSION]).toBe('1.5.0');
  });

  it('a switch in the file (release switch) changes the Service selector only', () => {
    const before = synth(releases(records('blue')));
    const after = synth(releases(records('green')));
    expect(changes(before, after).filter((c) => !c.includes(VERSION))).toEqual([
      'Service/web spec.selector.track: blue → green',
    ]);
  });

  it('a missing record: the error names the command that records the pair', () => {
    for (const missing of ['web.active', 'web.green']) {
      const rest = Object.fromEntries(
        Object.entries(records('blue')).filter(([k]) => k !== missing),
      );
      const e = error(() => synth(releases(rest)));
      expect(e.where).toBe("WebService 'prod/web'");
      expect(e.prop).toBe('blueGreen');
      expect(e.fix).toContain(
        'gke-platform release set prod web.blue=<image> web.green=<image> web.active=blue',
      );
    }
  });

  it('refuses colours or an active colour in the code too (two sources)', () => {
    const folder = releases(records('blue'));
    const e = error(() => synth(folder, { active: 'green' }));
    expect(e.prop).toBe('blueGreen.active');
    expect(e.problem).toContain('two sources');
    expect(error(() => synth(folder, { blue: { image: `${repository}:1.0.0` } })).prop).toBe(
      'blueGreen.blue',
    );
  });

  it('pins both colours by digest where the environment requires it', () => {
    const pinned = definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: {
        prod: {
          project: 'acme-prod',
          nodePools: { general: { machineType: 'e2-standard-4' } },
          images: { requireDigest: true },
        },
      },
    });
    const digest = `sha256:${'ab12'.repeat(16)}`;
    const run = (folder: string, props: Partial<WebServiceProps>) => () =>
      synthesizePlatform(
        pinned,
        (chart) => {
          new WebService(chart, 'web', {
            image: { repository },
            port: 8080,
            blueGreen: {},
            ...props,
          });
        },
        { environments: ['prod'], releases: folder },
      );
    const tagged = error(run(releases(records('blue')), {}));
    expect(tagged.problem).toContain('requires images by digest');
    expect(tagged.fix).toContain('gke-platform release set prod web.blue=');
    const both = releases({
      'web.active': 'blue',
      'web.blue': `${repository}@${digest}`,
      'web.green': `${repository}@${digest}`,
    });
    expect(run(both, {})).not.toThrow();
    const literal = error(run(both, { image: `${repository}@${digest}`, blueGreen: pair('blue') }));
    expect(literal.prop).toBe('blueGreen.blue.image');
    expect(literal.fix).toContain('@sha256:');
  });

  it('refuses a recorded colour of another repository', () => {
    const e = error(() =>
      synth(releases({ ...records('blue'), 'web.green': `${repository}-other:1.5.0` })),
    );
    expect(e.prop).toBe('image');
    expect(e.problem).toContain(`not an image of the repository '${repository}'`);
  });
});
