# Removes the jumps, the base chains (IPv4 and IPv6) and the base files.
for jump in "${BUILTIN_JUMPS[@]}"; do
  read -r table from to <<< "$jump"
  while iptables -t "$table" -D "$from" -j "$to" 2> /dev/null; do :; done
done
for jump in "${BUILTIN_JUMPS6[@]}"; do
  read -r table from to <<< "$jump"
  while ip6tables -t "$table" -D "$from" -j "$to" 2> /dev/null; do :; done
done
for chain in "${BASE_CHAINS[@]}"; do
  read -r table name <<< "$chain"
  lsu_drop_chain "$table" "$name"
done
for chain in "${BASE_CHAINS6[@]}"; do
  read -r table name <<< "$chain"
  if ip6tables -t "$table" -S "$name" > /dev/null 2>&1; then
    ip6tables -t "$table" -F "$name"
    ip6tables -t "$table" -X "$name"
  fi
done
if [ -d /run/systemd/system ] && [ "$(dirname "$RESTORE_UNIT_FILE")" = /etc/systemd/system ]; then
  systemctl disable --quiet "$(basename "$RESTORE_UNIT_FILE")" || true
fi
rm -f "$BASE_RULES_FILE" "$BASE_RULES6_FILE" "$TAIL_RULES_FILE" "$LSU_RESTORE_SCRIPT" "$RESTORE_UNIT_FILE" \
  "$FORWARDING_SYSCTL_FILE"
echo "LSU-NET base removed"
