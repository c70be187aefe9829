# One isolated network: the rule file first, then the edge NIC on the customer's bridge (found by
# its MAC, renamed), its gateway address, IPv6 off, and the interface record the boot unit reads.
lsu_test_rules rules
lsu_put "$tmp/link" "$NET_LINK_FILE"
lsu_put "$tmp/network" "$NET_NETWORK_FILE"
lsu_put "$tmp/sysctl" "$NET_SYSCTL_FILE"
lsu_put "$tmp/rules" "$NET_RULES_FILE"
lsu_put "$tmp/interface" "$NET_INTERFACE_FILE"
lsu_restore_rules
if ! lsu_bring_up "$NET_MAC" "$NET_IFNAME" "$NET_GATEWAY_CIDR"; then
  echo "no NIC with MAC $NET_MAC on the edge: is the edge NIC for $NET_BRIDGE attached?" >&2
  exit 1
fi
sysctl -q -p "$NET_SYSCTL_FILE"
echo "LSU-NET $NET_BRIDGE $NET_IFNAME $NET_GATEWAY_CIDR"
