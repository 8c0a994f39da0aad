import { fail } from '../../core/errors';
import { commandLineProblem, namedValueProblem, textProblem } from '../../validate/plaintext-rule';
import type { ContainerContext, ContainerSpec } from './container-spec';

/** What would land in dist/ in plain text: the problem and fix of the error, by prop. */
interface Refusal {
  readonly problem: string;
  readonly fix: string;
}

const allowFix = (prop: string): string =>
  `allow this one value with 'allowPlaintextSecrets: ["${prop}"]'`;

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/**
 * Checks that no value of a container puts a secret in plain text into the manifests, unless
 * `allowPlaintextSecrets` names it; records every allowed value with the chart, so that the
 * scan of the output (scanSecretMaterial) lets exactly those strings through.
 *
 * Every literal value goes through the one rule of plaintext-rule.ts: secret material (a
 * private key, a password in a URL, a known token format), a credential its text assigns
 * (`password: …`, `Authorization: Bearer …`), a variable named like a credential
 * (`env.DB_PASS`) and a credential flag of a command line: literal `env`, `configFiles`,
 * `args`, `command`, an exec `health.command`, and `podValues`, the pod's literal values that
 * the main container's allowance covers (`podAnnotations.<key>`).
 */
export function checkPlaintextSecrets<E extends string>(
  where: string,
  spec: ContainerSpec<E>,
  ctx: ContainerContext,
  podValues: Readonly<Record<string, string>> = {},
): void {
  // Every prop that writes literal strings, with its values in this environment.
  const values = new Map<string, readonly string[]>();
  const refusals = new Map<string, Refusal>();

  for (const [name, value] of Object.entries(spec.env ?? {})) {
    const prop = `env.${name}`;
    const resolved = ctx.resolve(value, prop);
    values.set(prop, [resolved]);
    const found = namedValueProblem(name, resolved);
    if (found)
      refusals.set(prop, {
        problem: found.problem,
        fix: `read it from a Secret with 'secretEnv: { ${name}: { secret: "…", key: "…" } }', or ${allowFix(prop)}`,
      });
  }
  for (const [path, content] of Object.entries(spec.configFiles ?? {})) {
    const prop = `configFiles.${path}`;
    const resolved = ctx.resolve(content, prop);
    values.set(prop, [resolved]);
    const found = typeof resolved === 'string' ? textProblem(resolved) : undefined;
    if (found)
      refusals.set(prop, {
        problem: found.problem,
        fix: `keep the file in a Secret and mount it with 'secretMounts: { "${dirname(path)}": "…" }', or ${allowFix(prop)}`,
      });
  }
  const commandLines: [string, readonly string[] | undefined][] = [
    ['command', spec.command],
    ['args', spec.args],
  ];
  for (const [prop, argv] of commandLines) {
    if (argv === undefined) continue;
    values.set(prop, argv);
    const found = commandLineProblem(argv);
    if (found)
      refusals.set(prop, {
        problem: found.problem,
        // Kubernetes expands $(VAR) in command and args from the container's environment.
        // https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#use-environment-variables-to-define-arguments
        fix: `read it from a Secret with 'secretEnv' and write '$(NAME)' in its place, which Kubernetes expands, or ${allowFix(prop)}`,
      });
  }
  const probeCommands = {
    'health.command': spec.health ? spec.health.command : undefined,
    'health.liveness.command':
      spec.health && spec.health.liveness ? spec.health.liveness.command : undefined,
  };
  for (const [prop, probeCommand] of Object.entries(probeCommands)) {
    if (probeCommand === undefined) continue;
    values.set(prop, probeCommand);
    const found = commandLineProblem(probeCommand);
    if (found)
      refusals.set(prop, {
        problem: found.problem,
        // Probe commands are run as they are, without $(VAR) expansion: a shell reads the variable.
        fix: `read it from a Secret with 'secretEnv' and let a shell expand it (['sh', '-c', '… "$NAME" …']), or ${allowFix(prop)}`,
      });
  }
  for (const [prop, value] of Object.entries(podValues)) {
    values.set(prop, [value]);
    const found = textProblem(value);
    if (found)
      refusals.set(prop, {
        problem: found.problem,
        fix: `keep it in a Secret and let the app read it from a file or variable, or ${allowFix(prop)}`,
      });
  }

  const legacy = (spec as { readonly allowPlaintextSecretEnv?: unknown }).allowPlaintextSecretEnv;
  if (legacy !== undefined) {
    const props = [...refusals.keys()];
    fail(
      where,
      'allowPlaintextSecretEnv',
      "is no longer supported: 'allowPlaintextSecrets' names each value that may be written in plain text",
      props.length > 0
        ? `write 'allowPlaintextSecrets: [${props.map((p) => `"${p}"`).join(', ')}]' instead`
        : 'remove it: no value of this container needs it',
    );
  }

  const allowed = new Set(ctx.resolve(spec.allowPlaintextSecrets ?? [], 'allowPlaintextSecrets'));
  for (const prop of allowed) {
    if (!values.has(prop)) {
      const known = [...values.keys()].map((p) => `'${p}'`);
      fail(
        where,
        'allowPlaintextSecrets',
        `names '${prop}', which is no literal value of this container`,
        known.length > 0
          ? `name one of ${known.join(', ')}`
          : "name a literal value of the container, e.g. 'env.DB_PASS', 'configFiles./etc/app/key.pem' or 'args'",
      );
    }
  }
  for (const [prop, refusal] of refusals) {
    if (!allowed.has(prop)) fail(where, prop, refusal.problem, refusal.fix);
  }
  for (const prop of allowed) for (const value of values.get(prop) ?? []) ctx.allowPlaintext(value);
}
