/** Free file fixes of a current asset: files to move (relocate) and files to download again (restore). Pure. */
import type { Asset } from '../model/manifest.js';
import type { LockEntry, LockedFile } from '../model/lock.js';
import type { LocalFiles } from '../model/plan.js';
import { expectedPath, extensionOf } from './file-names.js';

/** A locked file whose expected path moved. */
export interface Relocation {
  key: string;
  from: string;
  to: string;
}

/** Fixes for one asset's files, keys in code-point order. */
export interface FileFixes {
  relocate: Relocation[];
  restore: string[];
}

/** Whether the file at `path` is the locked one: present, same size and hash when the lock knows them. */
export function isIntact(locked: LockedFile, path: string, files: LocalFiles): boolean {
  const state = Object.hasOwn(files, path) ? files[path] : undefined;
  // A symlink is never followed, so it is never the locked file.
  if (!state?.exists || state.symlink) return false;
  if (locked.sha256 !== undefined && state.sha256 !== locked.sha256) return false;
  if (locked.bytes !== undefined && state.bytes !== undefined && state.bytes !== locked.bytes) return false;
  return true;
}

/** The path a locked file of `asset` belongs at now (the manifest's output dir may have moved). */
export function targetPath(asset: Asset, key: string, locked: LockedFile): string {
  return expectedPath(asset, key, extensionOf(locked.path));
}

/**
 * Compares the lock's files with the disk. A moved output path is a relocation when the file is
 * intact at its old or new place (a half-done move is finished by recording it); otherwise the
 * file is restored (downloaded again, to its new path).
 */
export function checkFiles(asset: Asset, entry: LockEntry, files: LocalFiles): FileFixes {
  const fixes: FileFixes = { relocate: [], restore: [] };
  for (const key of Object.keys(entry.files).sort()) {
    const locked = entry.files[key]!;
    const to = targetPath(asset, key, locked);
    if (to === locked.path) {
      if (!isIntact(locked, to, files)) fixes.restore.push(key);
    } else if (isIntact(locked, locked.path, files) || isIntact(locked, to, files)) {
      fixes.relocate.push({ key, from: locked.path, to });
    } else {
      fixes.restore.push(key);
    }
  }
  return fixes;
}
