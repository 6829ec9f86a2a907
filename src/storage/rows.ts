/** The rows of a raw `db.execute(sql...)` result, which Drizzle types loosely on both drivers. */
export const rowsOf = (result: unknown): Record<string, unknown>[] => (result as { rows: Record<string, unknown>[] }).rows;
