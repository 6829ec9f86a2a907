import { useCallback, useEffect, useRef, useState } from 'react';
import { asProblem, type Problem } from '../api/client';

/** One page of a list and where the next starts (a cursor or an offset; null at the end). */
export interface ListPage<T, C> {
  items: T[];
  next: C | null;
}

export interface Pages<T> {
  /** null until the first page arrives. */
  items: T[] | null;
  problem: Problem | null;
  loading: boolean;
  hasMore: boolean;
  more: () => void;
  reload: () => Promise<void>;
  /** An item an action changed, put in its place without reloading the pages shown. */
  replace: (item: T) => void;
}

/**
 * A list the API hands out in pages: the first page on mount and whenever `fetchPage` changes (a
 * filter; memoise it), `more()` appends the next page, and a newer load wins over a slower older one.
 */
export function usePages<T extends { id: string }, C>(fetchPage: (after: C | undefined) => Promise<ListPage<T, C>>): Pages<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<C | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const load = useCallback(async (after?: C) => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const page = await fetchPage(after);
      if (request !== latest.current) return;
      setItems((shown) => (after !== undefined && shown ? [...shown, ...page.items] : page.items));
      setNext(page.next);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [fetchPage]);

  useEffect(() => {
    setItems(null);
    setNext(null);
    void load();
  }, [load]);

  const replace = useCallback((item: T) => setItems((shown) => shown?.map((s) => (s.id === item.id ? item : s)) ?? null), []);
  const more = () => {
    if (next !== null) void load(next);
  };
  return { items, problem, loading, hasMore: next !== null, more, reload: () => load(), replace };
}

/**
 * For the API's offset-paged admin lists (`limit`, `offset`): asks for one more than a page, so
 * the console knows whether another page follows without an empty last request.
 */
export function offsetPages<T>(get: (limit: number, offset: number) => Promise<{ items: T[] }>, size = 50) {
  return async (offset = 0): Promise<ListPage<T, number>> => {
    const { items } = await get(size + 1, offset);
    return { items: items.slice(0, size), next: items.length > size ? offset + size : null };
  };
}
