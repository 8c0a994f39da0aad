import * as pulumi from '@pulumi/pulumi';
import { definePlatform } from 'gke-platform';
import { STACK_CONFIG_NAMESPACE, stackArgs } from 'gke-platform/infra';

/** A consumer's project, named otherwise than the namespace the reader uses. */
beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (a) => a.inputs,
    },
    'my-shop',
    'dev',
    false,
  );
});

const platform = definePlatform({
  name: 'my-shop',
  environments: {
    dev: { project: 'my-shop-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
    prod: { project: 'my-shop-prod', nodePools: { general: { machineType: 'e2-standard-4' } } },
  },
});

test('reads gke-platform:* in a project of any name, not <project>:*', () => {
  pulumi.runtime.setAllConfig({
    'gcp:region': 'europe-west1',
    'gke-platform:environment': 'prod',
    'gke-platform:masterAuthorizedNetworks': '[]',
    'gke-platform:zone': 'europe-west1-b',
    // A bare `pulumi config set zone …` in the project "my-shop" is not the reader's key.
    'my-shop:zone': 'europe-west1-c',
  });
  expect(STACK_CONFIG_NAMESPACE).toBe('gke-platform');
  expect(stackArgs(platform)).toMatchObject({
    platform,
    environment: 'prod',
    region: 'europe-west1',
    zone: 'europe-west1-b',
    masterAuthorizedNetworks: [],
    workloads: undefined,
    deployWorkloads: false,
  });
});

test('names the missing key in its namespace', () => {
  pulumi.runtime.setAllConfig({ 'gcp:region': 'europe-west1', 'my-shop:environment': 'dev' });
  expect(() => stackArgs(platform)).toThrow(/gke-platform:environment/);
});

test('gcp:region is optional for an environment of several clusters, required for one', () => {
  const fleet = definePlatform({
    name: 'my-shop',
    environments: {
      dev: { project: 'my-shop-dev', nodePools: { general: { machineType: 'e2-standard-2' } } },
      prod: {
        project: 'my-shop-prod',
        nodePools: { general: { machineType: 'e2-standard-4' } },
        clusters: {
          euw1: { region: 'europe-west1', config: true },
          ane1: { region: 'asia-northeast1' },
        },
      },
    },
  });
  pulumi.runtime.setAllConfig({
    'gke-platform:environment': 'prod',
    'gke-platform:masterAuthorizedNetworks': '[]',
  });
  expect(stackArgs(fleet)).toMatchObject({ environment: 'prod', region: undefined });
  pulumi.runtime.setAllConfig({
    'gke-platform:environment': 'dev',
    'gke-platform:masterAuthorizedNetworks': '[]',
  });
  expect(() => stackArgs(fleet)).toThrow(/gcp:region/);
});
