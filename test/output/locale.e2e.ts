import { execFile } from 'node:child_process';
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

const TOLERATIONS = `
  const { tolerationsFor } = require(${JSON.stringify(join(BUILD, 'lib', 'workloads', 'pod', 'placement'))});
  const taints = ['example.com/ia', 'example.com/b', 'example.com/Ib', 'example.com/aardvark']
    .map((key) => ({ key, value: 'true', effect: 'NoSchedule' }));
  process.stdout.write(JSON.stringify({
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    tolerations: tolerationsFor(taints).map((t) => t.key),
  }));`;

/** What one child process per locale saw: its ICU locale and the tolerations' order. */
let seen: { locale: string; tolerations: string[] }[];
/** The example's dist/ as each locale's synth wrote it. */
let outputs: Record<string, string>[];

let work: string;
beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'gke-platform-locale-'));
  // Every child at once: each locale's probe and its synth are independent processes.
  [seen, outputs] = await Promise.all([
    Promise.all(
      LOCALES.map(async (locale) => JSON.parse(await runIn(locale, ['-e', TOLERATIONS]))),
    ),
    Promise.all(
      LOCALES.map(async (locale) => {
        const outdir = join(work, locale, 'dist');
        await runIn(locale, [join(BUILD, 'apps', 'synth.js')], { CDK8S_OUTDIR: outdir });
        return snapshot(outdir);
      }),
    ),
  ]);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runIn(locale: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, LANG: locale, LC_ALL: locale, LANGUAGE: '', ...extraEnv },
      },
      (error, stdout, stderr) => (error ? fail(new Error(`${locale}: ${stderr}`)) : done(stdout)),
    );
  });
}

it('the child processes really run in each locale', () => {
  expect(seen.map((s) => s.locale)).toEqual(['en-US', 'en-US', 'tr-TR', 'sv-SE', 'de-DE', 'da-DK']);
});

it('the example synthesizes to the same bytes under every locale', () => {
  expect(Object.keys(outputs[0]).length).toBeGreaterThan(0);
  for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
});

it('tolerations come in code-unit order under every locale', () => {
  // Keys whose order differs between locales under localeCompare: en/sv/de give aardvark, b,
  // ia, Ib; tr gives aardvark, b, Ib, ia; da gives b, ia, Ib, aardvark.
  LOCALES.forEach((locale, i) => {
    // UTF-16 code units: 'I' (0x49) < 'a' (0x61) < 'b' < 'i'.
    expect([locale, seen[i].tolerations]).toEqual([
      locale,
      ['example.com/Ib', 'example.com/aardvark', 'example.com/b', 'example.com/ia'],
    ]);
  });
});
