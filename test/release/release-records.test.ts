import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  definePlatform,
  PlatformError,
  synthesizePlatform,
  WebService,
  Worker,
} from 'gke-platform';
import { formatReleaseFile, parseReleaseFile } from '#lib/release/release-file';

const repository = 'europe-docker.pkg.dev/acme-artifacts/apps/web';
const digest = `sha256:${'ab12'.repeat(16)}`;

const platform = definePlatform({
  name: 'acme',
  registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
  environments: {
    dev: { project: 'acme-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
    prod: {
      project: 'acme-prod',
      nodePools: { general: { machineType: 'e2-standard-4' } },
      images: { requireDigest: true },
    },
  },
});
type Env = 'dev' | 'prod';

/** A releases/ folder with these files (environment → text). */
function releases(files: Partial<Record<Env, string>>): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'releases-')), 'releases');
  mkdirSync(folder);
  for (const [env, text] of Object.entries(files)) writeFileSync(join(folder, `${env}.yaml`), text);
  return folder;
}

function synth(folder: string, environment: Env, image: unknown = { repository }) {
  return synthesizePlatform(
    platform,
    (chart) => {
      new WebService(chart, 'web', { image: image as never, port: 8080 });
    },
    { environments: [environment], releases: folder },
  )[0].objects as Record<string, any>[];
}

function error(run: () => unknown): PlatformError {
  try {
    run();
  } catch (e) {
    if (e instanceof PlatformError) return e;
    throw e;
  }
  throw new Error('no PlatformError');
}

function deployment(objects: Record<string, any>[]): Record<string, any> {
  const found = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
  if (found === undefined) throw new Error('no Deployment web');
  return found;
}

