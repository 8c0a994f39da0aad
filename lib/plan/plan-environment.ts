import type { ChangeAction, PlannedChange, Risk } from './change';
import { diffFields } from './field-diff';
import type { Finding } from './finding';
import { lostConnections, type LostConnection } from './lost-connections';
import type { Obj } from './network-policy-eval';
import { namespacedName, objectKey } from './object-key';
import { deletionFindings, updateFindings } from './object-rules';
import { worse } from './risk';
import { foldVersionRelabels } from './version-relabels';

const UPDATED = ' updated in place';

/**
 * The planned changes of one environment; a workload's objects whose only change is their
 * version label are folded into the workload's change (see foldVersionRelabels).
 */
export function planEnvironment(
  environment: string,
  before: readonly Obj[],
  after: readonly Obj[],
): PlannedChange[] {
  const old = new Map(before.map((o) => [objectKey(o), o]));
  const now = new Map(after.map((o) => [objectKey(o), o]));
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  const changes = new Map<string, PlannedChange>();
  for (const key of keys) {
    const change = planObject(environment, old.get(key), now.get(key));
    if (change) changes.set(key, change);
  }
  for (const lost of lostConnections(before, after)) {
    const key = blamedObject(lost, changes, old, now);
    const reason = `NetworkPolicy now denies ${lost.from.name} → ${lost.to.name} on port ${lost.port}, which was allowed: those requests fail`;
    const change = key ? changes.get(key) : undefined;
    if (key && change) changes.set(key, withFinding(change, { risk: 'disruptive', reason }));
  }
  return foldVersionRelabels(
    [...changes].map(([key, change]) => ({ change, object: (now.get(key) ?? old.get(key))! })),
  );
}

/** One object's change, or undefined when it is the same on both sides. */
export function planObject(
  environment: string,
  before: Obj | undefined,
  after: Obj | undefined,
): PlannedChange | undefined {
  const object = (after ?? before)!;
  const fields = diffFields(before ?? {}, after ?? {});
  if (fields.length === 0) return undefined;
  const base = {
    environment,
    side: 'manifests' as const,
    kind: object.kind,
    name: namespacedName(object),
    fields,
  };
  if (!before)
    return { ...base, action: 'create', risk: 'safe', reasons: [`${object.kind} created`] };
  if (!after) {
    const findings = deletionFindings(before);
    return summarize(base, 'delete', findings, `${object.kind} deleted`);
  }
  const findings = updateFindings(before, after);
  const action = findings.some((f) => f.replaces) ? 'replace' : 'update';
  return summarize(base, action, findings, `${object.kind}${UPDATED}`);
}

function summarize(
  base: Omit<PlannedChange, 'action' | 'risk' | 'reasons'>,
  action: ChangeAction,
  findings: readonly Finding[],
  otherwise: string,
): PlannedChange {
  const risk = findings.reduce<Risk>((r, f) => worse(r, f.risk), 'safe');
  const reasons = findings.length > 0 ? findings.map((f) => f.reason) : [otherwise];
  return { ...base, action, risk, reasons };
}

/** The change with one more finding: its risk the worse of the two, its reason added. */
export function withFinding(change: PlannedChange, finding: Finding): PlannedChange {
  // The plain "updated in place" gives way to the reason found.
  const plain = change.reasons.filter((r) => !r.endsWith(UPDATED));
  return { ...change, risk: worse(change.risk, finding.risk), reasons: [...plain, finding.reason] };
}

/**
 * The changed object a lost connection is reported on: a changed NetworkPolicy of either
 * workload's namespace (the destination's first), else the destination's or the source's
 * own change (new pod labels can take a workload out of a policy's peers).
 */
function blamedObject(
  lost: LostConnection,
  changes: ReadonlyMap<string, PlannedChange>,
  old: ReadonlyMap<string, Obj>,
  now: ReadonlyMap<string, Obj>,
): string | undefined {
  const policy = (namespace: string) =>
    [...changes.keys()].find((key) => {
      const object = now.get(key) ?? old.get(key);
      return object?.kind === 'NetworkPolicy' && object.metadata?.namespace === namespace;
    });
  const workload = (name: string, namespace: string) =>
    [...changes.keys()].find((key) => {
      const object = now.get(key);
      return (
        object?.metadata?.name === name &&
        object.metadata?.namespace === namespace &&
        object.kind !== 'NetworkPolicy'
      );
    });
  return (
    policy(lost.to.namespace) ??
    policy(lost.from.namespace) ??
    workload(lost.to.name, lost.to.namespace) ??
    workload(lost.from.name, lost.from.namespace)
  );
}
