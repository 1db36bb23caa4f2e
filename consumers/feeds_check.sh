#!/usr/bin/env bash
# Every feed and filter combination README.md shows, in both formats, through the
# W3C feed validator (../shared/tools/feedvalidator, offline), as a feed reader fetches it.
#   bash consumers/feeds_check.sh http://127.0.0.1:8000
set -euo pipefail
BASE="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VALIDATE="$ROOT/../shared/tools/feedvalidator/validate"
[ -x "$VALIDATE" ] || { echo "feeds: the W3C feed validator is not at $VALIDATE" >&2; exit 1; }
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
paths="$(sed -n '/^```text/,/^```/p' "$ROOT/README.md" | grep '^/feeds/' | awk '{print $1}')"
[ -n "$paths" ] || { echo "feeds: README.md shows no feed addresses" >&2; exit 1; }
for path in /feeds/publications.atom $paths; do
  for kind in atom rss; do
    url="$BASE${path/publications.atom/publications.$kind}"
    url="${url/publications.rss/publications.$kind}"
    body="$(curl -sf -H 'Accept: application/atom+xml, application/rss+xml;q=0.9, */*;q=0.1' "$url")" \
      || { echo "feeds: $url did not answer 200" >&2; exit 1; }
    if ! printf '%s' "$body" | "$VALIDATE" - "$url" > "$OUT" 2>&1; then
      cat "$OUT" >&2; echo "feeds: $url is not valid" >&2; exit 1
    fi
    echo "valid: $url"
  done
done
