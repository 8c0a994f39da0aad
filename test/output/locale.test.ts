import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ensureBuilt } from '../consumer/support/build';
import { snapshot } from '../support/files';

/**
 * The bytes of dist/ do not depend on the locale. Node takes its default ICU locale from
 * LC_ALL / LANG, and `localeCompare`, `Intl.Collator` and `toLocale*` follow it: Turkish sorts
 * `Ib` before `ia` (its `I` is the capital of dotless `ı`), Danish sorts `aa` after `z`.
 */
const LOCALES = ['C', 'en_US.UTF-8', 'tr_TR.UTF-8', 'sv_SE.UTF-8', 'de_DE.UTF-8', 'da_DK.UTF-8'];

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'gke-platform-locale-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runIn(locale: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, args, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, LANG: locale, LC_ALL: locale, LANGUAGE: '', ...extraEnv },
  });
  if (run.status !== 0) throw new Error(`${locale}: ${run.stderr}`);
  return run.stdout;
}

it('the child processes really run in each locale', () => {
  const locales = LOCALES.map((locale) =>
    runIn(locale, ['-e', 'process.stdout.write(Intl.DateTimeFormat().resolvedOptions().locale)']),
  );
  expect(locales).toEqual(['en-US', 'en-US', 'tr-TR', 'sv-SE', 'de-DE', 'da-DK']);
});

it('the example synthesizes to the same bytes under every locale', () => {
  const outputs = LOCALES.map((locale) => {
    const outdir = join(work, locale, 'dist');
    runIn(locale, [join(BUILD, 'apps', 'synth.js')], { CDK8S_OUTDIR: outdir });
    return snapshot(outdir);
  });
  expect(Object.keys(outputs[0]).length).toBeGreaterThan(0);
  for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
});

it('tolerations come in code-unit order under every locale', () => {
  // Keys whose order differs between locales under localeCompare: en/sv/de give aardvark, b,
  // ia, Ib; tr gives aardvark, b, Ib, ia; da gives b, ia, Ib, aardvark.
  const script = `
    const { tolerationsFor } = require(${JSON.stringify(join(BUILD, 'lib'))});
    const taints = ['example.com/ia', 'example.com/b', 'example.com/Ib', 'example.com/aardvark']
      .map((key) => ({ key, value: 'true', effect: 'NoSchedule' }));
    process.stdout.write(JSON.stringify(tolerationsFor(taints).map((t) => t.key)));`;
  for (const locale of LOCALES) {
    // UTF-16 code units: 'I' (0x49) < 'a' (0x61) < 'b' < 'i'.
    expect([locale, JSON.parse(runIn(locale, ['-e', script]))]).toEqual([
      locale,
      ['example.com/Ib', 'example.com/aardvark', 'example.com/b', 'example.com/ia'],
    ]);
  }
});
