/**
 * The command-line tail of every `scripts/generate-*.js`: writes the generated file, or with
 * `--check` exits 1 when the committed file differs from what the script generates now.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/**
 * Runs `generate()` (a promise of the file's text) for `script` (`generate-prop-shapes`) and
 * writes `out`, or checks it with `--check`.
 */
function writeGenerated(script, out, generate) {
  generate().then(
    (text) => {
      const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      if (process.argv.includes('--check')) {
        if (current !== text) {
          const npmScript = script.replace(/^generate-/, 'generate:');
          process.stderr.write(
            `${script}: ${path.relative(ROOT, out)} is stale; run npm run ${npmScript}\n`,
          );
          process.exit(1);
        }
        return;
      }
      fs.writeFileSync(out, text);
      process.stdout.write(`wrote ${path.relative(ROOT, out)}\n`);
    },
    (error) => {
      process.stderr.write(`${script}: ${error.stack}\n`);
      process.exit(1);
    },
  );
}

module.exports = { writeGenerated };
