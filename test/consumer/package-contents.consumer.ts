/**
 * What `npm pack` ships: the compiled JavaScript and .d.ts of lib/ and imports/, the vendored
 * schemas, the legal and release files, and nothing of the repository's own development.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, run, tarball } from './support/package';

let files: string[];

beforeAll(() => {
  const r = run('tar -tzf (package contents)', 'tar', ['-tzf', tarball()], { cwd: ROOT });
  if (r.status !== 0) throw new Error(r.output);
  files = r.output
    .trim()
    .split('\n')
    .map((f) => f.replace(/^package\//, ''));
});

/** The repository's files under `dir` whose name ends with `ext`, relative to the root. */
function sources(dir: string, ext: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

describe('the packed tarball', () => {
  it('has the entry points named in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const named = [
      pkg.main,
      pkg.types,
      ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap(
        (e) => (typeof e === 'string' ? [e] : Object.values(e)),
      ),
      ...Object.values(pkg.typesVersions['*'] as Record<string, string[]>).flat(),
    ].map((f: string) => f.replace(/^\.\//, ''));
    for (const f of named) expect(files).toContain(f);
  });

  it('has the JavaScript and the .d.ts of every source file of lib/ and imports/', () => {
    for (const ts of [...sources('lib', '.ts'), ...sources('imports', '.ts')]) {
      const out = `build/${ts.replace(/\.ts$/, '')}`;
      expect(files).toContain(`${out}.js`);
      expect(files).toContain(`${out}.d.ts`);
    }
  });

  it('has the vendored schemas, the licence, the readme and the changelog', () => {
    for (const json of sources('schemas', '.json')) expect(files).toContain(json);
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'schemas/README.md']) {
      expect(files).toContain(f);
    }
  });

  it("ships nothing else: no sources, tests, example, benchmarks or build of apps/ (templates/project is `gke-platform init`'s, register.js the inner loop's require hook)", () => {
    const shipped =
      /^(build\/(lib|imports)\/.*\.(js|d\.ts)|schemas\/[^/]+\.(json|md)|templates\/project\/.+)$/;
    const top = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'register.js'];
    expect(files.filter((f) => !shipped.test(f) && !top.includes(f))).toEqual([]);
  });

  it('has no compiled file whose source is gone (prepack builds from an empty build/)', () => {
    const compiled = files.filter((f) => /^build\/(lib|imports)\//.test(f));
    const orphans = compiled.filter((f) => {
      const source = f.replace(/^build\//, '').replace(/(\.d\.ts|\.js)$/, '.ts');
      return !fs.existsSync(path.join(ROOT, source));
    });
    expect(orphans).toEqual([]);
  });
});
