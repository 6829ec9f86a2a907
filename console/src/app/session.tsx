import { createContext, useContext } from 'react';
import type { Session } from '../api/types';
import type { ConsolePage } from '../pages/registry';

export interface ConsoleContext {
  session: Session;
  /** The pages the signed-in role may use, in navigation order. */
  pages: readonly ConsolePage[];
  signOut: () => Promise<void>;
  /** Enrol in two-factor now, from an active session that has none (a moderator, voluntarily). */
  setUpTwoFactor: () => void;
}

export const ConsoleContextValue = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const value = useContext(ConsoleContextValue);
  if (!value) throw new Error('useConsole outside the signed-in console');
  return value;
}
