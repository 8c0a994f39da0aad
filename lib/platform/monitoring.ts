import { fail } from '../core/errors';
import type { SecretManagerSecret } from './secret';

/**
 * A Slack channel that alerts go to. The Cloud Monitoring Slack app's OAuth token is read from
 * Secret Manager by the Pulumi stack, never written in the definition.
 * @see https://cloud.google.com/monitoring/support/notification-options#slack
 */
export interface SlackChannelSpec {
  /** The channel's name, e.g. '#ops-alerts' ('#' is added when left out). */
  readonly channel: string;
  /**
   * The declared secret (a key of the platform's or environment's `secrets`) whose latest
   * version holds the Slack app's OAuth token (`xoxb-…`).
   */
  readonly secret: string;
}

/**
 * A PagerDuty service that alerts page. Its integration key is read from Secret Manager by
 * the Pulumi stack, never written in the definition.
 * @see https://cloud.google.com/monitoring/support/notification-options#pagerduty
 */
export interface PagerDutySpec {
  /**
   * The declared secret (a key of the platform's or environment's `secrets`) whose latest
   * version holds the PagerDuty service's integration key.
   */
  readonly secret: string;
}

/** Where the alerts of an environment go: Cloud Monitoring notification channels. */
export interface NotifySpec {
  /** E-mail addresses, one channel each. @default none */
  readonly email?: readonly string[];
  /** Slack channels, one notification channel each. @default none */
  readonly slack?: readonly SlackChannelSpec[];
  /** A PagerDuty service. @default none */
  readonly pagerDuty?: PagerDutySpec;
}

/**
 * How an environment is watched from outside, by the Pulumi stack that creates its cluster.
 * @see https://cloud.google.com/monitoring/uptime-checks
 */
export interface MonitoringSpec {
  /**
   * An HTTPS uptime check on every public host × route of the environment's external
   * Ingresses (on the route's health-check path, the certificate validated), each with an
   * alert policy that notifies every channel of `notify`. The stack reads the hosts and
   * routes from the synthesized manifests (`manifestsDir`).
   * @default false
   * @see https://cloud.google.com/monitoring/uptime-checks/uptime-alerting-policies
   */
  readonly uptimeChecks?: boolean;
  /** The notification channels the stack creates for the environment's alerts. @default none */
  readonly notify?: NotifySpec;
}

/** An environment's monitoring with its defaults applied and its references checked. */
export interface Monitoring {
  /**
   * Whether the stack creates an HTTPS uptime check, with its alert policy, per public host and
   * route.
   */
  readonly uptimeChecks: boolean;
  /** E-mail addresses that get the alerts, one notification channel each; empty for none. */
  readonly email: readonly string[];
  /** Channel names with their leading '#'. */
  readonly slack: readonly { readonly channel: string; readonly secret: SecretManagerSecret }[];
  /**
   * The PagerDuty service that alerts page, with the declared secret holding its integration key.
   */
  readonly pagerDuty?: { readonly secret: SecretManagerSecret };
}

/**
 * An e-mail address as Cloud Monitoring's `email` channel takes it (`labels.email_address`):
 * one '@', a dotted domain, no spaces.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A Slack channel name: lower-case letters, digits, '-', '_' and '.', at most 80 characters.
 * @see https://slack.com/help/articles/201402297-Create-a-channel
 */
const SLACK_CHANNEL = /^#?[a-z0-9][a-z0-9._-]{0,79}$/;

/** The secret names that `spec` references: they may be declared without workload readers. */
export function monitoringSecretNames(spec: MonitoringSpec | undefined): ReadonlySet<string> {
  return new Set([
    ...(spec?.notify?.slack ?? []).map((s) => s.secret),
    ...(spec?.notify?.pagerDuty ? [spec.notify.pagerDuty.secret] : []),
  ]);
}

/**
 * Checks an environment's monitoring declaration (`where` names the environment) against the
 * environment's declared secrets, and applies its defaults.
 */
export function parseMonitoring(
  where: string,
  spec: MonitoringSpec | undefined,
  secrets: readonly SecretManagerSecret[],
): Monitoring {
  const declared = (name: string, prop: string): SecretManagerSecret => {
    const secret = secrets.find((s) => s.name === name);
    if (!secret) {
      const known = secrets.map((s) => s.name).join(', ') || 'none';
      fail(
        where,
        prop,
        `names secret '${name}', which is not declared`,
        `declare it under 'secrets' (its readers may be empty: the stack reads it), or use one of: ${known}`,
      );
    }
    return secret;
  };
  const notify = spec?.notify ?? {};
  const email = [...(notify.email ?? [])];
  email.forEach((address, i) => {
    if (typeof address !== 'string' || !EMAIL.test(address)) {
      fail(
        where,
        `monitoring.notify.email[${i}]`,
        `is ${JSON.stringify(address)}, which is not an e-mail address`,
        "write an address such as 'ops@example.com'",
      );
    }
    if (email.indexOf(address) !== i) {
      fail(
        where,
        `monitoring.notify.email[${i}]`,
        `repeats '${address}'`,
        'list each address once',
      );
    }
  });
  const slack = (notify.slack ?? []).map((s, i) => {
    const prop = `monitoring.notify.slack[${i}]`;
    if (typeof s?.channel !== 'string' || !SLACK_CHANNEL.test(s.channel)) {
      fail(
        where,
        `${prop}.channel`,
        `is ${JSON.stringify(s?.channel)}, which is not a Slack channel name`,
        "use at most 80 lower-case letters, digits, '-', '_' and '.', e.g. '#ops-alerts'",
      );
    }
    const channel = s.channel.startsWith('#') ? s.channel : `#${s.channel}`;
    return { channel, secret: declared(s.secret, `${prop}.secret`) };
  });
  slack.forEach((s, i) => {
    if (slack.findIndex((t) => t.channel === s.channel) !== i) {
      fail(
        where,
        `monitoring.notify.slack[${i}].channel`,
        `repeats '${s.channel}'`,
        'list each channel once',
      );
    }
  });
  const pagerDuty = notify.pagerDuty
    ? { secret: declared(notify.pagerDuty.secret, 'monitoring.notify.pagerDuty.secret') }
    : undefined;
  return { uptimeChecks: spec?.uptimeChecks ?? false, email, slack, pagerDuty };
}
