/*
 * The shape of a price list: the generated catalogue's, and that of a team's own prices
 * (`gke-platform capacity --prices <file.json>`), checked with errors that say what is wrong.
 */
import { fail } from '../core/errors';

/** Prices of one machine series' resources, per hour. */
export interface SeriesPrices {
  /** Price of one vCPU for one hour. */
  readonly vcpuHour: number;
  /** Price of one GiB of memory for one hour. */
  readonly gibHour: number;
}

/** The prices of one region. */
export interface RegionPrices {
  /** On-demand prices by machine series (`e2`, `n2`). */
  readonly onDemand: Readonly<Record<string, SeriesPrices>>;
  /** Spot prices by machine series. */
  readonly spot: Readonly<Record<string, SeriesPrices>>;
  /** Price of one GPU for one hour, by GPU type (`nvidia-l4`). */
  readonly gpuHour: Readonly<Record<string, number>>;
  /** Price of one GiB of boot disk for one month, by disk type (`pd-balanced`). */
  readonly diskGibMonth: Readonly<Record<string, number>>;
}

/** A dated price list. */
export interface PriceList {
  /** The day the prices were read (`YYYY-MM-DD`). */
  readonly retrieved: string;
  /** The currency of every price (`USD`). */
  readonly currency: string;
  /** Where the prices come from: a name and its address. */
  readonly sources: Readonly<Record<string, string>>;
  /** GKE's cluster management fee per cluster-hour. */
  readonly clusterFeePerHour: number;
  /** The prices of each region, the default region first. */
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A price list read from JSON, or a PlatformError naming the first wrong field. */
export function parsePriceList(json: unknown, where: string): PriceList {
  const wrong = (prop: string, problem: string, fix: string): never =>
    fail(where, prop, problem, fix);
  if (!isRecord(json)) return wrong('prices', 'is not a JSON object', SHAPE);
  const { retrieved, currency, sources, clusterFeePerHour, regions } = json;
  if (typeof retrieved !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(retrieved))
    wrong(
      'retrieved',
      `is ${JSON.stringify(retrieved)}`,
      'give the day the prices were read, e.g. "2026-12-06"',
    );
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    wrong('currency', `is ${JSON.stringify(currency)}`, 'give an ISO 4217 code, e.g. "USD"');
  if (!isRecord(sources) || Object.values(sources).some((s) => typeof s !== 'string'))
    wrong(
      'sources',
      'is not an object of strings',
      'name where the prices come from, e.g. { "contract": "our 2026 agreement" }',
    );
  if (!isPrice(clusterFeePerHour))
    wrong(
      'clusterFeePerHour',
      `is ${JSON.stringify(clusterFeePerHour)}`,
      'give a number of at least 0 (GKE lists 0.1 per cluster-hour)',
    );
  if (!isRecord(regions) || Object.keys(regions).length === 0)
    return wrong(
      'regions',
      'is missing or empty',
      'give at least one region: { "europe-west1": { "onDemand": { … } } }',
    );
  for (const [region, prices] of Object.entries(regions)) {
    const at = `regions.${region}`;
    if (!isRecord(prices)) return wrong(at, 'is not an object', SHAPE);
    for (const kind of ['onDemand', 'spot'] as const) {
      const series = prices[kind] ?? {};
      if (!isRecord(series)) return wrong(`${at}.${kind}`, 'is not an object', SHAPE);
      for (const [name, p] of Object.entries(series))
        if (!isRecord(p) || !isPrice(p.vcpuHour) || !isPrice(p.gibHour))
          wrong(
            `${at}.${kind}.${name}`,
            `is ${JSON.stringify(p)}`,
            'give { "vcpuHour": <number ≥ 0>, "gibHour": <number ≥ 0> }',
          );
    }
    for (const kind of ['gpuHour', 'diskGibMonth'] as const) {
      const table = prices[kind] ?? {};
      if (!isRecord(table)) return wrong(`${at}.${kind}`, 'is not an object', SHAPE);
      for (const [name, p] of Object.entries(table))
        if (!isPrice(p))
          wrong(`${at}.${kind}.${name}`, `is ${JSON.stringify(p)}`, 'give a number of at least 0');
    }
  }
  const filled = Object.fromEntries(
    Object.entries(regions as Record<string, Record<string, unknown>>).map(([name, r]) => [
      name,
      { onDemand: {}, spot: {}, gpuHour: {}, diskGibMonth: {}, ...r } as RegionPrices,
    ]),
  );
  return {
    retrieved: retrieved as string,
    currency: currency as string,
    sources: sources as Record<string, string>,
    clusterFeePerHour: clusterFeePerHour as number,
    regions: filled,
  };
}

const SHAPE =
  'see "Cost estimate" in the README for the shape: { "retrieved", "currency", "sources", "clusterFeePerHour", "regions": { "<region>": { "onDemand", "spot", "gpuHour", "diskGibMonth" } } }';
