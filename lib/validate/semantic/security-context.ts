import { isValidUserId } from '../../core/apimachinery';
import { arrayOf, isObject, type Json, num, quote, str } from './json';
import type { ObjectReport } from './problem';
import { checkLocalPath } from './volumes';

/*
 * Security contexts: `ValidateSecurityContext` (containers) and
 * `validatePodSpecSecurityContext` (pods) of pkg/apis/core/validation, and the kubelet's
 * run-as-non-root check that no validation does.
 */

const SECCOMP_TYPES = new Set(['Localhost', 'RuntimeDefault', 'Unconfined']);
const FS_GROUP_POLICIES = new Set(['OnRootMismatch', 'Always']);
const SYSCTL = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const CAPABILITY = /^[A-Za-z_]+$/;

function checkId(report: ObjectReport, value: unknown, path: string, rule: string): void {
  if (value === undefined || value === null) return;
  report.check(path, value, isValidUserId(num(value) ?? NaN), rule);
}

/** `validateSeccompProfileField`. */
function checkSeccomp(report: ObjectReport, profile: unknown, path: string): void {
  if (!isObject(profile)) return;
  const type = str(profile.type) ?? '';
  if (!SECCOMP_TYPES.has(type))
    report.add(
      `${path}.type`,
      type === '' ? 'is missing' : `is ${quote(profile.type)}`,
      'use RuntimeDefault, Localhost or Unconfined',
      'validateSeccompProfileType',
    );
  if (type === 'Localhost') {
    const file = str(profile.localhostProfile);
    if (file === undefined)
      report.add(
        `${path}.localhostProfile`,
        'is missing with type Localhost',
        'give the profile file, relative to the kubelet seccomp folder',
        'validateSeccompProfileField',
      );
    else
      checkLocalPath(
        report,
        file,
        `${path}.localhostProfile`,
        'validateSeccompProfileField (validateLocalDescendingPath)',
      );
  } else if (profile.localhostProfile !== undefined && profile.localhostProfile !== null) {
    report.add(
      `${path}.localhostProfile`,
      `is set with type ${type}`,
      'leave it out, or use type Localhost',
      'validateSeccompProfileField',
    );
  }
}

/**
 * Capability names are written without `CAP_`: the container runtime puts `CAP_` in front
 * (containerd's CRI plugin), so 'CAP_NET_ADMIN' becomes the unknown 'CAP_CAP_NET_ADMIN' and
 * the container does not start.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
 */
function checkCapabilities(report: ObjectReport, capabilities: unknown, path: string): void {
  if (!isObject(capabilities)) return;
  for (const list of ['add', 'drop']) {
    arrayOf(capabilities[list]).forEach((cap, i) => {
      const name = String(cap);
      const at = `${path}.${list}[${i}]`;
      if (/^CAP_/i.test(name))
        report.add(
          at,
          `is ${quote(cap)}, but the runtime adds the CAP_ prefix itself`,
          `write ${quote(name.slice(4).toUpperCase())}`,
          'container runtime capabilities (CAP_ prefix added)',
        );
      else if (!CAPABILITY.test(name))
        report.add(
          at,
          `is ${quote(cap)}, not a capability name`,
          "write a Linux capability without CAP_, e.g. 'NET_BIND_SERVICE', or 'ALL'",
          'container runtime capabilities',
        );
    });
  }
}

