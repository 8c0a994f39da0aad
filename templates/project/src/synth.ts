import { synthMain } from 'gke-platform';
import { defineWorkloads } from './main';
import { platform } from './platform';

/**
 * `npm run synth` and `cdk8s synth` (also `--stdout`): writes dist/<environment>/ for every
 * environment (into CDK8S_OUTDIR when the cdk8s CLI or `gke-platform plan` sets it). A failure
 * prints the reason and leaves the previous dist/ as it was.
 */
synthMain(platform, defineWorkloads);
