// The whole Drizzle schema: each module owns its tables; this file only gathers them
// for drizzle-kit and the typed database handle.
export * from '../modules/audit/audit.schema.js';
export * from '../modules/staff/staff.schema.js';
export * from '../modules/apikeys/apikeys.schema.js';
export * from '../modules/community/community.schema.js';
export * from '../jobs/jobs.schema.js';
export * from '../modules/events/events.schema.js';
export * from '../modules/policy/policy.schema.js';
export * from '../modules/cases/cases.schema.js';
export * from '../modules/reports/reports.schema.js';
export * from '../modules/actions/actions.schema.js';
export * from '../modules/webhooks/webhooks.schema.js';
export * from '../modules/media/media.schema.js';
export * from '../modules/evidence/evidence.schema.js';
export * from '../modules/referrals/referrals.schema.js';
export * from '../modules/evidence/holds.schema.js';
export * from '../modules/takedowns/takedowns.schema.js';
