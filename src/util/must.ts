/**
 * Returns `value`, or throws naming what was missing. For facts the validation has already
 * guaranteed (a planned VM's template, an isolated customer's bridge): reaching the throw is a bug
 * in the program, never a problem with the customer files.
 */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`internal error: ${what} is missing`);
  return value;
}
