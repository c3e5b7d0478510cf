import { describe, expect, it } from 'vitest';
import { answerByteRange, parseByteRange } from '../../../src/main/host/byte-range';

describe('parseByteRange', () => {
  const size = 1000;

  it('gives the whole file without a Range header', () => {
    expect(parseByteRange(undefined, size)).toEqual({ kind: 'whole' });
    expect(parseByteRange(null, size)).toEqual({ kind: 'whole' });
    expect(parseByteRange('', size)).toEqual({ kind: 'whole' });
  });

  it('reads first-last ranges, clamping the end to the last byte', () => {
    expect(parseByteRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseByteRange('bytes=500-500', size)).toEqual({ kind: 'partial', start: 500, end: 500 });
    expect(parseByteRange('bytes=900-5000', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseByteRange('bytes=0-99999999999999999999999', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseByteRange('Bytes = 10 - 19 ', size)).toEqual({ kind: 'partial', start: 10, end: 19 });
  });

  it('reads open-ended ranges (bytes=a-)', () => {
    expect(parseByteRange('bytes=0-', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseByteRange('bytes=999-', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
  });

  it('reads suffix ranges (bytes=-n), longer than the file meaning all of it', () => {
    expect(parseByteRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseByteRange('bytes=-1', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
    expect(parseByteRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('marks ranges that start past the end, and empty suffixes, unsatisfiable', () => {
    expect(parseByteRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=1000-1005', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores malformed, reversed, multi-range and non-byte headers (whole file)', () => {
    for (const header of [
      'bytes=',
      'bytes=-',
      'bytes=5-2',
      'bytes=a-b',
      'bytes=1.5-2',
      'bytes=0-1,5-6',
      'items=0-1',
      'bytes 0-1',
      'bytes=--1',
      'bytes=+1-2',
    ]) {
      expect(parseByteRange(header, size), header).toEqual({ kind: 'whole' });
    }
  });
});

describe('answerByteRange', () => {
  it('answers 206 with Content-Range and the span length', () => {
    expect(answerByteRange('bytes=10-19', 100)).toEqual({
      status: 206,
      headers: { 'Accept-Ranges': 'bytes', 'Content-Range': 'bytes 10-19/100', 'Content-Length': '10' },
      span: { start: 10, end: 19 },
    });
  });

  it('answers 200 for the whole file and advertises ranges', () => {
    expect(answerByteRange(undefined, 100)).toEqual({
      status: 200,
      headers: { 'Accept-Ranges': 'bytes', 'Content-Length': '100' },
      span: { start: 0, end: 99 },
    });
    expect(answerByteRange(undefined, 0)).toMatchObject({ status: 200, span: null });
  });

  it('answers 416 with the size in Content-Range and nothing to stream', () => {
    expect(answerByteRange('bytes=100-', 100)).toEqual({
      status: 416,
      headers: { 'Accept-Ranges': 'bytes', 'Content-Range': 'bytes */100' },
      span: null,
    });
  });
});
