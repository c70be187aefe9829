# The base chains (IPv4 and IPv6), forwarding, the restore script and its boot unit; then every
# rule file loads.
lsu_test_rules base
if ! ip6tables-restore --test --noflush < "$tmp/base6" 2> "$tmp/test.log"; then
  echo "ip6tables-restore --test refused the IPv6 rules:" >&2
  cat "$tmp/test.log" >&2
  exit 1
fi
lsu_put "$tmp/base" "$BASE_RULES_FILE"
lsu_put "$tmp/base6" "$BASE_RULES6_FILE"
lsu_put "$tmp/tail" "$TAIL_RULES_FILE"
lsu_put "$tmp/restore" "$LSU_RESTORE_SCRIPT"
lsu_put "$tmp/unit" "$RESTORE_UNIT_FILE"
lsu_put "$tmp/sysctl" "$FORWARDING_SYSCTL_FILE"
sysctl -q -p "$FORWARDING_SYSCTL_FILE"
if [ -d /run/systemd/system ] && [ "$(dirname "$RESTORE_UNIT_FILE")" = /etc/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --quiet "$(basename "$RESTORE_UNIT_FILE")"
fi
lsu_restore_rules
echo "LSU-NET base installed"
