/** The collection to generate into: the manifest's id, the lock's, or one created now from its definition. */
import type { MaskoClient } from '../api/client.js';
import { definitionKey } from '../apply/idempotency.js';
import type { LockJournal } from '../apply/journal.js';
import type { Manifest } from '../model/manifest.js';

/** Returns the collection id, creating project and collection on first sync (recorded in the lock at once). */
export async function ensureCollection(manifest: Manifest, journal: LockJournal, api: MaskoClient, signal?: AbortSignal): Promise<{ id: string; created: boolean }> {
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
    (await api.createProject(projectName, definitionKey('project', { name: projectName }), signal));
  const collection = await api.createCollection(
    { name: spec.name, description: spec.description, project_id: project.id },
    definitionKey('collection', { name: spec.name, description: spec.description, project: project.id }),
    signal,
  );
  await journal.update((l) => {
    l.project = project.id;
    l.collection = collection.id;
  });
  return { id: collection.id, created: true };
}
