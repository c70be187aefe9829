# delete: stops the unit's timers, removes exactly its files, and lets its services fall back to
# their Debian configuration. Deleting twice succeeds. Packages stay installed.
for t in "${TIMERS[@]}"; do
  if [ -e "$UNIT_DIR/$t" ]; then "$SYSTEMCTL" disable --now --quiet "$t" || true; fi
done
lsu_delete_all
rm -f "$PENDING_FILE"
if [ "$CHANGED" = 1 ]; then
  "$SYSTEMCTL" daemon-reload
  for s in "${SERVICES[@]}"; do "$SYSTEMCTL" try-restart "$s"; done
fi
echo "$LABEL: deleted=$CHANGED"
