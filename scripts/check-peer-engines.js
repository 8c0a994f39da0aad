#!/usr/bin/env node
/**
 * Checks that every version a peer dependency range admits runs on every Node.js version
 * that package.json `engines.node` admits, and that the Pulumi providers' own dependency on
 * @pulumi/pulumi can be met by a version in our peer range (npm installs one shared copy only
 * then; otherwise a provider gets a nested copy of its own, which may need a newer Node.js).
 * It asks the registry (`npm view`), so it needs the network.
 *
 *   node scripts/check-peer-engines.js
 *
 * Prints one line per peer and exits 1 if a range admits a version that does not fit.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const semver = require('semver');

const ROOT = path.resolve(__dirname, '..');
const pkg = require(path.join(ROOT, 'package.json'));

/** `npm view NAME@RANGE version engines dependencies --json`, always as a list. */
function versionsOf(name, range) {
  const out = execFileSync(
    'npm',
    ['view', `${name}@${range}`, 'version', 'engines', 'dependencies', '--json'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  if (out.trim() === '') return [];
  const parsed = JSON.parse(out);
  return (Array.isArray(parsed) ? parsed : [parsed])
    .filter((v) => v.version && !semver.prerelease(v.version))
    .sort((a, b) => semver.compare(a.version, b.version));
}

function main() {
  const ourNode = pkg.engines.node;
  const pulumiRange = pkg.peerDependencies['@pulumi/pulumi'];
  const problems = [];
  for (const [name, range] of Object.entries(pkg.peerDependencies)) {
    const versions = versionsOf(name, range);
    if (versions.length === 0) {
      problems.push(`${name}@${range}: no published version matches`);
      continue;
    }
    const misfits = [];
    for (const v of versions) {
      // No engines field means any Node.js.
      const theirNode = v.engines?.node ?? '*';
      if (!semver.subset(ourNode, theirNode)) misfits.push(`${v.version} (node ${theirNode})`);
      const theirPulumi = v.dependencies?.['@pulumi/pulumi'];
      if (theirPulumi && !semver.intersects(theirPulumi, pulumiRange)) {
        misfits.push(`${v.version} (@pulumi/pulumi ${theirPulumi})`);
      }
    }
    const span = `${versions.length} versions, ${versions[0].version} to ${versions[versions.length - 1].version}`;
    if (misfits.length > 0) {
      problems.push(`${name}@${range} admits ${misfits.join(', ')}`);
      console.log(`✗ ${name}@${range}: ${span}; ${misfits.length} do not fit node ${ourNode}`);
    } else {
      console.log(`✓ ${name}@${range}: ${span}, all fit node ${ourNode}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `check-peer-engines: ${problems.join('; ')}; narrow the peer range in package.json (or raise engines.node)`,
    );
  }
}

try {
  main();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
