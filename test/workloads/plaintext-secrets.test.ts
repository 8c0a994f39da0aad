import { scanSecretMaterial } from '#lib/validate/secret-scan';
import { CronTask } from '#lib/workloads/cron-task';
import { DaemonAgent } from '#lib/workloads/daemon-agent';
import { Schedule } from '#lib/workloads/batch/schedule';
import type { EnvironmentChart } from '#lib/workloads/chart/environment-chart';
import { WebService, type WebServiceProps } from '#lib/workloads/web-service';
import { FAKE, pem } from '../support/fake-secrets';
import { chartFor, find, type K8sObject, objectsOf, podSpec, type TestEnv } from '../support/synth';

const image = 'europe-docker.pkg.dev/acme-artifacts/apps/web:1.2.3';

function synth(props: Partial<WebServiceProps<TestEnv>>, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  new WebService(chart, 'web', { image, port: 8080, ...props });
  return { chart, objects: objectsOf(chart) };
}

const container = (objects: K8sObject[], i = 0) =>
  podSpec(find(objects, 'Deployment', 'web')).containers[i];

/** The problems the output scan finds, with and without the chart's allowances. */
const scan = (chart: EnvironmentChart<TestEnv>, objects: K8sObject[]) => ({
  allowed: scanSecretMaterial(objects, chart.allowedPlaintext),
  unallowed: scanSecretMaterial(objects).map((p) => `${p.field} ${p.problem}`),
});

const PLAIN = 'which would be written in plain text to dist/';
const CREDENTIAL = 'which looks like a credential and would be written in plain text to dist/';
const allow = (prop: string) => `allow this one value with 'allowPlaintextSecrets: ["${prop}"]'`;
const fromSecret = (name: string) =>
  `read it from a Secret with 'secretEnv: { ${name}: { secret: "…", key: "…" } }'`;
const viaVariable =
  "read it from a Secret with 'secretEnv' and write '$(NAME)' in its place, which Kubernetes expands";

