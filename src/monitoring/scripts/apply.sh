# apply (create = update). Header values besides common.sh's: VALIDATE (a command, may be empty),
# SERVICES (enabled, and reloaded or restarted after a change), TIMERS (enabled), RUN_ONCE (units
# started after every apply), UNIT_DIR (a change there needs daemon-reload and a restart),
# PENDING_FILE (a reload owed by an earlier run that failed), LABEL (for messages).

lsu_check_json() {
  local i
  for i in "${!FILES[@]}"; do
    case "${FILES[$i]}" in
      *.json) python3 -m json.tool "${FILES[$i]}" > /dev/null || { echo "${FILES[$i]} is not JSON"; return 1; } ;;
    esac
  done
}

# The edge exporter's check: the new collector runs (into the temp dir) and, where promtool is
# installed, its output passes promtool check metrics.
lsu_check_collector() {
  "$1" "$tmp" || return 1
  if command -v "$PROMTOOL" > /dev/null; then "$PROMTOOL" check metrics < "$tmp/lsu-edge.prom"; fi
}

lsu_read_payload
lsu_ensure_packages
if [ -n "${VENV:-}" ]; then lsu_venv_install; fi
lsu_install_all
if [ "$CHANGED" = 1 ] || [ -e "$PENDING_FILE" ]; then
  if [ "${#VALIDATE[@]}" -gt 0 ]; then
    lsu_validate_or_rollback "${VALIDATE[0]##*/} ${VALIDATE[1]:-}" "${VALIDATE[@]}"
  fi
  mkdir -p "$(dirname "$PENDING_FILE")"
  touch "$PENDING_FILE"
  units_changed=0
  for f in "${CHANGED_FILES[@]}"; do
    case "$f" in "$UNIT_DIR"/*) units_changed=1 ;; esac
  done
  "$SYSTEMCTL" daemon-reload
  for s in "${SERVICES[@]}"; do
    "$SYSTEMCTL" enable --quiet "$s"
    if [ "$units_changed" = 1 ]; then
      "$SYSTEMCTL" restart "$s"
    else
      "$SYSTEMCTL" reload-or-restart "$s"
    fi
  done
  rm -f "$PENDING_FILE"
  if [ -n "${VENV:-}" ]; then lsu_venv_confirm; fi
fi
for s in "${SERVICES[@]}"; do
  "$SYSTEMCTL" is-active --quiet "$s" || "$SYSTEMCTL" start "$s"
done
for t in "${TIMERS[@]}"; do
  "$SYSTEMCTL" is-enabled --quiet "$t" || "$SYSTEMCTL" enable --quiet "$t"
  "$SYSTEMCTL" is-active --quiet "$t" || "$SYSTEMCTL" start "$t"
done
for u in "${RUN_ONCE[@]}"; do
  "$SYSTEMCTL" start "$u"
done
echo "$LABEL: changed=$CHANGED"
