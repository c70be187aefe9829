import { closest, distance } from "fastest-levenshtein";

/**
 * The allowed spelling closest to a mistyped one, when it is close enough to be a typo (at most a
 * third of the longer name's letters differ); undefined otherwise.
 */
export function didYouMean(typed: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(
    typed.toLowerCase(),
    allowed.map((a) => a.toLowerCase()),
  );
  const index = allowed.findIndex((a) => a.toLowerCase() === best);
  const limit = Math.max(1, Math.floor(Math.max(typed.length, best.length) / 3));
  return distance(typed.toLowerCase(), best) <= limit ? allowed[index] : undefined;
}
