import { fail } from '../../core/errors';
import { checkDnsLabel } from '../../core/naming';
import type { Environment, Platform, WorkloadIdentity } from '../../platform/platform';
import { previewNamespace, previewOf } from '../../platform/preview-labels';
import { checkPreviewName, previewAccountId, type Previews } from '../../platform/previews';

/** Which preview a chart synthesizes, and when it expires. */
export interface PreviewTarget {
  /** The preview's name, a DNS label of at most 20 characters (`alice`, `pr-123`). */
  readonly name: string;
  /** The preview's expiry, an RFC 3339 UTC timestamp (`2025-01-08T00:00:00Z`). */
  readonly expires: string;
}

/**
 * A chart's preview: the workloads of the base environment in a namespace of their own,
 * smaller, served by the shared preview Gateway of the base environment under hosts of the
 * preview domain.
 */
export class ChartPreview {
  /** The preview's name. */
  readonly name: string;
  /** The preview's namespace, `<platform>-preview-<name>`. */
  readonly namespace: string;
  /** When the preview expires (RFC 3339, UTC). */
  readonly expires: string;
  /** The checked preview declaration of the platform. */
  readonly previews: Previews;
  /** The namespace of the shared Gateway: the base environment's. */
  readonly gatewayNamespace: string;
  /** The value of `gke-platform/preview-of` on every preview of the platform, `<platform>-<from>`. */
  readonly previewOf: string;
  private readonly hostsByEntrypoint = new Map<string, string>();

  constructor(platform: Platform, base: Environment, target: PreviewTarget) {
    const where = `Platform '${platform.name}'`;
    const previews = platform.previews;
    if (previews === undefined)
      fail(
        where,
        'previews',
        `is not declared, so there is no preview '${target.name}' to synthesize`,
        "declare previews: { from: 'dev', domain: 'preview.example.com' } in definePlatform",
      );
    this.name = checkPreviewName(where, target.name, platform.environmentNames);
    this.previews = previews;
    this.namespace = checkDnsLabel(where, 'preview', previewNamespace(platform.name, target.name));
    this.expires = target.expires;
    this.gatewayNamespace = base.namespace;
    this.previewOf = previewOf(platform.name, previews.from);
  }

  /**
   * The host of an entrypoint in this preview: `<preview>.<domain>` for the first entrypoint
   * of the chart, `<preview>-<entrypoint>.<domain>` for each other one. One DNS label under
   * the domain, so that the shared Gateway's wildcard certificate `*.<domain>` covers it.
   */
  hostFor(entrypoint: string, where: string): string {
    const known = this.hostsByEntrypoint.get(entrypoint);
    if (known !== undefined) return known;
    const others = [...this.hostsByEntrypoint.keys()].slice(1);
    const clash = previewHostClash(
      this.name,
      others,
      entrypoint,
      this.hostsByEntrypoint.size === 0,
    );
    if (clash !== undefined) fail(where, 'name', clash.problem, clash.fix);
    const label = this.hostsByEntrypoint.size === 0 ? this.name : `${this.name}-${entrypoint}`;
    const host = `${label}.${this.previews.domain}`;
    if (label.length > 63)
      fail(
        where,
        'name',
        `gives the preview host label '${label}' (${label.length} characters), but a DNS label has at most 63`,
        `shorten the entrypoint's name to at most ${62 - this.name.length} characters, or the preview's name`,
      );
    if (host.length > 253)
      fail(
        where,
        'name',
        `gives the preview host '${host}' (${host.length} characters), but a host name has at most 253`,
        "shorten the entrypoint's name, the preview's name or the platform's 'previews.domain'",
      );
    this.hostsByEntrypoint.set(entrypoint, host);
    return host;
  }

  /**
   * The Google service account a workload identity acts as in a preview: the base
   * environment's stack creates `<accountId>-pv` for every preview (the base account is bound
   * to the base namespace alone; see lib/infra/preview-identities.ts).
   */
  accountEmail(identity: WorkloadIdentity): string {
    return identity.email.replace(/^[^@]*/, previewAccountId(identity.accountId));
  }

  /** The hosts this preview serves, by entrypoint name, in the order they were given out. */
  get hosts(): ReadonlyMap<string, string> {
    return this.hostsByEntrypoint;
  }
}

/**
 * Why an entrypoint's preview host could be another's, or undefined. Hosts are `<preview>`
 * for the first entrypoint and `<preview>-<entrypoint>` for each other one (under the
 * domain). They are one-to-one over every (preview, entrypoint) pair when (a) no preview's
 * name ends with `-<E>` for a non-first entrypoint E, and (b) no non-first entrypoint's name
 * ends with `-<E>` for another non-first entrypoint E. Proof: say two pairs give one label L.
 * If one is a first host, L = P1 = P2-E2, so P1 ends with `-E2`, which (a) refuses. Else
 * L = P1-E1 = P2-E2 with |E1| >= |E2|: both are suffixes of L, so E2 is a suffix of E1; if
 * E1 != E2, the character before E2 in L is `-` and lies within E1, so E1 ends with `-E2`,
 * which (b) refuses; so E1 = E2 and P1 = P2.
 * @param others the non-first entrypoints given hosts before this one
 */
export function previewHostClash(
  preview: string,
  others: readonly string[],
  entrypoint: string,
  first: boolean,
): { problem: string; fix: string } | undefined {
  if (first) return undefined;
  if (preview.endsWith(`-${entrypoint}`))
    return {
      problem: `gives the preview host '${preview}-${entrypoint}', but the preview's name '${preview}' ends with '-${entrypoint}', so the preview '${preview.slice(0, -entrypoint.length - 1)}' would serve this entrypoint at the preview host of '${preview}'`,
      fix: `name the preview so that it does not end with '-${entrypoint}'`,
    };
  const other = others.find(
    (o) => o !== entrypoint && (o.endsWith(`-${entrypoint}`) || entrypoint.endsWith(`-${o}`)),
  );
  if (other !== undefined)
    return {
      problem: `and the entrypoint '${other}' end one with '-' and the other, so the preview hosts '<preview>-${entrypoint}' and '<preview>-${other}' of two previews could be one`,
      fix: 'rename one of the two entrypoints',
    };
  return undefined;
}

/**
 * A replicated workload's scaling in a preview: `previews.size.replicas` pods and no
 * autoscaler (a workload the base environment runs at 0 stays at 0); as given elsewhere.
 */
export function previewScaling<A>(
  preview: ChartPreview | undefined,
  autoscaling: A | false,
  replicas: number,
): { autoscaling: A | false; replicas: number } {
  if (preview === undefined) return { autoscaling, replicas };
  const stopped = !autoscaling && replicas === 0;
  return { autoscaling: false, replicas: stopped ? 0 : preview.previews.size.replicas };
}
