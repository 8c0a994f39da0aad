import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { isDns1123Subdomain } from '../../core/apimachinery';
import { annotationField, annotationsOf, list, quote, record, text } from './edge-fields';
import {
  ALLOW_HTTP,
  FRONTEND_CONFIG,
  GKE_INGRESS_CLASSES,
  GLOBAL_STATIC_IP,
  INGRESS_CLASS,
  MANAGED_CERTIFICATES,
  PRE_SHARED_CERT,
  REGIONAL_STATIC_IP,
  gkeLoadBalancerOf,
  goBool,
  nameList,
  type GkeLoadBalancer,
} from './gke-annotations';
import { backendKey, describeBackend, translatePath, urlMapPathProblem } from './gke-ingress-paths';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * What GKE's Ingress controller (kubernetes/ingress-gce) refuses, or silently does
 * differently from the Ingress spec, for an Ingress it acts on (class `gce`, `gce-internal`,
 * `gce-regional-external`, or none). Each rule names the ingress-gce function, or the Google
 * page, it follows.
 */

/** A Google Cloud resource name (RFC 1035), as static addresses are named. */
const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Certificates one target HTTPS proxy takes, of all kinds together. */
const MAX_CERTIFICATES = 15;

const CLASS_LIST = [...GKE_INGRESS_CLASSES.keys()].map((c) => `'${c}'`).join(', ');

/**
 * The ingress class as GKE reads it (ingress-gce `utils.IsGCEIngress`; GKE's controller
 * summary): a 'gce…' value GKE does not know, or `spec.ingressClassName` alone, makes GKE
 * take no action, and the Ingress never gets a load balancer.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress#controller_summary
 */
function checkIngressClass(ingress: KubernetesObject, report: ObjectReport): void {
  const value = annotationsOf(ingress)[INGRESS_CLASS];
  const rule = 'ingress-gce utils.IsGCEIngress';
  if (
    typeof value === 'string' &&
    value.startsWith('gce') &&
    !GKE_INGRESS_CLASSES.has(value) &&
    value !== 'gce-multi-cluster'
  ) {
    report.add(
      annotationField(INGRESS_CLASS),
      `is ${quote(value)}, which GKE does not know: GKE takes no action on the Ingress and no load balancer is made`,
      `use one of ${CLASS_LIST}`,
      rule,
    );
  }
  const className = text(record(ingress.spec)?.ingressClassName);
  if ((value === undefined || value === '') && className && GKE_INGRESS_CLASSES.has(className)) {
    report.add(
      'spec.ingressClassName',
      `is ${quote(className)}, but GKE reads only the ${INGRESS_CLASS} annotation: with the field alone GKE takes no action and no load balancer is made`,
      `set the annotation ${INGRESS_CLASS}: ${className} and leave the field out`,
      rule,
    );
  }
}

/**
 * Rules as ingress-gce merges them (`GCEURLMap.PutPathRulesForHost`): of two rules for one
 * host (or two without a host), only the later rule's paths are kept. Rules without `http`
 * are skipped by `TranslateIngress`, so they replace nothing.
 */
function checkHostRules(rules: readonly unknown[], report: ObjectReport): void {
  const lastRuleOfHost = new Map<string, number>();
  rules.forEach((value, i) => {
    if (record(record(value)?.http)) lastRuleOfHost.set(text(record(value)?.host) || '*', i);
  });
  rules.forEach((value, i) => {
    const rule = record(value) ?? {};
    const host = text(rule.host) || '*';
    const last = lastRuleOfHost.get(host) ?? i;
    if (last === i || !record(rule.http)) return;
    report.add(
      host === '*' ? `spec.rules[${i}]` : `spec.rules[${i}].host`,
      `${host === '*' ? 'has no host' : `is ${quote(host)}`}, like spec.rules[${last}]: ingress-gce keeps only the later rule's paths for a host, so these paths are never served`,
      'merge the paths of both rules into one rule',
      'ingress-gce utils.GCEURLMap.PutPathRulesForHost',
    );
  });
}

