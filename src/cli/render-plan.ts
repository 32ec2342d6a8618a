/** Human renderings of a plan and of `explain` (text only; the caller prints). */
import { createColors } from 'picocolors';
import type { Plan, PlanAction, PlanStep } from '../model/plan.js';
import { plural } from './output.js';

/** One symbol per action, so a glance at the left column tells what will happen. */
export const ACTION_SYMBOL: Record<PlanAction, string> = {
  create: '+',
  regenerate: '~',
  resume: '↻',
  rename: '⇄',
  restore: '↓',
  relocate: '→',
  derive: '◇',
  unchanged: '✓',
  orphan: '?',
};

// Always-on colours: whether to use them is the caller's choice (per stream, see output.ts),
// never picocolors' own guess from process.stdout.
const pc = createColors(true);
const COLOR: Record<PlanAction, (s: string) => string> = {
  create: pc.green,
  regenerate: pc.yellow,
  resume: pc.cyan,
  rename: pc.cyan,
  restore: pc.cyan,
  relocate: pc.cyan,
  derive: pc.cyan,
  unchanged: pc.dim,
  orphan: pc.magenta,
};

const SUMMARY_WORDS: Array<[PlanAction, string]> = [
  ['create', 'to create'],
  ['regenerate', 'to regenerate'],
  ['resume', 'to resume'],
  ['rename', 'to rename'],
  ['restore', 'to restore'],
  ['relocate', 'to relocate'],
  ['derive', 'to derive (free, local)'],
  ['unchanged', 'unchanged'],
  ['orphan', 'orphaned (in the lock only; `masko-sync prune` removes them)'],
];

/** One line per asset (symbol, id, action, reason, credits), wave by wave, then the summary line. */
export function renderPlan(plan: Plan, opts: { color: boolean }): string {
  const steps = plan.waves.flat();
  const idWidth = Math.max(0, ...steps.map((s) => s.id.length));
  const lines = steps.flatMap((s) => [renderStep(s, idWidth, opts.color), ...renderConflicts(s, opts.color), ...(s.hint ? [`    hint: ${s.hint}`] : [])]);
  return [...lines, ...renderCollectionLife(plan, opts.color), summaryLine(plan)].join('\n') + '\n';
}

/** Uploads to make and reference changes, one line each (free); current ones are not shown. */
function renderCollectionLife(plan: Plan, color: boolean): string[] {
  const paint = color ? pc.cyan : (x: string) => x;
  const uploads = (plan.uploads ?? []).filter((u) => u.action === 'upload').map((u) => paint(`↑ ${u.source}  upload  ${u.reason} (for ${u.used_by.join(', ')})`));
  const symbol = { add: '+', remove: '-', unchanged: '✓' } as const;
  const refs = (plan.references ?? []).filter((r) => r.action !== 'unchanged').map((r) => paint(`${symbol[r.action]} reference ${r.source}  ${r.action}  ${r.reason}`));
  return [...uploads, ...refs];
}

/** One line per file in the way, under its step. */
function renderConflicts(s: PlanStep, color: boolean): string[] {
  const paint = color ? pc.red : (x: string) => x;
  return (s.conflicts ?? []).map((c) => paint(`    ! conflict: ${c.path}: ${c.reason}`));
}

function renderStep(s: PlanStep, idWidth: number, color: boolean): string {
  const paint = color ? COLOR[s.action] : (x: string) => x;
  const credits = s.credits > 0 ? ` (${plural(s.credits, 'credit')})` : '';
  return paint(`${ACTION_SYMBOL[s.action]} ${s.id.padEnd(idWidth)}  ${s.action.padEnd(10)}  ${s.reason}${credits}`);
}

/** e.g. `2 to create, 1 to regenerate, 9 unchanged; estimated 43 credits`. */
export function summaryLine(plan: Plan): string {
  const parts = [...SUMMARY_WORDS.filter(([a]) => plan.summary[a] > 0).map(([a, words]) => `${plan.summary[a]} ${words}`), ...referenceWords(plan)];
  const conflicts = plan.summary.conflicts ?? 0;
  const blocked = conflicts > 0 ? `; ${plural(conflicts, 'conflict')} (a sync refuses: move the file away, or adopt it with --overwrite <path>)` : '';
  return `${parts.length > 0 ? parts.join(', ') : 'no assets'}; estimated ${plural(plan.summary.credits, 'credit')}${blocked}`;
}

/** The collection's reference changes as summary parts (`2 references to add`, `1 reference to remove`): work a plan does beside its assets. */
export function referenceWords(plan: Pick<Plan, 'references'>): string[] {
  const count = (action: 'add' | 'remove') => (plan.references ?? []).filter((r) => r.action === action).length;
  const parts: string[] = [];
  if (count('add') > 0) parts.push(`${plural(count('add'), 'reference')} to add`);
  if (count('remove') > 0) parts.push(`${plural(count('remove'), 'reference')} to remove`);
  return parts;
}

/** What `explain` shows: the planned inputs next to the recorded ones, field by field. */
export interface Explanation {
  id: string;
  step: PlanStep;
  planned?: { fingerprint: string; inputs: Record<string, unknown> };
  locked?: { fingerprint: string; inputs: Record<string, unknown> };
  changed: string[];
}

/** A table of input fields (manifest vs lock), the differing ones marked, and the resulting action. */
export function renderExplanation(e: Explanation): string {
  const out = [`${e.id}: ${e.step.action}: ${e.step.reason}${e.step.credits > 0 ? ` (${plural(e.step.credits, 'credit')})` : ''}`];
  out.push(`  fingerprint (manifest)  ${e.planned?.fingerprint ?? '—'}`);
  out.push(`  fingerprint (lock)      ${e.locked?.fingerprint ?? '—'}`);
  const fields = [...new Set([...Object.keys(e.planned?.inputs ?? {}), ...Object.keys(e.locked?.inputs ?? {})])].sort();
  if (fields.length > 0) {
    const width = Math.max(...fields.map((f) => f.length));
    const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));
    out.push(`  ${'input'.padEnd(width)}    ${'manifest'}  |  lock`);
    for (const f of fields) {
      const mark = e.changed.includes(f) ? '≠' : ' ';
      out.push(`  ${f.padEnd(width)}  ${mark} ${show(e.planned?.inputs[f])}  |  ${show(e.locked?.inputs[f])}`);
    }
  }
  out.push(e.changed.length > 0 ? `  differs: ${e.changed.join(', ')}` : '  differs: nothing in the fingerprint inputs');
  return out.join('\n') + '\n';
}
