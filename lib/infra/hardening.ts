import { checkOneOf, fail } from '../core/errors';
import { type Registry } from '../platform/registry';
import type {
  AuthorizedNetwork,
  FlowLogsInterval,
  HardeningArgs,
  SecurityPostureArgs,
} from './args';
import { type Cidr, parseCidr } from './cidr';

/** The hardening options worked out for one stack (see {@link HardeningArgs}). */
export interface HardeningPlan {
  /** Whether the control plane has no public IP endpoint. */
  readonly privateEndpoint: boolean;
  /** Whether the control plane's DNS-based endpoint answers from outside the VPC. */
  readonly dnsEndpoint: boolean;
  /**
   * Binary Authorization: whether the cluster enforces the project's policy, and the policy to
   * create, when asked for.
   */
  readonly binaryAuthorization: {
    readonly evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' | 'DISABLED';
    /** The project policy to create, when asked for. */
    readonly projectPolicy?: {
      readonly allowedImages: readonly string[];
      readonly enforcementMode: 'ENFORCED_BLOCK_AND_AUDIT_LOG' | 'DRYRUN_AUDIT_LOG_ONLY';
    };
  };
  /** The project's number, when given (checked); the stack looks it up otherwise. */
  readonly projectNumber?: string;
  /** The Cloud KMS key ring and key for Secrets, when encryption is on. */
  readonly secretsEncryption?: {
    /** Key rings have no zones: the cluster's region. */
    readonly location: string;
    readonly keyRing: string;
    readonly key: string;
    /** KMS wants seconds: `<n>s`. */
    readonly rotationPeriod: string;
  };
  /** VPC Flow Logs on the nodes' subnetwork; undefined when off. */
  readonly flowLogs?: {
    readonly aggregationInterval: FlowLogsInterval;
    readonly flowSampling: number;
    readonly metadata: 'INCLUDE_ALL_METADATA' | 'EXCLUDE_ALL_METADATA';
  };
  /**
   * Whether Pod-to-Pod traffic on one node goes through the VPC (and so its flow logs and
   * firewall).
   */
  readonly intranodeVisibility: boolean;
  /** The security posture dashboard's modes, with their defaults applied. */
  readonly securityPosture: Required<SecurityPostureArgs>;
  /** The `gke-security-groups@<domain>` group for Google Groups for RBAC; undefined for none. */
  readonly rbacSecurityGroup?: string;
}

/** What the hardening checks need from the rest of the plan. */
export interface HardeningContext {
  readonly where: string;
  readonly production: boolean;
  readonly region: string;
  readonly clusterName: string;
  readonly masterAuthorizedNetworks: readonly Required<AuthorizedNetwork>[];
  readonly registries: readonly Registry[];
}

const INTERVALS: readonly FlowLogsInterval[] = [
  'INTERVAL_5_SEC',
  'INTERVAL_30_SEC',
  'INTERVAL_1_MIN',
  'INTERVAL_5_MIN',
  'INTERVAL_10_MIN',
  'INTERVAL_15_MIN',
];
const POSTURE_MODES = ['DISABLED', 'BASIC', 'ENTERPRISE'] as const;
const VULNERABILITY_MODES = [
  'VULNERABILITY_DISABLED',
  'VULNERABILITY_BASIC',
  'VULNERABILITY_ENTERPRISE',
] as const;
const ENFORCEMENT_MODES = ['ENFORCED_BLOCK_AND_AUDIT_LOG', 'DRYRUN_AUDIT_LOG_ONLY'] as const;

/**
 * The internal ranges GKE accepts as authorized networks of a private endpoint (RFC 1918
 * and RFC 6598). Others fail at creation with "network … is not a reserved network, which is
 * required for private endpoints".
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
 */
const INTERNAL_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** A `gke-security-groups@<domain>` group, the only name GKE accepts. */
const SECURITY_GROUP = /^gke-security-groups@([a-z0-9-]+\.)+[a-z]{2,}$/;
const PROJECT_NUMBER = /^[1-9][0-9]{0,18}$/;
/** An image pattern: a registry host, a path, at most a trailing `*` or `**`. */
const IMAGE_PATTERN = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*\/?[a-z0-9._-]*\*{0,2}$/;

/**
 * Checks the hardening options and applies their defaults (secure in production).
 * @throws {PlatformError} naming the stack and the option.
 */
