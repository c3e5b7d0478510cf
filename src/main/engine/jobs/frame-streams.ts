import type { Frame } from '../../../shared/api';

/**
 * Receives one frame. Returning a promise (e.g. resolved when a transport finished sending)
 * holds back the next delivery until it settles; a plain function gets the next frame on a later
 * event-loop turn at the earliest.
 */
export type FrameListener = (frame: Frame) => void | Promise<void>;

interface Subscriber {
  listener: FrameListener;
  /** The newest frame not yet delivered; a newer one replaces it (latest-frame-wins). */
  pending: Frame | null;
  delivering: boolean;
  closed: boolean;
}

interface Stream {
  latest: Frame | null;
  subscribers: Set<Subscriber>;
}

/**
 * Preview frame streams keyed by stream id (a job's id). Memory per subscriber is bounded by one
 * pending frame: a slow subscriber skips frames instead of queueing them. A new subscriber first
 * receives the stream's latest frame, so a reloaded renderer sees the current preview at once.
 */
export class FrameStreams {
  private readonly streams = new Map<string, Stream>();

  publish(frame: Frame): void {
    const stream = this.streamFor(frame.header.streamId);
    stream.latest = frame;
    for (const subscriber of stream.subscribers) {
      subscriber.pending = frame;
      this.pump(subscriber);
    }
  }

  subscribe(streamId: string, listener: FrameListener): () => void {
    const stream = this.streamFor(streamId);
    const subscriber: Subscriber = { listener, pending: stream.latest, delivering: false, closed: false };
    stream.subscribers.add(subscriber);
    this.pump(subscriber);
    return () => {
      subscriber.closed = true;
      subscriber.pending = null;
      stream.subscribers.delete(subscriber);
      if (stream.subscribers.size === 0 && stream.latest === null) this.streams.delete(streamId);
    };
  }

  /** The stream's producer finished: drop its last frame once nobody listens. */
  end(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    stream.latest = null;
    if (stream.subscribers.size === 0) this.streams.delete(streamId);
  }

  /** Number of streams holding state (for tests: ended, unobserved streams must not linger). */
  get size(): number {
    return this.streams.size;
  }

  private streamFor(streamId: string): Stream {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { latest: null, subscribers: new Set() };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  private pump(subscriber: Subscriber): void {
    if (subscriber.delivering || subscriber.closed || !subscriber.pending) return;
    subscriber.delivering = true;
    setImmediate(() => {
      const frame = subscriber.pending;
      subscriber.pending = null;
      const finish = () => {
        subscriber.delivering = false;
        this.pump(subscriber);
      };
      if (!frame || subscriber.closed) return finish();
      let outcome: void | Promise<void> = undefined;
      try {
        outcome = subscriber.listener(frame);
      } catch (error) {
        console.error('[engine] a frame listener threw:', error);
      }
      if (outcome instanceof Promise) outcome.catch(() => undefined).finally(finish);
      else finish();
    });
  }
}
