import { fail } from '../platform/errors';

const CPU = /^(\d+(\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** CPU in millicores from a Kubernetes quantity such as `250m` or `1.5`. */
export function parseCpu(where: string, prop: string, value: string): number {
  const match = CPU.exec(String(value));
  if (!match) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a CPU quantity`,
      "write millicores ('250m') or cores ('1', '1.5')",
    );
  }
  const amount = Number(match[1]);
  return match[3] === 'm' ? amount : amount * 1000;
}

/** Memory in bytes from a Kubernetes quantity such as `256Mi` or `1G`. */
export function parseMemory(where: string, prop: string, value: string): number {
  const match = MEMORY.exec(String(value));
  if (!match) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a memory quantity`,
      "write a size with a unit, e.g. '256Mi' or '1Gi'",
    );
  }
  return Number(match[1]) * MEMORY_UNITS[match[3] ?? ''];
}
