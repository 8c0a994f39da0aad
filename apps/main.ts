import { StatefulService, WebEntrypoint, WebService, type WebServiceProps } from '../lib';
import type { EnvironmentChart } from '../lib';
import { defineBatch } from './batch';
import type { ShopEnv } from './platform';

const registry = 'europe-docker.pkg.dev/shop-artifacts/shop';

/** nginx in front of the Rails app, in the same pod: static files and buffering. */
const ADMIN_NGINX_CONF = `server {
  listen 8080;
  location /healthz { access_log off; return 200 "ok\\n"; }
  location / {
    proxy_pass http://127.0.0.1:3000;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
  }
}
`;

/**
 * The shop's workloads, defined once; `synthesizePlatform` runs this for every environment.
 */
export function defineShop(chart: EnvironmentChart<ShopEnv>): void {
  const redis = defineRedis(chart);
  const storefront = new WebService(chart, 'storefront', storefrontProps(redis));

  // A second app behind the same load balancer at '/sub-app/'.
  const subApp = new WebService(chart, 'sub-app', {
    image: `${registry}/sub-app:0.4.1`,
    port: 3000,
    health: { path: '/sub-app/healthz' },
    replicas: { dev: 1, staging: 1, prod: 2 },
  });

  // A Rails app with an nginx sidecar in front of it, in one pod. Rails reads its database URL
  // and key base from environment variables: the shell exports them from the Secret Manager
  // files before it starts the server (a new version takes effect at the next pod start).
  new WebService(chart, 'admin', {
    workloadIdentity: true,
    image: 'nginxinc/nginx-unprivileged:1.27.3',
    port: 8080,
    runAsUser: 101,
    runAsGroup: 101,
    configFiles: { '/etc/nginx/conf.d/default.conf': ADMIN_NGINX_CONF },
    scratchPaths: ['/tmp', '/var/cache/nginx'],
    resources: { cpu: '50m', memory: '64Mi' },
    replicas: { dev: 1, staging: 1, prod: 2 },
    // The Rails app's PostgreSQL: the Cloud SQL instance's private IP in each environment.
    egress: {
      dev: [{ cidr: '10.20.0.3/32', ports: [5432] }],
      staging: [{ cidr: '10.21.0.3/32', ports: [5432] }],
      prod: [{ cidr: '10.22.0.3/32', ports: [5432] }],
    },
    sidecars: [
      {
        name: 'rails',
        image: `${registry}/admin-rails:7.1.3`,
        port: 3000,
        env: {
          RAILS_ENV: { dev: 'development', staging: 'staging', prod: 'production' },
          RAILS_LOG_TO_STDOUT: '1',
        },
        command: [
          'sh',
          '-c',
          'export DATABASE_URL="$(cat /var/run/secrets/admin/admin-database-url)" ' +
            'SECRET_KEY_BASE="$(cat /var/run/secrets/admin/admin-secret-key-base)"; ' +
            'exec ./bin/rails server -b 0.0.0.0 -p 3000',
        ],
        secretFiles: {
          '/var/run/secrets/admin': ['admin-database-url', 'admin-secret-key-base'],
        },
        scratchPaths: ['/tmp', '/app/tmp'],
        health: { path: '/up', port: 3000, startupSeconds: 90 },
        resources: {
          dev: { cpu: '200m', memory: '512Mi' },
          staging: { cpu: '250m', memory: '768Mi' },
          prod: { cpu: '500m', memory: '1Gi' },
        },
      },
    ],
  });

  // A small Flask API that finds Redis through the cluster DNS, on its own load balancer.
  new WebService(chart, 'api', {
    image: `${registry}/api:2.3.0`,
    port: 5000,
    command: ['gunicorn', '--bind', '0.0.0.0:5000', 'app:app'],
    connections: { REDIS: redis },
    replicas: { dev: 1, staging: 2, prod: 2 },
    autoscaling: {
      dev: false,
      staging: false,
      prod: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80 },
    },
    service: {
      type: 'LoadBalancer',
      port: 80,
      staticIp: { dev: undefined, staging: 'api-lb', prod: 'api-lb' },
    },
  });

  const entrypoint = new WebEntrypoint(chart, 'web', {
    staticIp: 'web',
    // Every route: Cloud Armor in prod, a tenth of the requests logged.
    backend: {
      securityPolicy: { dev: undefined, staging: undefined, prod: 'edge' },
      accessLog: { sampleRate: 0.1 },
    },
    hosts: {
      dev: ['dev.shop.example.com'],
      staging: ['staging.shop.example.com'],
      prod: ['shop.example.com', 'www.shop.example.com'],
    },
  });
  entrypoint.route('/', storefront);
  // The sub-app's pages are public and static: Cloud CDN caches them in prod.
  entrypoint.route('/sub-app/', subApp, {
    cdn: {
      dev: false,
      staging: false,
      prod: { cacheMode: 'CACHE_ALL_STATIC', defaultTtlSeconds: 3600, negativeCaching: true },
    },
  });
  defineBatch(chart);
}

/**
 * Redis with persistence: an append-only file on a disk of its own, snapshotted every night in
 * prod (kept a week). Clients reach it at redis-client.<namespace>.svc.cluster.local:6379.
 */
export function defineRedis(chart: EnvironmentChart<ShopEnv>): StatefulService {
  return new StatefulService(chart, 'redis', {
    image: 'redis:7.2.5',
    port: 6379,
    portName: 'redis',
    args: ['--appendonly', 'yes', '--dir', '/data'],
    runAsUser: 999,
    runAsGroup: 999,
    health: { type: 'exec', command: ['redis-cli', 'ping'] },
    resources: { cpu: '100m', memory: '256Mi' },
    volumes: { '/data': { size: { dev: '10Gi', staging: '10Gi', prod: '20Gi' } } },
    snapshots: {
      dev: false,
      staging: false,
      prod: { image: `${registry}/kubectl:1.31.0`, schedule: '0 3 * * *', keep: 7 },
    },
  });
}

/**
 * The main web app at '/', with its own GCP identity for Cloud Trace and for its secrets,
 * which GKE's Secret Manager add-on mounts as files in CREDENTIALS_DIR (one file per secret,
 * named after it; the add-on refreshes them when a new version is added).
 */
export function storefrontProps(redis: StatefulService): WebServiceProps<ShopEnv> {
  return {
    image: `${registry}/storefront:1.8.2`,
    port: 8080,
    workloadIdentity: true,
    secretFiles: {
      '/var/run/secrets/storefront': ['storefront-db-password', 'storefront-session-secret'],
    },
    env: {
      LOG_LEVEL: { dev: 'debug', staging: 'info', prod: 'info' },
      CREDENTIALS_DIR: '/var/run/secrets/storefront',
    },
    health: { path: '/healthz', startupSeconds: 60 },
    replicas: { dev: 1, staging: 2, prod: 3 },
    autoscaling: {
      dev: false,
      staging: false,
      prod: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 65 },
    },
    resources: {
      dev: { cpu: '100m', memory: '256Mi' },
      staging: { cpu: '250m', memory: '512Mi' },
      prod: { cpu: '500m', cpuLimit: false, memory: '1Gi' },
    },
    connections: { REDIS: redis },
    // Cloud Trace's API (cloudtrace.googleapis.com) over HTTPS.
    egress: [{ cidr: 'internet', ports: [443] }],
    // Prometheus metrics at /metrics on its HTTP port, collected by Managed Service for
    // Prometheus in staging and prod.
    metrics: { dev: false, staging: { port: 'http' }, prod: { port: 'http', intervalSeconds: 15 } },
  };
}
