#!/usr/bin/env python3
"""bench/voa_report.py: corpus statistics and a hand-check sample for a lapwing run on the VOA corpus.

    ./lapwing code ../shared/data/voa/voa_stories.jsonl > /tmp/voa.events.jsonl
    bench/voa_report.py /tmp/voa.events.jsonl [--corpus FILE] [--lapwing BIN]
                        [--sample N] [--seed S] [--sample-out FILE] [--judged FILE]

Prints: stories and sentences coded, the share of stories and of sentences with at least one
event, distinct source and target actor codes, events per CAMEO root (01-20) with names, the top
15 dyads, and a random sample of N events (random.Random(S).sample over the events in file order,
listed in file order) as TSV for hand checking: story, sentence, source, target, cameo,
source_text, verb_text, target_text, sentence_text (plus verdict, reason, note when --judged
is given).

--judged FILE re-applies existing judgments (bench/voa_judged.tsv: story_id, sentence, source,
target, cameo, verdict ok/wrong, reason, note) to the sample of this run, matching on (story,
sentence, source, target, cameo): it prints precision over the judged sampled events with a 95%
Wilson interval, the wrong ones by reason, and how many sampled events have no judgment yet.

Sentence counts come from lapwing itself (--lapwing, default ./lapwing): each story is coded
alone and the `sentences: N` summary on stderr is read. Without a runnable lapwing the
sentence totals are reported as unknown.
"""
import argparse
import collections
import json
import math
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE_COLS = ["story", "sentence", "source", "target", "cameo", "source_text", "verb_text",
               "target_text", "sentence_text"]
JUDGED_COLS = ["story_id", "sentence", "source", "target", "cameo", "verdict", "reason", "note"]


