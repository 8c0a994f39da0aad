export * from './synthesize';
export * from './write-manifests';
