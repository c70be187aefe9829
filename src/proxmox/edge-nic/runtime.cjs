// @ts-check
"use strict";
/**
 * Runtime of the edge NIC dynamic provider, in plain CommonJS on purpose: Pulumi serialises the
 * provider's code into state, and only code Node loads natively (not a transpiled module) can be
 * serialised everywhere the program runs, tests included. Types: runtime.d.cts.
 *
 * The NIC as Proxmox writes it in the VM config: `net<N-9>: virtio=<MAC>,bridge=vmbr<N>,firewall=0`.
 * Create refuses a reserved slot or a slot holding a MAC the project did not assign (nothing
 * changed); delete removes only a NIC whose MAC matches and succeeds when it is already gone.
 * Writes to one VM are serialised in this process and guarded by the config digest; Proxmox's
 * config lock and digest conflicts are retried. The API token is read at run time (configure),
 * never an input, never in state.
 */

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;

/** @param {string} value */
function parseNic(value) {
  const parts = value.split(",");
  const [model, mac] = (parts[0] || "").split("=");
  if (!mac || !MAC.test(mac)) return undefined;
  /** @type {Record<string, string>} */
  const opts = {};
  for (const p of parts.slice(1)) {
    const [k, v] = p.split("=");
    opts[k] = v;
  }
  return { model, mac: mac.toUpperCase(), bridge: opts.bridge, firewall: opts.firewall === "1" };
}

/** @param {{ mac: string, bridge: string }} spec */
function formatNic(spec) {
  return `virtio=${spec.mac.toUpperCase()},bridge=${spec.bridge},firewall=0`;
}

class PveApiError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** HTTPS client of the two config endpoints; certificate verification is always on. */
class HttpPveApi {
  /** @param {{ endpoint: string, apiToken: string, ca?: string }} options */
  constructor(options) {
    this.options = options;
  }
  /** @param {string} node @param {number} vmid */
  async getConfig(node, vmid) {
    const body = await this.call("GET", `nodes/${encodeURIComponent(node)}/qemu/${vmid}/config`);
    return body.data || {};
  }
  /** @param {string} node @param {number} vmid @param {Record<string, string>} params */
  async putConfig(node, vmid, params) {
    await this.call("PUT", `nodes/${encodeURIComponent(node)}/qemu/${vmid}/config`, params);
  }
  /** @param {string} method @param {string} path @param {Record<string, string>} [params] @returns {Promise<any>} */
  call(method, path, params) {
    const https = require("node:https");
    const base = this.options.endpoint.endsWith("/")
      ? this.options.endpoint
      : `${this.options.endpoint}/`;
    const url = new URL(`api2/json/${path}`, base);
    const payload = params ? new URLSearchParams(params).toString() : undefined;
    /** @type {Record<string, string | number>} */
    const headers = { Authorization: `PVEAPIToken=${this.options.apiToken}` };
    if (payload) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        { method, ca: this.options.ca, rejectUnauthorized: true, headers, timeout: 30000 },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => {
            const status = res.statusCode || 500;
            if (status >= 400) {
              reject(
                new PveApiError(
                  status,
                  `${method} ${url.pathname}: ${status} ${res.statusMessage || ""} ${text}`.trim(),
                ),
              );
              return;
            }
            try {
              resolve(text ? JSON.parse(text) : {});
            } catch {
              reject(new PveApiError(502, `${method} ${url.pathname}: not JSON`));
            }
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
}

const DEFAULT_RETRY = { attempts: 8, delayMs: 750 };
// A plain object, not a Map: Pulumi's closure serialisation copies plain objects only.
/** @type {Record<string, Promise<unknown>>} */
const queues = {};

/** @template T @param {string} key @param {() => Promise<T>} work @returns {Promise<T>} */
function serialised(key, work) {
  const previous = queues[key] || Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues[key] = next;
  return next;
}

/** @param {unknown} e */
function isRetryable(e) {
  return (
    e instanceof PveApiError &&
    /can't lock file|got timeout|detected modified configuration|digest/i.test(e.message)
  );
}

/** @template T @param {{ attempts: number, delayMs: number }} policy @param {() => Promise<T>} work @returns {Promise<T>} */
async function withRetry(policy, work) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= policy.attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, policy.delayMs * attempt));
    }
  }
}

