import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs the example's synth (synthesize and serialize every environment) in a fresh node
 * process, with TypeScript compiled on the fly (by SWC, as the tests' transform: loading and
 * running the TypeScript compiler took most of this child's time), and reports every module it
 * loaded and every file it read.
 */
const SYNTH = `
const fs = require('node:fs');
const swc = require('@swc/core');
const readFileSync = fs.readFileSync;
require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
const read = new Set();
fs.readFileSync = function (file, ...rest) {
  read.add(String(file));
  return readFileSync.call(this, file, ...rest);
};
const { synthesizePlatform, toYaml } = require('./lib');
const { defineShop } = require('./apps/main');
const { platform } = require('./apps/platform');
let bytes = 0;
for (const m of synthesizePlatform(platform, defineShop)) bytes += toYaml(m.objects).length;
process.stdout.write(JSON.stringify({ bytes, modules: Object.keys(require.cache), read: [...read] }));
`;

describe('a synth', () => {
  const { bytes, modules, read } = JSON.parse(
    execFileSync(process.execPath, ['-e', SYNTH], { cwd: ROOT, encoding: 'utf8' }),
  ) as { bytes: number; modules: string[]; read: string[] };

  it('ran', () => {
    expect(bytes).toBeGreaterThan(10_000);
    expect(modules.some((m) => m.endsWith(join('lib', 'output', 'yaml.ts')))).toBe(true);
  });

  it.each([
    ['Pulumi', /[/\\]node_modules[/\\]@pulumi[/\\]/],
    ['Ajv', /[/\\]node_modules[/\\]ajv[/\\]/],
    [
      'cdk8s-plus-27 module (2.5 MB of generated classes)',
      /[/\\]node_modules[/\\]cdk8s-plus-27[/\\]/,
    ],
    [
      'yaml package of its own (cdk8s loads the copy it bundles)',
      /[/\\]node_modules[/\\]yaml[/\\]/,
    ],
    ['lib/infra module (the Pulumi side)', /[/\\]lib[/\\]infra[/\\]/],
  ])('loads no %s', (_, pattern) => {
    const cdk8sOwnYaml = /[/\\]node_modules[/\\]cdk8s[/\\]node_modules[/\\]/;
    expect(modules.filter((m) => pattern.test(m) && !cdk8sOwnYaml.test(m))).toEqual([]);
  });

  it('reads no schema and no Polaris check (validation loads them when it runs)', () => {
    expect(read.filter((f) => /[/\\]schemas[/\\]/.test(f))).toEqual([]);
  });
});
