// Runs writeManifests (the built JavaScript) in a child process for the output folder's fault
// tests: prints each step it reaches and kills itself with SIGKILL right after the step named.
// Usage: node write-child.js BUILD_DIR MANIFESTS_JSON OUTDIR [KILL_AT_STEP]
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [build, manifestsFile, outdir, killAt = ''] = process.argv.slice(2);
const { writeManifests } = require(join(build, 'lib', 'output', 'write-manifests'));
const { writeHooks } = require(join(build, 'lib', 'output', 'write-hooks'));

writeHooks.onStep = (step) => {
  process.stdout.write(`${step}\n`);
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
};
writeManifests(JSON.parse(readFileSync(manifestsFile, 'utf8')), outdir);
