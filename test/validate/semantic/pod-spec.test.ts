import {
  type Case,
  container,
  make,
  type Pass,
  pod,
  problems,
  runCases,
  runPasses,
} from './fixtures';

const C = 'spec.template.spec.containers[0]';
const P = 'spec.template.spec';

// validateContainerCommon and what it calls (pkg/apis/core/validation).
describe('containers', () => {
  runCases([
    [
      'no container',
      'Deployment',
      (o) => (pod(o).containers = []),
      `${P}.containers`,
      'is empty',
      'validateContainers',
    ],
    [
      'a container name of 64 characters (a sidecar name of 55 plus a suffix)',
      'Deployment',
      (o) => (container(o).name = 'a'.repeat(64)),
      `${C}.name`,
      'is "' + 'a'.repeat(64) + '", which is longer than 63 characters',
      'ValidateDNS1123Label',
    ],
    [
      'a container name with an underscore',
      'Deployment',
      (o) => (container(o).name = 'web_app'),
      `${C}.name`,
      'is "web_app", which is not a DNS-1123 label',
      'validateContainerCommon',
    ],
    [
      'two containers with one name',
      'Deployment',
      (o) => pod(o).containers.push({ ...container(o), ports: [] }),
      `${P}.containers[1].name`,
      'is "web", the name of an earlier container',
      'validateContainers (Duplicate)',
    ],
    [
      'an init container named like a container',
      'Deployment',
      (o) => (pod(o).initContainers = [{ name: 'web', image: 'busybox:1.36' }]),
      `${P}.initContainers[0].name`,
      'is "web", the name of another container of the pod',
      'validateInitContainers (Duplicate)',
    ],
    [
      'an empty image',
      'Deployment',
      (o) => (container(o).image = ''),
      `${C}.image`,
      'is missing',
      'validateContainerCommon',
    ],
    [
      'an image with a trailing space',
      'Deployment',
      (o) => (container(o).image = 'web:1.2.3 '),
      `${C}.image`,
      'is "web:1.2.3 ", with leading or trailing whitespace, so its pods are refused',
      'validateContainerOnlyForPod',
    ],
    [
      'an imagePullPolicy of always',
      'Deployment',
      (o) => (container(o).imagePullPolicy = 'always'),
      `${C}.imagePullPolicy`,
      'is "always"',
      'validatePullPolicy',
    ],
    [
      'a terminationMessagePolicy of Logs',
      'Deployment',
      (o) => (container(o).terminationMessagePolicy = 'Logs'),
      `${C}.terminationMessagePolicy`,
      'is "Logs"',
      'validateContainerCommon',
    ],
    [
      'a restartPolicy on a regular container',
      'Deployment',
      (o) => (container(o).restartPolicy = 'Always'),
      `${C}.restartPolicy`,
      'is set on a regular container',
      'may not be set for non-init containers',
    ],
    [
      'an init container restartPolicy of OnFailure',
      'Deployment',
      (o) =>
        (pod(o).initContainers = [
          { name: 'init', image: 'busybox:1.36', restartPolicy: 'OnFailure' },
        ]),
      `${P}.initContainers[0].restartPolicy`,
      'is "OnFailure"',
      'validateInitContainerRestartPolicy',
    ],
    [
      'a probe on an init container that is no sidecar',
      'Deployment',
      (o) =>
        (pod(o).initContainers = [
          { name: 'init', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] } } },
        ]),
      `${P}.initContainers[0].readinessProbe`,
      'is set on an init container that is no sidecar',
      'may not be set for init containers without restartPolicy=Always',
    ],
    [
      'a resizePolicy on an init container that is no sidecar',
      'Deployment',
      (o) =>
        (pod(o).initContainers = [
          {
            name: 'init',
            image: 'busybox:1.36',
            resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          },
        ]),
      `${P}.initContainers[0].resizePolicy`,
      'is set on an init container that is no sidecar',
      'must not be set for init containers',
    ],
    [
      'an ephemeral container in a template',
      'Deployment',
      (o) => (pod(o).ephemeralContainers = [{ name: 'debug', image: 'busybox' }]),
      `${P}.ephemeralContainers`,
      'is set in a pod template',
      'ValidatePodTemplateSpec',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'a sidecar (init container with restartPolicy Always) with probes',
      'Deployment',
      (o) =>
        (pod(o).initContainers = [
          {
            name: 'proxy',
            image: 'envoy:1.30',
            restartPolicy: 'Always',
            ports: [{ name: 'admin', containerPort: 9901 }],
            readinessProbe: { httpGet: { path: '/ready', port: 'admin' } },
          },
        ]),
    ],
    [
      'a sidecar with every probe, a lifecycle hook and a resizePolicy',
      'Job',
      (o) =>
        (pod(o).initContainers = [
          {
            name: 'proxy',
            image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0',
            restartPolicy: 'Always',
            ports: [{ name: 'health', containerPort: 9090 }],
            startupProbe: { httpGet: { path: '/startup', port: 'health' }, failureThreshold: 30 },
            readinessProbe: { httpGet: { path: '/readiness', port: 'health' } },
            livenessProbe: { httpGet: { path: '/liveness', port: 'health' } },
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          },
        ]),
    ],
    [
      'a container name of 63 characters',
      'Deployment',
      (o) => (container(o).name = 'a'.repeat(63)),
    ],
  ] satisfies Pass[]);
});

