import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  definePlatform,
  PlatformError,
  synthesizePlatform,
  WebEntrypoint,
  WebService,
  type CanarySpec,
} from 'gke-platform';
import { parseReleaseFile } from '#lib/release/release-file';
import {
  canaryChanges,
  releaseKey,
  servedWorkloads,
  servingImage,
  switchChanges,
} from '#lib/release/track-records';
import { validateObjects } from '#lib/validate/validate-object';

/*
 * Release tracks in release files: a canary's image and weight (`web.canary`,
 * `web.canary-weight`), a blue-green pair's colours (`web.blue`, `web.green`, `web.active`),
 * and what the release commands write for them.
 */

const repository = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const at = (c: string) => `${repository}@${digest(c)}`;

const platform = definePlatform({
  name: 'acme',
  registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
  environments: {
    dev: { project: 'acme-dev', nodePools: { general: { machineType: 'e2-standard-4' } } },
    prod: {
      project: 'acme-prod',
      nodePools: { general: { machineType: 'e2-standard-4' } },
      images: { requireDigest: true },
    },
  },
});

function releases(env: string, lines: Record<string, string>): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'releases-')), 'releases');
  mkdirSync(folder);
  const text = Object.entries(lines).map(([k, v]) => `${k}: ${v}\n`);
  writeFileSync(join(folder, `${env}.yaml`), text.join(''));
  return folder;
}

function synth(
  folder: string,
  env: 'dev' | 'prod' = 'prod',
  canary?: CanarySpec | false,
): Record<string, any>[] {
  return synthesizePlatform(
    platform,
    (chart) => {
      const web = new WebService(chart, 'web', { image: { repository }, port: 8080, canary });
      new WebEntrypoint(chart, 'front', { frontDoor: 'gateway' }).route('/', web);
    },
    { environments: [env], releases: folder },
  )[0].objects as Record<string, any>[];
}

const find = (objects: Record<string, any>[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
};

function error(run: () => unknown): PlatformError {
  try {
    run();
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error('no PlatformError');
}

describe('a canary recorded in the release file', () => {
  const folder = releases('prod', {
    web: at('a'),
    'web.canary': at('b'),
    'web.canary-weight': '10',
  });

  test('runs the canary image beside the stable one, weighted on the route', () => {
    const out = synth(folder);
    expect(find(out, 'Deployment', 'web').spec.template.spec.containers[0].image).toBe(at('a'));
    const canary = find(out, 'Deployment', 'web-canary');
    expect(canary.spec.template.spec.containers[0].image).toBe(at('b'));
    expect(canary.spec.replicas).toBe(1);
    const route = out.find((o) => o.kind === 'HTTPRoute');
    expect(route?.spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80, weight: 90 },
      { name: 'web-canary', port: 80, weight: 10 },
    ]);
    expect(validateObjects(out as never)).toEqual([]);
  });

  test("the code's canary gives only the size", () => {
    const out = synth(folder, 'prod', { replicas: 3 });
    expect(find(out, 'Deployment', 'web-canary').spec.replicas).toBe(3);
  });

  test('the code turning the canary off makes the lines an error naming --abort', () => {
    const e = error(() => synth(folder, 'prod', false));
    expect(e.where).toMatch(/prod\.yaml:2$/);
    expect(e.prop).toBe('web.canary');
    expect(e.fix).toBe("delete the canary's lines: gke-platform release canary prod web --abort");
  });

  test('an image or weight in the code as well is refused: one source', () => {
    const e = error(() => synth(folder, 'prod', { weight: 20 }));
    expect(e.prop).toBe('canary.weight');
    expect(e.fix).toContain('gke-platform release canary prod web=<image> --weight 10');
  });

  test('a canary without its weight, or of another repository, or by tag in prod', () => {
    expect(
      error(() => synth(releases('prod', { web: at('a'), 'web.canary': at('b') }))).problem,
    ).toBe("records a canary without its weight ('web.canary-weight')");
    const other = 'europe-docker.pkg.dev/acme-artifacts/apps/api@' + digest('b');
    expect(
      error(() =>
        synth(releases('prod', { web: at('a'), 'web.canary': other, 'web.canary-weight': '5' })),
      ).prop,
    ).toBe('canary.image');
    const tagged = error(() =>
      synth(
        releases('prod', {
          web: at('a'),
          'web.canary': `${repository}:1.1.0`,
          'web.canary-weight': '5',
        }),
      ),
    );
    expect(tagged.prop).toBe('canary.image');
    expect(tagged.problem).toMatch(/digest/);
  });

  test('a weight alone, without the canary image, is an unread record', () => {
    const e = error(() =>
      synth(releases('dev', { web: at('a'), 'web.canary-weight': '5' }), 'dev'),
    );
    expect(e.prop).toBe('web.canary-weight');
  });
});

