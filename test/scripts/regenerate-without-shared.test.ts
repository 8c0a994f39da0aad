/**
 * In a clone without the reference data (../shared), `npm run import:crds` and
 * `npm run vendor:schemas` stop with a message that says what is missing, that the generated
 * folders are committed, and how to point the script at the data.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function runScript(script: string, args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

let empty: string;
beforeAll(() => {
  empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-no-shared-'));
});
afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

describe('import-crds without the CRDs', () => {
  it('fails naming the missing folder, the files it needs and CRDS_DIR', () => {
    const missing = path.join(empty, 'nowhere');
    const r = runScript('import-crds.js', [missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`import-crds: ${missing} does not exist`);
    expect(r.stderr).toContain('imports/ is committed, so you need this only to regenerate it');
    expect(r.stderr).toContain('backendconfig.cloud.google.com.yaml');
    expect(r.stderr).toContain('CRDS_DIR');
  });

  it('fails naming the files a folder lacks', () => {
    const r = runScript('import-crds.js', [empty]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${empty} lacks backendconfig.cloud.google.com.yaml`);
  });
});

describe('vendor-schemas without the reference data', () => {
  it('fails naming the missing folder and what it must hold', () => {
    const missing = path.join(empty, 'nowhere');
    const r = runScript('vendor-schemas.js', [missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`vendor-schemas: ${missing} does not exist`);
    expect(r.stderr).toContain('schemas/ is committed, so you need this only to regenerate it');
    expect(r.stderr).toContain('schemas/k8s/v1.27.0/_definitions.json');
  });

  it('fails naming the parts a folder lacks', () => {
    fs.mkdirSync(path.join(empty, 'crds'), { recursive: true });
    const r = runScript('vendor-schemas.js', [empty]);
    expect(r.status).toBe(1);
    const lacks = /lacks (.*)\. schemas\/ is committed/.exec(r.stderr)?.[1].split(', ');
    expect(lacks).toEqual([
      'schemas/k8s/v1.27.0/_definitions.json',
      'schemas/k8s/v1.36.0/_definitions.json',
      'schemas/gke',
      'checks/polaris/default.yaml',
    ]);
  });
});
