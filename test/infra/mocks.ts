import * as pulumi from '@pulumi/pulumi';

/** A resource as the mocked engine saw it. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

/** Every resource registered since the last {@link resetRegistered}. */
export const registered: Registered[] = [];

export function resetRegistered(): void {
  registered.length = 0;
  invoked.length = 0;
  warnings.length = 0;
}

/**
 * What the stacks under test warned (`pulumi.log.warn`, which `pulumi up` shows), kept here
 * rather than printed: a test that expects a warning reads it (or spies on the log).
 */
export const warnings: string[] = [];

let nextIp = 1;

/** What GCP would compute for a resource: ids, emails, endpoints, addresses. */
function computed(type: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (type) {
    case 'gcp:container/cluster:Cluster':
      return {
        // The IP endpoint is the private one when the public endpoint is off.
        endpoint: inputs.privateClusterConfig?.enablePrivateEndpoint ? '10.0.0.2' : '203.0.113.10',
        masterAuth: { ...inputs.masterAuth, clusterCaCertificate: 'Q0EtREFUQQ==' },
        // A cluster registered at creation gets a membership named after it.
        ...(inputs.fleet
          ? {
              fleet: {
                ...inputs.fleet,
                membershipId: inputs.name,
                membershipLocation: String(inputs.location).replace(/-[a-z]$/, ''),
              },
            }
          : {}),
        controlPlaneEndpointsConfig: {
          dnsEndpointConfig: {
            ...inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig,
            endpoint: `gke-0123456789abcdef-${inputs.name}.${inputs.location}.gke.goog`,
          },
        },
      };
    case 'gcp:serviceaccount/account:Account': {
      const email = `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`;
      return {
        email,
        name: `projects/${inputs.project}/serviceAccounts/${email}`,
        member: `serviceAccount:${email}`,
      };
    }
    case 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig':
      return { uptimeCheckId: `check-${String(inputs.displayName).replace(/[^a-z0-9]+/g, '-')}` };
    case 'gcp:monitoring/notificationChannel:NotificationChannel':
      return {
        name: `projects/${inputs.project}/notificationChannels/${inputs.type}-${String(
          inputs.displayName,
        )
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')}`,
      };
    // The CNAME record of a DNS authorization, as Certificate Manager answers it.
    // https://cloud.google.com/certificate-manager/docs/dns-authorizations
    case 'gcp:certificatemanager/dnsAuthorization:DnsAuthorization':
      return {
        dnsResourceRecords: [
          {
            name: `_acme-challenge.${inputs.domain}.`,
            type: 'CNAME',
            data: `0e40fc77-a37d-4eb8-8fe1-eea2e18d12d9.4.authorize.certificatemanager.goog.`,
          },
        ],
      };
    case 'gcp:compute/globalAddress:GlobalAddress':
    case 'gcp:compute/address:Address':
      return { address: `198.51.100.${nextIp++}` };
    default:
      return {};
  }
}

/** Every function the program invoked (data sources), since the last {@link resetRegistered}. */
export const invoked: { readonly token: string; readonly inputs: Record<string, any> }[] = [];

/** The version the mocked `gcp.secretmanager.getSecretVersion` answers. */
export const SECRET_VERSION = '7';

/** The value the mocked `gcp.secretmanager.getSecretVersion` answers for secret `id`. */
export const secretValueOf = (id: string) => `value-of-${id}`;

/** The project number the mocked `gcp.organizations.getProject` answers. */
export const PROJECT_NUMBER = '123456789012';

/** Resource IDs as GCP makes them, where tests read them (KMS keys are named by their ID). */
function idOf(type: string, inputs: Record<string, any>): string | undefined {
  switch (type) {
    case 'gcp:kms/keyRing:KeyRing':
      return `projects/${inputs.project}/locations/${inputs.location}/keyRings/${inputs.name}`;
    case 'gcp:kms/cryptoKey:CryptoKey':
      return `${inputs.keyRing}/cryptoKeys/${inputs.name}`;
    default:
      return undefined;
  }
}

/** Installs Pulumi's test mocks, recording every registered resource. */
export function installMocks(stack = 'test'): void {
  formatPulumiStacksPlainly();
  (pulumi.log as { warn: (message: string) => Promise<void> }).warn = (message) => {
    warnings.push(message);
    return Promise.resolve();
  };
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state = { ...args.inputs, ...computed(args.type, args.inputs) };
        const id =
          idOf(args.type, args.inputs) ??
          (state.name && typeof state.name === 'string' ? `${state.name}-id` : `${args.name}-id`);
        return { id, state };
      },
      call(args) {
        invoked.push({ token: args.token, inputs: args.inputs });
        if (args.token === 'gcp:secretmanager/getSecretVersion:getSecretVersion') {
          return {
            ...args.inputs,
            version: SECRET_VERSION,
            secretData: secretValueOf(args.inputs.secret),
          };
        }
        if (args.token === 'gcp:organizations/getProject:getProject') {
          return { ...args.inputs, number: PROJECT_NUMBER };
        }
        return args.inputs;
      },
    },
    'gke-platform',
    stack,
    false,
  );
}

/**
 * Pulumi reads `new Error().stack` for every resource it registers (its source position,
 * with no depth limit) and for every promise it makes (kept for a leak report on exit). Under
 * jest, source-map-support maps each frame of each of those stacks through the source maps,
 * which was more than half the time a stack takes under mocks. Stacks that Pulumi's own code
 * asks for are formatted as V8 does by default (unmapped positions), their first
 * PULUMI_FRAMES frames only; every other stack (a failing test's, the library's errors) keeps
 * jest's mapping.
 */