// validateContainerPorts, warningsForPodSpecAndMeta, podutil.FindPort, validatePodHostNetworkDeps.
describe('ports', () => {
  runCases([
    [
      'a port name of digits',
      'Deployment',
      (o) => (container(o).ports[0].name = '8080'),
      `${C}.ports[0].name`,
      'is "8080", which has no lower-case letter',
      'IsValidPortName',
    ],
    [
      'a port name with --',
      'Deployment',
      (o) => (container(o).ports[0].name = 'http--alt'),
      `${C}.ports[0].name`,
      `is "http--alt", which has '--'`,
      'IsValidPortName',
    ],
    [
      'a port name of 16 characters',
      'Deployment',
      (o) => (container(o).ports[0].name = 'abcdefghijklmnop'),
      `${C}.ports[0].name`,
      'is "abcdefghijklmnop", which is not 1 to 15 characters long',
      'IsValidPortName',
    ],
    [
      'two ports with one name',
      'Deployment',
      (o) => container(o).ports.push({ name: 'http', containerPort: 8081 }),
      `${C}.ports[1].name`,
      'is "http", the name of an earlier port of this container',
      'validateContainerPorts (Duplicate)',
    ],
    [
      'a containerPort of 0',
      'Deployment',
      (o) => (container(o).ports[0].containerPort = 0),
      `${C}.ports[0].containerPort`,
      'is missing',
      'validateContainerPorts',
    ],
    [
      'a containerPort of 70000',
      'Deployment',
      (o) => (container(o).ports[0].containerPort = 70000),
      `${C}.ports[0].containerPort`,
      'is 70000, which is not a port number',
      'IsValidPortNum',
    ],
    [
      'a hostPort of 70000',
      'Deployment',
      (o) => (container(o).ports[0].hostPort = 70000),
      `${C}.ports[0].hostPort`,
      'is 70000, which is not a port number',
      'IsValidPortNum',
    ],
    [
      'a protocol of tcp',
      'Deployment',
      (o) => (container(o).ports[0].protocol = 'tcp'),
      `${C}.ports[0].protocol`,
      'is "tcp"',
      'validateContainerPorts',
    ],
    [
      'the same containerPort in two containers',
      'Deployment',
      (o) =>
        pod(o).containers.push({
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 8080 }],
        }),
      `${P}.containers[1].ports[0]`,
      `repeats containerPort 8080/TCP of ${C}.ports[0]`,
      'warningsForPodSpecAndMeta (duplicate port definition)',
    ],
    [
      'one port name in two containers',
      'Deployment',
      (o) =>
        pod(o).containers.push({
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 8081 }],
        }),
      `${P}.containers[1].ports[0].name`,
      `is "http", which ${C}.ports[0] also has, so a Service targetPort "http" only ever reaches the first`,
      'podutil.FindPort',
    ],
    [
      'a hostPort other than containerPort on the host network',
      'DaemonSet',
      (o) => ((pod(o).hostNetwork = true), (container(o).ports[0].hostPort = 80)),
      `${C}.ports[0].hostPort`,
      'is 80, not the containerPort 8080, in a pod on the host network',
      'validatePodHostNetworkDeps',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'hostPort equal to containerPort on the host network',
      'DaemonSet',
      (o) => ((pod(o).hostNetwork = true), (container(o).ports[0].hostPort = 8080)),
    ],
    [
      'no hostPort on the host network (defaulted in the pod)',
      'DaemonSet',
      (o) => (pod(o).hostNetwork = true),
    ],
    [
      'the same port number over TCP and UDP',
      'Deployment',
      (o) => container(o).ports.push({ name: 'dns-udp', containerPort: 8080, protocol: 'UDP' }),
    ],
    [
      'the same port in an init container that is no sidecar (it runs before)',
      'Deployment',
      (o) =>
        (pod(o).initContainers = [
          { name: 'warm', image: 'busybox:1.36', ports: [{ containerPort: 8080 }] },
        ]),
    ],
  ] satisfies Pass[]);
});

// ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom.
describe('environment', () => {
  runCases([
    [
      'an env name with a space (secretEnv key "api key")',
      'Deployment',
      (o) => (container(o).env = [{ name: 'api key', value: 'x' }]),
      `${C}.env[0].name`,
      'is "api key", which is not a valid environment variable name',
      'IsEnvVarName',
    ],
    [
      'an env name starting with a digit',
      'Deployment',
      (o) => (container(o).env = [{ name: '1ST', value: 'x' }]),
      `${C}.env[0].name`,
      'is "1ST", which is not a valid environment variable name',
      'IsEnvVarName',
    ],
    [
      'an env without a name',
      'Deployment',
      (o) => (container(o).env = [{ value: 'x' }]),
      `${C}.env[0].name`,
      'is missing',
      'ValidateEnv',
    ],
    [
      'valueFrom next to value',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 'web', key: 'a' } } },
        ]),
      `${C}.env[0].valueFrom`,
      'is set next to a value',
      'validateEnvVarValueFrom',
    ],
    [
      'valueFrom with two sources',
      'Deployment',
      (o) =>
        (container(o).env = [
          {
            name: 'A',
            valueFrom: {
              secretKeyRef: { name: 'web', key: 'a' },
              configMapKeyRef: { name: 'web', key: 'a' },
            },
          },
        ]),
      `${C}.env[0].valueFrom`,
      'has configMapKeyRef and secretKeyRef',
      'validateEnvVarValueFrom',
    ],
    [
      'valueFrom without a source',
      'Deployment',
      (o) => (container(o).env = [{ name: 'A', valueFrom: {} }]),
      `${C}.env[0].valueFrom`,
      'has no source',
      'validateEnvVarValueFrom',
    ],
    [
      'a secretKeyRef name with an underscore',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'web_db', key: 'url' } } },
        ]),
      `${C}.env[0].valueFrom.secretKeyRef.name`,
      'is "web_db", which is not a DNS-1123 subdomain',
      'validateSecretKeySelector',
    ],
    [
      'a secretKeyRef key with a space',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'web', key: 'api key' } } },
        ]),
      `${C}.env[0].valueFrom.secretKeyRef.key`,
      'is "api key", which is not a valid config key',
      'IsConfigMapKey',
    ],
    [
      'a configMapKeyRef without a key',
      'Deployment',
      (o) => (container(o).env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'web' } } }]),
      `${C}.env[0].valueFrom.configMapKeyRef.key`,
      'is missing',
      'validateConfigMapKeySelector',
    ],
    [
      'a fieldRef to an unknown field',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } },
        ]),
      `${C}.env[0].valueFrom.fieldRef.fieldPath`,
      'is "spec.hostname"',
      'validateObjectFieldSelector',
    ],
    [
      'a resourceFieldRef to an unknown resource',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
        ]),
      `${C}.env[0].valueFrom.resourceFieldRef.resource`,
      'is "limits.gpu"',
      'validateContainerResourceFieldSelector',
    ],
    [
      'an envFrom with both sources',
      'Deployment',
      (o) => (container(o).envFrom = [{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }]),
      `${C}.envFrom[0]`,
      'has both configMapRef and secretRef',
      'ValidateEnvFrom',
    ],
    [
      'an envFrom prefix with a space',
      'Deployment',
      (o) => (container(o).envFrom = [{ prefix: 'MY ', configMapRef: { name: 'a' } }]),
      `${C}.envFrom[0].prefix`,
      'is "MY ", which is not a valid environment variable name',
      'IsEnvVarName',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'env names with dots and dashes',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'my.env-name', value: 'x' },
          { name: '_A', value: '' },
        ]),
    ],
    [
      'a fieldRef to a label',
      'Deployment',
      (o) =>
        (container(o).env = [
          {
            name: 'VERSION',
            valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } },
          },
        ]),
    ],
    [
      'a secretKeyRef to web.tls',
      'Deployment',
      (o) =>
        (container(o).env = [
          { name: 'CERT', valueFrom: { secretKeyRef: { name: 'web.tls', key: 'tls.crt' } } },
        ]),
    ],
  ] satisfies Pass[]);
});

