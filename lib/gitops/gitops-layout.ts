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
