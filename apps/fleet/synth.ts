import { synthMain } from '../../lib';
import { defineFleetShop } from './main';
import { fleetPlatform } from './platform';

/**
 * `npm run synth:fleet`: writes the fleet example's environments to apps/fleet/dist/ —
 * dev/ and staging/ as one cluster each, prod/euw1/ and prod/ane1/ for prod's two clusters.
 */
synthMain(fleetPlatform, defineFleetShop, {
  outdir: process.env.CDK8S_OUTDIR ?? 'apps/fleet/dist',
});
