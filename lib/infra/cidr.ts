// The CIDR parser lives with the platform definition, which checks `proxyOnlySubnet` with it.
export { type Cidr, overlaps, parseCidr } from '../platform/cidr';
