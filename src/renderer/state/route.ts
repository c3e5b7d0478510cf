/**
 * Which screen shows. Kept in the URL's #hash (the web host serves no path-based routes) so a
 * reload reopens the same project and Back returns to the library.
 */
export type Route = { screen: 'library' } | { screen: 'editor'; projectId: string };

export function routeFromHash(hash: string): Route {
  const match = /^#\/projects\/([^/?#]+)$/.exec(hash);
  if (!match?.[1]) return { screen: 'library' };
  try {
    return { screen: 'editor', projectId: decodeURIComponent(match[1]) };
  } catch {
    return { screen: 'library' };
  }
}

export function hashForRoute(route: Route): string {
  return route.screen === 'editor' ? `#/projects/${encodeURIComponent(route.projectId)}` : '#/';
}
