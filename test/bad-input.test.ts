/**
 * Bad input through the public API, one case per mistake, each with the exact message a user
 * sees; and legitimate edge inputs that must synthesize. Everything runs through
 * synthesizePlatform, as `npm run synth` does, so the semantic rules run too.
 */
import {
  CronTask,
  type CronTaskProps,
  DaemonAgent,
  definePlatform,
  type EnvironmentChart,
  OneOffJob,
  PlatformError,
  Schedule,
  synthesizePlatform,
  WebEntrypoint,
  type WebEntrypointProps,
  WebService,
  type WebServiceProps,
} from 'gke-platform';

const platform = definePlatform({
  name: 'shop',
  timeZone: 'Etc/UTC',
  registries: { apps: { location: 'europe', project: 'shop-artifacts' } },
  environments: {
    dev: {
      project: 'shop-dev',
      nodePools: {
        general: { machineType: 'e2-standard-2' },
        spot: {
          machineType: 'e2-standard-2',
          capacity: 'spot',
          taints: [{ key: 'cloud.google.com/gke-spot', value: 'true', effect: 'NoSchedule' }],
        },
      },
      staticIps: { web: { scope: 'global' }, lb: { scope: 'regional' } },
      workloadIdentities: { api: {} },
      internalLoadBalancing: true,
    },
    prod: {
      project: 'shop-prod',
      nodePools: { general: { machineType: 'e2-standard-4' } },
      staticIps: { web: { scope: 'global' }, lb: { scope: 'regional' } },
      workloadIdentities: { api: {} },
    },
  },
});
type Env = 'dev' | 'prod';
type Define = (chart: EnvironmentChart<Env>) => void;

const IMAGE = 'europe-docker.pkg.dev/shop-artifacts/apps/web:1.4.2';
const web = (chart: EnvironmentChart<Env>, props: Partial<WebServiceProps<Env>> = {}, id = 'web') =>
  new WebService(chart, id, { image: IMAGE, port: 8080, ...props });
const cron = (chart: EnvironmentChart<Env>, props: Partial<CronTaskProps<Env>> = {}) =>
  new CronTask(chart, 'job', { image: IMAGE, schedule: '0 3 * * *', ...props });
/** A service of dev, kept to be (wrongly) used from prod. */
let devWeb: WebService<Env>;
const entry = (chart: EnvironmentChart<Env>, props: WebEntrypointProps<Env> = {}) =>
  new WebEntrypoint(chart, 'web', props);
/** A value that the types refuse, as plain JavaScript (or a cast) would pass it. */
const untyped = <T>(value: unknown) => value as T;

function refusal(define: Define): string {
  try {
    synthesizePlatform(platform, define);
  } catch (error) {
    if (error instanceof PlatformError) return error.message;
    throw error;
  }
  throw new Error('synthesized without a PlatformError');
}

const W = "WebService 'dev/web'";

