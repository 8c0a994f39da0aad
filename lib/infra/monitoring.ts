import * as monitoring from '@pulumi/gcp/monitoring';
import * as secretmanager from '@pulumi/gcp/secretmanager';
import * as pulumi from '@pulumi/pulumi';
import { fail } from '../core/errors';
import type { SecretManagerSecret } from '../platform/secret';
import type { Monitoring } from '../platform/monitoring';
import type { Platform } from '../platform/platform';
import type { GkePlatformPlan } from './plan';
import type { SecretResult } from './secrets';
import { findUptimeTargets, type UptimeTarget } from './uptime-targets';

/** How often each uptime check runs (one of 60s, 300s, 600s, 900s), and its timeout. */
export const UPTIME_CHECK_PERIOD = '60s';
export const UPTIME_CHECK_TIMEOUT = '10s';

/** The environment's monitoring, checked before anything is registered. */
export interface MonitoringPlan {
  /** The environment's monitoring, as the platform declares it with its defaults applied. */
  readonly monitoring: Monitoring;
  /** The public host × route pairs to check; empty when uptime checks are off. */
  readonly targets: readonly UptimeTarget[];
  /** Why uptime checks are declared but none is created, for `pulumi up` to show. */
  readonly warning?: string;
}

/** One uptime check and the alert policy on it. */
export interface UptimeCheckResult {
  /** The public host and route checked. */
  readonly target: UptimeTarget;
  /** The HTTPS uptime check. */
  readonly check: monitoring.UptimeCheckConfig;
  /** The alert policy that notifies every channel when the check fails. */
  readonly alert: monitoring.AlertPolicy;
}

/** What {@link createMonitoring} creates. */
export interface MonitoringResult {
  /** The notification channels, in declaration order: e-mail, Slack, PagerDuty. */
  readonly channels: readonly monitoring.NotificationChannel[];
  /** The uptime checks with their alert policies, one per public host and route; empty when off. */
  readonly uptimeChecks: readonly UptimeCheckResult[];
}

/**
 * The environment's monitoring declaration and, when it asks for uptime checks, the public
 * host × route pairs of the stack's manifests. Called before anything is registered.
 *
 * Declared uptime checks need the stack's workloads (`workloads` or `manifestsDir`): without
 * them the stack would know no host to check and create none, so it refuses. Workloads that
 * serve no public host give no check, which a warning of `pulumi up` says.
 *
 * @throws {PlatformError} when uptime checks are declared and the stack has no workloads, or
 * when a route cannot be checked (see {@link findUptimeTargets}).
 */
export function planMonitoring(plan: GkePlatformPlan, platform: Platform): MonitoringPlan {
  const declared = platform.environment(plan.environment).monitoring;
  if (!declared.uptimeChecks) return { monitoring: declared, targets: [] };
  if (plan.manifests === undefined) {
    fail(
      plan.where,
      'workloads',
      `is not set (nor 'manifestsDir'), so the stack knows no host for the uptime checks that environment '${plan.environment}' declares ('monitoring.uptimeChecks') and would create none`,
      "pass 'workloads: workloadSource(platform, define)' with the function your synth passes to synthesizePlatform (or 'manifestsDir': its synthesized folder), or declare 'monitoring.uptimeChecks: false' for this environment",
    );
  }
  const targets = findUptimeTargets(plan.where, plan.manifests);
  if (targets.length === 0) {
    return {
      monitoring: declared,
      targets,
      warning: `${plan.where}: 'monitoring.uptimeChecks' is on, but the stack's workloads have no external Ingress rule with a host, so the stack creates no uptime check; give a WebEntrypoint 'hosts' to have them checked`,
    };
  }
  return { monitoring: declared, targets };
}

/**
 * The latest version of a declared secret, read by the stack (with the deployer's
 * credentials) when it creates a notification channel. It waits for the stack's secret
 * container, and is passed only to write-only arguments, so it reaches neither the code nor
 * the state.
 */
function latestVersion(
  plan: GkePlatformPlan,
  secret: SecretManagerSecret,
  results: readonly SecretResult[],
): pulumi.Output<secretmanager.GetSecretVersionResult> {
  const created = results.find((r) => r.declared.name === secret.name);
  // parseMonitoring checked that the secret is declared; createSecrets creates every one.
  if (!created) throw new Error(`no Secret Manager secret for '${secret.name}'`);
  return secretmanager.getSecretVersionOutput({
    project: plan.project,
    secret: created.secret.secretId,
  });
}

/**
 * The notification channels of the environment: one `email` channel per address
 * (`labels.email_address`), one `slack` channel per Slack channel (`labels.channel_name`, the
 * app's token in `sensitiveLabels.authToken`) and one `pagerduty` channel
 * (`sensitiveLabels.serviceKey`). Tokens and keys come from the declared Secret Manager
 * secrets' latest versions into the write-only `…Wo` arguments, which the provider sends to
 * the API and never stores; the `…WoVersion` is the secret version, so adding a new version
 * and running `pulumi up` updates the channel.
 * @see https://cloud.google.com/monitoring/support/notification-options
 * @see https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.notificationChannelDescriptors/list
 * @see https://www.pulumi.com/registry/packages/gcp/api-docs/monitoring/notificationchannel/
 */
