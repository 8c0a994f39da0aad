import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The new project's templates (templates/project/ of this package) and how they become files.
 * Templates stay valid TypeScript, JSON and YAML (they are linted as such) by naming their
 * values with `__key__` tokens:
 * - a file whose path holds `__environment__` is written once per environment;
 * - in any other file, a line that holds `__environment__` or `__environmentKey__` is repeated
 *   once per environment;
 * - a path segment that starts with one `_` starts with `.` instead (npm leaves `.gitignore`
 *   out of packages);
 * - in package.json, a version `__tested__` is the version this package is tested with (its
 *   own devDependencies).
 */

/** The values of one new project. */
export interface TemplateValues {
  readonly name: string;
  readonly environments: readonly string[];
  readonly region: string;
  readonly registry: {
    readonly location: string;
    readonly project: string;
    readonly repository: string;
  };
  /** Each environment's GCP project ID. */
  readonly projects: Readonly<Record<string, string>>;
}

/** This package's root folder (holds package.json), from the sources or from build/. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root with templates/ above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The files of the new project, by their path in it ('/'-separated), in a stable order. */
export function renderProject(values: TemplateValues): Map<string, string> {
  const root = packageRoot();
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  const templates = join(root, 'templates', 'project');
  const files = new Map<string, string>();
  for (const path of listFiles(templates)) {
    const text = readFileSync(join(templates, path), 'utf8');
    const target = path
      .split('/')
      .map((s) => s.replace(/^_(?!_)/, '.'))
      .join('/');
    if (target.includes('__environment__')) {
      for (const env of values.environments) {
        files.set(fill(target, values, env), fill(text, values, env));
      }
    } else {
      const lines = text
        .split('\n')
        .flatMap((line) =>
          /__environment(Key)?__/.test(line)
            ? values.environments.map((env) => fill(line, values, env))
            : [fill(line, values, undefined)],
        );
      let content = lines.join('\n');
      if (target === 'package.json') content = withVersions(content, own);
      files.set(target, content);
    }
  }
  return files;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(dir, path) : [path];
    });
}

function fill(text: string, v: TemplateValues, env: string | undefined): string {
  const tokens: Record<string, string> = {
    name: v.name,
    region: v.region,
    environments: v.environments.join(', '),
    registryLocation: v.registry.location,
    registryProject: v.registry.project,
    registryRepository: v.registry.repository,
  };
  if (env !== undefined) {
    tokens.environment = env;
    // A property name in TypeScript: quoted unless it is an identifier ('pre-prod').
    tokens.environmentKey = /^[a-z_$][a-z0-9_$]*$/i.test(env) ? env : `'${env}'`;
    tokens.project = v.projects[env];
  }
  return text.replace(/__([a-zA-Z]+)__/g, (token, key: string) => tokens[key] ?? token);
}

/** Fills the versions of the new project's package.json. */
function withVersions(
  text: string,
  own: { version: string; devDependencies: Record<string, string> },
): string {
  const pkg = JSON.parse(text) as Record<string, Record<string, string>>;
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, version] of Object.entries(pkg[field] ?? {})) {
      if (version === '__version__') pkg[field][name] = `^${own.version}`;
      if (version === '__tested__') {
        const tested = own.devDependencies[name];
        if (!tested)
          throw new Error(`templates/project/package.json: no tested version of ${name}`);
        pkg[field][name] = tested;
      }
    }
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
