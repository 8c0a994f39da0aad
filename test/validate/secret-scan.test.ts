import { ApiObject, JsonPatch } from 'cdk8s';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { KubernetesObject } from '#lib/k8s/kubernetes-object';
import { scanSecretMaterial } from '#lib/validate/secret-scan';
import { k8s } from '#lib/workloads/chart/kube';
import { WebService } from '#lib/workloads/web-service';
import { FAKE, pem } from '../support/fake-secrets';
import { chartFor, find, objectsOf } from '../support/synth';

const PLAIN = 'which would be written in plain text to dist/';
const CREDENTIAL = 'which looks like a credential and would be written in plain text to dist/';
const ALLOW = "or allow this one value with 'chart.allowPlaintext(value)'";
const KEEP = `keep it in a Secret and read it with 'secretEnv' or 'secretMounts', ${ALLOW}`;

/** `[field, problem, fix, rule]` of each problem, for exact comparison. */
const report = (objects: readonly KubernetesObject[], allowed?: ReadonlySet<string>) =>
  scanSecretMaterial(objects, allowed).map((p) => [p.field, p.problem, p.fix, p.rule]);

/** A web service whose Deployment gets `patch`, as an escape hatch would do it. */
function patched(...patches: JsonPatch[]) {
  const chart = chartFor('prod');
  const web = new WebService(chart, 'web', {
    image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
    port: 8080,
  });
  ApiObject.of(web.deployment).addJsonPatch(...patches);
  return { chart, objects: objectsOf(chart) };
}

