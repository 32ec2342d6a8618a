/** The collection to generate into: the manifest's id, the lock's, or one created now from its definition. */
import type { MaskoClient } from '../api/client.js';
import { outcomeUnknown } from '../api/errors.js';
import { definitionKey } from '../apply/idempotency.js';
import type { LockJournal } from '../apply/journal.js';
import type { Manifest } from '../model/manifest.js';
import { creationReferences } from '../apply/references.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';

/** Creations whose answer was lost are settled by listing, at most this many times. */
const ATTEMPTS = 4;

/** Returns the collection id, creating project and collection on first sync (recorded in the lock at once). */
export async function ensureCollection(manifest: Manifest, journal: LockJournal, api: MaskoClient, signal?: AbortSignal): Promise<{ id: string; created: boolean; adopted?: boolean }> {
  const spec = manifest.collection;
  if (spec.kind === 'id') {
    if (journal.lock.collection !== spec.id) await journal.update((l) => void (l.collection = spec.id));
    return { id: spec.id, created: false };
  }
  if (journal.lock.collection) return { id: journal.lock.collection, created: false };
  const projectName = spec.project ?? spec.name;
  const projects = await api.listProjects(signal);
  const project =
    projects.find((p) => p.id === journal.lock.project) ??
    projects.find((p) => p.name === projectName) ??
    (await createOnce(
      () => api.createProject(projectName, definitionKey('project', { name: projectName }), signal),
      async () => (await api.listProjects(signal)).find((p) => p.name === projectName),
    ));
  const existing = await api.listCollections(project.id, signal);
  const before = new Set(existing.map((c) => c.id));
  // Created from its reference images when it has any (uploaded just before: src/apply/uploads.ts).
  const refs = creationReferences(manifest, journal.lock);
  // The server is asked what exists before anything is created: a run killed between the creation
  // and its lock write (or a collection made by hand) left one of this name, which is the one meant.
  const named = existing.filter((c) => c.name === spec.name);
  if (named.length > 1) {
    throw new OperationError(
      `project "${projectName}" has ${named.length} collections named "${spec.name}" (${named.map((c) => c.id).join(', ')}); write the one to use as \`collection: <id>\` in masko.yaml, or rename the others in Masko`,
      ExitCode.invalid,
    );
  }
  if (named.length === 1) {
    const found = named[0]!;
    // Its references are what the server says are attached; syncReferences adds or removes the rest.
    const attached = refs.ids.length > 0 ? new Set((await api.getCollection(found.id, signal)).referenceAssetIds ?? []) : new Set<string>();
    const record = Object.fromEntries(Object.entries(refs.record).filter(([, id]) => attached.has(id)));
    await journal.update((l) => {
      l.project = project.id;
      l.collection = found.id;
      if (Object.keys(record).length > 0) l.references = record;
    });
    return { id: found.id, created: false, adopted: true };
  }
  const body = {
    name: spec.name,
    project_id: project.id,
    ...(spec.description !== '' ? { description: spec.description } : {}),
    ...(refs.ids.length > 0 ? { reference_asset_ids: refs.ids } : {}),
  };
  const collection = await createOnce(
    () => api.createCollection(body, definitionKey('collection', { name: spec.name, description: spec.description, project: project.id, references: refs.ids.join(',') || undefined }), signal),
    // Only a collection that appeared since this run looked can be the one whose answer was lost.
    async () => {
      const fresh = (await api.listCollections(project.id, signal)).filter((c) => !before.has(c.id) && c.name === spec.name);
      return fresh.length === 1 ? fresh[0] : undefined;
    },
  );
  await journal.update((l) => {
    l.project = project.id;
    l.collection = collection.id;
    if (refs.ids.length > 0) l.references = refs.record;
  });
  return { id: collection.id, created: true };
}

/**
 * Creates something free (a project, a collection) whose answer may be lost: when the outcome is
 * unknown, the server is asked whether it exists before trying again, so no duplicate is left behind.
 */
async function createOnce<T>(create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!outcomeUnknown(err) || attempt >= ATTEMPTS) throw err;
      const found = await find();
      if (found) return found;
    }
  }
}
