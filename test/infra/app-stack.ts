import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');

/**
 * The configuration of a committed stack file (`<project>/Pulumi.<stack>.yaml`, the
 * repository's own by default), as the Pulumi CLI hands
 * it to the program: every value a string, objects and lists as JSON.
 */
export function stackConfig(stack: string, project = '.'): Record<string, string> {
  const file = parse(readFileSync(join(ROOT, project, `Pulumi.${stack}.yaml`), 'utf8')) as {
    config: Record<string, unknown>;
  };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/**
 * Runs apps/infra.ts (or `program`, the fleet example's) with `config` under mocks in a fresh
 * module registry (so each stack gets its own program run), and returns the program's exports.
 */
export async function runProgram(
  config: Record<string, string>,
  program: 'example' | 'fleet' = 'example',
): Promise<ProgramRun> {
  let run: ProgramRun | undefined;
  await jest.isolateModulesAsync(async () => {
    const pulumi = await import('@pulumi/pulumi');
    const mocks = await import('./mocks');
    mocks.installMocks();
    pulumi.runtime.setAllConfig(config);
    const exports: Record<string, unknown> =
      program === 'fleet' ? await import('#apps/fleet/infra') : await import('#apps/infra');
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exports)) {
      outputs[key] = pulumi.Output.isInstance(value) ? await mocks.resolved(value) : value;
    }
    await quiesce(() => mocks.registered.length);
    run = {
      outputs,
      registered: mocks.registered,
      isSecret: (key) => pulumi.isSecret(exports[key] as never),
    };
  });
  if (!run) throw new Error('the program did not run');
  return run;
}

/** A program run: its resolved exports and the resources it registered. */
export interface ProgramRun {
  readonly outputs: Record<string, unknown>;
  readonly registered: readonly import('./mocks').Registered[];
  isSecret(key: string): Promise<boolean>;
}

/** Waits until the mocked engine has seen every resource (the count stops changing). */
export async function quiesce(count: () => number): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 5) {
    await new Promise((r) => setTimeout(r, 10));
    stable = count() === last ? stable + 1 : 0;
    last = count();
  }
}
