#!/usr/bin/env bash
# Creates or updates ONE pull-request comment identified by a marker.
#   upsert-comment.sh PR_NUMBER MARKER BODY_FILE      (GH_TOKEN and GITHUB_REPOSITORY from Actions)
set -euo pipefail
pr=$1 marker="<!-- lightspeedup:$2 -->" file=$3

body=$(
  printf '%s\n' "$marker"
  # GitHub refuses comments over 65536 characters: keep the head, say it was cut.
  head -c 60000 "$file"
  if [ "$(wc -c <"$file")" -gt 60000 ]; then printf '\n\n… truncated; the full text is in the job log.\n'; fi
)
existing=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -f body="$body" >/dev/null
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -f body="$body" >/dev/null
fi
