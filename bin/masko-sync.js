#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (in the published package; in a clone, `npm run build` makes it).
import { setImmediate } from 'node:timers';
// Downloads, hashing and lock writes share libuv's pool: more threads keep lock writes from queueing behind downloads.
process.env.UV_THREADPOOL_SIZE ??= '16';

// A stdout that cannot be written (a full disk: `plan --json > plan.json`) fails the command at the
// end, with a message, instead of crashing it on an unhandled 'error' event in the middle of a run.
// A reader that went away (`| head`) is no failure, nor is a stderr that cannot take the messages.
let outputError;
const noteError = (counts) => (err) => {
  if (counts && err.code !== 'EPIPE') outputError ??= err;
};
process.stdout.on('error', noteError(true));
process.stderr.on('error', noteError(false));

const { main } = await import('../dist/cli/main.js').catch((err) => {
  // A clone of the repository before its first build: say what to run instead of a module stack.
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !/[\\/]dist[\\/]cli[\\/]main\.js/.test(String(err.message))) throw err;
  process.stderr.write('error: masko-sync is not built: dist/cli/main.js is missing. In a clone of its repository, run `npm run build` first.\n');
  process.exit(1);
});

main(process.argv.slice(2)).then(leave, (err) => {
  console.error(err);
  leave(1);
});

// Leaving with process.exit rather than letting the loop drain: on a natural exit Node closes its signal
// handlers before tearing the heap down, and a Ctrl-C in that window killed the process by the signal
// instead of exiting with the documented code (seen in CI as "exit SIGINT" after a second Ctrl-C).
// The empty writes wait until what is already written has been flushed: piped stdout is asynchronous
// on macOS, and process.exit would cut a long --json answer short.
function leave(code) {
  process.exitCode = code;
  let open = 2;
  const flushed = (counts) => (err) => {
    if (err) noteError(counts)(err);
    if (--open > 0) return;
    if (!outputError) process.exit(code);
    process.stderr.write(`error: could not write the output: ${outputError.message}\n`, () => process.exit(code === 0 ? 1 : code));
  };
  flush(process.stdout, flushed(true));
  flush(process.stderr, flushed(false));
}

// With nothing waiting to be written there is nothing to wait for, and no empty write: a device such as
// /dev/full refuses even zero bytes (`validate > /dev/full`, with nothing to say on stdout, failed).
// One turn of the loop first, so the 'error' of a write that has just ended is delivered.
function flush(stream, done) {
  if (stream.writableLength === 0) setImmediate(done);
  else stream.write('', done);
}
