import type { ParameterId } from '../../shared/timeline';

/** A key in the selection: its track's parameter and its id. */
export interface KeyRef {
  parameter: ParameterId;
  id: string;
}

export const keyRefId = (ref: KeyRef): string => `${ref.parameter}|${ref.id}`;
export function parseKeyRef(refId: string): KeyRef {
  const bar = refId.indexOf('|');
  return { parameter: refId.slice(0, bar) as ParameterId, id: refId.slice(bar + 1) };
}
