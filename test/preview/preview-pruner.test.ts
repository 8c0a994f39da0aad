import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { definePlatform } from '#lib/platform/platform';
import { polarisFindings } from '#lib/validate/polaris';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { validateObjects } from '#lib/validate/validate-object';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { PreviewPruner, type PreviewPrunerProps } from '#lib/workloads/preview-pruner';
import { find, type K8sObject, podSpec } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/mirror/kubectl:1.32.4';

const platform = definePlatform<'dev' | 'prod'>({
  name: 'acme',
  registries: { mirror: { location: 'europe', project: 'acme-artifacts' } },
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } } },
    prod: { nodePools: { general: { machineType: 'e2-standard-4' } } },
  },
  previews: { from: 'dev', domain: 'preview.acme.example.com' },
});

function synth(props: Partial<PreviewPrunerProps> = {}, environment: 'dev' | 'prod' = 'dev') {
  const chart = new EnvironmentChart(new App(), { platform, environment });
  const pruner = new PreviewPruner(chart, 'pruner', { image, ...props });
  const objects = chart.toJson() as K8sObject[];
  const cronJob = find(objects, 'CronJob', props.name ?? 'preview-pruner');
  const pod = podSpec(cronJob);
  return { pruner, objects, cronJob, pod, main: pod.containers[0] };
}

describe('PreviewPruner', () => {
  test('an hourly CronJob with its ServiceAccount, NetworkPolicy, ClusterRole and binding, valid on 1.27 and 1.36', () => {
    const { objects, cronJob } = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-dev',
      'NetworkPolicy/default-deny',
      'ServiceAccount/preview-pruner',
      'NetworkPolicy/preview-pruner',
      'CronJob/preview-pruner',
      'ClusterRole/acme-dev-preview-pruner',
      'ClusterRoleBinding/acme-dev-preview-pruner',
    ]);
    expect(cronJob.spec.schedule).toBe('0 * * * *');
    expect(cronJob.spec.timeZone).toBe('Etc/UTC');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(validateObjects(objects, ['1.27', '1.36']).map((p) => p.message)).toEqual([]);
    expect(validateSemantics(objects)).toEqual([]);
  });

  test('RBAC: exactly get, list and delete on namespaces, bound to its ServiceAccount only', () => {
    const { objects, pruner } = synth();
    const role = find(objects, 'ClusterRole', 'acme-dev-preview-pruner');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'delete'] },
    ]);
    expect(role.metadata.namespace).toBeUndefined();
    const binding = find(objects, 'ClusterRoleBinding', 'acme-dev-preview-pruner');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'acme-dev-preview-pruner',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'preview-pruner', namespace: 'acme-dev' },
    ]);
    expect(pruner.selector).toBe('gke-platform/preview-of=acme-dev,gke-platform/preview');
  });

  test('a hardened pod with an API token, reaching only the API server (443) and DNS', () => {
    const { objects, cronJob, pod, main } = synth({ apiServerCidr: '203.0.113.7/32' });
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('preview-pruner');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(main.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(main.resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(main.resources.limits.memory).toBe('64Mi');
    expect(main.image).toBe(image);
    expect(main.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(Object.fromEntries(main.env.map((e: K8sObject) => [e.name, e.value]))).toEqual({
      SELECTOR: 'gke-platform/preview-of=acme-dev,gke-platform/preview',
      PREFIX: 'acme-preview-',
      LC_ALL: 'C',
      HOME: '/tmp',
    });
    expect(cronJob.metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
    });
    const policy = find(objects, 'NetworkPolicy', 'preview-pruner');
    expect(policy.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '203.0.113.7/32' } }],
      ports: [{ port: 443, protocol: 'TCP' }],
    });
    expect(policy.spec.ingress ?? []).toEqual([]);
    const danger = polarisFindings(objects).filter((f) => f.severity === 'danger');
    expect(danger.map((f) => `${f.object} ${f.check}`)).toEqual([]);
  });

  test('props: name, schedule, time zone and resources', () => {
    const { objects, cronJob, main } = synth({
      name: 'reaper',
      schedule: '*/15 * * * *',
      timeZone: 'Europe/Berlin',
      resources: { cpu: '100m', memory: '128Mi' },
    });
    expect(find(objects, 'ClusterRole', 'acme-dev-reaper')).toBeDefined();
    expect(cronJob.metadata.name).toBe('reaper');
    expect(cronJob.spec.schedule).toBe('*/15 * * * *');
    expect(cronJob.spec.timeZone).toBe('Europe/Berlin');
    expect(main.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
  });

  test('fails outside the base environment of the previews', () => {
    expect(() => synth({}, 'prod')).toThrow(
      "PreviewPruner 'prod/pruner': 'scope' is the chart of 'prod', but previews run on the cluster of 'dev'; add it to the chart of 'dev' only: if (chart.environment.name === 'dev') new PreviewPruner(…)",
    );
  });

  test('fails in a platform without previews', () => {
    const bare = definePlatform({
      name: 'bare',
      registries: { mirror: { location: 'europe', project: 'acme-artifacts' } },
      environments: { dev: { nodePools: { general: { machineType: 'e2-standard-2' } } } },
    });
    const chart = new EnvironmentChart(new App(), { platform: bare, environment: 'dev' });
    expect(() => new PreviewPruner(chart, 'pruner', { image })).toThrow(
      "PreviewPruner 'dev/pruner': 'scope' is in platform 'bare', which declares no previews",
    );
  });

  test('fails on an image from an undeclared registry, and on a bad apiServerCidr', () => {
    expect(() =>
      synth({ image: 'europe-docker.pkg.dev/other-artifacts/mirror/kubectl:1.32.4' }),
    ).toThrow(/'image'.*registr/);
    expect(() => synth({ apiServerCidr: '10.0.0.1/8' })).toThrow(/'apiServerCidr'/);
  });

  test('fails on a prop of the wrong kind, from JavaScript', () => {
    expect(() => synth({ shedule: '0 3 * * *' } as Partial<PreviewPrunerProps>)).toThrow(
      "PreviewPruner 'dev/pruner': 'shedule' is not a prop of PreviewPrunerProps; did you mean 'schedule'?",
    );
  });
});

