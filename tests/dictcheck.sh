#!/bin/sh
# dictcheck.sh: `lapwing dict check`: problems listed as file:line on stdout,
# exit 1 when there are any, 0 on a clean set. Skips (with a message) while
# the binary has no `dict check` command.
set -u
bin=${1:-./lapwing}
t=test-out/dictcheck
mkdir -p "$t"
fail=0
check() { # check NAME CONDITION...
  name=$1; shift
  if "$@"; then :; else echo "dictcheck.sh: FAIL: $name"; fail=$((fail + 1)); fi
}
"$bin" dict check --dict tests/fixtures/mini.ini >"$t/out" 2>"$t/err"
rc=$?
if grep -q "unknown subcommand" "$t/err"; then
  echo "dictcheck.sh: SKIP: $bin has no 'dict check' command yet"
  exit 0
fi
check "clean set exits 0" [ $rc = 0 ]
check "clean set: 0 problems" grep -q "^dict check: 0 problems" "$t/out"
"$bin" dict check --dict tests/fixtures/bad/bad.ini >"$t/out" 2>"$t/err"
rc=$?
check "problems exit 1" [ $rc = 1 ]
check "count" grep -q "^dict check: 10 problems" "$t/out"
check "bad pattern with file:line" grep -q "^tests/fixtures/bad/bad.verbs.txt:11: pattern uses undefined synset" "$t/out"
check "bad date with file:line" grep -q "^tests/fixtures/bad/bad.actors.txt:9: invalid date" "$t/out"
check "duplicate verb form" grep -q "^tests/fixtures/bad/bad.verbs.txt:10: verb form ACCUSE registered again" "$t/out"
check "conflicting actor" grep -q "^tests/fixtures/bad/bad.actors.txt:4: actor phrase FREEDONIA" "$t/out"
check "conflicting agent" grep -q "^tests/fixtures/bad/bad.agents.txt:3: agent phrase SOLDIER" "$t/out"
"$bin" dict check >"$t/out" 2>"$t/err"
rc=$?
check "built-in set: exit status matches the count" sh -c "[ \"$rc\" = \"\$(grep -q '^dict check: 0 problems' $t/out && echo 0 || echo 1)\" ]"
echo "dictcheck.sh: $fail failures"
[ $fail = 0 ]
