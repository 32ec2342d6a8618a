/**
 * Size and format variants of a completed asset (pure): which ones to make locally, which derived
 * files to make again because they are missing, and which variants the manifest no longer wants.
 * A variant never enters the fingerprint: adding or removing one is free and never regenerates.
 */
import { parseVariantKey, wantedVariants } from '../manifest/variant-keys.js';
import type { Asset } from '../model/manifest.js';
import type { LockEntry } from '../model/lock.js';
import type { LocalFiles } from '../model/plan.js';
import { expectedPath, extensionOf } from './file-names.js';

/** What a completed asset's variants need. Keys sorted. */
export interface VariantFixes {
  /** Wanted variants the lock does not record (or records at a path the output no longer uses): made locally, recorded. */
  derive: string[];
  /** Derived files the lock records whose file is missing: made again, nothing recorded changes. */
  rederive: string[];
  /** Variants the lock records that the manifest no longer wants (or a CDN file now has): record and file removed. */
  drop: string[];
}

/** The plain keys of an entry's files (the files variants are made of). */
export function plainKeys(entry: Pick<LockEntry, 'files'>): string[] {
  return Object.keys(entry.files).filter((k) => parseVariantKey(k) === undefined);
}

/** Where each variant `asset` wants of the entry's files belongs: `{key, path}`, keys sorted. */
export function variantTargets(asset: Asset, entry: Pick<LockEntry, 'files'>): Array<{ key: string; path: string }> {
  return wantedVariants(asset, plainKeys(entry)).map((key) => ({ key, path: variantPath(asset, entry, key) }));
}

/** The path of variant `key` of `asset`, named after its base file's extension in the lock. */
export function variantPath(asset: Asset, entry: Pick<LockEntry, 'files'>, key: string): string {
  const base = parseVariantKey(key)?.base ?? key;
  const ext = extensionOf(entry.files[base]?.path ?? '') || 'png';
  return expectedPath(asset, key, ext);
}

/** The variant work of a completed entry against the manifest asset and the disk. */
export function variantFixes(asset: Asset, entry: LockEntry, files: LocalFiles): VariantFixes {
  const fixes: VariantFixes = { derive: [], rederive: [], drop: [] };
  const wanted = new Set<string>();
  for (const { key, path } of variantTargets(asset, entry)) {
    wanted.add(key);
    if (Object.hasOwn(entry.files, key)) continue; // a CDN file: restored like any other
    const derived = entry.derived && Object.hasOwn(entry.derived, key) ? entry.derived[key] : undefined;
    if (!derived || derived.path !== path) fixes.derive.push(key);
    else if (!onDisk(path, files)) fixes.rederive.push(key);
  }
  for (const key of Object.keys(entry.derived ?? {})) {
    if (!wanted.has(key) || Object.hasOwn(entry.files, key)) fixes.drop.push(key);
  }
  for (const key of Object.keys(entry.files)) {
    if (parseVariantKey(key) !== undefined && !wanted.has(key)) fixes.drop.push(key);
  }
  fixes.drop.sort();
  return fixes;
}

function onDisk(path: string, files: LocalFiles): boolean {
  const state = Object.hasOwn(files, path) ? files[path] : undefined;
  return state?.exists === true && state.symlink !== true;
}
