import { CronTask, DaemonAgent, Schedule } from '../lib';
import type { EnvironmentChart } from '../lib';
import type { ShopEnv } from './platform';

const registry = 'europe-docker.pkg.dev/shop-artifacts/shop';

/**
 * fluent-bit: tail the container logs of the node, add pod metadata from the Kubernetes API,
 * forward them to the log aggregator. The tail offsets live on the node so that a restarted
 * agent neither loses nor repeats lines.
 */
const FLUENT_BIT_CONF = `[SERVICE]
    Flush         5
    Log_Level     info
    HTTP_Server   On
    HTTP_Listen   0.0.0.0
    HTTP_Port     2020
    Health_Check  On
    Parsers_File  /fluent-bit/etc/parsers.conf

[INPUT]
    Name              tail
    Path              /var/log/containers/*.log
    multiline.parser  cri
    Tag               kube.*
    DB                /var/lib/fluent-bit/tail.db
    Mem_Buf_Limit     16MB
    Skip_Long_Lines   On

[FILTER]
    Name       kubernetes
    Match      kube.*
    Merge_Log  On

[FILTER]
    Name    record_modifier
    Match   *
    Record  node \${NODE_NAME}

[OUTPUT]
    Name   forward
    Match  *
    Host   log-aggregator.logging.svc.cluster.local
    Port   24224
`;

/**
 * The shop's batch work and node agents: a data fetch every 3 hours on Tokyo time, a nightly
 * report on cheap Spot nodes, GPU embeddings where the environment has a GPU pool, and a log
 * shipper on every node. `defineShop` calls it for every environment.
 */
export function defineBatch(chart: EnvironmentChart<ShopEnv>): void {
  // Exchange rates from a Tokyo supplier, every 3 hours on the supplier's clock.
  new CronTask(chart, 'fetch-rates', {
    image: `${registry}/fetch-rates:2.1.0`,
    schedule: Schedule.everyHours(3),
    timeZone: 'Asia/Tokyo',
    args: ['--source', 'https://rates.example.jp/v2/latest'],
    // The job reads its supplier key from the Secret Manager file that the variable names.
    workloadIdentity: true,
    secretFiles: { '/var/run/secrets/fetch-rates': 'fetch-rates-api-key' },
    env: { SUPPLIER_API_KEY_FILE: '/var/run/secrets/fetch-rates/fetch-rates-api-key' },
    activeDeadlineSeconds: 20 * 60,
    backoffLimit: 2,
    // The supplier's HTTPS API, somewhere on the internet.
    egress: [{ cidr: 'internet', ports: [443] }],
    resources: { cpu: '100m', memory: '256Mi' },
  });

  // The nightly sales report: Spot nodes are fine, a reclaimed run starts again.
  new CronTask(chart, 'sales-report', {
    image: `${registry}/sales-report:1.4.0`,
    schedule: Schedule.dailyAt('04:15'),
    timeZone: 'Asia/Tokyo',
    placement: { spot: true },
    suspend: { dev: true, staging: false, prod: false },
    activeDeadlineSeconds: 2 * 60 * 60,
    ttlSecondsAfterFinished: 3 * 24 * 60 * 60,
    workloadIdentity: true,
    secretFiles: { '/var/run/secrets/reporting': 'reporting-database-url' },
    env: { DATABASE_URL_FILE: '/var/run/secrets/reporting/reporting-database-url' },
    // The reporting replica of the shop's database (its private IP per environment).
    egress: {
      dev: [{ cidr: '10.20.0.4/32', ports: [5432] }],
      staging: [{ cidr: '10.21.0.4/32', ports: [5432] }],
      prod: [{ cidr: '10.22.0.4/32', ports: [5432] }],
    },
    resources: { cpu: '500m', memory: '1Gi' },
  });

  // Product embeddings on an L4 GPU, only where the environment declares a GPU pool (prod).
  if (chart.environment.nodePools.some((pool) => pool.gpu)) {
    new CronTask(chart, 'embeddings', {
      image: `${registry}/embeddings:0.9.3`,
      schedule: Schedule.dailyAt('02:00'),
      timeZone: 'Asia/Tokyo',
      placement: { gpu: { count: 1, type: 'nvidia-l4' } },
      activeDeadlineSeconds: 4 * 60 * 60,
      scratchPaths: ['/tmp', '/models'],
      resources: { cpu: '3', cpuLimit: false, memory: '16Gi' },
    });
  }

  // The log shipper on every node of every pool (Spot and GPU nodes included).
  new DaemonAgent(chart, 'log-shipper', {
    image: 'fluent/fluent-bit:3.1.9',
    port: 2020,
    portName: 'metrics',
    health: { path: '/api/v1/health' },
    configFiles: { '/fluent-bit/etc/fluent-bit.conf': FLUENT_BIT_CONF },
    // Container logs are root-owned and 0640 on GKE nodes: read them as root, read-only.
    hostPaths: {
      '/var/log': {},
      '/var/lib/fluent-bit': { writable: true },
    },
    runAsRoot: true,
    // The agent reads the Kubernetes API (whose address GKE chooses) and forwards to a
    // Service in another namespace: neither has an address a NetworkPolicy can name from
    // this definition, so the agent opts out, and its policy allows all traffic, in the open.
    networkPolicy: false,
    rules: [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ],
    resources: { cpu: '50m', memory: '96Mi' },
  });
}
