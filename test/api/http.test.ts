import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MaskoClient } from '../../src/api/client.js';
import { ApiError, TransportError, UnreadableAnswerError, WaitTooLongError } from '../../src/api/errors.js';
import { parseRetryAfter, retryDelay } from '../../src/api/backoff.js';

type Handler = (req: IncomingMessage, body: string) => { status: number; body?: unknown; headers?: Record<string, string>; drop?: boolean };
let handler: Handler;
const seen: Array<{ method: string; url: string; key?: string; auth?: string; body: string }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization, body });
      const out = handler(req, body);
      if (out.drop) return void req.socket.destroy();
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => void (seen.length = 0));

const client = () =>
  new MaskoClient({ baseUrl: base, apiKey: 'masko_' + 'a'.repeat(64), backoff: { baseMs: 1, maxMs: 5, random: () => 0 }, maxAttempts: 4 });

const credits = { balance: 10, plan: 'pro', subscription_credits: 10, topup_credits: 0 };

describe('MaskoClient over HTTP', () => {
  it('accepts the data envelope and bare objects', async () => {
    handler = () => ({ status: 200, body: { data: credits } });
    expect(await client().credits()).toEqual({ balance: 10, plan: 'pro' });
    handler = () => ({ status: 200, body: credits });
    expect(await client().credits()).toEqual({ balance: 10, plan: 'pro' });
    expect(seen[0]!.auth).toBe('Bearer masko_' + 'a'.repeat(64));
  });

  it('retries 429 (honouring Retry-After), 5xx and dropped connections on GET', async () => {
    let n = 0;
    handler = () => {
      n++;
      if (n === 1) return { status: 429, body: { error: { code: 'rate_limited', message: 'slow down' } }, headers: { 'retry-after': '0' } };
      if (n === 2) return { status: 503, body: { error: { code: 'internal_error', message: 'busy' } } };
      if (n === 3) return { status: 0, drop: true };
      return { status: 200, body: { data: credits } };
    };
    expect(await client().credits()).toEqual({ balance: 10, plan: 'pro' });
    expect(n).toBe(4);
  });

  it('never retries a POST whose connection dropped once it was sent: its outcome is unknown', async () => {
    handler = () => ({ status: 0, drop: true });
    const err = await client().generateBatch('col', [{ type: 'image', name: 'A', image_prompt: 'p' }], 'key-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).delivery).toBe('maybe');
    expect(seen).toHaveLength(1);
  });

  it('never retries a POST answered 5xx (it may have been processed), but retries one refused with 429', async () => {
    handler = () => ({ status: 503, body: { error: { code: 'internal_error', message: 'busy' } } });
    await expect(client().generateBatch('col', [{ type: 'image', name: 'A', image_prompt: 'p' }], 'k')).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
    seen.length = 0;
    let n = 0;
    handler = () => (++n === 1 ? { status: 429, body: { error: { code: 'rate_limited', message: 'slow' } }, headers: { 'retry-after': '0' } } : { status: 202, body: { data: { jobs: [{ job_id: 'j', item_id: 'i', asset_ids: {}, urls: {} }] } } });
    const jobs = await client().generateBatch('col', [{ type: 'image', name: 'A', image_prompt: 'p' }], 'k2');
    expect(jobs[0]!.jobId).toBe('j');
    expect(seen.map((s) => s.key)).toEqual(['k2', 'k2']);
  });

  it('retries a POST whose connection was refused: nothing reached the server', async () => {
    const dead = new MaskoClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'masko_' + 'a'.repeat(64), backoff: { baseMs: 1, maxMs: 2, random: () => 0 }, maxAttempts: 3 });
    let retries = 0;
    const counting = new MaskoClient({ baseUrl: 'http://127.0.0.1:1', backoff: { baseMs: 1, maxMs: 2, random: () => 0 }, maxAttempts: 3, onRetry: () => void retries++ });
    await expect(dead.generateBatch('c', [{ type: 'image' }], 'k')).rejects.toMatchObject({ delivery: 'no' });
    await expect(counting.generateBatch('c', [{ type: 'image' }], 'k')).rejects.toBeInstanceOf(TransportError);
    expect(retries).toBe(2);
  });

  it('an unknown host fails at once, naming it, without retries', async () => {
    let retries = 0;
    const c = new MaskoClient({ baseUrl: 'https://no-such-host.invalid', maxAttempts: 5, onRetry: () => void retries++ });
    const err = (await c.credits().catch((e: unknown) => e)) as TransportError;
    expect(err).toBeInstanceOf(TransportError);
    expect(err.message).toMatch(/cannot resolve the host no-such-host\.invalid/);
    expect(retries).toBe(0);
  });

  it('a Retry-After over the cap stops at once with a clear message instead of sleeping for it', async () => {
    handler = () => ({ status: 429, body: { error: { code: 'rate_limited', message: 'come back tomorrow' } }, headers: { 'retry-after': '86400' } });
    const started = Date.now();
    const err = (await client().credits().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(WaitTooLongError);
    expect(err.message).toMatch(/wait 86400 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(seen).toHaveLength(1);
  });

  it('removes the API key from what an error answer echoes', async () => {
    handler = (req) => ({ status: 400, body: { error: { code: 'bad_request', message: `bad header: ${req.headers.authorization}` } } });
    const err = (await client().credits().catch((e: unknown) => e)) as ApiError;
    expect(err.message).not.toContain('a'.repeat(64));
    expect(err.message).toMatch(/redacted/);
  });

  it('never retries a POST that has no idempotency key', async () => {
    handler = () => ({ status: 0, drop: true });
    await expect(client().preview('col', 'a prompt')).rejects.toBeInstanceOf(TransportError);
    expect(seen).toHaveLength(1);
  });

  it('turns error bodies into ApiError with their details, without retrying 4xx', async () => {
    handler = () => ({ status: 402, body: { error: { code: 'insufficient_credits', message: 'no', required: 21, balance: 3 } } });
    const err = (await client().credits().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(402);
    expect(err.code).toBe('insufficient_credits');
    expect(err.details).toMatchObject({ required: 21, balance: 3 });
    expect(seen).toHaveLength(1);
  });

  it('gives up after the last attempt with the last error', async () => {
    handler = () => ({ status: 500, body: { error: { code: 'internal_error', message: 'down' } } });
    await expect(client().credits()).rejects.toMatchObject({ status: 500 });
    expect(seen).toHaveLength(4);
  });

  it('rejects a batch answer that does not match the request', async () => {
    handler = () => ({ status: 202, body: { data: { jobs: [], total_cost_credits: 0 } } });
    await expect(client().generateBatch('c', [{ type: 'image' }], 'k')).rejects.toBeInstanceOf(UnreadableAnswerError);
    await expect(client().generateBatch('c', [{ type: 'image' }], 'k')).rejects.toThrow(/lists 0 jobs for 1 requests/);
  });

  it('records open asset keys under a file-safe spelling and never invents a missing job id', async () => {
    handler = () => ({ status: 202, body: { data: { jobs: [{ job_id: 'j', item_id: 'i', asset_ids: { 'icon@2x': 'a1', image: 'a2' }, urls: { 'icon@2x': 'https://assets.masko.ai/x.png', image: 'https://assets.masko.ai/y.png', bad: 7 } }], total_cost_credits: 1 } } });
    const res = await client().generateBatch('c', [{ type: 'logo' }], 'k2');
    expect(res[0]!.assetIds).toEqual({ icon_2x: 'a1', image: 'a2' });
    expect(res[0]!.urls).toEqual({ icon_2x: 'https://assets.masko.ai/x.png', image: 'https://assets.masko.ai/y.png' });
    handler = () => ({ status: 202, body: { data: { jobs: [{ item_id: 'i', asset_ids: {}, urls: {} }], total_cost_credits: 1 } } });
    const [job] = await client().generateBatch('c', [{ type: 'image' }], 'k3');
    expect(job!.jobId).toBeUndefined();
    expect(job).not.toHaveProperty('jobId');
  });

  it('asks for a long poll with wait=true', async () => {
    handler = () => ({ status: 200, body: { data: { id: 'j', item_id: 'i', status: 'completed', asset_ids: {}, urls: {} } } });
    await client().getJob('j', { wait: true });
    expect(seen[0]!.url).toBe('/v1/jobs/j?wait=true&timeout=25');
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter, capped, and never undercuts Retry-After', () => {
    const opts = { baseMs: 100, maxMs: 1000, random: () => 1 };
    expect(retryDelay(1, opts)).toBe(100);
    expect(retryDelay(3, opts)).toBe(400);
    expect(retryDelay(10, opts)).toBe(1000);
    expect(retryDelay(1, { ...opts, random: () => 0 })).toBe(50);
    expect(retryDelay(1, opts, 5000)).toBe(5000);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