describe('scanSecretMaterial', () => {
  it('finds nothing in the example platform, in any environment', () => {
    for (const { environment, objects } of synthesizePlatform(platform, defineShop)) {
      expect([environment, report(objects)]).toEqual([environment, []]);
    }
  });

  it('finds a token in a pod annotation, naming the object and the field', () => {
    const chart = chartFor('prod');
    new WebService(chart, 'web', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
      port: 8080,
      podAnnotations: { 'example.com/deploy-token': FAKE.gitlabPat },
      // Allowed by name where the construct checks it; the scan without allowances finds it.
      allowPlaintextSecrets: ['podAnnotations.example.com/deploy-token'],
    });
    const objects = objectsOf(chart);
    const [problem, ...rest] = scanSecretMaterial(objects);
    expect(rest).toEqual([]);
    expect(problem).toEqual({
      object: find(objects, 'Deployment', 'web'),
      field: 'spec.template.metadata.annotations["example.com/deploy-token"]',
      problem: `holds a GitLab token (glpat-…), ${PLAIN}`,
      fix: KEEP,
      rule: 'secret-scan/gitlab-token',
    });
    // Allowed for this chart, exactly this value passes.
    expect([...chart.allowedPlaintext]).toEqual([FAKE.gitlabPat]);
    expect(report(objects, chart.allowedPlaintext)).toEqual([]);
  });

  it('finds an env variable named like a credential, added with an escape hatch', () => {
    const { objects } = patched(
      JsonPatch.add('/spec/template/spec/containers/0/env', [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'REDIS_AUTH', value: 'hunter2' },
        { name: 'DATABASE_URL', value: 'postgres://app:hunter2@db/shop' },
      ]),
    );
    expect(report(objects)).toEqual([
      [
        'spec.template.spec.containers[0].env[1].value',
        `is the literal value of variable 'REDIS_AUTH', ${CREDENTIAL}`,
        `read it from a Secret with 'secretEnv', ${ALLOW}`,
        'secret-scan/credential-name',
      ],
      [
        'spec.template.spec.containers[0].env[2].value',
        `holds a password in a URL (postgres://app:…@db), ${PLAIN}`,
        `read it from a Secret with 'secretEnv', ${ALLOW}`,
        'secret-scan/url-password',
      ],
    ]);
  });

  it('finds secrets in args and command, by content and by flag name', () => {
    const { objects } = patched(
      JsonPatch.add('/spec/template/spec/containers/0/args', [
        '--token',
        'abc123',
        '--upstream',
        `https://${FAKE.githubPat}@github.com/acme/shop.git`,
      ]),
    );
    const fix = `read it from a Secret with 'secretEnv' and write '$(NAME)' in its place, which Kubernetes expands, ${ALLOW}`;
    expect(report(objects)).toEqual([
      [
        'spec.template.spec.containers[0].args[3]',
        `holds a GitHub token (ghp_…), ${PLAIN}`,
        fix,
        'secret-scan/github-token',
      ],
      [
        'spec.template.spec.containers[0].args[1]',
        `is the literal value of flag '--token', ${CREDENTIAL}`,
        fix,
        'secret-scan/credential-name',
      ],
    ]);
  });

  it('finds a credential in a probe header and in a probe command', () => {
    const { objects } = patched(
      JsonPatch.add('/spec/template/spec/containers/0/livenessProbe', {
        exec: { command: ['redis-cli', '--pass', 'hunter2', 'ping'] },
      }),
      JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/httpGet/httpHeaders', [
        { name: 'Host', value: 'shop.example.com' },
        { name: 'Authorization', value: 'Basic YWRtaW46aHVudGVyMg==' },
      ]),
    );
    expect(report(objects)).toEqual([
      [
        // Probe commands are not expanded: no '$(NAME)' advice here.
        'spec.template.spec.containers[0].livenessProbe.exec.command[2]',
        `is the literal value of flag '--pass', ${CREDENTIAL}`,
        KEEP,
        'secret-scan/credential-name',
      ],
      [
        'spec.template.spec.containers[0].readinessProbe.httpGet.httpHeaders[1].value',
        `is the literal value of header 'Authorization', ${CREDENTIAL}`,
        KEEP,
        'secret-scan/credential-name',
      ],
    ]);
  });

  it('finds private keys in ConfigMap data and binaryData, and a key id in a label', () => {
    const chart = chartFor('prod');
    new k8s.KubeConfigMap(chart, 'keys', {
      metadata: { name: 'keys', labels: { owner: FAKE.awsKeyId } },
      data: { 'tls.key': pem('EC PRIVATE KEY'), 'app.yaml': 'a: 1' },
      binaryData: { 'id.ppk': Buffer.from('PuTTY-User-Key-File-3: ssh-rsa\n').toString('base64') },
    });
    expect(report(objectsOf(chart))).toEqual([
      [
        'metadata.labels.owner',
        `holds an AWS access key id (AKIA…), ${PLAIN}`,
        KEEP,
        'secret-scan/aws-access-key-id',
      ],
      // In the order of the object's fields, as cdk8s writes them.
      [
        'binaryData["id.ppk"]',
        `holds a private key (PuTTY-User-Key-File-3: …), ${PLAIN}`,
        `keep the file in a Secret and mount it with 'secretMounts', ${ALLOW}`,
        'secret-scan/private-key',
      ],
      [
        'data["tls.key"]',
        `holds a private key (-----BEGIN EC PRIVATE KEY----- …), ${PLAIN}`,
        `keep the file in a Secret and mount it with 'secretMounts', ${ALLOW}`,
        'secret-scan/private-key',
      ],
    ]);
  });

  it("finds secrets in GKE objects' fields", () => {
    const backendConfig: KubernetesObject = {
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: { name: 'web' },
      spec: { customRequestHeaders: { headers: [`X-Goog-Api-Key:${FAKE.googleApiKey}`] } },
    };
    expect(report([backendConfig])).toEqual([
      [
        'spec.customRequestHeaders.headers[0]',
        `holds a Google API key (AIza…), ${PLAIN}`,
        KEEP,
        'secret-scan/google-api-key',
      ],
    ]);
  });

  it('refuses every value of a Secret object, unless allowed', () => {
    const secret: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: Buffer.from('hunter2').toString('base64'), empty: '' },
      stringData: { user: 'app' },
    };
    const fix = `create the Secret outside dist/ (kubectl, Secret Manager, External Secrets) and read it with 'secretEnv' or 'secretMounts', ${ALLOW}`;
    expect(report([secret])).toEqual([
      [
        'data.password',
        'is a value of a Secret, which would be written to dist/ in base64, which is not encryption',
        fix,
        'secret-scan/secret-object',
      ],
      ['stringData.user', `is a value of a Secret, ${PLAIN}`, fix, 'secret-scan/secret-object'],
    ]);
    expect(report([secret], new Set(['hunter2', 'app']))).toEqual([]);
  });

  it('lets through what containers allow, and nothing else', () => {
    const chart = chartFor('prod');
    const web = new WebService(chart, 'web', {
      image: 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3',
      port: 8080,
      env: { DB_PASS: 'hunter2', DATABASE_URL: 'postgres://app:hunter2@db/shop' },
      allowPlaintextSecrets: ['env.DB_PASS', 'env.DATABASE_URL'],
    });
    // An annotation added through an escape hatch, which no prop check sees.
    ApiObject.of(web.deployment).addJsonPatch(
      JsonPatch.add('/spec/template/metadata/annotations', {
        'example.com/url': 'postgres://app:other@db/shop',
      }),
    );
    expect([...chart.allowedPlaintext]).toEqual(['hunter2', 'postgres://app:hunter2@db/shop']);
    expect(report(objectsOf(chart), chart.allowedPlaintext)).toEqual([
      [
        'spec.template.metadata.annotations["example.com/url"]',
        `holds a password in a URL (postgres://app:…@db), ${PLAIN}`,
        KEEP,
        'secret-scan/url-password',
      ],
    ]);
  });
});
