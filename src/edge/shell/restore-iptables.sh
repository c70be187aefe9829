# Restores the project's rule files (also what the boot unit runs): each project chain gets its
# one jump from the built-in chain, then every file, merged per table, in one
# `iptables-restore --noflush`, so each table changes atomically.
for jump in "${BUILTIN_JUMPS[@]}"; do
  read -r table from to <<< "$jump"
  iptables -t "$table" -N "$to" 2> /dev/null || true
  iptables -t "$table" -C "$from" -j "$to" 2> /dev/null || iptables -t "$table" -I "$from" 1 -j "$to"
done
files=("$RULES_DIR/$BASE_RULES_NAME")
for f in "$RULES_DIR"/*.rules; do [ "$f" = "$RULES_DIR/$BASE_RULES_NAME" ] || files+=("$f"); done
awk "$MERGE_RULES_AWK" "${files[@]}" | iptables-restore --noflush
