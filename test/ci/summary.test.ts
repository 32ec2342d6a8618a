import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const SUMMARY = join(import.meta.dirname, '..', '..', '.ci', 'summary.mjs');

async function summarise(report: unknown): Promise<{ line: string; code: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'masko-ci-summary-'));
  try {
    const file = join(dir, 'report.json');
    await writeFile(file, JSON.stringify(report));
    const r = await run(process.execPath, [SUMMARY, file]).then(
      (ok) => ({ stdout: ok.stdout, code: 0 }),
      (err: { stdout: string; code: number }) => ({ stdout: err.stdout, code: err.code }),
    );
    return { line: r.stdout.trim(), code: r.code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const passing = (n: number) => Array.from({ length: n }, () => ({ status: 'passed' }));

describe('.ci/summary.mjs', () => {
  test('one failed test inside a describe block counts once, though vitest counts the block and its file as failed suites', async () => {
    const r = await summarise({
      numPassedTests: 3,
      numFailedTests: 1,
      numFailedTestSuites: 2,
      testResults: [
        { status: 'failed', assertionResults: [...passing(1), { status: 'failed' }] },
        { status: 'passed', assertionResults: passing(2) },
      ],
    });
    expect(r).toEqual({ line: '3 passed, 1 failed', code: 1 });
  });

  test('a file that failed to load counts as a failure though no test in it ran', async () => {
    const r = await summarise({
      numPassedTests: 2,
      numFailedTests: 0,
      numFailedTestSuites: 1,
      testResults: [
        { status: 'failed', assertionResults: [] },
        { status: 'passed', assertionResults: passing(2) },
      ],
    });
    expect(r).toEqual({ line: '2 passed, 1 failed', code: 1 });
  });

  test('all passing exits 0; skipped tests are shown; no report at all is a failure', async () => {
    expect(await summarise({ numPassedTests: 4, numFailedTests: 0, numPendingTests: 1, testResults: [{ status: 'passed', assertionResults: passing(4) }] })).toEqual({
      line: '4 passed, 0 failed, 1 skipped',
      code: 0,
    });
    const missing = await run(process.execPath, [SUMMARY, join(tmpdir(), 'masko-no-such-report.json')]).catch((err: { stdout: string; code: number }) => err);
    expect(missing).toMatchObject({ stdout: '0 passed, 1 failed\n', code: 1 });
  });
});