// ValidateVolumes, validateVolumeSource, ValidateVolumeMounts.
describe('volumes and mounts', () => {
  runCases([
    [
      'a volume name of 64 characters (derived from a long sidecar name)',
      'Deployment',
      (o) => (
        (pod(o).volumes[0].name = `${'a'.repeat(56)}-scratch`),
        (container(o).volumeMounts[0].name = `${'a'.repeat(56)}-scratch`)
      ),
      `${P}.volumes[0].name`,
      `is "${'a'.repeat(56)}-scratch", which is longer than 63 characters`,
      'ValidateVolumes',
    ],
    [
      'two volumes with one name',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'tmp', emptyDir: {} }),
      `${P}.volumes[1].name`,
      'is "tmp", the name of an earlier volume',
      'ValidateVolumes (Duplicate)',
    ],
    [
      'a volume without a source',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'cache' }),
      `${P}.volumes[1]`,
      'has no volume source',
      'must specify a volume type',
    ],
    [
      'a volume with two sources',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'cache', emptyDir: {}, configMap: { name: 'web' } }),
      `${P}.volumes[1].configMap`,
      'is set next to emptyDir',
      'may not specify more than 1 volume type',
    ],
    [
      'an emptyDir sizeLimit that is no size',
      'Deployment',
      (o) => (pod(o).volumes[0].emptyDir.sizeLimit = '1 GB'),
      `${P}.volumes[0].emptyDir.sizeLimit`,
      'is "1 GB", not a size',
      'emptyDir.sizeLimit',
    ],
    [
      'a configMap volume defaultMode of 0o1000',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'conf', configMap: { name: 'web', defaultMode: 0o1000 } }),
      `${P}.volumes[1].configMap.defaultMode`,
      'is 512, not a file mode',
      'validateConfigMapVolumeSource',
    ],
    [
      'a secret volume without a secretName',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'tls', secret: {} }),
      `${P}.volumes[1].secret.secretName`,
      'is missing',
      'validateSecretVolumeSource',
    ],
    [
      'a secret volume naming a Secret no object can be',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'tls', secret: { secretName: 'Web_TLS' } }),
      `${P}.volumes[1].secret.secretName`,
      'is "Web_TLS", which is not a DNS-1123 subdomain, so no Secret can have that name and the pod never starts',
      'validateSecretVolumeSource',
    ],
    [
      'a claim volume naming a claim no object can be',
      'Deployment',
      (o) =>
        pod(o).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'Shared_Files' } }),
      `${P}.volumes[1].persistentVolumeClaim.claimName`,
      'is "Shared_Files", which is not a DNS-1123 subdomain, so no PersistentVolumeClaim can have that name and the pod never starts',
      'validatePersistentClaimVolumeSource',
    ],
    [
      'an item path with ..',
      'Deployment',
      (o) =>
        pod(o).volumes.push({
          name: 'conf',
          configMap: { name: 'web', items: [{ key: 'a', path: '../a' }] },
        }),
      `${P}.volumes[1].configMap.items[0].path`,
      `is "../a", which contains '..'`,
      'validateKeyToPath',
    ],
    [
      'an absolute item path',
      'Deployment',
      (o) =>
        pod(o).volumes.push({
          name: 'conf',
          configMap: { name: 'web', items: [{ key: 'a', path: '/etc/a' }] },
        }),
      `${P}.volumes[1].configMap.items[0].path`,
      'is "/etc/a", an absolute path',
      'validateKeyToPath',
    ],
    [
      'an item key that is no config key',
      'Deployment',
      (o) =>
        pod(o).volumes.push({
          name: 'conf',
          configMap: { name: 'web', items: [{ key: 'etc/a', path: 'a' }] },
        }),
      `${P}.volumes[1].configMap.items[0].key`,
      'is "etc/a", which is not a valid config key',
      'IsConfigMapKey',
    ],
    [
      'a hostPath with ..',
      'DaemonSet',
      (o) => pod(o).volumes.push({ name: 'logs', hostPath: { path: '/var/log/../../etc' } }),
      `${P}.volumes[1].hostPath.path`,
      `is "/var/log/../../etc", which contains '..'`,
      'validatePathNoBacksteps',
    ],
    [
      'a hostPath type of Dir',
      'DaemonSet',
      (o) => pod(o).volumes.push({ name: 'logs', hostPath: { path: '/var/log', type: 'Dir' } }),
      `${P}.volumes[1].hostPath.type`,
      'is "Dir"',
      'validateHostPathType',
    ],
    [
      'a mount of no volume',
      'Deployment',
      (o) => (container(o).volumeMounts[0].name = 'cache'),
      `${C}.volumeMounts[0].name`,
      'is "cache", which is not a volume of the pod',
      'IsMatchedVolume',
    ],
    [
      'a mount without a mountPath',
      'Deployment',
      (o) => (container(o).volumeMounts[0].mountPath = ''),
      `${C}.volumeMounts[0].mountPath`,
      'is missing',
      'ValidateVolumeMounts',
    ],
    [
      'two mounts at one path',
      'Deployment',
      (o) => (
        pod(o).volumes.push({ name: 'cache', emptyDir: {} }),
        container(o).volumeMounts.push({ name: 'cache', mountPath: '/tmp' })
      ),
      `${C}.volumeMounts[1].mountPath`,
      'is "/tmp", where an earlier mount of this container already is',
      'must be unique',
    ],
    [
      'an absolute subPath',
      'Deployment',
      (o) => (container(o).volumeMounts[0].subPath = '/a'),
      `${C}.volumeMounts[0].subPath`,
      'is "/a", an absolute path',
      'validateLocalDescendingPath',
    ],
    [
      'a subPath with ..',
      'Deployment',
      (o) => (container(o).volumeMounts[0].subPath = 'a/../../b'),
      `${C}.volumeMounts[0].subPath`,
      `is "a/../../b", which contains '..'`,
      'validateLocalDescendingPath',
    ],
    [
      'subPath and subPathExpr',
      'Deployment',
      (o) => Object.assign(container(o).volumeMounts[0], { subPath: 'a', subPathExpr: '$(POD)' }),
      `${C}.volumeMounts[0].subPathExpr`,
      'is set next to subPath',
      'mutually exclusive',
    ],
    [
      'Bidirectional propagation without privilege',
      'Deployment',
      (o) => (container(o).volumeMounts[0].mountPropagation = 'Bidirectional'),
      `${C}.volumeMounts[0].mountPropagation`,
      'is Bidirectional in a container that is not privileged',
      'validateMountPropagation',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'defaultMode 0o777 and item mode 0o400',
      'Deployment',
      (o) =>
        pod(o).volumes.push({
          name: 'conf',
          configMap: {
            name: 'web',
            defaultMode: 0o777,
            items: [{ key: 'a', path: 'conf/a', mode: 0o400 }],
          },
        }),
    ],
    [
      'a secret volume of web.tls',
      'Deployment',
      (o) => pod(o).volumes.push({ name: 'tls', secret: { secretName: 'web.tls' } }),
    ],
    [
      'an emptyDir sizeLimit of 1Gi in memory',
      'Deployment',
      (o) => (pod(o).volumes[0].emptyDir = { medium: 'Memory', sizeLimit: '1Gi' }),
    ],
    [
      'a subPath with .. inside a name (a..b)',
      'Deployment',
      (o) => (container(o).volumeMounts[0].subPath = 'a..b/c'),
    ],
    [
      'one volume mounted by two containers at one path',
      'Deployment',
      (o) =>
        pod(o).containers.push({
          name: 'nginx',
          image: 'nginx:1.27',
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        }),
    ],
  ] satisfies Pass[]);
});