/** [what, definition, the exact message] */
const cases: [string, Define, string][] = [
  // Names and ids
  [
    'a Service name with a leading digit',
    (c) => web(c, {}, '3d-render'),
    `WebService 'dev/3d-render': 'name' is "3d-render", which is not a DNS-1035 label; use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'render-3d')`,
  ],
  [
    'an upper-case name',
    (c) => web(c, { name: 'Web' }),
    `${W}: 'name' is "Web", which is not a DNS-1123 label; use at most 52 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')`,
  ],
  [
    'a name too long for the objects derived from it',
    (c) => web(c, { name: 'a'.repeat(53) }),
    `${W}: 'name' is "${'a'.repeat(53)}", which is not a DNS-1123 label; use at most 52 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')`,
  ],
  [
    'two workloads with one id',
    (c) => {
      web(c);
      new CronTask(c, 'web', { image: IMAGE, schedule: '0 3 * * *' });
    },
    "CronTask 'dev/web': 'id' 'web' is already used by WebService 'dev/web' in the same scope; give each construct in one scope its own id",
  ],
  [
    'two workloads with one name',
    (c) => {
      web(c);
      web(c, { name: 'web' }, 'other');
    },
    "WebService 'dev/other': 'name' 'web' is already used by WebService 'dev/web' for a ServiceAccount; give each workload a unique name in its environment",
  ],
  [
    'an id with a slash',
    (c) => web(c, {}, 'a/b'),
    `WebService 'dev/a/b': 'id' is "a/b"; give a non-empty id without '/', e.g. 'web'`,
  ],
  // Ports
  [
    'a port name that is a number',
    (c) => web(c, { portName: '8080' }),
    `${W}: 'portName' is "8080", which has no lower-case letter; use 1–15 lower-case letters, digits and single '-', with at least one letter (e.g. 'http', 'grpc-web')`,
  ],
  [
    'a port name with a double dash',
    (c) => web(c, { portName: 'http--alt' }),
    `${W}: 'portName' is "http--alt", which has '--'; use 1–15 lower-case letters, digits and single '-', with at least one letter (e.g. 'http', 'grpc-web')`,
  ],
  [
    'a port name of 16 characters',
    (c) => web(c, { portName: 'a'.repeat(16) }),
    `${W}: 'portName' is "${'a'.repeat(16)}", which is not 1 to 15 characters long; use 1–15 lower-case letters, digits and single '-', with at least one letter (e.g. 'http', 'grpc-web')`,
  ],
  [
    'port 0',
    (c) => web(c, { port: 0 }),
    `${W}: 'port' is 0, which is not a port number; use a whole number from 1 to 65535`,
  ],
  [
    'port 70000',
    (c) => web(c, { port: 70000 }),
    `${W}: 'port' is 70000, which is not a port number; use a whole number from 1 to 65535`,
  ],
  [
    'a fractional Service port',
    (c) => web(c, { service: { port: 80.5 } }),
    `${W}: 'service.port' is 80.5, which is not a port number; use a whole number from 1 to 65535`,
  ],
  [
    'one port declared by two containers',
    (c) => web(c, { sidecars: [{ name: 'nginx', image: 'nginx:1.27.0', port: 8080 }] }),
    `${W}: 'port' 8080 is declared by two containers of one pod; give each container its own port`,
  ],
  // Labels
  [
    'a version that is not a label value',
    (c) => web(c, { version: '1.0.0+build.5' }),
    `${W}: 'version' is "1.0.0+build.5", which is not a valid label value; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. '1.0.0-build.5')`,
  ],
  // Secret material in plain text
  [
    'a password under a short name (DB_PASS)',
    (c) => web(c, { env: { DB_PASS: 'hunter2' } }),
    "WebService 'dev/web': 'env.DB_PASS' looks like a credential and would be written in plain text to dist/; read it from a Secret with 'secretEnv: { DB_PASS: { secret: \"…\", key: \"…\" } }', or allow this one value with 'allowPlaintextSecrets: [\"env.DB_PASS\"]'",
  ],
  [
    'a signing key (JWT_SIGNING_KEY)',
    (c) => web(c, { env: { JWT_SIGNING_KEY: 'abc' } }),
    "WebService 'dev/web': 'env.JWT_SIGNING_KEY' looks like a credential and would be written in plain text to dist/; read it from a Secret with 'secretEnv: { JWT_SIGNING_KEY: { secret: \"…\", key: \"…\" } }', or allow this one value with 'allowPlaintextSecrets: [\"env.JWT_SIGNING_KEY\"]'",
  ],
  [
    'a database URL with a password',
    (c) => web(c, { env: { DATABASE_URL: 'postgres://app:s3cret@db:5432/app' } }),
    "WebService 'dev/web': 'env.DATABASE_URL' holds a password in a URL (postgres://app:…@db:5432), which would be written in plain text to dist/; read it from a Secret with 'secretEnv: { DATABASE_URL: { secret: \"…\", key: \"…\" } }', or allow this one value with 'allowPlaintextSecrets: [\"env.DATABASE_URL\"]'",
  ],
  [
    'REDIS_AUTH',
    (c) => web(c, { env: { REDIS_AUTH: 'abc' } }),
    "WebService 'dev/web': 'env.REDIS_AUTH' looks like a credential and would be written in plain text to dist/; read it from a Secret with 'secretEnv: { REDIS_AUTH: { secret: \"…\", key: \"…\" } }', or allow this one value with 'allowPlaintextSecrets: [\"env.REDIS_AUTH\"]'",
  ],
  [
    'an access key in a pod annotation',
    (c) => web(c, { podAnnotations: { 'example.com/key': `AKIA${'ABCDEFGHIJKLMNOP'}` } }),
    `${W}: 'podAnnotations.example.com/key' holds an AWS access key id (AKIA…), which would be written in plain text to dist/; keep it in a Secret and let the app read it from a file or variable, or allow this one value with 'allowPlaintextSecrets: ["podAnnotations.example.com/key"]'`,
  ],
  // The platform's declarations
  [
    'an image from a Google registry the environment does not declare',
    (c) => web(c, { image: 'europe-docker.pkg.dev/other-project/apps/web:1.0' }),
    "WebService 'dev/web': 'image' is 'europe-docker.pkg.dev/other-project/apps/web:1.0', from a Google registry that environment 'dev' does not declare, so its nodes cannot pull it; declare the repository under 'registries' in the platform (declared: apps (europe-docker.pkg.dev/shop-artifacts/apps))",
  ],
  [
    'an internal entrypoint where the environment has no proxy-only subnet',
    (c) => entry(c, { internal: true, managedCertificate: false }).route('/', web(c)),
    "WebEntrypoint 'prod/entrypoints/web': 'internal' is true, but environment 'prod' does not declare 'internalLoadBalancing', so its cluster has no proxy-only subnet for internal Application Load Balancers; set 'internalLoadBalancing: true' for environment 'prod' in the platform",
  ],
  // More of each construct's props
  [
    'revision history negative',
    (c) => web(c, { revisionHistoryLimit: -1 }),
    "WebService 'dev/web': 'revisionHistoryLimit' is -1; use a whole number of at least 0",
  ],
  [
    'liveness period 0',
    (c) => web(c, { health: { liveness: { periodSeconds: 0 } } }),
    "WebService 'dev/web': 'health.liveness.periodSeconds' is 0; use a whole number of seconds, at least 1",
  ],
  [
    'readiness timeout 0',
    (c) => web(c, { health: { readiness: { timeoutSeconds: 0 } } }),
    "WebService 'dev/web': 'health.readiness.timeoutSeconds' is 0; use a whole number of seconds, at least 1",
  ],
  [
    'readiness failure threshold 0',
    (c) => web(c, { health: { readiness: { failureThreshold: 0 } } }),
    "WebService 'dev/web': 'health.readiness.failureThreshold' is 0; use a whole number, at least 1",
  ],
  [
    'startup fractional',
    (c) => web(c, { health: { startupSeconds: 2.5 } }),
    "WebService 'dev/web': 'health.startupSeconds' is 2.5; use a whole number of seconds, at least 1",
  ],
  [
    'service port 0',
    (c) => web(c, { service: { port: 0 } }),
    "WebService 'dev/web': 'service.port' is 0, which is not a port number; use a whole number from 1 to 65535",
  ],
  [
    'grace negative',
    (c) => web(c, { terminationGracePeriodSeconds: -1 }),
    "WebService 'dev/web': 'terminationGracePeriodSeconds' is -1; use a whole number of at least 0",
  ],
  [
    'pod annotation key space',
    (c) => web(c, { podAnnotations: { 'my note': 'x' } }),
    "WebService 'dev/web': 'Deployment spec.template.metadata.annotations' has the key \"my note\", which is not a qualified name; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'MyName', 'my.name', '123-abc')",
  ],
  [
    'connection prefix digit',
    (c) => {
      const r = web(c, {}, 'redis');
      web(c, { connections: { '1DB': r } });
    },
    "WebService 'dev/web': 'connections.1DB' is \"1DB\", which is not a C identifier; use letters, digits and '_', not starting with a digit",
  ],
  [
    'connection other env',
    (c) => {
      if (c.environment.name === 'dev') devWeb = web(c, {}, 'redis');
      else web(c, { connections: { REDIS: devWeb } });
    },
    "WebService 'prod/web': 'connections.REDIS' is WebService 'dev/redis', which is in another environment; connect to a service of the same environment",
  ],
  [
    'cpu limit bad',
    (c) => web(c, { resources: { cpuLimit: 'lots' } }),
    "WebService 'dev/web': 'resources.cpuLimit' is \"lots\", which is not a CPU quantity; write millicores ('250m') or cores ('1', '1.5')",
  ],
  [
    'memory limit bad',
    (c) => web(c, { resources: { memoryLimit: '1GB' } }),
    "WebService 'dev/web': 'resources.memoryLimit' is \"1GB\", which is not a memory quantity; write a size with a unit, e.g. '256Mi' or '1Gi'",
  ],
  [
    'gpu type absent',
    (c) => web(c, { placement: { gpu: { count: 1, type: 'nvidia-l4' } } }),
    "WebService 'dev/web': 'placement.gpu' asks for 1 × nvidia-l4, but environment 'dev' has no node pool with them; declare a GPU pool in 'dev' or use one of general, spot",
  ],
  [
    'sidecar latest',
    (c) => web(c, { sidecars: [{ name: 'nginx', image: 'nginx:latest' }] }),
    "WebService 'dev/web' sidecars 'nginx': 'image' is 'nginx:latest', which uses the moving tag 'latest'; pin a version ('nginx:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'",
  ],
  [
    'sidecar cpu bad',
    (c) =>
      web(c, { sidecars: [{ name: 'nginx', image: 'nginx:1.27.0', resources: { cpu: 'x' } }] }),
    "WebService 'dev/web' sidecars 'nginx': 'resources.cpu' is \"x\", which is not a CPU quantity; write millicores ('250m') or cores ('1', '1.5')",
  ],
  [
    'init dup name',
    (c) => web(c, { initContainers: [{ name: 'web', image: IMAGE }] }),
    "WebService 'dev/web': 'initContainers' has a second container named 'web'; give every container in the pod its own name",
  ],
  [
    'config map env missing key',
    (c) =>
      web(c, {
        configFiles: { '/etc/app.conf': 'x' },
        configMapEnv: { LEVEL: { configMap: 'web-config', key: 'level' } },
      }),
    'WebService \'dev/web\': \'Deployment spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key\' is "level", but ConfigMap "web-config" has no such key: the container cannot start (CreateContainerConfigError); use one of its keys ("web.etc.app.conf"), or mark the reference optional',
  ],
  [
    'hpa max frac',
    (c) => web(c, { autoscaling: { minReplicas: 1, maxReplicas: 2.5 } }),
    "WebService 'dev/web': 'autoscaling.maxReplicas' is 2.5; use a whole number",
  ],
  [
    'hpa memory 0',
    (c) => web(c, { autoscaling: { minReplicas: 1, maxReplicas: 3, memoryUtilization: 0 } }),
    "WebService 'dev/web': 'autoscaling.memoryUtilization' is 0; use a whole percentage of the request, at least 1",
  ],
  [
    'lb internal global ip',
    (c) => web(c, { service: { type: 'LoadBalancer', internal: true, staticIp: 'web' } }),
    "WebService 'dev/web': 'service.staticIp' is 'web', a global address, but this needs a regional one; declare one with scope 'regional'",
  ],
  [
    'lb external ip internal',
    (c) => web(c, { service: { type: 'LoadBalancer', internal: true, staticIp: 'lb' } }),
    "WebService 'dev/web': 'service.staticIp' is 'lb', an external address, for an internal load balancer; declare the address with the same 'internal' setting as the Service",
  ],
  [
    'ssl policy bad',
    (c) => entry(c, { sslPolicy: 'Modern_TLS' }).route('/', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'sslPolicy' is \"Modern_TLS\", which is not a Google Cloud resource name; use 1 to 63 lower-case letters, digits and '-', starting with a letter and not ending with '-' (e.g. 'web-policy')",
  ],
  [
    'entry name long',
    (c) => entry(c, { name: 'a'.repeat(51) }),
    "WebEntrypoint 'dev/entrypoints/web': 'name' is \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", which is not a DNS-1123 label; use at most 50 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')",
  ],
  [
    'route host bad',
    (c) => entry(c).route('/', web(c), { host: 'Admin.example.com' }),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has host \"Admin.example.com\", which is not a DNS name; give a lower-case fully qualified name such as 'shop.example.com', without scheme, port or path",
  ],
  [
    'route twice',
    (c) => {
      const e = entry(c);
      const w = web(c);
      e.route('/api', w);
      e.route('/api', w);
    },
    "WebEntrypoint 'dev/entrypoints/web': 'route' has '*/api' twice; route each host and path to one service",
  ],
  [
    'route other env',
    (c) => {
      if (c.environment.name === 'dev') devWeb = web(c);
      else entry(c).route('/', devWeb);
    },
    "WebEntrypoint 'prod/entrypoints/web': 'route' sends '/' to WebService 'dev/web', which is in another environment; route to a service of the same environment",
  ],
  [
    'entry internal global ip',
    (c) =>
      entry(c, { internal: true, managedCertificate: false, staticIp: 'web' }).route('/', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'staticIp' is 'web', a global address, but this needs a regional one; declare one with scope 'regional'",
  ],
  [
    'route query',
    (c) => entry(c).route('/a?b', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has path '/a?b'; use letters, digits and URL path characters only (percent-encode others), e.g. '/sub-app'",
  ],
  [
    'route empty',
    (c) => entry(c).route('', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has path \"\"; give a path starting with '/', e.g. '/' or '/sub-app'",
  ],
  [
    'route dot end',
    (c) => entry(c).route('/a/.', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has path '/a/.', which ends with '/.'; write the path without '/.'",
  ],
  [
    'cron deadline 5',
    (c) => cron(c, { startingDeadlineSeconds: 5 }),
    "CronTask 'dev/job': 'startingDeadlineSeconds' is 5; use a whole number of at least 10",
  ],
  [
    'cron history neg',
    (c) => cron(c, { failedJobsHistoryLimit: -1 }),
    "CronTask 'dev/job': 'failedJobsHistoryLimit' is -1; use a whole number of at least 0",
  ],
  [
    'cron empty',
    (c) => cron(c, { schedule: '' }),
    "CronTask 'dev/job': 'schedule' is '', which has 0 fields; write five fields: minute hour day-of-month month day-of-week (no seconds, no year), e.g. '30 3 * * *', or use a Schedule helper",
  ],
  [
    'cron six fields',
    (c) => cron(c, { schedule: '0 0 3 * * *' }),
    "CronTask 'dev/job': 'schedule' is '0 0 3 * * *', which has 6 fields; write five fields: minute hour day-of-month month day-of-week (no seconds, no year), e.g. '30 3 * * *', or use a Schedule helper",
  ],
  [
    'cron step 0',
    (c) => cron(c, { schedule: '*/0 * * * *' }),
    "CronTask 'dev/job': 'schedule' has minute (field 1) '*/0' in '*/0 * * * *': step '0' is not a whole number of at least 1; use 0-59, e.g. '0', '*/15', '5,35'",
  ],
  [
    'cron hour 24',
    (c) => cron(c, { schedule: '0 24 * * *' }),
    "CronTask 'dev/job': 'schedule' has hour (field 2) '24' in '0 24 * * *': 24 is out of range; use 0-23, e.g. '3', '*/6', '9-17'",
  ],
  [
    'cron dow 8',
    (c) => cron(c, { schedule: '0 3 * * 8' }),
    "CronTask 'dev/job': 'schedule' has day of week (field 5) '8' in '0 3 * * 8': 8 is out of range; use 0-6 or names (sun, mon, tue, wed, thu, fri, sat), e.g. '1-5', 'mon-fri', 'sun'",
  ],
  [
    'cron backwards',
    (c) => cron(c, { schedule: '0 17-9 * * *' }),
    "CronTask 'dev/job': 'schedule' has hour (field 2) '17-9' in '0 17-9 * * *': the range 17-9 runs backwards; use 0-23, e.g. '3', '*/6', '9-17'",
  ],
  [
    'cron month name',
    (c) => cron(c, { schedule: '0 3 1 janu *' }),
    "CronTask 'dev/job': 'schedule' has month (field 4) 'janu' in '0 3 1 janu *': 'janu' is not a number; use 1-12 or names (jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec), e.g. '1', 'jan-mar', '*'",
  ],
  [
    'cron per env missing',
    (c) => cron(c, { schedule: untyped({ dev: '0 3 * * *' }) }),
    "CronTask 'prod/job': 'schedule' has no value for environment 'prod'; give one value for all environments or one for each of dev, prod",
  ],
  [
    'weekly bad day',
    (c) => cron(c, { schedule: Schedule.weeklyOn(untyped('funday'), '03:00') }),
    "CronTask 'dev/job': 'schedule' is Schedule.weeklyOn('funday', '03:00'), whose 'day' is \"funday\"; use 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday' or 'saturday'",
  ],
  [
    'tz PST',
    (c) => cron(c, { timeZone: 'PST' }),
    "CronTask 'dev/job': 'timeZone' is \"PST\", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'tz IST',
    (c) => cron(c, { timeZone: 'IST' }),
    "CronTask 'dev/job': 'timeZone' is \"IST\", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'tz pacific new',
    (c) => cron(c, { timeZone: 'US/Pacific-New' }),
    "CronTask 'dev/job': 'timeZone' is \"US/Pacific-New\", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'tz case',
    (c) => cron(c, { timeZone: 'asia/tokyo' }),
    "CronTask 'dev/job': 'timeZone' is \"asia/tokyo\", which is spelled with the wrong case; write 'Asia/Tokyo'",
  ],
  [
    'tz offset',
    (c) => cron(c, { timeZone: '+09:00' }),
    "CronTask 'dev/job': 'timeZone' is \"+09:00\", which is not a time zone name (no offsets such as +09:00, no spaces); use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'tz empty',
    (c) => cron(c, { timeZone: '' }),
    "CronTask 'dev/job': 'timeZone' is \"\", which is empty; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'job ttl neg',
    (c) => new OneOffJob(c, 'migrate', { image: IMAGE, ttlSecondsAfterFinished: -5 }),
    "OneOffJob 'dev/migrate': 'ttlSecondsAfterFinished' is -5; use a whole number of at least 0",
  ],
  [
    'job backoff frac',
    (c) => new OneOffJob(c, 'migrate', { image: IMAGE, backoffLimit: 1.5 }),
    "OneOffJob 'dev/migrate': 'backoffLimit' is 1.5; use a whole number of at least 0",
  ],
  [
    'job restart always',
    (c) => new OneOffJob(c, 'migrate', { image: IMAGE, restartPolicy: untyped('Always') }),
    "OneOffJob 'dev/migrate': 'restartPolicy' is \"Always\", which a Job's pods cannot have; use 'OnFailure' or 'Never'",
  ],
  [
    'agent mount rel',
    (c) =>
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        hostPaths: { '/var/log': { mountPath: 'logs' } },
      }),
    "DaemonAgent 'dev/agent': 'hostPaths./var/log.mountPath' has path 'logs'; use an absolute path without '..' or a trailing '/', e.g. '/var/log'",
  ],
  [
    'agent mount twice',
    (c) =>
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        scratchPaths: ['/var/log'],
        hostPaths: { '/var/log': {} },
      }),
    "DaemonAgent 'dev/agent': 'hostPaths./var/log' mounts '/var/log', which 'scratchPaths[0]' mounts too; mount each path once",
  ],
  [
    'agent verbs empty',
    (c) =>
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }],
      }),
    "DaemonAgent 'dev/agent': 'rules[0].verbs' is []; list exactly the verbs the agent needs, without wildcards ('' is the core API group)",
  ],
  [
    'agent verb star',
    (c) =>
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }],
      }),
    "DaemonAgent 'dev/agent': 'rules[0].verbs' is [\"*\"]; list exactly the verbs the agent needs, without wildcards ('' is the core API group)",
  ],
  [
    'agent root with user',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, runAsRoot: true, runAsUser: 1000 }),
    "DaemonAgent 'dev/agent': 'runAsUser' is 1000, but 'runAsRoot' is true; leave 'runAsUser' out, or set 'runAsRoot: false'",
  ],
  [
    'agent unavail 150',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, maxUnavailable: '150%' }),
    "DaemonAgent 'dev/agent': 'maxUnavailable' is \"150%\"; use a whole number of at least 1 or a percentage from '1%' to '100%' (with 0, a rollout could never start)",
  ],
  [
    'empty id',
    (c) => web(c, {}, ''),
    "WebService 'dev/': 'id' is \"\"; give a non-empty id without '/', e.g. 'web'",
  ],
  // Everything else, one case each
  [
    'env name',
    (c) => web(c, { env: { '1ST': 'x' } }),
    "WebService 'dev/web': 'env.1ST' has variable name '1ST'; use letters, digits, '_', '-' and '.', not starting with a digit",
  ],
  [
    'env twice',
    (c) => web(c, { env: { A: 'x' }, secretEnv: { A: { secret: 'db', key: 'a' } } }),
    "WebService 'dev/web': 'env.A' sets 'A' twice; set each environment variable in one place only",
  ],
  [
    'secret key space',
    (c) => web(c, { secretEnv: { API_KEY: { secret: 'api', key: 'api key' } } }),
    "WebService 'dev/web': 'secretEnv.API_KEY.key' is \"api key\", which is not a valid config key; use letters, digits, '-', '_' and '.' only (e.g. 'api-key', 'app.conf')",
  ],
  [
    'secret name upper',
    (c) => web(c, { secretEnv: { API_KEY: { secret: 'Api', key: 'key' } } }),
    "WebService 'dev/web': 'secretEnv.API_KEY.secret' is \"Api\", which is not a DNS-1123 subdomain; use lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (e.g. 'web.tls')",
  ],
  [
    'config map key dots',
    (c) => web(c, { configMapEnv: { A: { configMap: 'cfg', key: '..a' } } }),
    "WebService 'dev/web': 'configMapEnv.A.key' is \"..a\", which starts with '..'; start it with a letter, digit, '-' or '_'",
  ],
  [
    'secret mount name',
    (c) => web(c, { secretMounts: { '/etc/tls': 'tls_cert' } }),
    "WebService 'dev/web': 'secretMounts./etc/tls' is \"tls_cert\", which is not a DNS-1123 subdomain; use lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit (e.g. 'web.tls')",
  ],
  [
    'credential env',
    (c) => web(c, { env: { DB_PASSWORD: 'hunter2' } }),
    "WebService 'dev/web': 'env.DB_PASSWORD' looks like a credential and would be written in plain text to dist/; read it from a Secret with 'secretEnv: { DB_PASSWORD: { secret: \"…\", key: \"…\" } }', or allow this one value with 'allowPlaintextSecrets: [\"env.DB_PASSWORD\"]'",
  ],
  [
    'image space',
    (c) => web(c, { image: 'web app:1.0' }),
    "WebService 'dev/web': 'image' is \"web app:1.0\", which is not an image reference; write '[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
  ],
  [
    'image upper',
    (c) => web(c, { image: 'europe-docker.pkg.dev/shop-artifacts/Apps/web:1.0' }),
    "WebService 'dev/web': 'image' is \"europe-docker.pkg.dev/shop-artifacts/Apps/web:1.0\", which is not an image reference; write '[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
  ],
  [
    'image latest',
    (c) => web(c, { image: 'nginx:latest' }),
    "WebService 'dev/web': 'image' is 'nginx:latest', which uses the moving tag 'latest'; pin a version ('nginx:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'",
  ],
  [
    'image no tag',
    (c) => web(c, { image: 'nginx' }),
    "WebService 'dev/web': 'image' is 'nginx', which has no tag; pin a version ('nginx:1.2.3') or a digest (@sha256:…), or set 'allowMutableTag: true'",
  ],
  [
    'image bad tag',
    (c) => web(c, { image: 'nginx:-1' }),
    "WebService 'dev/web': 'image' is \"nginx:-1\", which is not an image reference; write '[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
  ],
  [
    'image bad digest',
    (c) => web(c, { image: 'nginx@sha256:abc' }),
    "WebService 'dev/web': 'image' is \"nginx@sha256:abc\", which is not an image reference; write '[registry/]repository[:tag][@sha256:digest]' with a lower-case repository, e.g. 'europe-docker.pkg.dev/project/repo/app:1.4.2'",
  ],
  [
    'a CPU quantity with both an exponent and a unit',
    (c) => web(c, { resources: { cpu: '1e3m' } }),
    "WebService 'dev/web': 'resources.cpu' is \"1e3m\", which is not a CPU quantity; write millicores ('250m') or cores ('1', '1.5')",
  ],
  [
    'cpu bad',
    (c) => web(c, { resources: { cpu: '1 core' } }),
    "WebService 'dev/web': 'resources.cpu' is \"1 core\", which is not a CPU quantity; write millicores ('250m') or cores ('1', '1.5')",
  ],
  [
    'cpu neg',
    (c) => web(c, { resources: { cpu: '-1' } }),
    "WebService 'dev/web': 'resources.cpu' is \"-1\", which is not a CPU quantity; write millicores ('250m') or cores ('1', '1.5')",
  ],
  [
    'mem milli',
    (c) => web(c, { resources: { memory: '128m' } }),
    "WebService 'dev/web': 'resources.memory' is \"128m\", which is 0.128 bytes; write a size in bytes with a binary unit, e.g. '128Mi'",
  ],
  [
    'mem bad',
    (c) => web(c, { resources: { memory: '1GB' } }),
    "WebService 'dev/web': 'resources.memory' is \"1GB\", which is not a memory quantity; write a size with a unit, e.g. '256Mi' or '1Gi'",
  ],
  [
    'cpu over limit',
    (c) => web(c, { resources: { cpu: '2', cpuLimit: '1' } }),
    "WebService 'dev/web': 'resources.cpu' ('2') is above 'cpuLimit' ('1'); raise 'cpuLimit', lower 'cpu', or set 'cpuLimit: false' for no CPU limit",
  ],
  [
    'mem over limit',
    (c) => web(c, { resources: { memory: '1Gi', memoryLimit: '512Mi' } }),
    "WebService 'dev/web': 'resources.memory' ('1Gi') is above 'memoryLimit' ('512Mi'); raise 'memoryLimit' or lower 'memory'",
  ],
  [
    'replicas neg',
    (c) => web(c, { replicas: -1 }),
    "WebService 'dev/web': 'replicas' is -1; use a whole number, 0 or more",
  ],
  [
    'replicas frac',
    (c) => web(c, { replicas: 1.5 }),
    "WebService 'dev/web': 'replicas' is 1.5; use a whole number, 0 or more",
  ],
  [
    'hpa min 0',
    (c) => web(c, { autoscaling: { minReplicas: 0, maxReplicas: 3 } }),
    "WebService 'dev/web': 'autoscaling.minReplicas' is 0; use a whole number, at least 1",
  ],
  [
    'hpa min max',
    (c) => web(c, { autoscaling: { minReplicas: 5, maxReplicas: 3 } }),
    "WebService 'dev/web': 'autoscaling.minReplicas' (5) is greater than 'maxReplicas' (3); make 'minReplicas' ≤ 'maxReplicas'",
  ],
  [
    'surge bad',
    (c) => web(c, { maxSurge: '25' + ' %' }),
    "WebService 'dev/web': 'maxSurge' is \"25 %\"; use a whole number (2) or a percentage ('25%')",
  ],
  [
    'surge neg',
    (c) => web(c, { maxSurge: -1 }),
    "WebService 'dev/web': 'maxSurge' is -1; use a whole number (2) or a percentage ('25%')",
  ],
  [
    'both zero',
    (c) => web(c, { maxSurge: '0%' }),
    "WebService 'dev/web': 'maxSurge' is \"0%\" and 'maxUnavailable' is 0, so a rollout could never replace a pod; let one of them be above 0 (the default is maxSurge '25%', maxUnavailable 0)",
  ],
  [
    'unavail 150',
    (c) => web(c, { maxUnavailable: '150%' }),
    "WebService 'dev/web': 'maxUnavailable' is '150%'; use at most '100%'",
  ],
  [
    'pdb 0',
    (c) => web(c, { disruptionBudget: { maxUnavailable: '0%' } }),
    "WebService 'dev/web': 'disruptionBudget.maxUnavailable' is \"0%\", which would block every node drain and GKE upgrade; allow at least 1 (or a percentage above '0%'), or set 'disruptionBudget: false'",
  ],
  [
    'pdb frac',
    (c) => web(c, { disruptionBudget: { maxUnavailable: 1.5 } }),
    "WebService 'dev/web': 'disruptionBudget.maxUnavailable' is 1.5; use a whole number (2) or a percentage ('25%')",
  ],
  [
    'source range no mask',
    (c) => web(c, { service: { type: 'LoadBalancer', sourceRanges: ['203.0.113.5'] } }),
    "WebService 'dev/web': 'service.sourceRanges' is \"203.0.113.5\", which is not a CIDR (no prefix length); write an address and a prefix length, e.g. '203.0.113.0/24' or '203.0.113.5/32'",
  ],
  [
    'source range bad',
    (c) => web(c, { service: { type: 'LoadBalancer', sourceRanges: ['203.0.113.0/33'] } }),
    "WebService 'dev/web': 'service.sourceRanges' is \"203.0.113.0/33\", which is not a CIDR (prefix longer than 32); write an address and a prefix length, e.g. '203.0.113.0/24' or '203.0.113.5/32'",
  ],
  [
    'source range with host bits',
    (c) => web(c, { service: { type: 'LoadBalancer', sourceRanges: ['10.20.0.3/8'] } }),
    "WebService 'dev/web': 'service.sourceRanges' is \"10.20.0.3/8\", which has host bits set (its network is 10.0.0.0/8), which current Kubernetes refuses; write '10.0.0.0/8' for the network, or '10.20.0.3/32' for the one address",
  ],
  [
    'source range with a leading zero',
    (c) => web(c, { service: { type: 'LoadBalancer', sourceRanges: ['203.0.113.010/32'] } }),
    "WebService 'dev/web': 'service.sourceRanges' is \"203.0.113.010/32\", which has a leading zero in an IPv4 part, which current Kubernetes refuses; write '203.0.113.10/32'",
  ],
  [
    'egress cidr with host bits',
    (c) => web(c, { egress: [{ cidr: '10.20.0.3/16' }] }),
    "WebService 'dev/web': 'egress[0].cidr' is \"10.20.0.3/16\", which has host bits set (its network is 10.20.0.0/16), which current Kubernetes refuses; write '10.20.0.0/16' for the network, or '10.20.0.3/32' for the one address",
  ],
  [
    'cluster ip with ranges',
    (c) => web(c, { service: { sourceRanges: ['10.0.0.0/8'] } }),
    "WebService 'dev/web': 'service.type' is 'ClusterIP', but 'staticIp', 'internal' or 'sourceRanges' is set; set 'type: LoadBalancer', or leave those out",
  ],
  [
    'lb global ip',
    (c) => web(c, { service: { type: 'LoadBalancer', staticIp: 'web' } }),
    "WebService 'dev/web': 'service.staticIp' is 'web', a global address, but this needs a regional one; declare one with scope 'regional'",
  ],
  [
    'lb unknown ip',
    (c) => web(c, { service: { type: 'LoadBalancer', staticIp: 'nope' } }),
    "WebService 'dev/web': 'service.staticIp' is 'nope', but environment 'dev' declares no such static IP; use one of: web (global), lb (regional), or declare it in the platform",
  ],
  [
    'unknown identity',
    (c) => web(c, { workloadIdentity: true }),
    "WebService 'dev/web': 'workloadIdentity' is 'web', but environment 'dev' declares no such workload identity; use one of: api, or declare it under 'workloadIdentities'",
  ],
  [
    'unknown pool',
    (c) => web(c, { placement: { nodePool: 'gpu' } }),
    "WebService 'dev/web': 'placement.nodePool' is 'gpu', but environment 'dev' has no such node pool; use one of general, spot",
  ],
  [
    'gpu none',
    (c) => web(c, { placement: { gpu: { count: 1 } } }),
    "WebService 'dev/web': 'placement.gpu' asks for 1 × GPU, but environment 'dev' has no node pool with them; declare a GPU pool in 'dev' or use one of general, spot",
  ],
  [
    'gpu count 0',
    (c) => web(c, { placement: { gpu: { count: 0 } } }),
    "WebService 'dev/web': 'placement.gpu.count' is 0; ask for a whole number of GPUs, at least 1",
  ],
  [
    'spot grace',
    (c) => web(c, { placement: { spot: true }, terminationGracePeriodSeconds: 60 }),
    "WebService 'dev/web': 'terminationGracePeriodSeconds' is 60, but the pods may run on Spot or preemptible nodes, which GKE stops within ~25 s; use at most 25",
  ],
  [
    'root',
    (c) => web(c, { runAsUser: 0 }),
    "WebService 'dev/web': 'runAsUser' is 0; run as a non-root UID (1 or more), e.g. 10001",
  ],
  [
    'sidecar dup',
    (c) => web(c, { sidecars: [{ name: 'web', image: 'nginx:1.27.0' }] }),
    "WebService 'dev/web': 'sidecars' has a second container named 'web'; give every container in the pod its own name",
  ],
  [
    'sidecar name',
    (c) => web(c, { sidecars: [{ name: 'Nginx', image: 'nginx:1.27.0' }] }),
    "WebService 'dev/web' sidecars 'Nginx': 'name' is \"Nginx\", which is not a DNS-1123 label; use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')",
  ],
  [
    'scratch rel',
    (c) => web(c, { scratchPaths: ['tmp'] }),
    "WebService 'dev/web': 'scratchPaths' has path 'tmp'; use an absolute path without '..' or a trailing '/', e.g. '/etc/app/config.yaml'",
  ],
  [
    'scratch twice',
    (c) => web(c, { scratchPaths: ['/tmp', '/tmp'] }),
    "WebService 'dev/web': 'scratchPaths[1]' mounts '/tmp', which 'scratchPaths[0]' mounts too; mount each path once",
  ],
  [
    'config dot dot',
    (c) => web(c, { configFiles: { '/etc/../x': 'a' } }),
    "WebService 'dev/web': 'configFiles' has path '/etc/../x'; use an absolute path without '..' or a trailing '/', e.g. '/etc/app/config.yaml'",
  ],
  [
    'config trailing',
    (c) => web(c, { configFiles: { '/etc/app/': 'a' } }),
    "WebService 'dev/web': 'configFiles' has path '/etc/app/'; use an absolute path without '..' or a trailing '/', e.g. '/etc/app/config.yaml'",
  ],
  [
    'config too big',
    (c) => web(c, { configFiles: { '/etc/app/big.json': 'x'.repeat(300 * 1024) } }),
    "WebService 'dev/web': 'configFiles' hold 301 KiB in all, more than the 250 KiB that 'kubectl apply' can keep in its last-applied annotation (256 KiB per object); keep config files small (ship large data in the image or a volume), or split them over workloads",
  ],
  [
    'exec no cmd',
    (c) => web(c, { health: { type: 'exec' } }),
    "WebService 'dev/web': 'health.command' is missing for an exec health check; give the command, e.g. ['redis-cli', 'ping']",
  ],
  [
    'health path',
    (c) => web(c, { health: { path: 'healthz' } }),
    "WebService 'dev/web': 'health.path' is 'healthz'; start the path with '/', e.g. '/healthz'",
  ],
  [
    'period 0',
    (c) => web(c, { health: { readiness: { periodSeconds: 0 } } }),
    "WebService 'dev/web': 'health.readiness.periodSeconds' is 0; use a whole number of seconds, at least 1",
  ],
  [
    'startup 0',
    (c) => web(c, { health: { startupSeconds: 0 } }),
    "WebService 'dev/web': 'health.startupSeconds' is 0; use a whole number of seconds, at least 1",
  ],
  [
    'tcp no port',
    (c) =>
      new WebService(c, 'web', {
        image: IMAGE,
        port: 8080,
        sidecars: [{ name: 'side', image: 'x:1.0', health: { type: 'tcp' } }],
      }),
    "WebService 'dev/web' sidecars 'side': 'health.port' is needed for a tcp health check, and the container declares no port; set the container's 'port' or 'health.port'",
  ],
  [
    'per env stray',
    (c) => web(c, { replicas: untyped({ dev: 1, qa: 2 }) }),
    "WebService 'dev/web': 'replicas' names 'qa', which is not an environment; give one value for all environments or one for each of dev, prod",
  ],
  [
    'per env missing',
    (c) => web(c, { replicas: untyped({ dev: 1, prod: 2, qa: 3 }) }),
    "WebService 'dev/web': 'replicas' names 'qa', which is not an environment; give one value for all environments or one for each of dev, prod",
  ],
  [
    'per env missing 2',
    (c) => web(c, { resources: untyped({ dev: { cpu: '1' } }) }),
    "WebService 'prod/web': 'resources' has no value for environment 'prod'; give one value for all environments or one for each of dev, prod",
  ],
  [
    'entry not routed',
    (c) => {
      web(c);
      entry(c);
    },
    "WebEntrypoint 'dev/entrypoints/web': 'route' was never called; route at least one path to a WebService",
  ],
  [
    'entry host',
    (c) => entry(c, { hosts: ['Shop.example.com'] }),
    "WebEntrypoint 'dev/entrypoints/web': 'hosts' has host \"Shop.example.com\", which is not a DNS name; give a lower-case fully qualified name such as 'shop.example.com', without scheme, port or path",
  ],
  [
    'entry host scheme',
    (c) => entry(c, { hosts: ['https://shop.example.com'] }),
    "WebEntrypoint 'dev/entrypoints/web': 'hosts' has host \"https://shop.example.com\", which is not a DNS name; give a lower-case fully qualified name such as 'shop.example.com', without scheme, port or path",
  ],
  [
    'entry route host not listed',
    (c) =>
      entry(c, { hosts: ['shop.example.com'] }).route('/', web(c), { host: 'admin.example.com' }),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has host 'admin.example.com', which is not one of the entrypoint's hosts; use one of shop.example.com or add it to 'hosts'",
  ],
  [
    'entry wildcard',
    (c) => entry(c).route('/*', web(c)),
    "WebEntrypoint 'dev/entrypoints/web': 'route' has path '/*', but '*' is not a wildcard in a Prefix path; write '/': it matches '/' and everything under it",
  ],
  [
    'entry static regional',
    (c) => entry(c, { staticIp: 'lb' }),
    "WebEntrypoint 'dev/entrypoints/web': 'staticIp' is 'lb', a regional address, but this needs a global one; declare one with scope 'global'",
  ],
  [
    'entry unknown ip',
    (c) => entry(c, { staticIp: 'nope' }),
    "WebEntrypoint 'dev/entrypoints/web': 'staticIp' is 'nope', but environment 'dev' declares no such static IP; use one of: web (global), lb (regional), or declare it in the platform",
  ],
  [
    'entry cert no hosts',
    (c) => entry(c, { managedCertificate: true }),
    "WebEntrypoint 'dev/entrypoints/web': 'managedCertificate' is true, but no hosts are given; list the host names in 'hosts'",
  ],
  [
    'entry internal cert',
    (c) => entry(c, { internal: true, hosts: ['a.example.com'] }),
    "WebEntrypoint 'dev/entrypoints/web': 'internal' is true, but Google-managed certificates and the HTTPS redirect exist only for external load balancers; set 'managedCertificate: false' and 'redirectToHttps: false', or make the entrypoint external",
  ],
  [
    'entry redirect no cert',
    (c) => entry(c, { redirectToHttps: true }),
    "WebEntrypoint 'dev/entrypoints/web': 'redirectToHttps' is true, but there is no certificate to redirect to; give 'hosts' for a managed certificate or 'certificates', or set 'redirectToHttps: false'",
  ],
  [
    'entry allow http redirect',
    (c) => entry(c, { hosts: ['a.example.com'], allowHttp: false }),
    "WebEntrypoint 'dev/entrypoints/web': 'allowHttp' is false, but the HTTPS redirect is served on HTTP; leave 'allowHttp' on, or set 'redirectToHttps: false'",
  ],
  [
    'entry to lb',
    (c) => entry(c).route('/', web(c, { service: { type: 'LoadBalancer' } })),
    "WebEntrypoint 'dev/entrypoints/web': 'route' sends '/' to WebService 'dev/web', a LoadBalancer Service; route only to ClusterIP services",
  ],
  [
    'entry name',
    (c) => entry(c, { name: 'Web' }),
    "WebEntrypoint 'dev/entrypoints/web': 'name' is \"Web\", which is not a DNS-1123 label; use at most 50 lower-case letters, digits and '-', starting and ending with a letter or digit (e.g. 'web-api')",
  ],
  [
    'cron fields',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '* * * *' }),
    "CronTask 'dev/job': 'schedule' is '* * * *', which has 4 fields; write five fields: minute hour day-of-month month day-of-week (no seconds, no year), e.g. '30 3 * * *', or use a Schedule helper",
  ],
  [
    'cron minute',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '61 * * * *' }),
    "CronTask 'dev/job': 'schedule' has minute (field 1) '61' in '61 * * * *': 61 is out of range; use 0-59, e.g. '0', '*/15', '5,35'",
  ],
  [
    'cron tz',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: 'TZ=Asia/Tokyo 0 3 * * *' }),
    "CronTask 'dev/job': 'schedule' is 'TZ=Asia/Tokyo 0 3 * * *', which sets the time zone inside the expression; leave 'TZ='/'CRON_TZ=' out and set the CronTask's 'timeZone' (e.g. timeZone: 'Asia/Tokyo'); Kubernetes does not support time zones in 'schedule'",
  ],
  [
    'cron macro',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '@reboot' }),
    "CronTask 'dev/job': 'schedule' is '@reboot', which is not a cron macro Kubernetes accepts; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, five fields, or a Schedule helper such as Schedule.everyHours(3)",
  ],
  [
    'cron feb 30',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '0 0 30 2 *' }),
    "CronTask 'dev/job': 'schedule' is '0 0 30 2 *': day of month 30 never comes in month 2; pick a day that the month has",
  ],
  [
    'cron zone local',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '0 3 * * *', timeZone: 'Local' }),
    "CronTask 'dev/job': 'timeZone' is \"Local\", the node's local zone, which is not explicit; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'cron zone bad',
    (c) =>
      new CronTask(c, 'job', { image: IMAGE, schedule: '0 3 * * *', timeZone: 'Europe/Nowhere' }),
    "CronTask 'dev/job': 'timeZone' is \"Europe/Nowhere\", which is not in the IANA time zone database; use an IANA name such as 'Etc/UTC', 'Europe/Berlin' or 'Asia/Tokyo'",
  ],
  [
    'cron policy',
    (c) =>
      new CronTask(c, 'job', {
        image: IMAGE,
        schedule: '0 3 * * *',
        concurrencyPolicy: untyped('Sometimes'),
      }),
    "CronTask 'dev/job': 'concurrencyPolicy' is \"Sometimes\"; use 'Forbid', 'Replace' or 'Allow'",
  ],
  [
    'cron restart',
    (c) =>
      new CronTask(c, 'job', {
        image: IMAGE,
        schedule: '0 3 * * *',
        restartPolicy: untyped('Always'),
      }),
    "CronTask 'dev/job': 'restartPolicy' is \"Always\", which a Job's pods cannot have; use 'OnFailure' or 'Never'",
  ],
  [
    'cron backoff',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: '0 3 * * *', backoffLimit: -1 }),
    "CronTask 'dev/job': 'backoffLimit' is -1; use a whole number of at least 0",
  ],
  [
    'cron history',
    (c) =>
      new CronTask(c, 'job', {
        image: IMAGE,
        schedule: '0 3 * * *',
        successfulJobsHistoryLimit: 1.5,
      }),
    "CronTask 'dev/job': 'successfulJobsHistoryLimit' is 1.5; use a whole number of at least 0",
  ],
  [
    'every hours 5',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: Schedule.everyHours(5) }),
    "CronTask 'dev/job': 'schedule' is Schedule.everyHours(5), whose 'hours' is 5, which does not divide 24: the schedule runs at 0, 5, 10, 15 and 20 o'clock every day and at 0 again the next day, 4 hours after 20 instead of 5; use one of 1, 2, 3, 4, 6, 8, 12, or Schedule.cron('0 0,5,10,15,20 * * *') if those are the times you want",
  ],
  [
    'daily at',
    (c) => new CronTask(c, 'job', { image: IMAGE, schedule: Schedule.dailyAt('25:00') }),
    "CronTask 'dev/job': 'schedule' is Schedule.dailyAt('25:00'), whose 'time' is \"25:00\", which is not a time of day; write 'HH:MM' on a 24-hour clock, e.g. '03:30' or '17:05'",
  ],
  [
    'job deadline',
    (c) => new OneOffJob(c, 'migrate', { image: IMAGE, activeDeadlineSeconds: 0 }),
    "OneOffJob 'dev/migrate': 'activeDeadlineSeconds' is 0; use a whole number of at least 1",
  ],
  [
    'agent root user',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, runAsUser: 0 }),
    "DaemonAgent 'dev/agent': 'runAsUser' is 0 (root); set 'runAsRoot: true' to run the agent as root on purpose, or use a non-root UID",
  ],
  [
    'agent host path',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, hostPaths: { 'var/log': {} } }),
    "DaemonAgent 'dev/agent': 'hostPaths' has path 'var/log'; use an absolute path without '..' or a trailing '/', e.g. '/var/log'",
  ],
  [
    'agent pools',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, nodePools: ['gpu'] }),
    "DaemonAgent 'dev/agent': 'nodePools' names 'gpu', but environment 'dev' has no such node pool; use 'all' or some of general, spot",
  ],
  [
    'agent max unavail',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, maxUnavailable: 0 }),
    "DaemonAgent 'dev/agent': 'maxUnavailable' is 0; use a whole number of at least 1 or a percentage from '1%' to '100%' (with 0, a rollout could never start)",
  ],
  [
    'agent rule',
    (c) =>
      new DaemonAgent(c, 'agent', {
        image: IMAGE,
        rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }],
      }),
    "DaemonAgent 'dev/agent': 'rules[0].resources' is [\"*\"]; list exactly the resources the agent needs, without wildcards ('' is the core API group)",
  ],
  [
    'agent priority',
    (c) => new DaemonAgent(c, 'agent', { image: IMAGE, priorityClassName: 'High_Priority' }),
    "DaemonAgent 'dev/agent': 'priorityClassName' is \"High_Priority\", which is not a DNS-1123 subdomain; use lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit",
  ],
  // Network policies
  [
    'an egress range without a prefix length',
    (c) => web(c, { egress: [{ cidr: '10.20.0.3' }] }),
    `${W}: 'egress[0].cidr' is "10.20.0.3", which is not a CIDR (no prefix length); write an address and a prefix length, e.g. '203.0.113.0/24' or '203.0.113.5/32'`,
  ],
  [
    'an egress port out of range',
    (c) => web(c, { egress: [{ cidr: 'internet', ports: [70000] }] }),
    `${W}: 'egress[0].ports[0]' is 70000, which is not a port number; use a whole number from 1 to 65535`,
  ],
  [
    'an empty egress port list',
    (c) => web(c, { egress: [{ cidr: 'internet', ports: [] }] }),
    `${W}: 'egress[0].ports' is []; list at least one port, or leave it out for every port`,
  ],
  [
    'an egress protocol that NetworkPolicy egress here does not offer',
    (c) => web(c, { egress: [{ cidr: 'internet', protocol: untyped<'TCP'>('SCTP') }] }),
    `${W}: 'egress[0].protocol' is "SCTP"; use 'TCP' or 'UDP'`,
  ],
  [
    'egress beside networkPolicy: false',
    (c) => web(c, { networkPolicy: false, egress: [{ cidr: 'internet' }] }),
    `${W}: 'egress' is set, but 'networkPolicy' is false, so all egress is allowed anyway; leave 'egress' out, or let the workload have its NetworkPolicy`,
  ],
  [
    'a workload named like the default deny',
    (c) => web(c, {}, 'default-deny'),
    "WebService 'dev/default-deny': 'name' 'default-deny' is already used by NetworkPolicies 'dev/network-policies' for a NetworkPolicy; give each workload a unique name in its environment",
  ],
];

