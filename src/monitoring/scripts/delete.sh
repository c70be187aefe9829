# delete: stops the unit's timers and the services whose unit files it owns, removes exactly its
# files (and its venv), and lets Debian's services fall back to their own configuration. Deleting
# twice succeeds. Packages stay installed.
for t in "${TIMERS[@]}"; do
  if [ -e "$UNIT_DIR/$t" ]; then "$SYSTEMCTL" disable --now --quiet "$t" || true; fi
done
debian_services=()
for s in "${SERVICES[@]}"; do
  owned=0
  for f in "${FILES[@]}"; do [ "$f" = "$UNIT_DIR/$s.service" ] && owned=1; done
  if [ "$owned" = 1 ]; then
    [ -e "$UNIT_DIR/$s.service" ] && { "$SYSTEMCTL" disable --now --quiet "$s" || true; }
  else
    debian_services+=("$s")
  fi
done
lsu_delete_all
if [ -n "${VENV:-}" ]; then lsu_venv_delete; fi
rm -f "$PENDING_FILE"
if [ "$CHANGED" = 1 ]; then
  "$SYSTEMCTL" daemon-reload
  for s in "${debian_services[@]}"; do "$SYSTEMCTL" try-restart "$s"; done
fi
echo "$LABEL: deleted=$CHANGED"
