#!/bin/sh
# golden.sh: end-to-end tests: each tests/golden/NAME.{txt,jsonl} is coded with
# the flags in NAME.args; stdout must equal NAME.out and stderr NAME.err, and
# the exit status NAME.rc (default 0). `tests/golden.sh --update` rewrites them.
# usage: tests/golden.sh [--update] [LAPWING_BINARY]
set -u
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
bin=${1:-./lapwing}
dir=tests/golden
out=test-out/golden
mkdir -p "$out"
fail=0 n=0
for in in "$dir"/*.txt "$dir"/*.jsonl; do
  [ -f "$in" ] || continue
  name=${in%.*}
  base=$(basename "$name")
  args=$(cat "$name.args" 2>/dev/null || true)
  # shellcheck disable=SC2086
  "$bin" code $args "$in" >"$out/$base.out" 2>"$out/$base.err"
  echo $? >"$out/$base.rc"
  n=$((n + 1))
  if [ $update = 1 ]; then
    cp "$out/$base.out" "$name.out"
    cp "$out/$base.err" "$name.err"
    cp "$out/$base.rc" "$name.rc"
    continue
  fi
  for k in out err rc; do
    if ! cmp -s "$out/$base.$k" "$name.$k"; then
      echo "golden: $base: $k differs:"
      diff "$name.$k" "$out/$base.$k" | head -20
      fail=$((fail + 1))
    fi
  done
done
if [ $update = 1 ]; then echo "golden: updated $n cases"; exit 0; fi
echo "golden: $n cases, $fail differences"
[ $fail = 0 ]
