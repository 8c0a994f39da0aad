import {
  type ContainerNode,
  describePorts,
  describeScale,
  type EnvironmentGraph,
  type GraphConnection,
} from './graph-model';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A table: a heading, its column names and rows of cells, each already HTML. */
interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const text = (value: string | number | undefined): string =>
  value === undefined || value === '' ? '<span class="none">–</span>' : escapeHtml(String(value));
const list = (values: readonly string[]): string =>
  values.length === 0 ? text(undefined) : values.map(escapeHtml).join('<br>');

function resources(c: ContainerNode): string {
  const pairs = (values: Readonly<Record<string, string>>) =>
    Object.entries(values)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const requests = pairs(c.requests);
  const limits = pairs(c.limits);
  return [requests && `requests ${requests}`, limits && `limits ${limits}`]
    .filter(Boolean)
    .map((line) => escapeHtml(line))
    .join('<br>');
}

function tablesOf(graph: EnvironmentGraph): Table[] {
  const connection = (c: GraphConnection) => [
    text(`${c.from.name}`) +
      (c.from.kind === 'external' ? ' <span class="tag">outside</span>' : ''),
    text(c.to.name) + (c.to.kind === 'external' ? ' <span class="tag">outside</span>' : ''),
    text(describePorts(c.ports)),
  ];
  return [
    {
      title: 'Entry points',
      columns: ['name', 'front door', 'hosts', 'static IPs'],
      rows: graph.entryPoints.map((e) => [
        text(`${e.kind} ${e.name}`),
        text(e.frontDoor),
        e.hosts.length ? list(e.hosts) : 'any host',
        list(e.staticIps),
      ]),
    },
    {
      title: 'Routes',
      columns: ['entry point', 'host', 'path', 'to'],
      rows: graph.routes.map((r) => [
        text(r.entry),
        text(r.host === '*' ? 'any host' : r.host),
        text(r.path === '*' ? 'every path' : r.path),
        r.redirect
          ? text(`redirect ${r.redirect}`)
          : list(
              r.backends.map(
                (b) =>
                  `${b.service}${b.port === undefined ? '' : `:${b.port}`}${b.weight === undefined ? '' : ` (weight ${b.weight})`}`,
              ),
            ),
      ]),
    },
    {
      title: 'Services',
      columns: ['name', 'type', 'ports', 'workloads'],
      rows: graph.services.map((s) => [
        text(s.name),
        text(s.type),
        list(s.ports),
        list(s.workloads),
      ]),
    },
    {
      title: 'Workloads',
      columns: ['name', 'scale', 'containers', 'resources', 'lands on', 'identity, secrets'],
      rows: graph.workloads.map((w) => [
        `<strong>${text(w.name)}</strong><br>${text(w.kind)}`,
        text(describeScale(w.scale)),
        w.containers
          .map((c) => `${text(c.name)}${c.init ? ' (init)' : ''}: <code>${text(c.image)}</code>`)
          .join('<br>'),
        w.containers.map(resources).join('<br>'),
        text(w.placement.summary),
        list([...(w.serviceAccount ? [`ServiceAccount ${w.serviceAccount}`] : []), ...w.secrets]),
      ]),
    },
    {
      title: 'Connections the NetworkPolicies allow',
      columns: ['from', 'to', 'ports'],
      rows: graph.connections.map(connection),
    },
    {
      title: 'Secrets (names only)',
      columns: ['name', 'source', 'read by'],
      rows: graph.secrets.map((s) => [
        text(s.name),
        text(s.project ? `${s.source} (${s.project})` : s.source),
        list(s.usedBy),
      ]),
    },
    {
      title: 'Identities',
      columns: ['ServiceAccount', 'Google service account', 'used by'],
      rows: graph.identities.map((i) => [
        text(i.serviceAccount),
        text(i.gcpServiceAccount),
        list(i.usedBy),
      ]),
    },
  ];
}

function tableHtml(table: Table): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body =
    table.rows.length === 0
      ? `<tr class="empty"><td colspan="${table.columns.length}">none</td></tr>`
      : table.rows.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<h3>${escapeHtml(table.title)}</h3>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The id of an environment's section, for the links at the top. */
const sectionId = (environment: string) => `env-${environment.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function sectionHtml(graph: EnvironmentGraph): string {
  const id = sectionId(graph.environment);
  const counts = `${graph.workloads.length} workloads, ${graph.entryPoints.length} entry points, ${graph.connections.length} connections`;
  const namespaces = graph.namespaces.length ? ` · namespace ${graph.namespaces.join(', ')}` : '';
  return [
    `<section class="environment" id="${escapeHtml(id)}">`,
    `<h2>${escapeHtml(graph.environment)}</h2>`,
    `<p class="summary">${escapeHtml(counts + namespaces)}</p>`,
    ...tablesOf(graph).map(tableHtml),
    '</section>',
  ].join('\n');
}

/* Layout for a laptop screen and for paper; nothing loaded from elsewhere. */
const STYLE = `
:root { color-scheme: light; --line: #d0d7de; --muted: #57606a; --accent: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; }
header { position: sticky; top: 0; background: #f6f8fa; border-bottom: 1px solid var(--line); padding: 10px 24px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header nav a { margin-right: 12px; color: var(--accent); text-decoration: none; }
#search { flex: 1; min-width: 220px; max-width: 420px; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
main { padding: 0 24px 48px; max-width: 1400px; }
h2 { font-size: 22px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.summary { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; font-weight: 600; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.none, tr.empty td { color: var(--muted); }
.tag { font-size: 11px; color: var(--muted); border: 1px solid var(--line); border-radius: 8px; padding: 0 5px; }
@media print {
  header { position: static; }
  #search, header nav { display: none; }
  section.environment { break-before: page; }
  section.environment:first-of-type { break-before: auto; }
  tr, h3 { break-inside: avoid; }
  body { font-size: 11px; }
}
`;

/* The search box: hides the rows (and then the tables) that do not contain every word typed. */
const SCRIPT = `
(function () {
  var box = document.getElementById('search');
  function filter() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    document.querySelectorAll('tbody tr').forEach(function (row) {
      var content = row.textContent.toLowerCase();
      row.hidden = words.length > 0 && !words.every(function (w) { return content.indexOf(w) >= 0; });
    });
  }
  box.addEventListener('input', filter);
  filter();
})();
`;

/**
 * One self-contained HTML page for the environments: a section each with its entry points,
 * routes, Services, workloads (scale, containers, resources, the nodes they land on),
 * connections, secrets and identities; a search box that filters the rows; print styles.
 * Every string is escaped, and the page loads nothing from anywhere.
 */
export function graphHtml(title: string, graphs: readonly EnvironmentGraph[]): string {
  const nav = graphs
    .map(
      (g) => `<a href="#${escapeHtml(sectionId(g.environment))}">${escapeHtml(g.environment)}</a>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<nav>${nav}</nav>
<input id="search" type="search" placeholder="Search workloads, hosts, images, secrets…" aria-label="Search">
</header>
<main>
${graphs.map(sectionHtml).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