export function planHardening(ctx: HardeningContext, args: HardeningArgs): HardeningPlan {
  const { where, production } = ctx;

  const privateEndpoint =
    checkBoolean(where, 'privateEndpoint', args.privateEndpoint) ?? production;
  if (privateEndpoint) checkInternalNetworks(ctx);
  const dnsEndpoint = checkBoolean(where, 'dnsEndpoint', args.dnsEndpoint) ?? privateEndpoint;

  const binauthz = args.binaryAuthorization ?? {};
  const enforce =
    checkBoolean(where, 'binaryAuthorization.enforce', binauthz.enforce) ?? production;
  const enforcementMode = binauthz.enforcementMode ?? 'ENFORCED_BLOCK_AND_AUDIT_LOG';
  checkOneOf(where, 'binaryAuthorization.enforcementMode', enforcementMode, ENFORCEMENT_MODES);
  (binauthz.allowedImages ?? []).forEach((pattern, i) => {
    if (typeof pattern !== 'string' || !IMAGE_PATTERN.test(pattern)) {
      fail(
        where,
        `binaryAuthorization.allowedImages[${i}]`,
        `is ${JSON.stringify(pattern)}, which is not an image name pattern`,
        "write 'registry/path/image', with at most a trailing '*' (one level) or '**' (any depth), e.g. 'docker.io/library/redis*'",
      );
    }
  });
  if (binauthz.projectPolicy && !enforce) {
    fail(
      where,
      'binaryAuthorization.projectPolicy',
      "is true, but 'binaryAuthorization.enforce' is false, so the cluster would not evaluate the policy",
      "set 'binaryAuthorization.enforce' to true, or leave the policy out",
    );
  }
  const binaryAuthorization = {
    evaluationMode: enforce ? ('PROJECT_SINGLETON_POLICY_ENFORCE' as const) : ('DISABLED' as const),
    ...(binauthz.projectPolicy
      ? {
          projectPolicy: {
            // A trailing '**' matches every image under the repository (AdmissionWhitelistPattern).
            // https://cloud.google.com/binary-authorization/docs/policy-yaml-reference
            allowedImages: [
              ...ctx.registries.map((r) => `${r.url}/**`),
              ...(binauthz.allowedImages ?? []),
            ],
            enforcementMode,
          },
        }
      : {}),
  };

  const secrets = args.secretsEncryption ?? {};
  const encrypt = checkBoolean(where, 'secretsEncryption.enabled', secrets.enabled) ?? production;
  const rotationDays = secrets.rotationDays ?? 90;
  if (!Number.isInteger(rotationDays) || rotationDays < 1 || rotationDays > 36500) {
    fail(
      where,
      'secretsEncryption.rotationDays',
      `is ${JSON.stringify(rotationDays)}`,
      'use a whole number of days from 1 to 36500 (Cloud KMS rotates every 24 to 876,000 hours)',
    );
  }
  if (args.projectNumber !== undefined && !PROJECT_NUMBER.test(args.projectNumber)) {
    fail(
      where,
      'projectNumber',
      `is ${JSON.stringify(args.projectNumber)}, which is not a project number`,
      "use the digits 'gcloud projects describe <project> --format=value(projectNumber)' prints, or leave it out to look it up",
    );
  }
  const secretsEncryption = encrypt
    ? {
        location: ctx.region,
        keyRing: ctx.clusterName,
        key: `${ctx.clusterName}-secrets`,
        rotationPeriod: `${rotationDays * 86_400}s`,
      }
    : undefined;

  const logs = args.flowLogs ?? {};
  const logsOn = checkBoolean(where, 'flowLogs.enabled', logs.enabled) ?? production;
  const aggregationInterval = logs.aggregationInterval ?? 'INTERVAL_5_SEC';
  checkOneOf(where, 'flowLogs.aggregationInterval', aggregationInterval, INTERVALS);
  const flowSampling = logs.flowSampling ?? 0.5;
  if (typeof flowSampling !== 'number' || !(flowSampling > 0 && flowSampling <= 1)) {
    fail(
      where,
      'flowLogs.flowSampling',
      `is ${JSON.stringify(flowSampling)}`,
      'use a share of flows above 0 and at most 1, e.g. 0.5; turn flow logs off with enabled: false',
    );
  }
  const metadata = logs.metadata ?? 'INCLUDE_ALL_METADATA';
  checkOneOf(where, 'flowLogs.metadata', metadata, [
    'INCLUDE_ALL_METADATA',
    'EXCLUDE_ALL_METADATA',
  ]);
  const flowLogs = logsOn ? { aggregationInterval, flowSampling, metadata } : undefined;

  const intranodeVisibility =
    checkBoolean(where, 'intranodeVisibility', args.intranodeVisibility) ?? production;

  const securityPosture = {
    mode: args.securityPosture?.mode ?? 'BASIC',
    vulnerabilityMode:
      args.securityPosture?.vulnerabilityMode ??
      (production ? 'VULNERABILITY_BASIC' : 'VULNERABILITY_DISABLED'),
  } as const;
  checkOneOf(where, 'securityPosture.mode', securityPosture.mode, POSTURE_MODES);
  checkOneOf(
    where,
    'securityPosture.vulnerabilityMode',
    securityPosture.vulnerabilityMode,
    VULNERABILITY_MODES,
  );

  if (args.rbacSecurityGroup !== undefined && !SECURITY_GROUP.test(args.rbacSecurityGroup)) {
    // "The group must be named gke-security-groups" (Google Groups for RBAC).
    fail(
      where,
      'rbacSecurityGroup',
      `is ${JSON.stringify(args.rbacSecurityGroup)}, but GKE only takes the group named gke-security-groups`,
      "write 'gke-security-groups@<your domain>', e.g. 'gke-security-groups@example.com'",
    );
  }

  return {
    privateEndpoint,
    dnsEndpoint,
    binaryAuthorization,
    projectNumber: args.projectNumber,
    secretsEncryption,
    flowLogs,
    intranodeVisibility,
    securityPosture,
    rbacSecurityGroup: args.rbacSecurityGroup,
  };
}

function checkBoolean(where: string, prop: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    fail(where, prop, `is ${JSON.stringify(value)}`, 'use true or false, or leave it out');
  }
  return value as boolean | undefined;
}

function checkInternalNetworks(ctx: HardeningContext): void {
  const internal: Cidr[] = INTERNAL_RANGES.map((r) => parseCidr(ctx.where, 'internal', r));
  ctx.masterAuthorizedNetworks.forEach((n, i) => {
    const cidr = parseCidr(ctx.where, `masterAuthorizedNetworks[${i}].cidrBlock`, n.cidrBlock);
    if (!internal.some((r) => r.first <= cidr.first && cidr.last <= r.last)) {
      fail(
        ctx.where,
        `masterAuthorizedNetworks[${i}].cidrBlock`,
        `is '${n.cidrBlock}', which is not inside an internal range, but 'privateEndpoint' is on and GKE then accepts only internal ranges`,
        `use an internal range (${INTERNAL_RANGES.join(', ')}) such as a VPN's, reach the cluster through the DNS endpoint, or set 'privateEndpoint' to false`,
      );
    }
  });
}
