import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/volumesnapshotclass-snapshot.storage.k8s.io';
import { checkOneOf, fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import { checkMetadata, type GkeObjectProps } from './common';
import { isSnapshotLocation } from '../platform/gcp-locations';

/**
 * GKE's Compute Engine Persistent Disk CSI driver: it provisions Persistent Disk and
 * Hyperdisk volumes and takes their snapshots.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
 */
export const PD_CSI_DRIVER = 'pd.csi.storage.gke.io';

/** Settings of a {@link PdVolumeSnapshotClass}. */
export interface PdVolumeSnapshotClassProps extends GkeObjectProps {
  /**
   * What deleting a VolumeSnapshot does to the Compute Engine snapshot behind it: `Delete`
   * deletes it (pruning old snapshots then frees their storage), `Retain` keeps it.
   */
  readonly deletionPolicy: 'Delete' | 'Retain';
  /**
   * Where Compute Engine keeps the snapshots (the driver's `storage-locations`).
   * @default - the multi-region nearest the disk
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/volume-snapshots#create-snapshotclass
   */
  readonly storageLocation?: string;
}

/**
 * A VolumeSnapshotClass (snapshot.storage.k8s.io/v1, cluster-scoped) of GKE's PD CSI driver:
 * what a VolumeSnapshot naming it becomes, a Compute Engine disk snapshot. The generated
 * object is `apiObject` (escape hatch).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/volume-snapshots
 */
export class PdVolumeSnapshotClass extends Construct {
  /** The generated VolumeSnapshotClass object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The class's name, which VolumeSnapshots give as `volumeSnapshotClassName`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PdVolumeSnapshotClassProps) {
    super(scope, freeId(scope, id, 'VolumeSnapshotClass'));
    const where = `VolumeSnapshotClass '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    checkOneOf(where, 'deletionPolicy', props.deletionPolicy, ['Delete', 'Retain']);
    const location = props.storageLocation;
    if (location !== undefined && !isSnapshotLocation(location)) {
      fail(
        where,
        'storageLocation',
        `is ${JSON.stringify(location)}, which is not a region or multi-region`,
        "use a region such as 'europe-west1', or the multi-region 'eu', 'us' or 'asia'",
      );
    }
    this.apiObject = new imported.VolumeSnapshotClass(this, 'Resource', {
      metadata,
      driver: PD_CSI_DRIVER,
      deletionPolicy: props.deletionPolicy as imported.VolumeSnapshotClassDeletionPolicy,
      parameters: location === undefined ? undefined : { 'storage-locations': location },
    });
    this.name = this.apiObject.name;
  }
}
