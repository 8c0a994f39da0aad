/*
 * The capacity part of a plan: per environment and node pool, the nodes the pods need at
 * their least and most replicas (and their monthly estimate) before and after the change,
 * for the pools where that or the capacity findings change.
 */
import type { CapacityFinding, PoolCapacity } from '../capacity/capacity-plan';

/** One side of a pool's line: what the capacity plan says of it. */
export interface CapacitySide {
  /** Nodes the pods need at their least replicas. */
  readonly nodesAtMin: number;
  /** Nodes the pods need at their most replicas. */
  readonly nodesAtMax: number;
  /** The estimate a month at the least replicas (the pool's minimum at least), when priced. */
  readonly monthlyAtMin?: number;
  /** The estimate a month at the most replicas, when priced. */
  readonly monthlyAtMax?: number;
  readonly findings: readonly CapacityFinding[];
}

/** A pool whose capacity changes; `before` or `after` is absent for a pool added or removed. */
export interface PoolCapacityChange {
  readonly environment: string;
  readonly pool: string;
  readonly before?: CapacitySide;
  readonly after?: CapacitySide;
}

/** A pool of one side's capacity plan, with its monthly estimate where the prices gave one. */
export type PricedPoolCapacity = PoolCapacity & {
  readonly monthlyAtMin?: number;
  readonly monthlyAtMax?: number;
};

/** The capacity part of a plan, or why it has none. */
export type CapacityPart =
  | {
      readonly kind: 'delta';
      readonly pools: readonly PoolCapacityChange[];
      /** The currency and label of the monthly estimates, when there are any. */
      readonly estimate?: { readonly currency: string; readonly label: string };
    }
  | { readonly kind: 'none'; readonly reason: string };

const key = (p: { environment: string; pool: string }) => `${p.environment}\u0000${p.pool}`;

function side(p: PricedPoolCapacity): CapacitySide {
  return {
    nodesAtMin: p.nodesAtMin,
    nodesAtMax: p.nodesAtMax,
    ...(p.monthlyAtMin !== undefined ? { monthlyAtMin: p.monthlyAtMin } : {}),
    ...(p.monthlyAtMax !== undefined ? { monthlyAtMax: p.monthlyAtMax } : {}),
    findings: p.findings,
  };
}

const findingsText = (s: CapacitySide) =>
  s.findings.map((f) => `${f.severity}: ${f.message}`).join('\n');

/**
 * The pools whose nodes at min or at max, or whose findings, differ between the two plans,
 * and those only one plan has; in the after plan's order, then the pools removed.
 */
export function capacityDelta(
  before: readonly PricedPoolCapacity[],
  after: readonly PricedPoolCapacity[],
): PoolCapacityChange[] {
  const old = new Map(before.map((p) => [key(p), p]));
  const now = new Set(after.map(key));
  const changes: PoolCapacityChange[] = [];
  for (const p of after) {
    const was = old.get(key(p));
    const b = was && side(was);
    const a = side(p);
    if (
      b &&
      b.nodesAtMin === a.nodesAtMin &&
      b.nodesAtMax === a.nodesAtMax &&
      findingsText(b) === findingsText(a)
    )
      continue;
    changes.push({
      environment: p.environment,
      pool: p.pool,
      ...(b ? { before: b } : {}),
      after: a,
    });
  }
  for (const p of before)
    if (!now.has(key(p)))
      changes.push({ environment: p.environment, pool: p.pool, before: side(p) });
  return changes;
}

/** `2 → 3`, `(none) → 3`, or `2` when equal. */
function figures(
  before: number | undefined,
  after: number | undefined,
  show: (n: number) => string = String,
): string {
  const b = before === undefined ? '(none)' : show(before);
  const a = after === undefined ? '(none)' : show(after);
  return b === a ? a : `${b} → ${a}`;
}

/** One pool's change for people: its line, and the findings that go and that appear. */
interface PoolChangeText {
  /** `prod/general: nodes at min 2 → 3, at max 4 → 6, a month 146.00 → 219.00 USD at min, …` */
  readonly line: string;
  readonly gone: readonly string[];
  readonly added: readonly string[];
}

function poolChangeText(change: PoolCapacityChange, currency?: string): PoolChangeText {
  const { before: b, after: a } = change;
  const what = !b ? ' (new pool)' : !a ? ' (pool removed)' : '';
  const parts = [
    `nodes at min ${figures(b?.nodesAtMin, a?.nodesAtMin)}`,
    `at max ${figures(b?.nodesAtMax, a?.nodesAtMax)}`,
  ];
  const priced = [b?.monthlyAtMin, b?.monthlyAtMax, a?.monthlyAtMin, a?.monthlyAtMax].some(
    (m) => m !== undefined,
  );
  if (currency && priced) {
    const money = (n: number) => n.toFixed(2);
    parts.push(
      `a month ${figures(b?.monthlyAtMin, a?.monthlyAtMin, money)} ${currency} at min, ${figures(b?.monthlyAtMax, a?.monthlyAtMax, money)} ${currency} at max`,
    );
  }
  const texts = (s?: CapacitySide) =>
    s ? s.findings.map((f) => `${f.severity}: ${f.message}`) : [];
  return {
    line: `${change.environment}/${change.pool}${what}: ${parts.join(', ')}`,
    gone: texts(b).filter((f) => !texts(a).includes(f)),
    added: texts(a).filter((f) => !texts(b).includes(f)),
  };
}

/** The capacity part for a terminal: a heading, then each pool's lines (or why there are none). */
export function capacityText(part: CapacityPart): string[] {
  if (part.kind === 'none') return [`Capacity: ${part.reason}`];
  if (part.pools.length === 0) return ["Capacity: no pool's nodes or findings change"];
  return [
    'Capacity (nodes the pods need, before → after)',
    ...part.pools.flatMap((p) => {
      const t = poolChangeText(p, part.estimate?.currency);
      return [
        `  ${t.line}`,
        ...t.gone.map((f) => `    - ${f}`),
        ...t.added.map((f) => `    + ${f}`),
      ];
    }),
    ...(part.estimate ? [`  ${part.estimate.label}`] : []),
  ];
}

/** The capacity part as Markdown: a heading, a list, the estimate's label. */
export function capacityMarkdown(part: CapacityPart): string[] {
  if (part.kind === 'none') return [`**Capacity**: ${escape(part.reason)}`];
  if (part.pools.length === 0) return ["**Capacity**: no pool's nodes or findings change"];
  return [
    '**Capacity** (nodes the pods need, before → after)',
    '',
    ...part.pools.flatMap((p) => {
      const t = poolChangeText(p, part.estimate?.currency);
      return [
        `- ${escape(t.line)}`,
        ...t.gone.map((f) => `  - ➖ ~~${escape(f)}~~`),
        ...t.added.map((f) => `  - ➕ ${escape(f)}`),
      ];
    }),
    ...(part.estimate ? ['', `_${escape(part.estimate.label)}_`] : []),
  ];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
