import { WebEntrypoint, type WebEntrypointProps } from '#lib/workloads/web-entrypoint';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, find, objectsOf, type TestEnv } from '../support/synth';

/*
 * Values Google Cloud refuses only when the load balancer is created, refused at synth on
 * both front doors. The test platform declares 'web' (global), 'lb' (regional external) and
 * 'ilb' (regional internal).
 */

function routed(props: WebEntrypointProps<TestEnv>) {
  const chart = chartFor('prod');
  const main = new WebService(chart, 'main', { image: 'main:1.0.0', port: 8080 });
  new WebEntrypoint(chart, 'web', props).route('/', main);
  return objectsOf(chart);
}

const W = "WebEntrypoint 'prod/entrypoints/web'";

describe.each(['ingress', 'gateway'] as const)(
  'the static IP of the %s front door',
  (frontDoor) => {
    it('takes an internal regional address for an internal entrypoint', () => {
      const objects = routed({ frontDoor, internal: true, staticIp: 'ilb' });
      const object = find(objects, frontDoor === 'ingress' ? 'Ingress' : 'Gateway', 'web');
      expect(JSON.stringify(object)).toContain('acme-prod-ilb');
    });

    it('fails on an external regional address for an internal entrypoint', () => {
      expect(() => routed({ frontDoor, internal: true, staticIp: 'lb' })).toThrow(
        `${W}: 'staticIp' is 'lb', an external regional address, but an internal load balancer needs an internal one; declare the address with 'internal: true'`,
      );
    });

    it('fails on an internal address for an external entrypoint', () => {
      expect(() => routed({ frontDoor, staticIp: 'ilb' })).toThrow(
        `${W}: 'staticIp' is 'ilb', a regional address, but this needs a global one`,
      );
    });
  },
);
