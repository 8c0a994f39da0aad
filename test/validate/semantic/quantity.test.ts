import { compareQuantities, isWholeQuantity, parseQuantity } from '#lib/core/quantity';

// The grammar of k8s.io/apimachinery/pkg/api/resource ParseQuantity (quantity.go):
// a signed decimal with a binary SI suffix, a decimal SI suffix or a decimal exponent.
describe('parseQuantity (resource.ParseQuantity)', () => {
  it.each([
    '0',
    '1',
    '250m',
    '1.5',
    '0.5',
    '.5',
    '1.',
    '+1',
    '-1',
    '1e3',
    '1E3',
    '1e-3',
    '1e+3',
    '512Mi',
    '1Gi',
    '1.5Gi',
    '100k',
    '1M',
    '1n',
    '1u',
    '2P',
    '1E',
    '3Ei',
    1,
    0.5,
    1000,
  ])('accepts %p', (value) => expect(parseQuantity(value)).toBeDefined());
  // '1e3m': after an exponent nothing may follow (parseQuantityString's ErrFormatWrong);
  // 'K', 'mi', 'b' are no suffixes (ErrSuffix).
  it.each([
    '1e3m',
    '',
    ' 1',
    '1 ',
    '1K',
    '1mi',
    '1b',
    '1e',
    'e3',
    'm',
    '1Mi5',
    '1.2.3',
    '--1',
    'one',
    null,
    undefined,
    true,
  ])('rejects %p', (value) => expect(parseQuantity(value)).toBeUndefined());
  it('compares exactly across suffixes', () => {
    const q = (s: string) => parseQuantity(s)!;
    expect(compareQuantities(q('500m'), q('0.5'))).toBe(0);
    expect(compareQuantities(q('1e3'), q('1k'))).toBe(0);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('1024Mi'), q('1Gi'))).toBe(0);
    expect(compareQuantities(q('100m'), q('0.1'))).toBe(0);
    expect(compareQuantities(q('250m'), q('1'))).toBe(-1);
  });
  it('tells whole numbers (extended resources are counted in whole units)', () => {
    const q = (s: string) => parseQuantity(s)!;
    expect(isWholeQuantity(q('2'))).toBe(true);
    expect(isWholeQuantity(q('1000m'))).toBe(true);
    expect(isWholeQuantity(q('1.0'))).toBe(true);
    expect(isWholeQuantity(q('500m'))).toBe(false);
    expect(isWholeQuantity(q('0.5'))).toBe(false);
  });
});
