import { z } from "zod";

/** Starts the message of an unknown-key issue; what follows is the allowed keys, comma-separated. */
export const ALLOWED_FIELDS = "allowed fields here: ";

/**
 * A strict object whose unknown-key error lists the allowed fields, so a typo such as `pakage:`
 * is reported with the right spelling next to it (zod-issues.ts adds the "did you mean").
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `${ALLOWED_FIELDS}${allowed}` : undefined,
  });
}
