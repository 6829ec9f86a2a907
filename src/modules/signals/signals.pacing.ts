/**
 * How often one member's signals are evaluated. An adult who keeps trying is asked about after
 * every batch of denials and events (every few seconds when he hammers), and each evaluation
 * reads his whole recent activity: on PGlite that query runs on the server's own thread (in the
 * contact benchmark flat out, 2,388 of them took 3.9 s of 12). So a member evaluated within the
 * window is not evaluated again at once: one more evaluation runs when his window ends, however
 * often he was asked about meanwhile. A threshold crossed is acted on within one window.
 */
export const SIGNALS_WINDOW_MS = 30_000;

export class SignalsPacing {
  /** Member → when last evaluated (performance.now()), oldest first. */
  private readonly evaluatedAt = new Map<string, number>();
  /** Member → until when an evaluation is already queued for the end of its window. */
  private readonly queuedUntil = new Map<string, number>();

  constructor(
    readonly windowMs = SIGNALS_WINDOW_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Of the members asked about: those to evaluate now (marked as evaluated), and those evaluated
   * within the window and not yet queued for its end (marked as queued), to evaluate in
   * `laterInMs`. `due`: the queued evaluation itself, which runs whatever the window says.
   */
  take(members: readonly string[], due = false): { now: string[]; later: string[]; laterInMs: number } {
    const at = this.now();
    this.forgetBefore(at - this.windowMs);
    const now: string[] = [];
    const later: string[] = [];
    let windowEnd = at;
    for (const member of new Set(members)) {
      if (due || !this.evaluatedAt.has(member)) {
        now.push(member);
        this.evaluatedAt.delete(member); // re-inserted last: the map stays oldest first
        this.evaluatedAt.set(member, at);
        this.queuedUntil.delete(member);
      } else if ((this.queuedUntil.get(member) ?? 0) < at) {
        later.push(member);
        windowEnd = Math.max(windowEnd, this.evaluatedAt.get(member)! + this.windowMs);
      }
    }
    for (const member of later) {
      this.queuedUntil.delete(member); // oldest first, like evaluatedAt
      this.queuedUntil.set(member, windowEnd);
    }
    // One queued evaluation for them all, when the last of their windows ends.
    return { now, later, laterInMs: Math.ceil(windowEnd - at) };
  }

  /** Members tracked (for tests and the bound on memory: at most those evaluated in one window). */
  get size(): number {
    return this.evaluatedAt.size;
  }

  private forgetBefore(cutoff: number): void {
    for (const [member, at] of this.evaluatedAt) {
      if (at >= cutoff) break;
      this.evaluatedAt.delete(member);
    }
    for (const [member, until] of this.queuedUntil) {
      if (until >= cutoff) break;
      this.queuedUntil.delete(member);
    }
  }
}
