#!/bin/sh
# complexity.sh: coding time must grow linearly with the input. Generates
# adversarial stories (no punctuation, many commas, huge compound lists,
# deep quotes, repeated verbs, JSON records of many members, ...) at 1x,
# 10x and 100x a base size, times `lapwing code` on each (best of RUNS, minus
# the start-up time) and prints the ratios. Linear growth gives about 10 per step; the script fails when
# the 10x -> 100x step is above LIMIT (default 25: quadratic would be ~100).
# usage: bench/complexity.sh [LAPWING_BINARY]
#   BASE=bytes per 1x story (default 50000)  RUNS=runs per size (default 3)
#   DICT="--dict tests/fixtures/mini.ini" (default; DICT= for the built-in set)
set -u
bin=${1:-./lapwing}
base=${BASE:-50000}
runs=${RUNS:-3}
limit=${LIMIT:-25}
dict=${DICT-"--dict tests/fixtures/mini.ini"}
out=bench/out/complexity
mkdir -p "$out"

now() { date +%s%N; }

# best of $runs wall times (ns) of coding file $1
timeit() {
  best=
  i=0
  while [ $i -lt "$runs" ]; do
    s=$(now)
    # shellcheck disable=SC2086
    "$bin" code $dict --date 2025-01-02 -q "$1" >/dev/null 2>"$out/err" || [ $? = 1 ] || {
      echo "complexity: $bin failed on $1:" >&2
      cat "$out/err" >&2
      exit 2
    }
    e=$(($(now) - s))
    if [ -z "$best" ] || [ $e -lt $best ]; then best=$e; fi
    i=$((i + 1))
  done
  echo $best
}

# gen NAME BYTES: write story NAME at about BYTES bytes to $out/NAME-BYTES.txt
gen() {
  f="$out/$1-$2.txt"
  case $1 in json*) f="$out/$1-$2.jsonl" ;; esac
  awk -v kind="$1" -v n="$2" '
    function emit(s) { printf "%s", s; len += length(s) }
    BEGIN {
      len = 0
      if (kind == "jsonwide") {         # one JSON Lines record with many short members
        emit("{\"id\":\"w\",\"date\":\"2025-01-02\",\"text\":\"Freedonia blamed Sylvania.\"")
        while (len < n) emit(",\"a\":\"b\",\"n\":1")
        print "}"
        exit
      }
      if (kind == "jsonlines") {        # many small JSON Lines records
        while (len < n) emit("{\"id\":\"s\",\"date\":\"2025-01-02\",\"text\":\"Freedonia blamed Sylvania.\"}\n")
        exit
      }
      print "Headline"
      if (kind == "nopunct") {          # one sentence, no punctuation at all
        emit("Freedonia blamed Sylvania")
        while (len < n) emit(" and the Freedonian army accused Sylvania")
      } else if (kind == "commas") {    # comma clauses everywhere
        emit("Freedonia")
        while (len < n) emit(", a senior official said, the army")
        emit(" blamed Sylvania.")
      } else if (kind == "compound") {  # "A, B, C, ... and Z" lists
        while (len < n) {
          emit("Freedonia, Sylvania, New Sylvania, the Freedonian army, Firefly")
          for (k = 0; k < 30 && len < n; k++) emit(", Freedonia, Sylvania, the U.N.")
          emit(" and Trentino blamed Sylvania, Freedonia and the army.\n")
        }
      } else if (kind == "quotes") {    # quotes in quotes, never closed
        while (len < n) emit("\"Freedonia said \"Sylvania accused \"Firefly ")
        emit("blamed Sylvania.")
      } else if (kind == "verbs") {     # verb after verb
        emit("Freedonia")
        while (len < n) emit(" blamed accused attacked sent met criticized")
        emit(" Sylvania.")
      } else if (kind == "sentences") { # baseline: many short sentences
        while (len < n) emit("Freedonia blamed Sylvania. Sylvania did not attack Freedonia.\n")
      } else if (kind == "parens") {    # brackets and dashes, unbalanced
        while (len < n) emit("Freedonia (Sylvania [the army - Firefly ( said ")
        emit("blamed Sylvania.")
      } else if (kind == "words") {     # one very long token after another
        while (len < n) { for (k = 0; k < 500; k++) emit("x"); emit(" ") }
        emit("Freedonia blamed Sylvania.")
      }
      print ""
    }' >"$f"
  echo "$f"
}

: >"$out/empty.txt"
printf 'Headline\n' >"$out/empty.txt"
t0=$(timeit "$out/empty.txt")
echo "complexity: $bin, base $base bytes, best of $runs, start-up $((t0 / 1000000)) ms"
printf '%-10s %12s %12s %12s %8s %8s\n' pattern "1x ms" "10x ms" "100x ms" "10x/1x" "100x/10x"
bad=0
for kind in sentences nopunct commas compound quotes verbs parens words jsonwide jsonlines; do
  set --
  for mult in 1 10 100; do
    f=$(gen $kind $((base * mult)))
    t=$(($(timeit "$f") - t0))
    [ $t -lt 1000000 ] && t=1000000 # below 1 ms is noise
    set -- "$@" $t
  done
  r1=$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }')
  r2=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", b / a }')
  printf '%-10s %12d %12d %12d %8s %8s\n' $kind $(($1 / 1000000)) $(($2 / 1000000)) $(($3 / 1000000)) "$r1" "$r2"
  if awk -v r="$r2" -v l="$limit" 'BEGIN { exit !(r > l) }'; then
    echo "complexity: $kind grows faster than linear (100x/10x = $r2 > $limit)"
    bad=$((bad + 1))
  fi
  rm -f "$out/$kind"-*.txt "$out/$kind"-*.jsonl
done
[ $bad = 0 ] && echo "complexity: all patterns linear (100x/10x <= $limit)"
[ $bad = 0 ]
