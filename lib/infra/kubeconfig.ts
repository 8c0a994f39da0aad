import type * as container from '@pulumi/gcp/container';
import * as pulumi from '@pulumi/pulumi';

/** The kubectl credential plugin that GKE requires since Kubernetes 1.26. */
export const GKE_AUTH_PLUGIN = 'gke-gcloud-auth-plugin';

/**
 * A kubeconfig for the cluster, as `gcloud container clusters get-credentials` writes it:
 * the endpoint and CA certificate, and credentials from `gke-gcloud-auth-plugin` (the
 * user's gcloud login), never a static token. Marked secret.
 *
 * With `dnsEndpoint` (a cluster whose IP endpoint is private), the server is the DNS-based
 * endpoint, as `get-credentials --dns-endpoint` writes it: its certificate is publicly
 * trusted, so no CA data, and it answers from any network that reaches Google APIs.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
 */
export function createKubeconfig(
  cluster: container.Cluster,
  context: string,
  dnsEndpoint = false,
): pulumi.Output<string> {
  const kubeconfig = pulumi
    .all([cluster.endpoint, cluster.masterAuth, cluster.controlPlaneEndpointsConfig])
    .apply(([endpoint, masterAuth, endpoints]) =>
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [
            {
              name: context,
              cluster: dnsEndpoint
                ? { server: `https://${endpoints.dnsEndpointConfig?.endpoint}` }
                : {
                    server: `https://${endpoint}`,
                    'certificate-authority-data': masterAuth.clusterCaCertificate,
                  },
            },
          ],
          contexts: [{ name: context, context: { cluster: context, user: context } }],
          'current-context': context,
          users: [
            {
              name: context,
              user: {
                exec: {
                  apiVersion: 'client.authentication.k8s.io/v1beta1',
                  command: GKE_AUTH_PLUGIN,
                  installHint:
                    'Install gke-gcloud-auth-plugin for kubectl: https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin',
                  provideClusterInfo: true,
                },
              },
            },
          ],
        },
        null,
        2,
      ),
    );
  return pulumi.secret(kubeconfig);
}
