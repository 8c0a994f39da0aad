import { staticAddresses } from '../plan/addresses';
import type { Obj } from '../plan/network-policy-eval';
import type { EntryPoint, Route, RouteBackend } from './graph-model';

/**
 * The entry points among `objects` and their routes: Ingresses (rules and default backend),
 * Gateways (the HTTPRoutes whose parent they are) and LoadBalancer Services (one route to
 * themselves).
 */
export function entryPointsOf(objects: readonly Obj[]): {
  entryPoints: EntryPoint[];
  routes: Route[];
} {
  const entryPoints: EntryPoint[] = [];
  const routes: Route[] = [];
  for (const o of objects) {
    if (o.kind === 'Ingress') {
      const own = ingressRoutes(o);
      routes.push(...own);
      entryPoints.push({
        kind: 'Ingress',
        name: o.metadata.name,
        frontDoor: `Ingress ${ingressClass(o)}`,
        hosts: hostsOf(own),
        staticIps: staticAddresses(o),
      });
    } else if (o.kind === 'Gateway') {
      const own = objects
        .filter((r) => r.kind === 'HTTPRoute')
        .flatMap((r) => httpRouteRoutes(r, o.metadata.name));
      routes.push(...own);
      const listenerHosts = (o.spec.listeners ?? []).flatMap((l: Obj) => l.hostname ?? []);
      entryPoints.push({
        kind: 'Gateway',
        name: o.metadata.name,
        frontDoor: `Gateway ${o.spec.gatewayClassName}`,
        hosts: [...new Set([...listenerHosts, ...hostsOf(own)])],
        staticIps: staticAddresses(o),
      });
    } else if (o.kind === 'Service' && o.spec?.type === 'LoadBalancer') {
      const internal =
        o.metadata.annotations?.['networking.gke.io/load-balancer-type'] === 'Internal';
      const port = o.spec.ports?.[0]?.port;
      routes.push({
        entry: o.metadata.name,
        host: '*',
        path: '*',
        backends: [{ service: o.metadata.name, ...(port !== undefined && { port }) }],
      });
      entryPoints.push({
        kind: 'Service',
        name: o.metadata.name,
        frontDoor: `LoadBalancer ${internal ? 'internal' : 'external'}`,
        hosts: [],
        staticIps: staticAddresses(o),
      });
    }
  }
  return { entryPoints, routes };
}

/** The hosts that routes name, in order, `*` left out. */
function hostsOf(routes: readonly Route[]): string[] {
  return [...new Set(routes.map((r) => r.host).filter((h) => h !== '*'))];
}

/**
 * An Ingress's class: GKE reads the `kubernetes.io/ingress.class` annotation (`gce`,
 * `gce-internal`), not `ingressClassName`, which names another controller; an Ingress with
 * neither is GKE's external one (`gce`).
 * @see https://cloud.google.com/kubernetes-engine/docs/troubleshooting/ingress
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/ingress
 */
function ingressClass(ingress: Obj): string {
  return (
    ingress.metadata.annotations?.['kubernetes.io/ingress.class'] ??
    ingress.spec?.ingressClassName ??
    'gce'
  );
}

function ingressBackend(backend: Obj | undefined): RouteBackend[] {
  const service = backend?.service;
  if (!service?.name) return [];
  const port = service.port?.number ?? service.port?.name;
  return [{ service: service.name, ...(port !== undefined && { port }) }];
}

function ingressRoutes(ingress: Obj): Route[] {
  const entry = ingress.metadata.name;
  const routes: Route[] = (ingress.spec?.rules ?? []).flatMap((rule: Obj) =>
    (rule.http?.paths ?? []).map((p: Obj) => ({
      entry,
      host: rule.host ?? '*',
      path: p.path ?? '/',
      backends: ingressBackend(p.backend),
    })),
  );
  const fallback = ingressBackend(ingress.spec?.defaultBackend);
  if (fallback.length > 0) routes.push({ entry, host: '*', path: '*', backends: fallback });
  return routes;
}

/** The routes an HTTPRoute gives the Gateway `gateway` (none when it names another parent). */
function httpRouteRoutes(route: Obj, gateway: string): Route[] {
  const parents: Obj[] = route.spec?.parentRefs ?? [];
  const attached = parents.some(
    (p) =>
      p.name === gateway &&
      (p.kind ?? 'Gateway') === 'Gateway' &&
      (p.namespace ?? route.metadata.namespace) === route.metadata.namespace,
  );
  if (!attached) return [];
  const hosts: string[] = route.spec.hostnames?.length ? route.spec.hostnames : ['*'];
  return hosts.flatMap((host) =>
    (route.spec.rules ?? []).flatMap((rule: Obj) => {
      const paths: string[] = (rule.matches ?? [{}]).map((m: Obj) => m.path?.value ?? '/');
      const backends: RouteBackend[] = (rule.backendRefs ?? [])
        .filter((b: Obj) => (b.kind ?? 'Service') === 'Service')
        .map((b: Obj) => ({
          service: b.name,
          ...(b.port !== undefined && { port: b.port }),
          ...(b.weight !== undefined && { weight: b.weight }),
        }));
      const redirect = (rule.filters ?? []).find((f: Obj) => f.type === 'RequestRedirect');
      return [...new Set(paths)].map((path) => ({
        entry: gateway,
        host,
        path,
        backends,
        ...(redirect && {
          redirect: [redirect.requestRedirect?.scheme, redirect.requestRedirect?.statusCode ?? 302]
            .filter((part) => part !== undefined)
            .join(' '),
        }),
      }));
    }),
  );
}
