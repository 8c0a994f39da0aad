import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { list, nameOf, numeric, quote, record, text } from './edge-fields';
import type { ReferenceCheck } from './environment-index';
import { selectedByLabelSelector } from './label-selection';
import type { ObjectReport, ObjectRule } from './problem';
import { declaredPorts, declares, describeWorkload } from './ref-services';

/*
 * Managed Service for Prometheus's PodMonitoring (monitoring.googleapis.com/v1): the operator
 * turns each endpoint into a Prometheus scrape config (`endpointScrapeConfig`, prometheus-engine
 * pkg/operator/apis/monitoring/v1/pod_config.go), so Prometheus's own config rules apply too.
 */

/**
 * A Prometheus duration (`model.ParseDuration`, prometheus/common): units y, w, d, h, m, s, ms,
 * largest first, each at most once.
 */
const PROMETHEUS_DURATION =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** The length of a Prometheus duration in milliseconds, or undefined when it is not one. */
export function prometheusDurationMs(duration: unknown): number | undefined {
  if (typeof duration !== 'string' || duration === '') return undefined;
  const match = PROMETHEUS_DURATION.exec(duration);
  if (!match) return undefined;
  return match.slice(1).reduce((sum, n, i) => sum + Number(n ?? 0) * UNIT_MS[i], 0);
}

const SCRAPE = 'prometheus-engine endpointScrapeConfig (pod_config.go)';

/** The rules for one PodMonitoring's endpoints. */
function checkPodMonitoring(monitoring: KubernetesObject, report: ObjectReport): void {
  const spec = record(monitoring.spec) ?? {};
  list(spec.endpoints).forEach((value, i) => {
    const endpoint = record(value) ?? {};
    const at = `spec.endpoints[${i}]`;
    const port = endpoint.port;
    if (port === undefined || port === '' || port === 0)
      report.add(
        `${at}.port`,
        'is not set',
        "give the container port's name or number",
        `${SCRAPE}: "port must be set"`,
      );
    const interval = prometheusDurationMs(endpoint.interval);
    if (interval === undefined || interval === 0)
      report.add(
        `${at}.interval`,
        `is ${quote(endpoint.interval)}, which is not a positive Prometheus duration`,
        "give one such as '30s' or '1m' (the upstream CRD requires it)",
        'prometheus model.ParseDuration',
      );
    if (endpoint.timeout === undefined) return;
    const timeout = prometheusDurationMs(endpoint.timeout);
    if (timeout === undefined)
      report.add(
        `${at}.timeout`,
        `is ${quote(endpoint.timeout)}, which is not a Prometheus duration`,
        "give one such as '10s'",
        'prometheus model.ParseDuration',
      );
    else if (interval !== undefined && timeout > interval)
      report.add(
        `${at}.timeout`,
        `is ${quote(endpoint.timeout)}, longer than the interval ${quote(endpoint.interval)}`,
        'make the scrape timeout at most the scrape interval',
        'prometheus config ScrapeConfig.Validate: "scrape timeout greater than scrape interval"',
      );
  });
}

/** GKE's (Managed Prometheus operator's) rules for a PodMonitoring. */
export const POD_MONITORING_RULES: readonly ObjectRule[] = [checkPodMonitoring];

const REFERENCE = 'references: PodMonitoring selector and port (prometheus-engine pod_config.go)';

/**
 * Every PodMonitoring selects a pod template of the environment, and a port it names is a
 * container port of each template it selects: the scrape keeps only the targets whose
 * `__meta_kubernetes_pod_container_port_name` matches, so another name collects nothing.
 */
export const checkPodMonitoringRefs: ReferenceCheck = (index, reportOf) => {
  for (const monitoring of index.all('PodMonitoring')) {
    const spec = record(monitoring.spec) ?? {};
    const selector = record(spec.selector) ?? {};
    const selected = selectedByLabelSelector(index, selector);
    if (selected.length === 0) {
      reportOf(monitoring).add(
        'spec.selector',
        `is ${JSON.stringify(selector)}, which selects no pod template of the environment, so PodMonitoring ${quote(nameOf(monitoring))} scrapes nothing`,
        "use the labels of the workload's pod template (spec.template.metadata.labels)",
        REFERENCE,
      );
      continue;
    }
    list(spec.endpoints).forEach((value, i) => {
      const port = record(value)?.port;
      const name = text(port);
      if (name === undefined || numeric(port) !== undefined) return;
      const lacking = selected.find((t) => !declares(t, name));
      if (!lacking) return;
      reportOf(monitoring).add(
        `spec.endpoints[${i}].port`,
        `is ${quote(name)}, but no container of ${describeWorkload(lacking)} has a port of that name, so nothing is scraped`,
        `use a port its containers declare (${declaredPorts(lacking)})`,
        REFERENCE,
      );
    });
  }
};