describe('plaintext secrets in container props', () => {
  const refused: [string, Partial<WebServiceProps<TestEnv>>, string][] = [
    [
      'a credential-like env name',
      { env: { DB_PASS: 'hunter2' } },
      `'env.DB_PASS' looks like a credential and would be written in plain text to dist/; ${fromSecret('DB_PASS')}, or ${allow('env.DB_PASS')}`,
    ],
    [
      'a password in an env URL',
      { env: { DATABASE_URL: 'postgres://u:p@h/db' } },
      `'env.DATABASE_URL' holds a password in a URL (postgres://u:…@h), ${PLAIN}; ${fromSecret('DATABASE_URL')}, or ${allow('env.DATABASE_URL')}`,
    ],
    [
      'a token in an env value under a harmless name',
      { env: { GIT_REMOTE_HEADER: `Authorization: token ${FAKE.githubPat}` } },
      `'env.GIT_REMOTE_HEADER' holds a GitHub token (ghp_…), ${PLAIN}; ${fromSecret('GIT_REMOTE_HEADER')}, or ${allow('env.GIT_REMOTE_HEADER')}`,
    ],
    [
      'a private key in a config file',
      { configFiles: { '/etc/app/dev.pem': pem('RSA PRIVATE KEY') } },
      `'configFiles./etc/app/dev.pem' holds a private key (-----BEGIN RSA PRIVATE KEY----- …), ${PLAIN}; keep the file in a Secret and mount it with 'secretMounts: { "/etc/app": "…" }', or ${allow('configFiles./etc/app/dev.pem')}`,
    ],
    [
      'a service account key as a config file',
      { configFiles: { '/var/secrets/google/key.json': FAKE.serviceAccountJson } },
      `'configFiles./var/secrets/google/key.json' holds a Google credentials file ("type": "service_account" …), ${PLAIN}; keep the file in a Secret and mount it with 'secretMounts: { "/var/secrets/google": "…" }', or ${allow('configFiles./var/secrets/google/key.json')}`,
    ],
    [
      'a token in args',
      { args: ['--repo', FAKE.githubPat] },
      `'args' holds a GitHub token (ghp_…) at [1], ${PLAIN}; ${viaVariable}, or ${allow('args')}`,
    ],
    [
      'a credential flag in args',
      { args: ['--db-password', 'hunter2'] },
      `'args' sets '--db-password' to a literal value at [1], which looks like a credential and would be written in plain text to dist/; ${viaVariable}, or ${allow('args')}`,
    ],
    [
      'a credential flag with = in command',
      { command: ['/app/server', '--api-key=abc123'] },
      `'command' sets '--api-key' to a literal value at [1], which looks like a credential and would be written in plain text to dist/; ${viaVariable}, or ${allow('command')}`,
    ],
    [
      'a password in an exec health check',
      {
        health: {
          type: 'exec',
          command: ['redis-cli', '-u', 'redis://:pw@localhost:6379', 'ping'],
        },
      },
      `'health.command' holds a password in a URL (redis://:…@localhost:6379) at [2], ${PLAIN}; read it from a Secret with 'secretEnv' and let a shell expand it (['sh', '-c', '… "$NAME" …']), or ${allow('health.command')}`,
    ],
    [
      'a password assigned in a config file',
      { configFiles: { '/etc/app/app.yaml': 'db:\n  host: db\n  password: hunter2\n' } },
      `'configFiles./etc/app/app.yaml' sets 'password' to a literal value on line 3, ${CREDENTIAL}; keep the file in a Secret and mount it with 'secretMounts: { "/etc/app": "…" }', or ${allow('configFiles./etc/app/app.yaml')}`,
    ],
    [
      'an API key in a JSON config file',
      { configFiles: { '/etc/app/app.json': '{"region":"eu","apiKey":"k-123"}' } },
      `'configFiles./etc/app/app.json' sets 'apiKey' to a literal value, ${CREDENTIAL}; keep the file in a Secret and mount it with 'secretMounts: { "/etc/app": "…" }', or ${allow('configFiles./etc/app/app.json')}`,
    ],
    [
      'a credential in a pod annotation',
      { podAnnotations: { 'example.com/config': '{"token": "abc123"}' } },
      `'podAnnotations.example.com/config' sets 'token' to a literal value, ${CREDENTIAL}; keep it in a Secret and let the app read it from a file or variable, or ${allow('podAnnotations.example.com/config')}`,
    ],
    [
      'a bearer token in args',
      { args: ['-H', 'Authorization: Bearer abc123def456'] },
      `'args' sets 'Authorization' to a literal value at [1], ${CREDENTIAL}; ${viaVariable}, or ${allow('args')}`,
    ],
    [
      'a key header in an exec health check',
      {
        health: {
          type: 'exec',
          command: ['sh', '-c', 'curl -fsH "X-Api-Key: abc123" localhost:8080/healthz'],
        },
      },
      `'health.command' sets 'X-Api-Key' to a literal value at [2], ${CREDENTIAL}; read it from a Secret with 'secretEnv' and let a shell expand it (['sh', '-c', '… "$NAME" …']), or ${allow('health.command')}`,
    ],
    [
      'an access key under its own name',
      { env: { S3_ACCESS_KEY: 'minio-admin-key' } },
      `'env.S3_ACCESS_KEY' ${CREDENTIAL.replace('which ', '')}; ${fromSecret('S3_ACCESS_KEY')}, or ${allow('env.S3_ACCESS_KEY')}`,
    ],
    [
      'a Cloud Storage HMAC access ID under a harmless name',
      { env: { STORAGE_ID: FAKE.gcsHmacAccessId } },
      `'env.STORAGE_ID' holds a Cloud Storage HMAC access ID (GOOG…), ${PLAIN}; ${fromSecret('STORAGE_ID')}, or ${allow('env.STORAGE_ID')}`,
    ],
  ];

  it.each(refused)('fails on %s, naming the prop and the opt-in', (_, props, message) => {
    expect(() => synth(props)).toThrow(`WebService 'prod/web': ${message}`);
  });

  it.each(refused)('lets %s through when allowPlaintextSecrets names it', (_, props, message) => {
    const prop = /^'([^']+)'/.exec(message)![1];
    const { chart, objects } = synth({ ...props, allowPlaintextSecrets: [prop] });
    // The chart lets exactly these values through the scan of the output, and no others.
    const { allowed, unallowed } = scan(chart, objects);
    expect(allowed).toEqual([]);
    expect(unallowed).not.toEqual([]);
  });

  it.each([
    ['DB_PASS'],
    ['DB_PASSWORD'],
    ['dbPassword'],
    ['MYSQLPASSWORD'],
    ['MYSQL_PWD'],
    ['SMTP_PASS'],
    ['GPG_PASSPHRASE'],
    ['REDIS_AUTH'],
    ['BASIC_AUTH'],
    ['AUTHORIZATION'],
    ['JWT_SIGNING_KEY'],
    ['SECRET_KEY_BASE'],
    ['CLIENT_SECRET'],
    ['OAUTH_CLIENT_SECRET'],
    ['API_KEY'],
    ['apiKey'],
    ['STRIPE_APIKEY'],
    ['GITHUB_TOKEN'],
    ['HF_TOKEN'],
    ['SLACK_BOTTOKEN'],
    ['AWS_SECRET_ACCESS_KEY'],
    ['ENCRYPTION_KEY'],
    ['NEW_RELIC_LICENSE_KEY'],
    ['TLS_PRIVATE_KEY'],
    ['DOCKER_CREDENTIALS'],
    ['NPM_CREDS'],
  ])('fails on a literal %s', (name) => {
    expect(() => synth({ env: { [name]: 'abc123' } })).toThrow(
      `'env.${name}' looks like a credential`,
    );
  });

  it.each([
    ['PASSWORD_FILE', '/run/secrets/db'],
    ['TOKEN_TTL_SECONDS', '3600'],
    ['AUTH_URL', 'https://accounts.google.com'],
    ['SECRET_NAME', 'db-creds'],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/key.json'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['SESSION_SECRET_PATH', '/etc/app/session'],
    ['JWT_SIGNING_KEY_FILE', '/var/run/keys/jwt'],
    ['AUTH_ENABLED', 'true'],
    ['DISABLE_AUTH', 'true'],
    ['REDIS_AUTH', ''],
    ['API_KEY', '$(API_KEY_FROM_SECRET)'],
    ['AUTHOR', 'ops@example.com'],
    ['OAUTH_CLIENT_ID', '123-abc.apps.googleusercontent.com'],
    ['TOKENIZERS_PARALLELISM', 'false'],
    ['PASSENGER_APP_ENV', 'production'],
    ['BYPASS_CACHE', '1'],
    ['CACHE_KEY_PREFIX', 'shop:'],
    ['PUBLIC_KEY_URL', 'https://example.com/.well-known/jwks.json'],
    ['AWS_REGION', 'eu-west-1'],
    ['DATABASE_URL', 'postgres://app@db.internal/shop'],
    ['DATABASE_URL', 'postgres://app:$(DB_PASSWORD)@db.internal/shop'],
    [
      'IMAGE',
      'europe-docker.pkg.dev/acme-artifacts/apps/web@sha256:' + '0123456789abcdef'.repeat(4),
    ],
  ])('accepts %s=%s', (name, value) => {
    const { chart, objects } = synth({ env: { [name]: value } });
    expect(container(objects).env).toEqual([{ name, value }]);
    expect(scanSecretMaterial(objects, chart.allowedPlaintext)).toEqual([]);
  });

  it('accepts a secretEnv reference to any name, and flags that point to files', () => {
    const { objects } = synth({
      secretEnv: { DB_PASSWORD: { secret: 'db', key: 'password' } },
      args: ['--password-file', '/run/secrets/db', '--token-ttl', '3600', '--auth', 'none'],
      command: ['/app/server', '--api-key=$(API_KEY)'],
      configFiles: { '/etc/app/app.yaml': 'database:\n  password_file: /run/secrets/db\n' },
    });
    expect(scanSecretMaterial(objects)).toEqual([]);
  });

  it('accepts config files, command lines, variables and annotations that only point at secrets', () => {
    const nginx = [
      'location / {',
      '  auth_basic "Restricted";',
      '  auth_basic_user_file /etc/nginx/htpasswd;',
      '  proxy_set_header Authorization $http_authorization;',
      '  proxy_pass http://127.0.0.1:8080;',
      '}',
      'location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; }',
    ].join('\n');
    const app = [
      'db:',
      '  password_file: /etc/secret/x',
      '  password:',
      '    fromEnv: DB_PASSWORD',
      'api:',
      '  token: ${API_TOKEN}',
      '  secretName: api-creds',
      '  token_ttl: 3600',
      'auth:',
      '  type: basic',
      'smtp:',
      `  password: '{{ env "SMTP_PASSWORD" }}'`,
      'note: |',
      '  Forgot your password: ask ops.',
    ].join('\n');
    const { chart, objects } = synth({
      configFiles: {
        '/etc/nginx/conf.d/default.conf': nginx,
        '/etc/app/app.yaml': app,
        '/etc/postgresql/extra.conf': 'password_encryption = scram-sha-256\n',
        '/etc/grafana/grafana.ini': '[security]\nadmin_password = $__file{/etc/secrets/admin}\n',
      },
      args: ['sh', '-c', 'curl -H "Authorization: Bearer $TOKEN" http://api/'],
      command: ['/app/client', '--header', 'Authorization: Bearer $(API_TOKEN)'],
      env: { AUTHORIZATION: 'Bearer $(API_TOKEN)', PASSWORD_HASH: '$2b$12$abcdefghijklmnopqrstuv' },
      podAnnotations: {
        'checksum/secret': '0123456789abcdef'.repeat(4),
        'vault.hashicorp.com/agent-inject-template-db':
          '{{- with secret "db/creds" -}}{{ .Data.password }}{{- end }}',
        'prometheus.io/path': '/metrics',
      },
    });
    expect(container(objects).args[2]).toContain('$TOKEN');
    expect(scanSecretMaterial(objects, chart.allowedPlaintext)).toEqual([]);
    expect([...chart.allowedPlaintext]).toEqual([]);
  });

  it("checks a DaemonAgent's config files, also in the two-word form of fluent-bit and Redis", () => {
    const agent = (conf: string) => {
      const chart = chartFor('prod');
      new DaemonAgent(chart, 'agent', {
        image,
        configFiles: { '/fluent-bit/etc/fluent-bit.conf': conf },
      });
      return objectsOf(chart);
    };
    const output = '[OUTPUT]\n    Name  es\n    HTTP_User shipper\n';
    expect(() => agent(`${output}    HTTP_Passwd hunter2\n`)).toThrow(
      `DaemonAgent 'prod/agent': 'configFiles./fluent-bit/etc/fluent-bit.conf' sets 'HTTP_Passwd' to a literal value on line 4, ${CREDENTIAL}`,
    );
    expect(() => agent('requirepass foobared\n')).toThrow(
      `'configFiles./fluent-bit/etc/fluent-bit.conf' sets 'requirepass' to a literal value on line 1`,
    );
    expect(scanSecretMaterial(agent(`${output}    HTTP_Passwd \${ES_PASSWORD}\n`))).toEqual([]);
  });

  it('takes the allowance per environment', () => {
    const props: Partial<WebServiceProps<TestEnv>> = {
      env: {
        DATABASE_URL: { dev: 'postgres://dev:dev@localhost/shop', prod: 'postgres://db/shop' },
      },
      allowPlaintextSecrets: { dev: ['env.DATABASE_URL'], prod: [] },
    };
    const dev = synth(props, 'dev');
    expect([...dev.chart.allowedPlaintext]).toEqual(['postgres://dev:dev@localhost/shop']);
    const prod = synth(props, 'prod');
    expect([...prod.chart.allowedPlaintext]).toEqual([]);
    expect(() => synth({ ...props, allowPlaintextSecrets: { dev: [], prod: [] } }, 'dev')).toThrow(
      "WebService 'dev/web': 'env.DATABASE_URL' holds a password in a URL (postgres://dev:…@localhost)",
    );
  });

  it('checks sidecars and init containers with their own allowance', () => {
    const sidecar = { name: 'proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0' };
    expect(() => synth({ sidecars: [{ ...sidecar, env: { API_KEY: 'k' } }] })).toThrow(
      `WebService 'prod/web' sidecars 'proxy': 'env.API_KEY' looks like a credential and would be written in plain text to dist/; ${fromSecret('API_KEY')}, or ${allow('env.API_KEY')}`,
    );
    expect(() =>
      synth({ initContainers: [{ ...sidecar, name: 'init', args: [FAKE.npm] }] }),
    ).toThrow(
      `WebService 'prod/web' initContainers 'init': 'args' holds an npm token (npm_…) at [0]`,
    );
    // The main container's allowance does not cover a sidecar.
    expect(() =>
      synth({
        env: { API_KEY: 'k' },
        allowPlaintextSecrets: ['env.API_KEY'],
        sidecars: [{ ...sidecar, env: { API_KEY: 'k2' } }],
      }),
    ).toThrow(`WebService 'prod/web' sidecars 'proxy': 'env.API_KEY' looks like a credential`);
    const { chart } = synth({
      sidecars: [{ ...sidecar, env: { API_KEY: 'k2' }, allowPlaintextSecrets: ['env.API_KEY'] }],
    });
    expect([...chart.allowedPlaintext]).toEqual(['k2']);
  });

  it('checks every kind of workload: a CronTask', () => {
    const chart = chartFor('prod');
    expect(
      () =>
        new CronTask(chart, 'job', {
          image,
          schedule: Schedule.hourly(),
          env: { SLACK_WEBHOOK: FAKE.slackWebhook },
        }),
    ).toThrow(
      `CronTask 'prod/job': 'env.SLACK_WEBHOOK' holds a Slack webhook URL (hooks.slack.com/services/…), ${PLAIN}; ${fromSecret('SLACK_WEBHOOK')}, or ${allow('env.SLACK_WEBHOOK')}`,
    );
  });

  it('fails on an allowance that names no literal value of the container', () => {
    expect(() => synth({ env: { DB_PASS: 'x' }, allowPlaintextSecrets: ['env.DB_PAS'] })).toThrow(
      "WebService 'prod/web': 'allowPlaintextSecrets' names 'env.DB_PAS', which is no literal value of this container; name one of 'env.DB_PASS'",
    );
    expect(() =>
      synth({
        secretEnv: { DB_PASS: { secret: 'db', key: 'password' } },
        allowPlaintextSecrets: ['secretEnv.DB_PASS'],
      }),
    ).toThrow(
      "WebService 'prod/web': 'allowPlaintextSecrets' names 'secretEnv.DB_PASS', which is no literal value of this container; name a literal value of the container, e.g. 'env.DB_PASS', 'configFiles./etc/app/key.pem' or 'args'",
    );
  });

  it('fails on the former boolean allowPlaintextSecretEnv, saying what to write instead', () => {
    // A compile error in TypeScript; JavaScript callers and casts get this.
    const legacy = { allowPlaintextSecretEnv: true } as Partial<WebServiceProps<TestEnv>>;
    expect(() => synth({ ...legacy, env: { API_TOKEN: 'x', DB_PASS: 'y', MODE: 'z' } })).toThrow(
      `WebService 'prod/web': 'allowPlaintextSecretEnv' is no longer supported: 'allowPlaintextSecrets' names each value that may be written in plain text; write 'allowPlaintextSecrets: ["env.API_TOKEN", "env.DB_PASS"]' instead`,
    );
    expect(() => synth({ ...legacy, env: { MODE: 'z' } })).toThrow(
      "'allowPlaintextSecretEnv' is no longer supported: 'allowPlaintextSecrets' names each value that may be written in plain text; remove it: no value of this container needs it",
    );
  });
});
