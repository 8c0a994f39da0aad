import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { defineFleetShop } from '#apps/fleet/main';
import { fleetPlatform } from '#apps/fleet/platform';
import { defineShop } from '#apps/main';
import { platform } from '#apps/platform';
import { synthesizePlatform } from '#lib/output/synthesize';
import { writeManifests } from '#lib/output/write-manifests';
import type { K8sObject } from '../../support/synth';

/** The example platform's objects per environment, as plain JSON (what a YAML reader gets). */
export function exampleObjects(): Record<string, K8sObject[]> {
  return Object.fromEntries(
    synthesizePlatform(platform, defineShop).map((m) => [
      m.environment,
      JSON.parse(JSON.stringify(m.objects)) as K8sObject[],
    ]),
  );
}

/** Writes the example's dist/ into `outdir`, as `npm run synth` does. */
export function writeExample(outdir: string): void {
  writeManifests(synthesizePlatform(platform, defineShop), outdir);
}

/** The fleet example's objects of prod's clusters, by folder (`prod/euw1`), as plain JSON. */
export function fleetObjects(): Record<string, K8sObject[]> {
  return Object.fromEntries(
    synthesizePlatform(fleetPlatform, defineFleetShop, { environments: ['prod'] }).map((m) => [
      `${m.environment}/${m.cluster}`,
      JSON.parse(JSON.stringify(m.objects)) as K8sObject[],
    ]),
  );
}

/** Writes the fleet example's prod (`prod/<cluster>/`) into `outdir`, as `npm run synth:fleet` does. */
export function writeFleetExample(outdir: string): void {
  writeManifests(
    synthesizePlatform(fleetPlatform, defineFleetShop, { environments: ['prod'] }),
    outdir,
  );
}

/** The objects of a multi-document YAML text, empty documents left out. */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && o !== undefined);
}

/** The objects of a YAML file. */
export function readObjects(path: string): K8sObject[] {
  return parseObjects(readFileSync(path, 'utf8'));
}

/** An object's identity: kind, group, namespace and name. */
export function identity(o: K8sObject): string {
  return `${o.apiVersion}/${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Objects in identity order, to compare outputs whose tools reorder objects. */
export function byIdentity(objects: readonly K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => (identity(a) < identity(b) ? -1 : 1));
}

/**
 * How kubectl names an object in `-o name` and in `delete`'s report: the lowercase kind, a dot
 * and the API group (none for the core group), e.g. `deployment.apps`
 * (k8s.io/cli-runtime printers `NamePrinter`: `strings.ToLower(gk.String())`).
 */
export function kubectlKind(o: K8sObject): string {
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  return group ? `${o.kind.toLowerCase()}.${group}` : o.kind.toLowerCase();
}
