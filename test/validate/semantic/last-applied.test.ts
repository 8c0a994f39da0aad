import { validateSemantics } from '../../../lib/validate/semantic';

const configMap = (bytes: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'big', namespace: 'shop-dev' },
  data: { 'file.txt': 'x'.repeat(bytes) },
});

describe('the last-applied size rule', () => {
  it('passes an object that fits in 256 KiB with its last-applied copy', () => {
    expect(validateSemantics([configMap(250 * 1024)])).toEqual([]);
  });

  it('fails an object that does not (kubectl apply would be refused)', () => {
    const problems = validateSemantics([configMap(257 * 1024)]);
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      [
        '(the object)',
        "is 258 KiB with the last-applied copy that 'kubectl apply' annotates it with, over the 256 KiB that an object's annotations may hold",
      ],
    ]);
  });
});