/**
 * The pruning script, run by `sh` (dash here: POSIX, no bash) with a fake `kubectl` and
 * `date` first on PATH: `kubectl get` prints `namespaces` as the real one prints the
 * script's jsonpath, and every call is logged.
 */
function runScript(namespaces: string, deleteFails = '') {
  const { main } = synth();
  const script: string = main.command[2];
  const env = Object.fromEntries(main.env.map((e: K8sObject) => [e.name, e.value]));
  const bin = mkdtempSync(join(tmpdir(), 'gke-pruner-'));
  try {
    writeFileSync(join(bin, 'namespaces'), namespaces);
    writeFileSync(
      join(bin, 'kubectl'),
      `#!/bin/sh
printf '%s\\n' "$*" >> "${bin}/calls"
case "$1" in
  get) cat "${bin}/namespaces" ;;
  delete) [ "$3" != "${deleteFails}" ] || exit 1 ;;
esac
`,
    );
    writeFileSync(join(bin, 'date'), '#!/bin/sh\necho 2025-03-10T12:00:00Z\n');
    chmodSync(join(bin, 'kubectl'), 0o755);
    chmodSync(join(bin, 'date'), 0o755);
    const run = spawnSync('/bin/sh', ['-c', script], {
      env: { ...env, PATH: `${bin}:/usr/bin:/bin` },
      encoding: 'utf8',
    });
    const calls = readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('the pruning script', () => {
  test('deletes exactly the expired preview namespaces, the one at the limit included', () => {
    const { status, stdout, calls } = runScript(
      [
        'acme-preview-pr-1 2025-03-01T00:00:00Z',
        'acme-preview-pr-2 2025-03-10T12:00:00Z',
        'acme-preview-pr-3 2025-03-10T12:00:01Z',
        'acme-preview-pr-4 2025-03-09T23:59:59.123Z',
        'acme-preview-alice 2025-03-17T12:00:00.000Z',
        '',
      ].join('\n'),
    );
    expect(status).toBe(0);
    expect(calls).toEqual([
      `get namespaces -l gke-platform/preview-of=acme-dev,gke-platform/preview -o jsonpath={range .items[*]}{.metadata.name}{" "}{.metadata.annotations.gke-platform/expires}{"\\n"}{end}`,
      'delete namespace acme-preview-pr-1 --wait=false',
      'delete namespace acme-preview-pr-2 --wait=false',
      'delete namespace acme-preview-pr-4 --wait=false',
    ]);
    expect(stdout).toBe(
      [
        'delete acme-preview-pr-1: expired 2025-03-01T00:00:00Z',
        'delete acme-preview-pr-2: expired 2025-03-10T12:00:00Z',
        'keep acme-preview-pr-3: expires 2025-03-10T12:00:01Z',
        'delete acme-preview-pr-4: expired 2025-03-09T23:59:59.123Z',
        'keep acme-preview-alice: expires 2025-03-17T12:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  test('never deletes a namespace not named as a preview, or one without a UTC expiry', () => {
    const { status, stdout, calls } = runScript(
      [
        'acme-dev 2025-03-01T00:00:00Z',
        'acme-preview-pr-5 ',
        'acme-preview-pr-6 yesterday',
        'acme-preview-pr-7 2025-03-01T00:00:00+01:00',
        '',
      ].join('\n'),
    );
    expect(status).toBe(0);
    expect(calls).toHaveLength(1);
    expect(stdout).toBe(
      [
        'skip acme-dev: not named acme-preview-<preview>',
        'skip acme-preview-pr-5: no UTC expiry:',
        'skip acme-preview-pr-6: no UTC expiry: yesterday',
        'skip acme-preview-pr-7: no UTC expiry: 2025-03-01T00:00:00+01:00',
        '',
      ].join('\n'),
    );
  });

  test('no preview namespaces: nothing to do', () => {
    const { status, stdout, calls } = runScript('');
    expect([status, stdout, calls.length]).toEqual([0, '', 1]);
  });

  test('a failed delete fails the run after the others are tried', () => {
    const { status, calls } = runScript(
      'acme-preview-pr-1 2025-03-01T00:00:00Z\nacme-preview-pr-2 2025-03-01T00:00:00Z\n',
      'acme-preview-pr-1',
    );
    expect(status).toBe(1);
    expect(calls.slice(1)).toEqual([
      'delete namespace acme-preview-pr-1 --wait=false',
      'delete namespace acme-preview-pr-2 --wait=false',
    ]);
  });

  test("kubectl's jsonpath reads the name and the expiry annotation of each namespace", () => {
    // The script's template per item, run by the real kubectl on local objects (no cluster).
    const { main } = synth();
    const template = /\{range \.items\[\*\]\}(.*)\{end\}/.exec(main.command[2])![1];
    const dir = mkdtempSync(join(tmpdir(), 'gke-pruner-'));
    try {
      const list = join(dir, 'namespaces.json');
      writeFileSync(
        list,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: {
                name: 'acme-preview-pr-1',
                annotations: { 'gke-platform/expires': '2025-03-01T00:00:00Z' },
              },
            },
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'acme-preview-pr-2' } },
          ],
        }),
      );
      const run = spawnSync(
        'kubectl',
        ['annotate', '--local', '-f', list, 'probe=1', '-o', `jsonpath=${template}`],
        { encoding: 'utf8' },
      );
      if (run.error) return; // no kubectl on this machine: the fake-kubectl tests still ran
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('acme-preview-pr-1 2025-03-01T00:00:00Z\nacme-preview-pr-2 \n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
