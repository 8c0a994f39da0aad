/**
 * The layers of lib/ (the table in README's "Architecture"): a module imports only from its own folder or
 * from a folder in a lower row, never from a sibling in its row or from above; and no import
 * cycle exists between files, type-only imports included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '..');

/**
 * The layer table of the README's "Architecture" section, bottom row first: each row's
 * folders, which are siblings (neither imports the other).
 */
function readLayers(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- layers:');
  const table = readme.slice(start).split('\n\n')[1];
  return table
    .split('\n')
    .slice(2)
    .map((line) => [...line.split('|')[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

const LAYERS = readLayers();

function filesUnder(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The project files that `file` imports (every kind: value, type-only, dynamic, re-export). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(root, resolve(root, dirname(file), spec)))
    .map((target) => [`${target}.ts`, join(target, 'index.ts')].find((c) => known.has(c)))
    .filter((target): target is string => target !== undefined);
}

const files = [...filesUnder('lib'), ...filesUnder('imports')];
const known = new Set(files);
const graph = new Map(files.map((file) => [file, importsOf(file, known)]));

const rowOf = (folder: string) => LAYERS.findIndex((row) => row.includes(folder));

describe('architecture', () => {
  it('reads the layer table from the README', () => {
    expect(LAYERS[0]).toEqual(['lib/core']);
    expect(LAYERS[LAYERS.length - 1]).toEqual(['lib']);
    expect(LAYERS.flat()).toContain('lib/workloads/front-door');
    // Previews' lifetime reads dist/ under the writer's lock: above lib/output, beside lib/plan.
    expect(LAYERS.findIndex((row) => row.includes('lib/preview'))).toBe(rowOf('lib/output') + 1);
    // GitOps objects read the platform and the output's layout only: beside lib/plan.
    expect(rowOf('lib/gitops')).toBe(rowOf('lib/plan'));
  });

  it('places lib/graph above lib/plan, whose NetworkPolicy evaluator it reads, and below lib/cli', () => {
    expect(rowOf('lib/graph')).toBeGreaterThan(rowOf('lib/plan'));
    expect(rowOf('lib/graph')).toBeLessThan(rowOf('lib/cli'));
  });

  it('places every folder of lib/ in a row of the layer table', () => {
    const folders = new Set(files.map((file) => dirname(file)));
    expect([...folders].filter((folder) => rowOf(folder) < 0)).toEqual([]);
  });

  it('imports only downwards: own folder or a lower row', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = dirname(file);
      for (const target of targets) {
        const to = dirname(target);
        if (to === from) continue;
        const [a, b] = [rowOf(from), rowOf(to)];
        if (b > a) wrong.push(`${file} imports ${target}: ${to} is above ${from}`);
        else if (b === a) wrong.push(`${file} imports ${target}: ${to} is a sibling of ${from}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files, type-only imports included', () => {
    // Tarjan's strongly connected components; any component of two or more files is a cycle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[] = [];
    let next = 0;
    const visit = (file: string): void => {
      index.set(file, next);
      low.set(file, next++);
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, index.get(target)!));
        }
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort().join(' ↔ '));
      }
    };
    for (const file of files) if (!index.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('reads the imports it checks (a wrong import would be seen)', () => {
    expect(graph.get('lib/workloads/web-service.ts')).toContain('lib/core/errors.ts');
    expect(graph.get('imports/k8s.ts')).toEqual(['lib/k8s/kube-object.ts']);
  });
});
