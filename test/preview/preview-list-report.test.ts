import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UsageError, type CommandIo, type ParsedOptions } from '#lib/cli/command';
import { previewList, previewPrune } from '#lib/cli/preview-lifetime';
import { freshDist, writePreview } from './preview-list-fixtures';

let dist: string;
let previews: string;
beforeEach(() => ({ dist, previews } = freshDist()));
afterEach(() => rmSync(dist, { recursive: true, force: true }));

/** Runs an entry function as the command would, with `--out` the test's dist/. */
function run(
  entry: typeof previewList,
  options: ParsedOptions,
  args: string[] = [],
): { code: number; out: string } {
  let out = '';
  const io: CommandIo = {
    stdout: (text) => (out += text),
    stderr: () => undefined,
    cwd: dist,
    env: {},
    isTty: false,
  };
  const code = entry({ out: '.', now: '2025-03-10T12:00:00Z', ...options }, args, io);
  return { code, out };
}

function twoPreviews() {
  return {
    old: writePreview(previews, 'pr-1', '2025-03-01T00:00:00Z'),
    live: writePreview(previews, 'pr-2', '2025-03-17T00:00:00Z'),
  };
}

describe('preview list', () => {
  test('text: one line per preview with its namespace, expiry and state', () => {
    twoPreviews();
    writePreview(previews, 'pr-3', '', null);
    expect(run(previewList, {})).toEqual({
      code: EXIT.ok,
      out: [
        'pr-1 shop-preview-pr-1 expires 2025-03-01T00:00:00Z (expired)',
        'pr-2 shop-preview-pr-2 expires 2025-03-17T00:00:00Z (live)',
        `pr-3: ${join(previews, 'pr-3')} holds no Namespace object`,
        '',
      ].join('\n'),
    });
  });

  test('markdown: a table', () => {
    twoPreviews();
    expect(run(previewList, { format: 'markdown' }).out).toBe(
      [
        '**previews** at 2025-03-10T12:00:00.000Z',
        '',
        '| preview | namespace | expires | state |',
        '| --- | --- | --- | --- |',
        '| pr-1 | shop-preview-pr-1 | 2025-03-01T00:00:00Z | expired |',
        '| pr-2 | shop-preview-pr-2 | 2025-03-17T00:00:00Z | live |',
        '',
      ].join('\n'),
    );
  });

  test('json: the instant and every preview', () => {
    const { old } = twoPreviews();
    const json = JSON.parse(run(previewList, { format: 'json' }).out);
    expect(json.now).toBe('2025-03-10T12:00:00.000Z');
    expect(json.previews[0]).toEqual({
      name: 'pr-1',
      folder: old,
      namespace: 'shop-preview-pr-1',
      expires: '2025-03-01T00:00:00Z',
      expired: true,
    });
  });

  test('no previews: says so', () => {
    expect(run(previewList, {}).out).toBe('preview list: no previews\n');
  });

  test('--out defaults to dist/ of the project folder (--project, else the current folder)', () => {
    // The test's folder is the project: its previews are in dist/previews/.
    writePreview(join(dist, 'dist', 'previews'), 'pr-5', '2025-03-01T00:00:00Z');
    expect(run(previewList, { out: undefined }).out).toContain('pr-5 shop-preview-pr-5');
    expect(run(previewList, { out: undefined, project: 'dist' }).out).toBe(
      'preview list: no previews\n',
    );
  });
});

