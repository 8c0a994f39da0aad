import * as pulumi from '@pulumi/pulumi';
import { stackConfig } from './app-stack';
import { installMocks } from './mocks';

/** A whole program under mocks takes seconds, more on a busy machine. */
jest.setTimeout(60_000);

installMocks();

let readArgs: typeof import('#apps/infra-config').stackArgs;
let platform: (typeof import('#apps/platform'))['platform'];
let workloads: import('gke-platform').WorkloadSource;
let GkePlatform: typeof import('gke-platform/infra').GkePlatform;
beforeAll(async () => {
  readArgs = (await import('#apps/infra-config')).stackArgs;
  platform = (await import('#apps/platform')).platform;
  const { workloadSource } = await import('gke-platform');
  workloads = workloadSource(platform, (await import('#apps/main')).defineShop);
  GkePlatform = (await import('gke-platform/infra')).GkePlatform;
});

/** The stack's arguments from the configuration, with the example's workloads. */
const stackArgs = () => readArgs(platform, workloads);

/** Sets the dev stack's configuration changed by `change` (undefined removes a key). */
function configure(change: Record<string, string | undefined>): void {
  const config: Record<string, string> = { ...stackConfig('dev') };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  pulumi.runtime.setAllConfig(config);
}

/** Reads the configuration and builds the stack, as apps/infra.ts does. */
const build = () => new GkePlatform('shop', stackArgs());

test('reads every key of the committed dev stack', () => {
  configure({});
  expect(stackArgs()).toEqual({
    platform,
    environment: 'dev',
    project: 'shop-dev-project',
    region: 'europe-west1',
    zone: 'europe-west1-b',
    masterAuthorizedNetworks: [{ cidrBlock: '203.0.113.0/24', displayName: 'office' }],
    nodePoolSizes: { general: { minNodes: 1, maxNodes: 2 } },
    releaseChannel: 'RAPID',
    production: undefined,
    deletionProtection: undefined,
    privateEndpoint: undefined,
    dnsEndpoint: undefined,
    binaryAuthorization: undefined,
    secretsEncryption: undefined,
    flowLogs: undefined,
    intranodeVisibility: undefined,
    securityPosture: { mode: 'BASIC' },
    rbacSecurityGroup: undefined,
    projectNumber: undefined,
    // The definition itself, synthesized by the stack, read and not applied.
    workloads,
    deployWorkloads: false,
  });
});

test('reads the hardening keys where an operator sets them', () => {
  configure({
    'gke-platform:privateEndpoint': 'true',
    'gke-platform:dnsEndpoint': 'false',
    'gke-platform:intranodeVisibility': 'true',
    'gke-platform:binaryAuthorization': '{"enforce":true,"projectPolicy":true}',
    'gke-platform:secretsEncryption': '{"enabled":true,"rotationDays":30}',
    'gke-platform:flowLogs': '{"enabled":true,"flowSampling":0.25}',
    'gke-platform:securityPosture': '{"vulnerabilityMode":"VULNERABILITY_BASIC"}',
    'gke-platform:rbacSecurityGroup': 'gke-security-groups@example.com',
    'gke-platform:projectNumber': '123456789012',
  });
  expect(stackArgs()).toMatchObject({
    privateEndpoint: true,
    dnsEndpoint: false,
    intranodeVisibility: true,
    binaryAuthorization: { enforce: true, projectPolicy: true },
    secretsEncryption: { enabled: true, rotationDays: 30 },
    flowLogs: { enabled: true, flowSampling: 0.25 },
    securityPosture: { vulnerabilityMode: 'VULNERABILITY_BASIC' },
    rbacSecurityGroup: 'gke-security-groups@example.com',
    projectNumber: '123456789012',
  });
});

test('fails on a hardening flag that is not a boolean', () => {
  configure({ 'gke-platform:privateEndpoint': 'on' });
  expect(build).toThrow(/gke-platform:privateEndpoint.*boolean/);
});

test('fails on a public authorized network once the private endpoint is on', () => {
  configure({ 'gke-platform:privateEndpoint': 'true' });
  expect(build).toThrow(
    /'masterAuthorizedNetworks\[0\].cidrBlock' is '203.0.113.0\/24', which is not inside an internal range, but 'privateEndpoint' is on/,
  );
});

test('a manifestsDir is read instead of the workloads, and not applied without deployWorkloads', () => {
  configure({ 'gke-platform:manifestsDir': 'dist/prod' });
  const args = stackArgs();
  expect(args).toMatchObject({
    manifestsDir: `${process.cwd()}/dist/prod`,
    deployWorkloads: false,
  });
  expect(args.workloads).toBeUndefined();
});

test('deployWorkloads applies the workloads, not a dist/ folder', () => {
  configure({ 'gke-platform:deployWorkloads': 'true' });
  const args = stackArgs();
  expect(args).toMatchObject({ workloads, deployWorkloads: true });
  expect(args.manifestsDir).toBeUndefined();
});

test('fails without an environment, saying how to set it', () => {
  configure({ 'gke-platform:environment': undefined });
  expect(build).toThrow(
    /Missing required configuration variable 'gke-platform:environment'[\s\S]*pulumi config set gke-platform:environment/,
  );
});

test('fails on an environment the platform does not declare', () => {
  configure({ 'gke-platform:environment': 'qa' });
  expect(build).toThrow(
    /'gke-platform:environment' value 'qa' is not a legal enum value \(\["dev","staging","prod"\]\)/,
  );
});

test('fails without a region', () => {
  configure({ 'gcp:region': undefined });
  expect(build).toThrow(/Missing required configuration variable 'gcp:region'/);
});

test('fails without master authorized networks', () => {
  configure({ 'gke-platform:masterAuthorizedNetworks': undefined });
  expect(build).toThrow(
    /Missing required configuration variable 'gke-platform:masterAuthorizedNetworks'/,
  );
});

test('fails on an invalid authorized network', () => {
  configure({ 'gke-platform:masterAuthorizedNetworks': '[{"cidrBlock":"office"}]' });
  expect(build).toThrow(
    /'masterAuthorizedNetworks\[0\].cidrBlock' is "office", which is not an IPv4 CIDR block/,
  );
});

test('fails on a release channel GKE does not have', () => {
  configure({ 'gke-platform:releaseChannel': 'BETA' });
  expect(build).toThrow(/'gke-platform:releaseChannel' value 'BETA' is not a legal enum value/);
});

test('fails on a flag that is not a boolean', () => {
  configure({ 'gke-platform:deployWorkloads': 'yes' });
  expect(build).toThrow(/gke-platform:deployWorkloads.*boolean/);
});

test('fails on pool sizes for a pool the environment does not have', () => {
  configure({ 'gke-platform:nodePoolSizes': '{"gpu":{"maxNodes":1}}' });
  expect(build).toThrow(
    /'nodePoolSizes.gpu' names a pool that environment has not declared; use one of general, spot/,
  );
});

test("fails on a project other than the platform's", () => {
  configure({ 'gcp:project': 'someone-elses' });
  expect(build).toThrow(
    /'project' is 'someone-elses', but the platform declares project 'shop-dev-project'/,
  );
});

test('fails when deployWorkloads is on but nothing was synthesized', () => {
  configure({
    'gke-platform:deployWorkloads': 'true',
    'gke-platform:manifestsDir': '/nonexistent/dist/dev',
  });
  expect(build).toThrow(
    /'manifestsDir' is '\/nonexistent\/dist\/dev', which is not a directory; synthesize the workloads first \('npm run synth'\)/,
  );
});
