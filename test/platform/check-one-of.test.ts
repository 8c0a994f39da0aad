import { checkOneOf, listOf, PlatformError } from '#lib/core/errors';

describe('checkOneOf, the one enum check', () => {
  const modes = ['allow', 'deny'] as const;

  test('returns the value, narrowed, when it is one of the choices', () => {
    const mode: 'allow' | 'deny' = checkOneOf('policy', 'mode', 'deny' as unknown, modes);
    expect(mode).toBe('deny');
  });

  test('fails naming the value and every choice', () => {
    expect(() => checkOneOf('policy', 'mode', 'drop', modes)).toThrow(
      new PlatformError('policy', 'mode', 'is "drop"', "use 'allow' or 'deny'"),
    );
  });

  test('fails with the reason, when given', () => {
    expect(() => checkOneOf('policy', 'mode', 42, modes, 'is not a Cloud Armor action')).toThrow(
      "policy: 'mode' is 42, which is not a Cloud Armor action; use 'allow' or 'deny'",
    );
  });

  test('listOf quotes and joins the choices as a sentence', () => {
    expect(listOf([])).toBe('');
    expect(listOf(['a'])).toBe("'a'");
    expect(listOf(['a', 'b', 'c'])).toBe("'a', 'b' or 'c'");
  });
});
