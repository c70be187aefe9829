import type * as pulumi from "@pulumi/pulumi";
import type { HostingConfig } from "../config/schema.js";
import { sh } from "./shell/quote.js";

/** SSH connection to the edge VM: host key pinned from config, private key a secret. */
export function edgeConnection(config: HostingConfig, privateKey: pulumi.Output<string>) {
  return {
    host: config.edgeSsh.host,
    port: config.edgeSsh.port,
    user: config.edgeSsh.user,
    hostKey: config.edgeSsh.hostKey,
    privateKey,
    dialErrorLimit: 5,
  };
}

/** The remote command line that runs a rendered script with bash, whatever the login shell. */
export function bashCommand(script: string): string {
  return `/bin/bash -c ${sh(script)}`;
}
