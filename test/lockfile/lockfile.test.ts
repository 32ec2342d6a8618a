import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/model/lock.js';
import { LockfileError, parseLock, readLock, serializeLock, writeLock } from '../../src/lockfile/index.js';
import { fullManifest, lockFor } from '../plan/builders.js';
import fc from 'fast-check';
import { stableJson } from '../../src/lockfile/serialize.js';
import { lockViolations } from '../../src/lockfile/validate.js';

const lock = (): Lockfile => lockFor(fullManifest());
const tmp = await mkdtemp(path.join(os.tmpdir(), 'masko-lock-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

function error(text: string): LockfileError {
  try {
    parseLock(text);
  } catch (err) {
    if (err instanceof LockfileError) return err;
    throw err;
  }
  throw new Error('expected a LockfileError');
}

describe('serializeLock', () => {
  it('round-trips and is byte-identical whatever the key order of the input', () => {
    const a = lock();
    const text = serializeLock(a);
    expect(parseLock(text)).toEqual(a);
    const reversed = Object.fromEntries(
      Object.entries({ ...a, assets: Object.fromEntries(Object.entries(a.assets).reverse()) }).reverse(),
    ) as unknown as Lockfile;
    expect(Object.keys(reversed)[0]).not.toBe(Object.keys(a)[0]);
    expect(serializeLock(reversed)).toBe(text);
    expect(serializeLock(parseLock(text))).toBe(text);
  });

  it('writes sorted keys, 2-space indent, LF and one final newline', () => {
    const text = serializeLock(lock());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toContain('\r');
    expect(text.split('\n')[1]).toBe('  "assets": {');
    const ids = Object.keys((JSON.parse(text) as Lockfile).assets);
    expect(ids).toEqual([...ids].sort());
  });

  it('sorts by code point, also ids that look like numbers (JSON.stringify would not)', () => {
    const base = lock().assets['wave']!;
    const l: Lockfile = { lockfileVersion: 1, assets: { '9': base, '10': base, b: base, a: base } };
    const text = serializeLock(l);
    const order = [...text.matchAll(/^ {4}"([^"]+)": \{/gm)].map((m) => m[1]);
    expect(order).toEqual(['10', '9', 'a', 'b']);
  });

  it('gives the same bytes as the hand-written stableJson for any JSON, whichever path it takes', () => {
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('10', '0', '01', '4294967296', '__proto__', 'constructor', 'é', '\u{1F98A}', 'Z', 'a'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(fc.property(json.object, (o) => serializeLock(o as unknown as Lockfile) === stableJson(o) + '\n'), { numRuns: 300 });
  });

  it('holds no timestamps or absolute paths', () => {
    const text = serializeLock(lock());
    expect(text).not.toMatch(/"\/|[A-Z]:\\|\d{4}-\d\d-\d\dT/);
  });
});

describe('parseLock errors', () => {
  it('corrupt JSON: names file, line and column', () => {
    const text = serializeLock(lock()).replace('"status": "completed",', '"status": "completed"');
    const e = error(text);
    const lineOfStatus = text.split('\n').findIndex((l) => l.includes('"status": "completed"')) + 1;
    expect(e.line).toBe(lineOfStatus + 1);
    expect(e.message).toMatch(new RegExp(`^masko\\.lock:${lineOfStatus + 1}:\\d+: not valid JSON`));
    expect(e.hint).toMatch(/git checkout/);
  });

  it('truncated JSON: points at the end', () => {
    const text = serializeLock(lock()).slice(0, 200);
    const e = error(text);
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.line).toBe(text.split('\n').length);
  });

  it('git conflict markers: names the line and says to keep both entries', () => {
    const text = ['{', '  "assets": {', '<<<<<<< HEAD', '    "a": {},', '=======', '    "b": {}', '>>>>>>> feature', '  }', '}'].join('\n');
    const e = error(text);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^masko\.lock:3:1: unresolved git merge conflict/);
    expect(e.hint).toMatch(/keep both entries/i);
  });

  it('refuses a newer lockfileVersion, naming it', () => {
    const text = serializeLock(lock()).replace('"lockfileVersion": 1', '"lockfileVersion": 7');
    const e = error(text);
    expect(e.message).toMatch(/lockfileVersion 7 was written by a newer masko-sync/);
    expect(e.hint).toMatch(/upgrade masko-sync/);
    expect(e.line).toBeGreaterThan(1);
  });

  it('rejects a missing or silly lockfileVersion', () => {
    expect(error('{"assets": {}}').message).toMatch(/missing "lockfileVersion"/);
    expect(error('{"lockfileVersion": "1", "assets": {}}').message).toMatch(/positive integer/);
    expect(error('[]').message).toMatch(/must be a JSON object/);
  });

  it('names schema violations with their path and position', () => {
    const text = serializeLock(lock()).replace(/"status": "completed"/, '"status": "done"');
    const e = error(text);
    expect(e.message).toMatch(/assets\.app-logo\.status must be one of "pending", "completed", "failed", found "done"/);
    expect(text.split('\n')[e.line! - 1]).toContain('"done"');
  });

  it('says the one value a field may hold, and the value found', () => {
    const violations = lockViolations({ ...lock(), lockfileVersion: 2 } as unknown as Lockfile);
    expect(violations.map((v) => v.message)).toContain('lockfileVersion must be 1, found 2');
  });

  it('names a missing property and an unknown one', () => {
    const l = lock() as unknown as { assets: Record<string, Record<string, unknown>> };
    delete l.assets['wave']!['fingerprint'];
    l.assets['idle']!['colour'] = 'blue';
    const e = error(JSON.stringify(l, null, 2));
    expect(e.message).toMatch(/assets\.wave: missing required property "fingerprint"/);
    expect(e.message).toMatch(/property "colour" is not allowed/);
  });

  it('rejects absolute and escaping file paths', () => {
    for (const bad of ['/etc/passwd', '../outside.png', 'a/../../b.png', 'C:/x.png']) {
      const l = lock();
      l.assets['wave']!.files['image']!.path = bad;
      expect(() => parseLock(JSON.stringify(l)), bad).toThrow(/assets\.wave\.files\.image\.path/);
    }
  });

  it('says in words what a file path, a hash or an id must look like, never with the schema\'s regular expression', () => {
    const cases: [(l: Lockfile) => void, RegExp][] = [
      [(l) => (l.assets['wave']!.files['image']!.path = '../outside.png'), /assets\.wave\.files\.image\.path "\.\.\/outside\.png" must be a relative path inside the project/],
      [(l) => (l.assets['wave']!.files['image']!.sha256 = 'abc'), /assets\.wave\.files\.image\.sha256 "abc" must be 64 lowercase hex digits/],
      [(l) => (l.assets['wave']!.fingerprint = 'md5:x'), /assets\.wave\.fingerprint "md5:x" must be "sha256:" followed by 64 lowercase hex digits/],
      [(l) => (l.assets['wave']!.files['image']!.url = 'ftp://x/y.png'), /assets\.wave\.files\.image\.url "ftp:\/\/x\/y\.png" must be an http or https URL/],
      [(l) => (l.assets['wave']!.job_id = ' '), /assets\.wave\.job_id " " must not be blank/],
    ];
    for (const [plant, expected] of cases) {
      const l = lock();
      plant(l);
      const e = error(JSON.stringify(l, null, 2));
      expect(e.message).toMatch(expected);
      expect(e.message).not.toMatch(/pattern|\(\?!/);
    }
  });

  it('accepts a BOM and an empty asset map', () => {
    expect(parseLock('\uFEFF{"lockfileVersion": 1, "assets": {}}')).toEqual({ lockfileVersion: 1, assets: {} });
  });
});

describe('readLock / writeLock', () => {
  it('reads undefined when there is no lock', async () => {
    expect(await readLock(path.join(tmp, 'none.lock'))).toBeUndefined();
  });

  it('writes atomically (no temp file left) and reads back the same lock', async () => {
    const file = path.join(tmp, 'masko.lock');
    await writeLock(file, lock());
    await writeLock(file, lock());
    expect(await readdir(tmp)).toEqual(['masko.lock']);
    expect(await readFile(file, 'utf8')).toBe(serializeLock(lock()));
    expect(await readLock(file)).toEqual(lock());
  });

  it('names the file path in errors', async () => {
    const file = path.join(tmp, 'broken.lock');
    await writeFile(file, '{');
    await expect(readLock(file)).rejects.toThrow(`${file}:1:2: not valid JSON`);
  });
});

describe('precompiled lock validator', () => {
  it('is up to date with schema/masko-lock.schema.json (regenerate: node --import tsx test/lockfile/generate-validator.ts)', async () => {
    const { generateValidatorSource, GENERATED_PATH } = await import('./generate-validator.js');
    expect(await readFile(GENERATED_PATH, 'utf8')).toBe(generateValidatorSource());
  });
});

describe('writeLock refuses a lock it could not read back', () => {
  it('an entry with an empty id is never written; the file on disk is unchanged', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-write-'));
    const file = path.join(dir, 'masko.lock');
    await writeFile(file, 'previous\n');
    const bad: Lockfile = { lockfileVersion: 1, assets: { a: { type: 'image', name: 'A', fingerprint: 'sha256:' + '0'.repeat(64), inputs: {}, item_id: '', job_id: 'j', status: 'completed', credits: 1, files: {} } } };
    await expect(writeLock(file, bad)).rejects.toThrow(/refusing to write masko\.lock/);
    expect(await readFile(file, 'utf8')).toBe('previous\n');
    await rm(dir, { recursive: true, force: true });
  });
});
