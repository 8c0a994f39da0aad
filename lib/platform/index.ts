export * from './errors';
export * from './gpu';
export * from './naming';
export * from './node-pool';
export * from './per-env';
export * from './platform';
export * from './static-ip';
