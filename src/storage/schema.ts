// The whole Drizzle schema: each module owns its tables; this file only gathers them
// for drizzle-kit and the typed database handle.
export * from '../modules/audit/audit.schema.js';
export * from '../modules/staff/staff.schema.js';
export * from '../modules/apikeys/apikeys.schema.js';
export * from '../modules/community/community.schema.js';
