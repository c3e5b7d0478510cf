import { useSystemInfo } from '../app-services';

/** The store opened read-only (a read-only folder or file): say so for as long as the window is open. */
export function ReadOnlyBanner() {
  const { store } = useSystemInfo();
  if (!store.ok || !store.readOnly) return null;
  return (
    <div className="banner" role="status">
      Read-only: {store.readOnly}. You can look at your projects, but changes cannot be saved.
    </div>
  );
}
