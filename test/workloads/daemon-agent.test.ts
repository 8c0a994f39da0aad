import { ApiObject } from 'cdk8s';
import { polarisFindings } from '#lib/validate/polaris';
import { validateObjects } from '#lib/validate/validate-object';
import { DaemonAgent, type DaemonAgentProps } from '#lib/workloads/daemon-agent';
import {
  chartFor,
  find,
  GPU_TOLERATION,
  type K8sObject,
  objectsOf,
  SPOT_TOLERATION,
  type TestEnv,
} from '../support/synth';

const image = 'fluent/fluent-bit:3.1.9';
const readPods = { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] };

function synth(props: Partial<DaemonAgentProps<TestEnv>> = {}, env: TestEnv = 'prod') {
  const chart = chartFor(env);
  const agent = new DaemonAgent(chart, 'agent', { image, ...props });
  const objects = objectsOf(chart);
  const daemonSet = find(objects, 'DaemonSet', 'agent');
  const pod = daemonSet.spec.template.spec;
  return { agent, objects, daemonSet, pod, main: pod.containers[0] };
}

const fails =
  (props: Partial<DaemonAgentProps<TestEnv>>, env: TestEnv = 'prod') =>
  () =>
    synth(props, env);

describe('DaemonAgent', () => {
  test('minimal props: a DaemonSet on every pool, rolling one node at a time, with its ServiceAccount', () => {
    const { objects, daemonSet, pod, main } = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/agent',
      'NetworkPolicy/agent',
      'DaemonSet/agent',
    ]);
    expect(daemonSet.apiVersion).toBe('apps/v1');
    expect(daemonSet.metadata.labels['app.kubernetes.io/component']).toBe('agent');
    expect(daemonSet.metadata.annotations).toEqual({
      // Nothing connects to the agent: its policy denies all ingress, stricter than Polaris asks.
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
      'polaris.fairwinds.com/topologySpreadConstraint-exempt': 'true',
    });
    expect(daemonSet.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'agent',
      'app.kubernetes.io/instance': 'agent',
    });
    expect(daemonSet.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1 },
    });
    // Every declared taint of every pool: Spot and the GPU pool's.
    expect(pod.tolerations).toEqual([SPOT_TOLERATION, GPU_TOLERATION]);
    expect(pod.affinity).toBeUndefined();
    expect(pod.nodeSelector).toBeUndefined();
    // The pods also run on Spot nodes, so they stop within GKE's notice.
    expect(pod.terminationGracePeriodSeconds).toBe(25);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.hostPID).toBeUndefined();
    expect(pod.priorityClassName).toBeUndefined();
    expect(pod.restartPolicy).toBeUndefined();
    expect(main.env).toEqual([
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
    expect(main.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '100m', memory: '64Mi' },
    });
    expect(main.securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(main.readinessProbe).toBeUndefined();
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  test('all props: every object validates on Kubernetes 1.27 and 1.36', () => {
    const chart = chartFor('prod');
    const all: Required<DaemonAgentProps<TestEnv>> = {
      name: 'node-agent',
      version: '3.1.9',
      image,
      allowMutableTag: false,
      port: 2020,
      portName: 'metrics',
      command: ['/fluent-bit/bin/fluent-bit'],
      args: ['-c', '/fluent-bit/etc/fluent-bit.conf'],
      env: { LOG_LEVEL: { dev: 'debug', prod: 'info' } },
      secretEnv: { FORWARD_KEY: { secret: 'logs', key: 'shared-key' } },
      configMapEnv: { CLUSTER: { configMap: 'cluster-info', key: 'name' } },
      allowPlaintextSecrets: [],
      configFiles: { '/fluent-bit/etc/fluent-bit.conf': '[SERVICE]\n    HTTP_Server On\n' },
      secretMounts: { '/etc/tls': 'logs-tls' },
      secretFiles: {},
      scratchPaths: ['/tmp'],
      resources: {
        cpu: '100m',
        memory: '128Mi',
        ephemeralStorage: '512Mi',
        ephemeralStorageLimit: '1Gi',
      },
      health: { path: '/api/v1/health' },
      sidecars: [
        {
          name: 'exporter',
          image: 'prom/node-exporter:v1.8.1',
          port: 9100,
          health: false,
          runAsUser: 65534,
          runAsGroup: 65534,
          sharedMounts: { '/buffer': { volume: 'buffer', readOnly: true } },
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox:1.36.1', command: ['true'] }],
      runAsUser: 10001,
      runAsGroup: 10001,
      terminationGracePeriodSeconds: 20,
      workloadIdentity: false,
      automountServiceAccountToken: true,
      podAnnotations: { 'example.com/team': 'platform' },
      // With 'hostNetwork', NetworkPolicies do not apply: no egress to declare.
      egress: [],
      networkPolicy: true,
      imagePullPolicy: 'IfNotPresent',
      shmSize: '64Mi',
      sharedMounts: { '/buffer': 'buffer' },
      claimMounts: { '/etc/agent/rules': { claim: 'agent-rules', readOnly: true } },
      sharedVolumes: { buffer: { medium: 'Memory', sizeLimit: '32Mi' } },
      podLabels: { dev: { tier: 'debug' }, prod: { tier: 'node' } },
      serviceLinks: false,
      connections: {},
      nodePools: { dev: 'all', prod: ['general', 'gpu'] },
      tolerateAll: false,
      hostPaths: {
        '/var/log': {},
        '/var/lib/agent': { writable: true, mountPath: '/state', type: 'DirectoryOrCreate' },
      },
      runAsRoot: false,
      hostNetwork: true,
      hostPID: true,
      privileged: true,
      maxUnavailable: '10%',
      priorityClassName: 'node-agents',
      clusters: 'all',
      rules: [
        readPods,
        {
          apiGroups: ['apps'],
          resources: ['daemonsets'],
          verbs: ['get'],
          resourceNames: ['node-agent'],
        },
      ],
    };
    new DaemonAgent(chart, 'agent', all);
    const objects = objectsOf(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/acme-prod',
      'NetworkPolicy/default-deny',
      'ServiceAccount/node-agent',
      'ConfigMap/node-agent-config',
      'DaemonSet/node-agent',
      'ClusterRole/acme-prod-node-agent',
      'ClusterRoleBinding/acme-prod-node-agent',
    ]);
    const pod = find(objects, 'DaemonSet', 'node-agent').spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true,
      hostPID: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      priorityClassName: 'node-agents',
      terminationGracePeriodSeconds: 20,
      enableServiceLinks: false,
    });
    const template = find(objects, 'DaemonSet', 'node-agent').spec.template;
    expect(template.metadata.labels.tier).toBe('node');
    const [main, exporter] = pod.containers;
    expect(main.resources.requests['ephemeral-storage']).toBe('512Mi');
    expect(main.resources.limits['ephemeral-storage']).toBe('1Gi');
    expect(exporter.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
    });
    expect(main.securityContext.runAsGroup).toBeUndefined();
    expect(exporter.volumeMounts).toContainEqual({
      name: 'buffer',
      mountPath: '/buffer',
      readOnly: true,
    });
    expect(main.volumeMounts).toContainEqual({ name: 'buffer', mountPath: '/buffer' });
    expect(main.volumeMounts).toContainEqual({
      name: 'claim-agent-rules',
      mountPath: '/etc/agent/rules',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'claim-agent-rules',
      persistentVolumeClaim: { claimName: 'agent-rules', readOnly: true },
    });
    expect(pod.volumes).toContainEqual({
      name: 'buffer',
      emptyDir: { medium: 'Memory', sizeLimit: '32Mi' },
    });
    expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
  });

  describe('nodePools', () => {
    test('in an environment without a GPU pool, tolerates only the taints it has', () => {
      const { pod } = synth({}, 'dev');
      expect(pod.tolerations).toEqual([SPOT_TOLERATION]);
    });

    test('named pools: a node affinity on the pool label, tolerating exactly those pools taints', () => {
      const { pod } = synth({ nodePools: ['gpu'] });
      expect(pod.affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'cloud.google.com/gke-nodepool', operator: 'In', values: ['gpu'] },
                ],
              },
            ],
          },
        },
      });
      expect(pod.tolerations).toEqual([GPU_TOLERATION]);
      // No Spot pool among them: the usual grace period, and no GPU requested.
      expect(pod.terminationGracePeriodSeconds).toBe(30);
      expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBeUndefined();
    });

    test('named pools without taints need no tolerations', () => {
      const { pod } = synth({ nodePools: ['general'] });
      expect(pod.tolerations).toBeUndefined();
      expect(
        pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
          .nodeSelectorTerms[0].matchExpressions[0].values,
      ).toEqual(['general']);
    });

    test('can differ per environment', () => {
      const nodePools = { dev: 'all' as const, prod: ['general', 'spot'] };
      expect(synth({ nodePools }, 'dev').pod.affinity).toBeUndefined();
      const prod = synth({ nodePools }, 'prod').pod;
      expect(
        prod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
          .nodeSelectorTerms[0].matchExpressions[0].values,
      ).toEqual(['general', 'spot']);
      expect(prod.tolerations).toEqual([SPOT_TOLERATION]);
      expect(prod.terminationGracePeriodSeconds).toBe(25);
    });

    test('tolerateAll tolerates every taint, declared or not', () => {
      expect(synth({ tolerateAll: true }).pod.tolerations).toEqual([{ operator: 'Exists' }]);
    });

    test('fails on a pool the environment does not have, naming the environment and its pools', () => {
      expect(fails({ nodePools: ['gpu'] }, 'dev')).toThrow(
        "DaemonAgent 'dev/agent': 'nodePools' names 'gpu', but environment 'dev' has no such node pool; use 'all' or some of general, spot",
      );
      expect(fails({ nodePools: ['cpu'] }, 'prod')).toThrow(
        /use 'all' or some of general, spot, gpu \(2 × nvidia-tesla-t4\)/,
      );
    });

    test('fails on a pool named twice', () => {
      expect(fails({ nodePools: ['spot', 'spot'] })).toThrow(
        "DaemonAgent 'prod/agent': 'nodePools' names 'spot' twice; name each pool once",
      );
    });

    test('fails on an empty list', () => {
      expect(fails({ nodePools: [] })).toThrow(
        "DaemonAgent 'prod/agent': 'nodePools' is []; use 'all' or a list of pools, e.g. ['general']",
      );
    });

    test('fails on a grace period too long for the Spot nodes it runs on', () => {
      expect(fails({ terminationGracePeriodSeconds: 60 })).toThrow(
        "DaemonAgent 'prod/agent': 'terminationGracePeriodSeconds' is 60, but the pods may run on Spot or preemptible nodes",
      );
      expect(
        synth({ nodePools: ['general'], terminationGracePeriodSeconds: 60 }).pod
          .terminationGracePeriodSeconds,
      ).toBe(60);
    });
  });

  describe('hostPaths', () => {
    test('are mounted read-only by default, and must be folders', () => {
      const { pod, main, daemonSet } = synth({ hostPaths: { '/var/log': {} } });
      expect(pod.volumes).toContainEqual({
        name: 'host-0',
        hostPath: { path: '/var/log', type: 'Directory' },
      });
      expect(main.volumeMounts).toContainEqual({
        name: 'host-0',
        mountPath: '/var/log',
        readOnly: true,
      });
      expect(daemonSet.metadata.annotations['polaris.fairwinds.com/hostPathSet-exempt']).toBe(
        'true',
      );
    });

    test('are writable only when asked, created if missing, at another path if asked', () => {
      const { pod, main } = synth({
        hostPaths: { '/var/lib/agent': { writable: true, mountPath: '/state' } },
      });
      expect(pod.volumes).toContainEqual({
        name: 'host-0',
        hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' },
      });
      expect(main.volumeMounts).toContainEqual({
        name: 'host-0',
        mountPath: '/state',
        readOnly: false,
      });
    });

    test('take a type', () => {
      const { pod } = synth({
        hostPaths: { '/run/containerd/containerd.sock': { type: 'Socket' } },
      });
      expect(pod.volumes).toContainEqual({
        name: 'host-0',
        hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' },
      });
    });

    test('fails on a relative path', () => {
      expect(fails({ hostPaths: { 'var/log': {} } })).toThrow(
        "DaemonAgent 'prod/agent': 'hostPaths' has path 'var/log'",
      );
    });

    test('fails on a mount path that is already mounted', () => {
      expect(fails({ hostPaths: { '/tmp': {} } })).toThrow(
        "DaemonAgent 'prod/agent': 'hostPaths./tmp' mounts '/tmp', which 'scratchPaths[0]' mounts too; mount each path once",
      );
      expect(fails({ hostPaths: { '/var/log': { mountPath: '../log' } } })).toThrow(
        /'hostPaths.\/var\/log.mountPath' has path '..\/log'/,
      );
    });
  });

  describe('the exceptions, each an explicit opt-in', () => {
    test('runAsRoot: only the main container is root, still read-only, no escalation, no capabilities', () => {
      const { pod, main, daemonSet } = synth({
        runAsRoot: true,
        sidecars: [{ name: 'side', image: 'busybox:1.36.1' }],
      });
      expect(main.securityContext).toEqual({
        runAsNonRoot: false,
        runAsUser: 0,
        runAsGroup: 0,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(pod.containers[1].securityContext.runAsNonRoot).toBe(true);
      expect(daemonSet.metadata.annotations['polaris.fairwinds.com/runAsRootAllowed-exempt']).toBe(
        'true',
      );
    });

    test('runAsRoot keeps a given group', () => {
      expect(synth({ runAsRoot: true, runAsGroup: 4 }).main.securityContext.runAsGroup).toBe(4);
    });

    test('fails on runAsUser 0 without runAsRoot, pointing to it', () => {
      expect(fails({ runAsUser: 0 })).toThrow(
        "DaemonAgent 'prod/agent': 'runAsUser' is 0 (root); set 'runAsRoot: true' to run the agent as root on purpose, or use a non-root UID",
      );
    });

    test('fails on runAsRoot with another runAsUser', () => {
      expect(fails({ runAsRoot: true, runAsUser: 1000 })).toThrow(
        "DaemonAgent 'prod/agent': 'runAsUser' is 1000, but 'runAsRoot' is true; leave 'runAsUser' out",
      );
    });

    test('hostNetwork uses the node network with cluster DNS', () => {
      const { pod, daemonSet } = synth({ hostNetwork: true });
      expect(pod.hostNetwork).toBe(true);
      expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
      expect(daemonSet.metadata.annotations['polaris.fairwinds.com/hostNetworkSet-exempt']).toBe(
        'true',
      );
    });

    test('hostPID shares the node process namespace', () => {
      const { pod, daemonSet } = synth({ hostPID: true });
      expect(pod.hostPID).toBe(true);
      expect(daemonSet.metadata.annotations['polaris.fairwinds.com/hostPIDSet-exempt']).toBe(
        'true',
      );
    });

    test('privileged runs the main container privileged (which allows escalation)', () => {
      const { main, daemonSet } = synth({ privileged: true });
      expect(main.securityContext).toMatchObject({
        privileged: true,
        allowPrivilegeEscalation: true,
        readOnlyRootFilesystem: true,
      });
      expect(daemonSet.metadata.annotations).toMatchObject({
        'polaris.fairwinds.com/runAsPrivileged-exempt': 'true',
        'polaris.fairwinds.com/privilegeEscalationAllowed-exempt': 'true',
      });
    });

    test('leave no Polaris finding at danger level: each is exempted where it is asked for', () => {
      const { objects } = synth({
        runAsRoot: true,
        hostNetwork: true,
        hostPID: true,
        privileged: true,
        hostPaths: { '/var/log': {} },
        rules: [readPods],
      });
      const findings = polarisFindings(objects).map((f) => f.check);
      expect(
        findings.filter(
          (c) =>
            ![
              'priorityClassNotSet',
              'pullPolicyNotAlways',
              'readinessProbeMissing',
              'livenessProbeMissing',
            ].includes(c),
        ),
      ).toEqual([]);
    });
  });

  describe('updateStrategy', () => {
    test('maxUnavailable takes a count or a percentage', () => {
      expect(synth({ maxUnavailable: 3 }).daemonSet.spec.updateStrategy.rollingUpdate).toEqual({
        maxUnavailable: 3,
      });
      expect(synth({ maxUnavailable: '25%' }).daemonSet.spec.updateStrategy.rollingUpdate).toEqual({
        maxUnavailable: '25%',
      });
    });

    test.each([0, -1, 1.5, '0%', '150%', 'all'])('fails on maxUnavailable %p', (maxUnavailable) => {
      expect(fails({ maxUnavailable })).toThrow(
        `DaemonAgent 'prod/agent': 'maxUnavailable' is ${JSON.stringify(maxUnavailable)}; use a whole number of at least 1 or a percentage`,
      );
    });
  });

  test('priorityClassName is written; fails on an invalid name', () => {
    expect(synth({ priorityClassName: 'system-node-critical' }).pod.priorityClassName).toBe(
      'system-node-critical',
    );
    expect(fails({ priorityClassName: 'Node Critical' })).toThrow(
      /'priorityClassName' is "Node Critical", which is not a DNS-1123 subdomain/,
    );
  });

  test('resources replace the small defaults', () => {
    expect(synth({ resources: { cpu: '200m', memory: '256Mi' } }).main.resources.requests).toEqual({
      cpu: '200m',
      memory: '256Mi',
    });
  });

  test('a port gets HTTP probes on /healthz unless health says otherwise', () => {
    expect(synth({ port: 2020 }).main.readinessProbe.httpGet.path).toBe('/healthz');
    expect(
      synth({ port: 2020, health: { path: '/api/v1/health' } }).main.livenessProbe.httpGet.path,
    ).toBe('/api/v1/health');
    expect(synth({ port: 2020, health: false }).main.readinessProbe).toBeUndefined();
  });

  test('fails on an env variable that the downward API already sets', () => {
    expect(fails({ env: { NODE_NAME: 'x' } })).toThrow(
      "DaemonAgent 'prod/agent': 'env.NODE_NAME' sets 'NODE_NAME' twice",
    );
  });

  describe('rules', () => {
    test('give a ClusterRole with exactly those rules and a binding to the ServiceAccount, cluster-scoped and named per namespace', () => {
      const { objects, pod, daemonSet, agent } = synth({ rules: [readPods] });
      const role = find(objects, 'ClusterRole', 'acme-prod-agent');
      expect(role.apiVersion).toBe('rbac.authorization.k8s.io/v1');
      expect(role.metadata.namespace).toBeUndefined();
      expect(role.metadata.labels['app.kubernetes.io/name']).toBe('agent');
      expect(role.rules).toEqual([readPods]);
      const binding = find(objects, 'ClusterRoleBinding', 'acme-prod-agent');
      expect(binding.metadata.namespace).toBeUndefined();
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'acme-prod-agent',
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'agent', namespace: 'acme-prod' },
      ]);
      // The agent reads the API, so it gets a token.
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(find(objects, 'ServiceAccount', 'agent').automountServiceAccountToken).toBe(true);
      expect(
        daemonSet.metadata.annotations['polaris.fairwinds.com/automountServiceAccountToken-exempt'],
      ).toBe('true');
      expect(agent.clusterName).toBe('acme-prod-agent');
      expect(ApiObject.of(agent.clusterRole as never).kind).toBe('ClusterRole');
      expect(validateObjects(objects).map((p) => p.message)).toEqual([]);
    });

    test('differ by environment name, so environments can share a cluster', () => {
      const { objects } = synth({ rules: [readPods] }, 'dev');
      expect(
        objects.filter((o) => o.kind.startsWith('Cluster')).map((o) => o.metadata.name),
      ).toEqual(['acme-dev-agent', 'acme-dev-agent']);
    });

    test.each([
      [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }, 'rules[0].verbs', '["*"]'],
      [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }, 'rules[0].apiGroups', '["*"]'],
      [
        { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] },
        'rules[0].resources',
        '["pods/*"]',
      ],
      [{ apiGroups: [''], resources: [], verbs: ['get'] }, 'rules[0].resources', '[]'],
      [{ apiGroups: [], resources: ['pods'], verbs: ['get'] }, 'rules[0].apiGroups', '[]'],
    ])('fails on the rule %p', (rule, prop, shown) => {
      expect(fails({ rules: [rule] })).toThrow(
        `DaemonAgent 'prod/agent': '${prop}' is ${shown}; list exactly the ${prop.split('.')[1]} the agent needs, without wildcards`,
      );
    });
  });

  test('exposes the DaemonSet as an escape hatch', () => {
    const { agent } = synth();
    expect(ApiObject.of(agent.daemonSet).kind).toBe('DaemonSet');
    expect(agent.clusterRole).toBeUndefined();
  });

  test('keeps the per-construct objects separate', () => {
    const chart = chartFor('prod');
    new DaemonAgent(chart, 'a', { image, rules: [readPods] });
    new DaemonAgent(chart, 'b', { image, rules: [readPods] });
    const names = objectsOf(chart)
      .filter((o: K8sObject) => o.kind === 'ClusterRole')
      .map((o: K8sObject) => o.metadata.name);
    expect(names).toEqual(['acme-prod-a', 'acme-prod-b']);
  });
});
