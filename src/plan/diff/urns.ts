import { PROTECTED_KINDS } from "../../guard/preview-guard.js";
import type { RecordedResource } from "../mock-engine.js";

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN the real engine gives a recorded resource: `urn:pulumi:<stack>::<project>::` then the
 * types of its ancestors and its own, joined by `$`, then `::<name>`. (The mock engine's URNs
 * carry only the parent's own type, so they are rebuilt from the parent chain.)
 */
export function realUrn(
  resource: RecordedResource,
  byUrn: ReadonlyMap<string, RecordedResource>,
  stack: string,
  project: string,
): string {
  const types: string[] = [];
  for (let r: RecordedResource | undefined = resource; r; r = byUrn.get(r.parentUrn)) {
    if (r.type !== STACK_TYPE) types.unshift(r.type);
  }
  return `urn:pulumi:${stack}::${project}::${types.join("$")}::${resource.name}`;
}

/** `urn:…::proxmoxve::<id>` (a provider reference) → the provider's URN. */
export const providerUrn = (reference: string) =>
  reference.includes("::") ? reference.slice(0, reference.lastIndexOf("::")) : reference;

/** The project name inside a URN. */
export const urnProject = (urn: string) => urn.split("::")[1] ?? "";

/** Resources whose deletion or replacement the guard refuses: what offboarding must `--allow`. */
export const GUARDED_TYPES = Object.keys(PROTECTED_KINDS);

/** The ancestors-and-self chain, outermost first. */
export function ancestry(
  resource: RecordedResource,
  byUrn: ReadonlyMap<string, RecordedResource>,
): RecordedResource[] {
  const chain: RecordedResource[] = [];
  for (let r: RecordedResource | undefined = resource; r; r = byUrn.get(r.parentUrn)) {
    if (r.type !== STACK_TYPE) chain.unshift(r);
  }
  return chain;
}
