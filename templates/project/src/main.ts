import { type EnvironmentChart, WebEntrypoint, WebService } from 'gke-platform';
import type { Env } from './platform';

const registry = '__registryLocation__-docker.pkg.dev/__registryProject__/__registryRepository__';

/** The workloads, defined once; synthesizePlatform runs this for every environment. */
export function defineWorkloads(chart: EnvironmentChart<Env>): void {
  // Your app: an HTTP server on port 8080 that answers /healthz (push its image first).
  const web = new WebService(chart, 'web', {
    image: `${registry}/web:0.1.0`,
    port: 8080,
    health: { path: '/healthz' },
    replicas: 2,
    resources: { cpu: '100m', memory: '256Mi' },
  });
  // One external HTTPS load balancer per environment, with a Google-managed certificate.
  const entrypoint = new WebEntrypoint(chart, 'web', {
    staticIp: 'web',
    hosts: {
      __environmentKey__: ['__environment__.__name__.example.com'],
    },
  });
  entrypoint.route('/', web);
}
