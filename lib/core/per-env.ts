import { fail } from './errors';

/**
 * A value that is the same in every environment, or one value per environment.
 *
 * The per-environment form must name every environment: `{ dev: 1, prod: 3 }` on a platform
 * with a `staging` environment is a compile error, not a runtime surprise.
 *
 * @example
 * replicas: 2                              // every environment
 * replicas: { dev: 1, staging: 2, prod: 3 } // one per environment
 */
export type PerEnv<T, E extends string = string> = T | PerEnvMap<T, E>;

/** The per-environment form of {@link PerEnv}: exactly one value for each environment. */
export type PerEnvMap<T, E extends string = string> = { readonly [K in E]: T };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `value` is written in the per-environment form: a plain object whose keys are all
 * environment names. A value type with keys named like environments would be ambiguous;
 * none of this library's value types has such keys.
 */
export function isPerEnvMap<T>(
  value: PerEnv<T>,
  environments: readonly string[],
): value is PerEnvMap<T> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => environments.includes(key));
}

/**
 * The value of `value` for environment `env`.
 *
 * @throws a PlatformError naming `where` and `prop` when a per-environment map leaves `env`
 * out or names something that is not an environment (possible only from untyped code).
 */
export function resolvePerEnv<T>(
  value: PerEnv<T>,
  env: string,
  environments: readonly string[],
  where: string,
  prop: string,
): T {
  if (!isPerEnvMap(value, environments)) {
    const keys = isPlainObject(value) ? Object.keys(value) : [];
    const strays = keys.filter((key) => !environments.includes(key));
    if (strays.length > 0 && strays.length < keys.length) {
      fail(
        where,
        prop,
        `names ${strays.map((s) => `'${s}'`).join(', ')}, which is not an environment`,
        `give one value for all environments or one for each of ${environments.join(', ')}`,
      );
    }
    return value as T;
  }
  if (!(env in value)) {
    fail(
      where,
      prop,
      `has no value for environment '${env}'`,
      `give one value for all environments or one for each of ${environments.join(', ')}`,
    );
  }
  return (value as Record<string, T>)[env];
}
