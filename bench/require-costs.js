/**
 * `node bench/require-costs.js [MODULE]` (default: ./build/lib)
 *
 * Loads MODULE once and prints where its start-up time goes: the total `require` time,
 * then, per package, the time spent loading that package's own files (exclusive of the
 * packages it loads in turn) and how many files it has in `require.cache`. Start-up of a
 * synth is node itself (`node -e ''`) plus this.
 */
const Module = require('node:module');
const { resolve } = require('node:path');

/** `node_modules/<pkg>` (scoped names included) or `project` for the repository's own files. */
function packageOf(file) {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return file.startsWith('node:') || !file.includes('/') ? 'node:builtin' : 'project';
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  return parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/');
}

function main() {
  const target = resolve(process.argv[2] ?? './build/lib');
  const original = Module._load;
  const selfMs = new Map();
  const stack = [];
  Module._load = function load(request, parent, isMain) {
    let file;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      file = request;
    }
    const pkg = packageOf(file);
    const started = process.hrtime.bigint();
    stack.push({ pkg, childNs: 0n });
    try {
      return original.apply(this, arguments);
    } finally {
      const frame = stack.pop();
      const ns = process.hrtime.bigint() - started;
      selfMs.set(pkg, (selfMs.get(pkg) ?? 0) + Number(ns - frame.childNs) / 1e6);
      if (stack.length > 0) stack[stack.length - 1].childNs += ns;
    }
  };
  const started = process.hrtime.bigint();
  require(target);
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  Module._load = original;

  const files = new Map();
  for (const file of Object.keys(require.cache)) {
    const pkg = packageOf(file);
    if (file !== __filename) files.set(pkg, (files.get(pkg) ?? 0) + 1);
  }
  console.log(
    `require(${target}): ${totalMs.toFixed(1)} ms, ${require.cache ? Object.keys(require.cache).length - 1 : 0} files`,
  );
  for (const [pkg, ms] of [...selfMs].sort((a, b) => b[1] - a[1]))
    console.log(
      `${ms.toFixed(1).padStart(8)} ms  ${String(files.get(pkg) ?? 0).padStart(4)} files  ${pkg}`,
    );
}

main();
