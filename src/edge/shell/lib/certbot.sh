# lsu_certbot ARGS…: certbot with the project's directories, retried while another certbot (the
# renewal timer, another site's command) holds certbot's own lock. Output in "$tmp/certbot.log".
lsu_certbot() {
  local _
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if certbot "$@" --config-dir "$LSU_LE_DIR" --work-dir "$LSU_LE_WORK_DIR" \
      --logs-dir "$LSU_LE_LOGS_DIR" > "$tmp/certbot.log" 2>&1; then
      return 0
    fi
    if grep -q "Another instance of Certbot is already running" "$tmp/certbot.log"; then
      sleep 3
      continue
    fi
    return 1
  done
  return 1
}