describe('release records', () => {
  test('the code names the repository, the release file the version', () => {
    const folder = releases({
      dev: formatReleaseFile('dev', { web: `${repository}:1.4.2` }),
      prod: formatReleaseFile('prod', { web: `${repository}@${digest}` }),
    });
    const dev = deployment(synth(folder, 'dev'));
    expect(dev.spec.template.spec.containers[0].image).toBe(`${repository}:1.4.2`);
    expect(dev.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
    const prod = deployment(synth(folder, 'prod'));
    expect(prod.spec.template.spec.containers[0].image).toBe(`${repository}@${digest}`);
    expect(prod.metadata.labels['app.kubernetes.io/version']).toBe('ab12ab12ab12');
  });

  test('a literal image keeps working, with or without a release folder', () => {
    const objects = synth(join(tmpdir(), 'no-such-folder'), 'dev', `${repository}:2.0.0`);
    expect(deployment(objects).spec.template.spec.containers[0].image).toBe(`${repository}:2.0.0`);
  });

  test('a sidecar is recorded as <workload>/<container>', () => {
    const folder = releases({
      dev: formatReleaseFile('dev', {
        web: `${repository}:1.0.0`,
        'web/proxy': `${repository}-proxy:3.1.0`,
      }),
    });
    const [objects] = synthesizePlatform(
      platform,
      (chart) => {
        new WebService(chart, 'web', {
          image: { repository },
          port: 8080,
          sidecars: [{ name: 'proxy', image: { repository: `${repository}-proxy` } }],
        });
      },
      { environments: ['dev'], releases: folder },
    );
    const containers = deployment(objects.objects as never).spec.template.spec.containers;
    expect(containers.map((c: { image: string }) => c.image)).toEqual([
      `${repository}:1.0.0`,
      `${repository}-proxy:3.1.0`,
    ]);
  });

  test('no recorded version: the error names the command that records one', () => {
    const e = error(() => synth(releases({ dev: formatReleaseFile('dev', {}) }), 'dev'));
    expect(e.where).toBe("WebService 'dev/web'");
    expect(e.problem).toContain("records no version of 'web' for the environment 'dev'");
    expect(e.fix).toContain('gke-platform release set dev web=');
    // No file at all: the same error.
    const missing = error(() => synth(releases({}), 'dev'));
    expect(missing.problem).toMatch(/releases\/dev\.yaml records no version of 'web'/);
  });

  test('a recorded image of another repository is refused', () => {
    const folder = releases({
      dev: formatReleaseFile('dev', { web: 'europe-docker.pkg.dev/acme-artifacts/apps/api:1.0.0' }),
    });
    const e = error(() => synth(folder, 'dev'));
    expect(e.problem).toContain(`which is not an image of the repository '${repository}'`);
    expect(e.problem).toMatch(/releases\/dev\.yaml:3/);
  });

  test('a repository with a tag in the code is refused', () => {
    const folder = releases({ dev: formatReleaseFile('dev', { web: `${repository}:1.0.0` }) });
    const e = error(() => synth(folder, 'dev', { repository: `${repository}:1.0.0` }));
    expect(e.prop).toBe('image.repository');
  });

  test('the recorded image must come from a declared registry', () => {
    const other = 'europe-docker.pkg.dev/elsewhere/apps/web';
    const folder = releases({ dev: formatReleaseFile('dev', { web: `${other}:1.0.0` }) });
    const e = error(() => synth(folder, 'dev', { repository: other }));
    expect(e.prop).toBe('image');
    expect(e.problem).toContain('elsewhere');
  });

  test('a tag where the environment requires digests is refused with the command that pins it', () => {
    const folder = releases({ prod: formatReleaseFile('prod', { web: `${repository}:1.4.2` }) });
    const e = error(() => synth(folder, 'prod'));
    expect(e.problem).toContain("the environment 'prod' requires images by digest");
    expect(e.fix).toContain(`gke-platform release set prod web=${repository}@sha256:`);
    // Literal images too: the setting is about what runs, wherever it is written.
    const literal = error(() => synth(folder, 'prod', `${repository}:1.4.2`));
    expect(literal.problem).toContain('requires images by digest');
  });

  test('a record of a workload the code no longer has is an error naming file and line', () => {
    const folder = releases({
      dev: formatReleaseFile('dev', { api: `${repository}:1.0.0`, web: `${repository}:1.0.0` }),
    });
    const e = error(() => synth(folder, 'dev'));
    expect(e.where).toMatch(/releases\/dev\.yaml:3$/);
    expect(e.problem).toContain("records an image for 'api'");
  });

  test('a record of a workload whose image is a literal is an error too', () => {
    const folder = releases({ dev: formatReleaseFile('dev', { web: `${repository}:1.0.0` }) });
    const e = error(() =>
      synthesizePlatform(
        platform,
        (chart) => {
          new Worker(chart, 'web', { image: `${repository}:1.0.0` });
        },
        { environments: ['dev'], releases: folder },
      ),
    );
    expect(e.problem).toContain("records an image for 'web'");
  });
});

describe('a release file of no environment', () => {
  test('is an error naming it and the environments (a misspelt release set)', () => {
    const folder = releases({ dev: formatReleaseFile('dev', { web: `${repository}:1.0.0` }) });
    writeFileSync(join(folder, 'prdo.yaml'), formatReleaseFile('prdo', {}));
    const e = error(() => synth(folder, 'dev'));
    expect(e.where).toMatch(/prdo\.yaml$/);
    expect(e.problem).toBe(
      "'prdo' is not an environment of the platform, so no synth reads the file",
    );
    expect(e.fix).toBe('rename it after one of dev, prod, or delete it');
  });

  test('a folder beside the files (previews) is not one', () => {
    const folder = releases({ dev: formatReleaseFile('dev', { web: `${repository}:1.0.0` }) });
    mkdirSync(join(folder, 'previews'));
    expect(() => synth(folder, 'dev')).not.toThrow();
  });
});

describe('release files', () => {
  test('are written with a header, one line per workload, keys sorted', () => {
    expect(formatReleaseFile('prod', { web: 'r/web:2', api: 'r/api:1' })).toBe(
      [
        "# The images that run in the environment 'prod', one line per workload.",
        '# Written by `gke-platform release set|promote|rollback`; the code names only repositories.',
        'api: r/api:1',
        'web: r/web:2',
        '',
      ].join('\n'),
    );
  });

  test('read back what they write', () => {
    const records = parseReleaseFile(
      'releases/dev.yaml',
      formatReleaseFile('dev', { web: 'r/web:2' }),
    );
    expect([...records.images]).toEqual([['web', { image: 'r/web:2', line: 3 }]]);
  });

  test.each([
    ['web r/web:2', 'line', "which is not '<workload>: <image>'"],
    ['Web: r/web:2', 'workload', 'which is not a workload name'],
    ['web: r/web', 'web', 'not an image reference with a tag or digest'],
    ['web: r/Web:2', 'web', 'not an image reference'],
    ['web: r/web:2\nweb: r/web:3', 'web', 'a second time (first on line 2)'],
  ])('malformed %j: an error naming file and line', (body, prop, problem) => {
    const e = error(() => parseReleaseFile('releases/dev.yaml', `# header\n${body}\n`));
    expect(e.where).toMatch(/^releases\/dev\.yaml:[23]$/);
    expect(e.prop).toBe(prop);
    expect(e.problem).toContain(problem);
  });
});
