/**
 * The package's require hook (`node -r gke-platform/register`, register.js), installed as a
 * project installs it: it runs a TypeScript file, keeps the stripped file in the project's
 * node_modules/.cache, and without @swc/core stops with one line that says what to install.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

let project: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-register-'));
  // node_modules/gke-platform as npm installs it: package.json (its exports) and register.js.
  const installed = path.join(project, 'node_modules', 'gke-platform');
  fs.mkdirSync(installed, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
  fs.copyFileSync(path.join(ROOT, 'register.js'), path.join(installed, 'register.js'));
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(
    path.join(project, 'src', 'main.ts'),
    "import { shout } from './shout';\nconst name: string = 'dev';\nconsole.log(shout(name));\n",
  );
  fs.writeFileSync(
    path.join(project, 'src', 'shout.ts'),
    'export const shout = (s: string): string => `${s.toUpperCase()}!`;\n',
  );
});
afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

function runMain() {
  return spawnSync(process.execPath, ['-r', 'gke-platform/register', 'src/main.ts'], {
    cwd: project,
    encoding: 'utf8',
  });
}

function withSwc(): void {
  const swc = path.join(project, 'node_modules', '@swc');
  fs.mkdirSync(swc);
  fs.symlinkSync(path.join(ROOT, 'node_modules', '@swc', 'core'), path.join(swc, 'core'), 'dir');
}

it('runs TypeScript and caches each stripped file in the project’s node_modules/.cache', () => {
  withSwc();
  const first = runMain();
  expect(first.stderr).toBe('');
  expect(first.stdout).toBe('DEV!\n');
  const cache = path.join(project, 'node_modules', '.cache', 'gke-platform-swc');
  expect(fs.readdirSync(cache).filter((f) => f.endsWith('.js'))).toHaveLength(2);
  // From the cache: the same output, no file added.
  expect(runMain().stdout).toBe('DEV!\n');
  expect(fs.readdirSync(cache)).toHaveLength(2);
});

it('without @swc/core, stops with one line naming the install command', () => {
  const r = runMain();
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(
    'gke-platform/register: @swc/core is not installed; run `npm install --save-dev @swc/core` (or use `npm run synth`, which compiles with tsc)\n',
  );
});
