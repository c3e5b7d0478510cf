/**
 * Latest-frame-wins delivery for one preview stream over one transport. At most one frame is in
 * flight; frames that arrive meanwhile replace each other, so a slow client costs dropped frames,
 * never unbounded memory. Used by the web host (in flight = being written to the socket) and the
 * Electron host (in flight = not yet acknowledged by the preload).
 */
export interface LatestFrameSenderOptions<F> {
  /** Sends one frame; must call `done` once the transport is ready for the next one. */
  transmit(frame: F, done: () => void): void;
  /** True while the transport is backed up for other reasons (e.g. a large buffered reply). */
  congested?(): boolean;
  /** How often to re-check a congested transport. */
  retryMs?: number;
}

export class LatestFrameSender<F> {
  private inFlight = false;
  private pending: F | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Frames replaced before they were sent (for tests and diagnostics). */
  dropped = 0;
  sent = 0;

  constructor(private readonly options: LatestFrameSenderOptions<F>) {}

  push(frame: F): void {
    if (this.closed) return;
    if (this.pending !== null) this.dropped += 1;
    this.pending = frame;
    this.flush();
  }

  /** Stops sending and forgets the pending frame. */
  close(): void {
    this.closed = true;
    this.pending = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private flush(): void {
    if (this.closed || this.inFlight || this.pending === null || this.retryTimer) return;
    if (this.options.congested?.()) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.flush();
      }, this.options.retryMs ?? 15);
      return;
    }
    const frame = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.sent += 1;
    let finished = false;
    this.options.transmit(frame, () => {
      if (finished) return;
      finished = true;
      this.inFlight = false;
      this.flush();
    });
  }
}
