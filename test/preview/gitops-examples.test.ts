/**
 * The GitOps examples of previews (examples/previews/): the Argo CD and Flux objects are valid
 * against their CRDs' schemas (unknown fields refused, as the API server's strict field
 * validation does), the workflow is YAML of the shape GitHub reads, and the README shows each
 * file exactly.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { gitopsSchemaProblems } from '../support/gitops-schemas';
import { readmeSnippets } from '../consumer/readme-snippets';

const root = resolve(__dirname, '..', '..');
const examples = join(root, 'examples', 'previews');
const read = (file: string) => readFileSync(join(examples, file), 'utf8');

/** Schema problems of one object, against its CRD's schema made strict. */
const problems = gitopsSchemaProblems;

function objectsOf(file: string): Record<string, unknown>[] {
  return parseAllDocuments(read(file)).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Record<string, unknown>;
  });
}

describe('examples/previews', () => {
  test('the ApplicationSet: a pull-request generator, one Application per PR from dist/previews/pr-<number>', () => {
    const [appSet] = objectsOf('applicationset.yaml');
    expect(problems(appSet)).toEqual([]);
    const spec = appSet.spec as Record<string, any>;
    expect(spec.generators[0].pullRequest.github).toMatchObject({ owner: 'acme', repo: 'shop' });
    expect(spec.template.spec.source.path).toBe('dist/previews/pr-{{.number}}');
  });

  test('the Flux GitRepository and Kustomization: dist/previews of the previews branch, pruned', () => {
    const objects = objectsOf('flux.yaml');
    expect(objects.map((o) => o.kind)).toEqual(['GitRepository', 'Kustomization']);
    for (const object of objects) expect(problems(object)).toEqual([]);
    expect((objects[1].spec as Record<string, unknown>).prune).toBe(true);
  });

  test('the CRD schemas refuse what the API server would (the check is not empty)', () => {
    const [appSet] = objectsOf('applicationset.yaml');
    const wrong = structuredClone(appSet) as Record<string, any>;
    wrong.spec.generators[0].pullRequest.github.repository = 'shop';
    expect(problems(wrong)).toEqual([
      expect.stringContaining(
        '/spec/generators/0/pullRequest/github: must NOT have additional properties',
      ),
    ]);
    const [source, kustomization] = objectsOf('flux.yaml');
    (kustomization.spec as Record<string, unknown>).prune = 'yes';
    (source.spec as Record<string, unknown>).ref = { branch: 1 };
    expect([...problems(source), ...problems(kustomization)]).toHaveLength(2);
  });

  test('the workflow: synth on pull_request, remove on close, prune on a schedule', () => {
    const workflow = parse(read('github-workflow.yaml')) as Record<string, any>;
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(workflow.on.schedule).toHaveLength(1);
    const runs = (job: string) =>
      workflow.jobs[job].steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs('synth')).toContain('npx gke-platform preview synth "$PREVIEW"');
    expect(runs('synth')).toContain('npx gke-platform release set --preview "$PREVIEW"');
    expect(runs('remove')).toContain('git rm -r --quiet --ignore-unmatch "dist/previews/$PREVIEW"');
    expect(runs('prune')).toContain('npx gke-platform preview prune --delete --out gitops/dist');
  });

  test.each(['applicationset.yaml', 'flux.yaml', 'github-workflow.yaml'])(
    'the README shows %s exactly',
    (file) => {
      const text = read(file);
      const firstLine = text.slice(0, text.indexOf('\n'));
      const shown = readmeSnippets(readFileSync(join(root, 'README.md'), 'utf8')).filter(
        (s) => s.body.split('\n')[0] === firstLine,
      );
      expect(shown.map((s) => s.body)).toEqual([text.trimEnd()]);
    },
  );
});
