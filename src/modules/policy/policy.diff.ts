export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

const flatten = (value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
};

/** Leaf-by-leaf differences between two policy documents, in path order. */
export function diffPolicies(before: unknown, after: unknown): PolicyChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
}
