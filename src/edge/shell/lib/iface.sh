# lsu_bring_up MAC IFNAME CIDR [WAIT]: finds the NIC with MAC (waiting up to WAIT seconds for it
# to appear), names it IFNAME, turns its IPv6 off, brings it up with CIDR as its only project
# address. Returns 1 when no NIC has that MAC. Used by the network command and at boot, because
# stock Debian 12 runs ifupdown, which ignores the networkd files.
lsu_bring_up() {
  local mac=$1 ifname=$2 cidr=$3 wait=${4:-0} name="" dev _
  for _ in $(seq 0 "$wait"); do
    for dev in /sys/class/net/*; do
      if [ "$(cat "$dev/address" 2> /dev/null)" = "$mac" ]; then name=$(basename "$dev"); fi
    done
    [ -n "$name" ] && break
    [ "$wait" = 0 ] || sleep 1
  done
  [ -n "$name" ] || return 1
  if [ "$name" != "$ifname" ]; then
    ip link set dev "$name" down
    ip link set dev "$name" name "$ifname"
  fi
  if [ -e "/proc/sys/net/ipv6/conf/$ifname/disable_ipv6" ]; then
    echo 1 > "/proc/sys/net/ipv6/conf/$ifname/disable_ipv6"
  fi
  ip link set dev "$ifname" up
  ip addr replace "$cidr" dev "$ifname"
}
