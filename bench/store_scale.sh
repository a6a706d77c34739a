#!/bin/sh
# store_scale.sh: the event store at scale: writes N synthetic events (default
# 10 million) through the lw_store API, then times incremental loads and the
# queries of `lapwing query` on the indexes. Results: bench/out/store-scale.md.
# Run with `make bench-store` (needs about 6 GB of disk and 10 minutes).
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000000}
DB=${DB:-bench/out/store-scale.sqlite}
GEN=${GEN:-build/store_gen}
Q=${Q:-build/store_test}
OUT=bench/out/store-scale.md
mkdir -p bench/out
[ -x "$GEN" ] && [ -x "$Q" ] || make build/store_gen build/store_test
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

rm -f "$DB" "$DB-wal" "$DB-shm"
{
  echo "# Event store at $N events"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)."
  echo
  echo "## Bulk load into a new store"
  echo
  echo '```'
  /usr/bin/time -f "wall %e s, peak RSS %M KB" "$GEN" "$DB" "$N" 2>&1 | grep -v '^store_gen:'
  echo "file: $(du -h "$DB" | cut -f1)"
  echo '```'
  echo
  echo "## Incremental loads into the indexed store"
  echo
  echo '```'
  "$GEN" "$DB" 200000 2 | head -n 1 | sed 's/^/grouped commits: /'
  "$GEN" "$DB" 20000 3 per-story | head -n 1 | sed 's/^/commit per story: /'
  echo '```'
  echo
  echo "## Queries (median of 3 runs, warm page cache)"
  echo
  echo "| query | rows | seconds |"
  echo "|---|---|---|"
} >"$OUT"

query() {
  t=""
  for k in 1 2 3; do
    s=$(now)
    "$Q" query --db "$DB" "$@" -o bench/out/store-scale.q >/dev/null
    e=$(now)
    t="$t $(secs "$s" "$e")"
  done
  med=$(echo $t | tr ' ' '\n' | sort -n | sed -n 2p)
  rows=$(($(wc -l <bench/out/store-scale.q) - 1))
  printf '| `%s` | %s | %.3f |\n' "$*" "$rows" "$med" >>"$OUT"
}
query --by year
query --by month --dyad USA:RUS
query --by month --dyad USA-RUS
query --by week --actor USAGOV
query --by year --actor 'USA*'
query --by day --from 2020-03-01 --to 2020-03-31
query --by month --from 2020 --to 2020
query --by year --root 19
query --by year --code 112
query --by month --quad 4 --from 2024
query --top-dyads 10
query --top-dyads 10 --from 2024-01-01 --to 2024-01-31
query --top-dyads 10 --actor IRN --by year
s=$(now)
"$Q" report --db "$DB" -o bench/out/store-scale.html --dyad USA-RUS,USA-CHN >/dev/null
e=$(now)
printf '\nreport (`--dyad USA-RUS,USA-CHN`): %.2f s, %s\n' "$(secs "$s" "$e")" "$(du -h bench/out/store-scale.html | cut -f1)" >>"$OUT"
s=$(now)
"$Q" report --db "$DB" -o bench/out/store-scale-all.html >/dev/null
e=$(now)
printf 'report (all %s events): %.2f s\n' "$N" "$(secs "$s" "$e")" >>"$OUT"
cat "$OUT"
