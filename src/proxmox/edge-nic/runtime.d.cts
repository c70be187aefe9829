import type * as pulumi from "@pulumi/pulumi";

/** The edge VM's NIC on one isolated bridge. */
export interface EdgeNicSpec {
  node: string;
  vmid: number;
  /** net0..net31 */
  slot: string;
  mac: string;
  bridge: string;
  /** slots the project must never write (the uplink and hosting:edge.reservedSlots) */
  reservedSlots: string[];
}
export interface ParsedNic {
  model: string;
  mac: string;
  bridge?: string;
  firewall: boolean;
}
export interface PveConfigApi {
  getConfig(node: string, vmid: number): Promise<Record<string, string>>;
  putConfig(node: string, vmid: number, params: Record<string, string>): Promise<void>;
}
export interface RetryPolicy {
  attempts: number;
  delayMs: number;
}
export type DeleteOutcome = "deleted" | "already-gone" | "foreign-left-alone";

export declare function parseNic(value: string): ParsedNic | undefined;
export declare function formatNic(spec: { mac: string; bridge: string }): string;
export declare class PveApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string);
}
export declare class HttpPveApi implements PveConfigApi {
  constructor(options: { endpoint: string; apiToken: string; ca?: string });
  getConfig(node: string, vmid: number): Promise<Record<string, string>>;
  putConfig(node: string, vmid: number, params: Record<string, string>): Promise<void>;
}
export declare const DEFAULT_RETRY: RetryPolicy;
export declare function createEdgeNic(
  api: PveConfigApi,
  spec: EdgeNicSpec,
  policy?: RetryPolicy,
): Promise<ParsedNic>;
export declare function readEdgeNic(
  api: PveConfigApi,
  spec: EdgeNicSpec,
): Promise<ParsedNic | undefined>;
export declare function deleteEdgeNic(
  api: PveConfigApi,
  spec: EdgeNicSpec,
  policy?: RetryPolicy,
): Promise<DeleteOutcome>;
export declare const edgeNicProvider: pulumi.dynamic.ResourceProvider;
