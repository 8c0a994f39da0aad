/**
 * The seams between cdk8s and this library, from a consumer project that installed the packed
 * tarball beside cdk8s-plus-27: a cdk8s-plus ConfigMap takes the environment's namespace, a
 * cdk8s-plus Deployment warns until a ForeignWorkloadPolicy covers it and is a `connections`
 * target through `foreignTarget`, `app.synth()` and `Testing.synth()` throw the PlatformError
 * `synthesizePlatform` throws and print its warnings, `synthMain` writes into CDK8S_OUTDIR,
 * and the cdk8s CLI (this repository's, as in cdk8s-cli.e2e.ts) runs the project's app.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isAllowed, type Obj, podsOf } from '../../lib/plan/network-policy-eval';
import {
  freshProject,
  lockedVersion,
  npmInstall,
  ROOT,
  run,
  tarball,
  writeJson,
} from './support/package';

/**
 * `node seams.js synth` runs synthMain; `node seams.js paths` prints each path's error;
 * `node seams.js warnings` synthesizes with `app.synth()`, then with `Testing.synth()`.
 */
const PROGRAM = `const fs = require('node:fs');
const { ApiObject, Testing } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const g = require('gke-platform');

const platform = g.definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: true },
  },
});

function define(chart) {
  new kplus.ConfigMap(chart, 'settings', { data: { mode: 'fast' } });
  const reports = new kplus.Deployment(chart, 'reports', {
    metadata: { name: 'reports' },
    securityContext: { ensureNonRoot: true },
    containers: [{ image: 'reports:2.1.0', portNumber: 9000, resources: {} }],
  });
  const service = reports.exposeViaService({ name: 'reports', ports: [{ port: 80, targetPort: 9000 }] });
  const policy = process.env.FOREIGN_POLICY
    ? new g.ForeignWorkloadPolicy(chart, 'reports-policy', { pods: reports })
    : undefined;
  new g.Worker(chart, 'web', {
    image: 'web:1.0.0',
    connections: { REPORTS: g.foreignTarget(service, { policy }) },
  });
}

function bad(chart) {
  new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_' } });
}

function thrown(synth) {
  try {
    synth();
    return 'no error';
  } catch (e) {
    return { platformError: e instanceof g.PlatformError, where: e.where, prop: e.prop, message: e.message };
  }
}

if (process.argv[2] === 'synth') g.synthMain(platform, define);
else if (process.argv[2] === 'warnings') {
  // The foreign Deployment's warning from cdk8s's own ways out of a chart.
  const app = Testing.app();
  define(new g.EnvironmentChart(app, { platform, environment: 'dev' }));
  console.error('app.synth():');
  app.synth();
  setImmediate(() => {
    console.error('Testing.synth():');
    const chart = new g.EnvironmentChart(Testing.app(), { platform, environment: 'dev' });
    define(chart);
    Testing.synth(chart);
  });
} else {
  const chartOf = (app) => {
    const chart = new g.EnvironmentChart(app, { platform, environment: 'dev' });
    bad(chart);
    return chart;
  };
  const app = Testing.app();
  chartOf(app);
  console.log(JSON.stringify({
    synthesizePlatform: thrown(() => g.synthesizePlatform(platform, bad, { releases: '/nonexistent' })),
    appSynth: thrown(() => app.synth()),
    testingSynth: thrown(() => Testing.synth(chartOf(Testing.app()))),
  }));
}
`;

const CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
let project: string;

