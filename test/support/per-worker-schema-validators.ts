/**
 * lib/validate/schema-validators, loaded once per jest worker instead of once per test file
 * (jest.config.js maps lib/validate's `./schema-validators` here). Compiling the Kubernetes
 * validators is most of what a validating test file costs (1–5 s of Ajv code generation per
 * file); every file of a worker now reuses the validators the first one compiled. The
 * validators are the library's own, built by its own code; only their cache outlives a file.
 *
 * Outside `npm test`'s environment (test/support/environment.js) it is the module itself.
 */
import { join } from 'node:path';
import { KUBERNETES_VERSIONS } from '#lib/validate/schema-files';

type SchemaValidators = typeof import('#lib/validate/schema-validators');

const MODULE = join(__dirname, '..', '..', 'lib', 'validate', 'schema-validators.ts');
const perWorker = (globalThis as { __gkePlatformPerWorker?: Map<string, unknown> })
  .__gkePlatformPerWorker;

function load(): SchemaValidators {
  let loaded = perWorker?.get(MODULE) as SchemaValidators | undefined;
  if (loaded === undefined) {
    loaded = jest.requireActual<SchemaValidators>(MODULE);
    // Create each version's Ajv now, while this file's module registry can still load Ajv:
    // a later file's first use of a version must not load modules into a finished file's.
    for (const version of KUBERNETES_VERSIONS) loaded.schemaValidator('-/-', version);
    perWorker?.set(MODULE, loaded);
  }
  return loaded;
}

const shared = load();

export const schemaValidator: SchemaValidators['schemaValidator'] = (key, version) =>
  shared.schemaValidator(key, version);
export const knownKinds: SchemaValidators['knownKinds'] = (version) => shared.knownKinds(version);
