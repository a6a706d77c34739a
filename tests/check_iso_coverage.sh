#!/bin/sh
# check_iso_coverage.sh -- every ISO 3166-1 alpha-3 code must appear as an actor code [XXX]
# (optionally date-restricted, e.g. [XXX <20051105]) in dict/countries.actors.txt.
#
# Environment:
#   ISO3166_JSON    path of iso_3166-1.json (default: Debian/Ubuntu iso-codes package path)
#   COUNTRIES_DICT  path of the dictionary (default: dict/countries.actors.txt next to tests/)
# Exit status: 0 all present (or SKIP), 1 codes missing, 2 usage/environment error.

ISO3166_JSON=${ISO3166_JSON:-/usr/share/iso-codes/json/iso_3166-1.json}
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 2
COUNTRIES_DICT=${COUNTRIES_DICT:-$here/../dict/countries.actors.txt}

if [ ! -r "$ISO3166_JSON" ]; then
    echo "SKIP: $ISO3166_JSON not found (install the iso-codes package or set ISO3166_JSON)"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 not available"
    exit 0
fi
if [ ! -r "$COUNTRIES_DICT" ]; then
    echo "error: cannot read $COUNTRIES_DICT" >&2
    exit 2
fi

exec python3 - "$ISO3166_JSON" "$COUNTRIES_DICT" <<'PY'
import json, re, sys

iso_path, dict_path = sys.argv[1], sys.argv[2]
with open(iso_path, encoding="utf-8") as f:
    iso = json.load(f)["3166-1"]
want = sorted({e["alpha_3"] for e in iso})

# A code group is [CODE] or [CODE <DATE] / [CODE >DATE] / [CODE DATE-DATE]; blanks allowed.
group = re.compile(r"\[\s*([A-Za-z]{3})\s*(?:[<>]\s*\d+|\d+\s*-\s*\d+)?\s*\]")
have = set()
with open(dict_path, encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0]
        for m in group.finditer(line):
            have.add(m.group(1).upper())

missing = [c for c in want if c not in have]
names = {e["alpha_3"]: e["name"] for e in iso}
for c in missing:
    print("missing: %s (%s)" % (c, names[c]))
if missing:
    print("iso coverage: %d/%d" % (len(want) - len(missing), len(want)))
    sys.exit(1)
print("iso coverage: %d/%d" % (len(want), len(want)))
PY
