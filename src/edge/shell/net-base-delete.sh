# Removes the jumps, the base chains and the base files.
for jump in "${BUILTIN_JUMPS[@]}"; do
  read -r table from to <<< "$jump"
  while iptables -t "$table" -D "$from" -j "$to" 2> /dev/null; do :; done
done
for chain in "${BASE_CHAINS[@]}"; do
  read -r table name <<< "$chain"
  lsu_drop_chain "$table" "$name"
done
if [ -d /run/systemd/system ] && [ "$(dirname "$RESTORE_UNIT_FILE")" = /etc/systemd/system ]; then
  systemctl disable --quiet "$(basename "$RESTORE_UNIT_FILE")" || true
fi
rm -f "$BASE_RULES_FILE" "$LSU_RESTORE_SCRIPT" "$RESTORE_UNIT_FILE" "$FORWARDING_SYSCTL_FILE"
echo "LSU-NET base removed"
