import { type PlannedChange, type Risk, RISKS } from './change';

/** The worse of two risks. */
export function worse(a: Risk, b: Risk): Risk {
  return RISKS.indexOf(a) >= RISKS.indexOf(b) ? a : b;
}

/** Whether `risk` is `threshold` or worse. */
export function atLeast(risk: Risk, threshold: Risk): boolean {
  return RISKS.indexOf(risk) >= RISKS.indexOf(threshold);
}

/** Changes riskiest first, then by environment, cluster, side, kind and name (a stable report). */
export function riskiestFirst(changes: readonly PlannedChange[]): PlannedChange[] {
  return [...changes].sort(
    (a, b) =>
      RISKS.indexOf(b.risk) - RISKS.indexOf(a.risk) ||
      a.environment.localeCompare(b.environment) ||
      (a.cluster ?? '').localeCompare(b.cluster ?? '') ||
      a.side.localeCompare(b.side) ||
      a.kind.localeCompare(b.kind) ||
      a.name.localeCompare(b.name),
  );
}
