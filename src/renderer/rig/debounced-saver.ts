export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

/**
 * Saves the latest value after `delayMs` of quiet, one request at a time: a value scheduled while
 * a save is in flight is sent when it returns, and intermediate values are skipped (latest wins).
 * A slider drag thus costs one request per pause, not one per frame.
 */
export class DebouncedSaver<T> {
  private latest: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private current: SaveState = 'saved';

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly delayMs: number,
    private readonly onState: (state: SaveState, error?: unknown) => void = () => undefined,
  ) {}

  get state(): SaveState {
    return this.current;
  }

  schedule(value: T): void {
    this.latest = { value };
    this.setState(this.inFlight ? 'saving' : 'pending');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Sends what is waiting now; resolves once everything scheduled so far is saved (or failed). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.inFlight || this.latest) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      this.sendLatest();
    }
  }

  /**
   * For a page about to unload (reload, window close): sends the waiting value now, even beside a
   * save still in flight, because no later turn comes to send it after that one. Returns whether
   * anything was sent.
   */
  flushBeforeUnload(): boolean {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.latest) return false;
    this.sendLatest();
    return true;
  }

  private sendLatest(): void {
    const { value } = this.latest!;
    this.latest = null;
    this.setState('saving');
    const sending = this.save(value).then(
      () => {
        if (this.inFlight === sending) this.inFlight = null;
        if (!this.inFlight && !this.latest && !this.timer) this.setState('saved');
      },
      (error: unknown) => {
        if (this.inFlight === sending) this.inFlight = null;
        this.setState('error', error);
      },
    );
    this.inFlight = sending;
  }

  private setState(state: SaveState, error?: unknown): void {
    this.current = state;
    this.onState(state, error);
  }
}