def cameo_names():
    names = {}
    with open(os.path.join(ROOT, "src", "cameo_codes.def"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r'\s*LW_CAMEO\("(\d+)",[^,]*,[^,]*,\s*"(.*)"\)', line)
            if m:
                names[m.group(1)] = m.group(2)
    return names


def read_events(path):
    events = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                events.append(json.loads(line))
            except ValueError as e:
                sys.exit(f"voa_report: {path}:{n}: not JSON: {e}")
    return events


def read_corpus(path):
    stories = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                stories.append(json.loads(line))
    return stories


def sentence_counts(binary, stories):
    """{story_id: number of sentences lapwing splits it into}, or None when lapwing can't run."""
    counts = {}
    for s in stories:
        try:
            p = subprocess.run([binary, "code", "-q", "--input", "jsonl", "-"], input=json.dumps(s) + "\n",
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        except OSError:
            return None
        m = re.search(r"sentences: (\d+)", p.stderr)
        if not m:
            return None
        counts[str(s.get("id"))] = int(m.group(1))
    return counts


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def key_of(e):
    return (str(e["story_id"]), int(e["sentence"]), e["source"], e["target"], e["cameo"])


def read_judged(path):
    judged = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("story_id\t"):
                continue
            c = line.split("\t")
            if len(c) < 6:
                sys.exit(f"voa_report: {path}:{n}: expected {len(JUDGED_COLS)} tab-separated columns")
            c += [""] * (len(JUDGED_COLS) - len(c))
            verdict = c[5].strip()
            if verdict not in ("ok", "wrong"):
                sys.exit(f"voa_report: {path}:{n}: verdict must be ok or wrong, not {verdict!r}")
            judged[(c[0], int(c[1]), c[2], c[3], c[4])] = (verdict, c[6].strip(), c[7].strip())
    return judged


def tsv(v):
    return str(v).replace("\t", " ").replace("\n", " ")


def main():
    shared = os.environ.get("LAPWING_SHARED", os.path.join(ROOT, "..", "shared"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("events", help="lapwing events (JSON Lines)")
    ap.add_argument("--corpus", default=os.path.join(shared, "data", "voa", "voa_stories.jsonl"))
    ap.add_argument("--lapwing", default="./lapwing", help="binary used to count sentences")
    ap.add_argument("--sample", type=int, default=60, metavar="N")
    ap.add_argument("--seed", type=int, default=7, metavar="S")
    ap.add_argument("--sample-out", metavar="FILE", help="write the sample TSV here instead of stdout")
    ap.add_argument("--judged", metavar="FILE", help="re-apply judgments (e.g. bench/voa_judged.tsv)")
    ap.add_argument("--top", type=int, default=15, help="number of dyads listed")
    a = ap.parse_args()

    names = cameo_names()
    events = read_events(a.events)
    stories = read_corpus(a.corpus)
    ids = [str(s.get("id")) for s in stories]
    counts = sentence_counts(a.lapwing, stories)

    out = sys.stdout
    print(f"# lapwing VOA report: {a.events} on {a.corpus}", file=out)
    ev_stories = {str(e["story_id"]) for e in events}
    ev_sents = {(str(e["story_id"]), int(e["sentence"])) for e in events}
    unknown = ev_stories - set(ids)
    n_sent = sum(counts.values()) if counts else None
    print(f"stories in corpus: {len(stories)}", file=out)
    print(f"sentences (lapwing's split): {n_sent if n_sent is not None else 'unknown (lapwing not runnable)'}", file=out)
    print(f"events: {len(events)} ({len(set(map(key_of, events)))} distinct story/sentence/source/target/cameo)", file=out)
    print(f"stories with >=1 event: {len(ev_stories)} of {len(stories)} ({100.0 * len(ev_stories) / max(1, len(stories)):.1f}%)", file=out)
    if n_sent:
        print(f"sentences with >=1 event: {len(ev_sents)} of {n_sent} ({100.0 * len(ev_sents) / n_sent:.1f}%)", file=out)
    else:
        print(f"sentences with >=1 event: {len(ev_sents)} of unknown", file=out)
    print(f"events per story: {len(events) / max(1, len(stories)):.2f}; per coded sentence: {len(events) / max(1, len(ev_sents)):.2f}", file=out)
    if unknown:
        print(f"warning: {len(unknown)} story ids in the events are not in the corpus", file=out)

    src = collections.Counter(e["source"] for e in events)
    tgt = collections.Counter(e["target"] for e in events)
    print(f"\ndistinct source codes: {len(src)}; distinct target codes: {len(tgt)}; distinct actor codes: {len(set(src) | set(tgt))}", file=out)
    print("top sources: " + ", ".join(f"{c} {n}" for c, n in src.most_common(10)), file=out)
    print("top targets: " + ", ".join(f"{c} {n}" for c, n in tgt.most_common(10)), file=out)
    nocountry = sum(1 for e in events if e["source"].startswith("---") or e["target"].startswith("---"))
    print(f"events with a '---' (no country) actor: {nocountry} ({100.0 * nocountry / max(1, len(events)):.1f}%)", file=out)

    roots = collections.Counter(e["cameo"][:2] for e in events)
    print("\nevents per CAMEO root:", file=out)
    for r in range(1, 21):
        rc = f"{r:02d}"
        n = roots.get(rc, 0)
        print(f"  {rc} {names.get(rc, '?'):<38} {n:>5} {100.0 * n / max(1, len(events)):5.1f}%", file=out)
    other = {k: v for k, v in roots.items() if not (k.isdigit() and 1 <= int(k) <= 20)}
    if other:
        print(f"  other: {other}", file=out)

    dy = collections.Counter((e["source"], e["target"]) for e in events)
    print(f"\ntop {a.top} dyads:", file=out)
    for (s, t), n in dy.most_common(a.top):
        print(f"  {s:>12} -> {t:<12} {n:>4}", file=out)

    n = min(a.sample, len(events))
    idx = sorted(random.Random(a.seed).sample(range(len(events)), n))
    sample = [events[i] for i in idx]

    judged = read_judged(a.judged) if a.judged else None
    cols = SAMPLE_COLS + (["verdict", "reason", "note"] if judged is not None else [])
    lines = ["\t".join(cols)]
    for e in sample:
        row = [e["story_id"], e["sentence"], e["source"], e["target"], e["cameo"], e.get("source_text", ""),
               e.get("verb_text", ""), e.get("target_text", ""), e.get("sentence_text", "")]
        if judged is not None:
            row += list(judged.get(key_of(e), ("", "", "")))
        lines.append("\t".join(tsv(v) for v in row))

    if judged is not None:
        got = [judged[key_of(e)] for e in sample if key_of(e) in judged]
        ok = sum(1 for v in got if v[0] == "ok")
        lo, hi = wilson(ok, len(got))
        print(f"\njudgments ({a.judged}) re-applied to the sample (n={n}, seed {a.seed}):", file=out)
        print(f"  judged: {len(got)}; not judged yet: {n - len(got)}", file=out)
        if got:
            print(f"  ok: {ok}, wrong: {len(got) - ok}; precision {ok / len(got):.3f} "
                  f"(95% Wilson interval {lo:.3f}-{hi:.3f})", file=out)
            why = collections.Counter(v[1] or "?" for v in got if v[0] == "wrong")
            for r, c in why.most_common():
                print(f"    {r:<40} {c:>3}", file=out)
            byroot = collections.defaultdict(lambda: [0, 0])
            for e in sample:
                v = judged.get(key_of(e))
                if v:
                    byroot[e["cameo"][:2]][1] += 1
                    byroot[e["cameo"][:2]][0] += v[0] == "ok"
            print("  by root (ok/judged): " + ", ".join(f"{r} {k}/{n}" for r, (k, n) in sorted(byroot.items())), file=out)
            k1 = sum(k for r, (k, n) in byroot.items() if r != "01")
            n1 = sum(n for r, (k, n) in byroot.items() if r != "01")
            if n1:
                lo1, hi1 = wilson(k1, n1)
                print(f"  without root 01 (statements): {k1}/{n1} = {k1 / n1:.3f} (95% Wilson {lo1:.3f}-{hi1:.3f})", file=out)
        allj = sum(1 for e in events if key_of(e) in judged)
        print(f"  events of this run with a judgment (anywhere in the run): {allj} of {len(judged)} judgments", file=out)

    if a.sample_out:
        with open(a.sample_out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"\nsample of {n} events (seed {a.seed}) written to {a.sample_out}", file=out)
    else:
        print(f"\n# sample: {n} events, seed {a.seed}", file=out)
        print("\n".join(lines), file=out)


if __name__ == "__main__":
    main()
