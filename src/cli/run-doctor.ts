/** `doctor`: runs the doctor operation and prints its table (or JSON); exit 1 when a check failed. */
import type { DoctorReport } from '../doctor/diagnose-api.js';
import { doctor } from '../operations/doctor.js';
import { ExitCode } from '../operations/exit-codes.js';
import type { CliContext } from './context.js';
import { operationContext } from './operation-context.js';
import { plural } from './output.js';

/** Runs `doctor` and returns its exit code. */
export async function runDoctor(ctx: CliContext, flags: { file?: string; json: boolean; emulator: boolean }): Promise<number> {
  const report = await doctor(operationContext(ctx), { ...(flags.file !== undefined ? { file: flags.file } : {}), emulator: flags.emulator });
  if (flags.json) ctx.stdout(JSON.stringify({ event: 'doctor', ...report }) + '\n');
  else ctx.stderr(renderReport(report));
  return report.ok ? ExitCode.ok : ExitCode.failure;
}

function renderReport(r: DoctorReport): string {
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const lines = [`masko-sync doctor: ${r.api_url}`, ...r.checks.map((c) => `  ${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`)];
  const problems = r.checks.filter((c) => c.status === 'fail').length;
  lines.push(problems === 0 ? `No problems; the answers look like the "${r.dialect}" variant. Nothing was spent.` : `${plural(problems, 'problem')}. Nothing was spent.`);
  return lines.join('\n') + '\n';
}
