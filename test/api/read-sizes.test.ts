import { describe, expect, it } from 'vitest';
import { readJob, readSubmitted } from '../../src/api/read-wire.js';

const base = { image: 'https://cdn.test/u/c/wave-a1b2.png', transparent_image: 'https://cdn.test/u/c/wave-c3d4.png', webm: 'https://cdn.test/u/c/wave-e5f6.webm' };

describe('size variant URLs, whatever their shape', () => {
  it('width → key → URL (the reference answer)', () => {
    const job = readSubmitted({ job_id: 'j', urls: base, sizes: { 480: { image: 'https://cdn.test/u/c/wave-9f9f-480.png', transparent_image: 'https://cdn.test/u/c/t-480.png' } } });
    expect(job.urls).toEqual({ ...base, 'image@480': 'https://cdn.test/u/c/wave-9f9f-480.png', 'transparent_image@480': 'https://cdn.test/u/c/t-480.png' });
  });

  it('key → width → URL, and a list of {size, key, url}', () => {
    expect(readSubmitted({ urls: base, size_urls: { webm: { '360': 'https://cdn.test/x-360.webm' } } }).urls['webm@360']).toBe('https://cdn.test/x-360.webm');
    expect(readSubmitted({ urls: base, variants: [{ size: 240, key: 'image', url: 'https://cdn.test/v.png' }] }).urls['image@240']).toBe('https://cdn.test/v.png');
  });

  it('a plain list of URLs named -{size}: matched to the file whose URL it extends, else to the only file of its extension', () => {
    const job = readJob({ id: 'j', status: 'completed', urls: base, size_urls: ['https://cdn.test/u/c/wave-c3d4-240.png', 'https://cdn.test/u/c/other-77-240.webm'] })!;
    expect(job.urls['transparent_image@240']).toBe('https://cdn.test/u/c/wave-c3d4-240.png');
    expect(job.urls['webm@240']).toBe('https://cdn.test/u/c/other-77-240.webm');
  });

  it('extra urls keys such as image_480 whose URL ends in -480: moved to image@480; other keys stay open keys', () => {
    const job = readJob({ id: 'j', status: 'completed', urls: { ...base, image_480: 'https://cdn.test/u/c/wave-0000-480.png', icon_2: 'https://cdn.test/u/c/icon.png' } })!;
    expect(job.urls['image@480']).toBe('https://cdn.test/u/c/wave-0000-480.png');
    expect(job.urls.image_480).toBeUndefined();
    expect(job.urls.icon_2).toBe('https://cdn.test/u/c/icon.png');
  });

  it('a URL that cannot be told apart is left out (the tool then makes that size itself); nothing is invented', () => {
    const job = readSubmitted({ urls: base, sizes: { 480: 'https://cdn.test/u/c/x-480.png', 9999: { image: 'https://cdn.test/big.png' }, 360: { image: 42 } } });
    expect(Object.keys(job.urls).sort()).toEqual(['image', 'transparent_image', 'webm']);
  });
});
