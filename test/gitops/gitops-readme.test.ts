/**
 * README's "GitOps" section shows what `gke-platform gitops` writes for the example platform,
 * exactly: each block's first line is the command, the rest its output for the example's dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { runCli } from '#lib/cli/cli';
import { synthesizePlatform } from '#lib/output/synthesize';
import { writeManifests } from '#lib/output/write-manifests';
import { readmeSnippets } from '../consumer/readme-snippets';

const root = resolve(__dirname, '..', '..');
const PREFIX = '# npx gke-platform gitops ';

test('the README blocks are the generator output for the example platform', async () => {
  const blocks = readmeSnippets(readFileSync(join(root, 'README.md'), 'utf8')).filter((s) =>
    s.body.startsWith(PREFIX),
  );
  expect(blocks.map((b) => b.body.split('\n')[0])).toEqual([
    expect.stringContaining('--tool argocd'),
    expect.stringContaining('--tool flux'),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'gke-platform-gitops-readme-'));
  try {
    writeManifests(synthesizePlatform(platform, defineShop), join(dir, 'dist'));
    for (const block of blocks) {
      const [command, ...shown] = block.body.split('\n');
      let stdout = '';
      const args = command.slice(PREFIX.length).split(' ');
      const io = {
        stdout: (t: string) => (stdout += t),
        stderr: () => {},
        cwd: dir,
        env: process.env,
        isTty: false,
      };
      expect(await runCli(['gitops', ...args], io)).toBe(0);
      expect(shown.join('\n')).toBe(stdout.trimEnd());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
