/**
 * A synth that finds several problems reports every one, each naming its construct and prop,
 * and the error carries no library stack frames (what Node prints for an uncaught error).
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { PlatformError, synthesizePlatform, WebService } from 'gke-platform';
import { testPlatform } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.0.0';

/** Two WebServices whose Deployments get a label key the API server refuses. */
function synthWithTwoBadLabels(): void {
  synthesizePlatform(
    testPlatform,
    (chart) => {
      for (const name of ['web', 'api']) {
        const service = new WebService(chart, name, { image, port: 8080 });
        ApiObject.of(service.deployment).addJsonPatch(
          JsonPatch.add('/metadata/labels/bad key', 'x'),
        );
      }
    },
    { environments: ['prod'] },
  );
}

function caught(f: () => void): PlatformError {
  try {
    f();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('a synth with several problems', () => {
  it('reports each of them, one per line', () => {
    const error = caught(synthWithTwoBadLabels);
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^WebService 'prod\/web': 'Deployment metadata\.labels/);
    expect(lines[1]).toMatch(/^WebService 'prod\/api': 'Deployment metadata\.labels/);
    expect(error.more).toHaveLength(1);
    expect(error.more[0].where).toBe("WebService 'prod/api'");
  });

  it("keeps the first problem in the error's own fields", () => {
    const error = caught(synthWithTwoBadLabels);
    expect(error.where).toBe("WebService 'prod/web'");
    expect(error.message.startsWith(`${error.where}: '${error.prop}' ${error.problem}; `)).toBe(
      true,
    );
  });

  it('has no stack frames, only its message', () => {
    const error = caught(synthWithTwoBadLabels);
    expect(error.stack).toBe(`PlatformError: ${error.message}`);
    expect(error.stack).not.toMatch(/\n\s+at /);
  });
});
