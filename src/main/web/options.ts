import { parseArgs } from 'node:util';
import { DEFAULT_WEB_PORT } from './server';

export interface WebHostCliOptions {
  port: number;
  /** Fall back to a random port only when the user did not ask for a specific one. */
  portExplicit: boolean;
  dataDir: string | undefined;
  open: boolean;
  help: boolean;
}

export const webHostUsage = `Usage: npm run web -- [options]

  --port <n>         port on 127.0.0.1 (default ${DEFAULT_WEB_PORT}, a random free one if taken; 0 = random)
  --data-dir <path>  project folder (default: the platform's app-data folder, e.g. ~/.local/share/mien)
  --open / --no-open open the printed URL in the default browser (default: --no-open)
  --help             this text`;

/** Parses the web host's flags; throws an Error with a readable message on bad input. */
export function parseWebHostArgs(argv: string[]): WebHostCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  let port = DEFAULT_WEB_PORT;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0..65535, got "${values.port}"`);
  }
  return {
    port,
    portExplicit: values.port !== undefined,
    dataDir: values['data-dir'],
    open: Boolean(values.open) && !values['no-open'],
    help: Boolean(values.help),
  };
}
