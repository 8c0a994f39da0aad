import { definePlatform, type EnvironmentSpec } from '#lib/platform/platform';
import { type MonitoringSpec } from '#lib/platform/monitoring';
import { PlatformError } from '#lib/core/errors';
import { type SecretManagerSecretSpec } from '#lib/platform/secret';

const pools = { general: { machineType: 'e2-standard-2' } };

/** dev without monitoring, prod with `monitoring` and `secrets`. */
function platformWith(
  monitoring: MonitoringSpec | undefined,
  secrets: Record<string, SecretManagerSecretSpec> = {},
) {
  const env = (project: string): EnvironmentSpec => ({
    project,
    nodePools: pools,
    workloadIdentities: { web: {} },
  });
  return definePlatform({
    name: 'acme',
    environments: {
      dev: env('acme-dev'),
      prod: { ...env('acme-prod'), secrets, monitoring },
    },
  });
}

const keys = {
  'slack-token': { readers: [] },
  'pagerduty-key': { readers: [], secretId: 'PAGERDUTY_KEY' },
};

describe('monitoring declaration', () => {
  it('is off, with no channels, where an environment declares none', () => {
    expect(platformWith(undefined).environment('dev').monitoring).toEqual({
      uptimeChecks: false,
      email: [],
      slack: [],
      pagerDuty: undefined,
    });
  });

  it('resolves channels against the declared secrets; a Slack channel gets its #', () => {
    const p = platformWith(
      {
        uptimeChecks: true,
        notify: {
          email: ['ops@example.com', 'oncall@example.org'],
          slack: [
            { channel: 'ops-alerts', secret: 'slack-token' },
            { channel: '#shop', secret: 'slack-token' },
          ],
          pagerDuty: { secret: 'pagerduty-key' },
        },
      },
      keys,
    );
    const m = p.environment('prod').monitoring;
    expect(m.uptimeChecks).toBe(true);
    expect(m.email).toEqual(['ops@example.com', 'oncall@example.org']);
    expect(m.slack.map((s) => [s.channel, s.secret.resourceName])).toEqual([
      ['#ops-alerts', 'projects/acme-prod/secrets/slack-token'],
      ['#shop', 'projects/acme-prod/secrets/slack-token'],
    ]);
    expect(m.pagerDuty?.secret.resourceName).toBe('projects/acme-prod/secrets/PAGERDUTY_KEY');
    // The other environment keeps its own (absent) declaration.
    expect(p.environment('dev').monitoring.uptimeChecks).toBe(false);
  });

  it('a secret only the stack reads may have no workload readers', () => {
    const p = platformWith(
      { notify: { pagerDuty: { secret: 'pagerduty-key' } } },
      { 'pagerduty-key': keys['pagerduty-key'] },
    );
    expect(p.environment('prod').secrets.find((s) => s.name === 'pagerduty-key')?.readers).toEqual(
      [],
    );
  });

  it('fails when a secret without readers is not named by monitoring', () => {
    expect(() =>
      platformWith({ notify: { pagerDuty: { secret: 'pagerduty-key' } } }, keys),
    ).toThrow(
      "Platform 'acme' environment 'prod': 'secrets.slack-token.readers' is empty, so no workload could read the secret",
    );
  });

  it('fails when a channel names an undeclared secret', () => {
    const make = () => platformWith({ notify: { pagerDuty: { secret: 'pd' } } });
    expect(make).toThrow(PlatformError);
    expect(make).toThrow(
      "Platform 'acme' environment 'prod': 'monitoring.notify.pagerDuty.secret' names secret 'pd', which is not declared; declare it under 'secrets'",
    );
    expect(() =>
      platformWith({ notify: { slack: [{ channel: 'ops', secret: 'token' }] } }),
    ).toThrow("'monitoring.notify.slack[0].secret' names secret 'token', which is not declared");
  });

  it('fails on an address that is not an e-mail address, and on a repeated one', () => {
    expect(() => platformWith({ notify: { email: ['ops.example.com'] } })).toThrow(
      '\'monitoring.notify.email[0]\' is "ops.example.com", which is not an e-mail address',
    );
    expect(() => platformWith({ notify: { email: ['a@b.io', 'a@b.io'] } })).toThrow(
      "'monitoring.notify.email[1]' repeats 'a@b.io'",
    );
  });

  it('fails on a Slack channel name Slack would refuse, and on a repeated channel', () => {
    expect(() =>
      platformWith(
        { notify: { slack: [{ channel: '#Ops Alerts', secret: 'slack-token' }] } },
        {
          'slack-token': { readers: [] },
        },
      ),
    ).toThrow(
      '\'monitoring.notify.slack[0].channel\' is "#Ops Alerts", which is not a Slack channel name',
    );
    expect(() =>
      platformWith(
        {
          notify: {
            slack: [
              { channel: 'ops', secret: 'slack-token' },
              { channel: '#ops', secret: 'slack-token' },
            ],
          },
        },
        { 'slack-token': { readers: [] } },
      ),
    ).toThrow("'monitoring.notify.slack[1].channel' repeats '#ops'");
  });
});
