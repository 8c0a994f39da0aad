import type { Risk } from './change';

/**
 * How Pulumi and GCP act on a change of each resource type the stack registers.
 *
 * `replaceOn` lists the inputs that force a new resource: the bridged provider
 * (@pulumi/gcp is terraform-provider-google bridged) marks them `ForceNew`, and Pulumi
 * replaces the resource when one changes.
 * @see https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/#creation-and-deletion-order
 * @see https://github.com/hashicorp/terraform-provider-google/tree/main/google/services (ForceNew in each resource's schema)
 *
 * Resources the library names itself (every GCP resource here has its `name`, `secretId` or
 * `accountId` set) are deleted before their replacement is created: the bridge sets
 * delete-before-replace for resources that are not auto-named, since two of them cannot
 * share a name. The old one is gone before the new one exists.
 * @see https://github.com/pulumi/pulumi-terraform/pull/465
 */
export interface ResourceRule {
  /** What the resource is, for people (`node pool`). */
  readonly what: string;
  /** Input paths (camelCase, as Pulumi has them) whose change replaces the resource. */
  readonly replaceOn: readonly string[];
  /** The risk and the cost of a replacement. */
  readonly replaced: Consequence;
  /** The risk and the cost of a deletion. */
  readonly deleted: Consequence;
  /** In-place updates that cost more than nothing, by the paths that cause them. */
  readonly inPlace?: readonly (Consequence & { readonly paths: readonly string[] })[];
}

/** A risk and why, in one sentence that says what happens and what it costs. */
export interface Consequence {
  readonly risk: Risk;
  readonly reason: string;
}

const CLUSTER = 'gcp:container/cluster:Cluster';
const NODE_POOL = 'gcp:container/nodePool:NodePool';

/** An IAM grant: every input of an IAM member resource forces a new one. */
const iamMember = (what: string): ResourceRule => ({
  what,
  replaceOn: [
    'role',
    'member',
    'condition',
    'project',
    'secretId',
    'repository',
    'location',
    'serviceAccountId',
    'cryptoKeyId',
  ],
  replaced: {
    risk: 'disruptive',
    reason: `the ${what} is revoked and granted again: the principal may be refused for the seconds between the two`,
  },
  deleted: {
    risk: 'disruptive',
    reason: `the ${what} is revoked: what the principal did with it is refused from then on`,
  },
});

/**
 * The node pool's fields that terraform-provider-google's node_config schema marks ForceNew
 * (Spot, preemptible, GPUs, service account and scopes, metadata, shielded VM settings,
 * local SSDs…); machine type, disk size and type, image type, labels, taints and resource
 * labels are updated in place through the GKE API (UpdateNodePoolRequest).
 * @see https://github.com/hashicorp/terraform-provider-google/blob/main/google/services/container/node_config.go
 * @see https://github.com/hashicorp/terraform-provider-google/blob/main/google/services/container/resource_container_node_pool.go
 * @see https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools/update
 */
const NODE_CONFIG_REPLACES = [
  'guestAccelerators',
  'spot',
  'preemptible',
  'serviceAccount',
  'oauthScopes',
  'metadata',
  'shieldedInstanceConfig',
  'localSsdCount',
  'ephemeralStorageLocalSsdConfig',
  'localNvmeSsdBlockConfig',
  'secondaryBootDisks',
  'minCpuPlatform',
  'reservationAffinity',
  'sandboxConfig',
  'bootDiskKmsKey',
  'nodeGroup',
  'advancedMachineFeatures',
  'soleTenantConfig',
  'hostMaintenancePolicy',
  'confidentialNodes',
].map((field) => `nodeConfig.${field}`);

