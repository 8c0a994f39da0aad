import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPreviews } from '#lib/preview/preview-list';
import { prunePreviews } from '#lib/preview/preview-prune';
import { parseTimestamp } from '#lib/platform/preview-labels';
import { freshDist, writePreview } from './preview-list-fixtures';

const NOW = new Date('2025-03-10T12:00:00Z');

let dist: string;
let previews: string;
beforeEach(() => ({ dist, previews } = freshDist()));
afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('listPreviews', () => {
  test('each folder: its Namespace, its expiry and whether that has passed, sorted by name', () => {
    const old = writePreview(previews, 'pr-7', '2025-03-01T09:30:00Z');
    const live = writePreview(previews, 'alice', '2025-03-17T12:00:00.000Z');
    expect(listPreviews(previews, NOW)).toEqual([
      {
        name: 'alice',
        folder: live,
        namespace: 'shop-preview-alice',
        expires: '2025-03-17T12:00:00.000Z',
        expired: false,
      },
      {
        name: 'pr-7',
        folder: old,
        namespace: 'shop-preview-pr-7',
        expires: '2025-03-01T09:30:00Z',
        expired: true,
      },
    ]);
  });

  test('a preview expires at its timestamp: a millisecond before it lives, at it it has expired', () => {
    writePreview(previews, 'pr-1', '2025-03-10T12:00:00Z');
    const at = (iso: string) => listPreviews(previews, new Date(iso))[0].expired;
    expect(at('2025-03-10T11:59:59.999Z')).toBe(false);
    expect(at('2025-03-10T12:00:00.000Z')).toBe(true);
  });

  test('an expiry with an offset is the same instant in UTC', () => {
    // 13:00 at +01:00 is 12:00 UTC.
    writePreview(previews, 'pr-2', '2025-03-10T13:00:00+01:00');
    expect(listPreviews(previews, new Date('2025-03-10T11:59:59Z'))[0].expired).toBe(false);
    expect(listPreviews(previews, NOW)[0].expired).toBe(true);
  });

  test('no previews folder, or an empty one, holds no previews', () => {
    expect(listPreviews(previews, NOW)).toEqual([]);
    expect(listPreviews(join(dist, 'nowhere'), NOW)).toEqual([]);
  });

  test("skips hidden entries and files: a writer's temporary folder, its lock", () => {
    mkdirSync(join(previews, '.pr-3.tmp'));
    writeFileSync(join(previews, '.gke-platform.lock'), '{}');
    writeFileSync(join(previews, 'README.md'), 'previews');
    writePreview(previews, 'pr-3', '2025-03-11T00:00:00Z');
    expect(listPreviews(previews, NOW).map((p) => p.name)).toEqual(['pr-3']);
  });

  test('a broken folder is listed with its problem, never expired, and the others are read', () => {
    writePreview(previews, 'pr-4', '2025-03-01T00:00:00Z');
    writePreview(previews, 'no-namespace', '', null);
    writePreview(
      previews,
      'no-expiry',
      '',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-preview-no-expiry\n  labels:\n    gke-platform/preview: no-expiry\n',
    );
    writePreview(previews, 'bad-expiry', 'next tuesday');
    writePreview(previews, 'feb-30', '2025-02-30T00:00:00Z');
    writePreview(
      previews,
      'renamed',
      '2025-03-01T00:00:00Z',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-preview-pr-9\n  labels:\n    gke-platform/preview: pr-9\n',
    );
    mkdirSync(join(previews, 'empty'));
    const bad = join(previews, 'bad-yaml');
    mkdirSync(bad);
    writeFileSync(join(bad, 'manifests.yaml'), 'kind: Namespace\n  metadata: [\n');
    const listed = listPreviews(previews, NOW);
    const problems = Object.fromEntries(listed.map((p) => [p.name, p.problem]));
    expect(problems).toEqual({
      'bad-expiry':
        'has Namespace shop-preview-bad-expiry whose gke-platform/expires is "next tuesday", not an RFC 3339 timestamp',
      'bad-yaml': expect.stringMatching(/^has manifests\.yaml, which is not valid YAML: /),
      empty: 'holds no manifest file (*.yaml, *.yml, *.json)',
      'feb-30':
        'has Namespace shop-preview-feb-30 whose gke-platform/expires is "2025-02-30T00:00:00Z", not an RFC 3339 timestamp',
      'no-expiry':
        'has Namespace shop-preview-no-expiry without the annotation gke-platform/expires',
      'no-namespace': 'holds no Namespace object',
      'pr-4': undefined,
      renamed:
        'has Namespace shop-preview-pr-9 labelled gke-platform/preview="pr-9", not \'renamed\'',
    });
    expect(listed.filter((p) => p.expired).map((p) => p.name)).toEqual(['pr-4']);
  });

  test('fails clearly when the folder is a file', () => {
    const file = join(dist, 'file');
    writeFileSync(file, '');
    expect(() => listPreviews(file, NOW)).toThrow(
      `gke-platform preview list: 'folder' is '${file}', a file and not a folder; give the output folder that holds previews/<name>/ (--out dist)`,
    );
  });
});

