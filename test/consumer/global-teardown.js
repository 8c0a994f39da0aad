/**
 * Prints how long each step of the consumer tests took, then removes the temporary folder
 * (kept with GKE_PLATFORM_KEEP_CONSUMERS=1, to look at a failure).
 */
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalTeardown() {
  const dir = process.env.GKE_PLATFORM_PACK_DIR;
  if (!dir || !fs.existsSync(dir)) return;
  const file = path.join(dir, 'timings.jsonl');
  if (fs.existsSync(file)) {
    const rows = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const total = rows.reduce((sum, r) => sum + r.seconds, 0);
    const lines = rows.map((r) => `${r.seconds.toFixed(1).padStart(7)} s  ${r.step}`);
    process.stdout.write(
      `\nconsumer tests, seconds per step:\n${lines.join('\n')}\n${total.toFixed(1).padStart(7)} s  total\n`,
    );
  }
  if (process.env.GKE_PLATFORM_KEEP_CONSUMERS === '1') {
    process.stdout.write(`kept ${dir}\n`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
