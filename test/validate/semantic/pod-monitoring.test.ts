import { validateSemantics } from '#lib/validate/semantic/validate-semantics';
import { prometheusDurationMs } from '#lib/validate/semantic/gke-pod-monitoring';
import { WebService } from '#lib/workloads/web-service';
import { chartFor, type K8sObject } from '../../support/synth';

/*
 * Managed Service for Prometheus's PodMonitoring: what the operator (prometheus-engine
 * pod_config.go) and Prometheus's config validation refuse, and selectors or port names that
 * make it scrape nothing. One change to a valid environment, the exact problem expected.
 */

function objects(): K8sObject[] {
  const chart = chartFor('prod');
  new WebService(chart, 'web', {
    image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
    port: 8080,
    metrics: { port: 'http' },
  });
  return chart.toJson() as K8sObject[];
}

const endpointOf = (o: K8sObject[]) => o.find((x) => x.kind === 'PodMonitoring')!.spec.endpoints[0];

function problems(change: (o: K8sObject[]) => void): string[] {
  const o = objects();
  change(o);
  return validateSemantics(o).map(
    (p) =>
      `${p.object.kind} ${p.object.metadata?.name} ${p.field}: ${p.problem}; ${p.fix} [${p.rule}]`,
  );
}

describe('PodMonitoring (Managed Service for Prometheus)', () => {
  test('the emitted objects pass', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test('an endpoint without an interval (the upstream CRD requires one)', () => {
    expect(problems((o) => delete endpointOf(o).interval)).toEqual([
      "PodMonitoring web spec.endpoints[0].interval: is undefined, which is not a positive Prometheus duration; give one such as '30s' or '1m' (the upstream CRD requires it) [prometheus model.ParseDuration]",
    ]);
  });

  test('units out of order are not a Prometheus duration', () => {
    expect(problems((o) => (endpointOf(o).interval = '30s1m'))).toHaveLength(1);
  });

  test('a timeout longer than the interval', () => {
    expect(problems((o) => (endpointOf(o).timeout = '1m'))).toEqual([
      'PodMonitoring web spec.endpoints[0].timeout: is "1m", longer than the interval "30s"; make the scrape timeout at most the scrape interval [prometheus config ScrapeConfig.Validate: "scrape timeout greater than scrape interval"]',
    ]);
  });

  test('an endpoint without a port', () => {
    expect(problems((o) => delete endpointOf(o).port)).toEqual([
      `PodMonitoring web spec.endpoints[0].port: is not set; give the container port's name or number [prometheus-engine endpointScrapeConfig (pod_config.go): "port must be set"]`,
    ]);
  });

  test('a port name no selected container declares', () => {
    expect(problems((o) => (endpointOf(o).port = 'metrics'))).toEqual([
      'PodMonitoring web spec.endpoints[0].port: is "metrics", but no container of Deployment "web" has a port of that name, so nothing is scraped; use a port its containers declare (8080, "http") [references: PodMonitoring selector and port (prometheus-engine pod_config.go)]',
    ]);
  });

  test('a port number is scraped whether declared or not', () => {
    expect(problems((o) => (endpointOf(o).port = 9090))).toEqual([]);
  });

  test('a selector that selects no pod template', () => {
    expect(
      problems(
        (o) =>
          (o.find((x) => x.kind === 'PodMonitoring')!.spec.selector = {
            matchLabels: { 'app.kubernetes.io/name': 'wbe' },
          }),
      ),
    ).toEqual([
      'PodMonitoring web spec.selector: is {"matchLabels":{"app.kubernetes.io/name":"wbe"}}, which selects no pod template of the environment, so PodMonitoring "web" scrapes nothing; use the labels of the workload\'s pod template (spec.template.metadata.labels) [references: PodMonitoring selector and port (prometheus-engine pod_config.go)]',
    ]);
  });

  test('Prometheus durations: each unit once, largest first', () => {
    expect(prometheusDurationMs('1m30s')).toBe(90_000);
    expect(prometheusDurationMs('1h500ms')).toBe(3_600_500);
    expect(prometheusDurationMs('2w')).toBe(14 * 86_400_000);
    expect(prometheusDurationMs('30')).toBeUndefined();
    expect(prometheusDurationMs('')).toBeUndefined();
    expect(prometheusDurationMs('1.5m')).toBeUndefined();
  });
});
