/**
 * `doctor`: a free, read-only look at the configured API. It reads credits, lists, a job and a CDN
 * file, and sends two batch bodies every server must refuse (empty lists) to learn which body key
 * it takes. It never generates, and reports what the answers look like so a person can tell which
 * documented variant of the API they are talking to.
 */
import type { MaskoClient } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { isEnveloped, isObj, listOf, readCredits, readJob, unwrap } from '../api/read-wire.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** The documented variants the answers can look like (the emulator's dialects are named after them). */
export type DialectGuess = 'reference' | 'docs' | 'docs-legacy' | 'seed' | 'minimal' | 'unknown';

export interface DoctorReport {
  api_url: string;
  ok: boolean;
  dialect: DialectGuess;
  batch_body_key?: 'items' | 'requests';
  balance?: number;
  plan?: string;
  checks: DoctorCheck[];
}

export interface DiagnoseOptions {
  apiUrl: string;
  client: MaskoClient;
  /** A collection to probe (from the lock or the manifest); else the first one listed. */
  collection?: string;
  /** Downloads a URL's headers: status and the headers that matter (injected: the outputs adapter). */
  headUrl?: (url: string) => Promise<{ status: number; headers: Record<string, string | undefined> }>;
  /** Headers seen on API answers so far (rate-limit headers). */
  answerHeaders?: () => Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** Runs every check; never throws for what the server answers (a failed check says it). */
export async function diagnoseApi(o: DiagnoseOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (name: string, status: CheckStatus, detail: string) => void checks.push({ name, status, detail });
  const report: DoctorReport = { api_url: o.apiUrl, ok: false, dialect: 'unknown', checks };

  let creditsJson: unknown;
  try {
    creditsJson = (await o.client.raw('/v1/credits', { signal: o.signal })).json;
    add('key', 'ok', 'the key was accepted (GET /v1/credits)');
  } catch (err) {
    add('key', 'fail', err instanceof ApiError && err.status === 401 ? 'the key was refused (401): check MASKO_API_KEY' : `GET /v1/credits failed: ${(err as Error).message}`);
    return finish(report);
  }
  const credits = readCredits(creditsJson);
  if (credits.balance !== undefined) {
    report.balance = credits.balance;
    add('balance', 'ok', `${credits.balance} credits`);
  } else add('balance', 'warn', 'the answer carries no balance the tool knows (balance, credits, or the two pools): budgets are checked, the balance is not');
  if (credits.plan !== undefined) {
    report.plan = credits.plan;
    add('plan', 'ok', credits.plan);
  } else add('plan', 'warn', 'the answer names no plan: logo packs are sent and the API decides (403 below pro)');

  const projects = await o.client.raw('/v1/projects', { query: { limit: 1 }, signal: o.signal }).catch(() => undefined);
  const enveloped = isEnveloped(creditsJson) && (projects === undefined || isEnveloped(projects.json));
  add('envelope', 'ok', enveloped ? 'answers come as {data, meta}' : 'answers come as bare objects (older pages)');

  const collection = o.collection ?? (await firstCollection(o));
  const batchKey = collection ? await probeBatchKey(o, collection) : undefined;
  if (batchKey) {
    report.batch_body_key = batchKey.key;
    add('batch_key', 'ok', `generate-batch takes "${batchKey.key}"${batchKey.alias ? ' (and the other as an alias)' : ' only'}`);
  } else add('batch_key', 'skip', collection ? 'the empty-batch probe was not conclusive' : 'no collection to probe yet (the first sync creates one)');

  const job = collection ? await firstJob(o, collection) : undefined;
  const jobFields = job ? Object.keys(job) : [];
  if (job) add('job_view', 'ok', `a job view has: ${jobFields.sort().join(', ')}`);
  else add('job_view', 'skip', 'no job in the collection yet');
  if (job) await checkLongPoll(o, String(job.id), add);
  else add('long_poll', 'skip', 'no job to wait on');
  const url = job ? firstUrl(job) : undefined;
  if (url && o.headUrl) await checkCdn(o, url, add);
  else add('cdn', 'skip', 'no file URL to check yet');
  const headers = o.answerHeaders?.() ?? {};
  const limit = headers['x-ratelimit-limit'] ?? headers['x-ratelimit-remaining'];
  add('rate_limit', limit ? 'ok' : 'warn', limit ? `X-RateLimit-Remaining ${headers['x-ratelimit-remaining'] ?? '?'}, reset ${headers['x-ratelimit-reset'] ?? '?'}` : 'no X-RateLimit-* headers: the documented 60/min, 1,000/h are assumed');
  add('idempotency', 'ok', 'not relied on: an unknown outcome is settled by listing jobs, never by sending again');
  report.dialect = guessDialect({ enveloped, credits, creditsJson, batchKey, jobFields });
  add('dialect', report.dialect === 'unknown' ? 'warn' : 'ok', `the answers look like the "${report.dialect}" variant`);
  return finish(report);
}

function finish(report: DoctorReport): DoctorReport {
  report.ok = report.checks.every((c) => c.status !== 'fail');
  return report;
}

async function firstCollection(o: DiagnoseOptions): Promise<string | undefined> {
  const res = await o.client.raw('/v1/collections', { query: { limit: 1 }, signal: o.signal }).catch(() => undefined);
  const first = res ? listOf(res.json, ['collections']).items[0] : undefined;
  return isObj(first) && typeof first.id === 'string' ? first.id : undefined;
}

async function firstJob(o: DiagnoseOptions, collection: string): Promise<Record<string, unknown> | undefined> {
  const res = await o.client.raw('/v1/jobs', { query: { collection_id: collection, limit: 1 }, signal: o.signal }).catch(() => undefined);
  const first = res ? listOf(res.json, ['jobs']).items[0] : undefined;
  return isObj(first) ? first : undefined;
}

/** Two bodies every server must refuse (no generations): which key it names tells which it takes. */
async function probeBatchKey(o: DiagnoseOptions, collection: string): Promise<{ key: 'items' | 'requests'; alias: boolean } | undefined> {
  const path = `/v1/collections/${encodeURIComponent(collection)}/generate-batch`;
  const refusal = async (key: string): Promise<'unknown-field' | 'refused' | 'accepted' | 'error'> => {
    try {
      await o.client.rawPost(path, { [key]: [] }, o.signal);
      return 'accepted';
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 400) return 'error';
      const field = typeof err.details.field === 'string' ? err.details.field : '';
      return (field === key || err.message.includes(key)) && /unknown|not allowed|use /i.test(err.message) ? 'unknown-field' : 'refused';
    }
  };
  const [items, requests] = [await refusal('items'), await refusal('requests')];
  if (items === 'refused' && requests === 'refused') return { key: 'items', alias: true };
  if (items === 'refused' && requests === 'unknown-field') return { key: 'items', alias: false };
  if (requests === 'refused' && items === 'unknown-field') return { key: 'requests', alias: false };
  return undefined;
}

