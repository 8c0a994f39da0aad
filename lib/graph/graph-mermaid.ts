import { describePorts, describeScale, type EnvironmentGraph, type Route } from './graph-model';

/**
 * A label in a Mermaid node or edge: its lines quoted, with Mermaid's entity codes for the
 * characters that would end the label or be read as markup.
 */
function label(...lines: readonly string[]): string {
  const escape = (line: string) =>
    line.replace(/["<>#]/g, (c) => ({ '"': '#quot;', '<': '#lt;', '>': '#gt;', '#': '#35;' })[c]!);
  return `"${lines.map(escape).join('<br/>')}"`;
}

/** Node ids: letters, digits and `_` only, one per thing, never two alike. */
function idMaker(): (kind: string, name: string, readable?: string) => string {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  return (kind, name, readable = name) => {
    const key = `${kind}/${name}`;
    let id = ids.get(key);
    if (!id) {
      const base = `${kind}_${readable.replace(/[^A-Za-z0-9_]/g, '_')}`;
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
      ids.set(key, id);
      taken.add(id);
    }
    return id;
  };
}

/**
 * The environment as a Mermaid flowchart, left to right: each entry point (with its hosts),
 * its routes (one node per path, for every host that has it), the Services they send to, the
 * workloads those select, and the connections between workloads that the NetworkPolicies allow
 * (dotted, with their ports).
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function graphMermaid(graph: EnvironmentGraph): string {
  const id = idMaker();
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const e of graph.entryPoints) {
    nodes.push(`${id('entry', e.name)}([${label(`${e.kind} ${e.name}`, ...e.hosts)}])`);
  }
  const routeNodes = new Map<string, Route>();
  for (const r of graph.routes.filter((r) => !r.redirect)) {
    const entry = id('entry', r.entry);
    if (r.path === '*') {
      for (const b of r.backends) edges.push(`${entry} --> ${id('service', b.service)}`);
      continue;
    }
    const key = `${r.entry} ${r.path} ${JSON.stringify(r.backends)}`;
    if (routeNodes.has(key)) continue;
    routeNodes.set(key, r);
    const route = id('route', key, r.entry);
    nodes.push(`${route}(${label(r.path)})`);
    edges.push(`${entry} --> ${route}`);
    for (const b of r.backends) {
      const weight = b.weight === undefined ? '' : `|${label(`weight ${b.weight}`)}|`;
      edges.push(`${route} -->${weight} ${id('service', b.service)}`);
    }
  }
  for (const s of graph.services) {
    nodes.push(`${id('service', s.name)}[[${label(`Service ${s.name}`)}]]`);
    for (const w of s.workloads) edges.push(`${id('service', s.name)} --> ${id('workload', w)}`);
  }
  for (const w of graph.workloads) {
    nodes.push(
      `${id('workload', w.name)}[${label(`${w.kind} ${w.name}`, describeScale(w.scale))}]`,
    );
  }
  for (const c of graph.connections) {
    if (c.from.kind !== 'workload' || c.to.kind !== 'workload') continue;
    edges.push(
      `${id('workload', c.from.name)} -.->|${label(describePorts(c.ports))}| ${id('workload', c.to.name)}`,
    );
  }
  return ['flowchart LR', ...nodes.map((n) => `  ${n}`), ...edges.map((e) => `  ${e}`), ''].join(
    '\n',
  );
}