beforeAll(() => {
  project = freshProject('cdk8s-seams');
  writeJson(path.join(project, 'package.json'), { name: 'seams-consumer', private: true });
  const pinned = ['cdk8s', 'constructs', 'cdk8s-plus-27'].map((p) => `${p}@${lockedVersion(p)}`);
  const install = npmInstall('cdk8s seams: npm install', project, [tarball(), ...pinned]);
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.output}`);
  fs.writeFileSync(path.join(project, 'seams.js'), PROGRAM);
  fs.writeFileSync(path.join(project, 'cdk8s.yaml'), 'app: node seams.js synth\n');
});

/** Runs `node seams.js <mode>` in the project with extra environment variables. */
function program(mode: string, env: Record<string, string> = {}) {
  return run(`cdk8s seams: node seams.js ${mode}`, 'node', ['seams.js', mode], {
    cwd: project,
    env: { ...process.env, ...env },
  });
}

const objectsIn = (file: string): Obj[] =>
  parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as Obj)
    .filter((o) => o !== null);

const find = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('the cdk8s seams, in a project that installed the packed tarball', () => {
  it('synthMain writes into CDK8S_OUTDIR; a cdk8s-plus ConfigMap gets the namespace; a foreign Deployment warns', () => {
    const result = program('synth', { CDK8S_OUTDIR: 'out-a' });
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(project, 'dist'))).toBe(false);
    const objects = objectsIn(path.join(project, 'out-a', 'dev', 'manifests.yaml'));
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
    expect(configMaps.length).toBeGreaterThan(0);
    for (const c of configMaps) expect(c.metadata.namespace).toBe('shop-dev');
    expect(result.output).toMatch(/warning: Deployment 'dev\/reports': .*ForeignWorkloadPolicy/);
    const [from, to] = ['web', 'reports'].map((n) => podsOf(objects).find((p) => p.name === n)!);
    expect(isAllowed(objects, { from, to, port: 9000 })).toBe(false);
  });

  it('a ForeignWorkloadPolicy silences the warning and lets the foreignTarget client in', () => {
    const result = program('synth', { CDK8S_OUTDIR: 'out-b', FOREIGN_POLICY: '1' });
    expect(result.status).toBe(0);
    expect(result.output).not.toContain('warning:');
    const objects = objectsIn(path.join(project, 'out-b', 'dev', 'manifests.yaml'));
    const web = find(objects, 'Deployment', 'web');
    expect(web?.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'REPORTS_HOST', value: 'reports.shop-dev.svc.cluster.local' },
        { name: 'REPORTS_PORT', value: '80' },
      ]),
    );
    const [from, to] = ['web', 'reports'].map((n) => podsOf(objects).find((p) => p.name === n)!);
    expect(isAllowed(objects, { from, to, port: 9000 })).toBe(true);
    expect(isAllowed(objects, { from: to, to: from, port: 9000 })).toBe(false);
  });

  it('app.synth() and Testing.synth() throw the PlatformError synthesizePlatform throws', () => {
    const result = program('paths');
    expect(result.status).toBe(0);
    const errors = JSON.parse(result.output);
    expect(errors.synthesizePlatform).toMatchObject({
      platformError: true,
      where: "ApiObject 'dev/bad'",
    });
    expect(errors.appSynth).toEqual(errors.synthesizePlatform);
    expect(errors.testingSynth).toEqual(errors.synthesizePlatform);
  });

  it('app.synth() and Testing.synth() print the warning synthMain prints, once each', () => {
    const result = program('warnings');
    expect(result.status).toBe(0);
    const warning = /^warning: Deployment 'dev\/reports': .*ForeignWorkloadPolicy.*$/m;
    const line = warning.exec(program('synth', { CDK8S_OUTDIR: 'out-c' }).output)?.[0];
    expect(line).toBeDefined();
    expect(result.output.split('\n').filter((l) => l !== '')).toEqual([
      'app.synth():',
      line,
      'Testing.synth():',
      line,
    ]);
  });

  it('the cdk8s CLI runs the app: `cdk8s synth` writes dist/, `--stdout` prints the manifests', () => {
    const cli = (...args: string[]) =>
      run(`cdk8s seams: cdk8s ${args.join(' ')}`, 'node', [CLI, ...args, '--check-upgrade=false'], {
        cwd: project,
        env: { ...process.env, FOREIGN_POLICY: '1' },
      });
    const written = cli('synth');
    expect(written.status).toBe(0);
    const objects = objectsIn(path.join(project, 'dist', 'dev', 'manifests.yaml'));
    expect(find(objects, 'NetworkPolicy', 'reports-policy')).toBeDefined();
    const printed = cli('synth', '--stdout');
    expect(printed.status).toBe(0);
    expect(printed.output).toContain('kind: ConfigMap');
    expect(printed.output).toContain('name: reports-policy');
    expect(printed.output).toContain('namespace: shop-dev');
  });
});
