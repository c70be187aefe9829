# The boot unit's command, also run after every rule change: gives each project chain its one jump
# from the built-in chain and loads every rule file (base first, tail last), merged per table, in
# one `iptables-restore --noflush`, so each table changes atomically; loads the IPv6 rules; then —
# only with the rules in place — brings up each customer network's edge NIC from its interface
# record (stock Debian 12 runs ifupdown, which ignores networkd files).
for jump in "${BUILTIN_JUMPS[@]}"; do
  read -r table from to <<< "$jump"
  iptables -t "$table" -N "$to" 2> /dev/null || true
  iptables -t "$table" -C "$from" -j "$to" 2> /dev/null || iptables -t "$table" -I "$from" 1 -j "$to"
done
files=("$RULES_DIR/$BASE_RULES_NAME")
for f in "$RULES_DIR"/*.rules; do
  case "$f" in "$RULES_DIR/$BASE_RULES_NAME" | "$RULES_DIR/$TAIL_RULES_NAME") continue ;; esac
  files+=("$f")
done
files+=("$RULES_DIR/$TAIL_RULES_NAME")
awk "$MERGE_RULES_AWK" "${files[@]}" | iptables-restore --noflush
for jump in "${BUILTIN_JUMPS6[@]}"; do
  read -r table from to <<< "$jump"
  ip6tables -t "$table" -N "$to" 2> /dev/null || true
  ip6tables -t "$table" -C "$from" -j "$to" 2> /dev/null || ip6tables -t "$table" -I "$from" 1 -j "$to"
done
ip6tables-restore --noflush < "$RULES_DIR/$BASE_RULES6_NAME"
# At boot (argument "boot") a NIC may appear late: wait for it; after a change, do not wait.
nic_wait=0
if [ "${1:-}" = boot ]; then nic_wait=30; fi
for record in "$INTERFACES_DIR"/*.conf; do
  [ -e "$record" ] || continue
  read -r mac ifname cidr < "$record"
  lsu_bring_up "$mac" "$ifname" "$cidr" "$nic_wait" ||
    echo "no NIC with MAC $mac for $ifname; its network stays down until the edge NIC is attached" >&2
done
