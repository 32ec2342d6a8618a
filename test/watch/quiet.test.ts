import { describe, expect, it } from 'vitest';
import { ChangeNotifier } from '../../src/watch/quiet.js';

describe('ChangeNotifier.waitQuiet', () => {
  it('is quiet after the period with no save, cancelled at once by a save, or by the signal', async () => {
    const n = new ChangeNotifier();
    expect(await n.waitQuiet(20, n.changes)).toBe('quiet');
    const since = n.changes;
    const waiting = n.waitQuiet(10_000, since);
    n.changed();
    expect(await waiting).toBe('changed');
    // A save that came in before the wait started counts too.
    expect(await n.waitQuiet(10_000, since)).toBe('changed');
    const abort = new AbortController();
    const stopped = n.waitQuiet(10_000, n.changes, abort.signal);
    abort.abort();
    expect(await stopped).toBe('aborted');
  });
});
