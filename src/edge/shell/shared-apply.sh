# The project-owned conf.d files (defaults, Cloudflare real IP, catch-all) and the ACME webroot.
mkdir -p "$LSU_ACME_WEBROOT" "$CONFD_DIR"
for part in "${LSU_PARTS[@]}"; do lsu_install "$tmp/$part" "$CONFD_DIR/$part.conf"; done
lsu_reload_if_changed
echo "LSU-SHARED installed"
