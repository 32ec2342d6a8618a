/** Counted words, the one plural rule for everything masko-sync says. */

/** `1 credit`, `2 credits`, `0 credits`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `2 errors, 1 warning`: how validate, plan and sync count a manifest's diagnostics. */
export function diagnosticCounts(severities: readonly string[]): string {
  const errors = severities.filter((s) => s === 'error').length;
  const warnings = severities.length - errors;
  return [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
}
