export * from './synthesize';
export * from './write-manifests';
export * from './yaml';