describe('the release file format for tracks', () => {
  test('reads images and settings apart, with their lines', () => {
    const records = parseReleaseFile(
      'releases/prod.yaml',
      `web.active: blue\nweb.blue: ${at('a')}\nweb.green: ${at('b')}\n`,
    );
    expect([...records.images.keys()]).toEqual(['web.blue', 'web.green']);
    expect(records.settings?.get('web.active')).toEqual({ value: 'blue', line: 1 });
  });

  test.each([
    ['web.canary-weight', '101', 'a whole number from 0 to 100'],
    ['web.canary-weight', '1.5', 'a whole number from 0 to 100'],
    ['web.active', 'red', "'blue' or 'green'"],
    ['web.purple', at('a'), 'not a workload name'],
  ])('refuses %s: %s', (key, value, message) => {
    const e = error(() => parseReleaseFile('releases/prod.yaml', `${key}: ${value}\n`));
    expect(`${e.problem} ${e.fix}`).toContain(message);
  });
});

describe('what the release commands write', () => {
  const pair = new Map([
    ['web.active', 'blue'],
    ['web.blue', at('a')],
    ['web.green', at('b')],
    ['api', at('c')],
    ['api.canary', at('d')],
    ['api.canary-weight', '10'],
  ]);

  test('set and promote write the idle colour of a pair, the line of anything else', () => {
    expect(releaseKey(pair, 'web')).toBe('web.green');
    expect(releaseKey(pair, 'api')).toBe('api');
    expect(servingImage(pair, 'web')).toBe(at('a'));
    expect(servedWorkloads(pair)).toEqual(['api', 'web']);
  });

  test('canary: start, move the weight, promote, abort', () => {
    expect(
      canaryChanges(new Map([['api', at('c')]]), 'prod', 'api', { image: at('d'), weight: '5' }),
    ).toEqual(
      new Map([
        ['api.canary', at('d')],
        ['api.canary-weight', '5'],
      ]),
    );
    expect(canaryChanges(pair, 'prod', 'api', { weight: '50' })).toEqual(
      new Map([['api.canary-weight', '50']]),
    );
    expect(canaryChanges(pair, 'prod', 'api', { promote: true })).toEqual(
      new Map([
        ['api.canary', undefined],
        ['api.canary-weight', undefined],
        ['api', at('d')],
      ]),
    );
    expect(canaryChanges(pair, 'prod', 'api', { abort: true })).toEqual(
      new Map([
        ['api.canary', undefined],
        ['api.canary-weight', undefined],
      ]),
    );
  });

  test('canary: what cannot be done is a clear error', () => {
    const none = new Map([['api', at('c')]]);
    expect(error(() => canaryChanges(none, 'prod', 'api', { image: at('d') })).fix).toMatch(
      /--weight 10/,
    );
    expect(error(() => canaryChanges(none, 'prod', 'api', { weight: '5' })).problem).toBe(
      "finds no canary of 'api' in prod to move",
    );
    expect(error(() => canaryChanges(none, 'prod', 'api', { promote: true })).prop).toBe(
      '--promote',
    );
    expect(
      error(() => canaryChanges(pair, 'prod', 'api', { promote: true, abort: true })).problem,
    ).toBe('ask for more than one thing');
    expect(error(() => canaryChanges(pair, 'prod', 'api', { weight: '500' })).prop).toBe(
      'api.canary-weight',
    );
    // Without a canary, the bad weight is said first, not repeated in a fix.
    expect(error(() => canaryChanges(none, 'prod', 'api', { weight: '150' })).prop).toBe(
      'api.canary-weight',
    );
  });

  test('switch flips the active colour, or sets the one named', () => {
    expect(switchChanges(pair, 'prod', 'web')).toEqual(new Map([['web.active', 'green']]));
    expect(switchChanges(pair, 'prod', 'web', 'blue')).toEqual(new Map([['web.active', 'blue']]));
    expect(error(() => switchChanges(pair, 'prod', 'api')).fix).toBe(
      'record both colours and the active one: gke-platform release set prod api.blue=<image> api.green=<image> api.active=blue',
    );
    const half = new Map([
      ['web.active', 'blue'],
      ['web.blue', at('a')],
    ]);
    expect(error(() => switchChanges(half, 'prod', 'web')).problem).toBe(
      "'green' has no recorded image",
    );
  });
});
