/**
 * The child process of {@link recordStackResources}: runs one Pulumi program under recording
 * mocks, offline, and prints what it registered as JSON on stdout. The parent sets the stack's
 * configuration in PULUMI_CONFIG (as the Pulumi CLI does) and the job in
 * GKE_PLATFORM_RECORD_JOB: `{ main, project, stack }`.
 */
import { createRequire } from 'node:module';
import type * as Pulumi from '@pulumi/pulumi';
import { installRecordingMocks } from './cluster-record-mocks';
import type { RegisteredResource } from './cluster-resource';

/** The job the parent hands over. */
export interface RecordJob {
  /** The program's entry file, absolute. */
  readonly main: string;
  readonly project: string;
  readonly stack: string;
}

/** The environment variable that carries the {@link RecordJob}. */
export const RECORD_JOB_ENV = 'GKE_PLATFORM_RECORD_JOB';

async function record(job: RecordJob): Promise<RegisteredResource[]> {
  // The program's own @pulumi/pulumi: mocks installed on another copy would see nothing.
  const programRequire = createRequire(job.main);
  let pulumi: typeof Pulumi;
  try {
    pulumi = programRequire('@pulumi/pulumi') as typeof Pulumi;
  } catch {
    throw new Error(`@pulumi/pulumi is not installed where ${job.main} runs: run npm install`);
  }
  const recorded = installRecordingMocks(pulumi, job.project, job.stack);
  const exports = programRequire(job.main) as Record<string, unknown>;
  await Promise.all(
    Object.values(exports ?? {})
      .filter((value) => pulumi.Output.isInstance(value))
      .map((value) => new Promise((resolve) => (value as Pulumi.Output<unknown>).apply(resolve))),
  );
  await settled(() => recorded.length);
  return recorded;
}

/** Waits until no resource has been registered for a while (outputs chain registrations). */
async function settled(count: () => number): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 10) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stable = count() === last ? stable + 1 : 0;
    last = count();
  }
}

const job = JSON.parse(process.env[RECORD_JOB_ENV] ?? 'null') as RecordJob | null;
if (job) {
  record(job).then(
    (resources) => process.stdout.write(JSON.stringify(resources)),
    (error: unknown) => {
      // The program's own error, as Pulumi would print it: the message is what matters.
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
