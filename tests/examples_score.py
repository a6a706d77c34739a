#!/usr/bin/env python3
"""tests/examples_score.py: score lapwing on the example articles against hand-coded gold events.

Usage: tests/examples_score.py [LAPWING] [-v]

Runs `LAPWING code examples/*.txt` (default ./lapwing; the environment, LAPWING_CACHE_DIR
included, is passed through), compares the set of (story, sentence, source, target, cameo)
with tests/examples.gold.tsv and prints precision, recall and F1 at three levels:

  exact  same story, sentence, source, target and CAMEO code
  root   same story, sentence, source, target and CAMEO root (first two digits)
  dyad   same story, sentence, source and target (any event code)

-v also lists the false positives (with lapwing's words and rule) and the false negatives (with
the gold note), each with the sentence text. The floors in tests/examples.floor (key=value lines,
e.g. precision_exact=0.40) are checked: exit 1 if any score is below its floor, if lapwing fails,
or if the gold file is inconsistent (unknown CAMEO code, story without an article, bad line).
Nothing is skipped: the examples and the gold are in the repository.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLD = os.path.join(ROOT, "tests", "examples.gold.tsv")
FLOOR = os.path.join(ROOT, "tests", "examples.floor")
CAMEO_DEF = os.path.join(ROOT, "src", "cameo_codes.def")
LEVELS = ("exact", "root", "dyad")


def fail(msg):
    print(f"examples_score: FAIL: {msg}")
    sys.exit(1)


def cameo_codes():
    codes = set()
    with open(CAMEO_DEF, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*LW_CAMEO\("(\d+)"', line)
            if m:
                codes.add(m.group(1))
    return codes


def read_gold(stories):
    """Returns {(story, sentence, source, target, cameo): note}."""
    codes = cameo_codes()
    gold = {}
    with open(GOLD, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("story_id\t"):
                continue
            cols = line.split("\t")
            if len(cols) < 5:
                fail(f"{GOLD}:{n}: expected 6 tab-separated columns, got {len(cols)}")
            story, sent, src, tgt, code = (c.strip() for c in cols[:5])
            note = cols[5].strip() if len(cols) > 5 else ""
            if story not in stories:
                fail(f"{GOLD}:{n}: no article examples/{story}.txt")
            if not sent.isdigit():
                fail(f"{GOLD}:{n}: sentence {sent!r} is not a number")
            if code not in codes:
                fail(f"{GOLD}:{n}: CAMEO code {code!r} is not in src/cameo_codes.def")
            if not src or not tgt:
                fail(f"{GOLD}:{n}: empty source or target")
            key = (story, int(sent), src, tgt, code)
            if key in gold:
                fail(f"{GOLD}:{n}: duplicate event {key}")
            gold[key] = note
    return gold


def run_lapwing(binary, files):
    try:
        p = subprocess.run([binary, "code", "--format", "json"] + files, cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    except OSError as e:
        fail(f"cannot run {binary}: {e} (build it with make)")
    if p.returncode != 0:
        fail(f"{binary} code examples/*.txt exited {p.returncode}:\n{p.stderr}")
    events = []
    for line in p.stdout.splitlines():
        if line.strip():
            events.append(json.loads(line))
    return events, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""


def sentence_text(binary, story, sent, cache):
    key = (story, sent)
    if key not in cache:
        p = subprocess.run([binary, "explain", "--json", os.path.join("examples", story + ".txt"), str(sent)],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
        text = "?"
        if p.returncode == 0 and p.stdout.strip():
            try:
                text = json.loads(p.stdout.splitlines()[0]).get("text", "?")
            except ValueError:
                pass
        cache[key] = text
    return cache[key]


def project(keys, level):
    if level == "exact":
        return set(keys)
    if level == "root":
        return {(s, n, a, b, c[:2]) for (s, n, a, b, c) in keys}
    return {(s, n, a, b) for (s, n, a, b, c) in keys}


def prf(pred, gold):
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return tp, p, r, f


def read_floors():
    floors = {}
    if not os.path.exists(FLOOR):
        fail(f"{FLOOR} not found")
    with open(FLOOR, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "=" not in line:
                fail(f"{FLOOR}:{n}: expected key=value")
            k, v = (x.strip() for x in line.split("=", 1))
            m = re.match(r"(precision|recall|f1)_(exact|root|dyad)$", k)
            if not m:
                fail(f"{FLOOR}:{n}: unknown key {k!r}")
            floors[k] = float(v)
    return floors


def main():
    args = [a for a in sys.argv[1:] if a not in ("-v", "--verbose")]
    verbose = len(args) != len(sys.argv) - 1
    binary = args[0] if args else "./lapwing"
    if os.sep in binary or os.path.exists(binary):
        binary = os.path.abspath(binary)
    if not os.path.exists(binary) and os.sep in binary:
        fail(f"{binary} not found (build it with make)")

    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.txt")))
    if not files:
        fail("no examples/*.txt")
    stories = {os.path.basename(f)[:-4] for f in files}
    gold = read_gold(stories)
    missing = sorted(stories - {k[0] for k in gold})
    if missing:
        print(f"note: no gold events for {', '.join(missing)}")

    events, summary = run_lapwing(binary, [os.path.relpath(f, ROOT) for f in files])
    pred = {}
    texts = {}
    for e in events:
        key = (e["story_id"], int(e["sentence"]), e["source"], e["target"], e["cameo"])
        pred.setdefault(key, e)
        texts[(e["story_id"], int(e["sentence"]))] = e.get("sentence_text", "")

    print(f"lapwing: {summary}")
    print(f"gold events: {len(gold)}; lapwing events: {len(events)} ({len(pred)} distinct)")
    print(f"{'level':<6} {'tp':>4} {'pred':>5} {'gold':>5} {'precision':>10} {'recall':>8} {'f1':>7}")
    scores = {}
    for level in LEVELS:
        P, G = project(pred, level), project(gold, level)
        tp, p, r, f = prf(P, G)
        scores[f"precision_{level}"], scores[f"recall_{level}"], scores[f"f1_{level}"] = p, r, f
        print(f"{level:<6} {tp:>4} {len(P):>5} {len(G):>5} {p:>10.3f} {r:>8.3f} {f:>7.3f}")

    if verbose:
        cache = dict(texts)
        gold_root = project(gold, "root")
        gold_dyad = project(gold, "dyad")
        pred_root = project(pred, "root")
        pred_dyad = project(pred, "dyad")

        def tag(k, other_root, other_dyad):
            if (k[0], k[1], k[2], k[3], k[4][:2]) in other_root:
                return "root ok"
            if (k[0], k[1], k[2], k[3]) in other_dyad:
                return "dyad ok"
            return "miss"

        fps = sorted(set(pred) - set(gold))
        print(f"\nfalse positives (exact level): {len(fps)}")
        for k in fps:
            e = pred[k]
            print(f"  FP [{tag(k, gold_root, gold_dyad)}] {k[0]} s{k[1]}: {k[2]} -> {k[3]} {k[4]}"
                  f"   src={e.get('source_text', '')!r} verb={e.get('verb_text', '')!r}"
                  f" tgt={e.get('target_text', '')!r} rule={e.get('rule', '')}")
            print(f"       | {sentence_text(binary, k[0], k[1], cache)}")
        fns = sorted(set(gold) - set(pred))
        print(f"\nfalse negatives (exact level): {len(fns)}")
        for k in fns:
            print(f"  FN [{tag(k, pred_root, pred_dyad)}] {k[0]} s{k[1]}: {k[2]} -> {k[3]} {k[4]}   ({gold[k]})")
            print(f"       | {sentence_text(binary, k[0], k[1], cache)}")

    floors = read_floors()
    below = [(k, scores[k], v) for k, v in sorted(floors.items()) if scores[k] + 1e-9 < v]
    if below:
        for k, s, v in below:
            print(f"examples_score: FAIL: {k} = {s:.3f} is below the floor {v:.2f} (tests/examples.floor)")
        sys.exit(1)
    print(f"examples_score: ok ({len(floors)} floors checked)")


if __name__ == "__main__":
    main()
