import type { Risk } from './change';

/** What one rule found about a change: its risk, why, and whether the object is replaced. */
export interface Finding {
  readonly risk: Risk;
  /** What happens and what it costs. */
  readonly reason: string;
  /** An immutable field changed: `kubectl apply` fails, the object is deleted and created. */
  readonly replaces?: boolean;
}
