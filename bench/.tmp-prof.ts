import { syncOnce } from './helpers/sync-run.js';
import { DEFAULT_LEVELS } from './helpers/sync-manifest.js';
import { runCli } from './helpers/cli.js';
const r = await syncOnce({ levels: DEFAULT_LEVELS, emulator: { latencyMs: 500, rateLimit: { perMinute: 100_000 } }, args: ['--concurrency', '4'] });
console.log(Math.round(r.wallMs), 'ms; startup', Math.round(r.startupMs), 'tail', Math.round(r.tailMs));
