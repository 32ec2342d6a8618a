/** The fixed exit-code table (../shared/spec/masko-sync.md). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  changesPending: 2,
  partial: 3,
  invalid: 4,
  overBudget: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
