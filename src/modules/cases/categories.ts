/**
 * The report taxonomy, child safety first. Severity and service-level times drive the queue;
 * the child-safety set decides four eyes. One list for reports, signals, cases and actions.
 */
export const categories = {
  csam: { severity: 100, slaHours: 1, childSafety: true },
  grooming: { severity: 90, slaHours: 4, childSafety: true },
  minor_selling_sexual_content: { severity: 90, slaHours: 4, childSafety: true },
  underage_member: { severity: 70, slaHours: 4, childSafety: true },
  sexual_services: { severity: 60, slaHours: 24, childSafety: false },
  threats: { severity: 60, slaHours: 24, childSafety: false },
  sexual_harassment: { severity: 50, slaHours: 24, childSafety: false },
  fraud: { severity: 40, slaHours: 24, childSafety: false },
  hate: { severity: 40, slaHours: 24, childSafety: false },
  fake_profile: { severity: 30, slaHours: 24, childSafety: false },
  spam: { severity: 10, slaHours: 24, childSafety: false },
  other: { severity: 10, slaHours: 24, childSafety: false },
} as const satisfies Record<string, { severity: number; slaHours: number; childSafety: boolean }>;

export type Category = keyof typeof categories;
export const categoryIds = Object.keys(categories) as [Category, ...Category[]];
export const childSafetyCategories: ReadonlySet<string> = new Set(categoryIds.filter((c) => categories[c].childSafety));
export const isChildSafety = (category: string): boolean => childSafetyCategories.has(category);

/** The more severe of two categories: a case shows its worst. */
export const worseCategory = (a: string, b: string): string =>
  (categories[b as Category]?.severity ?? 0) > (categories[a as Category]?.severity ?? 0) ? b : a;
