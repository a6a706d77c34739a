#!/bin/sh
# report_chromium.sh: open a `lapwing report` page in headless Chromium, check
# that the charts and every event row rendered without horizontal overflow,
# and save a screenshot (and the DOM beside it, SHOT.dom.html).
# Usage: report_chromium.sh REPORT.html SHOT.png
set -u
html=${1:-test-out/store/report.html}
png=${2:-test-out/report.png}
chrome=/usr/bin/chromium
if [ ! -x "$chrome" ]; then
  if [ "${CI:-}" = true ]; then
    echo "report_chromium: $chrome not found (CI installs Debian's chromium package)" >&2
    exit 1
  fi
  echo "SKIP: report_chromium: $chrome not installed (apt-get install chromium)"
  exit 0
fi
if [ ! -s "$html" ]; then
  echo "report_chromium: $html missing (run build/store_test first)" >&2
  exit 1
fi
mkdir -p "$(dirname "$png")"
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
run() {
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1280,2200 --hide-scrollbars "$@" "$url" 2>>"$log"
}
pass=0
fail=0
check() { # check DESCRIPTION COMMAND...
  d=$1
  shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "report_chromium: FAILED: $d" >&2; fi
}
dom="${png%.png}.dom.html"
run --dump-dom >"$dom"
rendered=$(sed -n 's/.*data-rendered="\([^"]*\)".*/\1/p' "$dom" | head -n 1)
expected=$(grep -o '<tr class="ev">' "$html" | wc -l)
echo "report_chromium: rendered: $rendered (event rows in the file: $expected)"
size_ok() { # chart id: rendered at least 600 px wide and 150 px high
  printf '%s\n' "$rendered" | tr ' ' '\n' | grep "^$1:" | {
    IFS=':x' read -r _ w h || exit 1
    [ "$w" -ge 600 ] && [ "$h" -ge 150 ]
  }
}
check "the page's script ran" test -n "$rendered"
check "counts chart rendered" size_ok chart-counts
check "Goldstein chart rendered" size_ok chart-goldstein
check "network rendered" size_ok chart-network
check "event rows rendered ($expected expected)" sh -c "[ $expected -gt 0 ] && printf '%s' '$rendered' | grep -q ' rows:$expected '"
check "no horizontal overflow at 1280 px" sh -c "printf '%s' '$rendered' | grep -q 'overflow:0'"
check "evidence highlighted in the DOM" grep -q '<mark class="verb">' "$dom"
rm -f "$png"
run --screenshot="$png" >/dev/null
check "screenshot saved" test -s "$png"
check "screenshot is a PNG" sh -c "head -c 8 '$png' | od -An -c | grep -q 'P   N   G'"
check "screenshot is not blank (over 20 kB)" sh -c "[ \$(wc -c < '$png') -gt 20000 ]"
echo "report_chromium: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
