/** Counted words, the one plural rule for everything masko-sync says. */

/** `1 credit`, `2 credits`, `0 credits`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
