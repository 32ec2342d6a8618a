// How descriptions and prompts are read: colours tied to parts, species words, props added and removed
// clause by clause, poses, scenes.
import { describe, expect, it } from 'vitest';
import { characterOf } from '../../src/emulator/media/character.js';
import { lookFor } from '../../src/emulator/media/look.js';
import { COLOUR_WORDS, mix } from '../../src/emulator/media/palette.js';
import { poseFor, sceneFor } from '../../src/emulator/media/pose.js';
import { applyProps, NO_PROPS } from '../../src/emulator/media/props.js';

describe('reading a description', () => {
  it.each([
    ['a small orange fox with big round eyes', 'fox', 'pointed'],
    ['Bramble, a cuddly brown bear cub', 'bear', 'round'],
    ['two fluffy bunnies', 'rabbit', 'long'],
    ['our chatbot', 'robot', 'antenna'],
    ['a cat-like robot', 'cat', 'cat'],
    ['a friendly green toad', 'frog', 'bumps'],
    ['a wise old owl', 'owl', 'tufts'],
  ])('%s → %s with %s ears', (description, species, ears) => {
    expect(characterOf({ description })).toMatchObject({ species, ears });
  });

  it('ties colours to the parts they name, shades them, takes hex colours', () => {
    const c = characterOf({ description: 'a light blue cat with a white belly, golden horns and a #123456 scarf' });
    expect(c.colours.body).toBe(mix(COLOUR_WORDS['blue']!, '#ffffff', 0.4));
    expect(c.colours.belly).toBe(COLOUR_WORDS['white']);
    expect(c.colours.accent).toBe(COLOUR_WORDS['golden']);
    expect(c.props).toMatchObject({ neck: 'scarf', colours: { neck: '#123456' } });
  });

  it('is the same for the same description, whatever the case and spacing, and changes with reference hashes', () => {
    const a = characterOf({ description: 'A  Small orange fox' });
    expect(characterOf({ description: 'a small orange fox' })).toEqual(a);
    const unnamed = (references: string[]) => characterOf({ description: 'Zig', references });
    const seen = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((r) => JSON.stringify(unnamed([r.repeat(64)]))));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('never reads the prompt or the seed into the character', () => {
    const base = lookFor({ description: 'a teal owl', prompt: 'standing', seed: 'a#1' }).character;
    expect(lookFor({ description: 'a teal owl', prompt: 'a red fox with bear ears', seed: 'b#9' }).character).toEqual(base);
  });
});

describe('reading a prompt', () => {
  it('applies props clause by clause: an edit adds, a later clause removes', () => {
    const santa = applyProps(NO_PROPS, 'waving hello, add a santa hat and falling snow');
    expect(santa.hat).toBe('santa');
    expect(applyProps(santa, 'make it night, remove the hat').hat).toBeNull();
    expect(applyProps(NO_PROPS, 'holding a red balloon, wearing sunglasses')).toMatchObject({ held: 'balloon', glasses: 'sun', colours: { held: COLOUR_WORDS['red'] } });
    expect(applyProps(NO_PROPS, 'what a nice day, that is all').hat).toBeNull();
  });

  it('sets the pose from the prompt, later clauses winning, and skips the way between two poses', () => {
    expect(poseFor('waving hello with a friendly smile')).toMatchObject({ rightArm: 140, leftArm: 20, motion: 'wave' });
    expect(poseFor('dance pose, arms raised')).toMatchObject({ rightArm: 150, leftArm: 150, motion: 'dance' });
    expect(poseFor('waving hello, then standing still').rightArm).toBe(20);
    expect(poseFor('standing relaxed, transitioning from idle to waving').rightArm).toBe(20);
    expect(poseFor('sleeping')).toMatchObject({ eyesClosed: 1, motion: 'breathe' });
    expect(poseFor('surprised').mouthOpen).toBe(1);
    expect(poseFor('standing relaxed with a gentle smile').mouth).toBeLessThan(1);
  });

  it('reads the scene: snow, night, hearts, a named backdrop; "no snow" clears it', () => {
    expect(sceneFor('add falling snow, make it night time with stars')).toMatchObject({ snow: true, night: true, hearts: false });
    expect(sceneFor('snowy day, no snow').snow).toBe(false);
    expect(sceneFor('on a pink background').background).toBe(COLOUR_WORDS['pink']);
  });
});
