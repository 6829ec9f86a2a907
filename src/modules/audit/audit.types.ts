export type ActorType = 'staff' | 'api_key' | 'system' | 'anonymous';

/** Who or what caused a state change: staff, a platform API key, or a system rule. */
export interface Actor {
  type: ActorType;
  id?: string | null;
}

export interface NewModerationEvent {
  actor: Actor;
  type: string;
  subject?: { type: string; id: string } | null;
  payload?: Record<string, unknown>;
}

export interface ModerationEvent {
  seq: number;
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  type: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
