export * from './backend-config';
export type { GkeObjectProps } from './common';
export * from './frontend-config';
export * from './managed-certificate';
export * from './pod-monitoring';
export * from './secret-provider-class';
export * from './secret-sync';
