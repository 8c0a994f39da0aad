import { fail } from '../../core/errors';
import { isWholeQuantity, parseQuantity } from '../../core/quantity';

/**
 * The smallest memory request or limit a container starts with: runc-based runtimes need
 * about 6 MiB to set the container up, and fail it below that (CreateContainerError), as
 * Docker refuses a limit under 6 MiB outright.
 * @see https://github.com/kubernetes/kubernetes/issues/124841
 * @see https://docs.docker.com/engine/containers/resource_constraints/#limit-a-containers-access-to-memory
 */
export const MIN_MEMORY_BYTES = 6 * 2 ** 20;

/**
 * The smallest CPU limit the kernel enforces as written: the kubelet turns a limit into a CFS
 * quota per 100 ms period and raises any quota under 1 ms (10m) to 1 ms (minQuotaPeriod).
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/helpers_linux.go
 */
export const MIN_CPU_LIMIT_MILLIS = 10;

/** The smallest CPU request: Kubernetes counts CPU in whole millicores. */
export const MIN_CPU_REQUEST_MILLIS = 1;

/**
 * The value of a Kubernetes quantity in its base unit (cores, bytes), or undefined when it is
 * not one: the grammar of resource.ParseQuantity, as the semantic rules read it ('1e3m' is
 * no quantity; '.5' and '1.' are).
 */
export function quantityValue(value: string): number | undefined {
  return parseQuantity(value)?.approximate;
}

/** CPU in millicores from a Kubernetes quantity such as `250m`, `1.5` or `5e-1`. */
export function parseCpu(where: string, prop: string, value: string): number {
  const cores = quantityValue(value);
  if (cores === undefined || cores < 0) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a CPU quantity`,
      "write millicores ('250m') or cores ('1', '1.5')",
    );
  }
  return cores * 1000;
}

/**
 * Memory in bytes from a Kubernetes quantity such as `256Mi` or `1G`. A fraction of a byte
 * ('128m' is 0.128 bytes, a classic slip for '128Mi') is refused: the API server takes it,
 * and the container is then killed at start.
 */
export function parseMemory(where: string, prop: string, value: string): number {
  const quantity = parseQuantity(value);
  if (quantity === undefined || quantity.negative) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is not a memory quantity`,
      "write a size with a unit, e.g. '256Mi' or '1Gi'",
    );
  }
  if (!isWholeQuantity(quantity) || /[mun]$/.test(value)) {
    fail(
      where,
      prop,
      `is ${JSON.stringify(value)}, which is ${quantity.approximate} bytes`,
      `write a size in bytes with a binary unit, e.g. '${String(value).replace(/[mun]$/, 'Mi')}'`,
    );
  }
  return quantity.approximate;
}
