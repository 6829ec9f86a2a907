import { useConsole } from '../../app/session';
import { isMessageKey, useI18n } from '../../i18n';
import { isChildSafety } from '../../api/moderation';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Staff } from '../../api/types';

/** Names for values that come from data (a category, a status, an action): translated when known, else as they are. */
export function useSay(): (prefix: string, value: string) => string {
  const { t } = useI18n();
  return (prefix, value) => {
    const key = `${prefix}.${value}`;
    return isMessageKey(key) ? t(key) : value;
  };
}

export { isChildSafety };

/** The roles that act on cases (claim, release, escalate, notes, actions). */
export const caseWorkers = ['moderator', 'senior_moderator', 'admin'] as const;

let directory: Promise<Map<string, string>> | null = null;

/**
 * Who a staff id is. Admins may read the staff list, so their console names everyone; other roles
 * see "you" for themselves and a short id for colleagues (the API gives them no directory).
 */
export function useStaffName(): (id: string | null) => string {
  const { t } = useI18n();
  const { session } = useConsole();
  const isAdmin = session.staff.role === 'admin';
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!isAdmin) return;
    directory ??= api<{ items: Staff[] }>('GET', '/staff?limit=200')
      .then(({ items }) => new Map(items.map((s) => [s.id, s.displayName || s.email])))
      .catch(() => new Map());
    void directory.then(setNames);
  }, [isAdmin]);
  return (id) => {
    if (!id) return t('case.nobody');
    if (id === session.staff.id) return t('case.you');
    // Ids are UUIDv7: the start is a timestamp shared by ids made together, the end is random.
    return names.get(id) ?? t('case.colleague', { id: id.slice(-6) });
  };
}
