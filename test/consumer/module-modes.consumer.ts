/**
 * The packed tarball in a fresh consumer project, in every module mode a TypeScript user
 * may have: both entry points, `gke-platform` and `gke-platform/infra`, must type-check, and
 * the CommonJS and ES module programs must run and synthesize.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  freshProject,
  lockedVersion,
  npmInstall,
  ROOT,
  run,
  tarball,
  writeJson,
} from './support/package';

interface Mode {
  /** Folder of the mode inside the consumer project. */
  readonly dir: string;
  /** What a consumer writes in tsconfig.json, beyond what every mode shares. */
  readonly compilerOptions: Record<string, unknown>;
  /** The `type` of the folder's package.json, which decides CommonJS or ES module. */
  readonly packageType: 'commonjs' | 'module';
  /** How the emitted JavaScript imports the infra entry point, proving the mode. */
  readonly emits?: RegExp;
}

const MODES: Record<string, Mode> = {
  // `module: commonjs` without moduleResolution means node10, which ignores `exports`: the
  // `typesVersions` of package.json is what finds gke-platform/infra's types. skipLibCheck
  // off here: the package's .d.ts files must compile as a strict consumer compiles them.
  'CommonJS, moduleResolution node10 (the default of module commonjs)': {
    dir: 'cjs-node10',
    compilerOptions: { module: 'commonjs', skipLibCheck: false },
    packageType: 'commonjs',
    emits: /require\("gke-platform\/infra"\)/,
  },
  'CommonJS, module node16': {
    dir: 'cjs-node16',
    compilerOptions: { module: 'node16' },
    packageType: 'commonjs',
    emits: /require\("gke-platform\/infra"\)/,
  },
  'ES module, module nodenext, "type": "module"': {
    dir: 'esm-nodenext',
    compilerOptions: { module: 'nodenext' },
    packageType: 'module',
    emits: /from 'gke-platform\/infra'/,
  },
  'bundler, module esnext': {
    dir: 'bundler-esnext',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
    packageType: 'module',
  },
  'bundler, module preserve': {
    dir: 'bundler-preserve',
    compilerOptions: { module: 'preserve', moduleResolution: 'bundler' },
    packageType: 'module',
  },
};

const PROGRAM = path.join(ROOT, 'test', 'consumer', 'project', 'both-entry-points.ts');

/** The packages a consumer of both entry points installs, at this repository's versions. */
const PEERS = [
  'cdk8s',
  'constructs',
  '@pulumi/pulumi',
  '@pulumi/gcp',
  '@pulumi/kubernetes',
  'typescript',
  '@types/node',
];

let project: string;

beforeAll(() => {
  project = freshProject('module-modes');
  writeJson(path.join(project, 'package.json'), { name: 'consumer', private: true });
  const installed = npmInstall('install the tarball and the peers (module modes)', project, [
    tarball(),
    ...PEERS.map((name) => `${name}@${lockedVersion(name)}`),
  ]);
  if (installed.status !== 0) throw new Error(`npm install failed:\n${installed.output}`);
  for (const mode of Object.values(MODES)) {
    const dir = path.join(project, mode.dir);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(PROGRAM, path.join(dir, 'main.ts'));
    writeJson(path.join(dir, 'package.json'), { type: mode.packageType });
    writeJson(path.join(dir, 'tsconfig.json'), {
      compilerOptions: {
        target: 'ES2022',
        strict: true,
        skipLibCheck: true,
        outDir: 'out',
        types: [],
        ...mode.compilerOptions,
      },
      files: ['main.ts'],
    });
  }
});

describe.each(Object.entries(MODES))('%s', (name, mode) => {
  const tsc = () => path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');

  it('type-checks both entry points', () => {
    const dir = path.join(project, mode.dir);
    const r = run(`tsc: ${name}`, process.execPath, [tsc(), '-p', 'tsconfig.json'], { cwd: dir });
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  if (mode.emits) {
    const emits = mode.emits;
    it('runs with node and synthesizes', () => {
      const dir = path.join(project, mode.dir);
      const js = path.join(dir, 'out', 'main.js');
      expect(fs.readFileSync(js, 'utf8')).toMatch(emits);
      const r = run(`node: ${name}`, process.execPath, [js], { cwd: dir });
      expect(r.status).toBe(0);
      const result = JSON.parse(r.output.trim().split('\n').pop()!);
      expect(result).toEqual({
        type: 'gke-platform:index:GkePlatform',
        environments: ['dev', 'prod'],
        // The environment's default-deny NetworkPolicy, then the workload's objects.
        kinds: [
          'Namespace',
          'NetworkPolicy',
          'ServiceAccount',
          'NetworkPolicy',
          'Deployment',
          'Service',
        ],
        yamlDocuments: 6,
      });
    });
  }
});