/** Mistakes in the platform declaration: [what, the node pool, the exact message]. */
const poolCases: [string, Record<string, unknown>, string][] = [
  [
    'a taint value with a space',
    { taints: [{ key: 'team', value: 'batch jobs', effect: 'NoSchedule' }] },
    "Platform 'shop' environment 'dev' node pool 'batch': 'taints[0].value' is \"batch jobs\", which is not a valid label value; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. '1.0.0-build.5')",
  ],
  [
    'a taint key with a space',
    { taints: [{ key: 'my key', value: 'x', effect: 'NoSchedule' }] },
    "Platform 'shop' environment 'dev' node pool 'batch': 'taints[0].key' is \"my key\", which is not a qualified name; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. 'MyName', 'my.name', '123-abc')",
  ],
  [
    'an unknown taint effect',
    { taints: [{ key: 'team', value: 'x', effect: 'Sometimes' }] },
    "Platform 'shop' environment 'dev' node pool 'batch': 'taints[0].effect' is \"Sometimes\"; use 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'",
  ],
  [
    'a node label value with a space',
    { labels: { team: 'a b' } },
    "Platform 'shop' environment 'dev' node pool 'batch': 'labels.team' is \"a b\", which is not a valid label value; use letters, digits, '-', '_' and '.', starting and ending with a letter or digit (e.g. '1.0.0-build.5')",
  ],
];

