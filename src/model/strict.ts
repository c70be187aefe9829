import { z } from "zod";

/**
 * A strict object whose unknown-key error lists the allowed fields, so a typo such as `pakage:`
 * is reported with the right spelling next to it.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `allowed fields here: ${allowed}` : undefined,
  });
}