const PULUMI_FRAMES = 8;

function formatPulumiStacksPlainly(): void {
  const mapped = Error.prepareStackTrace;
  if (!mapped || (mapped as { plainForPulumi?: boolean }).plainForPulumi) return;
  const prepare = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    const caller = frames[0]?.getFileName() ?? '';
    if (!caller.includes('/@pulumi/pulumi/')) return mapped(error, frames);
    // The first frames are enough for the source position Pulumi takes (the caller of the
    // resource's constructor); formatting hundreds of jest frames is what costs.
    const top = frames.slice(0, PULUMI_FRAMES);
    return `${String(error)}${top.map((frame) => `\n    at ${String(frame)}`).join('')}`;
  };
  Error.prepareStackTrace = Object.assign(prepare, { plainForPulumi: true });
}

/** The value of an output (mocks resolve every output). */
export function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** The resources of one type, by Pulumi name. */
export function ofType(type: string): Registered[] {
  return registered.filter((r) => r.type === type);
}

/** The one resource of `type` named `name`. */
export function find(type: string, name: string): Registered {
  const found = registered.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} '${name}', found ${found.length}: ${registered.map((r) => `${r.type} ${r.name}`).join(', ')}`,
    );
  }
  return found[0];
}

/** Every resource a GkePlatform created, from its public fields. */
function childrenOf(gke: import('gke-platform/infra').GkePlatform): pulumi.Resource[] {
  return [
    gke,
    gke.network.network,
    gke.network.subnetwork,
    gke.network.router,
    gke.network.nat,
    ...(gke.network.proxyOnlySubnetwork ? [gke.network.proxyOnlySubnetwork] : []),
    gke.nodeServiceAccount.account,
    ...gke.nodeServiceAccount.roles,
    ...(gke.secretsEncryption
      ? [
          gke.secretsEncryption.keyRing,
          gke.secretsEncryption.key,
          gke.secretsEncryption.serviceAgentAccess,
        ]
      : []),
    ...(gke.binaryAuthorizationPolicy ? [gke.binaryAuthorizationPolicy] : []),
    gke.cluster,
    ...gke.nodePools,
    ...gke.addresses.map((a) => a.address),
    ...(gke.securityPolicies ?? []).map((p) => p.policy),
    ...(gke.certificates ?? []).map((c) => c.certificate),
    ...(gke.previewGateway
      ? [
          gke.previewGateway.address,
          gke.previewGateway.certificateManagerApi,
          gke.previewGateway.dnsAuthorization,
          gke.previewGateway.certificate,
          gke.previewGateway.certificateMap,
          gke.previewGateway.certificateMapEntry,
        ]
      : []),
    ...gke.registryReaders.map((r) => r.reader),
    ...gke.workloadIdentities.flatMap((w) => [w.account, w.binding, ...w.roles]),
    ...(gke.secrets ?? []).flatMap((s) => [s.secret, ...s.accessors]),
    ...(gke.previewIdentities?.identities ?? []).flatMap((i) => [
      i.account,
      i.binding,
      ...i.roles,
      ...i.secretAccessors,
    ]),
    ...(gke.previewIdentities?.syncAccessors ?? []),
    ...(gke.monitoring?.channels ?? []),
    ...(gke.monitoring?.uptimeChecks ?? []).flatMap((u) => [u.check, u.alert]),
    ...(gke.workloads
      ? [gke.workloads.provider, ...Object.values(gke.workloads.layers).map((l) => l.group)]
      : []),
    ...(gke.fleet
      ? [
          ...Object.values(gke.fleet.network.subnetworks),
          ...Object.values(gke.fleet.network.routers),
          ...Object.values(gke.fleet.network.nats),
          ...Object.values(gke.fleet.clusters).flatMap((c) => [
            c.cluster,
            ...c.nodePools,
            ...(c.secretsEncryption
              ? [
                  c.secretsEncryption.keyRing,
                  c.secretsEncryption.key,
                  c.secretsEncryption.serviceAgentAccess,
                ]
              : []),
            ...(c.workloads
              ? [c.workloads.provider, ...Object.values(c.workloads.layers).map((l) => l.group)]
              : []),
          ]),
          ...gke.fleet.features.apis,
          gke.fleet.features.multiClusterServices,
          gke.fleet.features.multiClusterGateway,
          gke.fleet.features.mcsImporter,
          gke.fleet.features.gatewayServiceAgent,
        ]
      : []),
  ];
}

/** Waits until every resource of `gke` (objects of applied manifests included) is registered. */
export async function settle(gke: import('gke-platform/infra').GkePlatform): Promise<void> {
  await Promise.all(childrenOf(gke).map((r) => resolved(r.urn)));
  const layers = [
    ...Object.values(gke.workloads?.layers ?? {}),
    ...Object.values(gke.fleet?.clusters ?? {}).flatMap((c) =>
      Object.values(c.workloads?.layers ?? {}),
    ),
  ];
  for (const layer of new Set(layers)) {
    const children = await resolved(layer.group.resources);
    await Promise.all(
      Object.values(children).map((r) => resolved((r as pulumi.CustomResource).urn)),
    );
  }
  await resolved(gke.kubeconfig);
}