describe('prunePreviews', () => {
  function threePreviews() {
    return {
      old: writePreview(previews, 'pr-1', '2025-03-01T00:00:00Z'),
      limit: writePreview(previews, 'pr-2', '2025-03-10T12:00:00Z'),
      live: writePreview(previews, 'pr-3', '2025-03-10T12:00:01Z'),
      broken: writePreview(previews, 'pr-4', 'soon'),
    };
  }

  test('plan: one kubectl delete namespace per expired preview, nothing changed', () => {
    const folders = threePreviews();
    const result = prunePreviews(previews, NOW, { mode: 'plan' });
    expect(result.commands).toEqual([
      'kubectl delete namespace shop-preview-pr-1 --wait=false',
      'kubectl delete namespace shop-preview-pr-2 --wait=false',
    ]);
    expect(result.expired.map((p) => p.name)).toEqual(['pr-1', 'pr-2']);
    expect(result.kept.map((p) => p.name)).toEqual(['pr-3']);
    expect(result.problems.map((p) => p.name)).toEqual(['pr-4']);
    expect(result.removedFolders).toEqual([]);
    expect(result.now).toBe('2025-03-10T12:00:00.000Z');
    for (const folder of Object.values(folders)) expect(existsSync(folder)).toBe(true);
  });

  test('delete-folders: removes exactly the expired folders, keeps the live and the unreadable', () => {
    const folders = threePreviews();
    const result = prunePreviews(previews, NOW, { mode: 'delete-folders' });
    expect(result.removedFolders).toEqual([folders.old, folders.limit]);
    expect(result.commands).toEqual([]);
    expect(existsSync(folders.old)).toBe(false);
    expect(existsSync(folders.limit)).toBe(false);
    expect(existsSync(folders.live)).toBe(true);
    expect(existsSync(folders.broken)).toBe(true);
    // The writer's lock is released.
    expect(existsSync(join(previews, '.gke-platform.lock'))).toBe(false);
    // Pruning again finds nothing more to prune.
    expect(prunePreviews(previews, NOW, { mode: 'delete-folders' }).removedFolders).toEqual([]);
  });

  test('nothing to prune without a previews folder', () => {
    rmSync(previews, { recursive: true });
    for (const mode of ['plan', 'delete-folders'] as const) {
      const result = prunePreviews(previews, NOW, { mode });
      expect([result.expired, result.commands, result.removedFolders]).toEqual([[], [], []]);
    }
    expect(existsSync(previews)).toBe(false);
  });
});

describe('parseTimestamp', () => {
  test.each([
    '2025-03-10T12:00:00Z',
    '2025-03-10t12:00:00z',
    '2025-03-10T12:00:00.123456Z',
    '2025-03-10T13:00:00+01:00',
    '2024-02-29T00:00:00Z',
  ])('reads %s', (value) => expect(parseTimestamp(value)).toBeInstanceOf(Date));

  test.each([
    '2025-03-10',
    '2025-03-10 12:00:00Z',
    '2025-03-10T12:00:00',
    '2025-02-29T00:00:00Z',
    '2025-13-01T00:00:00Z',
    1741608000,
  ])('refuses %s', (value) => expect(parseTimestamp(value)).toBeUndefined());
});
