# Removes one nginx site and its certificate lineage.
lsu_remove "$SITE_AVAILABLE" "$SITE_ENABLED"
lsu_reload_if_changed
if [ -e "$LSU_LE_DIR/renewal/$SITE_KEY.conf" ] || [ -d "$SITE_CERT_DIR" ]; then
  lsu_certbot delete --cert-name "$SITE_KEY" --non-interactive || { cat "$tmp/certbot.log" >&2; exit 1; }
fi
echo "LSU-SITE $SITE_KEY deleted"
