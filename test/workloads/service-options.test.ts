/** WebService's Service options: session affinity and (below) several ports. */
import { validateObjects, WebService, type WebServiceProps } from '../../lib';
import { validateSemantics } from '../../lib/validate/semantic';
import { chartFor, find, type K8sObject, objectsOf, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';

function synth(props: Partial<WebServiceProps<TestEnv>>): K8sObject[] {
  const chart = chartFor('prod');
  new WebService(chart, 'api', { image, port: 8080, ...props });
  const objects = objectsOf(chart);
  expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  expect(validateSemantics(objects as never)).toEqual([]);
  return objects;
}

describe('sessionAffinity', () => {
  test("'ClientIP' with a timeout: the Service's sessionAffinity and its config", () => {
    const service = find(
      synth({ service: { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 } }),
      'Service',
      'api',
    );
    expect(service.spec.sessionAffinity).toBe('ClientIP');
    expect(service.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 600 } });
  });

  test("'ClientIP' alone: Kubernetes' default of 3 hours, written out", () => {
    const service = find(synth({ service: { sessionAffinity: 'ClientIP' } }), 'Service', 'api');
    expect(service.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  test('by default, no affinity fields at all', () => {
    const service = find(synth({}), 'Service', 'api');
    expect(service.spec.sessionAffinity).toBeUndefined();
    expect(service.spec.sessionAffinityConfig).toBeUndefined();
  });

  test.each([
    [
      { sessionAffinity: 'ClientIP' as const, sessionAffinityTimeoutSeconds: 86401 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is 86401; use a whole number of seconds from 1 to 86400 (a day)",
    ],
    [
      { sessionAffinity: 'ClientIP' as const, sessionAffinityTimeoutSeconds: 0 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is 0; use a whole number of seconds from 1 to 86400 (a day)",
    ],
    [
      { sessionAffinityTimeoutSeconds: 600 },
      "WebService 'prod/api': 'service.sessionAffinityTimeoutSeconds' is set, but 'sessionAffinity' is not 'ClientIP'; set 'sessionAffinity: 'ClientIP'', or leave the timeout out",
    ],
    [
      { sessionAffinity: 'Cookie' as never },
      "WebService 'prod/api': 'service.sessionAffinity' is \"Cookie\"; use 'None' or 'ClientIP'",
    ],
  ])('fails on %j', (service, message) => {
    expect(() => synth({ service })).toThrow(message);
  });
});
