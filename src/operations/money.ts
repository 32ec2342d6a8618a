/** Money checks before anything is spent: the budget, the balance, and plan gating. */
import type { CreditsView } from '../api/views.js';
import type { Manifest } from '../model/manifest.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { plural } from './words.js';

const LOGO_PLANS = new Set(['pro', 'business']);

/** Refuses (exit 5) a plan whose estimate is over --max-credits or the manifest's budget. */
export function checkBudget(plan: Plan, manifest: Manifest, maxCredits: number | undefined): void {
  const estimate = plan.summary.credits;
  const limits: Array<[number, string]> = [];
  if (maxCredits !== undefined) limits.push([maxCredits, '--max-credits']);
  if (manifest.budget !== undefined) limits.push([manifest.budget, 'the manifest budget']);
  for (const [limit, what] of limits) {
    if (estimate > limit) {
      throw new OperationError(
        `over budget: this sync would spend an estimated ${plural(estimate, 'credit')} and ${what} allows ${limit}. Nothing was submitted. ` +
          `Raise the limit, or sync part of it with --only.`,
        ExitCode.overBudget,
      );
    }
  }
}

/** Refuses (exit 5) when the balance cannot pay the estimate (a server that reports no balance is not checked here). */
export function checkBalance(plan: Plan, credits: CreditsView): void {
  if (credits.balance !== undefined && plan.summary.credits > credits.balance) {
    throw new OperationError(
      `not enough credits: this sync needs an estimated ${plan.summary.credits} and the balance is ${credits.balance}. Nothing was submitted. Top up, or sync part of it with --only.`,
      ExitCode.overBudget,
    );
  }
}

/**
 * Steps this key's plan cannot pay for (logo packs need pro or higher), with the message to show.
 * An unknown plan is no reason to refuse: the API's own 403 then decides.
 */
export function gatedSteps(plan: Plan, credits: CreditsView): Array<{ step: PlanStep; message: string }> {
  if (credits.plan === undefined || LOGO_PLANS.has(credits.plan)) return [];
  return plan.waves
    .flat()
    .filter((s) => s.kind === 'logo' && (s.action === 'create' || s.action === 'regenerate'))
    .map((step) => ({ step, message: `logo packs need the pro plan; this key's plan is ${credits.plan}` }));
}
