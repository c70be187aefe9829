# The edge's textfile exporter, run every minute by lsu-edge-metrics.timer. Header values:
# TEXTFILE_DIR, NETWORKS_FILE (lines "<bridge> <interface> <customer|-> <drop chain|->"),
# LETSENCRYPT_LIVE, IPTABLES, SYS_CLASS_NET. Writes <dir>/lsu-edge.prom atomically (dir = $1 or
# TEXTFILE_DIR); reads counters only, changes nothing.
set -euo pipefail
out_dir=${1:-$TEXTFILE_DIR}
out="$out_dir/lsu-edge.prom"
part="$out.$$"
trap 'rm -f "$part"' EXIT

esc() {
  local v=$1
  v=${v//\\/\\\\}
  v=${v//\"/\\\"}
  printf '%s' "${v//$'\n'/ }"
}

labels() {
  local bridge=$1 customer=$2
  if [ "$customer" = "-" ]; then
    printf 'bridge="%s"' "$(esc "$bridge")"
  else
    printf 'bridge="%s",customer="%s"' "$(esc "$bridge")" "$(esc "$customer")"
  fi
}

{
  echo "# HELP lsu_edge_network_bytes_total Bytes through the edge's interface on each network (rx: from the network, tx: to it)."
  echo "# TYPE lsu_edge_network_bytes_total counter"
  while read -r bridge ifname customer chain; do
    [ -z "$bridge" ] && continue
    stats="$SYS_CLASS_NET/$ifname/statistics"
    [ -r "$stats/rx_bytes" ] || continue
    echo "lsu_edge_network_bytes_total{$(labels "$bridge" "$customer"),direction=\"rx\"} $(cat "$stats/rx_bytes")"
    echo "lsu_edge_network_bytes_total{$(labels "$bridge" "$customer"),direction=\"tx\"} $(cat "$stats/tx_bytes")"
  done < "$NETWORKS_FILE"

  echo "# HELP lsu_edge_dropped_packets_total Packets the edge's LSU-DROP rules dropped, per customer network."
  echo "# TYPE lsu_edge_dropped_packets_total counter"
  while read -r bridge ifname customer chain; do
    [ -z "$bridge" ] || [ "$chain" = "-" ] && continue
    if listing=$("$IPTABLES" -w -t filter -L "$chain" -v -x -n 2>/dev/null); then
      dropped=$(awk 'NR > 2 && $3 == "DROP" { s += $1 } END { print s + 0 }' <<< "$listing")
      echo "lsu_edge_dropped_packets_total{$(labels "$bridge" "$customer")} $dropped"
    fi
  done < "$NETWORKS_FILE"

  echo "# HELP lsu_edge_certificate_not_after_seconds When each certificate lineage on the edge expires (Unix time)."
  echo "# TYPE lsu_edge_certificate_not_after_seconds gauge"
  for cert in "$LETSENCRYPT_LIVE"/*/cert.pem; do
    [ -r "$cert" ] || continue
    end=$(openssl x509 -enddate -noout -in "$cert" | cut -d= -f2-)
    name=$(basename "$(dirname "$cert")")
    echo "lsu_edge_certificate_not_after_seconds{certificate=\"$(esc "$name")\"} $(date -d "$end" +%s)"
  done
} > "$part"
chmod 0644 "$part"
mv -f "$part" "$out"
