import { Construct } from 'constructs';
import type { EnvironmentChart } from '../chart/environment-chart';
import type { FrontDoor, ResolvedRoute } from './front-door';
import { exportRoutedService } from './multi-cluster-gateway';

/**
 * The gateway front door on a cluster of a fleet that is not its config cluster: the
 * multi-cluster Gateway, its HTTPRoutes and policies live on the config cluster alone (GKE's
 * controller reads them there), so here a route only exports its service, and makes the
 * per-cluster Service of this cluster where the route weighs clusters.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-gateways#config_cluster
 */
export class FleetMemberFrontDoor extends Construct implements FrontDoor {
  /** Which front door this is: the Gateway API's, configured on another cluster. */
  readonly kind = 'gateway';

  constructor(
    scope: Construct,
    id: string,
    private readonly chart: EnvironmentChart,
  ) {
    super(scope, id);
  }

  /** Exports the route's service from the clusters it runs on. */
  addRoute(route: ResolvedRoute): void {
    exportRoutedService(this.chart, route.service, route.clusters);
  }
}
