/**
 * The example reads its stacks' configuration with the package's reader (namespace
 * `gke-platform`; see stackArgs in lib/infra/stack-config.ts for every key), as a project made
 * by `gke-platform init` does.
 */
export { stackArgs } from '../lib/infra';
