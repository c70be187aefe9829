# Mails the daily report written by lsu-report.service. Header values: REPORT_BASE (the report's
# files without .md/.html), MAIL_TO, MAIL_FROM, SENDMAIL.
set -euo pipefail
boundary="lsu-report-$(date +%s)-$$"
subject="LightSpeedUp daily report $(date -u +%Y-%m-%d)"
{
  printf 'To: %s\nFrom: %s\nSubject: %s\nMIME-Version: 1.0\n' "$MAIL_TO" "$MAIL_FROM" "$subject"
  printf 'Content-Type: multipart/alternative; boundary="%s"\n\n' "$boundary"
  printf -- '--%s\nContent-Type: text/plain; charset=utf-8\n\n' "$boundary"
  cat "$REPORT_BASE.md"
  printf -- '\n--%s\nContent-Type: text/html; charset=utf-8\n\n' "$boundary"
  cat "$REPORT_BASE.html"
  printf -- '\n--%s--\n' "$boundary"
} | "$SENDMAIL" -t -oi
