import { synthesizePlatform, writeManifests } from '../lib';
import { PlatformError } from '../lib/platform/errors';
import { defineShop } from './main';
import { platform } from './platform';

/**
 * `npm run synth` and `cdk8s synth`: writes dist/<environment>/ for every environment of the
 * example platform. A failure prints the reason and leaves the previous dist/ untouched.
 */
function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  const started = process.hrtime.bigint();
  const manifests = synthesizePlatform(platform, defineShop);
  writeManifests(manifests, outdir);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const counts = manifests.map((m) => `${m.environment} (${m.objects.length} objects)`).join(', ');
  console.log(`Synthesized ${counts} into ${outdir}/ in ${ms.toFixed(0)} ms`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof PlatformError)) throw error;
  console.error(
    `synth failed, ${process.env.CDK8S_OUTDIR ?? 'dist'}/ left as it was:\n  ${error.message}`,
  );
  process.exitCode = 1;
}
