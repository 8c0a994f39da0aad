import fc from 'fast-check';
import { previewHostClash } from '#lib/workloads/chart/preview';

/*
 * Preview hosts are `<preview>` for the first entrypoint and `<preview>-<entrypoint>` for each
 * other one. With several entrypoints, preview `a`'s entrypoint `web2` and preview `a-web2`'s
 * first entrypoint would share a host: the previews whose names or entrypoints allow that are
 * refused, so that every accepted (preview, entrypoint) pair has a host of its own.
 */

/** The host labels of a preview, as ChartPreview gives them out, or undefined when refused. */
function labelsOf(preview: string, entrypoints: readonly string[]): string[] | undefined {
  const labels: string[] = [];
  for (const [i, entrypoint] of entrypoints.entries()) {
    if (previewHostClash(preview, entrypoints.slice(1, i), entrypoint, i === 0)) return undefined;
    labels.push(i === 0 ? preview : `${preview}-${entrypoint}`);
  }
  return labels;
}

describe('preview hosts', () => {
  test("refuse the preview 'a-web2' beside the preview 'a' of entrypoints web, web2", () => {
    expect(labelsOf('a', ['web', 'web2'])).toEqual(['a', 'a-web2']);
    expect(labelsOf('a-web2', ['web', 'web2'])).toBeUndefined();
    expect(previewHostClash('a-web2', [], 'web2', false)?.problem).toMatch(
      /the preview 'a' would serve this entrypoint/,
    );
  });

  test("refuse entrypoints 'b-c' and 'c' (previews 'a' and 'a-b' would share 'a-b-c')", () => {
    expect(labelsOf('a', ['web', 'b-c', 'c'])).toBeUndefined();
    expect(labelsOf('a', ['web', 'c', 'b-c'])).toBeUndefined();
    // The first entrypoint's host is the preview's name alone: no suffix to clash with.
    expect(labelsOf('a', ['c', 'b-c'])).toEqual(['a', 'a-b-c']);
  });

  test('keep ordinary names', () => {
    expect(labelsOf('pr-123', ['storefront', 'admin'])).toEqual(['pr-123', 'pr-123-admin']);
  });

  test('no two accepted (preview, entrypoint) pairs share a host', () => {
    // Few letters, so that names overlap often.
    const label = fc
      .array(fc.constantFrom('a', 'b', '-'), { minLength: 1, maxLength: 5 })
      .map((cs) => cs.join(''))
      .filter((s) => /^[a-z]([-a-z]*[a-z])?$/.test(s));
    fc.assert(
      fc.property(
        fc.uniqueArray(label, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(label, { minLength: 1, maxLength: 8 }),
        (entrypoints, previews) => {
          const owners = new Map<string, string>();
          for (const preview of previews) {
            const labels = labelsOf(preview, entrypoints);
            labels?.forEach((l, i) => {
              const pair = `${preview}/${entrypoints[i]}`;
              expect([l, owners.get(l) ?? pair]).toEqual([l, pair]);
              owners.set(l, pair);
            });
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
