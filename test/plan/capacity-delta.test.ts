import {
  type CapacityPart,
  capacityDelta,
  capacityMarkdown,
  capacityText,
  type PricedPoolCapacity,
} from '#lib/plan/capacity-delta';
import type { PlanReport } from '#lib/plan/plan-report';
import { reportJson } from '#lib/plan/report-json';
import { reportMarkdown } from '#lib/plan/report-markdown';
import { reportText } from '#lib/plan/report-text';

/** One pool's line of a capacity plan, as planCapacity gives it. */
function pool(overrides: Partial<PricedPoolCapacity> = {}): PricedPoolCapacity {
  return {
    environment: 'prod',
    pool: 'general',
    machineType: 'e2-standard-4',
    zones: 3,
    minNodes: 1,
    maxNodes: 5,
    workloads: ['web'],
    nodesAtMin: 2,
    nodesAtMax: 4,
    nodesInRollout: 5,
    gpusAtMax: 0,
    findings: [],
    ...overrides,
  };
}

const WARNING = { severity: 'warning' as const, message: 'a rollout cannot surge' };

describe('capacityDelta', () => {
  it('leaves out the pools whose nodes and findings are the same', () => {
    // Nodes in a rollout and the workloads are not part of the delta.
    expect(
      capacityDelta([pool()], [pool({ nodesInRollout: 9, workloads: ['web', 'api'] })]),
    ).toEqual([]);
  });

  it('gives a pool whose nodes at min or at max change, before and after', () => {
    const delta = capacityDelta(
      [pool(), pool({ pool: 'spot' })],
      [pool({ nodesAtMax: 6 }), pool({ pool: 'spot', nodesAtMin: 3 })],
    );
    expect(delta).toEqual([
      {
        environment: 'prod',
        pool: 'general',
        before: { nodesAtMin: 2, nodesAtMax: 4, findings: [] },
        after: { nodesAtMin: 2, nodesAtMax: 6, findings: [] },
      },
      {
        environment: 'prod',
        pool: 'spot',
        before: { nodesAtMin: 2, nodesAtMax: 4, findings: [] },
        after: { nodesAtMin: 3, nodesAtMax: 4, findings: [] },
      },
    ]);
  });

  it('gives a pool whose findings change, even with the same nodes', () => {
    const delta = capacityDelta([pool()], [pool({ findings: [WARNING] })]);
    expect(delta).toHaveLength(1);
    expect(delta[0].after?.findings).toEqual([WARNING]);
  });

  it('matches pools by environment and name', () => {
    const delta = capacityDelta(
      [pool({ environment: 'dev' }), pool()],
      [pool(), pool({ environment: 'dev', nodesAtMax: 5 })],
    );
    expect(delta.map((d) => `${d.environment}/${d.pool}`)).toEqual(['dev/general']);
  });

  it('gives pools added (no before) and removed (no after), the removed last', () => {
    const delta = capacityDelta([pool({ pool: 'old' }), pool()], [pool(), pool({ pool: 'new' })]);
    expect(delta.map((d) => [d.pool, 'before' in d, 'after' in d])).toEqual([
      ['new', false, true],
      ['old', true, false],
    ]);
  });

  it('keeps the monthly estimates of each side', () => {
    const delta = capacityDelta(
      [pool({ monthlyAtMin: 100, monthlyAtMax: 200 })],
      [pool({ nodesAtMax: 6, monthlyAtMin: 100, monthlyAtMax: 300 })],
    );
    expect(delta[0].before).toMatchObject({ monthlyAtMin: 100, monthlyAtMax: 200 });
    expect(delta[0].after).toMatchObject({ monthlyAtMin: 100, monthlyAtMax: 300 });
  });
});

const ESTIMATE = { currency: 'USD', label: 'Estimate, list prices of 2025-01-01.' };

const DELTA: CapacityPart = {
  kind: 'delta',
  pools: capacityDelta(
    [pool({ monthlyAtMin: 100, monthlyAtMax: 200 }), pool({ pool: 'gpu', findings: [WARNING] })],
    [
      pool({ nodesAtMin: 3, nodesAtMax: 6, monthlyAtMin: 150, monthlyAtMax: 300 }),
      pool({ pool: 'gpu' }),
    ],
  ),
  estimate: ESTIMATE,
};

