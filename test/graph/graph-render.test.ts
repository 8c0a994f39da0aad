import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { environmentGraph } from '#lib/graph/environment-graph';
import { escapeHtml, graphHtml } from '#lib/graph/graph-html';
import { graphMermaid } from '#lib/graph/graph-mermaid';
import { synthesizePlatform } from '#lib/output/synthesize';
import type { Obj } from '#lib/plan/network-policy-eval';

const graphs = synthesizePlatform(platform, defineShop).map((m) =>
  environmentGraph(m.environment, JSON.parse(JSON.stringify(m.objects)) as Obj[]),
);
const page = graphHtml('shop', graphs);

/** A Deployment and an Ingress whose names, images, addresses and hosts carry markup. */
const hostile: Obj[] = [
  {
    kind: 'Ingress',
    metadata: {
      name: 'web',
      namespace: 'n',
      annotations: {
        'kubernetes.io/ingress.global-static-ip-name': '"><img src=x onerror=alert(1)>',
      },
    },
    spec: {
      rules: [
        {
          host: '<script>alert("host")</script>',
          http: {
            paths: [{ path: "/a'b", backend: { service: { name: 'svc', port: { number: 80 } } } }],
          },
        },
      ],
    },
  },
  {
    kind: 'Deployment',
    metadata: { name: 'w', namespace: 'n' },
    spec: {
      template: {
        metadata: { labels: { app: 'w' } },
        spec: { containers: [{ name: '</td><b>bold</b>', image: 'img:<1>&"2"' }] },
      },
    },
  },
];

describe('the HTML page', () => {
  it('has a section per environment with every workload, route host and connection', () => {
    for (const g of graphs) {
      expect(page).toContain(`<h2>${g.environment}</h2>`);
      for (const w of g.workloads) expect(page).toContain(`<strong>${w.name}</strong>`);
    }
    expect(page).toContain('shop.example.com');
    expect(page).toMatch(/<td>storefront<\/td><td>redis<\/td><td>6379<\/td>/);
    expect(page).toMatch(
      /<td>log-shipper<\/td><td>anywhere <span class="tag">outside<\/span><\/td><td>any port<\/td>/,
    );
  });

  it('loads nothing from anywhere: no URL at all, no external resource', () => {
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<link|<img|<iframe|@import|url\(|\bsrc=/i);
    // One inline script and one inline style, nothing else.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
  });

  it('has a search box with its script, print styles, and a width for laptops', () => {
    expect(page).toContain('<input id="search" type="search"');
    expect(page).toContain("box.addEventListener('input', filter)");
    expect(page.slice(page.indexOf('@media print'))).toContain(
      '#search, header nav { display: none; }',
    );
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('escapes every string it shows: hosts, names, images, static IPs', () => {
    const html = graphHtml('<title>', [environmentGraph('e<v>', hostile)]);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('img:&lt;1&gt;&amp;&quot;2&quot;');
    expect(html).toContain('/a&#39;b');
    expect(html).toContain('<title>&lt;title&gt;</title>');
    expect(html).toContain('<h2>e&lt;v&gt;</h2>');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});

describe('the Mermaid flowchart', () => {
  const dev = graphMermaid(graphs.find((g) => g.environment === 'dev')!);
  const lines = dev.trimEnd().split('\n');

  it('is a left-to-right flowchart of nodes and edges with plain ids', () => {
    expect(lines[0]).toBe('flowchart LR');
    const id = '[A-Za-z0-9_]+';
    const node = new RegExp(`^  ${id}(\\(\\[".*"\\]\\)|\\(".*"\\)|\\[\\[".*"\\]\\]|\\[".*"\\])$`);
    const edge = new RegExp(`^  ${id} (-->|-\\.->)(\\|".*"\\|)? ${id}$`);
    for (const line of lines.slice(1))
      expect(line).toMatch(new RegExp(`${node.source}|${edge.source}`));
    // Every id an edge names is declared as a node.
    const declared = new Set(
      lines.filter((l) => node.test(l)).map((l) => l.trim().split(/[[("]/)[0]),
    );
    for (const l of lines.filter((l) => edge.test(l))) {
      const [from, , to] = l
        .trim()
        .split(' ')
        .filter((p) => !p.startsWith('|'));
      expect(declared).toContain(from);
      expect(declared).toContain(to.replace(/^\|".*"\|/, ''));
    }
  });

  it('goes entry → route → Service → workload, and draws the connections between workloads', () => {
    expect(dev).toContain('entry_web(["Ingress web<br/>dev.shop.example.com"])');
    expect(dev).toContain('route_web("/")');
    expect(dev).toContain('  entry_web --> route_web\n');
    expect(dev).toContain('  route_web --> service_storefront\n');
    expect(dev).toContain('  service_storefront --> workload_storefront\n');
    expect(dev).toContain('  entry_api --> service_api\n');
    expect(dev).toContain('  workload_storefront -.->|"6379"| workload_redis\n');
    expect(dev).toContain('  workload_api -.->|"6379"| workload_redis\n');
    for (const w of [
      'redis',
      'storefront',
      'sub_app',
      'admin',
      'api',
      'fetch_rates',
      'sales_report',
      'log_shipper',
    ]) {
      expect(dev).toMatch(new RegExp(`^  workload_${w}\\["`, 'm'));
    }
  });

  it('sanitizes ids and escapes labels', () => {
    const text = graphMermaid(environmentGraph('x', hostile));
    expect(text).toContain('workload_w["Deployment w<br/>1 replica"]');
    expect(text).toContain('#lt;script#gt;alert(#quot;host#quot;)#lt;/script#gt;');
    expect(text).not.toContain('<script>');
    expect(text).toMatch(/^ {2}route_web\("\/a'b"\)$/m);
  });
});
