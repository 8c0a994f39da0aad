/** An environment's folder in the repository: `<path>/<environment>`, as writeManifests lays it out. */
export function environmentFolder(path: string, environment: string): string {
  return path === '' ? environment : `${path}/${environment}`;
}

/** The labels of the generated objects: the platform's, and the environment's where there is one. */
export function gitopsLabels(platform: string, environment?: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'gke-platform',
    'app.kubernetes.io/part-of': platform,
    ...(environment === undefined ? {} : { environment }),
  };
}

/**
 * What one Application or Kustomization syncs: an environment of one cluster, or one cluster
 * of an environment of several.
 */
export interface SyncTarget {
  readonly environment: string;
  /** The cluster, for an environment of several. */
  readonly cluster?: string;
  /** `<env>`, or `<env>-<cluster>`: the generated object's name after `<platform>-`. */
  readonly name: string;
  /** `<env>`, or `<env>/<cluster>`: its folder under the synthesized output. */
  readonly folder: string;
  /** `<env>`, or `<env>/<cluster>`: its key in the Argo CD servers. */
  readonly serverKey: string;
  /** Whether it is the config cluster of an environment of several (synced last). */
  readonly config: boolean;
}

/** The sync targets of an environment: itself, or each of its clusters. */
export function syncTargets(env: {
  readonly name: string;
  readonly clusters?: readonly { readonly name: string; readonly config?: boolean }[];
}): SyncTarget[] {
  const clusters = env.clusters ?? [];
  if (clusters.length === 0)
    return [
      {
        environment: env.name,
        name: env.name,
        folder: env.name,
        serverKey: env.name,
        config: false,
      },
    ];
  return clusters.map((c) => ({
    environment: env.name,
    cluster: c.name,
    name: `${env.name}-${c.name}`,
    folder: `${env.name}/${c.name}`,
    serverKey: `${env.name}/${c.name}`,
    config: c.config === true,
  }));
}
