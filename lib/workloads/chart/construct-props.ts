import type { Construct } from 'constructs';
import { checkProps } from '../../core/prop-check';
import type { PropsName } from '../../core/prop-shapes.generated';
import { EnvironmentChart } from './environment-chart';

/** `WebService` of `WebServiceProps`: the constructs whose props have a shape. */
type KindOf<P> = P extends `${infer K}Props` ? K : never;

/**
 * Checks the props of a construct of `kind` about to be created as `id` in `scope` against
 * the props interface `<kind>Props`, before the construct reads them, for JavaScript and JSON
 * that no compiler checked. Errors name the construct as its own do: `<kind> '<path>'`.
 * Outside an environment chart it checks nothing: the construct then says where it belongs.
 */
export function checkConstructProps(
  kind: KindOf<PropsName>,
  scope: Construct,
  id: string,
  props: unknown,
): void {
  const chart = [...scope.node.scopes]
    .reverse()
    .find((s): s is EnvironmentChart => s instanceof EnvironmentChart);
  if (chart === undefined) return;
  const path = scope.node.path ? `${scope.node.path}/${id}` : id;
  checkProps(`${kind} '${path}'`, `${kind}Props`, props, chart.platform.environmentNames);
}
