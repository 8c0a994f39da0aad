import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE } from '#lib/output/write-manifests';
import { temporaryName } from '#lib/output/durable-write';
import {
  byIdentity,
  exampleObjects,
  fleetObjects,
  kubectlKind,
  parseObjects,
  writeExample,
  writeFleetExample,
} from './support/example-output';
import {
  API_RESOURCES,
  type FakeApiServer,
  type Kubectl,
  oldestAndNewestKubectl,
  runKubectl,
  startFakeApiServer,
} from './support/kubectl';

/**
 * The README's deploy and teardown commands, `kubectl apply -f dist/<env>` and
 * `kubectl delete -f dist/<env> --wait`, and `kubectl kustomize dist/<env>`, run by the oldest
 * and the newest kubectl on the machine against the folder the example's synth writes. The
 * commands run as client-side dry runs against a loopback server that answers API discovery:
 * kubectl maps every object's kind to a resource through discovery, which is where a
 * `kustomization.yaml` in the folder used to fail (`no matches for kind "Kustomization"`).
 * The fleet example's cluster folders (`prod/euw1`, `prod/ane1` of apps/fleet) too, each as its
 * cluster's `kubectl apply -f` takes it.
 */
const kubectls = oldestAndNewestKubectl();
const fleet = fleetObjects();
const expected = {
  ...exampleObjects(),
  ...Object.fromEntries(Object.entries(fleet).map(([folder, o]) => [`fleet/${folder}`, o])),
};
const environments = Object.keys(expected);

if (kubectls.length === 0) {
  if (process.env.CI) {
    test('kubectl is installed (CI runs these tests)', () => {
      throw new Error('no kubectl on PATH: CI must run the kubectl consumer tests');
    });
  } else {
    console.warn('SKIPPED test/consumer/kubectl.e2e.ts: no kubectl on PATH');
    test.skip('kubectl apply/delete/kustomize (no kubectl on PATH)', () => undefined);
  }
} else {
  let work: string;
  let dist: string;
  let server: FakeApiServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gke-platform-kubectl-'));
    dist = join(work, 'dist');
    writeExample(dist);
    writeFleetExample(join(dist, 'fleet'));
    // What a writer killed mid-file leaves: kubectl must not read it.
    for (const environment of environments) {
      writeFileSync(join(dist, environment, temporaryName(MANIFEST_FILE, 999999)), 'kind: [');
    }
    server = await startFakeApiServer(work);
    // A HOME of its own: kubectl caches discovery under ~/.kube/cache.
    env = { PATH: process.env.PATH, HOME: work, KUBECONFIG: server.kubeconfig };
    // Every version's discovery cache is filled once, then the tests' commands all start at
    // once (each kubectl mostly waits on the loopback server); each test awaits its own.
    await Promise.all(kubectls.map((kubectl) => runKubectl(kubectl, ['api-resources'], env)));
    for (const kubectl of kubectls) {
      for (const environment of environments) {
        for (const args of commands(environment)) started(kubectl, args);
      }
    }
  });

  /** The commands each kubectl runs on an environment's folder. */
  const commands = (environment: string): string[][] => [
    ['apply', '--dry-run=client', '--validate=false', '-o', 'name', '-f', join(dist, environment)],
    ['delete', '--dry-run=client', '--wait', '-f', join(dist, environment)],
    ['kustomize', join(dist, environment)],
  ];
  const runs = new Map<string, ReturnType<typeof runKubectl>>();
  /** The run of `kubectl args`, started on first use. */
  function started(kubectl: Kubectl, args: string[]): ReturnType<typeof runKubectl> {
    const key = `${kubectl.path}\0${args.join('\0')}`;
    if (!runs.has(key)) runs.set(key, runKubectl(kubectl, args, env));
    return runs.get(key)!;
  }

  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('serves discovery for every kind the example writes', () => {
    const served = new Set(API_RESOURCES.map((r) => `${r.group}/${r.kind}`));
    const kinds = Object.values(expected)
      .flat()
      .map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`);
    expect([...new Set(kinds)].filter((k) => !served.has(k))).toEqual([]);
  });

  describe.each(kubectls.map((k): [string, Kubectl] => [k.version, k]))(
    'kubectl %s',
    (_version, kubectl) => {
      it.each(environments)(
        'apply -f dist/%s (dry run) creates every object, in file order',
        async (environment) => {
          const run = await started(kubectl, commands(environment)[0]);
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          expect(run.stdout.trim().split('\n')).toEqual(
            expected[environment].map((o) => `${kubectlKind(o)}/${o.metadata.name}`),
          );
        },
      );

      it.each(environments)(
        'delete -f dist/%s --wait (dry run) deletes every object',
        async (environment) => {
          const run = await started(kubectl, commands(environment)[1]);
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          expect(run.stdout.trim().split('\n')).toEqual(
            expected[environment].map(
              (o) => `${kubectlKind(o)} "${o.metadata.name}" deleted (dry run)`,
            ),
          );
        },
      );

      it.each(environments)('kustomize dist/%s gives the same objects', async (environment) => {
        const run = await started(kubectl, commands(environment)[2]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(byIdentity(parseObjects(run.stdout))).toEqual(byIdentity(expected[environment]));
      });

      it('fails as it did on a folder with a kustomization.yaml (the check can fail)', async () => {
        const folder = join(work, 'with-kustomization-yaml');
        writeExample(folder);
        writeFileSync(
          join(folder, 'dev', 'kustomization.yaml'),
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - manifests.yaml\n',
        );
        const run = await runKubectl(
          kubectl,
          ['delete', '--dry-run=client', '-f', join(folder, 'dev')],
          env,
        );
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain('no matches for kind "Kustomization"');
      });
    },
  );
}
