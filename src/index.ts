/** masko-sync's library entry. */
export type * from './model/manifest.js';
export type * from './model/diagnostic.js';
export type * from './model/lock.js';
export type * from './model/plan.js';
