import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, dirname, join } from 'node:path';

/** An installed kubectl binary and its client version. */
export interface Kubectl {
  readonly path: string;
  /** `major.minor.patch`, e.g. `1.27.16`. */
  readonly version: string;
}

/**
 * The oldest and the newest kubectl on this machine. Google Cloud SDK installs one binary per
 * minor version beside its `kubectl` dispatcher (`kubectl.1.27` … `kubectl.1.33`); elsewhere the
 * one `kubectl` on PATH. Empty when there is none.
 */
export function oldestAndNewestKubectl(): Kubectl[] {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'kubectl'))
    .find((file) => existsSync(file));
  if (onPath === undefined) return [];
  const dir = dirname(realpathSync(onPath));
  const versioned = readdirSync(dir)
    .filter((name) => /^kubectl\.1\.\d+$/.test(name))
    .map((name) => join(dir, name));
  const found = (versioned.length > 0 ? versioned : [onPath])
    .map((path) => ({ path, version: clientVersion(path) }))
    .filter((k): k is Kubectl => k.version !== undefined)
    .sort((a, b) => compareVersions(a.version, b.version));
  if (found.length <= 1) return found;
  return [found[0], found[found.length - 1]];
}

function clientVersion(path: string): string | undefined {
  const run = spawnSync(path, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  const match = /"gitVersion":\s*"v(\d+\.\d+\.\d+)/.exec(run.stdout ?? '');
  return match?.[1];
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** Runs kubectl without blocking the event loop (the fake API server runs in this process). */
export function runKubectl(
  kubectl: Kubectl,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      kubectl.path,
      [...args],
      { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

/** One API resource the fake server makes discoverable. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource name in URLs (lowercase plural). */
  readonly plural: string;
  readonly namespaced: boolean;
}

/**
 * Every kind this library writes: the Kubernetes kinds (names and scopes as the API server's
 * discovery documents list them, `kubectl api-resources`) and GKE's CRDs, as installed on GKE
 * clusters (BackendConfig: cloud.google.com/v1; FrontendConfig: networking.gke.io/v1beta1;
 * ManagedCertificate: networking.gke.io/v1; PodMonitoring: monitoring.googleapis.com/v1;
 * SecretProviderClass: secrets-store.csi.x-k8s.io/v1, installed with the Secret Manager add-on;
 * VolumeSnapshot and VolumeSnapshotClass: snapshot.storage.k8s.io/v1, installed with the PD CSI driver;
 * Gateway and HTTPRoute: gateway.networking.k8s.io/v1, and GKE's Gateway policies:
 * networking.gke.io/v1, installed with the Gateway API; ServiceExport: net.gke.io/v1, installed
 * with multi-cluster Services).
 */
export const API_RESOURCES: readonly ApiResource[] = [
  ['', 'v1', 'Namespace', 'namespaces', false],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['', 'v1', 'Service', 'services', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['', 'v1', 'Secret', 'secrets', true],
  ['apps', 'v1', 'Deployment', 'deployments', true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true],
  ['batch', 'v1', 'Job', 'jobs', true],
  ['batch', 'v1', 'CronJob', 'cronjobs', true],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['cloud.google.com', 'v1', 'BackendConfig', 'backendconfigs', true],
  ['networking.gke.io', 'v1beta1', 'FrontendConfig', 'frontendconfigs', true],
  ['networking.gke.io', 'v1', 'ManagedCertificate', 'managedcertificates', true],
  ['monitoring.googleapis.com', 'v1', 'PodMonitoring', 'podmonitorings', true],
  ['secrets-store.csi.x-k8s.io', 'v1', 'SecretProviderClass', 'secretproviderclasses', true],
  ['snapshot.storage.k8s.io', 'v1', 'VolumeSnapshotClass', 'volumesnapshotclasses', false],
  ['snapshot.storage.k8s.io', 'v1', 'VolumeSnapshot', 'volumesnapshots', true],
  ['gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways', true],
  ['gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true],
  ['networking.gke.io', 'v1', 'HealthCheckPolicy', 'healthcheckpolicies', true],
  ['networking.gke.io', 'v1', 'GCPBackendPolicy', 'gcpbackendpolicies', true],
  ['networking.gke.io', 'v1', 'GCPGatewayPolicy', 'gcpgatewaypolicies', true],
  ['net.gke.io', 'v1', 'ServiceExport', 'serviceexports', true],
].map(([group, version, kind, plural, namespaced]) => ({
  group: group as string,
  version: version as string,
  kind: kind as string,
  plural: plural as string,
  namespaced: namespaced as boolean,
}));

const groupVersion = (r: ApiResource) => (r.group ? `${r.group}/${r.version}` : r.version);

/** A loopback API server that kubectl's client-side dry runs accept, and its kubeconfig. */
export interface FakeApiServer {
  readonly kubeconfig: string;
  /** Every request seen, as `METHOD path`. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that answers API discovery (`/version`, `/api`, `/apis`
 * and each group/version's resource list, in the legacy unaggregated form every kubectl reads)
 * and says NotFound to everything else: to kubectl apply's GET of each object (so a client-side
 * dry run reports "created") and to the OpenAPI document (so run kubectl with
 * `--validate=false`; schema validation is test/example.test.ts's job). Writes a kubeconfig
 * for it into `dir`.
 */
export async function startFakeApiServer(
  dir: string,
  resources: readonly ApiResource[] = API_RESOURCES,
): Promise<FakeApiServer> {
  const requests: string[] = [];
  const groups = [...new Set(resources.filter((r) => r.group).map((r) => r.group))];
  const documents = new Map<string, unknown>([
    ['/version', { major: '1', minor: '33', gitVersion: 'v1.33.0' }],
    ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }],
    [
      '/apis',
      {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((name) => {
          const versions = [
            ...new Set(resources.filter((r) => r.group === name).map((r) => r.version)),
          ].map((version) => ({ groupVersion: `${name}/${version}`, version }));
          return { name, versions, preferredVersion: versions[0] };
        }),
      },
    ],
  ]);
  for (const gv of new Set(resources.map(groupVersion))) {
    documents.set(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: resources
        .filter((r) => groupVersion(r) === gv)
        .map((r) => ({
          name: r.plural,
          singularName: r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        })),
    });
  }
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    requests.push(`${request.method} ${path}`);
    const body = documents.get(path);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        body ?? {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          reason: 'NotFound',
          message: `${path} not found`,
          code: 404,
        },
      ),
    );
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `  - { name: fake, cluster: { server: "http://127.0.0.1:${port}" } }`,
      'users:',
      '  - { name: fake, user: {} }',
      'contexts:',
      '  - { name: fake, context: { cluster: fake, user: fake } }',
      'current-context: fake',
      '',
    ].join('\n'),
  );
  return {
    kubeconfig,
    requests,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
