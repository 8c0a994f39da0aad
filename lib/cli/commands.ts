import { capacityCommand } from './capacity-command';
import type { Command } from './command';
import { gitopsCommand } from './gitops-command';
import { graphCommand } from './graph-command';
import { helpCommand } from './help-command';
import { initCommand } from './init-command';
import { planCommand } from './plan-command';
import { previewCommand } from './preview-command';
import { releaseCommand } from './release-command';

/** The subcommands of `gke-platform`, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  planCommand,
  releaseCommand,
  previewCommand,
  graphCommand,
  capacityCommand,
  gitopsCommand,
  helpCommand,
];