// validateProbe, validateHandler, the kubelet's findPortByName.
describe('probes and hooks', () => {
  runCases([
    [
      'a probe without a handler',
      'Deployment',
      (o) => (container(o).livenessProbe = { periodSeconds: 10 }),
      `${C}.livenessProbe`,
      'has no handler',
      'must specify a handler type',
    ],
    [
      'a probe with two handlers',
      'Deployment',
      (o) => (container(o).readinessProbe.tcpSocket = { port: 8080 }),
      `${C}.readinessProbe.tcpSocket`,
      'is set next to httpGet',
      'may not specify more than 1 handler type',
    ],
    [
      'a probe on a port name no port has',
      'Deployment',
      (o) => (container(o).readinessProbe.httpGet.port = 'metrics'),
      `${C}.readinessProbe.httpGet.port`,
      'is the port name "metrics", which no port of this container has, so the kubelet cannot resolve it and the probe always fails',
      'findPortByName',
    ],
    [
      'a tcpSocket probe on a port name of another container',
      'Deployment',
      (o) => (
        pod(o).containers.push({
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ name: 'proxy', containerPort: 8081 }],
        }),
        (container(o).livenessProbe = { tcpSocket: { port: 'proxy' } })
      ),
      `${C}.livenessProbe.tcpSocket.port`,
      'is the port name "proxy", which no port of this container has, so the kubelet cannot resolve it and the probe always fails',
      'findPortByName',
    ],
    [
      'a probe port of 0',
      'Deployment',
      (o) => (container(o).readinessProbe.httpGet.port = 0),
      `${C}.readinessProbe.httpGet.port`,
      'is 0, which is not a port number',
      'ValidatePortNumOrName',
    ],
    [
      'a probe port name of digits',
      'Deployment',
      (o) => (container(o).readinessProbe.httpGet.port = '8080'),
      `${C}.readinessProbe.httpGet.port`,
      'is "8080", which has no lower-case letter',
      'ValidatePortNumOrName',
    ],
    [
      'a probe scheme of http',
      'Deployment',
      (o) => (container(o).readinessProbe.httpGet.scheme = 'http'),
      `${C}.readinessProbe.httpGet.scheme`,
      'is "http"',
      'validateHTTPGetAction',
    ],
    [
      'a probe header name with a space',
      'Deployment',
      (o) => (container(o).readinessProbe.httpGet.httpHeaders = [{ name: 'X Probe', value: '1' }]),
      `${C}.readinessProbe.httpGet.httpHeaders[0].name`,
      'is "X Probe", which is not an HTTP header name',
      'IsHTTPHeaderName',
    ],
    [
      'an exec probe without a command',
      'Deployment',
      (o) => (container(o).livenessProbe = { exec: { command: [] } }),
      `${C}.livenessProbe.exec.command`,
      'is empty',
      'validateExecAction',
    ],
    [
      'a negative periodSeconds',
      'Deployment',
      (o) => (container(o).readinessProbe.periodSeconds = -1),
      `${C}.readinessProbe.periodSeconds`,
      'is -1, which is negative',
      'ValidateNonnegativeField',
    ],
    [
      'a negative timeoutSeconds',
      'Deployment',
      (o) => (container(o).readinessProbe.timeoutSeconds = -5),
      `${C}.readinessProbe.timeoutSeconds`,
      'is -5, which is negative',
      'ValidateNonnegativeField',
    ],
    [
      'a liveness successThreshold of 2',
      'Deployment',
      (o) =>
        (container(o).livenessProbe = { httpGet: { path: '/', port: 8080 }, successThreshold: 2 }),
      `${C}.livenessProbe.successThreshold`,
      'is 2, but a liveness probe succeeds on its first success',
      'validateLivenessProbe (must be 1)',
    ],
    [
      'a startup successThreshold of 3',
      'Deployment',
      (o) => (container(o).startupProbe = { tcpSocket: { port: 8080 }, successThreshold: 3 }),
      `${C}.startupProbe.successThreshold`,
      'is 3, but a startup probe succeeds on its first success',
      'validateStartupProbe (must be 1)',
    ],
    [
      'a readiness terminationGracePeriodSeconds',
      'Deployment',
      (o) => (container(o).readinessProbe.terminationGracePeriodSeconds = 10),
      `${C}.readinessProbe.terminationGracePeriodSeconds`,
      'is set on a readiness probe',
      'validateReadinessProbe',
    ],
    [
      'a grpc probe port of 0',
      'Deployment',
      (o) => (container(o).livenessProbe = { grpc: { port: 0 } }),
      `${C}.livenessProbe.grpc.port`,
      'is 0, which is not a port number',
      'validateGRPCAction',
    ],
    [
      'a preStop sleep longer than the grace period',
      'Deployment',
      (o) => (container(o).lifecycle = { preStop: { sleep: { seconds: 45 } } }),
      `${C}.lifecycle.preStop.sleep.seconds`,
      'is 45, not between 1 and terminationGracePeriodSeconds (30)',
      'validateSleepAction',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'a readiness successThreshold of 3',
      'Deployment',
      (o) => (container(o).readinessProbe.successThreshold = 3),
    ],
    [
      'zeros, which are defaulted (periodSeconds 10, timeoutSeconds 1, thresholds 1 and 3)',
      'Deployment',
      (o) =>
        Object.assign(container(o).readinessProbe, {
          periodSeconds: 0,
          timeoutSeconds: 0,
          successThreshold: 0,
          failureThreshold: 0,
        }),
    ],
    [
      'a probe on a port number no port declares',
      'Deployment',
      (o) => (container(o).livenessProbe = { httpGet: { path: '/', port: 9090 } }),
    ],
    [
      'a liveness successThreshold of 1',
      'Deployment',
      (o) =>
        (container(o).livenessProbe = {
          httpGet: { path: '/', port: 'http' },
          successThreshold: 1,
        }),
    ],
    [
      'a preStop sleep of 5 seconds',
      'Deployment',
      (o) => (container(o).lifecycle = { preStop: { sleep: { seconds: 5 } } }),
    ],
  ] satisfies Pass[]);
});

