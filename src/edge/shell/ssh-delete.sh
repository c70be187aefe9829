# Removes one VM's SSH forward and forgets its connections.
rm -f "$SSH_RULES_FILE"
if [ -f "$LSU_RESTORE_SCRIPT" ]; then lsu_restore_rules; fi
for chain in "${SSH_CHAINS[@]}"; do
  read -r table name <<< "$chain"
  lsu_drop_chain "$table" "$name"
done
lsu_flush_conntrack -p tcp --orig-port-dst "$SSH_PORT"
echo "LSU-SSH $SSH_VMID removed"
