import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../../src/main/host/request-target';

describe('parseRequestTarget', () => {
  it('splits decoded segments and the query', () => {
    const parsed = parseRequestTarget('/assets/index%20a.js?token=abc&x=1');
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect(parsed.target.segments).toEqual(['assets', 'index a.js']);
    expect(parsed.target.query.get('token')).toBe('abc');
  });

  it('treats / as no segments', () => {
    const parsed = parseRequestTarget('/');
    expect(parsed.ok && parsed.target.segments).toEqual([]);
  });

  it.each([
    '/../../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/secret',
    '/./index.html',
    '/assets%2f..%2f..%2fetc%2fpasswd',
    '/..%5c..%5cwindows',
    '/a%00b',
    '/%zz',
    'relative/path',
    '',
  ])('refuses %s', (target) => {
    expect(parseRequestTarget(target).ok).toBe(false);
  });
});
