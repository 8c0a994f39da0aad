import { WebEntrypoint, WebService } from '../../lib';
import type { EnvironmentChart } from '../../lib';
import { defineBatch } from '../batch';
import { defineRedis, storefrontProps } from '../main';
import type { FleetShopEnv } from './platform';

const registry = 'europe-docker.pkg.dev/shop-artifacts/shop';

/**
 * The shop's storefront on the fleet platform (apps/fleet/platform.ts): in prod, both regions
 * serve it behind one multi-cluster Gateway, and each visitor reaches the nearest healthy one.
 * dev and staging are one cluster each and get the same objects as any one-cluster environment.
 */
export function defineFleetShop(chart: EnvironmentChart<FleetShopEnv>): void {
  // Redis keeps its data in one place: the config cluster (euw1), a StatefulService's default.
  // The storefront pods in Tokyo reach it across clusters at
  // redis-client.shop-prod.svc.clusterset.local (multi-cluster Services).
  const redis = defineRedis(chart);
  // Europe carries most of the traffic: at least three pods there under the autoscaler, two
  // in Tokyo.
  const storefront = new WebService(chart, 'storefront', {
    ...storefrontProps(redis),
    clusters: { dev: 'all', staging: 'all', prod: { euw1: 3, ane1: 2 } },
  });

  const subApp = new WebService(chart, 'sub-app', {
    image: `${registry}/sub-app:0.4.1`,
    port: 3000,
    health: { path: '/sub-app/healthz' },
    replicas: { dev: 1, staging: 1, prod: 2 },
  });

  // One entry for every cluster: the Gateway API front door, which a fleet needs (GKE's
  // multi-cluster Gateway, written on the config cluster only).
  const entrypoint = new WebEntrypoint(chart, 'web', {
    frontDoor: 'gateway',
    staticIp: 'web',
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
  entrypoint.route('/sub-app/', subApp);
  // The scheduled jobs run once per environment, on the config cluster; the log shipper on
  // every node of every cluster.
  defineBatch(chart);
}
