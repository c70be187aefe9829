import * as pulumi from "@pulumi/pulumi";
import type { EdgeNicSpec } from "../proxmox/edge-nic/runtime.cjs";

// Loaded with Node's own require so the provider's code can be serialised (see runtime.cjs).
const { edgeNicProvider } =
  require("../proxmox/edge-nic/runtime.cjs") as typeof import("../proxmox/edge-nic/runtime.cjs");

/** The edge VM's NIC on one isolated bridge (net<N-9>, project MAC, firewall=0). */
export class EdgeNic extends pulumi.dynamic.Resource {
  public readonly slot!: pulumi.Output<string>;
  public readonly mac!: pulumi.Output<string>;

  constructor(name: string, spec: EdgeNicSpec, opts?: pulumi.CustomResourceOptions) {
    super(edgeNicProvider, name, { ...spec }, opts, "lightspeedup", "EdgeNic");
  }
}
