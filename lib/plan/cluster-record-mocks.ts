import type * as Pulumi from '@pulumi/pulumi';
import type { RegisteredResource } from './cluster-resource';

/** The project number that `gcp.organizations.getProject` answers offline. */
export const OFFLINE_PROJECT_NUMBER = '000000000000';

/** The value that data sources answer offline for a secret's payload. */
export const OFFLINE_SECRET = 'offline-placeholder';

/**
 * Installs Pulumi's mocks on `pulumi` (the program's own copy of @pulumi/pulumi, so that the
 * program's resources reach them) and returns the list that every registration is appended
 * to: type, name, parent, inputs and the options that change what a change does. Outputs are
 * the inputs plus what GCP would compute, deterministic (the same program gives the same
 * values on every run), so two versions of a stack compare on their inputs alone.
 * @see https://www.pulumi.com/docs/iac/guides/testing/unit/
 */
export function installRecordingMocks(
  pulumi: typeof Pulumi,
  project: string,
  stack: string,
): RegisteredResource[] {
  const recorded: RegisteredResource[] = [];
  // setMocks takes no parent or options; the monitor's request has them, and the mock's
  // newResource runs synchronously inside registerResource, so the request in hand is its own.
  let request: RegisterRequest | undefined;
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({
          type: args.type,
          name: args.name,
          ...(request?.getParent() ? { parent: request.getParent() } : {}),
          inputs: args.inputs as Record<string, unknown>,
          ...(request ? { options: optionsOf(request) } : {}),
        });
        const state = { ...args.inputs, ...computed(args.type, args.inputs) };
        return { id: idOf(args.type, args.name, args.inputs), state };
      },
      call(args) {
        switch (args.token) {
          case 'gcp:organizations/getProject:getProject':
            return { ...args.inputs, number: OFFLINE_PROJECT_NUMBER };
          case 'gcp:organizations/getClientConfig:getClientConfig':
            return { project: project, region: '', zone: '', accessToken: OFFLINE_SECRET };
          case 'gcp:secretmanager/getSecretVersion:getSecretVersion':
            return { ...args.inputs, version: '1', secretData: OFFLINE_SECRET };
          default:
            return args.inputs;
        }
      },
    },
    project,
    stack,
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    request = req;
    try {
      return register(req, callback);
    } finally {
      request = undefined;
    }
  };
  return recorded;
}

/** The parts of the engine's RegisterResourceRequest read here. */
interface RegisterRequest {
  getType(): string;
  getParent(): string;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
}

interface Monitor {
  registerResource(req: RegisterRequest, callback: unknown): unknown;
}

function optionsOf(req: RegisterRequest): RegisteredResource['options'] {
  return {
    ...(req.getIgnorechangesList().length > 0 ? { ignoreChanges: req.getIgnorechangesList() } : {}),
    ...(req.getReplaceonchangesList().length > 0
      ? { replaceOnChanges: req.getReplaceonchangesList() }
      : {}),
    ...(req.getDeletebeforereplace() ? { deleteBeforeReplace: true } : {}),
    ...(req.getProtect() ? { protect: true } : {}),
    ...(req.getRetainondelete() ? { retainOnDelete: true } : {}),
  };
}

/** A resource's inputs as the mocks receive them (deserialized, untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any provider's input shape
type Inputs = Record<string, any>;

/** IDs as GCP makes them where other resources read them; else the cloud name's. */
function idOf(type: string, name: string, inputs: Inputs): string {
  switch (type) {
    case 'gcp:kms/keyRing:KeyRing':
      return `projects/${inputs.project}/locations/${inputs.location}/keyRings/${inputs.name}`;
    case 'gcp:kms/cryptoKey:CryptoKey':
      return `${inputs.keyRing}/cryptoKeys/${inputs.name}`;
    default:
      return `${typeof inputs.name === 'string' ? inputs.name : name}-id`;
  }
}

/** What GCP computes that other resources' inputs read: emails, endpoints, addresses. */
function computed(type: string, inputs: Inputs): Record<string, unknown> {
  switch (type) {
    case 'gcp:container/cluster:Cluster':
      return {
        endpoint: '192.0.2.1',
        masterAuth: { ...inputs.masterAuth, clusterCaCertificate: 'b2ZmbGluZQ==' },
        controlPlaneEndpointsConfig: {
          dnsEndpointConfig: {
            ...inputs.controlPlaneEndpointsConfig?.dnsEndpointConfig,
            endpoint: `${inputs.name}.${inputs.location}.gke.goog`,
          },
        },
        // A fleet cluster's membership (the multi-cluster Gateway feature names the config
        // cluster's), named after the cluster in its region.
        ...(inputs.fleet
          ? {
              fleet: {
                ...inputs.fleet,
                membershipId: inputs.name,
                membershipLocation: String(inputs.location).replace(/-[a-z]$/, ''),
              },
            }
          : {}),
      };
    case 'gcp:serviceaccount/account:Account': {
      const email = `${inputs.accountId}@${inputs.project}.iam.gserviceaccount.com`;
      return {
        email,
        name: `projects/${inputs.project}/serviceAccounts/${email}`,
        member: `serviceAccount:${email}`,
      };
    }
    case 'gcp:compute/globalAddress:GlobalAddress':
    case 'gcp:compute/address:Address':
      return { address: '192.0.2.2' };
    case 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig':
      return { uptimeCheckId: `${inputs.displayName}` };
    case 'gcp:monitoring/notificationChannel:NotificationChannel':
      return { name: `projects/${inputs.project}/notificationChannels/${inputs.displayName}` };
    default:
      return {};
  }
}
