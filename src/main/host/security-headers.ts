/**
 * Content-Security-Policy for the renderer, shared by both hosts so the app runs under the same
 * rules in Electron and in the browser. No 'unsafe-eval' and no inline scripts; React's `style`
 * props go through the CSSOM, which style-src does not restrict.
 */
export function contentSecurityPolicy(options: { imgSources: string[]; connectSources: string[] }): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", ...options.imgSources, 'blob:', 'data:']],
    ['media-src', ["'self'", ...options.imgSources, 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...options.connectSources]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** CSP of the loopback web host listening on `port`. */
export function webHostCsp(port: number): string {
  return contentSecurityPolicy({
    imgSources: [],
    connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
  });
}

/** Headers every web-host response carries (pages, assets, media and errors alike). */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
