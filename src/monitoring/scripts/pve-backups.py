"""Writes the newest backup per VM for node exporter's textfile collector (LightSpeedUp).

Usage: lsu-pve-backups.py CONFIG OUT_FILE. CONFIG (JSON, written by the monitoring-pve-exporter
unit, mode 0640): {"api": "https://<pve>:8006/api2/json", "node": "...", "storages": [...],
"token": "user@realm!id=uuid"}. For each storage it lists the backup volumes
(GET /nodes/<node>/storage/<storage>/content?content=backup, with the exporter's read-only token)
and writes lsu_backup_last_timestamp_seconds{id="qemu/<vmid>"} (the newest ctime) and
lsu_pve_backups_up (1 when every listing answered, else 0 with no timestamps, so no alert reads a
stale age). The file is replaced atomically. Standard library only; TLS is verified.
"""
import json
import os
import sys
import urllib.parse
import urllib.request


def newest_backups(config):
    newest = {}
    for storage in config["storages"]:
        path = "/nodes/{}/storage/{}/content?content=backup".format(
            urllib.parse.quote(config["node"], safe=""), urllib.parse.quote(storage, safe="")
        )
        request = urllib.request.Request(
            config["api"] + path, headers={"Authorization": "PVEAPIToken=" + config["token"]}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            volumes = json.load(response)["data"]
        for volume in volumes:
            vmid, ctime = volume.get("vmid"), volume.get("ctime")
            if isinstance(vmid, int) and isinstance(ctime, (int, float)):
                newest[vmid] = max(newest.get(vmid, 0), ctime)
    return newest


def exposition(newest, up):
    lines = [
        "# HELP lsu_pve_backups_up 1 when the PVE API listed every backup storage.",
        "# TYPE lsu_pve_backups_up gauge",
        "lsu_pve_backups_up {}".format(1 if up else 0),
        "# HELP lsu_backup_last_timestamp_seconds Creation time of the newest backup of a guest.",
        "# TYPE lsu_backup_last_timestamp_seconds gauge",
    ]
    for vmid in sorted(newest):
        lines.append('lsu_backup_last_timestamp_seconds{{id="qemu/{}"}} {}'.format(vmid, newest[vmid]))
    return "\n".join(lines) + "\n"


def main():
    config_file, out_file = sys.argv[1], sys.argv[2]
    with open(config_file, encoding="utf8") as f:
        config = json.load(f)
    try:
        text = exposition(newest_backups(config), True)
    except Exception as error:  # any failure: report it, publish "down" without stale ages
        print("lsu-pve-backups: {}".format(error), file=sys.stderr)
        text = exposition({}, False)
    tmp = out_file + ".tmp"
    with open(tmp, "w", encoding="utf8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
