import { PlatformError, synthesizePlatform, writeManifests } from 'gke-platform';
import { defineWorkloads } from './main';
import { platform } from './platform';

/**
 * `npm run synth` and `cdk8s synth`: writes dist/<environment>/ for every environment (into
 * CDK8S_OUTDIR when the cdk8s CLI or `gke-platform plan` sets it). A failure prints the
 * reason and leaves the previous dist/ as it was.
 */
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
try {
  const manifests = synthesizePlatform(platform, defineWorkloads);
  writeManifests(manifests, outdir);
  console.log(`Synthesized ${manifests.map((m) => m.environment).join(', ')} into ${outdir}/`);
} catch (error) {
  if (!(error instanceof PlatformError)) throw error;
  console.error(`synth failed, ${outdir}/ left as it was:\n  ${error.message}`);
  process.exitCode = 1;
}
