import { v7 } from 'uuid';

/** Time-ordered UUIDv7: index-friendly and sortable by creation. */
export const newId = (): string => v7();
