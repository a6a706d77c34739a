#!/usr/bin/env python3
"""Check src/cameo_codes.def against the CAMEO reference tables in the shared data.

Reference directory: $LAPWING_SHARED/data/cameo (LAPWING_SHARED defaults to ../shared
relative to the repository root).  Files used:
  CAMEO.goldsteinscale.txt  code -> Goldstein score; the code sets must match exactly and
                            scores must agree within 0.05.
  CAMEO2PLOVER-2021.txt     code -> PLOVER type (first comma field after "code:"); every
                            reference code that is in our table must have the same type.
                            Codes present in only one of the two tables are reported
                            (PLOVER drops CAMEO 01 and 02, and lists a few non-CAMEO codes).
Also checks the table itself: row syntax, known PLOVER types, no duplicates, sorted codes.
Exit status: 0 when everything agrees (or the reference is absent: SKIP), 1 otherwise.
Standard library only.
"""

import os
import re
import sys

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
TOLERANCE = 0.05

ROW_RE = re.compile(
    r'^LW_CAMEO\(\s*"(\d{2,4})"\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*\)\s*$')


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_table(path, problems):
    """Parse the .def file into an ordered list of (code, score, plover, name)."""
    rows = []
    in_comment = False
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip()
            if in_comment:
                if "*/" in line:
                    in_comment = False
                continue
            if not line or line.startswith("//"):
                continue
            if line.startswith("/*"):
                in_comment = "*/" not in line
                continue
            m = ROW_RE.match(line)
            if not m:
                problems.append("%s:%d: cannot parse row: %s" % (path, lineno, line))
                continue
            code, score, plover, name = m.group(1), float(m.group(2)), m.group(3), m.group(4)
            if plover not in PLOVER_TYPES:
                problems.append("%s:%d: %s: unknown PLOVER type %s" % (path, lineno, code, plover))
            rows.append((code, score, plover, name))
    return rows


def read_goldstein(path, problems):
    """Return {code: score} from the tab-separated Goldstein reference."""
    scores = {}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            parts = raw.split()
            if not parts or not parts[0].isdigit():
                continue  # header or blank line
            try:
                scores[parts[0]] = float(parts[1])
            except (IndexError, ValueError):
                problems.append("%s:%d: bad reference line: %s" % (path, lineno, raw.rstrip()))
    return scores


def read_plover(path):
    """Return {code: [types...]} from the CAMEO2PLOVER reference.

    A code can be listed more than once (the root 08 is listed as both CONCEDE and RETREAT);
    all listed types are kept, in file order."""
    types = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            m = re.match(r"^(\d{2,4})\s*:\s*(.*)$", line)
            if not m:
                continue
            ptype = m.group(2).split(",", 1)[0].strip().upper()
            if ptype:
                lst = types.setdefault(m.group(1), [])
                if ptype not in lst:
                    lst.append(ptype)
    return types


def main():
    root = repo_root()
    shared = os.environ.get("LAPWING_SHARED") or os.path.join(root, "..", "shared")
    refdir = os.path.join(shared, "data", "cameo")
    if not os.path.isdir(refdir):
        print("SKIP: CAMEO reference directory %s not found" % refdir)
        return 0

    problems = []
    table_path = os.path.join(root, "src", "cameo_codes.def")
    rows = read_table(table_path, problems)
    ours = {}
    for code, score, plover, name in rows:
        if code in ours:
            problems.append("duplicate code %s in table" % code)
        ours[code] = (score, plover, name)
    codes = [r[0] for r in rows]
    if codes != sorted(codes):
        problems.append("table rows are not sorted by code")

    # Goldstein: exact code-set agreement and scores within tolerance.
    gold = read_goldstein(os.path.join(refdir, "CAMEO.goldsteinscale.txt"), problems)
    gold_bad = 0
    for code in sorted(gold):
        if code not in ours:
            print("goldstein: code %s (%.1f) is in the reference but missing from our table"
                  % (code, gold[code]))
            gold_bad += 1
        elif abs(ours[code][0] - gold[code]) > TOLERANCE:
            print("goldstein: code %s: ours %.1f, reference %.1f" % (code, ours[code][0], gold[code]))
            gold_bad += 1
    for code in codes:
        if code not in gold:
            print("goldstein: code %s is in our table but not in the reference" % code)
            gold_bad += 1

    # PLOVER: type agreement on shared codes; one-sided codes are reported only.
    plov = read_plover(os.path.join(refdir, "CAMEO2PLOVER-2021.txt"))
    plov_bad = 0
    for code in sorted(plov):
        if code not in ours:
            print("plover: note: reference code %s (%s) is not in our table"
                  % (code, "/".join(plov[code])))
        elif ours[code][1] not in plov[code]:
            print("plover: code %s: ours %s, reference %s"
                  % (code, ours[code][1], "/".join(plov[code])))
            plov_bad += 1
    only_ours = [c for c in codes if c not in plov]
    if only_ours:
        print("plover: note: %d codes of our table have no PLOVER reference entry: %s"
              % (len(only_ours), " ".join(only_ours)))

    for p in problems:
        print(p)
    if problems or gold_bad or plov_bad:
        print("cameo table: %d codes, %d goldstein mismatches, %d plover mismatches, %d other problems"
              % (len(rows), gold_bad, plov_bad, len(problems)))
        return 1
    print("cameo table: %d codes, goldstein ok, plover ok" % len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
