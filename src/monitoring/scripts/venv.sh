# A Python tool in a venv of its own. Header values: VENV (a symlink; the service runs
# "$VENV/bin/<tool>"), VENV_PACKAGE and VENV_VERSION (what pip installs), VENV_CHECK (a program in
# the venv that must run with --help), PIP_INDEX (an index URL, or empty for pip's own settings).
# Each version lives in "$VENV-<version>"; the link moves to a new version only after it installed
# and runs, so a failed upgrade leaves the running version in place.

lsu_venv_install() {
  local dir="$VENV-$VENV_VERSION" requirement="$VENV_PACKAGE==$VENV_VERSION" marker
  marker="$dir/.lsu-requirement"
  if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$requirement" ]; then
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    python3 -m venv "$dir"
    local index=()
    [ -n "$PIP_INDEX" ] && index=(--index-url "$PIP_INDEX")
    if ! "$dir/bin/pip" install --quiet --no-input --disable-pip-version-check --no-cache-dir \
      "${index[@]}" "$requirement" > "$tmp/pip.log" 2>&1; then
      echo "pip could not install $requirement; the running version stays:" >&2
      cat "$tmp/pip.log" >&2
      rm -rf "$dir"
      exit 1
    fi
    echo "$requirement" > "$marker"
  fi
  if ! "$dir/bin/$VENV_CHECK" --help > /dev/null 2>&1; then
    echo "$dir/bin/$VENV_CHECK does not run; the running version stays" >&2
    exit 1
  fi
  if [ "$(readlink "$VENV" 2>/dev/null || true)" != "$dir" ]; then
    ln -sfn "$dir" "$VENV.lsu-new"
    mv -Tf "$VENV.lsu-new" "$VENV"
    CHANGED=1
    CHANGED_FILES+=("$VENV")
  fi
  local old
  for old in "$VENV"-*; do
    [ -d "$old" ] && [ "$old" != "$dir" ] && rm -rf "$old"
  done
  return 0
}

lsu_venv_delete() {
  local old
  if [ -L "$VENV" ]; then rm -f "$VENV"; CHANGED=1; fi
  for old in "$VENV"-*; do
    if [ -d "$old" ]; then rm -rf "$old"; CHANGED=1; fi
  done
  return 0
}
