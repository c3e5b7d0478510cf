import fs from 'node:fs';
import path from 'node:path';
import { AppSettings } from '../../../shared/api/settings';

export const SETTINGS_FILE = 'settings.json';
export const DEFAULT_SETTINGS: AppSettings = { executionProvider: 'cpu' };

/**
 * Application settings in <dataDir>/settings.json. A file, not a table: settings must stay
 * readable while the project database is unusable, and they are not part of any project.
 * A missing or unreadable file means the defaults (an unreadable one is reported, then replaced
 * on the next save).
 */
export class SettingsFile {
  private current: AppSettings;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = path.join(dataDir, SETTINGS_FILE);
    this.current = this.read();
  }

  get(): AppSettings {
    return { ...this.current };
  }

  /** Merges a change, writes it (through a temporary file, so a crash never leaves half a file) and returns the result. */
  update(change: Partial<AppSettings>): AppSettings {
    const next = AppSettings.parse({ ...this.current, ...change });
    const temporary = `${this.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
    fs.renameSync(temporary, this.path);
    this.current = next;
    return this.get();
  }

  private read(): AppSettings {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    try {
      // Unknown or missing keys (an older or newer version wrote the file) take their defaults.
      const parsed = AppSettings.partial().safeParse(JSON.parse(text));
      if (parsed.success) return { ...DEFAULT_SETTINGS, ...parsed.data };
      console.warn(`[engine] ${this.path} has invalid settings (${parsed.error.issues[0]?.message}); using defaults`);
    } catch (error) {
      console.warn(`[engine] ${this.path} is not JSON (${(error as Error).message}); using defaults`);
    }
    return { ...DEFAULT_SETTINGS };
  }
}
