import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { synthesizePlatform, toYaml, writeManifests } from '../../lib/output';
import { WebService } from '../../lib/workloads/web-service';
import { testPlatform } from '../support/synth';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gke-platform-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const define = (image: string) =>
  synthesizePlatform(testPlatform, (chart) => {
    new WebService(chart, 'web', { image, port: 8080 });
  });

describe('writeManifests', () => {
  it('writes <env>/manifests.yaml and a kustomization.yaml for every environment', () => {
    const outdir = join(root, 'dist');
    writeManifests(define('web:1.0.0'), outdir);
    expect(readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
    expect(readdirSync(join(outdir, 'prod')).sort()).toEqual([
      'kustomization.yaml',
      'manifests.yaml',
    ]);
    const docs = parseAllDocuments(
      readFileSync(join(outdir, 'prod', 'manifests.yaml'), 'utf8'),
    ).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
    ]);
    expect(readFileSync(join(outdir, 'prod', 'kustomization.yaml'), 'utf8')).toContain(
      '- manifests.yaml',
    );
  });

  it('replaces the previous output whole, with no temporary folder left behind', () => {
    const outdir = join(root, 'dist');
    mkdirSync(join(outdir, 'stale-env'), { recursive: true });
    writeFileSync(join(outdir, 'stale-env', 'old.yaml'), 'old');
    writeManifests(define('web:2.0.0'), outdir);
    expect(readdirSync(outdir).sort()).toEqual(['dev', 'prod']);
    expect(readFileSync(join(outdir, 'dev', 'manifests.yaml'), 'utf8')).toContain(
      'image: web:2.0.0',
    );
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('leaves the previous dist/ as it was when the synth fails', () => {
    const outdir = join(root, 'dist');
    writeManifests(define('web:1.0.0'), outdir);
    const before = readFileSync(join(outdir, 'prod', 'manifests.yaml'), 'utf8');
    expect(() => writeManifests(define('web:latest'), outdir)).toThrow("'image' is 'web:latest'");
    expect(readFileSync(join(outdir, 'prod', 'manifests.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(root)).toEqual(['dist']);
  });

  it('leaves the previous dist/ as it was when writing fails', () => {
    const outdir = join(root, 'dist');
    writeManifests(define('web:1.0.0'), outdir);
    const before = readFileSync(join(outdir, 'prod', 'manifests.yaml'), 'utf8');
    const broken = [...define('web:2.0.0'), { environment: '../../escape\0', objects: [] }];
    expect(() => writeManifests(broken, outdir)).toThrow();
    expect(readFileSync(join(outdir, 'prod', 'manifests.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(root)).toEqual(['dist']);
  });
});

describe('toYaml', () => {
  it('quotes YAML 1.1 booleans, so kubectl reads them as strings', () => {
    expect(toYaml([{ args: ['no', 'on', 'yes', 'off', 'y'] }])).toBe(
      'args:\n  - "no"\n  - "on"\n  - "yes"\n  - "off"\n  - "y"\n',
    );
  });

  it('separates documents with ---', () => {
    expect(toYaml([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});
