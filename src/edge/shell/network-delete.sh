# Removes exactly one isolated network: its rule file and chains, its connections, its address
# and its files.
rm -f "$NET_RULES_FILE" "$NET_INTERFACE_FILE"
if [ -f "$LSU_RESTORE_SCRIPT" ]; then lsu_restore_rules; fi
for chain in "${NET_CHAINS[@]}"; do
  read -r table name <<< "$chain"
  lsu_drop_chain "$table" "$name"
done
lsu_flush_conntrack -s "$NET_SUBNET"
lsu_flush_conntrack -d "$NET_SUBNET"
if ip link show dev "$NET_IFNAME" > /dev/null 2>&1; then
  ip addr del "$NET_GATEWAY_CIDR" dev "$NET_IFNAME" 2> /dev/null || true
  ip link set dev "$NET_IFNAME" down
fi
rm -f "$NET_LINK_FILE" "$NET_NETWORK_FILE" "$NET_SYSCTL_FILE"
echo "LSU-NET $NET_BRIDGE removed"
