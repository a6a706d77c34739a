#!/bin/sh
# explain.sh: pins `lapwing explain` (text and --json) on the sentences in
# tests/explain/cases.txt, one per outcome: events, negated, hypothetical,
# discarded, no verb, agentless passive, reported speech, null pattern code,
# pronoun object, no source, uncoded target, verb inside another's scope.
# `tests/explain.sh --update` rewrites the expected files.
set -u
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
bin=${1:-./lapwing}
dir=tests/explain
out=test-out/explain
mkdir -p "$out"
n=0 fail=0
grep -v '^#' "$dir/cases.txt" | while IFS='|' read -r date text; do
  [ -n "$text" ] || continue
  n=$((n + 1))
  name=$(printf '%02d' $n)
  "$bin" explain --dict tests/fixtures/mini.ini --date "$date" "$text" >"$out/$name.txt" 2>&1
  "$bin" explain --json --dict tests/fixtures/mini.ini --date "$date" "$text" >"$out/$name.json" 2>&1
  if [ $update = 1 ]; then
    cp "$out/$name.txt" "$out/$name.json" "$dir/"
    continue
  fi
  for k in txt json; do
    if ! cmp -s "$out/$name.$k" "$dir/$name.$k"; then
      echo "explain: case $name ($text): $k differs"
      diff "$dir/$name.$k" "$out/$name.$k" | head -10
      echo x >>"$out/failed"
    fi
  done
done
if [ $update = 1 ]; then echo "explain: updated"; exit 0; fi
if [ -f "$out/failed" ]; then
  rm -f "$out/failed"
  echo "explain: FAILED"
  exit 1
fi
echo "explain: $(grep -vc '^#' "$dir/cases.txt") cases pinned"
