/** `--only`: keep the named assets and everything they depend on (pure). */
import type { Plan, PlanStep } from '../model/plan.js';
import { summarize } from './build-plan.js';

/** Restricts a plan to `ids` and their transitive dependencies; unknown ids are returned for an error. */
export function selectOnly(plan: Plan, ids: string[]): { plan: Plan; unknown: string[] } {
  const byId = new Map<string, PlanStep>(plan.waves.flat().map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    const step = byId.get(id);
    if (!step) return;
    keep.add(id);
    step.depends_on.forEach(visit);
  };
  ids.forEach(visit);
  // A transition's reverse clip is made by the same job: it goes where its transition goes.
  for (const step of byId.values()) if (step.kind === 'reverse' && step.depends_on.some((d) => keep.has(d))) keep.add(step.id);
  const waves = plan.waves.map((w) => w.filter((s) => keep.has(s.id))).filter((w) => w.length > 0);
  return { plan: { ...plan, summary: summarize(waves), waves }, unknown };
}
