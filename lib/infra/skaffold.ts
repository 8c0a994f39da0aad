import * as path from 'node:path';
import { fail } from '../core/errors';
import { type Platform } from '../platform/platform';

/** Options of {@link skaffoldConfig}. */
export interface SkaffoldConfigOptions {
  /**
   * The environments that get a profile: the delivery pipeline's stages.
   * @default the platform's environments, in declaration order
   */
  readonly environments?: readonly string[];
  /**
   * The folder `npm run synth` writes, relative to the release's source (the folder of
   * `skaffold.yaml`, which `gcloud deploy releases create --source` uploads).
   * @default 'dist'
   */
  readonly dist?: string;
}

/**
 * The Skaffold version of the configuration: `skaffold/v4beta7` (Skaffold 2.8), which
 * Cloud Deploy's supported Skaffold versions read.
 * @see https://cloud.google.com/deploy/docs/using-skaffold/select-skaffold
 */
export const SKAFFOLD_API_VERSION = 'skaffold/v4beta7';

/**
 * The `skaffold.yaml` that Cloud Deploy renders a release with: one profile per environment
 * (the pipeline's stages name them), each taking the environment's synthesized
 * `<dist>/<environment>/manifests.yaml` as it is (`rawYaml`: no templating; the images are
 * the ones the release files recorded), applied with kubectl.
 * @see https://cloud.google.com/deploy/docs/using-skaffold
 *
 * @example
 * fs.writeFileSync('skaffold.yaml', skaffoldConfig(platform));
 * @throws {PlatformError} for an environment the platform does not declare, a repeated one,
 * or a `dist` outside the release's source.
 */
export function skaffoldConfig(platform: Platform, options: SkaffoldConfigOptions = {}): string {
  const where = `skaffoldConfig (${platform.name})`;
  const environments = options.environments ?? platform.environmentNames;
  if (!Array.isArray(environments) || environments.length === 0) {
    fail(where, 'environments', 'is empty', 'list the environments of the pipeline');
  }
  environments.forEach((env, i) => {
    if (!platform.environmentNames.includes(env)) {
      fail(
        where,
        `environments[${i}]`,
        `is '${env}', not an environment of the platform`,
        `use one of ${platform.environmentNames.join(', ')}`,
      );
    }
    if (environments.indexOf(env) !== i) {
      fail(where, `environments[${i}]`, `repeats '${env}'`, 'name each environment once');
    }
  });
  const dist = path.posix.normalize(options.dist ?? 'dist');
  if (path.posix.isAbsolute(dist) || dist.startsWith('..') || /[\s"'\\:#]/.test(dist)) {
    fail(
      where,
      'dist',
      `is ${JSON.stringify(options.dist)}, which is not a plain folder inside the release's source`,
      "use a relative path such as 'dist', the folder npm run synth writes",
    );
  }
  const profiles = environments.flatMap((env) => [
    `  - name: ${env}`,
    '    manifests:',
    '      rawYaml:',
    `        - ${path.posix.join(dist, env, 'manifests.yaml')}`,
  ]);
  return [
    `# Cloud Deploy renders each environment from the manifests npm run synth wrote.`,
    `apiVersion: ${SKAFFOLD_API_VERSION}`,
    'kind: Config',
    'metadata:',
    `  name: ${platform.name}`,
    'profiles:',
    ...profiles,
    'deploy:',
    '  kubectl: {}',
    '',
  ].join('\n');
}
