import { isStrictCidr, isStrictIp } from '#lib/core/strict-ip';

/* Current Kubernetes' strict IP and CIDR validation (KEP-4858), with the canonical form. */
describe('isStrictIp', () => {
  it.each(['10.0.0.3', '0.0.0.0', '192.168.100.200', '2001:db8::1', '::ffff:10.0.0.1'])(
    'accepts %s',
    (ip) => expect(isStrictIp(ip)).toEqual([]),
  );

  it.each([
    ['010.0.0.3', '10.0.0.3'],
    ['10.0.00.3', '10.0.0.3'],
    ['::ffff:010.0.0.1', '::ffff:10.0.0.1'],
  ])('fails on %s, naming %s', (ip, canonical) => {
    expect(isStrictIp(ip)).toEqual([
      {
        problem: 'has a leading zero in an IPv4 part, which current Kubernetes refuses',
        fix: `write '${canonical}'`,
      },
    ]);
  });

  it('fails on what is no address at all', () => {
    expect(isStrictIp('10.0.0')[0].problem).toBe('is not an IP address');
  });
});

describe('isStrictCidr', () => {
  it.each(['10.0.0.0/8', '10.20.0.3/32', '0.0.0.0/0', '2001:db8::/32', '2001:db8::1/128'])(
    'accepts %s',
    (cidr) => expect(isStrictCidr(cidr)).toEqual([]),
  );

  it.each([
    ['10.20.0.3/8', '10.0.0.0/8', '10.20.0.3/32'],
    ['192.168.1.130/25', '192.168.1.128/25', '192.168.1.130/32'],
    ['2001:db8:0:0:1::/32', '2001:db8::/32', '2001:db8:0:0:1::/128'],
    ['2001:db8:1:0:0:0:0:1/48', '2001:db8:1::/48', '2001:db8:1:0:0:0:0:1/128'],
  ])('fails on %s, naming the network %s and the address %s', (cidr, network, single) => {
    expect(isStrictCidr(cidr)).toEqual([
      {
        problem: `has host bits set (its network is ${network}), which current Kubernetes refuses`,
        fix: `write '${network}' for the network, or '${single}' for the one address`,
      },
    ]);
  });

  it('fails on a leading zero, naming the canonical CIDR', () => {
    expect(isStrictCidr('010.0.0.0/8')[0].fix).toBe("write '10.0.0.0/8'");
  });

  it('fails on what is no CIDR, as the loose check does', () => {
    expect(isStrictCidr('10.0.0.0')[0].problem).toBe('is not a CIDR (no prefix length)');
  });
});
