# Removes the project-owned conf.d files, last first.
for ((i = ${#SHARED_FILES[@]} - 1; i >= 0; i--)); do lsu_remove "$CONFD_DIR/${SHARED_FILES[i]}"; done
lsu_reload_if_changed
echo "LSU-SHARED removed"
