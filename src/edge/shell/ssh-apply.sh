# One VM's SSH forward: <public IP>:<22000+VMID> → the VM's port 22.
lsu_test_rules rules
lsu_put "$tmp/rules" "$SSH_RULES_FILE"
lsu_restore_rules
echo "LSU-SSH $SSH_VMID port $SSH_PORT -> $SSH_ADDRESS:22"