describe('capacityText', () => {
  it('gives each changed pool before → after, the monthly estimate and the findings that go', () => {
    expect(capacityText(DELTA)).toEqual([
      'Capacity (nodes the pods need, before → after)',
      '  prod/general: nodes at min 2 → 3, at max 4 → 6, a month 100.00 → 150.00 USD at min, 200.00 → 300.00 USD at max',
      '  prod/gpu: nodes at min 2, at max 4',
      '    - warning: a rollout cannot surge',
      '  Estimate, list prices of 2025-01-01.',
    ]);
  });

  it('names a new pool and a finding that appears; no money without an estimate', () => {
    const part: CapacityPart = {
      kind: 'delta',
      pools: capacityDelta([], [pool({ findings: [WARNING] })]),
    };
    expect(capacityText(part)).toEqual([
      'Capacity (nodes the pods need, before → after)',
      '  prod/general (new pool): nodes at min (none) → 2, at max (none) → 4',
      '    + warning: a rollout cannot surge',
    ]);
  });

  it('says when nothing changes, and why there is no delta', () => {
    expect(capacityText({ kind: 'delta', pools: [] })).toEqual([
      "Capacity: no pool's nodes or findings change",
    ]);
    expect(capacityText({ kind: 'none', reason: 'needs a git ref' })).toEqual([
      'Capacity: needs a git ref',
    ]);
  });
});

describe('capacityMarkdown', () => {
  it('lists each changed pool, its findings struck out or added, and the label', () => {
    expect(capacityMarkdown(DELTA)).toEqual([
      '**Capacity** (nodes the pods need, before → after)',
      '',
      '- prod/general: nodes at min 2 → 3, at max 4 → 6, a month 100.00 → 150.00 USD at min, 200.00 → 300.00 USD at max',
      '- prod/gpu: nodes at min 2, at max 4',
      '  - ➖ ~~warning: a rollout cannot surge~~',
      '',
      '_Estimate, list prices of 2025-01-01._',
    ]);
  });
});

describe('the plan reports', () => {
  const report = (capacity?: CapacityPart): PlanReport => ({
    base: { kind: 'git', ref: 'main', sha: 'a'.repeat(40) },
    environments: ['prod'],
    changes: [],
    ...(capacity ? { capacity } : {}),
  });
  const none: CapacityPart = {
    kind: 'none',
    reason: 'the capacity delta needs a git ref base',
  };

  it('text and markdown end with the capacity part', () => {
    expect(reportText(report(DELTA), false)).toContain(
      '\n\nCapacity (nodes the pods need, before → after)\n  prod/general: nodes at min 2 → 3',
    );
    expect(reportText(report(none), false).trimEnd().split('\n').at(-1)).toBe(
      'Capacity: the capacity delta needs a git ref base',
    );
    expect(reportMarkdown(report(DELTA))).toContain('\n\n**Capacity** (nodes the pods need');
    expect(reportText(report(), false)).not.toContain('Capacity');
  });

  it('json: capacity with its pools and estimate, or null with a reason, or absent', () => {
    const json = JSON.parse(reportJson(report(DELTA)));
    expect(json.capacity.estimate).toEqual(ESTIMATE);
    expect(json.capacity.pools[0]).toEqual({
      environment: 'prod',
      pool: 'general',
      before: { nodesAtMin: 2, nodesAtMax: 4, monthlyAtMin: 100, monthlyAtMax: 200, findings: [] },
      after: { nodesAtMin: 3, nodesAtMax: 6, monthlyAtMin: 150, monthlyAtMax: 300, findings: [] },
    });
    const folder = JSON.parse(reportJson(report(none)));
    expect(folder.capacity).toBeNull();
    expect(folder.capacityReason).toBe('the capacity delta needs a git ref base');
    expect(JSON.parse(reportJson(report()))).not.toHaveProperty('capacity');
  });
});
