/** `gke-platform gitops`, in process, from a synth output folder. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { ...process.env, NO_COLOR: '' },
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const namespace = (name: string, env: string) => `---
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: { app.kubernetes.io/part-of: shop, environment: ${env} }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gke-platform-gitops-'));
  for (const [env, ns] of [
    ['dev', 'shop-dev'],
    ['prod', 'shop-live'],
  ]) {
    mkdirSync(join(dir, 'dist', env), { recursive: true });
    writeFileSync(join(dir, 'dist', env, 'manifests.yaml'), namespace(ns, env));
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const repo = 'https://github.com/acme/shop.git';

test('argocd: an Application per folder, its namespace from the Namespace, the platform from its label', async () => {
  const { code, stdout } = await cli(
    ['gitops', '--tool', 'argocd', '--repo', repo, '--from', 'dist'],
    dir,
  );
  expect(code).toBe(0);
  const apps = parseAllDocuments(stdout).map((d) => d.toJS());
  expect(apps.map((a) => [a.metadata.name, a.spec.source.path, a.spec.destination])).toEqual([
    ['shop-dev', 'dist/dev', { name: 'shop-dev', namespace: 'shop-dev' }],
    ['shop-prod', 'dist/prod', { name: 'shop-prod', namespace: 'shop-live' }],
  ]);
});

test('flux with --depends-on, --revision, --path, --no-prune, as JSON into --out', async () => {
  const args = [
    'gitops',
    '--tool',
    'flux',
    '--repo',
    repo,
    '--from',
    'dist',
    '--revision',
    'release',
  ];
  args.push('--path', 'gitops/dist', '--depends-on', 'prod=dev', '--no-prune', '--format', 'json');
  const { code, stdout } = await cli([...args, '--out', 'flux.json'], dir);
  expect(code).toBe(0);
  expect(stdout).toBe('Wrote 3 flux objects into flux.json\n');
  const list = JSON.parse(readFileSync(join(dir, 'flux.json'), 'utf8'));
  expect(list.kind).toBe('List');
  const [source, dev, prod] = list.items;
  expect(source.spec.ref).toEqual({ branch: 'release' });
  expect([dev.spec.path, dev.spec.prune, dev.spec.dependsOn]).toEqual([
    './gitops/dist/dev',
    false,
    undefined,
  ]);
  expect(prod.spec.dependsOn).toEqual([{ name: 'shop-dev' }]);
});

test('--server and --application-set', async () => {
  const args = [
    'gitops',
    '--tool',
    'argocd',
    '--repo',
    repo,
    '--from',
    'dist',
    '--application-set',
  ];
  args.push('--server', 'dev=https://10.0.0.1', '--server', 'prod=https://10.0.0.2');
  const { code, stdout } = await cli(args, dir);
  expect(code).toBe(0);
  const [set] = parseAllDocuments(stdout).map((d) => d.toJS());
  expect(set.spec.generators[0].list.elements).toEqual([
    { environment: 'dev', namespace: 'shop-dev', server: 'https://10.0.0.1' },
    { environment: 'prod', namespace: 'shop-live', server: 'https://10.0.0.2' },
  ]);
});

test('bad input: a usage error or a PlatformError, never a stack trace', async () => {
  expect((await cli(['gitops', '--tool', 'spinnaker', '--repo', repo], dir)).code).toBe(2);
  expect((await cli(['gitops', '--tool', 'flux', '--from', 'dist'], dir)).code).toBe(2);
  const selfHeal = await cli(
    ['gitops', '--tool', 'flux', '--repo', repo, '--from', 'dist', '--no-self-heal'],
    dir,
  );
  expect(selfHeal.code).toBe(1);
  expect(selfHeal.stderr).toContain("'selfHeal' is an Argo CD option");
  writeFileSync(
    join(dir, 'dist', 'dev', 'manifests.yaml'),
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n',
  );
  const none = await cli(['gitops', '--tool', 'flux', '--repo', repo, '--from', 'dist'], dir);
  expect(none.code).toBe(1);
  expect(none.stderr).toContain('holds 0 Namespace objects');
});
