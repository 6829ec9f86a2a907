/** Time comes from a clock passed in, so tests can move it (lockouts, expiry, retention). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-15T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

/** The system time, movable by an offset: the demo files some reports hours back so their timers have run out. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves to that moment (the clock runs on from there); null returns to the present. */
  travel(to: Date | null): void {
    this.offsetMs = to ? to.getTime() - Date.now() : 0;
  }
}