/** The rules by Pulumi type; a type without one gets {@link DEFAULT_RULE}. */
export const RULES: Readonly<Record<string, ResourceRule>> = {
  // https://github.com/hashicorp/terraform-provider-google/blob/main/google/services/container/resource_container_cluster.go
  // https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels#selecting_a_new_release_channel
  [CLUSTER]: {
    what: 'cluster',
    replaceOn: [
      'name',
      'project',
      'location',
      'network',
      'subnetwork',
      'networkingMode',
      'ipAllocationPolicy',
      'clusterIpv4Cidr',
      'privateClusterConfig.masterIpv4CidrBlock',
      'privateClusterConfig.privateEndpointSubnetwork',
      'datapathProvider',
      'defaultMaxPodsPerNode',
      'enableKubernetesAlpha',
      'enableAutopilot',
      'enableTpu',
      'confidentialNodes',
      'masterAuth.clientCertificateConfig',
      'initialNodeCount',
      'description',
      // The default pool's node config: ForceNew as a node pool's.
      ...NODE_CONFIG_REPLACES,
    ],
    replaced: {
      risk: 'destructive',
      reason:
        'the cluster is deleted and created again: every workload, node pool, persistent disk attachment, Kubernetes Secret and load balancer address binding goes with it, and everything must be deployed again',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the cluster is deleted: every workload and its Kubernetes objects go, and persistent disks are released from their claims',
    },
    inPlace: [
      {
        paths: ['minMasterVersion', 'nodeVersion'],
        risk: 'disruptive',
        reason:
          'GKE upgrades the control plane (a zonal one is unreachable for minutes) and then the nodes, recreated one by one',
      },
      {
        paths: ['releaseChannel'],
        risk: 'safe',
        reason:
          'GKE moves the cluster to the new release channel in place; it follows that channel’s versions from the next maintenance window',
      },
      {
        paths: [
          'privateClusterConfig.enablePrivateEndpoint',
          'masterAuthorizedNetworksConfig',
          'controlPlaneEndpointsConfig',
        ],
        risk: 'disruptive',
        reason:
          'GKE updates the control plane endpoint in place: clients outside the new allowed networks or endpoint lose access to the API server',
      },
      {
        paths: [
          'workloadIdentityConfig',
          'nodeConfig.workloadMetadataConfig',
          'databaseEncryption',
        ],
        risk: 'disruptive',
        reason:
          'GKE applies the change in place with a long-running operation that recreates nodes or re-encrypts Secrets',
      },
    ],
  },
  [NODE_POOL]: {
    what: 'node pool',
    replaceOn: [
      'name',
      'project',
      'location',
      'cluster',
      'initialNodeCount',
      'maxPodsPerNode',
      'placementPolicy',
      'queuedProvisioning',
      'networkConfig.createPodRange',
      'networkConfig.podRange',
      'networkConfig.podIpv4CidrBlock',
      ...NODE_CONFIG_REPLACES,
    ],
    replaced: {
      risk: 'replace',
      reason:
        'the node pool is deleted before its replacement is created (it keeps its name): its pods are evicted and stay Pending until the new nodes are up, minutes without that capacity',
    },
    deleted: {
      risk: 'disruptive',
      reason:
        'the node pool and its nodes are deleted: pods that select it stay Pending until another pool takes them',
    },
    inPlace: [
      {
        // https://cloud.google.com/kubernetes-engine/docs/concepts/managing-clusters
        paths: [
          'nodeConfig.machineType',
          'nodeConfig.diskSizeGb',
          'nodeConfig.diskType',
          'nodeConfig.bootDisk',
          'nodeConfig.imageType',
          'version',
          'nodeConfig.kubeletConfig',
          'nodeConfig.linuxNodeConfig',
        ],
        risk: 'disruptive',
        reason:
          'GKE updates the pool in place by recreating its nodes with its upgrade strategy (surge: one new node, then one old node drained): every pod restarts once, within its disruption budget',
      },
      {
        paths: ['nodeConfig.taints', 'nodeLocations'],
        risk: 'disruptive',
        reason:
          'GKE updates the nodes in place: pods without the new toleration are not scheduled there any more (a NoExecute taint evicts them), and a zone removed takes its nodes with it',
      },
    ],
  },
  'gcp:compute/network:Network': {
    what: 'VPC network',
    replaceOn: [
      'name',
      'project',
      'autoCreateSubnetworks',
      'description',
      'internalIpv6Range',
      'networkProfile',
      'params',
    ],
    replaced: {
      risk: 'destructive',
      reason:
        'the VPC network is deleted and created again, which GCP refuses while the cluster, its subnetworks and addresses use it: the cluster must go first',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the VPC network is deleted: everything in it (cluster, subnetworks, internal addresses) goes first',
    },
  },
  'gcp:compute/subnetwork:Subnetwork': {
    what: 'subnetwork',
    replaceOn: [
      'name',
      'project',
      'network',
      'region',
      'description',
      'externalIpv6Prefix',
      'internalIpv6Prefix',
      'reservedInternalRange',
      'params',
    ],
    replaced: {
      risk: 'destructive',
      reason:
        'the subnetwork is deleted and created again: the nodes, Pods and internal addresses in it lose their IPs, and GCP refuses while the cluster uses it',
    },
    deleted: {
      risk: 'destructive',
      reason: 'the subnetwork is deleted: the nodes and internal addresses in it go with it',
    },
  },
  'gcp:compute/router:Router': {
    what: 'Cloud Router',
    replaceOn: [
      'name',
      'project',
      'network',
      'region',
      'encryptedInterconnectRouter',
      'nccGateway',
      'params',
    ],
    replaced: {
      risk: 'disruptive',
      reason:
        'the Cloud Router and its NAT are recreated: private nodes have no internet egress until the new NAT is up',
    },
    deleted: {
      risk: 'disruptive',
      reason:
        'the Cloud Router is deleted: private nodes lose their internet egress (image pulls from outside Google fail)',
    },
  },
  'gcp:compute/routerNat:RouterNat': {
    what: 'Cloud NAT',
    replaceOn: ['name', 'project', 'router', 'region', 'endpointTypes', 'initialNatIps', 'type'],
    replaced: {
      risk: 'disruptive',
      reason:
        'Cloud NAT is recreated: private nodes have no internet egress until it is up, and open connections drop',
    },
    deleted: {
      risk: 'disruptive',
      reason:
        'Cloud NAT is deleted: private nodes lose their internet egress (image pulls from outside Google fail)',
    },
  },
  'gcp:compute/globalAddress:GlobalAddress': staticIp([
    'name',
    'project',
    'address',
    'addressType',
    'description',
    'ipVersion',
    'network',
    'prefixLength',
    'purpose',
  ]),
  'gcp:compute/address:Address': staticIp([
    'name',
    'project',
    'address',
    'addressType',
    'description',
    'ipVersion',
    'network',
    'networkTier',
    'prefixLength',
    'purpose',
    'region',
    'subnetwork',
  ]),
  'gcp:compute/managedSslCertificate:ManagedSslCertificate': {
    what: 'Google-managed certificate',
    replaceOn: ['name', 'project', 'description', 'managed', 'type'],
    replaced: {
      risk: 'destructive',
      reason:
        'the certificate is deleted and a new one provisioned: HTTPS fails for its domains until Google issues it (minutes to an hour, once DNS points at the load balancer)',
    },
    deleted: {
      risk: 'destructive',
      reason: 'the certificate is deleted: HTTPS fails for its domains',
    },
  },
  'gcp:compute/sSLCertificate:SSLCertificate': {
    what: 'certificate',
    replaceOn: ['name', 'project', 'description', 'certificate', 'privateKey', 'namePrefix'],
    replaced: {
      risk: 'disruptive',
      reason:
        'the certificate is uploaded again (created before the old one is deleted): the load balancer serves the new one within minutes',
    },
    deleted: {
      risk: 'destructive',
      reason: 'the certificate is deleted: HTTPS fails for its domains',
    },
  },
  'gcp:compute/securityPolicy:SecurityPolicy': {
    what: 'Cloud Armor policy',
    replaceOn: ['name', 'project', 'type'],
    replaced: {
      risk: 'disruptive',
      reason:
        'the Cloud Armor policy is recreated: its backends are unprotected until the new one is attached',
    },
    deleted: {
      risk: 'disruptive',
      reason: 'the Cloud Armor policy is deleted: its backends lose its rules',
    },
  },
  // https://github.com/hashicorp/terraform-provider-google/blob/main/google/services/secretmanager/resource_secret_manager_secret.go
  'gcp:secretmanager/secret:Secret': {
    what: 'Secret Manager secret',
    replaceOn: ['secretId', 'project', 'replication', 'tags'],
    replaced: {
      risk: 'destructive',
      reason:
        'the secret is deleted and created empty: every version (the values) is lost, and workloads that read it fail until a value is added again',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the secret is deleted with every version: the values are lost, and workloads that read it fail',
    },
  },
  'gcp:secretmanager/secretIamMember:SecretIamMember': iamMember('secret access grant'),
  'gcp:kms/keyRing:KeyRing': {
    what: 'KMS key ring',
    replaceOn: ['name', 'project', 'location'],
    replaced: {
      risk: 'destructive',
      reason:
        'a new key ring is made; the old one cannot be deleted in GCP and stays, with keys the cluster may still need',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the key ring leaves the stack (GCP never deletes key rings); its keys are destroyed with their rule',
    },
  },
  'gcp:kms/cryptoKey:CryptoKey': {
    what: 'KMS key',
    replaceOn: [
      'name',
      'keyRing',
      'cryptoKeyBackend',
      'destroyScheduledDuration',
      'importOnly',
      'purpose',
      'versionTemplate.protectionLevel',
    ],
    replaced: {
      risk: 'destructive',
      reason:
        'the key’s versions are scheduled for destruction: what they encrypt (the cluster’s Secrets in etcd) becomes unreadable once they are destroyed',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the key’s versions are scheduled for destruction: what they encrypt (the cluster’s Secrets in etcd) becomes unreadable once they are destroyed',
    },
  },
  'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember': iamMember('key access grant'),
  'gcp:serviceaccount/account:Account': {
    what: 'service account',
    replaceOn: ['accountId', 'project'],
    replaced: {
      risk: 'disruptive',
      reason:
        'the service account is deleted and created again with a new unique ID: grants made outside the stack are lost, and nodes or workloads using it are refused until the stack grants them again',
    },
    deleted: {
      risk: 'disruptive',
      reason:
        'the service account is deleted: the nodes or workloads that act as it are refused from then on',
    },
  },
  'gcp:serviceaccount/iAMMember:IAMMember': iamMember('Workload Identity binding'),
  'gcp:projects/iAMMember:IAMMember': iamMember('project role grant'),
  'gcp:artifactregistry/repositoryIamMember:RepositoryIamMember': iamMember('registry read grant'),
  'gcp:projects/service:Service': {
    what: 'enabled API',
    replaceOn: ['service', 'project'],
    replaced: {
      risk: 'safe',
      reason: 'the API is enabled again (the stack never disables it on delete)',
    },
    deleted: {
      risk: 'safe',
      reason: 'the API leaves the stack and stays enabled (disableOnDestroy is off)',
    },
  },
  // https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#disabling
  // https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways
  'gcp:gkehub/feature:Feature': {
    what: 'fleet feature',
    replaceOn: ['name', 'project', 'location'],
    replaced: {
      risk: 'disruptive',
      reason:
        'the fleet feature is turned off and on again: meanwhile multi-cluster Services stop resolving across clusters, or the multi-cluster Gateway is not reconciled',
    },
    deleted: {
      risk: 'destructive',
      reason:
        "the fleet feature is turned off: exported Services no longer resolve in the other clusters, or the multi-cluster Gateway's load balancer is no longer managed",
    },
    inPlace: [
      {
        paths: ['spec.multiclusteringress.configMembership'],
        risk: 'disruptive',
        reason:
          'the config cluster changes: the controller reads the multi-cluster Gateway and its routes from the new config cluster, so they must be there first, or the load balancer loses them',
      },
    ],
  },
  'gcp:binaryauthorization/policy:Policy': {
    what: 'Binary Authorization policy',
    replaceOn: ['project'],
    replaced: {
      risk: 'disruptive',
      reason:
        'the project’s policy is rewritten: Pods whose images it no longer allows are refused',
    },
    deleted: {
      risk: 'disruptive',
      reason:
        'the project’s policy returns to GCP’s default: what it allowed or refused changes for every Pod',
    },
    inPlace: [
      {
        paths: ['defaultAdmissionRule', 'admissionWhitelistPatterns', 'clusterAdmissionRules'],
        risk: 'disruptive',
        reason:
          'the policy changes in place: new Pods whose images it no longer allows are refused',
      },
    ],
  },
  // https://github.com/hashicorp/terraform-provider-google/blob/main/google/services/monitoring/resource_monitoring_uptime_check_config.go
  'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig': {
    what: 'uptime check',
    replaceOn: [
      'project',
      'checkerType',
      'httpCheck.requestMethod',
      'monitoredResource',
      'resourceGroup',
      'syntheticMonitor',
    ],
    replaced: { risk: 'safe', reason: 'the uptime check is recreated: its history starts again' },
    deleted: {
      risk: 'safe',
      reason: 'the uptime check is deleted: nobody is alerted when that host fails',
    },
  },
  'gcp:monitoring/alertPolicy:AlertPolicy': {
    what: 'alert policy',
    replaceOn: ['project'],
    replaced: { risk: 'safe', reason: 'the alert policy is recreated; open incidents close' },
    deleted: {
      risk: 'safe',
      reason: 'the alert policy is deleted: nobody is alerted of what it watched',
    },
  },
  'gcp:monitoring/notificationChannel:NotificationChannel': {
    what: 'notification channel',
    replaceOn: ['project'],
    replaced: {
      risk: 'safe',
      reason: 'the notification channel is recreated (a new ID; the alert policies follow it)',
    },
    deleted: {
      risk: 'safe',
      reason: 'the notification channel is deleted: its alerts reach nobody there',
    },
  },
};

/** A static IP: every input forces a new address, and a new address is a new IP. */
function staticIp(replaceOn: readonly string[]): ResourceRule {
  return {
    what: 'static IP',
    replaceOn,
    replaced: {
      risk: 'destructive',
      reason:
        'the reserved address is released and a new one reserved: the IP changes, so DNS records and allow-lists that name it break until updated',
    },
    deleted: {
      risk: 'destructive',
      reason:
        'the reserved address is released: the IP is lost for good, and the Ingress or Service that names it gets no address',
    },
  };
}

/** A resource type without a rule: a name change replaces it, and a deletion is not nothing. */
export const DEFAULT_RULE: ResourceRule = {
  what: 'resource',
  replaceOn: ['name', 'project'],
  replaced: { risk: 'replace', reason: 'the resource is deleted and created again' },
  deleted: { risk: 'disruptive', reason: 'the resource is deleted' },
};

/** The rule of a Pulumi type. */
export function ruleOf(type: string): ResourceRule {
  return RULES[type] ?? DEFAULT_RULE;
}
