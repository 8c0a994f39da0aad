import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Include, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  definePlatform,
  type EnvironmentChart,
  PlatformError,
  synthesizePlatform,
} from 'gke-platform';

const platform = definePlatform({
  name: 'shop',
  environments: {
    dev: { nodePools: { general: { machineType: 'e2-standard-2' } } },
  },
});

type Obj = { kind: string; metadata: { name: string; namespace?: string } };

function synth(define: (chart: EnvironmentChart<'dev'>) => void): Obj[] {
  return synthesizePlatform(platform, define, { releases: '/nonexistent' })[0]
    .objects as unknown as Obj[];
}

function thrown(run: () => unknown): PlatformError {
  try {
    run();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

const byName = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('objects this library did not make, in an environment chart', () => {
  it("give a namespaced kind without a namespace the environment's: kplus.ConfigMap", () => {
    const objects = synth((chart) => {
      new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { a: 'b' } });
    });
    expect(byName(objects, 'ConfigMap', 'settings')?.metadata.namespace).toBe('shop-dev');
  });

  it('the same inside a construct of the user, for a bare ApiObject', () => {
    const objects = synth((chart) => {
      const team = new Construct(chart, 'team');
      new ApiObject(team, 'quota', {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'team-quota' },
        spec: { hard: { pods: '10' } },
      });
    });
    expect(byName(objects, 'ResourceQuota', 'team-quota')?.metadata.namespace).toBe('shop-dev');
  });

  it('leave cluster-scoped kinds without a namespace', () => {
    const objects = synth((chart) => {
      new ApiObject(chart, 'priority', {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'batch-low' },
        value: 100,
      });
    });
    expect(byName(objects, 'PriorityClass', 'batch-low')?.metadata.namespace).toBeUndefined();
  });

  it('give the objects of an Include of existing YAML the namespace', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gke-platform-include-'));
    const file = join(folder, 'existing.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\ndata:\n  mode: old\n',
    );
    const objects = synth((chart) => {
      new Include(chart, 'legacy', { url: file });
    });
    expect(byName(objects, 'ConfigMap', 'legacy')?.metadata.namespace).toBe('shop-dev');
  });

  it('give a kplus.Deployment and its pods the namespace', () => {
    const objects = synth((chart) => {
      new kplus.Deployment(chart, 'legacy-api', {
        metadata: { name: 'legacy-api' },
        containers: [
          {
            image: 'europe-docker.pkg.dev/shop/apps/api:1.0.0',
            portNumber: 8080,
            resources: {
              cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
              memory: {
                request: Size.mebibytes(128),
                limit: Size.mebibytes(256),
              },
            },
          },
        ],
      });
    });
    expect(byName(objects, 'Deployment', 'legacy-api')?.metadata.namespace).toBe('shop-dev');
  });

  it('refuse an explicit other namespace, naming the construct', () => {
    const error = thrown(() =>
      synth((chart) => {
        new kplus.ConfigMap(chart, 'settings', {
          metadata: { name: 'settings', namespace: 'kube-system' },
        });
      }),
    );
    expect(error.where).toBe("ConfigMap 'dev/settings'");
    expect(error.prop).toBe('metadata.namespace');
    expect(error.problem).toContain("is 'kube-system'");
    expect(error.fix).toContain('leave the namespace out');
  });

  it('run the semantic rules on them, naming the construct', () => {
    const error = thrown(() =>
      synth((chart) => {
        new ApiObject(chart, 'bad', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'Not_A_Name' },
        });
      }),
    );
    expect(error.where).toBe("ApiObject 'dev/bad'");
    expect(error.prop).toBe('ConfigMap metadata.name');
  });

  it('scan them for secret material', () => {
    const error = thrown(() =>
      synth((chart) => {
        new kplus.ConfigMap(chart, 'settings', {
          metadata: { name: 'settings' },
          data: {
            key: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
          },
        });
      }),
    );
    expect(error.where).toBe("ConfigMap 'dev/settings'");
  });
});
