#!/bin/sh
# cli.sh: command-line behaviour: exit codes, skipped-story reports with
# file and reason, the summary line, stdin, -o, dict stats and validate.
set -u
bin=${1:-./lapwing}
t=test-out/cli
rm -rf "$t" && mkdir -p "$t/adir"
fail=0
check() { # check NAME CONDITION...
  name=$1; shift
  if "$@"; then :; else echo "cli: FAIL: $name"; fail=$((fail + 1)); fi
}
D="--dict tests/fixtures/mini.ini"
run() { "$bin" "$@" >"$t/out" 2>"$t/err"; echo $? >"$t/rc"; }
rc() { [ "$(cat "$t/rc")" = "$1" ]; }
has() { grep -q -- "$1" "$t/$2"; }

run; check "no arguments is a usage error" rc 2
run code $D --bogus x.txt; check "unknown option is a usage error" rc 2
run code $D --date 2025-13-01 x.txt; check "bad --date is a usage error" rc 2
printf 'Freedonia accused Sylvania\n\nFreedonia blamed Sylvania.\n' >"$t/nodate.txt"
run code $D "$t/nodate.txt"
check "story without a date is skipped" rc 1
check "skip names file and reason" has "nodate.txt: skipped: no date" err
check "summary counts skipped" has "stories: 1 read, 0 coded, 1 skipped" err
run code $D --date 2025-01-02 "$t/nodate.txt"
check "--date gives the date" rc 0
check "--date events" has '"date":"2025-01-02"' out
check "headline is sentence 0" has '"sentence":0' out
run code $D --date 2025-01-02 "$t/adir" "$t/missing.txt" "$t/nodate.txt"
check "directory and missing file are skipped, others coded" rc 1
check "directory reported" has "adir: skipped: is a directory" err
check "missing file reported" has "missing.txt: skipped: cannot open" err
check "counts add up" has "stories: 3 read, 1 coded, 2 skipped" err
: >"$t/empty.jsonl"
run code $D "$t/empty.jsonl"
check "empty JSON Lines file: nothing read" has "stories: 0 read, 0 coded, 0 skipped" err
check "empty file exit 0" rc 0
printf 'date 2025-02-03\nFreedonia blames Sylvania\n' | "$bin" code $D - >"$t/out" 2>"$t/err"
check "stdin text" has '"story_id":"stdin"' out
printf '{"id":"s1","date":"2025-02-03","text":"Freedonia blamed Sylvania."}\n' | "$bin" code $D - >"$t/out" 2>"$t/err"
check "stdin JSON Lines sniffed" has '"story_id":"s1"' out
run code $D --date 2025-01-02 -o "$t/events.jsonl" "$t/nodate.txt"
check "-o writes the file" grep -q '"cameo":"111"' "$t/events.jsonl"
check "-o leaves stdout empty" test ! -s "$t/out"
run dict stats $D
check "dict stats" has "verb blocks:       10" out
check "dict stats dated" has "date-restricted: 4" out
printf -- '--- X [010] ---\nX\n- * &MISSING [011]\n' >"$t/bad.verbs.txt"
printf '[Dictionaries]\nverbfile_name = bad.verbs.txt\nactorfile_list = ../../tests/fixtures/mini.actors.txt\n' >"$t/bad.ini"
run dict stats --dict "$t/bad.ini"
check "malformed line reported as file:line" has "bad.verbs.txt:3: pattern uses undefined synset" err
check "load goes on after a bad line" rc 0
run dict stats --dict "$t/none.ini"
check "missing config is an error" rc 2
run validate tests/fixtures/mini.validate.xml
check "validate score line" has "4 passed, 1 failed" out
check "validate failing record" has "FAIL M-06" out
check "validate exit 1 on failures" rc 1
# threads: the same bytes, in input order, whatever the thread count (many batches)
i=0
: >"$t/many.jsonl"
while [ $i -lt 300 ]; do
  sed "s/\"id\": \"/\"id\": \"r$i-/" tests/golden/g02-stories.jsonl >>"$t/many.jsonl"
  i=$((i + 1))
