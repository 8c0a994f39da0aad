import type { KubernetesObject } from '../k8s/kubernetes-object';
import { podTemplateOf } from '../k8s/pod-template';

/** A container as Polaris sees it, with whether it is an init container. */
export interface PodContainer {
  readonly container: Record<string, unknown>;
  readonly isInit: boolean;
}

/** The pod-bearing parts of a controller (Deployment, DaemonSet, CronJob, Job, ...). */
export interface PodParts {
  readonly podTemplate: Record<string, unknown>;
  readonly podSpec: Record<string, unknown>;
  readonly containers: readonly PodContainer[];
}

type Json = Record<string, unknown>;

function field(value: unknown, name: string): Json | undefined {
  const child = value !== null && typeof value === 'object' ? (value as Json)[name] : undefined;
  return child !== null && typeof child === 'object' && !Array.isArray(child)
    ? (child as Json)
    : undefined;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/**
 * A container with its resource quantities as strings: Polaris checks the Go struct, in
 * which `cpu: 1` is the Quantity "1", and its checks ask for `type: string`.
 */
function asPolarisSees(container: Json): Json {
  const resources = field(container, 'resources');
  if (resources === undefined) return container;
  const copy: Json = { ...resources };
  for (const name of ['requests', 'limits']) {
    const quantities = field(resources, name);
    if (quantities === undefined) continue;
    copy[name] = Object.fromEntries(
      Object.entries(quantities).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
    );
  }
  return { ...container, resources: copy };
}

/**
 * The pod template, pod spec and containers of a controller, the way Polaris finds them: the
 * built-in kinds' template (a Pod is its own), and `spec.template` of any other kind that
 * has one, since Polaris reads custom controllers too. Undefined for objects that run no pods
 * (Service, ConfigMap...).
 */
export function podParts(obj: KubernetesObject): PodParts | undefined {
  const podTemplate =
    (podTemplateOf(obj)?.template as Json | undefined) ?? field(obj.spec, 'template');
  const podSpec = field(podTemplate, 'spec');
  if (podTemplate === undefined || podSpec === undefined) return undefined;
  const initContainers = list(podSpec.initContainers).map(asPolarisSees);
  const mainContainers = list(podSpec.containers).map(asPolarisSees);
  const containers = [
    ...initContainers.map((container) => ({ container, isInit: true })),
    ...mainContainers.map((container) => ({ container, isInit: false })),
  ];
  const spec: Json = { ...podSpec, containers: mainContainers };
  if (podSpec.initContainers !== undefined) spec.initContainers = initContainers;
  return { podTemplate: { ...podTemplate, spec }, podSpec: spec, containers };
}
