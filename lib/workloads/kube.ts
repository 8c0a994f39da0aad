/**
 * The Kubernetes API classes the constructs emit. They come from cdk8s-plus-27 (Kubernetes
 * 1.27); moving to a newer cdk8s-plus is a change to this one line.
 */
export { k8s } from 'cdk8s-plus-27';
