// Prints "N passed, N failed" (and skipped) from vitest's JSON report; exits 1 on failures or no tests.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log('0 passed, 1 failed');
  console.error(`ci: no vitest JSON report at ${file}: ${err.message}`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that failed with no failing test in it (it did not load, or a hook failed) counts as one failure.
// numFailedTestSuites cannot serve: it counts describe blocks too, so one failed test inside a describe
// was reported as two failures.
const failed = (report.numFailedTests ?? 0) + countFilesFailedOutsideTests(report);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function countFilesFailedOutsideTests(r) {
  return (r.testResults ?? []).filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}
