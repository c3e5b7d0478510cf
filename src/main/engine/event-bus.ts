import type { EventName, EventPayload } from '../../shared/api';

export type EngineEventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of engine events to hosts; a listener that throws never stops the others. */
export class EventBus {
  private readonly listeners = new Set<EngineEventListener>();

  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        console.error(`[engine] a listener for ${event} threw:`, error);
      }
    }
  }
}
