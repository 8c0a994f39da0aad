import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { PlannedChange } from '#lib/plan/change';
import type { Obj } from '#lib/plan/network-policy-eval';
import { type EnvironmentObjects, planManifests } from '#lib/plan/plan-manifests';
import type { PlanReport } from '#lib/plan/plan-report';
import { PLAN_JSON_VERSION, reportJson } from '#lib/plan/report-json';
import { reportMarkdown } from '#lib/plan/report-markdown';
import { reportText } from '#lib/plan/report-text';

/** The example's objects per environment, as a YAML reader gets them. */
const example = (): EnvironmentObjects[] =>
  JSON.parse(JSON.stringify(synthesizePlatform(platform, defineShop))) as EnvironmentObjects[];

/** The example with `edit` applied to prod's objects. */
function editedProd(edit: (objects: Obj[]) => Obj[]): EnvironmentObjects[] {
  return example().map((e) =>
    e.environment === 'prod' ? { ...e, objects: edit([...e.objects]) } : e,
  );
}

const find = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

const base = example();
const summary = (changes: readonly PlannedChange[]) =>
  changes.map((c) => `${c.environment} ${c.risk} ${c.action} ${c.kind} ${c.name}`);

describe('the example, planned', () => {
  it('against itself: no change', () => {
    expect(planManifests(base, example())).toEqual([]);
  });

  it('with an image bump: disruptive, a restart only', () => {
    const head = editedProd((objects) => {
      find(objects, 'Deployment', 'storefront').spec.template.spec.containers[0].image += '-next';
      return objects;
    });
    const changes = planManifests(base, head);
    expect(summary(changes)).toEqual(['prod disruptive update Deployment shop-prod/storefront']);
    expect(changes[0].reasons).toEqual([
      'pod template changed: a rolling update restarts every pod of the Deployment',
    ]);
    expect(changes[0].fields).toEqual([
      {
        path: 'spec.template.spec.containers[storefront].image',
        before: 'europe-docker.pkg.dev/shop-artifacts/shop/storefront:1.8.2',
        after: 'europe-docker.pkg.dev/shop-artifacts/shop/storefront:1.8.2-next',
      },
    ]);
  });

  it("with a larger disk for redis: the StatefulSet's claim templates are immutable, so it is replaced", () => {
    const head = editedProd((objects) => {
      find(
        objects,
        'StatefulSet',
        'redis',
      ).spec.volumeClaimTemplates[0].spec.resources.requests.storage = '30Gi';
      return objects;
    });
    const changes = planManifests(base, head);
    expect(summary(changes)).toEqual(['prod replace replace StatefulSet shop-prod/redis']);
    expect(changes[0].reasons).toEqual([
      'spec.volumeClaimTemplates is immutable (apps validation ValidateStatefulSetUpdate): kubectl apply fails and the StatefulSet must be replaced; deleting and creating it stops every replica at once; its claims are kept and reattached by name',
    ]);
    expect(changes[0].fields).toEqual([
      {
        path: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
        before: '20Gi',
        after: '30Gi',
      },
    ]);
  });

  it('without redis, which has a disk: destructive', () => {
    const head = editedProd((objects) =>
      objects.filter((o) => !String(o.metadata.name).startsWith('redis')),
    );
    const changes = planManifests(base, head);
    const statefulSet = changes.find((c) => c.kind === 'StatefulSet')!;
    expect(statefulSet).toMatchObject({
      environment: 'prod',
      action: 'delete',
      risk: 'destructive',
    });
    expect(statefulSet.reasons[0]).toMatch(/^StatefulSet deleted: its replicas stop/);
    expect(changes.every((c) => c.environment === 'prod' && c.action === 'delete')).toBe(true);
  });

  describe('reports', () => {
    const head = editedProd((objects) => {
      find(objects, 'Deployment', 'storefront').spec.template.spec.containers[0].image += '-next';
      return objects.filter((o) => !String(o.metadata.name).startsWith('redis'));
    });
    const report: PlanReport = {
      base: { kind: 'git', ref: 'main', sha: 'a'.repeat(40) },
      environments: ['dev', 'staging', 'prod'],
      changes: planManifests(base, head),
    };

    it('JSON: the versioned shape, riskiest first', () => {
      const json = JSON.parse(reportJson(report));
      expect(Object.keys(json)).toEqual(['version', 'base', 'environments', 'changes']);
      expect(json.version).toBe(PLAN_JSON_VERSION);
      expect(json.base).toEqual({ kind: 'git', ref: 'main', sha: 'a'.repeat(40) });
      expect(json.environments[0]).toEqual({
        name: 'dev',
        counts: { safe: 0, disruptive: 0, replace: 0, destructive: 0 },
        worst: null,
      });
      const prod = json.environments.find((e: { name: string }) => e.name === 'prod');
      expect(prod.worst).toBe('destructive');
      expect(prod.counts.disruptive).toBeGreaterThanOrEqual(1);
      expect(json.changes[0].risk).toBe('destructive');
      expect(json.changes.at(-1).risk).not.toBe('destructive');
      expect(json.changes).toHaveLength(report.changes.length);
    });

    it('markdown: a summary table, then the changes of each environment in <details>', () => {
      const markdown = reportMarkdown(report);
      const lines = markdown.split('\n');
      expect(lines[0]).toBe('### gke-platform plan against `main (aaaaaaaaaaaa)`');
      const table = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
      expect(table[0]).toBe(
        '| environment | 🔴 destructive | 🟠 replace | 🟡 disruptive | 🟢 safe |',
      );
      expect(table.slice(1).map((l) => l.split('|')[1].trim())).toEqual(['dev', 'staging', 'prod']);
      expect(table[1]).toBe('| dev | 0 | 0 | 0 | 0 |');
      expect(markdown.match(/<details/g)).toHaveLength(1);
      expect(markdown).toContain('<details open><summary><b>prod</b>');
      expect(markdown).toContain('**destructive** delete `StatefulSet` `shop-prod/redis`');
      expect(markdown).toContain('spec.template.spec.containers[storefront].image:');
    });

    it('text: counts per environment, riskiest first, no colour unless asked', () => {
      const text = reportText(report, false);
      expect(text).not.toContain('\x1b[');
      expect(text).toMatch(/^ {2}dev: no change$/m);
      expect(text).toMatch(/^ {2}prod: 1 destructive, 2 disruptive, \d+ safe$/m);
      const first = text.split('\n').find((l) => /^[A-Z]+ /.test(l));
      expect(first).toMatch(/^DESTRUCTIVE prod /);
      expect(reportText(report, true)).toContain('\x1b[1;31mDESTRUCTIVE\x1b[0m');
    });
  });
});
