import { type ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/httproute-gateway.networking.k8s.io';
import { checkDnsLabel, checkDnsSubdomain, checkHostName } from '../core/naming';
import { checkWholeNumber, fail } from '../core/errors';
import { freeId } from '../core/construct-id';
import {
  HTTP_ROUTE_LIMITS,
  httpRoutePathProblem,
  MAX_BACKEND_WEIGHT,
} from '../validate/semantic/gateway-api';
import { checkMetadata, type GkeObjectProps } from './common';
import { MCS_GROUP } from './service-export';

/**
 * How a path matches: `PathPrefix` by path elements (`/app` matches `/app`, `/app/` and
 * `/app/x`, not `/apps`), the same as an Ingress `Prefix`; `Exact` the whole path only.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
 */
export type HttpPathMatchType = 'PathPrefix' | 'Exact';

/** One path a rule matches. */
export interface HttpRouteMatch {
  /** The path, starting with '/'. */
  readonly path: string;
  /** Whether the path matches as a prefix or exactly. @default 'PathPrefix' */
  readonly type?: HttpPathMatchType;
}

/** A Service port that a rule sends requests to. */
export interface HttpRouteBackend {
  /** The Service's (or ServiceImport's) name, in the route's namespace. */
  readonly service: string;
  /**
   * `ServiceImport` for a multi-cluster Gateway's backend: the Service of that name exported
   * from the clusters that run it (GKE's multi-cluster Services, group `net.gke.io`).
   * @default 'Service'
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways
   */
  readonly kind?: 'Service' | 'ServiceImport';
  /** The Service port. */
  readonly port: number;
  /**
   * This backend's share of the rule's requests, relative to the other backends' weights
   * (0 to 1,000,000; 0 sends it nothing).
   * @default - the Gateway API's 1, an even split
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendref
   */
  readonly weight?: number;
}

/** One rule of an HTTPRoute: the paths it matches and where their requests go. */
export interface HttpRouteRule {
  /** The paths, at least one. */
  readonly matches: readonly HttpRouteMatch[];
  /** The backends (one, or several sharing the requests by weight). Leave it out with `redirectToHttps`. */
  readonly backends?: readonly HttpRouteBackend[];
  /**
   * Answer with a permanent (301) redirect to the same URL over https instead of sending
   * the request to a backend.
   * @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/http-redirect
   */
  readonly redirectToHttps?: boolean;
}

/** Settings of an {@link HttpRoute}. */
export interface HttpRouteProps extends GkeObjectProps {
  /** The Gateway the route attaches to, by name. */
  readonly gateway: string;
  /**
   * The Gateway's namespace, when it is another than the route's: the Gateway must admit
   * routes from the route's namespace (`allowedRoutes`).
   * @default - the route's namespace
   * @see https://gateway-api.sigs.k8s.io/guides/multiple-ns/
   */
  readonly gatewayNamespace?: string;
  /**
   * The Gateway listener the route attaches to.
   * @default - every listener of the Gateway
   */
  readonly sectionName?: string;
  /**
   * The hosts the route serves, at most 16.
   * @default - every host that reaches the Gateway
   */
  readonly hostnames?: readonly string[];
  /**
   * The rules, 1 to 16 with fewer than 128 matches in all; a function when they are known
   * only when the route is rendered (they are checked then).
   */
  readonly rules: readonly HttpRouteRule[] | (() => readonly HttpRouteRule[]);
}

/**
 * An HTTPRoute (gateway.networking.k8s.io/v1): host and path rules that send requests from
 * a Gateway to Services. When several routes match a request, the Gateway prefers the most
 * specific host name, then the longest path.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways
 */
export class HttpRoute extends Construct {
  /** The generated HTTPRoute object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, freeId(scope, id, 'HttpRoute'));
    const where = `HttpRoute '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);
    checkDnsSubdomain(where, 'gateway', props.gateway);
    if (props.gatewayNamespace !== undefined)
      checkDnsLabel(where, 'gatewayNamespace', props.gatewayNamespace);
    if (props.sectionName !== undefined) checkDnsSubdomain(where, 'sectionName', props.sectionName);
    const hostnames = props.hostnames ?? [];
    if (hostnames.length > HTTP_ROUTE_LIMITS.hostnames)
      fail(
        where,
        'hostnames',
        `has ${hostnames.length} entries`,
        `give at most ${HTTP_ROUTE_LIMITS.hostnames} (split the hosts over several routes)`,
      );
    hostnames.forEach((h) => checkHostName(where, 'hostnames', h));
    const rules = props.rules;
    this.apiObject = new imported.HttpRoute(this, 'Resource', {
      metadata,
      spec: {
        parentRefs: [
          props.gatewayNamespace === undefined
            ? { name: props.gateway, sectionName: props.sectionName }
            : {
                group: 'gateway.networking.k8s.io',
                kind: 'Gateway',
                name: props.gateway,
                namespace: props.gatewayNamespace,
                sectionName: props.sectionName,
              },
        ],
        hostnames: hostnames.length > 0 ? [...hostnames] : undefined,
        rules:
          typeof rules === 'function'
            ? (Lazy.any({ produce: () => rulesSpec(where, rules()) }) as unknown as [])
            : rulesSpec(where, rules),
      },
    });
    this.name = this.apiObject.name;
  }
}

function rulesSpec(where: string, rules: readonly HttpRouteRule[]): imported.HttpRouteSpecRules[] {
  if (rules.length < 1 || rules.length > HTTP_ROUTE_LIMITS.rules)
    fail(
      where,
      'rules',
      `has ${rules.length} entries`,
      `give 1 to ${HTTP_ROUTE_LIMITS.rules} rules (a rule may match several paths)`,
    );
  const matches = rules.reduce((n, r) => n + r.matches.length, 0);
  if (matches >= HTTP_ROUTE_LIMITS.matches)
    fail(
      where,
      'rules',
      `match ${matches} paths in all`,
      `match fewer than ${HTTP_ROUTE_LIMITS.matches} (split them over several routes)`,
    );
  return rules.map((rule, i) => {
    const prop = `rules[${i}]`;
    if (rule.matches.length < 1)
      fail(where, `${prop}.matches`, 'is empty', "match at least one path, e.g. '/'");
    const backends = rule.backends ?? [];
    if (rule.redirectToHttps === true ? backends.length > 0 : backends.length === 0)
      fail(
        where,
        `${prop}.backends`,
        rule.redirectToHttps ? 'is set on a redirect rule' : 'is empty',
        'give backends, or redirectToHttps, not both',
      );
    if (backends.length > 0 && backends.every((b) => b.weight === 0))
      fail(
        where,
        `${prop}.backends`,
        'all have weight 0, so every request of the rule would get a 500',
        'give at least one backend a weight above 0',
      );
    return {
      matches: rule.matches.map((m, j) => {
        const type = m.type ?? 'PathPrefix';
        const problem = httpRoutePathProblem(type, m.path);
        if (problem)
          fail(
            where,
            `${prop}.matches[${j}].path`,
            `is ${JSON.stringify(m.path)}, which ${problem.problem}`,
            problem.fix,
          );
        return {
          path: { type: type as imported.HttpRouteSpecRulesMatchesPathType, value: m.path },
        };
      }),
      backendRefs:
        backends.length === 0
          ? undefined
          : backends.map((b, j) => ({
              ...backendKind(where, `${prop}.backends[${j}].kind`, b.kind),
              // A Service reference must give its port (the CRD's rule on backendRefs).
              name: checkDnsSubdomain(where, `${prop}.backends[${j}].service`, b.service),
              port: checkWholeNumber(where, `${prop}.backends[${j}].port`, b.port, 1, 65535),
              weight:
                b.weight === undefined
                  ? undefined
                  : checkWholeNumber(
                      where,
                      `${prop}.backends[${j}].weight`,
                      b.weight,
                      0,
                      MAX_BACKEND_WEIGHT,
                    ),
            })),
      filters: rule.redirectToHttps
        ? [
            {
              type: imported.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
              requestRedirect: {
                scheme: imported.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                statusCode: imported.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
              },
            },
          ]
        : undefined,
    };
  });
}

/** A backendRef's group and kind: none for a Service (the defaults), GKE's for a ServiceImport. */
function backendKind(
  where: string,
  prop: string,
  kind: HttpRouteBackend['kind'],
): { group?: string; kind?: string } {
  if (kind === undefined || kind === 'Service') return {};
  if (kind === 'ServiceImport') return { group: MCS_GROUP, kind };
  return fail(where, prop, `is ${JSON.stringify(kind)}`, "use 'Service' or 'ServiceImport'");
}
