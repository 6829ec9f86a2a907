// The takedown request API (docs/takedowns.md): the public form and status page, and the staff review.

export const requesterRelations = ['self', 'parent_or_guardian', 'representative', 'police'] as const;
export const under18Answers = ['yes', 'no', 'unsure'] as const;
export const supportCountries = ['SE', 'NO', 'DK'] as const;
export const takedownStates = ['open', 'rejection_pending', 'confirmed', 'rejected'] as const;

export interface SupportContact {
  name: string;
  description: string;
  phone?: string;
  url?: string;
}

export interface TakedownHash {
  pdq?: string;
  quality?: number;
  md5?: string;
  fileName?: string;
}

export interface TakedownReceipt {
  trackingCode: string;
  statusUrl: string;
  receivedAt: string;
  contentHidden: boolean;
  support: SupportContact[];
}

export interface TakedownStatus {
  status: 'under_review' | 'removed' | 'not_removed';
  receivedAt: string;
  updatedAt: string;
  items: number;
  contentHidden: boolean;
  support: SupportContact[];
}

export interface TakedownRequest {
  id: string;
  status: (typeof takedownStates)[number];
  content: string[];
  hashes: TakedownHash[];
  description: string | null;
  relation: string;
  under18: string;
  sexual: boolean;
  sensitive: boolean;
  policeCaseNumber: string | null;
  contact: { name?: string; email?: string; phone?: string } | null;
  country: string | null;
  caseId: string | null;
  priority: number;
  bankMatch: boolean;
  hideActionIds: string[];
  removeActionIds: string[];
  firstRejection: { by: string; reason: string; at: string } | null;
  decision: { by: string; reason: string; at: string } | null;
  bankedHashes: number;
  receivedAt: string;
  updatedAt: string;
}

/** The tracking code: 128 bits, URL-safe. */
export const TRACKING_CODE = /^[A-Za-z0-9_-]{22}$/;
export const takedownStatusPath = (code: string) => `/takedown/status/${encodeURIComponent(code)}`;
