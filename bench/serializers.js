/**
 * `node bench/serializers.js [--reps R] [--n N] [--no-build] [--baseline FILE]`
 *
 * Serializes the same objects four ways and prints a Markdown table on stderr and ONE JSON
 * line on stdout: the example's objects (three environments) and the scale benchmark's at N
 * (default 1000), each environment as one multi-document stream, with
 * - `yaml` (the package the library used: `stringify` with { version: '1.1', lineWidth: 0 }),
 * - `js-yaml` (`dump` with { lineWidth: -1, noRefs: true }),
 * - JSON.stringify (the lower bound: no YAML at all),
 * - toYaml (lib/output/yaml.ts, what the library uses now),
 * - with `--baseline FILE`, the toYaml of another build (a compiled yaml.js, e.g. of an earlier
 *   commit), to compare two versions in one run.
 * For each: the first call (a fresh process pays JIT warm-up there: what one synth pays), the
 * median of R more calls (default 5), the bytes, whether the bytes equal the `yaml`
 * package's, and whether a YAML 1.1 reader (the `yaml` package with version '1.1') reads the
 * output back as the same objects.
 */
const { performance } = require('node:perf_hooks');
const { ensureBuild, machine, median } = require('./common');

function timeIt(fn) {
  const started = performance.now();
  const result = fn();
  return { ms: performance.now() - started, result };
}

function main() {
  const args = process.argv.slice(2);
  const valueOf = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const reps = Number(valueOf('--reps') ?? 5);
  const n = Number(valueOf('--n') ?? 1000);
  if (!args.includes('--no-build')) ensureBuild();

  const loads = {};
  const load = (name, id) => {
    const { ms, result } = timeIt(() => require(id));
    loads[name] = Math.round(ms * 10) / 10;
    return result;
  };
  const yaml = load('yaml', 'yaml');
  const jsYaml = load('js-yaml', 'js-yaml');
  const { toYaml } = load('toYaml', '../build/lib/output/yaml');
  const { synthesizePlatform } = require('../build/lib');
  const { defineShop } = require('../build/apps/main');
  const { platform } = require('../build/apps/platform');
  const { defineScale, scalePlatform } = require('../build/bench/scale-definition');

  const serializers = {
    yaml: (objects) =>
      objects
        .map((o) =>
          yaml.stringify(o, { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false }),
        )
        .join('---\n'),
    'js-yaml': (objects) =>
      objects.map((o) => jsYaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n'),
    'JSON.stringify': (objects) => objects.map((o) => JSON.stringify(o)).join('\n'),
    toYaml: (objects) => toYaml(objects),
  };
  const baseline = valueOf('--baseline');
  if (baseline) {
    const { toYaml: baselineToYaml } = load(
      'toYaml (baseline)',
      require('node:path').resolve(baseline),
    );
    serializers['toYaml (baseline)'] = (objects) => baselineToYaml(objects);
  }
  const inputs = {
    example: synthesizePlatform(platform, defineShop),
    [`scale N=${n}`]: synthesizePlatform(scalePlatform, defineScale(n, true)),
  };

  const canonical = (value) => JSON.stringify(value);
  const rows = [];
  for (const [input, manifests] of Object.entries(inputs)) {
    const streams = manifests.map((m) => m.objects);
    const objects = streams.reduce((sum, s) => sum + s.length, 0);
    const reference = streams.map((s) => serializers.yaml(s));
    for (const [name, serialize] of Object.entries(serializers)) {
      const all = () => streams.map((s) => serialize(s));
      const first = timeIt(all);
      const times = [];
      for (let i = 0; i < reps; i++) times.push(timeIt(all).ms);
      const out = first.result;
      const yamlText = name !== 'JSON.stringify';
      const readsBack = yamlText
        ? out.every(
            (text, i) =>
              canonical(yaml.parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())) ===
              canonical(streams[i]),
          )
        : null;
      rows.push({
        input,
        objects,
        serializer: name,
        firstMs: Math.round(first.ms),
        medianMs: Math.round(median(times)),
        bytes: out.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
        sameBytesAsYamlPackage: out.every((text, i) => text === reference[i]),
        readsBackUnderYaml11: readsBack,
      });
    }
  }

  process.stderr.write(
    '| objects | serializer | first call (ms) | median of next ' +
      `${reps} (ms) | bytes | same bytes as yaml | YAML 1.1 reads back the same objects |\n` +
      '|---|---|---:|---:|---:|---|---|\n',
  );
  for (const r of rows) {
    process.stderr.write(
      `| ${r.input} (${r.objects}) | ${r.serializer} | ${r.firstMs} | ${r.medianMs} | ${r.bytes} | ${r.sameBytesAsYamlPackage ? 'yes' : 'no'} | ${r.readsBackUnderYaml11 === null ? '—' : r.readsBackUnderYaml11 ? 'yes' : 'no'} |\n`,
    );
  }
  console.log(
    JSON.stringify({ benchmark: 'serializers', reps, requireMs: loads, rows, machine: machine() }),
  );
}

main();
