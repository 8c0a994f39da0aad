/**
 * The code blocks of a Markdown file, classified by what the README's snippet test does with
 * them (the rules are written in README.md, "Quick start in your own repository"):
 *
 * - a shell block (sh, bash, shell) runs, in README order, in one fresh consumer project;
 * - a block whose first line is a comment naming a file (`// main.ts`, `// tsconfig.json`,
 *   `# values.yaml`) is that file of the project, written before the next shell block runs;
 * - a block after the line `<!-- illustration -->` is a fragment and is not run;
 * - a block after the line `<!-- not run: <why> -->` holds commands that need what CI does
 *   not have (a cluster, a GCP project, the Pulumi CLI) and is not run.
 *
 * Blocks without a language (program output, folder layouts) are text, not snippets.
 */

/** Fence languages of code a reader may copy. */
const CODE_LANGUAGES = new Set([
  'ts',
  'typescript',
  'js',
  'javascript',
  'json',
  'jsonc',
  'yaml',
  'yml',
  'sh',
  'bash',
  'shell',
]);
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell']);

/** What the snippet test does with a block. */
export type SnippetKind = 'shell' | 'file' | 'illustration' | 'not-run' | 'unclassified';

/** One fenced code block. */
export interface Snippet {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  /** The lines between the fences, without the fence's indentation. */
  readonly body: string;
  readonly kind: SnippetKind;
  /** The project file a `file` block is. */
  readonly file?: string;
  /** Why a `not-run` block is not run. */
  readonly reason?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const FILE_NAME = /^(?:\/\/|#)\s*([\w./-]+\.(?:ts|mts|cts|js|mjs|cjs|json|jsonc|yaml|yml))(?:\s|$)/;
const ILLUSTRATION = /^\s*<!--\s*illustration\s*-->\s*$/;
const NOT_RUN = /^\s*<!--\s*not run:\s*(.+?)\s*-->\s*$/;

/** Every code block of `markdown` in a language of code, in order. */
export function readmeSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const closing = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end])) end++;
    const body = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      .join('\n');
    const opening = i;
    i = end;
    if (!CODE_LANGUAGES.has(language.toLowerCase())) continue;

    let before = opening - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? lines[before] : '';
    const notRun = NOT_RUN.exec(marker);
    const fileName = FILE_NAME.exec(body.split('\n')[0] ?? '');
    const base = { line: opening + 1, language: language.toLowerCase(), body };
    if (ILLUSTRATION.test(marker)) snippets.push({ ...base, kind: 'illustration' });
    else if (notRun) snippets.push({ ...base, kind: 'not-run', reason: notRun[1] });
    else if (SHELL_LANGUAGES.has(base.language)) snippets.push({ ...base, kind: 'shell' });
    else if (fileName) snippets.push({ ...base, kind: 'file', file: fileName[1] });
    else snippets.push({ ...base, kind: 'unclassified' });
  }
  return snippets;
}

/**
 * One bash script that does what a reader does with the runnable snippets, in order: writes
 * each file block and runs each shell block. A shell block runs in a subshell with -e (it
 * stops at its first failing command) and -x (each command is printed before it runs); a
 * failed block prints `::: FAILED <source>:<line>` and the script goes on with the next, so
 * one run shows every block that fails. The script's exit status is the number of failed
 * blocks.
 */
export function readmeScript(snippets: readonly Snippet[], source = 'README.md'): string {
  const parts = ['exec 2>&1', 'failed=0'];
  for (const s of snippets) {
    if (s.kind === 'file') {
      const delimiter = `GKE_PLATFORM_SNIPPET_${s.line}`;
      parts.push(
        `echo "::: ${source}:${s.line}: ${s.file}"`,
        `mkdir -p "$(dirname '${s.file}')"`,
        `cat > '${s.file}' <<'${delimiter}'\n${s.body}\n${delimiter}`,
      );
    } else if (s.kind === 'shell') {
      parts.push(
        `echo "::: ${source}:${s.line}: shell"`,
        `(\nset -e -x\n${s.body}\n)`,
        `status=$?`,
        `if [ "$status" -ne 0 ]; then echo "::: FAILED ${source}:${s.line} (exit $status)"; failed=$((failed + 1)); fi`,
      );
    }
  }
  parts.push('exit "$failed"');
  return `${parts.join('\n')}\n`;
}

/** The `::: FAILED <source>:<line>` lines of a readmeScript run's output. */
export function failedBlocks(output: string): string[] {
  return [...output.matchAll(/^::: FAILED (.+)$/gm)].map((m) => m[1]);
}

/** The names in `npm run <name>` commands of a shell block. */
export function npmRunScripts(body: string): string[] {
  return [...body.matchAll(/\bnpm run ([\w:.-]+)/g)].map((m) => m[1]);
}
