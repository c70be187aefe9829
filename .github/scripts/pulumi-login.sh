#!/usr/bin/env bash
# Logs in to the state backend, selects the stack and sets the provider secrets from the
# environment (never from the command line). Used by the preview, drift and deploy jobs.
#
#   PULUMI_BACKEND_URL  repository variable: https://api.pulumi.com (Pulumi Cloud, with
#                       PULUMI_ACCESS_TOKEN) or s3://bucket?endpoint=…&s3ForcePathStyle=true
#                       (S3-compatible, with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
#   PULUMI_STACK        stack name (default beta); PULUMI_ORG for Pulumi Cloud organisations
#   PROXMOX_API_TOKEN, CLOUDFLARE_API_TOKEN, EDGE_SSH_KEY: the job's credentials
set -euo pipefail

: "${PULUMI_BACKEND_URL:?set the repository variable PULUMI_BACKEND_URL (docs/runbooks/setup.md)}"
stack="${PULUMI_STACK:-beta}"
case "$PULUMI_BACKEND_URL" in
  https://*) ref="${PULUMI_ORG:+$PULUMI_ORG/}$stack" ;;
  *) ref="organization/lightspeedup-hosting/$stack" ;;
esac

pulumi login --non-interactive "$PULUMI_BACKEND_URL"
pulumi stack select --non-interactive "$ref"

set_secret() {
  local key=$1 value=$2
  if [ -z "$value" ]; then
    echo "::error::the secret for $key is not set for this job (docs/runbooks/setup.md)"
    exit 1
  fi
  printf '%s' "$value" | pulumi config set --secret "$key" --stack "$ref" --non-interactive
}
set_secret proxmoxve:apiToken "${PROXMOX_API_TOKEN:-}"
set_secret cloudflare:apiToken "${CLOUDFLARE_API_TOKEN:-}"
set_secret hosting:edgeSshKey "${EDGE_SSH_KEY:-}"

echo "PULUMI_STACK_REF=$ref" >>"$GITHUB_ENV"
