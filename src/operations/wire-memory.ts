/**
 * `.masko/api-profile.json`: what the tool learned about each API it talked to (the batch body key
 * it accepts, the hashes of its CDN placeholders). Only saves requests: a missing, corrupt or
 * unwritable file means learning again, never a wrong result.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatchBodyKey } from '../api/client.js';
import type { WireMemory } from '../apply/types.js';
import { writeFileAtomically } from '../lockfile/atomic-write.js';

interface ServerProfile {
  batch_body_key?: BatchBodyKey;
  placeholders?: string[];
  /** URL → sha256 it once served. */
  samples?: Record<string, string>;
  /** URL → sha256 recorded whose second look an interrupted run owes. */
  unchecked?: Record<string, string>;
}

interface ProfileFile {
  version: 1;
  servers: Record<string, ServerProfile>;
}

/** A WireMemory backed by the file; `flush` resolves once the last save is written. */
export interface FileWireMemory extends WireMemory {
  flush(): Promise<void>;
}

/** The profile file of a project folder. */
export function profilePath(projectDir: string): string {
  return path.join(projectDir, '.masko', 'api-profile.json');
}

/** Loads what was learned about `apiUrl`'s origin (a fresh memory when nothing was). */
export async function loadWireMemory(projectDir: string, apiUrl: string): Promise<FileWireMemory> {
  const file = profilePath(projectDir);
  const origin = originOf(apiUrl);
  const all = await readProfiles(file);
  const mine = all.servers[origin] ?? {};
  let writing: Promise<void> = Promise.resolve();
  const memory: FileWireMemory = {
    batchBodyKey: mine.batch_body_key === 'requests' ? 'requests' : 'items',
    placeholders: new Set((mine.placeholders ?? []).filter(isSha256)),
    samples: new Map(Object.entries(mine.samples ?? {}).filter(([, v]) => isSha256(v))),
    unchecked: new Map(Object.entries(mine.unchecked ?? {}).filter(([, v]) => isSha256(v))),
    save() {
      all.servers[origin] = {
        batch_body_key: memory.batchBodyKey,
        placeholders: [...memory.placeholders].sort(),
        samples: Object.fromEntries([...memory.samples].sort(([a], [b]) => (a < b ? -1 : 1))),
        ...(memory.unchecked?.size ? { unchecked: Object.fromEntries([...memory.unchecked].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
      };
      const text = JSON.stringify(all, null, 2) + '\n';
      writing = writing.then(async () => {
        try {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFileAtomically(file, text);
        } catch {
          // Best effort: a read-only checkout learns again next time.
        }
      });
    },
    flush: () => writing,
  };
  return memory;
}

async function readProfiles(file: string): Promise<ProfileFile> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<ProfileFile>;
    if (data.version === 1 && data.servers && typeof data.servers === 'object') return { version: 1, servers: data.servers };
  } catch {
    // absent or unreadable: start afresh
  }
  return { version: 1, servers: {} };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function isSha256(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
}
