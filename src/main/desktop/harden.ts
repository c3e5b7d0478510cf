import { app, session, type WebContents } from 'electron';

/**
 * App-wide defences for every WebContents: no navigating away from the app (it is one page;
 * reloads are not navigations and keep working), no new windows, no <webview>, no permissions
 * (camera, notifications, ...).
 */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** Refuses every permission request and check for the default session. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
