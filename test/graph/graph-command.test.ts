import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '#lib/cli/cli';
import type { CommandIo } from '#lib/cli/command';
import { writeExample } from '../consumer/support/example-output';

/** runCli with its output captured. */
async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { ...process.env },
    isTty: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'gke-platform-graph-'));
  writeExample(join(folder, 'dist'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('gke-platform graph', () => {
  it('--help shows its formats, options and an example', async () => {
    const { code, stdout } = await cli(['graph', '--help'], folder);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: gke-platform graph \[options\]$/m);
    expect(stdout).toMatch(/--format html\|mermaid\|json +html: one self-contained page/);
    expect(stdout).not.toContain('text|markdown|json');
    expect(stdout).toMatch(/--from <folder> +draw this synth output folder/);
    expect(stdout).toContain('  npx gke-platform graph --out graph.html');
  });

  it('draws a dist folder as one HTML page, into --out', async () => {
    const { code, stdout, stderr } = await cli(
      ['graph', '--from', 'dist', '--out', 'graph.html'],
      folder,
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe('Drew dev, prod, staging into graph.html\n');
    const html = readFileSync(join(folder, 'graph.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const env of ['dev', 'staging', 'prod']) expect(html).toContain(`<h2>${env}</h2>`);
  });

  it('prints Mermaid for one environment and JSON for all', async () => {
    const mermaid = await cli(
      ['graph', '--from', 'dist', '--format', 'mermaid', '--environment', 'dev'],
      folder,
    );
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^%% dev\nflowchart LR\n/);
    expect(mermaid.stdout).not.toContain('%% prod');
    const json = await cli(['graph', '--from', 'dist', '--format', 'json'], folder);
    const graphs = JSON.parse(json.stdout) as { environment: string; workloads: unknown[] }[];
    expect(graphs.map((g) => g.environment)).toEqual(['dev', 'prod', 'staging']);
  });

  it('synthesizes the project when no --from is given, as plan does', async () => {
    const project = mkdtempSync(join(tmpdir(), 'gke-platform-graph-project-'));
    try {
      writeFileSync(join(project, 'cdk8s.yaml'), 'app: node synth.js\n');
      writeFileSync(
        join(project, 'synth.js'),
        `const fs = require('node:fs'); const path = require('node:path');
fs.mkdirSync(path.join(process.env.CDK8S_OUTDIR, 'prod'), { recursive: true });
fs.copyFileSync(${JSON.stringify(join(folder, 'dist', 'prod', 'manifests.yaml'))}, path.join(process.env.CDK8S_OUTDIR, 'prod', 'manifests.yaml'));
`,
      );
      const { code, stdout } = await cli(['graph', '--format', 'json'], project);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).map((g: { environment: string }) => g.environment)).toEqual([
        'prod',
      ]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it.each([
    [['graph', '--format', 'text'], 2, /--format is "text"; graph draws html, mermaid, json/],
    [['graph', '--form', 'x'], 2, /Unknown option '--form'/],
    [
      ['graph', '--from', 'dist', '--environment', 'qa'],
      1,
      /gke-platform graph: gke-platform graph: '--environment' is 'qa', which the output does not have; use one of dev, prod, staging/,
    ],
    [['graph', '--from', 'nowhere'], 1, /'nowhere'.* is not a folder/],
    [
      ['graph', '--from', 'dist', '--out', join('no', 'such', 'folder', 'g.html')],
      1,
      /'--out' '.*g\.html' cannot be written/,
    ],
  ])('fails on %j: exit %i, no stack trace', async (args, exit, message) => {
    const { code, stderr, stdout } = await cli(args, folder);
    expect({ code, stdout }).toEqual({ code: exit, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
