import { describe, expect, it } from 'vitest';
import { FrameCache, valuesKey, type RenderedFrame } from '../../../../src/renderer/preview/frame-cache';
import { zeroValues } from '../../../../src/renderer/rig/rig-values';

const frame = (bytes: number): RenderedFrame =>
  ({ header: { render: { stateId: 's1' } }, data: new Uint8Array(bytes) }) as unknown as RenderedFrame;

describe('frame cache', () => {
  it('keys frames by what they show', () => {
    const a = zeroValues();
    const b = { ...a, coefficients: { ...a.coefficients, jawOpen: 0.3 } };
    const c = { ...a, coefficients: { ...a.coefficients, jawOpen: 0.30000001 } };
    expect(valuesKey(a)).not.toBe(valuesKey(b));
    expect(valuesKey(b)).toBe(valuesKey(c));
  });

  it('drops the least recently used frames past its byte budget and tells listeners of new frames', () => {
    const cache = new FrameCache(300);
    const heard: string[] = [];
    cache.onAdd((key) => heard.push(key));
    cache.set('a', frame(100));
    cache.set('b', frame(100));
    cache.set('c', frame(100));
    cache.get('a');
    cache.set('d', frame(100));
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a') && cache.has('c') && cache.has('d')).toBe(true);
    expect(cache.byteSize).toBe(300);
    expect(heard).toEqual(['a', 'b', 'c', 'd']);
  });
});
