#!/bin/sh
# valgrind.sh: the golden and CLI tests again, every lapwing run under
# valgrind (memcheck, full leak check). A run with a memory error or a
# definite/indirect leak fails the test, whatever its exit status; the tests'
# own checks still apply. Skips when valgrind is absent, unless CI=true.
# usage: tests/valgrind.sh [LAPWING_BINARY]
set -u
bin=${1:-./lapwing}
if ! command -v valgrind >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "valgrind: FAIL: valgrind is not installed (apt-get install valgrind)"
    exit 1
  fi
  echo "valgrind: SKIP: valgrind is not installed"
  exit 0
fi
dir=test-out/valgrind
rm -rf "$dir" && mkdir -p "$dir/logs"
abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
logs=$(cd "$dir/logs" && pwd)
# 97: valgrind found errors (distinct from lapwing's own 0/1/2, which the tests compare)
cat >"$dir/lapwing" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=97 --leak-check=full --show-leak-kinds=definite,indirect \\
  --errors-for-leak-kinds=definite,indirect --track-origins=yes \\
  --log-file="$logs/vg.%p.log" "$abs" "\$@"
WRAP
chmod +x "$dir/lapwing"
fail=0
tests/golden.sh "$dir/lapwing" || fail=$((fail + 1))
tests/cli.sh "$dir/lapwing" || fail=$((fail + 1))
runs=$(ls "$logs" | wc -l)
bad=0
for f in "$logs"/*.log; do
  [ -s "$f" ] || continue
  bad=$((bad + 1))
  echo "valgrind: errors in $f:"
  head -n 40 "$f"
done
echo "valgrind: $runs runs, $bad with memory errors or leaks"
[ $fail = 0 ] && [ $bad = 0 ]
