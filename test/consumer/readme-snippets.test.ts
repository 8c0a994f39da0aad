/**
 * Fast checks of the README's code blocks, in `npm test`: every block is either run by the
 * consumer test (npm run test:consumer) or marked as not run, and the commands of the blocks
 * that are not run at least parse and name npm scripts that exist.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { npmRunScripts, readmeScript, readmeSnippets } from './readme-snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('readmeSnippets', () => {
  const markdown = [
    '# Title', //                                   1
    '```sh', //                                     2
    'npm install gke-platform', //                  3
    '```', //                                       4
    '```ts', //                                     5
    '// main.ts — the program', //                  6
    "import 'gke-platform';", //                    7
    '```', //                                       8
    '<!-- illustration -->', //                     9
    '', //                                          10
    '```ts', //                                     11
    'replicas: 2', //                               12
    '```', //                                       13
    '- a list item:', //                            14
    '  <!-- not run: needs a GCP project -->', //   15
    '  ```sh', //                                   16
    '  gcloud auth login', //                       17
    '  ```', //                                     18
    '```', //                                       19
    'WebService: an error message', //              20
    '```', //                                       21
    '```ts', //                                     22
    'const x = 1;', //                              23
    '```', //                                       24
  ].join('\n');

  it('classifies shell, file, illustration, not-run and unclassified blocks, skipping text', () => {
    expect(readmeSnippets(markdown)).toEqual([
      { line: 2, language: 'sh', body: 'npm install gke-platform', kind: 'shell' },
      {
        line: 5,
        language: 'ts',
        body: "// main.ts — the program\nimport 'gke-platform';",
        kind: 'file',
        file: 'main.ts',
      },
      { line: 11, language: 'ts', body: 'replicas: 2', kind: 'illustration' },
      {
        line: 16,
        language: 'sh',
        body: 'gcloud auth login',
        kind: 'not-run',
        reason: 'needs a GCP project',
      },
      { line: 22, language: 'ts', body: 'const x = 1;', kind: 'unclassified' },
    ]);
  });

  it('writes file blocks and runs shell blocks in order in one script', () => {
    const script = readmeScript(readmeSnippets(markdown));
    const install = script.indexOf('npm install gke-platform');
    const main = script.indexOf("cat > 'main.ts'");
    expect(install).toBeGreaterThan(-1);
    expect(main).toBeGreaterThan(install);
    expect(script).not.toContain('replicas: 2');
    expect(script).not.toContain('gcloud');
    expect(script).not.toContain('const x');
  });
});

describe("README.md's code blocks", () => {
  const snippets = readmeSnippets(readme);

  it('are each run by the consumer test, or marked illustration or not run', () => {
    const unclassified = snippets
      .filter((s) => s.kind === 'unclassified')
      .map((s) => `README.md:${s.line}: ${s.body.split('\n')[0]}`);
    expect(unclassified).toEqual([]);
  });

  it('name each project file once', () => {
    const files = snippets.flatMap((s) => (s.file ? [s.file] : []));
    expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
  });

  it('that are not run are valid bash and name npm scripts that exist', () => {
    for (const s of snippets.filter((x) => x.kind === 'not-run' && x.language !== 'yaml')) {
      if (!['sh', 'bash', 'shell'].includes(s.language)) continue;
      const parsed = spawnSync('bash', ['-n'], { input: s.body, encoding: 'utf8' });
      expect({ line: s.line, stderr: parsed.stderr }).toEqual({ line: s.line, stderr: '' });
      for (const name of npmRunScripts(s.body)) {
        expect({ line: s.line, script: name, exists: name in pkg.scripts }).toEqual({
          line: s.line,
          script: name,
          exists: true,
        });
      }
    }
  });
});
