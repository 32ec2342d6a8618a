/** Messages a person can act on for the API's refusals. */
import type { ApiError } from '../api/errors.js';
import type { AssetKind } from '../model/manifest.js';

/** A message a person can act on for an API refusal. */
export function describeApiError(err: ApiError, kind?: AssetKind): string {
  const d = err.details;
  switch (err.status) {
    case 402:
      return `not enough credits: this needs ${String(d.required ?? '?')} and the balance is ${String(d.balance ?? '?')}; top up or lower the work (--only)`;
    case 403:
      if (d.required_plan) {
        const what = kind === 'logo' ? 'logo packs need' : 'this needs';
        return `${what} the ${String(d.required_plan)} plan${d.plan ? `; this key's plan is ${String(d.plan)}` : ''}`;
      }
      // Not every server names the plan: for a logo pack the documented reason is the plan.
      return kind === 'logo' ? `logo packs need the pro plan or higher (the API refused: ${err.message})` : `forbidden: ${err.message}`;
    case 401:
      return 'the API key was refused (401): check MASKO_API_KEY';
    default:
      return `${err.message}${d.field ? ` (field ${String(d.field)})` : ''}`;
  }
}
