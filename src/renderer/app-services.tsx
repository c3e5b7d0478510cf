import { createContext, useContext, type ReactNode } from 'react';
import type { MienClient, SystemInfo } from '../shared/api';
import type { History } from '../shared/history';
import type { ConnectionSource } from './client/connection';

/** What every screen needs: the engine client, its connection (web only) and the one undo history. */
export interface AppServices {
  client: MienClient;
  connection: ConnectionSource | null;
  history: History;
}

const ServicesContext = createContext<AppServices | null>(null);
const SystemInfoContext = createContext<SystemInfo | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function SystemInfoProvider({ info, children }: { info: SystemInfo; children: ReactNode }) {
  return <SystemInfoContext.Provider value={info}>{children}</SystemInfoContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

/** The engine's system.info, available once startup succeeded. */
export function useSystemInfo(): SystemInfo {
  const info = useContext(SystemInfoContext);
  if (!info) throw new Error('useSystemInfo outside SystemInfoProvider');
  return info;
}
