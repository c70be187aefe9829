import type * as pulumi from "@pulumi/pulumi";

/**
 * Lean registrations. A provider's resource class hands the SDK every property of its schema (a
 * `VmLegacy` 122, nearly all unset) and the SDK builds an Output with its promises for each one,
 * so an unset property costs as much as a set one: in a plan of 1,000 customers that was most of
 * the time. The engine never receives unset properties (the SDK drops undefined inputs before it
 * registers), so leaving them out of the registration changes nothing the engine sees; the program
 * only loses JavaScript outputs it never reads. The outputs it does read are listed below, and
 * test/program/lean-registration.test.ts proves the registrations and stack outputs are the same
 * with and without this transformation.
 */

/** Output-only properties the program reads, by resource type. Add one before reading it. */
export const OUTPUTS_READ: Readonly<Record<string, readonly string[]>> = {
  "command:remote:Command": ["stdout"],
};

/** Keeps every property that has a value, and the listed outputs of its type. */
export function leanProperties(type: string, props: pulumi.Inputs): pulumi.Inputs {
  const read = OUTPUTS_READ[type] ?? [];
  const lean: pulumi.Inputs = {};
  for (const [key, value] of Object.entries(props)) {
    if (value !== undefined || read.includes(key)) lean[key] = value;
  }
  return lean;
}

/**
 * The transformation every resource of the program inherits from its top-level component (the
 * SDK's synchronous `transformations` option: the only hook that runs before it builds outputs).
 */
export const leanRegistration: pulumi.ResourceTransformation = ({ type, props, opts }) => ({
  props: leanProperties(type, props),
  opts,
});
