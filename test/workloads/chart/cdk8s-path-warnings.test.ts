/**
 * A foreign workload that the environment's default deny cuts off is a warning on every way
 * out of an EnvironmentChart: synthesizePlatform reports it through `onWarning` (stderr by
 * default), and `app.synth()`, `Testing.synth()` and `synthesizeChart` print it on stderr,
 * once each, the same line.
 */
import { ApiObject, App, Testing } from 'cdk8s';
import {
  definePlatform,
  EnvironmentChart,
  type PlatformWarning,
  synthesizeChart,
  synthesizePlatform,
} from 'gke-platform';

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: true },
    prod: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: true },
  },
});

/** A Deployment this library did not make, which no NetworkPolicy but the default deny selects. */
function define(chart: EnvironmentChart<'dev' | 'prod'>): void {
  new ApiObject(chart, 'raw', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'raw' },
    spec: {
      selector: { matchLabels: { app: 'raw' } },
      template: {
        metadata: { labels: { app: 'raw' } },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [{ name: 'raw', image: 'europe-docker.pkg.dev/p/r/raw:1.0.0' }],
        },
      },
    },
  });
}

const line = (env: string) =>
  expect.stringMatching(
    new RegExp(
      `^warning: ApiObject '${env}/raw': the Deployment 'raw' was not made by gke-platform, .*; allow what they need with new ForeignWorkloadPolicy\\(chart, 'raw'`,
    ),
  );

/** What synthesizePlatform reports, as the lines it prints by default. */
function reported(): string[] {
  const warnings: PlatformWarning[] = [];
  synthesizePlatform(platform, define, {
    releases: '/nonexistent',
    onWarning: (w) => warnings.push(w),
  });
  return warnings.map((w) => `warning: ${w.where}: ${w.problem}; ${w.fix}`);
}

/** What reaches stderr while `synth` runs and once it has returned (its microtasks). */
async function printedBy(synth: () => unknown): Promise<string[]> {
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    synth();
    await new Promise(setImmediate);
    return printed.mock.calls.map(([text]) => String(text));
  } finally {
    printed.mockRestore();
  }
}

function chartIn(app: App, environment: 'dev' | 'prod'): EnvironmentChart<'dev' | 'prod'> {
  const chart = new EnvironmentChart(app, { platform, environment });
  define(chart);
  return chart;
}

it('app.synth() prints what synthesizePlatform reports, for every chart, once each', async () => {
  const app = Testing.app();
  chartIn(app, 'dev');
  chartIn(app, 'prod');
  const printed = await printedBy(() => app.synth());
  expect(printed).toEqual([line('dev'), line('prod')]);
  expect(printed).toEqual(reported());
});

it('Testing.synth() prints the warning once, also when it synthesizes the chart again', async () => {
  const chart = chartIn(Testing.app(), 'dev');
  expect(await printedBy(() => Testing.synth(chart))).toEqual([line('dev')]);
  expect(await printedBy(() => Testing.synth(chart))).toEqual([]);
  expect(await printedBy(() => Testing.synth(chartIn(Testing.app(), 'prod')))).toEqual([
    line('prod'),
  ]);
});

it('synthesizeChart prints it too', async () => {
  const chart = chartIn(Testing.app(), 'dev');
  expect(await printedBy(() => synthesizeChart(chart))).toEqual([line('dev')]);
});

it('synthesizePlatform prints each warning once, not again from the chart it renders', async () => {
  const printed = await printedBy(() =>
    synthesizePlatform(platform, define, { releases: '/nonexistent' }),
  );
  expect(printed).toEqual([line('dev'), line('prod')]);
});

it('synthesizePlatform with onWarning prints nothing: the warnings are its handler’s', async () => {
  const warnings: PlatformWarning[] = [];
  const printed = await printedBy(() =>
    synthesizePlatform(platform, define, {
      releases: '/nonexistent',
      onWarning: (w) => warnings.push(w),
    }),
  );
  expect(printed).toEqual([]);
  expect(warnings.map((w) => w.where)).toEqual(["ApiObject 'dev/raw'", "ApiObject 'prod/raw'"]);
});

it('a chart without a foreign workload, or without NetworkPolicies, prints nothing', async () => {
  const plain = new EnvironmentChart(Testing.app(), { platform, environment: 'dev' });
  expect(await printedBy(() => Testing.synth(plain))).toEqual([]);
  const open = definePlatform({
    name: 'shop',
    environments: {
      dev: { nodePools: { general: { machineType: 'e2-standard-2' } }, networkPolicies: false },
    },
  });
  const chart = new EnvironmentChart(Testing.app(), { platform: open, environment: 'dev' });
  define(chart as EnvironmentChart<'dev' | 'prod'>);
  expect(await printedBy(() => Testing.synth(chart))).toEqual([]);
});
