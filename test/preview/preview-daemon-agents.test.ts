import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';

/*
 * A DaemonAgent runs once on every node of its environment's cluster: previews, on the base
 * environment's cluster, emit none of its objects; the base environment keeps them.
 */

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> } };
const time = new Date('2025-03-10T15:30:00Z');
const agentObjects = (objects: readonly unknown[]) =>
  (objects as Obj[])
    .filter((o) => o.metadata.name.endsWith('log-shipper'))
    .map((o) => `${o.kind}/${o.metadata.name}`);

describe('DaemonAgents in a preview', () => {
  test("the example's log shipper runs in dev, with its cluster role", () => {
    const [dev] = synthesizePlatform(platform, defineShop, { environments: ['dev'] });
    expect(agentObjects(dev.objects)).toEqual(
      expect.arrayContaining([
        'ServiceAccount/log-shipper',
        'DaemonSet/log-shipper',
        'ClusterRole/shop-dev-log-shipper',
        'ClusterRoleBinding/shop-dev-log-shipper',
      ]),
    );
  });

  test('a preview of dev emits no object of it: no DaemonSet, no cluster-wide role', () => {
    const [preview] = synthesizePlatform(platform, defineShop, {
      preview: 'alice',
      previewTime: time,
    });
    expect(agentObjects(preview.objects)).toEqual([]);
    const kinds = (preview.objects as Obj[]).map((o) => o.kind);
    expect(kinds).not.toContain('DaemonSet');
    expect(kinds).not.toContain('ClusterRole');
    expect(kinds).not.toContain('ClusterRoleBinding');
  });
});
