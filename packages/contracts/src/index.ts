export * from './envelope.js';
export * from './identity.js';
export { catalogue } from './catalogue.js';
export { breakingChanges, snapshotOf } from './compatibility.js';