export function createNotificationChannels(
  plan: GkePlatformPlan,
  declared: Monitoring,
  secrets: readonly SecretResult[],
  opts: pulumi.CustomResourceOptions,
): monitoring.NotificationChannel[] {
  const base = { project: plan.project, userLabels: { ...plan.labels } };
  const email = declared.email.map(
    (address) =>
      new monitoring.NotificationChannel(
        `${plan.clusterName}-email-${address}`,
        {
          ...base,
          type: 'email',
          displayName: `${plan.clusterName} ${address}`,
          labels: { email_address: address },
        },
        opts,
      ),
  );
  const slack = declared.slack.map(({ channel, secret }) => {
    const token = latestVersion(plan, secret, secrets);
    return new monitoring.NotificationChannel(
      `${plan.clusterName}-slack-${channel.slice(1)}`,
      {
        ...base,
        type: 'slack',
        displayName: `${plan.clusterName} Slack ${channel}`,
        labels: { channel_name: channel },
        sensitiveLabels: {
          authTokenWo: pulumi.secret(token.secretData),
          authTokenWoVersion: token.version,
        },
      },
      opts,
    );
  });
  const pagerDuty = (secret: SecretManagerSecret) => {
    const key = latestVersion(plan, secret, secrets);
    return new monitoring.NotificationChannel(
      `${plan.clusterName}-pagerduty`,
      {
        ...base,
        type: 'pagerduty',
        displayName: `${plan.clusterName} PagerDuty`,
        sensitiveLabels: {
          serviceKeyWo: pulumi.secret(key.secretData),
          serviceKeyWoVersion: key.version,
        },
      },
      opts,
    );
  };
  return [
    ...email,
    ...slack,
    ...(declared.pagerDuty ? [pagerDuty(declared.pagerDuty.secret)] : []),
  ];
}

/**
 * For every target: a public HTTPS uptime check of `https://<host><health path>` (port 443,
 * the certificate validated, from Google's static-IP checkers in every region), and an alert
 * policy on its `check_passed` metric that opens an incident when checks fail from more than
 * one region, as Google's recipe does, notifying every channel.
 * @see https://cloud.google.com/monitoring/uptime-checks
 * @see https://cloud.google.com/monitoring/uptime-checks/uptime-alerting-policies
 * @see https://cloud.google.com/monitoring/api/resources#tag_uptime_url
 */
export function createUptimeChecks(
  plan: GkePlatformPlan,
  targets: readonly UptimeTarget[],
  channels: readonly monitoring.NotificationChannel[],
  opts: pulumi.CustomResourceOptions,
): UptimeCheckResult[] {
  return targets.map((target) => {
    const url = `https://${target.host}${target.healthPath}`;
    const check = new monitoring.UptimeCheckConfig(
      `${plan.clusterName}-uptime-${target.host}${target.healthPath}`,
      {
        project: plan.project,
        displayName: `${plan.clusterName} ${url}`,
        period: UPTIME_CHECK_PERIOD,
        timeout: UPTIME_CHECK_TIMEOUT,
        checkerType: 'STATIC_IP_CHECKERS',
        monitoredResource: {
          type: 'uptime_url',
          labels: { project_id: plan.project, host: target.host },
        },
        httpCheck: {
          requestMethod: 'GET',
          path: target.healthPath,
          port: 443,
          useSsl: true,
          validateSsl: true,
        },
        userLabels: { ...plan.labels },
      },
      opts,
    );
    const alert = new monitoring.AlertPolicy(
      `${plan.clusterName}-uptime-${target.host}${target.healthPath}`,
      {
        project: plan.project,
        displayName: `${plan.clusterName} ${url} is down`,
        combiner: 'OR',
        conditions: [
          {
            displayName: `${url} fails from more than one region`,
            conditionThreshold: {
              filter: pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id="${check.uptimeCheckId}" AND resource.type="uptime_url"`,
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
        notificationChannels: channels.map((c) => c.name),
        documentation: {
          mimeType: 'text/markdown',
          content: `The route '${target.routePath}' of Ingress '${target.ingress}' (Service '${target.service}') in namespace '${plan.namespace}' does not answer ${url} with a 2xx status over valid HTTPS.`,
        },
        userLabels: { ...plan.labels },
      },
      opts,
    );
    return { target, check, alert };
  });
}

/**
 * The environment's notification channels, then its uptime checks and their alert policies,
 * which also wait for `checked` (the applied Ingresses, when the stack applies them): a check
 * starts once its route exists, and goes before it on the way down.
 */
export function createMonitoring(
  plan: GkePlatformPlan,
  monitoringPlan: MonitoringPlan,
  secrets: readonly SecretResult[],
  checked: readonly pulumi.Resource[],
  opts: pulumi.CustomResourceOptions,
): MonitoringResult {
  if (monitoringPlan.warning) void pulumi.log.warn(monitoringPlan.warning);
  const channels = createNotificationChannels(plan, monitoringPlan.monitoring, secrets, opts);
  const uptimeChecks = createUptimeChecks(plan, monitoringPlan.targets, channels, {
    ...opts,
    dependsOn: [...checked],
  });
  return { channels, uptimeChecks };
}
