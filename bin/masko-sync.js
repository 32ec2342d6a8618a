#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm install` through the prepare script).
// Downloads, hashing and lock writes share libuv's pool: more threads keep lock writes from queueing behind downloads.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../dist/cli/main.js');

main(process.argv.slice(2)).then(leave, (err) => {
  console.error(err);
  leave(1);
});

// Leaving with process.exit rather than letting the loop drain: on a natural exit Node closes its signal
// handles before tearing the heap down, and a Ctrl-C in that window killed the process by the signal
// instead of exiting with the documented code (seen in CI as "exit SIGINT" after a second Ctrl-C).
// The empty writes wait until what is already written has been flushed: piped stdout is asynchronous
// on macOS, and process.exit would cut a long --json answer short.
function leave(code) {
  process.exitCode = code;
  let open = 2;
  const flushed = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}
