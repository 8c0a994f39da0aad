import { App } from 'cdk8s';
import { isRegionName, isSnapshotLocation } from '#lib/platform/gcp-locations';
import { definePlatform } from '#lib/platform/platform';
import { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { StatefulService, type StatefulServiceProps } from '#lib/workloads/stateful-service';
import { chartFor, find, objectsOf, type TestEnv } from '../support/synth';

/*
 * Limits Compute Engine enforces only when the disk or snapshot is created, long after
 * `kubectl apply` succeeded: the largest disk of each type, and where snapshots may be stored.
 */

const IMAGE = 'europe-docker.pkg.dev/acme-artifacts/apps/redis:7.2.5';
const KUBECTL = 'europe-docker.pkg.dev/acme-artifacts/jobs/kubectl:1.31.0';
const WHERE = "StatefulService 'prod/redis'";

const synth = (props: Partial<StatefulServiceProps<TestEnv>>) => {
  const chart = chartFor('prod');
  new StatefulService(chart, 'redis', { image: IMAGE, port: 6379, ...props });
  return objectsOf(chart);
};
const claimSize = (size: string, volume: object = {}) =>
  find(synth({ volumes: { '/data': { size, ...volume } } }), 'StatefulSet', 'redis').spec
    .volumeClaimTemplates[0].spec.resources.requests.storage;
const withLocation = (storageLocation: string) =>
  synth({
    volumes: { '/data': { size: '10Gi' } },
    snapshots: { image: KUBECTL, schedule: '0 3 * * *', storageLocation },
  });

describe('disk sizes up to the maximum of the disk type', () => {
  test('64 TiB is the largest Persistent Disk and Hyperdisk Balanced volume', () => {
    expect(claimSize('64Ti')).toBe('64Ti');
    expect(claimSize('65536Gi', { class: 'ssd' })).toBe('65536Gi');
    // C4 machines attach Hyperdisk only.
    const platform = definePlatform({
      name: 'acme',
      registries: { apps: { location: 'europe', project: 'acme-artifacts' } },
      environments: { prod: { nodePools: { general: { machineType: 'c4-standard-4' } } } },
    });
    const chart = new EnvironmentChart(new App(), { platform, environment: 'prod' });
    const redis = new StatefulService(chart, 'redis', {
      image: IMAGE,
      port: 6379,
      volumes: { '/data': { size: '64Ti', class: 'hyperdisk-balanced' } },
    });
    expect(redis.statefulSet.toJson().spec.volumeClaimTemplates[0].spec.resources).toEqual({
      requests: { storage: '64Ti' },
    });
  });

  test.each([
    [{}, '65Ti', "'65Ti', above the 64 TiB maximum of a pd-balanced disk"],
    [{ class: 'ssd' }, '65537Gi', "'65537Gi', above the 64 TiB maximum of a pd-ssd disk"],
    [{ class: 'standard' }, '1Pi', "'1Pi', above the 64 TiB maximum of a pd-standard disk"],
    [
      { class: 'standard', regional: true },
      '100Ti',
      "'100Ti', above the 64 TiB maximum of a regional pd-standard disk",
    ],
    [
      { class: 'hyperdisk-balanced' },
      '128Ti',
      "'128Ti', above the 64 TiB maximum of a hyperdisk-balanced disk",
    ],
  ])('fails: %j of %s', (volume, size, problem) => {
    expect(() => claimSize(size, volume)).toThrow(
      `${WHERE}: 'volumes./data.size' is ${problem}; ask for at most '64Ti', or spread the data over several volumes`,
    );
  });

  test('fails in the environment whose size is too large, naming the per-environment prop', () => {
    expect(() => synth({ volumes: { '/data': { size: { dev: '10Gi', prod: '80Ti' } } } })).toThrow(
      `${WHERE}: 'volumes./data.size' is '80Ti', above the 64 TiB maximum`,
    );
  });
});

describe('snapshot storage locations', () => {
  test.each([
    'europe-west1',
    'us-central1',
    'me-central2',
    'northamerica-south1',
    'europe-west12',
    'eu',
    'us',
    'asia',
  ])('%s is a location Compute Engine stores snapshots in', (location) => {
    expect(
      find(withLocation(location), 'VolumeSnapshotClass', `acme-pd-snapshots-${location}`)
        .parameters,
    ).toEqual({
      'storage-locations': location,
    });
  });

  test.each(['europe', 'eu-west1', 'us-central', 'useast1', 'mars-west1', 'europe-west0', 'nam4'])(
    'fails: %s is not a region or a snapshot multi-region',
    (location) => {
      expect(() => withLocation(location)).toThrow(
        `${WHERE}: 'snapshots.storageLocation' is "${location}", which is not a Google Cloud region or a multi-region Compute Engine stores snapshots in; use a region such as 'europe-west1', or the multi-region 'eu', 'us' or 'asia'`,
      );
    },
  );

  test('a region is told by its form, so that regions Google opens later are taken', () => {
    expect(isRegionName('africa-south2')).toBe(true);
    expect(isRegionName('australia-southeast3')).toBe(true);
    expect(isRegionName('europe-west')).toBe(false);
    expect(isRegionName('Europe-west1')).toBe(false);
    expect(isSnapshotLocation('europe')).toBe(false);
  });
});
