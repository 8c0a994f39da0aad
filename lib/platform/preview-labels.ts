/**
 * The marks every preview's Namespace carries (written by `preview synth`, read by `preview
 * list`, `preview prune` and the in-cluster `PreviewPruner`).
 */

/** The label naming the preview: `pr-123`. */
export const PREVIEW_LABEL = 'gke-platform/preview';

/** The label naming the base environment's namespace the preview copies: `<platform>-<from>`. */
export const PREVIEW_OF_LABEL = 'gke-platform/preview-of';

/** The annotation holding when the preview expires, an RFC 3339 UTC timestamp. */
export const EXPIRES_ANNOTATION = 'gke-platform/expires';

/** The value of {@link PREVIEW_OF_LABEL} for a platform's previews. */
export function previewOf(platform: string, from: string): string {
  return `${platform}-${from}`;
}

/** The namespace of a preview: `<platform>-preview-<name>`. */
export function previewNamespace(platform: string, name: string): string {
  return `${platform}-preview-${name}`;
}

/**
 * An RFC 3339 timestamp (`2025-03-01T12:00:00Z`, fractional seconds and offsets allowed), as
 * the `date-time` of RFC 3339 section 5.6 spells it.
 */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant of an RFC 3339 timestamp, or undefined when it is not one. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !RFC_3339.test(value)) return undefined;
  // Date rolls 2025-02-30 over into March: refuse a day the month does not have.
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const date = new Date(value.toUpperCase());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
