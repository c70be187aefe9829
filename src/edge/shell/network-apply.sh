# One isolated network: the edge NIC on the customer's bridge (found by its MAC, renamed), its
# gateway address, IPv6 off, and the network's rule file.
name=""
for dev in /sys/class/net/*; do
  if [ "$(cat "$dev/address" 2> /dev/null)" = "$NET_MAC" ]; then name=$(basename "$dev"); fi
done
if [ -z "$name" ]; then
  echo "no NIC with MAC $NET_MAC on the edge: is the edge NIC for $NET_BRIDGE attached?" >&2
  exit 1
fi
if [ "$name" != "$NET_IFNAME" ]; then
  ip link set dev "$name" down
  ip link set dev "$name" name "$NET_IFNAME"
fi
lsu_test_rules rules
lsu_put "$tmp/link" "$NET_LINK_FILE"
lsu_put "$tmp/network" "$NET_NETWORK_FILE"
lsu_put "$tmp/sysctl" "$NET_SYSCTL_FILE"
sysctl -q -p "$NET_SYSCTL_FILE"
ip link set dev "$NET_IFNAME" up
ip addr replace "$NET_GATEWAY_CIDR" dev "$NET_IFNAME"
lsu_put "$tmp/rules" "$NET_RULES_FILE"
lsu_restore_rules
echo "LSU-NET $NET_BRIDGE $NET_IFNAME $NET_GATEWAY_CIDR"
