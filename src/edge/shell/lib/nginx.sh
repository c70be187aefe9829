# CHANGED=1 once a file changed in this run. A reload that is owed survives a failed reload or an
# interrupted run in the LSU_RELOAD_OWED file, so the next script that runs reloads even when it
# finds every file unchanged.
CHANGED=0
lsu_owe_reload() {
  mkdir -p "$(dirname "$LSU_RELOAD_OWED")"
  : > "$LSU_RELOAD_OWED"
}

# lsu_install SRC DST [LINK]: puts SRC at DST atomically (and the sites-enabled link), proves the
# whole configuration with `nginx -t`, and on failure restores the previous file, proves the
# restore with `nginx -t` again and exits non-zero. Unchanged files are left alone.
lsu_install() {
  local src=$1 dst=$2 link=${3:-} backup="" had_link=0
  if [ -f "$dst" ] && cmp -s "$src" "$dst" && { [ -z "$link" ] || [ -L "$link" ]; }; then return 0; fi
  if [ -n "$link" ] && [ -L "$link" ]; then had_link=1; fi
  if [ -f "$dst" ]; then backup="$tmp/backup.$(basename "$dst")"; cp -p "$dst" "$backup"; fi
  cp "$src" "$dst.lsu-new"
  chmod 0644 "$dst.lsu-new"
  lsu_owe_reload
  mv -f "$dst.lsu-new" "$dst"
  if [ -n "$link" ]; then ln -sfn "$dst" "$link"; fi
  if ! nginx -t > "$tmp/nginx-t.log" 2>&1; then
    if [ -n "$backup" ]; then mv -f "$backup" "$dst"; else rm -f "$dst"; fi
    if [ -n "$link" ] && [ "$had_link" = 0 ]; then rm -f "$link"; fi
    echo "nginx -t refused $dst:" >&2
    cat "$tmp/nginx-t.log" >&2
    if nginx -t > /dev/null 2>&1; then
      echo "restored the previous configuration; nginx -t passes again" >&2
    else
      echo "the previous configuration does not pass nginx -t either; nothing reloaded" >&2
    fi
    exit 1
  fi
  CHANGED=1
}

# lsu_remove DST [LINK]: removes a file (and its link) unless nginx -t fails without it.
lsu_remove() {
  local dst=$1 link=${2:-} backup=""
  if [ -n "$link" ] && [ -L "$link" ]; then rm -f "$link"; fi
  if [ -f "$dst" ]; then
    lsu_owe_reload
    backup="$tmp/backup.$(basename "$dst")"
    mv -f "$dst" "$backup"
    CHANGED=1
  fi
  if ! nginx -t > "$tmp/nginx-t.log" 2>&1; then
    if [ -n "$backup" ]; then mv -f "$backup" "$dst"; fi
    if [ -n "$link" ] && [ -n "$backup" ]; then ln -sfn "$dst" "$link"; fi
    echo "nginx -t fails without $dst; restored it:" >&2
    cat "$tmp/nginx-t.log" >&2
    exit 1
  fi
}

# Reloads nginx when a file changed or an earlier reload is still owed; a failed reload exits
# non-zero and stays owed.
lsu_reload_if_changed() {
  if [ "$CHANGED" = 1 ] || [ -e "$LSU_RELOAD_OWED" ]; then
    lsu_owe_reload
    # an interrupted run may have left an untested file: never reload what nginx -t refuses
    if ! nginx -t > "$tmp/nginx-t.log" 2>&1; then
      echo "nginx -t fails; not reloading (the reload stays owed):" >&2
      cat "$tmp/nginx-t.log" >&2
      exit 1
    fi
    bash -c "$LSU_RELOAD_COMMAND"
    rm -f "$LSU_RELOAD_OWED"
  fi
  CHANGED=0
}
