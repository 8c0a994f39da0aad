/**
 * `node bench/cpu-profile-summary.js FILE.cpuprofile [TOP]`
 *
 * Summarizes a V8 CPU profile written by `node --cpu-prof` (e.g. by
 * `npm run bench:scale -- 1000 --cpu-prof DIR`): self time per package or project folder,
 * the TOP (default 20) functions by self time, then the TOP functions by inclusive time (a
 * sample counts for every function on its stack, once), outside node's own code.
 */
const { readFileSync } = require('node:fs');

function where(url) {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `node_modules/${parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')}`;
  }
  const build = url.indexOf('/build/');
  if (build >= 0)
    return url
      .slice(build + 1)
      .split('/')
      .slice(0, 2)
      .join('/');
  return url.startsWith('node:') ? 'node:internal' : url.replace(/^file:\/\//, '');
}

function main() {
  const [file, top = '20'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/cpu-profile-summary.js FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const sampled = new Map();
  profile.samples.forEach((id, i) => {
    sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byPlace = new Map();
  const byFunction = new Map();
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node);
  const label = ({ callFrame: { functionName, url, lineNumber } }) =>
    `${functionName || '(anonymous)'} ${url ? `${where(url)}${url.slice(url.lastIndexOf('/'))}:${lineNumber + 1}` : ''}`;
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set();
    for (let node = nodeById.get(id); node; node = parent.get(node.id)) {
      const { url } = node.callFrame;
      if (!url || url.startsWith('node:')) continue;
      const fn = label(node);
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + ms);
    }
  });
  let total = 0;
  for (const node of profile.nodes) {
    const ms = sampled.get(node.id) ?? 0;
    total += ms;
    const { functionName, url } = node.callFrame;
    const place = where(url) || `(${functionName || 'program'})`;
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const fn = label(node);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const show = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`,
      )
      .join('\n');
  console.log(`${total.toFixed(0)} ms sampled in ${file}\n\nself time by package or folder:`);
  console.log(show(byPlace, 12));
  console.log(`\nself time by function (top ${top}):`);
  console.log(show(byFunction, Number(top)));
  console.log(`\ninclusive time by function, outside node's own code (top ${top}):`);
  console.log(show(inclusive, Number(top)));
}

main();
