import { z } from 'zod';
import { Asset, AssetKind, Id, Job, JobKind, Project, SystemInfo } from './models';
import { faceMethods } from './faces';
import { renderMethods } from './render';
import { rigMethods } from './rig';
import { modelManagerMethods } from './model-manager';
import { settingsMethods } from './settings';
import { trackMethods } from './tracks';
import { sceneMethods } from './scenes';

/**
 * The one API contract. Every host (Electron IPC, web WebSocket, CLI) validates params with these
 * schemas on receipt, and the engine's handlers are typed from them. Add a method here first.
 */
const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const ProjectName = z.string().trim().min(1, 'a project needs a name').max(200);

export const methods = {
  'system.ping': method(
    z.object({ sentAt: z.number() }).strict(),
    z.object({ sentAt: z.number(), engineAt: z.number() }),
  ),
  'system.info': method(Empty, SystemInfo),
  /** Renames an unreadable database file to <name>.corrupt-<time> and starts a fresh one. */
  'system.resetStore': method(
    Empty,
    /** The old database's new path, and where its blob folder went with it (null when it had none). */
    z.object({ movedTo: z.string(), blobsMovedTo: z.string().nullable() }),
  ),

  'projects.list': method(Empty, z.array(Project)),
  'projects.get': method(z.object({ id: Id }).strict(), Project),
  'projects.create': method(z.object({ name: ProjectName }).strict(), Project),
  'projects.rename': method(z.object({ id: Id, name: ProjectName }).strict(), Project),
  'projects.duplicate': method(z.object({ id: Id }).strict(), Project),
  'projects.delete': method(z.object({ id: Id }).strict(), Ok),

  'assets.list': method(z.object({ projectId: Id }).strict(), z.array(Asset)),
  /**
   * Starts an import-photo job from bytes the user picked or dropped. Bytes travel, never paths:
   * no path from the UI reaches the file system. The job's result is { assetId }. With
   * replacesAssetId (re-import of an asset whose file is missing) the bytes must be that asset's
   * original file: its files are restored and the result names the same asset; other bytes fail
   * with 'conflict'.
   */
  'assets.importBytes': method(
    z
      .object({
        projectId: Id,
        kind: AssetKind.default('portrait'),
        fileName: z.string().min(1).max(255),
        bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes'),
        replacesAssetId: Id.optional(),
      })
      .strict(),
    Job,
  ),
  'assets.delete': method(z.object({ id: Id }).strict(), Ok),

  'jobs.list': method(
    z.object({ projectId: Id.optional(), activeOnly: z.boolean().optional() }).strict(),
    z.array(Job),
  ),
  'jobs.get': method(z.object({ id: Id }).strict(), Job),
  'jobs.cancel': method(z.object({ id: Id }).strict(), Job),

  ...rigMethods,
  ...renderMethods,
  ...faceMethods,
  ...settingsMethods,
  ...trackMethods,
  ...modelManagerMethods,
  ...sceneMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;
export const methodNames = Object.keys(methods) as MethodName[];
export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);
export { JobKind };