describe('preview prune', () => {
  test('text plan: a shell script of kubectl deletes, the rest comments; nothing removed', () => {
    const { old, live } = twoPreviews();
    expect(run(previewPrune, {})).toEqual({
      code: EXIT.ok,
      out: [
        '# preview prune at 2025-03-10T12:00:00.000Z: 1 expired, 1 not expired',
        '# Deleting a namespace deletes every namespaced object in it; --wait=false returns while the namespace controller finishes.',
        'kubectl delete namespace shop-preview-pr-1 --wait=false',
        '',
      ].join('\n'),
    });
    expect([existsSync(old), existsSync(live)]).toEqual([true, true]);
  });

  test('--delete: removes the expired folders and says which', () => {
    const { old, live } = twoPreviews();
    expect(run(previewPrune, { delete: true })).toEqual({
      code: EXIT.ok,
      out: [
        '# preview prune at 2025-03-10T12:00:00.000Z: 1 expired, 1 not expired',
        `# removed ${old}`,
        '',
      ].join('\n'),
    });
    expect([existsSync(old), existsSync(live)]).toEqual([false, true]);
  });

  test('--now: a later instant prunes more', () => {
    twoPreviews();
    expect(run(previewPrune, { now: '2025-03-17T00:00:00Z' }).out).toContain(
      'kubectl delete namespace shop-preview-pr-2 --wait=false',
    );
  });

  test('markdown: the plan as a sh block with the note; the removed folders as a list', () => {
    const { old } = twoPreviews();
    expect(run(previewPrune, { format: 'markdown' }).out).toBe(
      [
        '**preview prune** at 2025-03-10T12:00:00.000Z: 1 expired, 1 not expired',
        '',
        '```sh',
        'kubectl delete namespace shop-preview-pr-1 --wait=false',
        '```',
        '',
        'Deleting a namespace deletes every namespaced object in it; --wait=false returns while the namespace controller finishes.',
        '',
      ].join('\n'),
    );
    expect(run(previewPrune, { format: 'markdown', delete: true }).out).toBe(
      [
        '**preview prune** at 2025-03-10T12:00:00.000Z: 1 expired, 1 not expired',
        '',
        `- removed \`${old}\``,
        '',
      ].join('\n'),
    );
  });

  test('json: the whole result', () => {
    twoPreviews();
    const json = JSON.parse(run(previewPrune, { format: 'json' }).out);
    expect(json.mode).toBe('plan');
    expect(json.commands).toEqual(['kubectl delete namespace shop-preview-pr-1 --wait=false']);
    expect(json.kept.map((p: { name: string }) => p.name)).toEqual(['pr-2']);
  });

  test('an unreadable folder: reported, not pruned, exit code 1; the expired are still pruned', () => {
    const { old } = twoPreviews();
    const broken = writePreview(previews, 'pr-3', 'never');
    const { code, out } = run(previewPrune, { delete: true });
    expect(code).toBe(EXIT.error);
    expect(out).toContain(
      `# pr-3: ${broken} has Namespace shop-preview-pr-3 whose gke-platform/expires is "never", not an RFC 3339 timestamp; not pruned`,
    );
    expect([existsSync(old), existsSync(broken)]).toEqual([false, true]);
  });
});

describe('a wrong command line is a usage error', () => {
  test.each([
    [
      previewList,
      { now: 'yesterday' },
      [],
      '--now is "yesterday"; give an RFC 3339 timestamp such as 2025-03-01T12:00:00Z',
    ],
    [previewPrune, { format: 'yaml' }, [], '--format is "yaml"; use text, markdown, json'],
    [previewPrune, {}, ['pr-1'], "preview prune takes no argument 'pr-1'"],
  ] as const)('%#', (entry, options, args, message) => {
    expect(() => run(entry, options, [...args])).toThrow(new UsageError(message));
  });
});

describe('gke-platform preview list|prune', () => {
  test('the preview command runs them, with --out in the project folder', async () => {
    const { runCli } = await import('#lib/cli/cli');
    twoPreviews();
    let out = '';
    const io: CommandIo = {
      stdout: (text) => (out += text),
      stderr: () => undefined,
      cwd: join(dist, '..'),
      env: {},
      isTty: false,
    };
    const now = '2025-03-10T12:00:00Z';
    const project = ['--project', dist, '--out', '.', '--now', now];
    expect(await runCli(['preview', 'list', ...project, '--format', 'json'], io)).toBe(EXIT.ok);
    expect(JSON.parse(out).previews.map((p: { name: string }) => p.name)).toEqual(['pr-1', 'pr-2']);
    out = '';
    expect(await runCli(['preview', 'prune', ...project], io)).toBe(EXIT.ok);
    expect(out).toContain('kubectl delete namespace shop-preview-pr-1 --wait=false');
    expect(out).not.toContain('shop-preview-pr-2');
  });
});