async function checkLongPoll(o: DiagnoseOptions, jobId: string, add: (n: string, s: CheckStatus, d: string) => void): Promise<void> {
  const started = Date.now();
  try {
    const res = await o.client.raw(`/v1/jobs/${encodeURIComponent(jobId)}`, { query: { wait: 'true', timeout: 1 }, signal: o.signal });
    const job = readJob(res.json);
    add('long_poll', job ? 'ok' : 'warn', job ? `?wait=true answered in ${Date.now() - started} ms (job ${job.status})` : 'the answer to ?wait=true is not a job view');
  } catch (err) {
    add('long_poll', 'warn', `?wait=true failed: ${(err as Error).message}; jobs are then polled`);
  }
}

async function checkCdn(o: DiagnoseOptions, url: string, add: (n: string, s: CheckStatus, d: string) => void): Promise<void> {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    return add('cdn', 'fail', `the file URL ${url} is not a URL`);
  }
  try {
    const res = await o.headUrl!(url);
    const status = res.headers['x-masko-asset-status'];
    add('cdn', res.status === 200 ? 'ok' : 'warn', `${host} answered ${res.status}${res.headers.etag ? ', with an ETag' : ''}${status ? `, X-Masko-Asset-Status: ${status}` : ', no placeholder header (placeholders are recognised by their bytes)'}`);
  } catch (err) {
    add('cdn', 'fail', `${host}: ${(err as Error).message}`);
  }
}

function firstUrl(job: Record<string, unknown>): string | undefined {
  const urls = job.urls;
  if (!isObj(urls)) return undefined;
  const first = Object.values(urls).find((v) => typeof v === 'string');
  return typeof first === 'string' ? first : undefined;
}

function guessDialect(a: { enveloped: boolean; credits: ReturnType<typeof readCredits>; creditsJson: unknown; batchKey?: { key: string; alias: boolean }; jobFields: string[] }): DialectGuess {
  if (!a.enveloped) return 'docs-legacy';
  const data = unwrap(a.creditsJson);
  if (isObj(data) && Object.keys(data).length === 0) return 'minimal';
  if (a.credits.plan === undefined) return 'docs';
  if (a.batchKey && !a.batchKey.alias && a.batchKey.key === 'items') return 'seed';
  if (a.batchKey?.key === 'requests') return 'docs';
  return a.batchKey ? 'reference' : 'unknown';
}
