import type { LaunchOptions } from '@playwright/test';

/**
 * The browser that tests/e2e/global-setup.ts resolved (scripts/lib/browser.mjs), handed to the
 * worker processes through MIEN_E2E_BROWSER: Playwright evaluates this config again in each worker,
 * after the global setup has run.
 */
export interface ResolvedBrowser {
  executablePath: string;
  env: Record<string, string>;
  description: string;
  /** Why each route tried before this one found nothing. */
  passedOver: string[];
}

export const BROWSER_VARIABLE = 'MIEN_E2E_BROWSER';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The resolved browser, or undefined before the global setup ran (the runner process itself never launches one). */
export function resolvedBrowser(): ResolvedBrowser | undefined {
  const value = process.env[BROWSER_VARIABLE];
  return value ? (JSON.parse(value) as ResolvedBrowser) : undefined;
}

/** Launch options for the resolved browser, with the suite's flags and `extraArgs`. */
export function browserLaunchOptions(extraArgs: readonly string[] = []): LaunchOptions {
  const browser = resolvedBrowser();
  return {
    executablePath: browser?.executablePath,
    // Playwright hands the browser only `env` when it is given: keep this process's variables.
    env: browser && Object.keys(browser.env).length ? { ...process.env, ...browser.env } : undefined,
    args: [...BASE_ARGS, ...extraArgs],
  };
}