/**
 * The paths of one rule as ingress-gce translates them (`validateAndGetPaths`, then
 * `GCEURLMap.PutPathRulesForHost`): a refused path is dropped, the URL map refuses some
 * ImplementationSpecific paths, and of two paths that become the same URL map path, the
 * later one wins.
 */
function checkRulePaths(paths: readonly unknown[], at: string, report: ObjectReport): void {
  // URL map path → index of the path entry that owns it (the later one wins).
  const owner = new Map<string, number>();
  const translated = paths.map((p, j) => {
    const path = record(p) ?? {};
    const result = translatePath(path);
    const field = `${at}[${j}].path`;
    if ('problem' in result) {
      report.add(field, result.problem, result.fix, 'ingress-gce translator.validateAndGetPaths');
      return [];
    }
    // A relative path is the API server's to refuse (validateHTTPIngressPath).
    const relative = !(text(path.path) ?? '/').startsWith('/') && path.path !== '';
    const problem = relative
      ? undefined
      : result.paths.map(urlMapPathProblem).find((p) => p !== undefined);
    if (problem)
      report.add(
        field,
        `is ${quote(text(path.path) ?? '')}, which the Google URL map refuses: it ${problem}`,
        "start the path with '/', use '*' only as a trailing '/*', and leave out '?' and '#'",
        'compute urlMaps pathRules.paths',
      );
    for (const mapPath of result.paths) owner.set(mapPath, j);
    return result.paths;
  });
  translated.forEach((mapPaths, j) => {
    if (mapPaths.length === 0) return;
    const backend = backendKey(record(paths[j])?.backend);
    const winners = mapPaths.map((mapPath) => owner.get(mapPath) ?? j);
    const lostTo = winners.find(
      (w) => w !== j && backendKey(record(paths[w])?.backend) !== backend,
    );
    // Only a path that loses every URL map path is lost; a Prefix path that gives up its
    // exact form to a later Exact path behaves as the Ingress spec says.
    if (lostTo === undefined || winners.some((w) => w === j)) return;
    const path = record(paths[j]) ?? {};
    report.add(
      `${at}[${j}].path`,
      `is ${quote(path.path ?? '')} (URL map ${mapPaths.map((m) => `'${m}'`).join(', ')}), which ${at}[${lostTo}] also routes, to ${describeBackend(record(paths[lostTo])?.backend)}: ingress-gce keeps the later path, so ${describeBackend(path.backend)} never gets these requests`,
      'route each host and path to one Service: remove one of the two paths',
      'ingress-gce utils.GCEURLMap.PutPathRulesForHost',
    );
  });
}

/** Rules and paths as ingress-gce turns them into a URL map. */
function checkPaths(ingress: KubernetesObject, report: ObjectReport): void {
  const rules = list(record(ingress.spec)?.rules);
  checkHostRules(rules, report);
  rules.forEach((rule, i) =>
    checkRulePaths(list(record(record(rule)?.http)?.paths), `spec.rules[${i}].http.paths`, report),
  );
}

/** ingress-gce `utils.BackendToServicePortID`: only Service backends become load balancer backends. */
function checkBackendKinds(ingress: KubernetesObject, report: ObjectReport): void {
  const spec = record(ingress.spec) ?? {};
  const check = (backend: unknown, at: string) => {
    // Both kinds at once is the API server's to refuse (validateIngressBackend).
    if (record(record(backend)?.resource) && !record(backend)?.service)
      report.add(
        `${at}.resource`,
        'is a resource backend, which GKE Ingress does not serve',
        'send the path to a Service backend',
        'ingress-gce utils.BackendToServicePortID',
      );
  };
  if (spec.defaultBackend !== undefined) check(spec.defaultBackend, 'spec.defaultBackend');
  list(spec.rules).forEach((rule, i) =>
    list(record(record(rule)?.http)?.paths).forEach((path, j) =>
      check(record(path)?.backend, `spec.rules[${i}].http.paths[${j}].backend`),
    ),
  );
}

/**
 * Static IP annotations (ingress-gce `annotations.Ingress.StaticIPName`, forwarding_rules.go
 * `getEffectiveIP`): never both; a global address for `gce`, a regional one for
 * `gce-internal` and `gce-regional-external` (the controller looks the name up in the load
 * balancer's own scope).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balance-ingress
 */
