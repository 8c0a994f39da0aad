/**
 * A container's CPU and memory requests in a preview: `percent` of the base environment's,
 * rounded up to a whole millicore and a whole MiB (at least 1m and 1Mi), so that previews pack
 * densely on the base environment's nodes. Limits stay as they are, so a preview's pod may
 * still use what the base environment's may, when the node has it.
 */
export function scaledRequest(
  resource: 'cpu' | 'memory',
  text: string,
  amount: number,
  percent: number,
): string {
  if (percent >= 100) return text;
  if (resource === 'cpu') return `${Math.max(1, Math.ceil((amount * percent) / 100))}m`;
  const mebibyte = 1024 * 1024;
  return `${Math.max(1, Math.ceil((amount * percent) / 100 / mebibyte))}Mi`;
}
