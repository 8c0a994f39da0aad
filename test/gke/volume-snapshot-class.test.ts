import { Testing } from 'cdk8s';
import {
  PD_CSI_DRIVER,
  PdVolumeSnapshotClass,
  type PdVolumeSnapshotClassProps,
} from '#lib/gke/volume-snapshot-class';
import { validateObjects } from '#lib/validate/validate-object';
import { validateSemantics } from '#lib/validate/semantic/validate-semantics';

function synth(props: PdVolumeSnapshotClassProps) {
  const chart = Testing.chart();
  const vsc = new PdVolumeSnapshotClass(chart, 'snapshots', props);
  const [object] = Testing.synth(chart);
  return { vsc, object };
}

describe('PdVolumeSnapshotClass', () => {
  test("GKE's PD CSI driver name", () => {
    // https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
    expect(PD_CSI_DRIVER).toBe('pd.csi.storage.gke.io');
  });

  test('all props: the driver, the deletion policy and storage-locations', () => {
    const props: Required<PdVolumeSnapshotClassProps> = {
      metadata: { name: 'pd-snapshots', labels: { team: 'data' } },
      deletionPolicy: 'Retain',
      storageLocation: 'europe-west1',
    };
    const { vsc, object } = synth(props);
    expect(vsc.name).toBe('pd-snapshots');
    expect(object).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'pd-snapshots', labels: { team: 'data' } },
      driver: 'pd.csi.storage.gke.io',
      deletionPolicy: 'Retain',
      parameters: { 'storage-locations': 'europe-west1' },
    });
    expect(validateObjects([object], ['1.27', '1.36'])).toEqual([]);
    expect(validateSemantics([object])).toEqual([]);
  });

  test('minimal props: no parameters', () => {
    const { object } = synth({ metadata: { name: 'pd' }, deletionPolicy: 'Delete' });
    expect(object.parameters).toBeUndefined();
    expect(object.deletionPolicy).toBe('Delete');
  });

  test('fails on an unknown deletion policy', () => {
    expect(() => synth({ deletionPolicy: 'Keep' as never })).toThrow(
      `VolumeSnapshotClass 'test/snapshots': 'deletionPolicy' is "Keep"; use 'Delete' or 'Retain'`,
    );
  });

  test('fails on a storage location that is not a region or multi-region', () => {
    expect(() => synth({ deletionPolicy: 'Delete', storageLocation: 'europe-west1-b' })).toThrow(
      `VolumeSnapshotClass 'test/snapshots': 'storageLocation' is "europe-west1-b", which is not a region or multi-region`,
    );
  });
});
