import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, installMocks, ofType, registered, resetRegistered, resolved, settle } from './mocks';

/*
 * The Google Cloud side of the Gateway that every preview shares, under Pulumi's mocks: in
 * the previews' base environment only, a global address and a Google-managed wildcard
 * certificate by DNS authorization in a certificate map, with the names the Gateway's
 * manifest references (`NamedAddress`, `networking.gke.io/certmap`); nothing per preview.
 * Expected values are written from Certificate Manager's docs (dns-authorizations,
 * certificates, maps) and GKE's secure-gateway.
 */

installMocks();

type Infra = typeof import('gke-platform/infra');
type PlatformModule = typeof import('gke-platform');
let infra: Infra;
let lib: PlatformModule;

beforeAll(async () => {
  infra = await import('gke-platform/infra');
  lib = await import('gke-platform');
});
beforeEach(resetRegistered);

const DOMAIN = 'preview.acme.example.com';
const API = 'gcp:projects/service:Service';
const ADDRESS = 'gcp:compute/globalAddress:GlobalAddress';
const AUTHORIZATION = 'gcp:certificatemanager/dnsAuthorization:DnsAuthorization';
const CERTIFICATE = 'gcp:certificatemanager/certificate:Certificate';
const MAP = 'gcp:certificatemanager/certificateMap:CertificateMap';
const ENTRY = 'gcp:certificatemanager/certificateMapEntry:CertificateMapEntry';
const CERTIFICATE_MANAGER = /^gcp:certificatemanager\//;

function platformWith(previews?: { from: 'dev' | 'prod'; domain: string }, devIps = {}) {
  const env = (project: string) => ({
    project,
    nodePools: { general: { machineType: 'e2-standard-4' } },
    staticIps: { web: { scope: 'global' as const } },
  });
  return lib.definePlatform({
    name: 'acme',
    environments: {
      dev: { ...env('acme-dev-project'), staticIps: { web: { scope: 'global' }, ...devIps } },
      prod: env('acme-prod-project'),
    },
    previews,
  });
}

async function up(platform: ReturnType<typeof platformWith>, environment: 'dev' | 'prod' = 'dev') {
  const gke = new infra.GkePlatform(`acme-${environment}`, {
    platform,
    environment,
    region: 'europe-west1',
    masterAuthorizedNetworks: [{ cidrBlock: '172.16.0.0/24' }],
  });
  await settle(gke);
  return gke;
}

const previews = () => platformWith({ from: 'dev', domain: DOMAIN });
const labels = { 'gke-platform': 'acme', environment: 'dev' };

describe('the shared preview Gateway in the base environment stack', () => {
  test('a global external address with the name the Gateway takes', async () => {
    const gke = await up(previews());
    expect(find(ADDRESS, 'acme-dev-previews').inputs).toMatchObject({
      name: 'acme-dev-previews',
      project: 'acme-dev-project',
      addressType: 'EXTERNAL',
      ipVersion: 'IPV4',
    });
    // Beside the declared static IPs, by name.
    expect(Object.keys(await resolved(gke.addressesByName))).toEqual([
      'acme-dev-web',
      'acme-dev-previews',
    ]);
  });

  test('Certificate Manager enabled, a DNS authorization of the domain, a wildcard certificate authorized by it', async () => {
    await up(previews());
    expect(find(API, 'acme-dev-certificatemanager-api').inputs).toEqual({
      project: 'acme-dev-project',
      service: 'certificatemanager.googleapis.com',
      disableOnDestroy: false,
    });
    expect(find(AUTHORIZATION, 'acme-dev-previews-dns-authorization').inputs).toMatchObject({
      name: 'acme-dev-previews',
      project: 'acme-dev-project',
      domain: DOMAIN,
      labels,
    });
    expect(find(CERTIFICATE, 'acme-dev-previews-certificate').inputs).toMatchObject({
      name: 'acme-dev-previews',
      project: 'acme-dev-project',
      labels,
      managed: {
        domains: [`*.${DOMAIN}`],
        // The mocked engine's id of the authorization.
        dnsAuthorizations: ['acme-dev-previews-id'],
      },
    });
  });

  test('the certificate map the Gateway names, with an entry for *.<domain>', async () => {
    await up(previews());
    expect(find(MAP, 'acme-dev-previews-map').inputs).toMatchObject({
      name: 'acme-dev-previews',
      project: 'acme-dev-project',
    });
    expect(find(ENTRY, 'acme-dev-previews-map-entry').inputs).toMatchObject({
      name: 'wildcard',
      project: 'acme-dev-project',
      map: 'acme-dev-previews',
      hostname: `*.${DOMAIN}`,
      certificates: ['acme-dev-previews-id'],
    });
  });

  test('outputs the two DNS records to create: the authorization CNAME and *.<domain> to the address', async () => {
    const gke = await up(previews());
    const address = (await resolved(gke.addressesByName))['acme-dev-previews'];
    expect(address).toMatch(/^198\.51\.100\.\d+$/);
    expect(await resolved(gke.previewDnsRecords!)).toEqual([
      {
        name: `_acme-challenge.${DOMAIN}.`,
        type: 'CNAME',
        data: '0e40fc77-a37d-4eb8-8fe1-eea2e18d12d9.4.authorize.certificatemanager.goog.',
      },
      { name: `*.${DOMAIN}.`, type: 'A', data: address },
    ]);
  });

  test('nothing in the stacks of other environments, nor without previews', async () => {
    const other = await up(previews(), 'prod');
    expect(other.previewGateway).toBeUndefined();
    expect(other.previewDnsRecords).toBeUndefined();
    const none = await up(platformWith());
    expect(none.previewGateway).toBeUndefined();
    expect(registered.filter((r) => CERTIFICATE_MANAGER.test(r.type))).toEqual([]);
    expect(
      ofType(API).filter((r) => r.inputs.service === 'certificatemanager.googleapis.com'),
    ).toEqual([]);
    expect(ofType(ADDRESS).map((r) => r.name)).toEqual(['acme-prod-web', 'acme-dev-web']);
  });

  test('one address and one certificate however many previews exist', async () => {
    await up(previews());
    const once = registered.map((r) => `${r.type} ${r.name}`);
    resetRegistered();
    // Twenty previews synthesized in the working directory change nothing in the stack.
    const project = mkdtempSync(join(tmpdir(), 'preview-stack-'));
    for (let i = 1; i <= 20; i++) {
      const dir = join(project, 'dist', 'previews', `pr-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'manifests.yaml'), 'kind: Namespace\n');
    }
    const cwd = process.cwd();
    process.chdir(project);
    try {
      await up(previews());
    } finally {
      process.chdir(cwd);
    }
    expect(registered.map((r) => `${r.type} ${r.name}`)).toEqual(once);
    expect(ofType(ADDRESS).map((r) => r.name)).toEqual(['acme-dev-web', 'acme-dev-previews']);
    expect(ofType(CERTIFICATE)).toHaveLength(1);
  });

  test("fails before creating anything when a static IP takes the previews' address name", async () => {
    const platform = platformWith(
      { from: 'dev', domain: DOMAIN },
      { shared: { scope: 'global', name: 'acme-dev-previews' } },
    );
    await expect(up(platform)).rejects.toThrow(
      "GkePlatform 'acme-dev' (dev): 'platform' declares the static IP 'shared' with the name 'acme-dev-previews', which the previews' shared address takes; give the static IP another 'name'",
    );
    expect(registered).toEqual([]);
  });
});
