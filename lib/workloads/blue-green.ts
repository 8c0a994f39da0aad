import type { Construct } from 'constructs';
import { checkOneOf, checkWholeNumber, fail } from '../core/errors';
import type { PerEnv } from '../core/per-env';
import { declaredImageRegistry } from '../platform/lookups';
import { EnvironmentChart } from './chart/environment-chart';
import type { k8s } from './chart/kube';
import {
  checkDigest,
  checkImage,
  checkRecordedImage,
  type ImageRepository,
  imageVersion,
  parseImageReference,
} from './pod/image';
import { TRACK_LABEL } from './release-tracks';

/** The two colours of a blue-green pair. */
export type BlueGreenColour = 'blue' | 'green';

/** Both colours, in the order their objects are emitted. */
export const COLOURS: readonly BlueGreenColour[] = ['blue', 'green'];

/** One colour's version of a blue-green {@link WebService}. */
export interface BlueGreenImage {
  /** The colour's image for the main container (a literal `'…:tag'` or `'…@sha256:…'`). */
  readonly image: string;
}

/**
 * Two colours of a {@link WebService}, each a Deployment of its own image, with the Service
 * selecting the active one. With a literal `image`, the code gives both colours and the
 * active one; with `image: { repository }`, the release file records them (`web.blue`,
 * `web.green`, `web.active`) and the code gives neither.
 */
export interface BlueGreenSpec {
  /** The colour the Service sends requests to (literal images only). */
  readonly active?: BlueGreenColour;
  /** The blue colour's image (literal images only). */
  readonly blue?: BlueGreenImage;
  /** The green colour's image (literal images only). */
  readonly green?: BlueGreenImage;
  /**
   * The idle colour's pod count. By default the idle colour scales like the active one
   * (`replicas`, or an autoscaler of the same bounds), ready for an instant switch and
   * rollback; 0 scales it down (a switch then waits for its pods to start).
   * @default the active colour's count
   */
  readonly idleReplicas?: number;
}

/** A blue-green pair, resolved and checked for one environment. */
export interface BlueGreenPair {
  /** The colour the Service selects. */
  readonly active: BlueGreenColour;
  /** Each colour's image of the main container. */
  readonly images: Readonly<Record<BlueGreenColour, string>>;
  /** The idle colour's pod count, where given. */
  readonly idleReplicas?: number;
  /** The main container's image for the workload's shared parts: the active colour's. */
  readonly mainImage: string | ImageRepository;
  /** The release file's key of the active colour's image (`web.blue`), where it reads one. */
  readonly releaseKey?: string;
}

/** What a pair is resolved from: the WebService's props that bear on it. */
export interface BlueGreenProps<E extends string> {
  readonly blueGreen?: PerEnv<BlueGreenSpec | false, E>;
  readonly image: string | ImageRepository;
  readonly name?: string;
  readonly version?: string;
  readonly allowMutableTag?: boolean;
}

/**
 * The blue-green pair of a WebService about to be created as `id` in `scope`, or none where
 * its environment runs none. Resolved before the workload exists, since the active colour
 * decides its main container's image and version.
 */
export function blueGreenPair<E extends string>(
  scope: Construct,
  id: string,
  props: BlueGreenProps<E>,
): BlueGreenPair | undefined {
  if (props.blueGreen === undefined) return undefined;
  const where = `WebService '${[scope.node.path, id].filter(Boolean).join('/')}'`;
  const chart = EnvironmentChart.of(scope);
  const spec = chart.resolve(props.blueGreen as PerEnv<BlueGreenSpec | false>, where, 'blueGreen');
  if (spec === false) return undefined;
  if (typeof spec !== 'object' || spec === null)
    fail(
      where,
      'blueGreen',
      `is ${JSON.stringify(spec)}`,
      'give { active, blue: { image }, green: { image } } for a literal image, {} for one from the release file, or false',
    );
  if (props.version !== undefined)
    fail(
      where,
      'version',
      "is set, but each colour of 'blueGreen' is labelled with its own image's version",
      "leave 'version' out",
    );
  const idleReplicas =
    spec.idleReplicas === undefined
      ? undefined
      : checkWholeNumber(where, 'blueGreen.idleReplicas', spec.idleReplicas, 0);
  const name = props.name ?? id;
  const colours =
    typeof props.image === 'string'
      ? literalColours(chart, where, spec, props.allowMutableTag ?? false)
      : recordedColours(chart, where, name, spec, props.image);
  return {
    ...colours,
    idleReplicas,
    mainImage: typeof props.image === 'string' ? colours.images[colours.active] : props.image,
    releaseKey: typeof props.image === 'string' ? undefined : `${name}.${colours.active}`,
  };
}