/** @param {any} api @param {any} spec @param {{ attempts: number, delayMs: number }} [policy] */
async function createEdgeNic(api, spec, policy = DEFAULT_RETRY) {
  if (spec.reservedSlots.includes(spec.slot)) {
    throw new Error(
      `edge VM ${spec.vmid}: ${spec.slot} is reserved (hosting:edge); refusing to attach ${spec.bridge}. Nothing changed.`,
    );
  }
  return serialised(`${spec.node}/${spec.vmid}`, () =>
    withRetry(policy, async () => {
      const config = await api.getConfig(spec.node, spec.vmid);
      const current = config[spec.slot];
      if (current !== undefined) {
        const parsed = parseNic(current);
        if (!parsed || parsed.mac !== spec.mac.toUpperCase()) {
          throw new Error(
            `edge VM ${spec.vmid}: ${spec.slot} already holds "${current}", a NIC the project did not assign (expected MAC ${spec.mac}); refusing to overwrite it. Nothing changed.`,
          );
        }
        if (current === formatNic(spec)) return parsed;
      }
      await api.putConfig(spec.node, spec.vmid, {
        [spec.slot]: formatNic(spec),
        digest: config.digest,
      });
      return parseNic(formatNic(spec));
    }),
  );
}

/** @param {any} api @param {any} spec */
async function readEdgeNic(api, spec) {
  const config = await api.getConfig(spec.node, spec.vmid);
  const parsed = config[spec.slot] === undefined ? undefined : parseNic(config[spec.slot]);
  return parsed && parsed.mac === spec.mac.toUpperCase() ? parsed : undefined;
}

/** @param {any} api @param {any} spec @param {{ attempts: number, delayMs: number }} [policy] */
async function deleteEdgeNic(api, spec, policy = DEFAULT_RETRY) {
  return serialised(`${spec.node}/${spec.vmid}`, () =>
    withRetry(policy, async () => {
      const config = await api.getConfig(spec.node, spec.vmid);
      const current = config[spec.slot];
      if (current === undefined) return "already-gone";
      const parsed = parseNic(current);
      if (!parsed || parsed.mac !== spec.mac.toUpperCase()) return "foreign-left-alone";
      await api.putConfig(spec.node, spec.vmid, { delete: spec.slot, digest: config.digest });
      return "deleted";
    }),
  );
}

/** @type {{ api?: any }} */
const connection = {};
/** @param {any} i */
const specOf = (i) => ({
  node: i.node,
  vmid: i.vmid,
  slot: i.slot,
  mac: i.mac,
  bridge: i.bridge,
  reservedSlots: i.reservedSlots,
});
const api = () => {
  if (!connection.api)
    throw new Error(
      "the edge NIC provider has no Proxmox API credentials (proxmoxve:endpoint and proxmoxve:apiToken)",
    );
  return connection.api;
};

const edgeNicProvider = {
  /** @param {{ config: { get(key: string): string | undefined } }} req */
  async configure(req) {
    const endpoint = req.config.get("proxmoxve:endpoint") || process.env.PROXMOX_VE_ENDPOINT;
    const apiToken = req.config.get("proxmoxve:apiToken") || process.env.PROXMOX_VE_API_TOKEN;
    const ca = req.config.get("hosting:pveCaPem");
    if (endpoint && apiToken) connection.api = new HttpPveApi({ endpoint, apiToken, ca });
  },
  /** @param {any} inputs */
  async create(inputs) {
    const nic = await createEdgeNic(api(), specOf(inputs));
    return {
      id: `${inputs.node}/${inputs.vmid}/${inputs.slot}`,
      outs: { ...inputs, firewall: nic.firewall },
    };
  },
  /** @param {string} id @param {any} props */
  async read(id, props) {
    const nic = await readEdgeNic(api(), specOf(props));
    // Gone or replaced by a NIC with another MAC: reported missing so drift detection shows it.
    return nic
      ? { id, props: { ...props, mac: nic.mac, bridge: nic.bridge, firewall: nic.firewall } }
      : { id: "", props: {} };
  },
  /** @param {string} _id @param {any} olds @param {any} news */
  async diff(_id, olds, news) {
    const replaces = ["node", "vmid", "slot"].filter((k) => olds[k] !== news[k]);
    const changed = ["mac", "bridge"].filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: true };
  },
  /** @param {string} _id @param {any} _olds @param {any} news */
  async update(_id, _olds, news) {
    const nic = await createEdgeNic(api(), specOf(news));
    return { outs: { ...news, firewall: nic.firewall } };
  },
  /** @param {string} _id @param {any} props */
  async delete(_id, props) {
    await deleteEdgeNic(api(), specOf(props));
  },
};

module.exports = {
  parseNic,
  formatNic,
  PveApiError,
  HttpPveApi,
  createEdgeNic,
  readEdgeNic,
  deleteEdgeNic,
  edgeNicProvider,
  DEFAULT_RETRY,
};