describe('a bad platform declaration is a PlatformError with the exact message', () => {
  it.each(poolCases)('%s', (_what, pool, message) => {
    const declare = () =>
      definePlatform({
        name: 'shop',
        environments: {
          dev: {
            nodePools: {
              general: { machineType: 'e2-standard-2' },
              batch: { machineType: 'e2-standard-2', ...pool },
            },
          },
        },
      });
    expect(declare).toThrow(PlatformError);
    expect(declare).toThrow(message);
  });
});

describe('bad input is a PlatformError with the exact message', () => {
  it.each(cases)('%s', (_what, define, message) => {
    expect(refusal(define)).toBe(message);
  });
});

/** Every object of one environment, by `Kind/name`. */
function synthesized(define: Define, environment: Env = 'dev'): Map<string, Record<string, any>> {
  const [manifests] = synthesizePlatform(platform, define, { environments: [environment] });
  return new Map(
    manifests.objects.map((o: Record<string, any>) => [`${o.kind}/${o.metadata.name}`, o]),
  );
}
const pod = (objects: Map<string, Record<string, any>>, name = 'Deployment/web') =>
  objects.get(name)?.spec.template.spec;

describe('legitimate edge inputs synthesize', () => {
  it('Secret names are DNS subdomains: web.tls', () => {
    const objects = synthesized((c) =>
      web(c, {
        secretMounts: { '/etc/tls': 'web.tls' },
        secretEnv: { TLS_KEY_PASSWORD: { secret: 'web.tls', key: 'tls.key-password' } },
      }),
    );
    const spec = pod(objects);
    expect(spec.volumes).toContainEqual(
      expect.objectContaining({ secret: { secretName: 'web.tls', defaultMode: 0o440 } }),
    );
    expect(spec.containers[0].env[0].valueFrom.secretKeyRef).toEqual({
      name: 'web.tls',
      key: 'tls.key-password',
      optional: false,
    });
  });

  // '1e3m' is not one: apimachinery's parseQuantityString takes one suffix, an exponent or a unit.
  it.each([
    ['5e-1', '1000m'],
    ['.5', '1000m'],
    ['1.', '2000m'],
    ['250m', '500m'],
  ])('CPU %s is a Kubernetes quantity (limit twice the request: %s)', (cpu, limit) => {
    const container = pod(synthesized((c) => web(c, { resources: { cpu } }))).containers[0];
    expect(container.resources.requests.cpu).toBe(cpu);
    expect(container.resources.limits.cpu).toBe(limit);
  });

  it('memory 0.5Gi and 1e9 are whole numbers of bytes', () => {
    const container = pod(
      synthesized((c) => web(c, { resources: { memory: '0.5Gi', memoryLimit: '1e9' } })),
    ).containers[0];
    expect(container.resources.requests.memory).toBe('0.5Gi');
    expect(container.resources.limits.memory).toBe('1e9');
  });

  it('an HPA target above 100% of the request', () => {
    const objects = synthesized((c) =>
      web(c, { autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 150 } }),
    );
    expect(objects.get('HorizontalPodAutoscaler/web')?.spec.metrics[0].resource.target).toEqual({
      type: 'Utilization',
      averageUtilization: 150,
    });
  });

  it("rollouts with maxSurge 0 and maxUnavailable '100%', or maxSurge '150%'", () => {
    const strategy = (props: Partial<WebServiceProps<Env>>) =>
      synthesized((c) => web(c, props)).get('Deployment/web')?.spec.strategy.rollingUpdate;
    expect(strategy({ maxSurge: 0, maxUnavailable: '100%' })).toEqual({
      maxSurge: 0,
      maxUnavailable: '100%',
    });
    expect(strategy({ maxSurge: '150%' })).toEqual({ maxSurge: '150%', maxUnavailable: 0 });
  });

  it.each([
    'localhost:5000/web:1.0',
    `registry.example.com:5000/team/web@sha256:${'a'.repeat(64)}`,
    'ghcr.io/acme/web:v1.2.3-rc.1',
    'nginx:1.27.0-alpine',
    `nginx:1.27.0@sha256:${'b'.repeat(64)}`,
    'docker.io/library/redis:7.2',
  ])('the image %s', (image) => {
    expect(pod(synthesized((c) => web(c, { image }))).containers[0].image).toBe(image);
  });

  it("version '1.0.0-build.5' as the version label", () => {
    const objects = synthesized((c) => web(c, { version: '1.0.0-build.5' }));
    expect(objects.get('Deployment/web')?.metadata.labels['app.kubernetes.io/version']).toBe(
      '1.0.0-build.5',
    );
  });

  it("config files '/etc/a.b' and '/etc/a/b' under two different keys", () => {
    const objects = synthesized((c) =>
      web(c, { configFiles: { '/etc/a.b': 'first', '/etc/a/b': 'second' } }),
    );
    const data = objects.get('ConfigMap/web-config')?.data;
    expect(Object.values(data).sort()).toEqual(['first', 'second']);
    const mounts = pod(objects).containers[0].volumeMounts.filter(
      (m: Record<string, string>) => m.name === 'config',
    );
    expect(mounts.map((m: Record<string, string>) => data[m.subPath])).toEqual(['first', 'second']);
  });

  it('a sidecar with a 55-character name and its scratch volume', () => {
    const name = `log-${'x'.repeat(51)}`;
    const spec = pod(
      synthesized((c) => web(c, { sidecars: [{ name, image: 'fluent/fluent-bit:3.1.4' }] })),
    );
    const volumes = spec.volumes.map((v: Record<string, string>) => v.name);
    expect(volumes.every((v: string) => v.length <= 63)).toBe(true);
    expect(spec.containers[1].volumeMounts[0].name).toBe(volumes[1]);
  });

  it('time zones of the tz database: America/Argentina/Buenos_Aires, Etc/GMT+5, UTC', () => {
    for (const timeZone of ['America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'UTC']) {
      const objects = synthesized((c) => {
        new CronTask(c, 'job', { image: IMAGE, schedule: '0 3 * * *', timeZone });
      });
      expect(objects.get('CronJob/job')?.spec.timeZone).toBe(timeZone);
    }
  });

  it("env names with dots ('spring.profiles.active') and port names such as 'grpc-web'", () => {
    const objects = synthesized((c) =>
      web(c, { env: { 'spring.profiles.active': 'dev' }, portName: 'grpc-web' }),
    );
    expect(pod(objects).containers[0].env).toEqual([
      { name: 'spring.profiles.active', value: 'dev' },
    ]);
    expect(objects.get('Service/web')?.spec.ports[0].name).toBe('grpc-web');
  });

  it("WebService 'web' behind WebEntrypoint 'web', and one service behind two entrypoints", () => {
    const objects = synthesized((c) => {
      const service = web(c);
      entry(c, { staticIp: 'web' }).route('/', service);
      new WebEntrypoint(c, 'admin', {}).route('/admin', service);
    });
    expect([...objects.keys()].filter((k) => /^(Ingress|BackendConfig)\//.test(k))).toEqual([
      'BackendConfig/web',
      'Ingress/web',
      'Ingress/admin',
    ]);
  });

  it('a host route on an entrypoint without hosts', () => {
    const objects = synthesized((c) => entry(c).route('/', web(c), { host: 'api.example.com' }));
    expect(objects.get('Ingress/web')?.spec.rules).toEqual([
      {
        host: 'api.example.com',
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: 'web', port: { number: 80 } } },
            },
          ],
        },
      },
    ]);
  });
});