// validateResourceRequirements (ValidateContainerResourceRequirements).
describe('resources', () => {
  const set = (o: any, r: object) => (container(o).resources = r);
  runCases([
    [
      'a CPU of 1e3m (nothing may follow an exponent)',
      'Deployment',
      (o) => set(o, { requests: { cpu: '1e3m' } }),
      `${C}.resources.requests["cpu"]`,
      'is "1e3m", which is not a Kubernetes quantity',
      'resource.ParseQuantity',
    ],
    [
      'a memory of 1 GB',
      'Deployment',
      (o) => set(o, { limits: { memory: '1 GB' } }),
      `${C}.resources.limits["memory"]`,
      'is "1 GB", which is not a Kubernetes quantity',
      'resource.ParseQuantity',
    ],
    [
      'a memory of 512mb',
      'Deployment',
      (o) => set(o, { requests: { memory: '512mb' } }),
      `${C}.resources.requests["memory"]`,
      'is "512mb", which is not a Kubernetes quantity',
      'resource.ParseQuantity',
    ],
    [
      'a negative CPU',
      'Deployment',
      (o) => set(o, { requests: { cpu: '-1' } }),
      `${C}.resources.requests["cpu"]`,
      'is "-1", which is negative',
      'ValidateNonnegativeQuantity',
    ],
    [
      'a request above the limit',
      'Deployment',
      (o) => set(o, { requests: { cpu: '2' }, limits: { cpu: '1500m' } }),
      `${C}.resources.requests["cpu"]`,
      'is "2", more than the cpu limit "1500m"',
      'validateResourceRequirements',
    ],
    [
      'a GPU request without a limit',
      'Deployment',
      (o) => set(o, { requests: { 'nvidia.com/gpu': 1 } }),
      `${C}.resources.limits`,
      'has no nvidia.com/gpu, which is requested and cannot be overcommitted',
      'Limit must be set for non overcommitable resources',
    ],
    [
      'a GPU request below its limit',
      'Deployment',
      (o) => set(o, { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } }),
      `${C}.resources.requests["nvidia.com/gpu"]`,
      'is 1, but the nvidia.com/gpu limit is 2 and nvidia.com/gpu cannot be overcommitted',
      'IsOvercommitAllowed',
    ],
    [
      'half a GPU',
      'Deployment',
      (o) => set(o, { limits: { 'nvidia.com/gpu': '500m' } }),
      `${C}.resources.limits["nvidia.com/gpu"]`,
      'is "500m", but nvidia.com/gpu is counted in whole units',
      'IsIntegerResourceName',
    ],
    [
      'an unknown unprefixed resource',
      'Deployment',
      (o) => set(o, { limits: { gpu: 1 } }),
      `${C}.resources.limits["gpu"]`,
      'names the resource "gpu", which is no standard container resource',
      'IsStandardContainerResourceName',
    ],
    [
      'huge pages without cpu or memory',
      'Deployment',
      (o) =>
        set(o, { limits: { 'hugepages-2Mi': '100Mi' }, requests: { 'hugepages-2Mi': '100Mi' } }),
      `${C}.resources`,
      'asks for huge pages without cpu or memory',
      'HugePages require cpu or memory',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'a CPU of 1e3 (1000 cores, a decimal exponent)',
      'Deployment',
      (o) => set(o, { requests: { cpu: '1e3' } }),
    ],
    [
      'CPUs as numbers and millicores',
      'Deployment',
      (o) => set(o, { requests: { cpu: 0.5 }, limits: { cpu: '500m' } }),
    ],
    [
      'requests equal to limits across suffixes',
      'Deployment',
      (o) => set(o, { requests: { memory: '1024Mi' }, limits: { memory: '1Gi' } }),
    ],
    [
      'a GPU in limits only (the request defaults to it)',
      'Deployment',
      (o) => set(o, { limits: { 'nvidia.com/gpu': 2 } }),
    ],
    [
      'a GPU request equal to its limit',
      'Deployment',
      (o) => set(o, { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': 1 } }),
    ],
    [
      'ephemeral-storage and .5 cores',
      'Deployment',
      (o) => set(o, { requests: { 'ephemeral-storage': '1Gi', cpu: '.5' } }),
    ],
  ] satisfies Pass[]);
});

// ValidateSecurityContext, validatePodSpecSecurityContext, kubelet verifyRunAsNonRoot.
describe('security contexts', () => {
  runCases([
    [
      'runAsNonRoot with runAsUser 0 in the container',
      'Deployment',
      (o) => (container(o).securityContext = { runAsNonRoot: true, runAsUser: 0 }),
      `${C}.securityContext.runAsNonRoot`,
      'is true while securityContext.runAsUser is 0 (root), so the kubelet refuses to start the container',
      'verifyRunAsNonRoot',
    ],
    [
      'runAsNonRoot in the container with the pod running as 0',
      'Deployment',
      (o) => (
        (pod(o).securityContext = { runAsUser: 0 }),
        (container(o).securityContext = { runAsNonRoot: true })
      ),
      `${C}.securityContext.runAsNonRoot`,
      "is true while the pod's securityContext.runAsUser is 0 (root), so the kubelet refuses to start the container",
      'verifyRunAsNonRoot',
    ],
    [
      'a negative runAsUser',
      'Deployment',
      (o) => (container(o).securityContext = { runAsUser: -1 }),
      `${C}.securityContext.runAsUser`,
      'is -1, which is not a user or group ID',
      'IsValidUserID',
    ],
    [
      'a pod fsGroup of 2^31',
      'Deployment',
      (o) => (pod(o).securityContext = { fsGroup: 2147483648 }),
      `${P}.securityContext.fsGroup`,
      'is 2147483648, which is not a user or group ID',
      'IsValidGroupID',
    ],
    [
      'no escalation with privileged',
      'Deployment',
      (o) => (container(o).securityContext = { allowPrivilegeEscalation: false, privileged: true }),
      `${C}.securityContext.allowPrivilegeEscalation`,
      'is false while privileged is true',
      'cannot set allowPrivilegeEscalation to false and privileged to true',
    ],
    [
      'a capability written with CAP_',
      'Deployment',
      (o) => (container(o).securityContext = { capabilities: { add: ['CAP_NET_BIND_SERVICE'] } }),
      `${C}.securityContext.capabilities.add[0]`,
      'is "CAP_NET_BIND_SERVICE", but the runtime adds the CAP_ prefix itself',
      'CAP_ prefix',
    ],
    [
      'a seccomp type of default',
      'Deployment',
      (o) => (pod(o).securityContext = { seccompProfile: { type: 'default' } }),
      `${P}.securityContext.seccompProfile.type`,
      'is "default"',
      'validateSeccompProfileType',
    ],
    [
      'a Localhost seccomp profile without a file',
      'Deployment',
      (o) => (container(o).securityContext = { seccompProfile: { type: 'Localhost' } }),
      `${C}.securityContext.seccompProfile.localhostProfile`,
      'is missing with type Localhost',
      'validateSeccompProfileField',
    ],
    [
      'a sysctl that is no name',
      'Deployment',
      (o) => (pod(o).securityContext = { sysctls: [{ name: 'net core', value: '1' }] }),
      `${P}.securityContext.sysctls[0].name`,
      'is "net core", not a sysctl name',
      'IsValidSysctlName',
    ],
    [
      'procMount Unmasked with host users',
      'Deployment',
      (o) => (container(o).securityContext = { procMount: 'Unmasked' }),
      `${C}.securityContext.procMount`,
      'is Unmasked in a pod that uses the host user namespace',
      'procMount',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'runAsNonRoot with a non-zero user',
      'Deployment',
      (o) =>
        (container(o).securityContext = {
          runAsNonRoot: true,
          runAsUser: 10001,
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
        }),
    ],
    [
      'runAsUser 0 without runAsNonRoot (a root agent)',
      'DaemonSet',
      (o) => (container(o).securityContext = { runAsUser: 0 }),
    ],
    [
      'the container overriding the pod: runAsUser 1000 under a root pod with runAsNonRoot',
      'Deployment',
      (o) => (
        (pod(o).securityContext = { runAsUser: 0 }),
        (container(o).securityContext = { runAsNonRoot: true, runAsUser: 1000 })
      ),
    ],
  ] satisfies Pass[]);
});

// Pod-level: ValidatePodSpec, ValidateTolerations, validateAffinity, validateTopologySpreadConstraints.
describe('pod spec and scheduling', () => {
  runCases([
    [
      'a dnsPolicy of Cluster',
      'Deployment',
      (o) => (pod(o).dnsPolicy = 'Cluster'),
      `${P}.dnsPolicy`,
      'is "Cluster"',
      'validateDNSPolicy',
    ],
    [
      'dnsPolicy None without nameservers',
      'Deployment',
      (o) => (pod(o).dnsPolicy = 'None'),
      `${P}.dnsConfig.nameservers`,
      "is empty with dnsPolicy 'None'",
      'validatePodDNSConfig',
    ],
    [
      'a serviceAccountName with an underscore',
      'Deployment',
      (o) => (pod(o).serviceAccountName = 'web_sa'),
      `${P}.serviceAccountName`,
      'is "web_sa", which is not a DNS-1123 subdomain',
      'ValidateServiceAccountName',
    ],
    [
      'a negative terminationGracePeriodSeconds',
      'Deployment',
      (o) => (pod(o).terminationGracePeriodSeconds = -1),
      `${P}.terminationGracePeriodSeconds`,
      'is -1, which Kubernetes turns into 1 second',
      'kubernetes#115606',
    ],
    [
      'a hostname with a dot',
      'Deployment',
      (o) => (pod(o).hostname = 'web.local'),
      `${P}.hostname`,
      `is "web.local", which is not a DNS-1123 label (it has '.')`,
      'ValidateDNS1123Label',
    ],
    [
      'a priorityClassName in upper case',
      'Deployment',
      (o) => (pod(o).priorityClassName = 'High'),
      `${P}.priorityClassName`,
      'is "High", which is not a DNS-1123 subdomain',
      'ValidatePriorityClassName',
    ],
    [
      'a nodeSelector value with a space',
      'Deployment',
      (o) => (pod(o).nodeSelector = { 'cloud.google.com/gke-nodepool': 'general pool' }),
      `${P}.nodeSelector["cloud.google.com/gke-nodepool"]`,
      'is "general pool", which is not a valid label value',
      'nodeSelector',
    ],
    [
      'a nodeSelector key with two slashes',
      'Deployment',
      (o) => (pod(o).nodeSelector = { 'a/b/c': 'x' }),
      `${P}.nodeSelector`,
      `has the key "a/b/c", which has more than one '/'`,
      'nodeSelector',
    ],
    [
      'a toleration key with a space',
      'Deployment',
      (o) => (pod(o).tolerations = [{ key: 'gpu type', operator: 'Exists' }]),
      `${P}.tolerations[0].key`,
      'is "gpu type", which is not a qualified name',
      'ValidateTolerations',
    ],
    [
      'a toleration value with a space (a taint value)',
      'Deployment',
      (o) =>
        (pod(o).tolerations = [
          { key: 'dedicated', operator: 'Equal', value: 'batch jobs', effect: 'NoSchedule' },
        ]),
      `${P}.tolerations[0].value`,
      'is "batch jobs", which is not a valid label value',
      'IsValidLabelValue',
    ],
    [
      'a toleration value with Exists',
      'Deployment',
      (o) => (pod(o).tolerations = [{ key: 'dedicated', operator: 'Exists', value: 'batch' }]),
      `${P}.tolerations[0].value`,
      'is "batch" with operator Exists',
      "value must be empty when operator is 'Exists'",
    ],
    [
      'an empty toleration key with Equal',
      'Deployment',
      (o) => (pod(o).tolerations = [{ operator: 'Equal', value: 'x' }]),
      `${P}.tolerations[0].operator`,
      'is "Equal" with an empty key',
      'ValidateTolerations',
    ],
    [
      'tolerationSeconds with NoSchedule',
      'Deployment',
      (o) =>
        (pod(o).tolerations = [
          { key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 },
        ]),
      `${P}.tolerations[0].effect`,
      'is "NoSchedule" while tolerationSeconds is set',
      "effect must be 'NoExecute' when tolerationSeconds is set",
    ],
    [
      'a toleration effect of NoScheduling',
      'Deployment',
      (o) => (pod(o).tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoScheduling' }]),
      `${P}.tolerations[0].effect`,
      'is "NoScheduling"',
      'validateTaintEffect',
    ],
    [
      'a toleration operator of In',
      'Deployment',
      (o) => (pod(o).tolerations = [{ key: 'a', operator: 'In', value: 'b' }]),
      `${P}.tolerations[0].operator`,
      'is "In"',
      'ValidateTolerations',
    ],
    [
      'a node affinity term without terms',
      'Deployment',
      (o) =>
        (pod(o).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] },
          },
        }),
      `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
      'is empty',
      'ValidateNodeSelector',
    ],
    [
      'a node affinity In without values',
      'Deployment',
      (o) =>
        (pod(o).affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'pool', operator: 'In', values: [] }] },
              ],
            },
          },
        }),
      `${P}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`,
      'is empty with operator In',
      'ValidateNodeSelectorRequirement',
    ],
    [
      'a preferred weight of 0',
      'Deployment',
      (o) =>
        (pod(o).affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 0,
                podAffinityTerm: {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchLabels: { a: 'b' } },
                },
              },
            ],
          },
        }),
      `${P}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
      'is 0',
      'validateWeightedPodAffinityTerms',
    ],
    [
      'a pod affinity term without topologyKey',
      'Deployment',
      (o) =>
        (pod(o).affinity = {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { a: 'b' } } },
            ],
          },
        }),
      `${P}.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey`,
      'is missing',
      'topologyKey can not be empty',
    ],
    [
      'a spread maxSkew of 0',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [
          {
            maxSkew: 0,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
          },
        ]),
      `${P}.topologySpreadConstraints[0].maxSkew`,
      'is 0',
      'ValidateMaxSkew',
    ],
    [
      'a spread whenUnsatisfiable of Schedule',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'Schedule' },
        ]),
      `${P}.topologySpreadConstraints[0].whenUnsatisfiable`,
      'is "Schedule"',
      'ValidateWhenUnsatisfiable',
    ],
    [
      'a spread constraint without topologyKey',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }]),
      `${P}.topologySpreadConstraints[0].topologyKey`,
      'is missing',
      'ValidateTopologyKey',
    ],
    [
      'two spread constraints on one key and action',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [1, 2].map((maxSkew) => ({
          maxSkew,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
        }))),
      `${P}.topologySpreadConstraints[1]`,
      'repeats {topology.kubernetes.io/zone, ScheduleAnyway} of an earlier constraint',
      'ValidateSpreadConstraintNotRepeat',
    ],
    [
      'minDomains with ScheduleAnyway',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [
          {
            maxSkew: 1,
            minDomains: 3,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
          },
        ]),
      `${P}.topologySpreadConstraints[0].minDomains`,
      'is set with whenUnsatisfiable "ScheduleAnyway"',
      'validateMinDomains',
    ],
    [
      'a spread selector value with a +',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = [
          {
            maxSkew: 1,
            topologyKey: 'zone',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { v: '1+2' } },
          },
        ]),
      `${P}.topologySpreadConstraints[0].labelSelector.matchLabels["v"]`,
      'is "1+2", which is not a valid label value',
      'ValidateLabelSelector',
    ],
    [
      'a restartPolicy of always',
      'Deployment',
      (o) => (pod(o).restartPolicy = 'always'),
      `${P}.restartPolicy`,
      'is "always"',
      'validateRestartPolicy',
    ],
  ] satisfies Case[]);
  runPasses([
    [
      'zone and hostname spread with ScheduleAnyway and DoNotSchedule on one key',
      'Deployment',
      (o) =>
        (pod(o).topologySpreadConstraints = ['ScheduleAnyway', 'DoNotSchedule'].map(
          (whenUnsatisfiable) => ({
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable,
          }),
        )),
    ],
    [
      'a Spot toleration and a GPU toleration',
      'Deployment',
      (o) =>
        (pod(o).tolerations = [
          {
            key: 'cloud.google.com/gke-spot',
            operator: 'Equal',
            value: 'true',
            effect: 'NoSchedule',
          },
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ]),
    ],
    [
      'an empty key with Exists (tolerate everything)',
      'DaemonSet',
      (o) => (pod(o).tolerations = [{ operator: 'Exists' }]),
    ],
    [
      'tolerationSeconds with NoExecute',
      'Deployment',
      (o) =>
        (pod(o).tolerations = [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 30,
          },
        ]),
    ],
    [
      'a terminationGracePeriodSeconds of 0',
      'Deployment',
      (o) => (pod(o).terminationGracePeriodSeconds = 0),
    ],
    [
      'a GKE node pool selector',
      'Deployment',
      (o) =>
        (pod(o).nodeSelector = {
          'cloud.google.com/gke-nodepool': 'gpu',
          'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4',
        }),
    ],
  ] satisfies Pass[]);

  it('fails on a bare Pod with activeDeadlineSeconds 0 (ValidatePodSpec: 1 to 2^31-1)', () => {
    const bare = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'acme-prod' },
      spec: { ...pod(make('Deployment')), activeDeadlineSeconds: 0 },
    };
    expect(problems(bare)).toEqual([['spec.activeDeadlineSeconds', 'is 0']]);
  });
  it('fails on a bare Pod on the host network without hostPort (ResourceIsPod)', () => {
    const spec = { ...pod(make('Deployment')), hostNetwork: true };
    const bare = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'agent', namespace: 'acme-prod' },
      spec,
    };
    expect(problems(bare)).toEqual([
      [
        'spec.containers[0].ports[0].hostPort',
        'is 0, not the containerPort 8080, in a pod on the host network',
      ],
    ]);
  });
});
