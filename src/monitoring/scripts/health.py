#!/usr/bin/python3
"""health.json for health.php: the deploy's inventory plus each VM's live values from Prometheus.

usage: lsu-health.py INVENTORY.json OUT.json PROMETHEUS_URL
Run every minute by lsu-health.timer. Writes OUT atomically; when Prometheus cannot be reached the
live values are null and "prometheus" says "unreachable" (the script still succeeds).
"""
import datetime
import json
import os
import sys
import urllib.parse
import urllib.request

QUERIES = {
    "up": 'pve_up{id=~"qemu/.+"}',
    "cpuRatio": 'pve_cpu_usage_ratio{id=~"qemu/.+"}',
    "memoryBytes": 'pve_memory_usage_bytes{id=~"qemu/.+"}',
    "memorySizeBytes": 'pve_memory_size_bytes{id=~"qemu/.+"}',
    "diskBytes": 'pve_disk_usage_bytes{id=~"qemu/.+"} > 0',
    "diskSizeBytes": 'pve_disk_size_bytes{id=~"qemu/.+"}',
    "networkInBitsPerSecond": 'rate(pve_network_receive_bytes_total{id=~"qemu/.+"}[5m]) * 8',
    "networkOutBitsPerSecond": 'rate(pve_network_transmit_bytes_total{id=~"qemu/.+"}[5m]) * 8',
    "uptimeSeconds": 'pve_uptime_seconds{id=~"qemu/.+"}',
}


def query(base, expr):
    url = base.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(body.get("error", "query failed"))
    return {r["metric"].get("id"): float(r["value"][1]) for r in body["data"]["result"]}


def main(inventory_path, out_path, base):
    with open(inventory_path, encoding="utf-8") as f:
        doc = json.load(f)
    try:
        values = {key: query(base, expr) for key, expr in QUERIES.items()}
        doc["prometheus"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means no live values this minute
        values = None
        doc["prometheus"] = "unreachable"
    for vm in doc["vms"]:
        if values is None:
            vm["live"] = None
            continue
        vid = "qemu/%d" % vm["vmid"]
        live = {key: values[key].get(vid) for key in QUERIES}
        live["up"] = None if live["up"] is None else live["up"] == 1
        vm["live"] = live
    doc["generatedAt"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    part = "%s.%d" % (out_path, os.getpid())
    with open(part, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.chmod(part, 0o644)
    os.replace(part, out_path)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