function checkStaticIp(ingress: KubernetesObject, lb: GkeLoadBalancer, report: ObjectReport): void {
  const annotations = annotationsOf(ingress);
  const global = annotations[GLOBAL_STATIC_IP];
  const regional = annotations[REGIONAL_STATIC_IP];
  for (const [key, value] of [
    [GLOBAL_STATIC_IP, global],
    [REGIONAL_STATIC_IP, regional],
  ] as const) {
    if (typeof value === 'string' && value !== '' && !GCP_NAME.test(value))
      report.add(
        annotationField(key),
        `is ${quote(value)}, which is not a Google Cloud address name`,
        "give the address's name: 1 to 63 lower-case letters, digits and '-', starting with a letter",
        'compute addresses (RFC 1035 names)',
      );
  }
  if (global && regional) {
    report.add(
      annotationField(REGIONAL_STATIC_IP),
      `is set together with ${GLOBAL_STATIC_IP}: ingress-gce refuses an Ingress with both`,
      lb === 'external' ? `keep only ${GLOBAL_STATIC_IP}` : `keep only ${REGIONAL_STATIC_IP}`,
      'ingress-gce annotations.Ingress.StaticIPName',
    );
  } else if (lb === 'external' && regional) {
    report.add(
      annotationField(REGIONAL_STATIC_IP),
      `is ${quote(regional)}, but a 'gce' Ingress is a global load balancer: ingress-gce looks the name up among global addresses`,
      `reserve a global address and name it in ${GLOBAL_STATIC_IP}`,
      'ingress-gce loadbalancers.getEffectiveIP',
    );
  } else if (lb !== 'external' && global) {
    report.add(
      annotationField(GLOBAL_STATIC_IP),
      `is ${quote(global)}, but a '${lb === 'internal' ? 'gce-internal' : 'gce-regional-external'}' Ingress is a regional load balancer: ingress-gce looks the name up among regional addresses`,
      `reserve a regional address and name it in ${REGIONAL_STATIC_IP}`,
      'ingress-gce loadbalancers.getEffectiveIP',
    );
  }
}

/** Whether the Ingress has a certificate of any kind, and how many. */
function certificates(ingress: KubernetesObject): { tls: number; managed: string[] } {
  const annotations = annotationsOf(ingress);
  const tls = list(record(ingress.spec)?.tls).filter((t) => text(record(t)?.secretName)).length;
  const preShared = nameList(text(annotations[PRE_SHARED_CERT]) ?? '').length;
  const managed = nameList(text(annotations[MANAGED_CERTIFICATES]) ?? '');
  return { tls: tls + preShared, managed };
}

/**
 * `allow-http` (ingress-gce `annotations.Ingress.AllowHTTP`, loadbalancers/l7.go `edgeHop`):
 * read with Go's `strconv.ParseBool` (anything else keeps HTTP open); `false` without any
 * certificate leaves the load balancer serving nothing (`errAllProtocolsDisabled`).
 */
function checkAllowHttp(ingress: KubernetesObject, report: ObjectReport): void {
  const value = annotationsOf(ingress)[ALLOW_HTTP];
  if (value === undefined) return;
  const allow = goBool(String(value));
  if (allow === undefined) {
    report.add(
      annotationField(ALLOW_HTTP),
      `is ${quote(value)}, which ingress-gce does not read as a boolean, so HTTP stays open`,
      'write "false" (or "true")',
      'ingress-gce annotations.Ingress.AllowHTTP',
    );
    return;
  }
  const { tls, managed } = certificates(ingress);
  if (!allow && tls === 0 && managed.length === 0)
    report.add(
      annotationField(ALLOW_HTTP),
      'is "false", but the Ingress has no certificate (spec.tls, pre-shared or managed): with HTTP and HTTPS both off, the load balancer serves nothing',
      'attach a certificate, or leave HTTP on',
      'ingress-gce loadbalancers.errAllProtocolsDisabled',
    );
}

