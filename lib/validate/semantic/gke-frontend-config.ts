import type { KubernetesObject } from '../../k8s/kubernetes-object';
import { quote, record, text } from './edge-fields';
import type { ObjectReport, ObjectRule } from './problem';

/*
 * GKE FrontendConfig (networking.gke.io/v1beta1): ingress-gce copies `redirectToHttps` into
 * the redirect URL map (translator.go `ToRedirectUrlMap`) and `sslPolicy` into the target
 * proxy (`sslPolicyLink`) as they are, so Compute Engine's rules apply to both.
 */

/**
 * The redirect codes of a URL map's `HttpRedirectAction.redirectResponseCode`.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_redirect
 * @see https://cloud.google.com/compute/docs/reference/rest/v1/urlMaps
 */
const RESPONSE_CODES = [
  'MOVED_PERMANENTLY_DEFAULT',
  'FOUND',
  'SEE_OTHER',
  'TEMPORARY_REDIRECT',
  'PERMANENT_REDIRECT',
];

/** The rules for one FrontendConfig. */
function checkFrontendConfig(config: KubernetesObject, report: ObjectReport): void {
  const spec = record(config.spec) ?? {};
  const code = record(spec.redirectToHttps)?.responseCodeName;
  if (code !== undefined && code !== '' && !RESPONSE_CODES.includes(String(code)))
    report.add(
      'spec.redirectToHttps.responseCodeName',
      `is ${quote(code)}, which is not a URL map redirect code`,
      `use one of ${RESPONSE_CODES.join(', ')}`,
      'compute urlMaps HttpRedirectAction.redirectResponseCode',
    );
  // An empty sslPolicy means "Google's default policy" to ingress-gce (sslPolicyLink).
  const policy = text(spec.sslPolicy);
  if (policy !== undefined && policy !== '' && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(policy))
    report.add(
      'spec.sslPolicy',
      `is ${quote(policy)}, which is not an SSL policy name`,
      "give the policy's name: 1 to 63 lower-case letters, digits and '-', starting with a letter",
      'compute sslPolicies (RFC 1035 names)',
    );
}

/** GKE's rules for a FrontendConfig. */
export const FRONTEND_CONFIG_RULES: readonly ObjectRule[] = [checkFrontendConfig];
