import * as fs from 'node:fs';
import * as path from 'node:path';

/** A Kubernetes version whose OpenAPI schema is vendored in schemas/. */
export type KubernetesVersion = '1.27' | '1.36';

/** Every vendored Kubernetes version, oldest first. */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.27', '1.36'];

/** A JSON schema, as plain data. */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

/** schemas/kubernetes-VERSION.json: definitions and the `apiVersion/kind` → definition map. */
export interface KubernetesSchemaFile {
  readonly source: string;
  readonly kubernetesVersion: KubernetesVersion;
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`) → definition name. */
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** schemas/gke.json: one JSON schema per GKE custom resource kind. */
export interface GkeSchemaFile {
  readonly source: string;
  /** `apiVersion/kind` (e.g. `cloud.google.com/v1/BackendConfig`) → schema. */
  readonly kinds: Readonly<Record<string, JsonSchema>>;
}

/** Polaris's severity levels. */
export type PolarisSeverity = 'danger' | 'warning' | 'ignore';

/** One Polaris check definition, as vendored from its YAML file. */
export interface PolarisCheckDefinition {
  readonly category?: string;
  readonly successMessage?: string;
  readonly failureMessage?: string;
  readonly target: string;
  readonly schemaTarget?: string;
  readonly controllers?: { readonly include?: string[]; readonly exclude?: string[] };
  readonly containers?: { readonly include?: string[]; readonly exclude?: string[] };
  readonly schema?: JsonSchema;
  readonly schemaString?: string;
  readonly additionalSchemaStrings?: Readonly<Record<string, string>>;
}

/** schemas/polaris.json: Polaris's checks and their default severities. */
export interface PolarisFile {
  readonly source: string;
  readonly severities: Readonly<Record<string, PolarisSeverity>>;
  readonly checks: Readonly<Record<string, PolarisCheckDefinition>>;
}

let directory: string | undefined;
const loaded = new Map<string, unknown>();

/**
 * The repository's (or installed package's) schemas/ folder: the first folder above this
 * module that holds both package.json and schemas/, so that it is found from lib/ under
 * ts-jest and from build/lib after `tsc`.
 */
export function schemasDirectory(): string {
  if (directory !== undefined) return directory;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'schemas');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) {
      directory = candidate;
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `gke-platform: no schemas/ folder next to a package.json above ${__dirname}; ` +
          'regenerate it with `node scripts/vendor-schemas.js`',
      );
    }
    dir = parent;
  }
}

function loadJson<T>(file: string): T {
  let value = loaded.get(file);
  if (value === undefined) {
    value = JSON.parse(fs.readFileSync(path.join(schemasDirectory(), file), 'utf8'));
    loaded.set(file, value);
  }
  return value as T;
}

/** The vendored OpenAPI definitions of one Kubernetes version (read once, then cached). */
export function kubernetesSchemaFile(version: KubernetesVersion): KubernetesSchemaFile {
  return loadJson(`kubernetes-${version}.json`);
}

/** The vendored GKE custom resource schemas (read once, then cached). */
export function gkeSchemaFile(): GkeSchemaFile {
  return loadJson('gke.json');
}

/** The vendored Polaris checks and severities (read once, then cached). */
export function polarisFile(): PolarisFile {
  return loadJson('polaris.json');
}