/** `ValidateSecurityContext` for one container's `securityContext`. */
export function checkContainerSecurityContext(
  report: ObjectReport,
  context: unknown,
  path: string,
  hostUsers: boolean,
): void {
  if (!isObject(context)) return;
  checkId(
    report,
    context.runAsUser,
    `${path}.runAsUser`,
    'ValidateSecurityContext (IsValidUserID)',
  );
  checkId(
    report,
    context.runAsGroup,
    `${path}.runAsGroup`,
    'ValidateSecurityContext (IsValidGroupID)',
  );
  if (context.procMount !== undefined) {
    if (context.procMount !== 'Default' && context.procMount !== 'Unmasked')
      report.add(
        `${path}.procMount`,
        `is ${quote(context.procMount)}`,
        'use Default or Unmasked',
        'ValidateProcMountType',
      );
    else if (context.procMount === 'Unmasked' && hostUsers)
      report.add(
        `${path}.procMount`,
        'is Unmasked in a pod that uses the host user namespace',
        "set the pod's hostUsers: false, or use Default",
        'ValidateSecurityContext (procMount)',
      );
  }
  checkSeccomp(report, context.seccompProfile, `${path}.seccompProfile`);
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true)
      report.add(
        `${path}.allowPrivilegeEscalation`,
        'is false while privileged is true',
        'drop privileged, or allow privilege escalation',
        'ValidateSecurityContext (cannot set allowPrivilegeEscalation to false and privileged to true)',
      );
    const caps = isObject(context.capabilities) ? arrayOf(context.capabilities.add) : [];
    if (caps.includes('CAP_SYS_ADMIN'))
      report.add(
        `${path}.allowPrivilegeEscalation`,
        'is false while capabilities.add has CAP_SYS_ADMIN',
        'drop CAP_SYS_ADMIN, or allow privilege escalation',
        'ValidateSecurityContext (cannot set allowPrivilegeEscalation to false and capabilities.Add CAP_SYS_ADMIN)',
      );
  }
  checkCapabilities(report, context.capabilities, `${path}.capabilities`);
}

/** `validatePodSpecSecurityContext` for the pod's `securityContext`. */
export function checkPodSecurityContext(
  report: ObjectReport,
  context: unknown,
  path: string,
): void {
  if (!isObject(context)) return;
  checkId(
    report,
    context.fsGroup,
    `${path}.fsGroup`,
    'validatePodSpecSecurityContext (IsValidGroupID)',
  );
  checkId(
    report,
    context.runAsUser,
    `${path}.runAsUser`,
    'validatePodSpecSecurityContext (IsValidUserID)',
  );
  checkId(
    report,
    context.runAsGroup,
    `${path}.runAsGroup`,
    'validatePodSpecSecurityContext (IsValidGroupID)',
  );
  arrayOf(context.supplementalGroups).forEach((gid, i) =>
    checkId(
      report,
      gid,
      `${path}.supplementalGroups[${i}]`,
      'validatePodSpecSecurityContext (IsValidGroupID)',
    ),
  );
  if (
    context.fsGroupChangePolicy !== undefined &&
    !FS_GROUP_POLICIES.has(String(context.fsGroupChangePolicy))
  )
    report.add(
      `${path}.fsGroupChangePolicy`,
      `is ${quote(context.fsGroupChangePolicy)}`,
      'use OnRootMismatch or Always',
      'validateFSGroupChangePolicy',
    );
  const names = new Set<string>();
  arrayOf(context.sysctls).forEach((sysctl, i) => {
    const name = isObject(sysctl) ? (str(sysctl.name) ?? '') : '';
    const at = `${path}.sysctls[${i}].name`;
    if (name === '') report.add(at, 'is missing', 'name the sysctl', 'validateSysctls');
    else if (name.length > 253 || !SYSCTL.test(name))
      report.add(
        at,
        `is ${quote(name)}, not a sysctl name`,
        "write a name such as 'net.core.somaxconn'",
        'validateSysctls (IsValidSysctlName)',
      );
    else if (names.has(name))
      report.add(
        at,
        `is ${quote(name)} a second time`,
        'set each sysctl once',
        'validateSysctls (Duplicate)',
      );
    names.add(name);
  });
  checkSeccomp(report, context.seccompProfile, `${path}.seccompProfile`);
}

/**
 * runAsNonRoot with runAsUser 0 (the container's value, else the pod's): the kubelet refuses
 * to start the container ("container's runAsUser breaks non-root policy",
 * `verifyRunAsNonRoot` in pkg/kubelet/kuberuntime), so the pod stays in
 * CreateContainerConfigError.
 */
export function checkRunAsNonRoot(
  report: ObjectReport,
  pod: Json | undefined,
  container: Json | undefined,
  path: string,
): void {
  const nonRoot = container?.runAsNonRoot ?? pod?.runAsNonRoot;
  const user = container?.runAsUser ?? pod?.runAsUser;
  if (nonRoot === true && user === 0) {
    const from =
      container?.runAsUser === 0
        ? 'securityContext.runAsUser'
        : "the pod's securityContext.runAsUser";
    report.add(
      `${path}.securityContext.runAsNonRoot`,
      `is true while ${from} is 0 (root), so the kubelet refuses to start the container`,
      'run as a non-zero user ID, or drop runAsNonRoot',
      'kubelet verifyRunAsNonRoot',
    );
  }
}
