import { checkWholeNumber, fail } from '../core/errors';
import { checkDnsLabel, checkHostName } from '../core/naming';

/**
 * Preview environments: short-lived copies of one environment's workloads, one per developer
 * or pull request, on that environment's cluster, each in a namespace of its own, all behind
 * one shared Gateway on one address and one wildcard certificate.
 */
export interface PreviewsSpec<E extends string = string> {
  /**
   * The environment previews derive from: its cluster, node pools, secrets, registries and
   * per-environment values (a `PerEnv` resolves for a preview as for this environment).
   */
  readonly from: E;
  /**
   * The DNS domain under which previews get their hosts, e.g. `preview.shop.example.com`:
   * a preview `pr-123` is served at `pr-123.preview.shop.example.com` (one DNS label under the
   * domain, so that one wildcard certificate `*.<domain>` covers every preview).
   */
  readonly domain: string;
  /** Days a preview lives after its last synth; `preview prune` removes older ones. @default 7 */
  readonly lifetimeDays?: number;
  /** How small a preview's workloads run. @default { replicas: 1, requestsPercent: 100, spot: false } */
  readonly size?: PreviewSizeSpec;
}

/** How small a preview's workloads run. */
export interface PreviewSizeSpec {
  /** Pods of each replicated workload (no autoscaler in a preview). @default 1 */
  readonly replicas?: number;
  /**
   * Each container's CPU and memory requests as a percentage of the base environment's
   * (limits unchanged), so that previews pack densely. @default 100
   */
  readonly requestsPercent?: number;
  /** Whether previews may run on the base environment's Spot node pools. @default false */
  readonly spot?: boolean;
}

/** The checked preview declaration, with its names worked out. */
export interface Previews<E extends string = string> {
  /** The environment previews derive from. */
  readonly from: E;
  /** The domain under which previews get hosts. */
  readonly domain: string;
  /** Days a preview lives after its last synth. */
  readonly lifetimeDays: number;
  /** How small a preview's workloads run, every default applied. */
  readonly size: Required<PreviewSizeSpec>;
  /**
   * The name of the global static IP the stack reserves for the shared preview Gateway,
   * `<platform>-<from>-previews`.
   */
  readonly addressName: string;
  /**
   * The name of the Certificate Manager certificate map (with the wildcard certificate
   * `*.<domain>`) the stack creates and the shared Gateway serves, `<platform>-<from>-previews`.
   */
  readonly certificateMapName: string;
  /** The name of the shared Gateway in the base environment's namespace: `previews`. */
  readonly gatewayName: string;
}

/** The folder of `dist/` that holds every preview's output: `dist/previews/<name>/`. */
export const PREVIEWS_FOLDER = 'previews';

/** Preview names are DNS labels of at most this many characters (`pr-123`, `alice`). */
export const PREVIEW_NAME_MAX_LENGTH = 20;

/** Checks a platform's preview declaration against its environments. */
export function parsePreviews<E extends string>(
  platform: string,
  environments: readonly E[],
  spec: PreviewsSpec<E>,
): Previews<E> {
  const where = `Platform '${platform}'`;
  if (typeof spec !== 'object' || spec === null)
    fail(
      where,
      'previews',
      `is ${JSON.stringify(spec)}`,
      "give { from: 'dev', domain: 'preview.example.com' }",
    );
  // `writeManifests` writes a preview to `dist/previews/<name>/`, beside `dist/<environment>/`.
  if (environments.includes(PREVIEWS_FOLDER as E))
    fail(
      where,
      `environments.${PREVIEWS_FOLDER}`,
      `is declared beside previews, whose output folder 'dist/${PREVIEWS_FOLDER}/' it would share`,
      `rename the environment, e.g. 'preview' or 'staging'`,
    );
  if (!environments.includes(spec.from))
    fail(
      where,
      'previews.from',
      `is ${JSON.stringify(spec.from)}, which is not an environment of the platform`,
      `name one of ${environments.join(', ')}`,
    );
  // `<preview>.<domain>` must stay a host name of at most 253 characters.
  const domain = checkHostName(where, 'previews.domain', spec.domain);
  if (domain.startsWith('*.'))
    fail(
      where,
      'previews.domain',
      `is '${domain}'`,
      `give the domain without '*.': '${domain.slice(2)}'`,
    );
  if (domain.length > 253 - PREVIEW_NAME_MAX_LENGTH - 1)
    fail(
      where,
      'previews.domain',
      `is ${domain.length} characters long`,
      `use at most ${253 - PREVIEW_NAME_MAX_LENGTH - 1}, so that '<preview>.<domain>' is a host name`,
    );
  const size = spec.size ?? {};
  const name = checkDnsLabel(where, 'previews', `${platform}-${spec.from}-previews`);
  return {
    from: spec.from,
    domain,
    lifetimeDays: checkWholeNumber(where, 'previews.lifetimeDays', spec.lifetimeDays ?? 7, 1, 365),
    size: {
      replicas: checkWholeNumber(where, 'previews.size.replicas', size.replicas ?? 1, 1),
      requestsPercent: checkWholeNumber(
        where,
        'previews.size.requestsPercent',
        size.requestsPercent ?? 100,
        1,
        100,
      ),
      spot: size.spot ?? false,
    },
    addressName: name,
    certificateMapName: name,
    gatewayName: 'previews',
  };
}

/**
 * Checks a preview's name (a developer's name or `pr-123`): a DNS label of at most
 * {@link PREVIEW_NAME_MAX_LENGTH} characters, not an environment's name.
 */
export function checkPreviewName(
  where: string,
  name: string,
  environments: readonly string[],
): string {
  checkDnsLabel(where, 'preview', name, PREVIEW_NAME_MAX_LENGTH);
  if (environments.includes(name))
    fail(
      where,
      'preview',
      `is '${name}', the name of an environment`,
      "name the preview after its developer or pull request, e.g. 'pr-123'",
    );
  return name;
}

/**
 * The suffix of a preview service account's ID: the base environment's stack creates, for
 * each of that environment's workload identities `<accountId>`, the Google service account
 * `<accountId>-pv` that every preview's Kubernetes service account of the same name acts as.
 */
export const PREVIEW_ACCOUNT_SUFFIX = '-pv';

/** The ID of the preview service account of a workload identity: `<accountId>-pv`. */
export function previewAccountId(accountId: string): string {
  return `${accountId}${PREVIEW_ACCOUNT_SUFFIX}`;
}

/**
 * Checks that every workload identity of the base environment has a preview service account
 * ID that is valid (at most 30 characters) and not another identity's account in the project.
 */
export function checkPreviewAccounts(
  where: string,
  identities: readonly { readonly serviceAccountName: string; readonly accountId: string }[],
  projectAccountIds: readonly string[],
): void {
  for (const { serviceAccountName, accountId } of identities) {
    const id = previewAccountId(accountId);
    if (id.length > 30)
      fail(
        where,
        `workloadIdentities.${serviceAccountName}.accountId`,
        `is '${accountId}', so its previews' service account '${id}' has ${id.length} characters, over the 30 of a service account ID`,
        `give an accountId of at most ${30 - PREVIEW_ACCOUNT_SUFFIX.length} characters`,
      );
    if (projectAccountIds.includes(id))
      fail(
        where,
        `workloadIdentities.${serviceAccountName}.accountId`,
        `is '${accountId}', whose previews' service account '${id}' is another workload identity's account in the project`,
        `give that other identity an accountId that does not end with '${PREVIEW_ACCOUNT_SUFFIX}'`,
      );
  }
}