type Colours = Pick<BlueGreenPair, 'active' | 'images'>;

/** The colours the code gives, for a workload with a literal image. */
function literalColours(
  chart: EnvironmentChart,
  where: string,
  spec: BlueGreenSpec,
  allowMutableTag: boolean,
): Colours {
  const example = "{ active: 'blue', blue: { image: '…:1.4.2' }, green: { image: '…:1.5.0' } }";
  if (spec.active === undefined)
    fail(where, 'blueGreen.active', 'is missing', `name the colour that serves: ${example}`);
  const active = checkOneOf(where, 'blueGreen.active', spec.active, COLOURS);
  const image = (colour: BlueGreenColour): string => {
    const given = spec[colour];
    if (typeof given !== 'object' || given === null || given.image === undefined)
      fail(where, `blueGreen.${colour}`, 'is missing', `give both colours' images: ${example}`);
    const prop = `blueGreen.${colour}.image`;
    const checked = checkImage(where, prop, given.image, allowMutableTag);
    declaredImageRegistry(chart.platform, chart.environment.name, checked, where, prop);
    if (chart.environment.requireDigest && parseImageReference(checked)?.digest === undefined)
      fail(
        where,
        prop,
        `is '${checked}', a tag, but the environment '${chart.environment.name}' requires images by digest (images.requireDigest)`,
        `pin the digest the tag points at: '${checked.replace(/:[^:/]*$/, '')}@sha256:…'`,
      );
    return checked;
  };
  return { active, images: { blue: image('blue'), green: image('green') } };
}

/** The colours the release file records, for a workload with `image: { repository }`. */
function recordedColours(
  chart: EnvironmentChart,
  where: string,
  name: string,
  spec: BlueGreenSpec,
  repository: ImageRepository,
): Colours {
  const env = chart.environment.name;
  const record = `gke-platform release set ${env} ${name}.blue=<image> ${name}.green=<image> ${name}.active=blue`;
  for (const prop of ['active', 'blue', 'green'] as const)
    if (spec[prop] !== undefined)
      fail(
        where,
        `blueGreen.${prop}`,
        'is set, but the image names only a repository, so the release file records the colours and the active one, and two sources could disagree',
        `leave it out of the code; the release file sets it (${record}; gke-platform release switch ${env} ${name} switches)`,
      );
  const missing = (what: string): never =>
    fail(
      where,
      'blueGreen',
      `is set and the image names only a repository, but the release file of '${env}' records no ${what} of '${name}'`,
      `record both colours and the active one: ${record}`,
    );
  const setting = chart.recordedSetting(`${name}.active`);
  if (setting === undefined) return missing('active colour');
  const active = checkOneOf(setting.source, `${name}.active`, setting.value, COLOURS);
  const image = (colour: BlueGreenColour): string => {
    const key = `${name}.${colour}`;
    const recorded = chart.optionalRecordedImage(key) ?? missing(`${colour} image`);
    const checked = checkRecordedImage(where, 'image', repository.repository, recorded);
    declaredImageRegistry(chart.platform, env, checked, where, 'image');
    if (chart.environment.requireDigest) checkDigest(where, 'image', checked, env, key);
    return checked;
  };
  return { active, images: { blue: image('blue'), green: image('green') } };
}

