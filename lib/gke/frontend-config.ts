import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as imported from '../../imports/frontendconfig-networking.gke.io';
import { checkOneOf, fail } from '../core/errors';
import { checkGcpName, checkMetadata, type GkeObjectProps } from './common';
import { freeId } from '../core/construct-id';

/** The Ingress annotation that attaches a FrontendConfig to an Ingress. */
export const FRONTEND_CONFIG_ANNOTATION = 'networking.gke.io/v1beta1.FrontendConfig';

/**
 * The status code of the HTTP-to-HTTPS redirect: 301, 302, 303, 307 or 308.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_redirect
 */
export type HttpsRedirectResponseCode =
  'MOVED_PERMANENTLY_DEFAULT' | 'FOUND' | 'SEE_OTHER' | 'TEMPORARY_REDIRECT' | 'PERMANENT_REDIRECT';

const RESPONSE_CODES: readonly HttpsRedirectResponseCode[] = [
  'MOVED_PERMANENTLY_DEFAULT',
  'FOUND',
  'SEE_OTHER',
  'TEMPORARY_REDIRECT',
  'PERMANENT_REDIRECT',
];

/** Settings of a FrontendConfig: how the Google load balancer's frontend treats clients. */
export interface FrontendConfigProps extends GkeObjectProps {
  /**
   * Whether the load balancer answers plain HTTP requests with a redirect to HTTPS.
   * @default - not set: HTTP is served as it is
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_redirect
   */
  readonly redirectToHttps?: boolean;
  /**
   * The status code of the redirect. Needs `redirectToHttps: true`.
   * @default 'MOVED_PERMANENTLY_DEFAULT' (301)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#https_redirect
   */
  readonly redirectResponseCode?: HttpsRedirectResponseCode;
  /**
   * The name of a Compute Engine SSL policy (minimum TLS version, ciphers) for the HTTPS
   * frontend; the policy itself is created outside Kubernetes.
   * @default - none: Google's default SSL policy
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#ssl
   */
  readonly sslPolicy?: string;
}

/**
 * A GKE FrontendConfig (networking.gke.io/v1beta1): HTTPS redirect and SSL policy of an
 * Ingress's load balancer. Attach it to the Ingress with `ingressAnnotations()`.
 *
 * The generated object is `apiObject`, for anything these props do not cover.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#configuring_ingress_features_through_frontendconfig_parameters
 */
export class FrontendConfig extends Construct {
  /**
   * The `networking.gke.io/v1beta1.FrontendConfig` Ingress annotation for a FrontendConfig
   * (object or name).
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#associating_frontendconfig_with_your_ingress
   */
  public static ingressAnnotations(config: FrontendConfig | string): Record<string, string> {
    return { [FRONTEND_CONFIG_ANNOTATION]: typeof config === 'string' ? config : config.name };
  }

  /** The generated FrontendConfig object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The object's name, as the Ingress annotation references it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: FrontendConfigProps = {}) {
    super(scope, freeId(scope, id, 'FrontendConfig'));
    const where = `FrontendConfig '${this.node.path}'`;
    const metadata = checkMetadata(where, props.metadata);

    if (props.redirectResponseCode !== undefined) {
      if (props.redirectToHttps !== true) {
        fail(
          where,
          'redirectResponseCode',
          'is set but the HTTPS redirect is not enabled',
          "also set 'redirectToHttps: true', or leave 'redirectResponseCode' out",
        );
      }
      checkOneOf(where, 'redirectResponseCode', props.redirectResponseCode, RESPONSE_CODES);
    }

    this.apiObject = new imported.FrontendConfig(this, 'Resource', {
      metadata,
      spec: {
        redirectToHttps:
          props.redirectToHttps === undefined
            ? undefined
            : props.redirectToHttps
              ? {
                  enabled: true,
                  responseCodeName: props.redirectResponseCode ?? 'MOVED_PERMANENTLY_DEFAULT',
                }
              : { enabled: false },
        sslPolicy:
          props.sslPolicy === undefined
            ? undefined
            : checkGcpName(where, 'sslPolicy', props.sslPolicy),
      },
    });
    this.name = this.apiObject.name;
  }

  /** The Ingress annotation that attaches this FrontendConfig. */
  public ingressAnnotations(): Record<string, string> {
    return FrontendConfig.ingressAnnotations(this);
  }
}
