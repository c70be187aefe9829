# One nginx site (create and update). The HTTP variant (ACME path + proxy or 503) goes live first
# and stays whatever certbot does; then certbot; the TLS variant only once the certificate exists.
# A managed zone's certbot failure fails the command; an external domain's is reported as
# "waiting for DNS" and the command succeeds, so one customer's DNS never blocks a deploy.
mkdir -p "$LSU_ACME_WEBROOT" "$(dirname "$SITE_AVAILABLE")" "$(dirname "$SITE_ENABLED")"
if [ "$SITE_TLS" != 1 ]; then
  lsu_install "$tmp/http" "$SITE_AVAILABLE" "$SITE_ENABLED"
  lsu_reload_if_changed
  echo "LSU-SITE $SITE_KEY tls=none"
  exit 0
fi
if [ -s "$SITE_CERT" ]; then
  lsu_install "$tmp/tls" "$SITE_AVAILABLE" "$SITE_ENABLED"
else
  lsu_install "$tmp/http" "$SITE_AVAILABLE" "$SITE_ENABLED"
fi
lsu_reload_if_changed
domains=()
for hostname in "${SITE_HOSTNAMES[@]}"; do domains+=(-d "$hostname"); done
server=()
if [ -n "$LSU_ACME_SERVER" ]; then server=(--server "$LSU_ACME_SERVER"); fi
if ! lsu_certbot certonly --webroot -w "$LSU_ACME_WEBROOT" --cert-name "$SITE_KEY" "${domains[@]}" \
  --non-interactive --agree-tos -m "$LSU_ACME_EMAIL" --deploy-hook "$LSU_RELOAD_COMMAND" \
  "${server[@]}"; then
  if [ "$SITE_MANAGED" = 1 ]; then
    echo "certbot failed for $SITE_DOMAIN (managed zone):" >&2
    cat "$tmp/certbot.log" >&2
    exit 1
  fi
  echo "LSU-SITE $SITE_KEY tls=waiting-for-dns"
  echo "waiting for DNS: $SITE_DOMAIN does not point here yet (certbot: $(tail -n 1 "$tmp/certbot.log"))"
  exit 0
fi
if [ -s "$SITE_CERT" ]; then lsu_install "$tmp/tls" "$SITE_AVAILABLE" "$SITE_ENABLED"; fi
lsu_reload_if_changed
echo "LSU-SITE $SITE_KEY tls=active"