/** One colour of a pair: its Deployment's name, labels and selector, and its pod template. */
export interface ColourParts {
  readonly colour: BlueGreenColour;
  /** `<name>-<colour>`: its Deployment's, autoscaler's and budget's name. */
  readonly name: string;
  /** The workload's labels with the colour's version and `track: <colour>`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The workload's selector and `track: <colour>`: the colour's pods alone. */
  readonly selector: Readonly<Record<string, string>>;
  /** The colour's pod template, from the workload's. */
  readonly template: (workload: k8s.PodTemplateSpec) => k8s.PodTemplateSpec;
}

/**
 * The parts of one colour. They depend on the colour alone, never on which colour is
 * active, so that a switch leaves both Deployments' templates as they are (no restart).
 */
export function colourParts(
  workload: {
    readonly name: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly selector: Readonly<Record<string, string>>;
  },
  pair: BlueGreenPair,
  colour: BlueGreenColour,
): ColourParts {
  const image = pair.images[colour];
  const version = imageVersion(image);
  const labels = {
    ...withoutVersion(workload.labels),
    ...(version === undefined ? {} : { 'app.kubernetes.io/version': version }),
    [TRACK_LABEL]: colour,
  };
  const selector = { ...workload.selector, [TRACK_LABEL]: colour };
  return {
    colour,
    name: `${workload.name}-${colour}`,
    labels,
    selector,
    template: (pod) => {
      const spec = pod.spec as k8s.PodSpec;
      const [main, ...others] = spec.containers;
      return {
        ...pod,
        metadata: {
          ...pod.metadata,
          labels: { ...withoutVersion(pod.metadata?.labels ?? {}), ...labels },
        },
        spec: {
          ...spec,
          containers: [{ ...main, image }, ...others],
          // Each colour spreads its own pods: the idle colour's must not skew the active's.
          topologySpreadConstraints: spec.topologySpreadConstraints?.map((c) => ({
            ...c,
            labelSelector: {
              ...c.labelSelector,
              matchLabels: { ...c.labelSelector?.matchLabels, [TRACK_LABEL]: colour },
            },
          })),
        },
      };
    },
  };
}

/**
 * How one colour scales in its role. Neither colour's Deployment names `replicas` under an
 * autoscaler, so a switch never removes `replicas` from the colour that starts serving
 * (client-side `kubectl apply` would reset it to 1 pod); the idle colour's autoscaler holds
 * it at `idleReplicas` instead. Only `idleReplicas: 0` writes `replicas: 0`, as an autoscaler
 * cannot hold 0 pods.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling
 */
export function colourScale(
  pair: BlueGreenPair,
  colour: BlueGreenColour,
  scaling: {
    readonly replicas: number;
    readonly autoscaling: { readonly minReplicas: number; readonly maxReplicas: number } | false;
  },
): { readonly replicas?: number; readonly bounds?: { min: number; max: number } } {
  const { replicas, autoscaling } = scaling;
  const idle = colour !== pair.active ? pair.idleReplicas : undefined;
  if (!autoscaling) return { replicas: idle ?? replicas };
  if (idle === 0) return { replicas: 0 };
  return idle === undefined
    ? { bounds: { min: autoscaling.minReplicas, max: autoscaling.maxReplicas } }
    : { bounds: { min: idle, max: idle } };
}

/** The most pods one colour runs in either role, for its budget and spread. */
export function colourPods(pair: BlueGreenPair, activePods: number): number {
  return Math.max(activePods, pair.idleReplicas ?? activePods);
}

/**
 * The labels that select the active colour's pods, for the Service; fails where the pod
 * labels would take the `track` label the colours are told apart by.
 */
export function activeSelector(
  where: string,
  selector: Readonly<Record<string, string>>,
  pair: BlueGreenPair,
  podLabels: Readonly<Record<string, string>>,
): Record<string, string> {
  if (TRACK_LABEL in podLabels)
    fail(
      where,
      `podLabels.${TRACK_LABEL}`,
      "is set, but 'blueGreen' labels the pods of each colour with it",
      `give the label another name than '${TRACK_LABEL}'`,
    );
  return { ...selector, [TRACK_LABEL]: pair.active };
}

/** `labels` without the workload's `app.kubernetes.io/version`. */
function withoutVersion(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(([key]) => key !== 'app.kubernetes.io/version'),
  );
}
