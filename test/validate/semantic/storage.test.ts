import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';

type Obj = Record<string, any>;

/** A StorageClass as GKE's docs write one for the PD CSI driver. */
const storageClass = (change: (o: Obj) => void = () => {}): Obj => {
  const o: Obj = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-ssd' },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
  change(o);
  return o;
};

const snapshotClass = (change: (o: Obj) => void = () => {}): Obj => {
  const o: Obj = {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: { name: 'pd' },
    driver: 'pd.csi.storage.gke.io',
    deletionPolicy: 'Delete',
  };
  change(o);
  return o;
};

const found = (...objects: Obj[]) =>
  validateSemantics(objects as KubernetesObject[]).map((p) => ({
    field: p.field,
    problem: p.problem,
    rule: p.rule,
  }));

type Case = [string, Obj, string, string, string];

describe('StorageClass (ValidateStorageClass)', () => {
  it('accepts a PD CSI class with every field, regional too', () => {
    expect(found(storageClass())).toEqual([]);
    expect(
      found(
        storageClass((o) => {
          o.parameters['replication-type'] = 'regional-pd';
          o.parameters['csi.storage.k8s.io/fstype'] = 'xfs';
          delete o.volumeBindingMode; // defaulted to Immediate
        }),
      ),
    ).toEqual([]);
  });

  const cases: Case[] = [
    [
      'no provisioner',
      storageClass((o) => delete o.provisioner),
      'provisioner',
      'is missing',
      'validateProvisioner',
    ],
    [
      'a provisioner that is not a qualified name',
      storageClass((o) => (o.provisioner = 'pd csi')),
      'provisioner',
      'is "pd csi"',
      'validateProvisioner',
    ],
    [
      '513 parameters',
      storageClass((o) => {
        for (let i = 0; i < 512; i++) o.parameters[`k${i}`] = 'v';
      }),
      'parameters',
      'has 513 entries',
      'validateParameters',
    ],
    [
      'parameters over 256 KiB',
      storageClass((o) => (o.parameters.labels = 'x'.repeat(256 * 1024))),
      'parameters',
      `hold ${256 * 1024 + 'labels'.length + 'type'.length + 'pd-ssd'.length} bytes`,
      'validateParameters',
    ],
    [
      'an empty parameter key',
      storageClass((o) => (o.parameters[''] = 'x')),
      'parameters',
      'has an empty key',
      'validateParameters',
    ],
    [
      'an unknown reserved parameter',
      storageClass((o) => (o.parameters['csi.storage.k8s.io/fs-type'] = 'ext4')),
      'parameters["csi.storage.k8s.io/fs-type"]',
      'uses the reserved prefix csi.storage.k8s.io/ with a key the CSI sidecar does not know',
      'external-provisioner removePrefixedParameters',
    ],
    [
      "reclaimPolicy 'Recycle'",
      storageClass((o) => (o.reclaimPolicy = 'Recycle')),
      'reclaimPolicy',
      'is "Recycle"',
      'validateReclaimPolicy',
    ],
    [
      "volumeBindingMode 'Lazy'",
      storageClass((o) => (o.volumeBindingMode = 'Lazy')),
      'volumeBindingMode',
      'is "Lazy"',
      'validateVolumeBindingMode',
    ],
    [
      "allowVolumeExpansion 'yes'",
      storageClass((o) => (o.allowVolumeExpansion = 'yes')),
      'allowVolumeExpansion',
      'is "yes"',
      'ValidateStorageClass',
    ],
    [
      "PD replication-type 'regional'",
      storageClass((o) => (o.parameters['replication-type'] = 'regional')),
      'parameters["replication-type"]',
      'is "regional"',
      'ExtractAndDefaultParameters',
    ],
    [
      'an empty PD disk type',
      storageClass((o) => (o.parameters.type = '')),
      'parameters["type"]',
      'is empty',
      'ExtractAndDefaultParameters',
    ],
    [
      'a name that is not a subdomain',
      storageClass((o) => (o.metadata.name = 'Fast')),
      'metadata.name',
      'is "Fast", which is not a DNS-1123 subdomain',
      'ValidateStorageClass',
    ],
    [
      'a namespace on the cluster-scoped class',
      storageClass((o) => (o.metadata.namespace = 'shop')),
      'metadata.namespace',
      'is "shop"',
      'cluster-scoped',
    ],
  ];
  it.each(cases)('fails on %s', (_d, object, field, problem, rule) => {
    const problems = found(object);
    const hit = problems.find((p) => p.field === field && p.problem.startsWith(problem));
    expect(hit).toBeDefined();
    expect(hit?.rule).toContain(rule);
  });
});

describe('VolumeSnapshotClass', () => {
  it('accepts a PD CSI class with a storage location', () => {
    expect(
      found(snapshotClass((o) => (o.parameters = { 'storage-locations': 'europe-west1' }))),
    ).toEqual([]);
  });

  const cases: Case[] = [
    ['no driver', snapshotClass((o) => delete o.driver), 'driver', 'is missing', 'driver required'],
    [
      'a driver that is not a CSI driver name',
      snapshotClass((o) => (o.driver = 'pd_csi')),
      'driver',
      'is "pd_csi", which is not a CSI driver name',
      'ValidateCSIDriverName',
    ],
    [
      'a driver name of 64 characters',
      snapshotClass((o) => (o.driver = `${'a'.repeat(60)}.com`)),
      'driver',
      `is "${'a'.repeat(60)}.com", which is not a CSI driver name`,
      'ValidateCSIDriverName',
    ],
    [
      'a provisioner key in a snapshot class',
      snapshotClass((o) => (o.parameters = { 'csi.storage.k8s.io/provisioner-secret-name': 'x' })),
      'parameters["csi.storage.k8s.io/provisioner-secret-name"]',
      'uses the reserved prefix',
      'external-snapshotter removePrefixedParameters',
    ],
  ];
  it.each(cases)('fails on %s', (_d, object, field, problem, rule) => {
    const hit = found(object).find((p) => p.field === field && p.problem.startsWith(problem));
    expect(hit).toBeDefined();
    expect(hit?.rule).toContain(rule);
  });
});

describe('StatefulSet serviceName (references)', () => {
  const labels = { 'app.kubernetes.io/name': 'db' };
  const set = (serviceName: string): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      serviceName,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'db', image: 'db:1.0', ports: [{ containerPort: 5432 }] }] },
      },
    },
  });
  const service = (clusterIP?: string): Obj => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db', namespace: 'shop' },
    spec: { clusterIP, selector: labels, ports: [{ port: 5432, targetPort: 5432 }] },
  });

  it('accepts a headless Service of that name', () => {
    expect(found(set('db'), service('None'))).toEqual([]);
  });

  it('fails on a serviceName that names no Service', () => {
    expect(found(set('db'))).toContainEqual({
      field: 'spec.serviceName',
      problem: 'is "db", which is not a Service of the environment, so the pods get no DNS names',
      rule: 'references: StatefulSet serviceName (DNS records of a headless Service)',
    });
  });

  it('fails on a serviceName that names a ClusterIP Service', () => {
    expect(found(set('db'), service()).map((p) => p.problem)).toContain(
      'is "db", a Service with a cluster IP, for which cluster DNS publishes no per-pod names',
    );
  });
});