/**
 * What a `gce-internal` Ingress cannot have: HTTPS and HTTP on one ephemeral address
 * (loadbalancers/l7.go `edgeHop`), a FrontendConfig (the HTTPS redirect is refused on
 * internal load balancers, url_maps.go `ensureRedirectURLMap`, and their SSL policies are a
 * Gateway API feature).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration (feature comparison)
 */
function checkInternal(ingress: KubernetesObject, report: ObjectReport): void {
  const annotations = annotationsOf(ingress);
  const { tls } = certificates(ingress);
  const allowHttp = goBool(String(annotations[ALLOW_HTTP] ?? 'true')) ?? true;
  if (tls > 0 && allowHttp && !annotations[REGIONAL_STATIC_IP])
    report.add(
      annotationField(REGIONAL_STATIC_IP),
      'is missing, but the gce-internal Ingress serves both HTTP and HTTPS: ingress-gce serves both on one internal address only when it is a reserved static IP',
      `reserve a regional internal address (purpose SHARED_LOADBALANCER_VIP) and name it in ${REGIONAL_STATIC_IP}, or set ${ALLOW_HTTP}: "false"`,
      'ingress-gce loadbalancers.L7.edgeHop',
    );
  if (annotations[FRONTEND_CONFIG] !== undefined)
    report.add(
      annotationField(FRONTEND_CONFIG),
      'is set on a gce-internal Ingress: internal load balancers take no HTTPS redirect (ingress-gce refuses it) and no SSL policy through a FrontendConfig',
      'leave the FrontendConfig out of an internal Ingress',
      'ingress-gce loadbalancers.ensureRedirectURLMap',
    );
}

/**
 * Google-managed certificates (gke-managed-certs): the controller attaches them to `gce`
 * Ingresses only (`ingress.IsGKE`), names are ManagedCertificate names, and one Ingress
 * takes at most 15 certificates of all kinds.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs
 */
function checkManagedCertificates(
  ingress: KubernetesObject,
  lb: GkeLoadBalancer,
  report: ObjectReport,
): void {
  const value = annotationsOf(ingress)[MANAGED_CERTIFICATES];
  if (value === undefined) return;
  const field = annotationField(MANAGED_CERTIFICATES);
  const { tls, managed } = certificates(ingress);
  if (managed.length === 0)
    report.add(
      field,
      `is ${quote(value)}, which names no ManagedCertificate`,
      'list ManagedCertificate names separated by commas, or leave the annotation out',
      'gke-managed-certs sync.parse',
    );
  for (const name of managed)
    report.check(field, name, isDns1123Subdomain(name), 'gke-managed-certs sync.parse');
  if (lb !== 'external')
    report.add(
      field,
      `is set on a ${lb === 'internal' ? 'gce-internal' : 'gce-regional-external'} Ingress, but the managed-certificate controller acts only on 'gce' Ingresses: no certificate would be attached`,
      'use a pre-shared regional certificate or a TLS Secret (spec.tls) instead',
      'gke-managed-certs ingress.IsGKE',
    );
  if (tls + managed.length > MAX_CERTIFICATES)
    report.add(
      field,
      `brings the Ingress to ${tls + managed.length} certificates, more than the ${MAX_CERTIFICATES} a load balancer takes`,
      `use at most ${MAX_CERTIFICATES} certificates (one ManagedCertificate holds up to 100 domains)`,
      'gke-managed-certs limitations',
    );
}

/** ingress-gce's rules for an Ingress that GKE acts on. */
function checkGkeIngress(ingress: KubernetesObject, report: ObjectReport): void {
  checkIngressClass(ingress, report);
  const lb = gkeLoadBalancerOf(ingress);
  if (lb === undefined) return;
  checkPaths(ingress, report);
  checkBackendKinds(ingress, report);
  checkStaticIp(ingress, lb, report);
  checkAllowHttp(ingress, report);
  if (lb === 'internal') checkInternal(ingress, report);
  checkManagedCertificates(ingress, lb, report);
}

/** GKE's Ingress controller's rules for an Ingress. */
export const GKE_INGRESS_RULES: readonly ObjectRule[] = [checkGkeIngress];
