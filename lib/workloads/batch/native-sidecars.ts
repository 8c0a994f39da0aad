import type { Construct } from 'constructs';
import { podTemplateOf } from '../../k8s/pod-template';
import { k8s } from '../chart/kube';

type Json = Record<string, unknown>;

/*
 * Kubernetes' native sidecars: init containers with `restartPolicy: Always`, which start
 * before the app container (in the order of `initContainers`), run beside it, and are
 * stopped once it exits, so that a Job's pod completes. Beta and on by default from
 * Kubernetes 1.29 (the SidecarContainers feature gate), GA in 1.33.
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 *
 * The Kubernetes 1.27 classes of imports/k8s.ts do not know `Container.restartPolicy` and
 * drop it when they render, so the objects below add it to the JSON they render.
 */

/** The rendered Job or CronJob with the init containers named in `sidecars` marked restartable. */
function withSidecars(json: Json, sidecars: readonly string[]): Json {
  const spec = podTemplateOf(json)?.template.spec as { initContainers?: Json[] } | undefined;
  spec?.initContainers?.forEach((container, i, all) => {
    if (!sidecars.includes(container.name as string)) return;
    // Keys stay sorted, as the rest of the object's.
    const entries = Object.entries({ ...container, restartPolicy: 'Always' });
    all[i] = Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
  return json;
}

/** A Job (batch/v1) whose pods run the init containers named `sidecars` as native sidecars. */
export class JobWithSidecars extends k8s.KubeJob {
  constructor(
    scope: Construct,
    id: string,
    props: k8s.KubeJobProps,
    private readonly sidecars: readonly string[],
  ) {
    super(scope, id, props);
  }

  /** The Job as JSON, its sidecars marked `restartPolicy: Always`. */
  override toJson(): Json {
    return withSidecars(super.toJson() as Json, this.sidecars);
  }
}

/** A CronJob (batch/v1) whose Jobs' pods run the init containers named `sidecars` as native sidecars. */
export class CronJobWithSidecars extends k8s.KubeCronJob {
  constructor(
    scope: Construct,
    id: string,
    props: k8s.KubeCronJobProps,
    private readonly sidecars: readonly string[],
  ) {
    super(scope, id, props);
  }

  /** The CronJob as JSON, its Jobs' sidecars marked `restartPolicy: Always`. */
  override toJson(): Json {
    return withSidecars(super.toJson() as Json, this.sidecars);
  }
}
