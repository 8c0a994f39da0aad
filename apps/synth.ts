import { synthMain } from '../lib';
import { defineShop } from './main';
import { platform } from './platform';

/**
 * `npm run synth` and `cdk8s synth` (also with `--stdout`): writes dist/<environment>/ for
 * every environment of the example platform (into CDK8S_OUTDIR, which the cdk8s CLI sets to
 * its output folder). A failure prints the reason and leaves the previous dist/ untouched.
 */
synthMain(platform, defineShop);