done
"$bin" code $D "$t/many.jsonl" >"$t/t1.out" 2>"$t/t1.err"
"$bin" code $D --threads 2 "$t/many.jsonl" >"$t/t2.out" 2>"$t/t2.err"
"$bin" code $D --threads 3 --format tsv "$t/many.jsonl" >"$t/t3.out" 2>"$t/t3.err"
"$bin" code $D --format tsv "$t/many.jsonl" >"$t/t3s.out" 2>/dev/null
check "threads: output identical to one thread" cmp -s "$t/t1.out" "$t/t2.out"
check "threads: messages identical and in order" cmp -s "$t/t1.err" "$t/t2.err"
check "threads: TSV identical" cmp -s "$t/t3.out" "$t/t3s.out"
check "threads: all stories counted" grep -q "stories: 2100 read, 1200 coded, 900 skipped" "$t/t2.err"
run code $D --threads 0 "$t/many.jsonl"
check "--threads 0 is a usage error" rc 2
# compiled dictionaries: same output from the text and from the compiled copy;
# an edited dictionary gets a new compiled copy, never the stale one
cdir="$t/cache"
mkdir -p "$cdir/d"
cp tests/fixtures/mini.* "$cdir/d/"
LAPWING_CACHE_DIR="$cdir" "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c1.out" 2>/dev/null
check "a compiled dictionary is written" sh -c "ls '$cdir'/*.lwd >/dev/null 2>&1"
LAPWING_CACHE_DIR="$cdir" "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c2.out" 2>/dev/null
LAPWING_CACHE=off "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c3.out" 2>/dev/null
check "compiled copy codes the same" cmp -s "$t/c1.out" "$t/c2.out"
check "compiled copy equals parsing" cmp -s "$t/c1.out" "$t/c3.out"
printf 'BLAMED_OUTRIGHT [---]\n' >/dev/null
sed 's/^BLAME \[111\]/BLAME [110]/' tests/fixtures/mini.verbs.txt >"$cdir/d/mini.verbs.txt"
LAPWING_CACHE_DIR="$cdir" "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c4.out" 2>/dev/null
check "an edited dictionary is not served stale" grep -q '"cameo":"110"' "$t/c4.out"
check "the old compiled copy is left alone, a new one written" sh -c "[ \$(ls '$cdir'/*.lwd | wc -l) -eq 2 ]"
# a compiled copy of the same dictionary from another build (another format)
# is replaced when this build writes its own, not left behind
cur=$(ls -t "$cdir"/*.lwd | head -n 1)
mv "$cur" "${cur%-*}-00000000.lwd"
LAPWING_CACHE_DIR="$cdir" "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c5.out" 2>/dev/null
check "another build's compiled copy is replaced" sh -c "! ls '$cdir'/*-00000000.lwd >/dev/null 2>&1 && [ -f '$cur' ]"
check "and the output is the same" cmp -s "$t/c4.out" "$t/c5.out"
# at most 8 compiled files stay in the directory: writing one removes the oldest
for i in 0 1 2 3 4 5 6 7 8 9; do
  : >"$cdir/aaaaaaaaaaaaaaa$i-00000000.lwd"
  touch -t "2001010${i}00" "$cdir/aaaaaaaaaaaaaaa$i-00000000.lwd"
done
rm -f "$cur"
LAPWING_CACHE_DIR="$cdir" "$bin" code --dict "$cdir/d/mini.ini" "$t/many.jsonl" >"$t/c6.out" 2>/dev/null
check "eight compiled files kept at most" sh -c "[ \$(ls '$cdir'/*.lwd | wc -l) -eq 8 ] && [ -f '$cur' ]"
check "the oldest went first" sh -c "[ ! -e '$cdir/aaaaaaaaaaaaaaa0-00000000.lwd' ] && [ -e '$cdir/aaaaaaaaaaaaaaa9-00000000.lwd' ]"
# the event store from the command line: re-coding replaces, never duplicates
db="$t/events.sqlite"
"$bin" code $D --db "$db" "$t/many.jsonl" >"$t/db.out" 2>"$t/db.err"
"$bin" code $D --db "$db" "$t/many.jsonl" >/dev/null 2>&1
check "--db writes nothing to stdout" test ! -s "$t/db.out"
"$bin" query --db "$db" --format csv >"$t/q.csv" 2>&1
# 2400 events, but the 300 copies of story id 6 replace each other: 2101 remain
check "query counts every event once" grep -q '^all,2101,' "$t/q.csv"
"$bin" query --db "$db" --dyad FRE:SYL --format csv >"$t/q2.csv" 2>&1
check "query by dyad" grep -q '^all,600,' "$t/q2.csv"
"$bin" report --db "$db" -o "$t/r.html" >/dev/null 2>&1
check "report writes HTML with a chart" grep -q '<svg' "$t/r.html"
echo "cli: $fail failures"
[ $fail = 0 ]
