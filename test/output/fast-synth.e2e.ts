import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, ROOT, ensureBuilt } from '../consumer/support/build';
import { snapshot } from '../support/files';

/**
 * `npm run synth:fast` (the TypeScript sources stripped of their types by SWC as they load)
 * writes the same bytes as `npm run synth` (compiled by tsc, then run).
 */
let work: string;
let compiled: Record<string, string>;
beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'gke-platform-fast-synth-'));
  compiled = await synth('compiled', process.execPath, [join(BUILD, 'apps', 'synth.js')]);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function synth(name: string, command: string, args: string[]): Promise<Record<string, string>> {
  const outdir = join(work, name, 'dist');
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } },
      (error, _stdout, stderr) =>
        error ? fail(new Error(`${name}: ${stderr}`)) : done(snapshot(outdir)),
    );
  });
}

test('the compiled synth writes every environment', () => {
  expect(Object.keys(compiled)).toEqual(
    expect.arrayContaining(['dev/manifests.yaml', 'staging/manifests.yaml', 'prod/manifests.yaml']),
  );
});

test('npm run synth:fast writes the same files, byte for byte, also from its cache', async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The first run strips what is not cached yet; the second finds every file cached.
  const first = await synth('fast-1', npm, ['run', '--silent', 'synth:fast']);
  const second = await synth('fast-2', npm, ['run', '--silent', 'synth:fast']);
  expect(first).toEqual(compiled);
  expect(second).toEqual(compiled);
});
