import type { Construct } from 'constructs';

/**
 * A service that a front door routes to, as the front door sees it: the construct that holds
 * its load balancer policies, and what they are named and labelled after.
 */
export interface RoutedService extends Construct {
  /** The Service's name. */
  readonly name: string;
  /** `<Kind> '<construct path>'`, for errors. */
  readonly where: string;
  /** The labels its policies carry. */
  readonly labels: Readonly<Record<string, string>>;
  /** Where the Service lives. */
  readonly chart: { readonly namespaceName: string };
}
