import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import {
  installMocks,
  invoked,
  ofType,
  registered,
  resetRegistered,
  warnings,
  SECRET_VERSION,
  secretValueOf,
  settle,
} from './mocks';

installMocks();

type Args = import('gke-platform/infra').GkePlatformArgs;
type MonitoringSpec = import('gke-platform').MonitoringSpec;
let infra: typeof import('gke-platform/infra');
let lib: typeof import('gke-platform');
let root: string;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
  root = mkdtempSync(join(tmpdir(), 'gke-platform-monitoring-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(resetRegistered);

const CHECK = 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig';
const ALERT = 'gcp:monitoring/alertPolicy:AlertPolicy';
const CHANNEL = 'gcp:monitoring/notificationChannel:NotificationChannel';
const pools = { general: { machineType: 'e2-standard-4' } };

/** Pulumi's wire form of a secret value (`specialSigKey` → `specialSecretSig`). */
const SECRET_SIG = ['4dabf18193072939515e22adb298388d', '1b47061264138c4ac30d75fd1eb44270'];

/** The value of an input that reached the engine as a secret; fails if it is not one. */
function secretValue(input: Record<string, unknown>): unknown {
  expect(input[SECRET_SIG[0]]).toBe(SECRET_SIG[1]);
  return input.value;
}

/** The channels by type, as they may register in any order. */
function channelsByType() {
  return Object.fromEntries(ofType(CHANNEL).map((c) => [c.inputs.type as string, c]));
}

const NOTIFY_ALL: MonitoringSpec = {
  uptimeChecks: true,
  notify: {
    email: ['ops@example.com'],
    slack: [{ channel: 'shop-alerts', secret: 'slack-token' }],
    pagerDuty: { secret: 'pagerduty-key' },
  },
};

/** dev without monitoring; prod with `monitoring` and the channel secrets it names. */
function platform(monitoring: MonitoringSpec | undefined = NOTIFY_ALL) {
  return lib.definePlatform({
    name: 'shop',
    environments: {
      dev: { project: 'shop-dev-project', nodePools: pools },
      prod: {
        project: 'shop-prod-project',
        nodePools: pools,
        secrets: {
          'slack-token': { readers: [] },
          'pagerduty-key': { readers: [], secretId: 'PAGERDUTY_KEY' },
        },
        monitoring,
      },
    },
  });
}

/** A Service with the BackendConfig a WebEntrypoint attaches, and that BackendConfig. */
function backend(ns: string, name: string, healthPath: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    cloud.google.com/neg: '{"ingress": true}'
    cloud.google.com/backend-config: '{"default":"${name}"}'
spec:
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  healthCheck: { type: HTTP, requestPath: ${healthPath}, port: 8080 }
`;
}

interface IngressOptions {
  readonly name?: string;
  readonly annotations?: Record<string, string>;
  readonly hosts?: readonly (string | undefined)[];
  readonly routes?: readonly (readonly [string, string])[];
}

/** An Ingress whose every rule (one per host) routes `routes` ([path, service]). */
function ingress(ns: string, o: IngressOptions = {}): string {
  const annotations = o.annotations ?? {
    'kubernetes.io/ingress.class': 'gce',
    'networking.gke.io/managed-certificates': 'web-cert',
  };
  const routes = o.routes ?? [
    ['/', 'storefront'],
    ['/sub-app/', 'sub-app'],
  ];
  const rules = (o.hosts ?? ['shop.example.com', 'www.shop.example.com']).map((host) => ({
    ...(host === undefined ? {} : { host }),
    http: {
      paths: routes.map(([path, service]) => ({
        path,
        pathType: 'Prefix',
        backend: { service: { name: service, port: { number: 80 } } },
      })),
    },
  }));
  return JSON.stringify({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: o.name ?? 'web', namespace: ns, annotations },
    spec: { rules },
  });
}

let dirs = 0;
/** A synthesized folder for `env`: its Namespace, two backends and `ingresses`. */
function dist(env: string, ingresses: readonly string[] = [ingress(`shop-${env}`)]): string {
  const dir = mkdtempSync(join(root, `${env}-${dirs++}-`));
  const ns = `shop-${env}`;
  writeFileSync(
    join(dir, 'manifests.yaml'),
    [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
      backend(ns, 'storefront', '/healthz'),
      backend(ns, 'sub-app', '/sub-app/healthz'),
      ...ingresses,
    ].join('\n---\n'),
  );
  return dir;
}

function args(environment: string, extra: Partial<Args> = {}): Args {
  return {
    platform: platform(),
    environment,
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
    manifestsDir: dist(environment),
    ...extra,
  };
}

async function up(environment: string, extra: Partial<Args> = {}) {
  const gke = new infra.GkePlatform(`shop-${environment}`, args(environment, extra));
  await settle(gke);
  return gke;
}

describe('uptime checks', () => {
  test('one HTTPS check per public host × route, on the route’s health path', async () => {
    await up('prod');
    const checks = ofType(CHECK);
    expect(checks.map((c) => c.name)).toEqual([
      'shop-prod-uptime-shop.example.com/healthz',
      'shop-prod-uptime-shop.example.com/sub-app/healthz',
      'shop-prod-uptime-www.shop.example.com/healthz',
      'shop-prod-uptime-www.shop.example.com/sub-app/healthz',
    ]);
    expect(checks[1].inputs).toEqual({
      project: 'shop-prod-project',
      displayName: 'shop-prod https://shop.example.com/sub-app/healthz',
      period: '60s',
      timeout: '10s',
      checkerType: 'STATIC_IP_CHECKERS',
      // A public check of a URL: the `uptime_url` resource with its project and host.
      monitoredResource: {
        type: 'uptime_url',
        labels: { project_id: 'shop-prod-project', host: 'shop.example.com' },
      },
      httpCheck: {
        requestMethod: 'GET',
        path: '/sub-app/healthz',
        port: 443,
        useSsl: true,
        validateSsl: true,
      },
      userLabels: { 'gke-platform': 'shop', environment: 'prod' },
    });
  });

  test('one alert policy per check, on its check_passed metric, notifying every channel', async () => {
    await up('prod');
    const alerts = ofType(ALERT);
    expect(alerts).toHaveLength(4);
    const alert = alerts.find((a) => a.name === 'shop-prod-uptime-www.shop.example.com/healthz');
    const checkId = 'check-shop-prod-https-www-shop-example-com-healthz';
    expect(alert?.inputs).toMatchObject({
      project: 'shop-prod-project',
      displayName: 'shop-prod https://www.shop.example.com/healthz is down',
      combiner: 'OR',
      conditions: [
        {
          conditionThreshold: {
            filter: `metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id="${checkId}" AND resource.type="uptime_url"`,
            // Google's recipe: an incident when more than one region's checkers fail.
            aggregations: [
              {
                alignmentPeriod: '1200s',
                perSeriesAligner: 'ALIGN_NEXT_OLDER',
                crossSeriesReducer: 'REDUCE_COUNT_FALSE',
                groupByFields: ['resource.label.*'],
              },
            ],
            comparison: 'COMPARISON_GT',
            thresholdValue: 1,
            duration: '60s',
            trigger: { count: 1 },
          },
        },
      ],
    });
    const channels = ofType(CHANNEL).map((c) => c.name);
    expect(channels.sort()).toEqual([
      'shop-prod-email-ops@example.com',
      'shop-prod-pagerduty',
      'shop-prod-slack-shop-alerts',
    ]);
    expect(alert?.inputs.notificationChannels).toEqual([
      'projects/shop-prod-project/notificationChannels/email-shop-prod-ops-example-com',
      'projects/shop-prod-project/notificationChannels/slack-shop-prod-slack-shop-alerts',
      'projects/shop-prod-project/notificationChannels/pagerduty-shop-prod-pagerduty',
    ]);
    expect(alert?.inputs.documentation.content).toContain(
      "The route '/' of Ingress 'web' (Service 'storefront') in namespace 'shop-prod'",
    );
  });

  test('checks and alerts wait for the Ingresses (and go before them on the way down)', async () => {
    const deps = new Map<string, pulumi.Resource[]>();
    const gke = new infra.GkePlatform('shop-prod', args('prod'), {
      transformations: [
        (a) => {
          deps.set(`${a.type} ${a.name}`, [...((a.opts.dependsOn as pulumi.Resource[]) ?? [])]);
          return undefined;
        },
      ],
    });
    await settle(gke);
    const edge = gke.workloads?.layers.edge?.group;
    expect(edge).toBeDefined();
    for (const type of [CHECK, ALERT]) {
      // Compared by identity: a failing diff of two resources would print the whole graph.
      const waitsFor = deps.get(`${type} shop-prod-uptime-shop.example.com/healthz`) ?? [];
      expect(waitsFor.length === 1 && waitsFor[0] === edge).toBe(true);
    }
    // A channel waits for nothing: it is there before the first check.
    expect(deps.get(`${CHANNEL} shop-prod-pagerduty`)).toEqual([]);
  });

  test("'deployWorkloads: false' reads the manifests for the checks and applies none of them", async () => {
    const gke = await up('prod', { deployWorkloads: false });
    expect(gke.workloads).toBeUndefined();
    expect(registered.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
    expect(ofType(CHECK)).toHaveLength(4);
  });

  test('two routes of one host to one backend give one check', async () => {
    const manifestsDir = dist('prod', [
      ingress('shop-prod', {
        hosts: ['shop.example.com'],
        routes: [
          ['/', 'storefront'],
          ['/shop', 'storefront'],
        ],
      }),
    ]);
    await up('prod', { manifestsDir });
    expect(ofType(CHECK).map((c) => c.inputs.httpCheck.path)).toEqual(['/healthz']);
  });

  test('rules without a host, wildcard hosts and internal Ingresses are not checked', async () => {
    const manifestsDir = dist('prod', [
      ingress('shop-prod', { hosts: ['shop.example.com', undefined, '*.shop.example.com'] }),
      ingress('shop-prod', {
        name: 'intranet',
        annotations: { 'kubernetes.io/ingress.class': 'gce-internal' },
        hosts: ['intranet.example.com'],
      }),
    ]);
    await up('prod', {
      manifestsDir,
      platform: lib.definePlatform({
        name: 'shop',
        environments: {
          prod: {
            project: 'shop-prod-project',
            nodePools: pools,
            internalLoadBalancing: true,
            monitoring: { uptimeChecks: true },
          },
        },
      }),
    });
    expect(ofType(CHECK).map((c) => c.inputs.monitoredResource.labels.host)).toEqual([
      'shop.example.com',
      'shop.example.com',
    ]);
    // No channel declared: the alert policies notify nobody (incidents show in the console).
    expect(ofType(CHANNEL)).toEqual([]);
    expect(ofType(ALERT).map((a) => a.inputs.notificationChannels)).toEqual([[], []]);
  });

  test('per environment: dev declares no monitoring and gets none', async () => {
    const gke = await up('dev');
    expect(gke.monitoring).toEqual({ channels: [], uptimeChecks: [] });
    expect(registered.filter((r) => r.type.startsWith('gcp:monitoring/'))).toEqual([]);
  });

  test("'uptimeChecks: false' keeps the channels and creates no check", async () => {
    await up('prod', { platform: platform({ ...NOTIFY_ALL, uptimeChecks: false }) });
    expect(ofType(CHECK)).toEqual([]);
    expect(ofType(ALERT)).toEqual([]);
    expect(ofType(CHANNEL)).toHaveLength(3);
  });

  test('manifests without a public host: the stack warns and creates no check', async () => {
    await up('prod', {
      manifestsDir: dist('prod', [ingress('shop-prod', { hosts: [undefined] })]),
    });
    expect(ofType(CHECK)).toEqual([]);
    expect(warnings).toEqual([
      "GkePlatform 'shop-prod' (prod): 'monitoring.uptimeChecks' is on, but the stack's workloads have no external Ingress rule with a host, so the stack creates no uptime check; give a WebEntrypoint 'hosts' to have them checked",
    ]);
  });

  test('declared checks without workloads: the stack refuses, rather than create none', () => {
    expect(
      () => new infra.GkePlatform('shop-prod', args('prod', { manifestsDir: undefined })),
    ).toThrow(
      new lib.PlatformError(
        "GkePlatform 'shop-prod' (prod)",
        'workloads',
        "is not set (nor 'manifestsDir'), so the stack knows no host for the uptime checks that environment 'prod' declares ('monitoring.uptimeChecks') and would create none",
        "pass 'workloads: workloadSource(platform, define)' with the function your synth passes to synthesizePlatform (or 'manifestsDir': its synthesized folder), or declare 'monitoring.uptimeChecks: false' for this environment",
      ).message,
    );
    expect(registered).toEqual([]);
  });
});

describe('notification channels', () => {
  test('e-mail by address, Slack by channel name', async () => {
    await up('prod');
    const { email, slack } = channelsByType();
    expect(email.inputs).toEqual({
      project: 'shop-prod-project',
      type: 'email',
      displayName: 'shop-prod ops@example.com',
      labels: { email_address: 'ops@example.com' },
      userLabels: { 'gke-platform': 'shop', environment: 'prod' },
    });
    expect(slack.inputs).toMatchObject({
      type: 'slack',
      displayName: 'shop-prod Slack #shop-alerts',
      labels: { channel_name: '#shop-alerts' },
    });
  });

  test('tokens and keys come from the latest secret versions into write-only arguments', async () => {
    const gke = await up('prod');
    const { slack, pagerduty: pagerDuty } = channelsByType();
    // The Slack token and the PagerDuty key are the values Secret Manager returned, never
    // literals; the version drives an update when a new one is added.
    // They reach the engine as secrets.
    expect(secretValue(slack.inputs.sensitiveLabels)).toEqual({
      authTokenWo: secretValueOf('slack-token'),
      authTokenWoVersion: SECRET_VERSION,
    });
    expect(pagerDuty.inputs.displayName).toBe('shop-prod PagerDuty');
    expect(secretValue(pagerDuty.inputs.sensitiveLabels)).toEqual({
      serviceKeyWo: secretValueOf('PAGERDUTY_KEY'),
      serviceKeyWoVersion: SECRET_VERSION,
    });
    expect(pagerDuty.inputs.labels).toBeUndefined();
    // Read from the secrets the stack created, in the environment's project, latest version.
    const reads = invoked.filter(
      (i) => i.token === 'gcp:secretmanager/getSecretVersion:getSecretVersion',
    );
    expect(reads.map((r) => r.inputs).sort((a, b) => a.secret.localeCompare(b.secret))).toEqual([
      { project: 'shop-prod-project', secret: 'PAGERDUTY_KEY' },
      { project: 'shop-prod-project', secret: 'slack-token' },
    ]);
    // The secrets exist as containers, with no workload granted access.
    expect(gke.secrets.map((s) => [s.declared.secretId, s.accessors.length])).toEqual([
      ['slack-token', 0],
      ['PAGERDUTY_KEY', 0],
    ]);
  });
});

describe('errors create nothing', () => {
  const fails = (manifests: readonly string[], message: string | RegExp) => {
    expect(
      () =>
        new infra.GkePlatform('shop-prod', args('prod', { manifestsDir: dist('prod', manifests) })),
    ).toThrow(message);
    expect(registered).toEqual([]);
  };

  test('fails when a public host has no certificate', () => {
    fails(
      [ingress('shop-prod', { annotations: { 'kubernetes.io/ingress.class': 'gce' } })],
      /GkePlatform 'shop-prod' \(prod\): 'manifestsDir' has Ingress 'web' in '.*manifests.yaml', which serves host 'shop.example.com' without a certificate, so an HTTPS uptime check could never pass; give the entrypoint a managed certificate/,
    );
  });

  test('fails when a route’s health path is served by another backend', () => {
    fails(
      [
        ingress('shop-prod', {
          routes: [
            ['/', 'storefront'],
            ['/api', 'sub-app'],
          ],
        }),
      ],
      /whose route 'shop.example.com\/api' goes to Service 'sub-app', but its health path '\/sub-app\/healthz' requested on 'shop.example.com' reaches Service 'storefront', so the uptime check would watch the wrong backend; give 'sub-app' a health path under '\/api' \(e.g. '\/api\/healthz'\)/,
    );
  });

  test("fails when the health path reaches GKE's default backend", () => {
    fails(
      [
        ingress('shop-prod', {
          routes: [
            ['/sub-app/', 'sub-app'],
            ['/shop', 'storefront'],
          ],
        }),
      ],
      /health path '\/healthz' requested on 'shop.example.com' reaches GKE's default backend/,
    );
  });

  test('fails when a route’s backend has no health-check path', () => {
    fails(
      [ingress('shop-prod', { routes: [['/', 'missing']] })],
      /whose route 'shop.example.com\/' goes to Service 'missing', which has no BackendConfig health-check path to check/,
    );
  });
});
