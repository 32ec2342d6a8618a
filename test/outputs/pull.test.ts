/** `pull` names every file it does not restore and why, in text and --json (NDJSON events, then a summary); usage errors answer --json too. */
import { describe, expect, test } from 'vitest';
import { out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

const ndjson = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe.concurrent('pull', () => {
  test('restores what the lock pins, and names each file it leaves with the reason and the way out', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    await w.project.remove('out/idle.png');
    await w.project.remove('out/wave.png');
    // wave's prompt changed: its locked file is out of date, pull must not bring it back silently.
    await w.project.writeManifest(standardManifest({ prompts: { wave: 'waving goodbye' } }));

    const text = await w.cli(['pull'], { MASKO_API_KEY: undefined });
    expect(text.code, out(text)).toBe(0);
    expect(text.stderr).toMatch(/^restored out\/idle\.png$/m);
    expect(text.stderr).toMatch(/^not restored: out\/wave\.png \(wave image\): masko\.yaml changed it \(image_prompt changed\).*run `masko-sync` to make it again$/m);
    expect(text.stderr).toMatch(/pull: restored 1 file, 1 not restored \(listed above\)\./);
    expect(w.project.exists('out/wave.png')).toBe(false);

    await w.project.remove('out/idle.png');
    const json = await w.cli(['pull', '--json'], { MASKO_API_KEY: undefined });
    expect(json.code, out(json)).toBe(0);
    const events = ndjson(json.stdout);
    expect(events).toContainEqual({ event: 'restored', id: 'idle', key: 'image', path: 'out/idle.png' });
    expect(events).toContainEqual(expect.objectContaining({ event: 'not_restored', id: 'wave', key: 'image', path: 'out/wave.png', reason: expect.stringMatching(/masko\.yaml changed it/) }));
    expect(events.at(-1)).toEqual({ event: 'summary', restored: 1, failed: 0, not_restored: 1, exit_code: 0 });
  });

  test('usage errors with --json print an error object on stdout (exit 4)', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    for (const args of [['pull', '--json', '--bogus'], ['--json', '--concurrency', '0'], ['prune', '--json', 'extra', 'args', '--nope']]) {
      const r = await w.cli(args);
      expect(r.code, `${args.join(' ')}\n${out(r)}`).toBe(4);
      const last = ndjson(r.stdout).at(-1)!;
      expect(last).toMatchObject({ event: 'error', exit_code: 4 });
      expect(String(last.message)).not.toMatch(/^error:/);
    }
  });
});
