#!/bin/sh
# conformance.sh: runs PETRARCH's development validation records and fails
# if fewer pass than the floor in tests/conformance.floor (a ratchet: raise
# it when the score rises). Skips with a reason when ../shared is absent.
set -u
bin=${1:-./lapwing}
shared=${LAPWING_SHARED:-../shared}
xml="$shared/data/petrarch2/PETR.UnitTest.dev.xml"
if [ ! -f "$xml" ]; then
  echo "conformance: SKIP: $xml not found (set LAPWING_SHARED to the shared data directory)"
  exit 0
fi
floor=$(cat tests/conformance.floor)
mkdir -p test-out
"$bin" validate "$xml" >test-out/conformance.txt
last=$(tail -n 1 test-out/conformance.txt)
passed=${last%% passed*}
echo "conformance: $last (floor $floor)"
if [ "$passed" -lt "$floor" ]; then
  echo "conformance: below the floor; failing records:"
  grep '^FAIL' test-out/conformance.txt
  exit 1
fi
