#!/usr/bin/env bash
# Opens or updates the ONE open drift issue (label "drift") with the report, or closes it when
# the nightly run finds no drift.   drift-issue.sh REPORT_FILE DRIFT(0|1)
set -euo pipefail
file=$1 drift=$2
title="Drift on stack ${PULUMI_STACK:-beta}"

gh label create drift --color B60205 --description "nightly drift run" 2>/dev/null || true
issue=$(gh issue list --label drift --state open --limit 1 --json number --jq '.[0].number // empty')
if [ "$drift" = 1 ]; then
  if [ -n "$issue" ]; then
    gh issue edit "$issue" --body-file "$file" >/dev/null
    gh issue comment "$issue" --body "Still drifted at $(date -u +%FT%TZ) (run $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)." >/dev/null
  else
    gh issue create --title "$title" --label drift --body-file "$file" >/dev/null
  fi
elif [ -n "$issue" ]; then
  gh issue close "$issue" --comment "No drift at $(date -u +%FT%TZ): closing." >/dev/null
fi
