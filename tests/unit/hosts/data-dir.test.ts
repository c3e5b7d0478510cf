import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src/main/host/data-dir';
import { parseWebHostArgs } from '../../../src/main/web/options';

describe('defaultDataDir', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.local/share/mien');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/x' }, '/home/ann')).toBe('/data/x/mien');
    // A relative XDG_DATA_HOME is invalid per the XDG spec and ignored.
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'rel' }, '/home/ann')).toBe('/home/ann/.local/share/mien');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Mien');
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/ann/AppData/Roaming' }, 'C:/Users/ann')).toMatch(
      /Roaming[\\/]Mien$/,
    );
  });
});

describe('parseWebHostArgs', () => {
  it('defaults to port 5517 with fallback, no browser', () => {
    expect(parseWebHostArgs([])).toEqual({
      port: 5517,
      portExplicit: false,
      dataDir: undefined,
      open: false,
      help: false,
    });
  });
  it('reads flags', () => {
    expect(parseWebHostArgs(['--port', '0', '--data-dir', '/tmp/x', '--open'])).toMatchObject({
      port: 0,
      portExplicit: true,
      dataDir: '/tmp/x',
      open: true,
    });
    expect(parseWebHostArgs(['--open', '--no-open']).open).toBe(false);
  });
  it('rejects bad ports and unknown flags with a message', () => {
    expect(() => parseWebHostArgs(['--port', 'abc'])).toThrow(/--port must be 0..65535/);
    expect(() => parseWebHostArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseWebHostArgs(['--bogus'])).toThrow(/bogus/);
  });
});
