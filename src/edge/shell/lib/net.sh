# lsu_put SRC DST: atomic install of a project file; an unchanged file is left alone.
lsu_put() {
  local src=$1 dst=$2
  mkdir -p "$(dirname "$dst")"
  if [ -f "$dst" ] && cmp -s "$src" "$dst"; then return 0; fi
  cp "$src" "$dst.lsu-new" && chmod 0644 "$dst.lsu-new" && mv -f "$dst.lsu-new" "$dst"
}

# lsu_drop_chain TABLE CHAIN: flushes and deletes a project chain if it exists.
lsu_drop_chain() {
  local table=$1 chain=$2
  if iptables -t "$table" -S "$chain" > /dev/null 2>&1; then
    iptables -t "$table" -F "$chain"
    iptables -t "$table" -X "$chain"
  fi
}

# lsu_flush_conntrack FILTER…: forgets matching connections (none is fine).
lsu_flush_conntrack() {
  conntrack -D "$@" > /dev/null 2>&1 || true
}

# lsu_test_rules PART: validates a rule file on its own before it is installed.
lsu_test_rules() {
  if ! iptables-restore --test --noflush < "$tmp/$1" 2> "$tmp/test.log"; then
    echo "iptables-restore --test refused the rules:" >&2
    cat "$tmp/test.log" >&2
    exit 1
  fi
}

# lsu_restore_rules: reloads every project rule file through the restore script.
lsu_restore_rules() {
  bash "$LSU_RESTORE_SCRIPT"
}
