/**
 * Sandbox clock and scheduler.
 *
 * Faithful to: nothing upstream — this is the sandbox's own notion of time. Every timed
 * transition (egress STARTING→ACTIVE, asset preparing→ready, reconnect-window expiry,
 * webhook retries and delays, delayed responses) is a task on this scheduler, so tests can
 * drive time with `advance(ms)` and wait for quiescence with `settle()` instead of sleeping.
 *
 * Cannot catch: real-world timing jitter, clock skew between MUX/LiveKit and the app, or
 * the app's own timers (those run on the app's clock, not this one).
 *
 * Two modes:
 * - real timers (no `now` given): tasks also fire on their own via setTimeout, for the dev app.
 * - manual (a `now` function given, i.e. a fake clock): future tasks only fire on `advance()`;
 *   tasks due now still run on the next tick, so zero-delay transitions need no advance.
 * In both modes `advance(ms)` moves sandbox time forward by adding a skew to the base clock.
 */

export type TaskKind =
  /** short transitions that settle() waits for in real-timer mode */
  | "transition"
  /** long deadlines (reconnect window, delayed responses) that settle() never waits for */
  | "background";

type Task = {
  id: number;
  dueAt: number;
  kind: TaskKind;
  run: () => void | Promise<void>;
  timer?: NodeJS.Timeout;
};

export type TaskHandle = { cancel(): void };

export class Clock {
  private skew = 0;
  private seq = 0;
  private readonly tasks = new Map<number, Task>();
  private readonly inflight = new Set<Promise<unknown>>();
  private waiters: Array<() => void> = [];
  private immediatePending = false;
  private closed = false;

  constructor(
    private readonly base: () => number,
    private readonly realTimers: boolean,
  ) {}

  now(): number {
    return this.base() + this.skew;
  }

  schedule(delayMs: number, run: () => void | Promise<void>, kind: TaskKind = "transition"): TaskHandle {
    const task: Task = { id: ++this.seq, dueAt: this.now() + Math.max(0, delayMs), kind, run };
    this.tasks.set(task.id, task);
    if (delayMs <= 0) {
      this.kick();
    } else if (this.realTimers && !this.closed) {
      // The timer runs this task even if Date.now() granularity makes it look 1 ms early.
      task.timer = setTimeout(() => this.runTask(task), delayMs);
      task.timer.unref?.();
    }
    this.notify();
    return {
      cancel: () => {
        if (task.timer) clearTimeout(task.timer);
        this.tasks.delete(task.id);
        this.notify();
      },
    };
  }

  /** Register async work (e.g. a webhook POST) so settle() waits for it. */
  track<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => {
      this.inflight.delete(tracked);
      this.notify();
    });
    this.inflight.add(tracked);
    // The caller may not await; swallow here so a rejection is never unhandled twice.
    tracked.catch(() => undefined);
    return tracked;
  }

  /** Move sandbox time forward and run everything that became due, then settle. */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error("advance(ms) needs ms >= 0");
    this.skew += ms;
    this.runDue();
    await this.settle();
  }

  /**
   * Resolves once no due task is pending and no tracked work is in flight. In real-timer
   * mode it also waits for future "transition" tasks (bounded: those are short).
   */
  async settle(): Promise<void> {
    for (;;) {
      await nextTick();
      this.runDue();
      if (this.isQuiet()) {
        // Give freshly resolved callbacks one more turn to schedule follow-ups.
        await nextTick();
        if (this.isQuiet()) return;
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  pendingTasks(): number {
    return this.tasks.size;
  }

  /** Drop every pending task (used by reset() and close()). */
  clear(): void {
    for (const task of this.tasks.values()) if (task.timer) clearTimeout(task.timer);
    this.tasks.clear();
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private isQuiet(): boolean {
    if (this.inflight.size > 0) return false;
    const now = this.now();
    for (const task of this.tasks.values()) {
      if (task.dueAt <= now) return false;
      if (this.realTimers && task.kind === "transition") return false;
    }
    return true;
  }

  private kick(): void {
    if (this.immediatePending) return;
    this.immediatePending = true;
    setImmediate(() => {
      this.immediatePending = false;
      this.runDue();
    });
  }

  private runDue(): void {
    for (;;) {
      const now = this.now();
      let next: Task | undefined;
      for (const task of this.tasks.values()) {
        if (task.dueAt <= now && (!next || task.dueAt < next.dueAt || (task.dueAt === next.dueAt && task.id < next.id))) {
          next = task;
        }
      }
      if (!next) return;
      this.runTask(next);
    }
  }

  private runTask(task: Task): void {
    if (!this.tasks.delete(task.id)) return;
    if (task.timer) clearTimeout(task.timer);
    try {
      const result = task.run();
      if (result instanceof Promise) this.track(result);
    } catch (error) {
      // A failing transition must not take the server down; surface it loudly instead.
      console.error("[sandbox] scheduled task failed", error);
    }
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
