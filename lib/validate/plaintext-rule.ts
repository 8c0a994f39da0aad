/*
 * The one rule for a literal value that would be written to the manifests: what in it is a
 * secret in plain text, if anything. The check of a container's props (allowPlaintextSecrets
 * names the exceptions) and the scan of the output both ask it, for every channel: variables,
 * config files, annotations, command lines and exec probes.
 */
import { credentialAssignments, credentialFlags, isPlaintextCredential } from './credential-names';
import { describeSecretMaterial, findSecretMaterial } from './secret-material';

/** What is wrong with a value: the problem, to read after the prop, and the rule's id. */
export interface PlaintextFinding {
  readonly problem: string;
  readonly rule: string;
}

const IN_PLAIN_TEXT = 'which would be written in plain text to dist/';
const LOOKS_LIKE_CREDENTIAL =
  'which looks like a credential and would be written in plain text to dist/';

/**
 * The secret in `value`, if any: secret material (a private key, a password in a URL, a known
 * token format: findSecretMaterial), else a credential its text assigns (`password: …` in a
 * config file, `Authorization: Bearer …`: credentialAssignments). `at` says where the value
 * is (` at [2]` of a command line).
 */
export function textProblem(value: string, at = ''): PlaintextFinding | undefined {
  const [material] = findSecretMaterial(value);
  if (material)
    return {
      problem: `holds ${describeSecretMaterial(material)}${at}, ${IN_PLAIN_TEXT}`,
      rule: `secret-scan/${material.kind}`,
    };
  const [assignment] = credentialAssignments(value);
  if (assignment) {
    const line = value.includes('\n') ? ` on line ${assignment.line}` : '';
    return {
      problem: `sets '${assignment.name}' to a literal value${at}${line}, ${LOOKS_LIKE_CREDENTIAL}`,
      rule: 'secret-scan/credential-name',
    };
  }
  return undefined;
}

/**
 * The secret in a named value (an environment variable, an HTTP header): its name looks like
 * a credential and the value could be one (isPlaintextCredential), or its text holds one.
 */
export function namedValueProblem(name: string, value: string): PlaintextFinding | undefined {
  if (isPlaintextCredential(name, value))
    return {
      problem: 'looks like a credential and would be written in plain text to dist/',
      rule: 'secret-scan/credential-name',
    };
  return textProblem(value);
}

/**
 * The secret in a command line (`command`, `args`, an exec probe): in one of its arguments,
 * or the value of a credential flag (`--db-password hunter2`), with the argument's index.
 */
export function commandLineProblem(
  argv: readonly string[],
): (PlaintextFinding & { readonly index: number }) | undefined {
  for (let i = 0; i < argv.length; i++) {
    const problem = textProblem(argv[i], ` at [${i}]`);
    if (problem) return { ...problem, index: i };
  }
  const [flag] = credentialFlags(argv);
  return (
    flag && {
      problem: `sets '${flag.flag}' to a literal value at [${flag.index}], ${LOOKS_LIKE_CREDENTIAL}`,
      rule: 'secret-scan/credential-name',
      index: flag.index,
    }
  );
}
