import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/lockfile/serialize.js';

describe('compareCodePoints', () => {
  it('orders plain strings like < does', () => {
    expect(['b', 'a10', 'a2', 'A', '_'].sort(compareCodePoints)).toEqual(['A', '_', 'a10', 'a2', 'b']);
  });
  it('orders characters beyond the BMP by code point, not by UTF-16 unit', () => {
    // U+FFFF < U+1F600, though the emoji's first UTF-16 unit (0xD83D) is smaller than 0xFFFF.
    expect(compareCodePoints('\uFFFF', '😀')).toBeLessThan(0);
    expect(compareCodePoints('😀', '\uFFFF')).toBeGreaterThan(0);
    expect(compareCodePoints('x😀', 'x😀')).toBe(0);
  });
});
