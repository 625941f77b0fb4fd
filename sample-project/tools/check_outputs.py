#!/usr/bin/env python3
"""Authoring aid for the sample's eval datasets: scores the hand-written model outputs against the datasets'
assertion cells and prints, per suite, what prompt-eval's gate should then report.

This is NOT part of the product and not how the build scores anything: prompt-eval does that in Java. It exists
because the outputs under src/test/prompt-eval/authored-outputs/ were written by hand (no model is reachable where
the sample was made) and had to be checked to really pass or fail their assertions before being recorded.

    python3 tools/check_outputs.py                   # every suite, every variant found
    python3 tools/check_outputs.py ticket-classifier # one suite

For each suite it reads datasets/<suite>.csv and authored-outputs/<suite>.<variant>.csv (variant: prod, candidate,
regressed), scores every row (a row passes when all its assertions pass; its score is the mean of the assertion
scores), and compares each variant with prod by __id: the paired delta, its standard error (plain and clustered by
__cluster, Miller 2024, arXiv 2411.00640), a 95% t-interval, McNemar's exact p-value, and the gate decision for
maxRegression 0.02 (PASS if L >= -m; FAIL if U < 0; otherwise INCONCLUSIVE), plus critical-row failures.

Assertion semantics are the ones the datasets use (see the sample's README). Where an engine could reasonably
implement a detail differently (JSON inside a fence for json-path, rouge-l tokenisation and beta, levenshtein case),
every plausible reading is evaluated and an assertion whose verdict depends on the reading is reported as FRAGILE:
the outputs were written so that none is. Exit status 1 on a fragile verdict, a malformed cell or a missing output.
Standard library only.
"""
import csv
import json
import math
import re
import sys
from collections import OrderedDict, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src" / "test" / "prompt-eval"
DATASETS = HERE / "datasets"
OUTPUTS = HERE / "authored-outputs"
VARIANTS = ("prod", "candidate", "regressed")
MARGIN = 0.02
LEVEL = 0.95
POWER = 0.80
CELL = re.compile(r"^(not-)?([a-z][a-z-]*)(?:\(([0-9.]+)\))?(?::(.*))?$", re.DOTALL)


class Malformed(Exception):
    pass


# --------------------------------------------------------------------------------------------- assertions

def list_items(value):
    """contains-any / contains-all items: comma-separated, RFC 4180 quotes for an item holding a comma."""
    items = [item.strip() for rec in csv.reader(value.splitlines(), skipinitialspace=True) for item in rec]
    items = [item for item in items if item]
    if not items:
        raise Malformed("empty list")
    return items


def json_whole(text):
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


def json_embedded(text):
    """The first JSON object or array inside the text (what contains-json accepts, fences included)."""
    decoder = json.JSONDecoder()
    for i, ch in enumerate(text):
        if ch in "{[":
            try:
                return True, decoder.raw_decode(text, i)[0]
            except ValueError:
                continue
    return False, None


JSON_PATH = re.compile(r"^\$((?:\.[^.\[\]=~\s]+|\[\d+\])*)\s*(~=|=)(.*)$", re.DOTALL)


def json_path_readings(output, value):
    m = JSON_PATH.match(value)
    if not m:
        raise Malformed(f"json-path {value!r}: expected $.a.b=value or $.a~=regex")
    steps = re.findall(r"\.([^.\[\]=~\s]+)|\[(\d+)\]", m.group(1))
    op, expected = m.group(2), m.group(3)

    def judge(parsed):
        ok, node = parsed
        if not ok:
            return False
        for name, index in steps:
            if name and isinstance(node, dict) and name in node:
                node = node[name]
            elif index and isinstance(node, list) and int(index) < len(node):
                node = node[int(index)]
            else:
                return False
        text = node if isinstance(node, str) else json.dumps(node)
        if op == "=":
            return [text == expected]
        # a regex: find and full match must agree, otherwise the verdict depends on the engine
        return [re.search(expected, text) is not None, re.fullmatch(expected, text) is not None]

    readings = []
    for parsed in (json_whole(output), json_embedded(output)):
        result = judge(parsed)
        readings.extend(result if isinstance(result, list) else [result])
    return readings


def tokens(text, scheme):
    if scheme == "lower-words":
        return re.findall(r"\w+", text.lower())
    if scheme == "words":
        return re.findall(r"\w+", text)
    return text.split()  # whitespace, punctuation attached


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(output, reference, scheme, beta):
    out, ref = tokens(output, scheme), tokens(reference, scheme)
    if not out or not ref:
        return 0.0
    l = lcs(out, ref)
    if l == 0:
        return 0.0
    p, r = l / len(out), l / len(ref)
    return (1 + beta ** 2) * p * r / (r + beta ** 2 * p)


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def similarity(a, b):
    return 1.0 if not a and not b else 1 - levenshtein(a, b) / max(len(a), len(b))


def evaluate(kind, threshold, value, output):
    """(main score, [verdicts under every plausible reading]); the first verdict is the canonical one."""
    if kind == "equals":
        ok = output == value
    elif kind in ("contains", "icontains"):
        ok = value.lower() in output.lower() if kind == "icontains" else value in output
    elif kind in ("contains-any", "contains-all", "icontains-any", "icontains-all"):
        fold = kind.startswith("i")
        hay = output.lower() if fold else output
        hits = [(item.lower() if fold else item) in hay for item in list_items(value)]
        ok = all(hits) if kind.endswith("all") else any(hits)
    elif kind == "starts-with":
        ok = output.startswith(value)
    elif kind == "regex":
        ok = re.search(value, output) is not None
    elif kind == "is-json":
        ok = json_whole(output)[0]
    elif kind == "contains-json":
        ok = json_embedded(output)[0]
    elif kind == "json-path":
        readings = json_path_readings(output, value)
        return float(readings[0]), readings
    elif kind == "rouge-l":
        t = 0.75 if threshold is None else threshold
        scores = [rouge_l(output, value, s, b) for s in ("lower-words", "words", "whitespace") for b in (1.0, 0.5, 2.0)]
        return scores[0], [s >= t - 1e-9 for s in scores]
    elif kind == "levenshtein":
        t = 0.8 if threshold is None else threshold
        scores = [similarity(output, value), similarity(output.lower(), value.lower()),
                  similarity(output.strip(), value.strip())]
        return scores[0], [s >= t - 1e-9 for s in scores]
    else:
        raise Malformed(f"assertion type {kind!r} is not implemented by this checker")
    return float(ok), [ok]


def parse_cell(cell):
    m = CELL.match(cell)
    if not m:
        raise Malformed(f"cannot parse assertion cell {cell!r}")
    negated, kind, threshold, value = bool(m.group(1)), m.group(2), m.group(3), m.group(4) or ""
    return negated, kind, float(threshold) if threshold else None, value


def score_row(row, output):
    """(pass, score, [fragile assertion descriptions], [failed assertion cells])"""
    scores, fragile, failed = [], [], []
    for column in sorted(k for k in row if k.startswith("__expected")):
        cell = row[column]
        if not cell:
            continue
        negated, kind, threshold, value = parse_cell(cell)
        score, verdicts = evaluate(kind, threshold, value, output)
        if negated:
            score, verdicts = 1.0 - score, [not v for v in verdicts]
        if len(set(verdicts)) > 1:
            fragile.append(f"{row['__id']} {column} {cell[:60]!r}: verdict depends on the reading {verdicts}")
        passed = verdicts[0]
        # a similarity assertion's score is the similarity; a binary one is 0 or 1
        scores.append(score if kind in ("rouge-l", "levenshtein") else float(passed))
        if not passed:
            failed.append(cell)
    if not scores:
        raise Malformed(f"row {row['__id']} has no assertion")
    return not failed, sum(scores) / len(scores), fragile, failed


# --------------------------------------------------------------------------------------------- statistics

def betacf(a, b, x):
    """Continued fraction of the incomplete beta function (Numerical Recipes, Lentz's method)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return h


def reg_inc_beta(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * betacf(a, b, x) / a
    return 1 - front * betacf(b, a, 1 - x) / b


def t_cdf(t, df):
    tail = 0.5 * reg_inc_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t >= 0 else tail


def t_quantile(p, df):
    lo, hi = -100.0, 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mcnemar_exact(b, c):
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def paired(base, cand, clusters):
    """Paired comparison of per-row values; clusters maps row index -> cluster key."""
    n = len(base)
    d = [c - b for b, c in zip(base, cand)]
    mean = sum(d) / n
    var = sum((x - mean) ** 2 for x in d) / (n - 1)
    se = math.sqrt(var / n)
    # Miller (2024), eq. for clustered SE: add the within-cluster cross terms to the plain variance of the mean
    groups = defaultdict(list)
    for i, key in enumerate(clusters):
        groups[key].append(d[i] - mean)
    cross = sum(sum(g) ** 2 - sum(x * x for x in g) for g in groups.values())
    se_cl = math.sqrt(max(0.0, se ** 2 + cross / n ** 2))
    t = t_quantile(1 - (1 - LEVEL) / 2, n - 1)
    t_cl = t_quantile(1 - (1 - LEVEL) / 2, len(groups) - 1)
    return dict(n=n, clusters=len(groups), base=sum(base) / n, cand=sum(cand) / n, delta=mean, sd=math.sqrt(var),
                se=se, t=t, L=mean - t * se, U=mean + t * se, se_cl=se_cl, t_cl=t_cl, L_cl=mean - t_cl * se_cl,
                U_cl=mean + t_cl * se_cl, mde=(t + t_quantile(POWER, n - 1)) * se)


def decision(L, U):
    if L >= -MARGIN:
        return "PASS" + (" (warn: U < 0)" if U < 0 else "")
    return "FAIL" if U < 0 else "INCONCLUSIVE"


# --------------------------------------------------------------------------------------------- driver

def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def check_suite(suite):
    rows = read_csv(DATASETS / f"{suite}.csv")
    ids = [r["__id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise Malformed(f"{suite}: duplicate __id")
    clusters = [r.get("__cluster") or f"row:{r['__id']}" for r in rows]
    results, problems = OrderedDict(), []
    for variant in VARIANTS:
        path = OUTPUTS / f"{suite}.{variant}.csv"
        if not path.exists():
            continue
        outputs = {r["__id"]: r["output"] for r in read_csv(path)}
        missing = [i for i in ids if i not in outputs]
        extra = [i for i in outputs if i not in set(ids)]
        if missing or extra:
            problems.append(f"{path.name}: missing {missing}, not in dataset {extra}")
            continue
        scored = [score_row(r, outputs[r["__id"]]) for r in rows]
        for (_, _, fragile, _) in scored:
            problems.extend(f"FRAGILE {variant} {f}" for f in fragile)
        results[variant] = scored

    print(f"== {suite}: {len(rows)} rows, {len(set(clusters))} clusters")
    for variant, scored in results.items():
        passed = sum(p for p, *_ in scored)
        crit_fail = [r["__id"] for r, (p, *_) in zip(rows, scored) if not p and "critical" in r["__tags"].split(",")]
        mean_score = sum(s for _, s, *_ in scored) / len(scored)
        print(f"  {variant:<10} pass {passed}/{len(rows)} = {passed / len(rows):.4f}   mean score {mean_score:.4f}"
              f"   critical failures {crit_fail or 'none'}")
        print(f"  {'':<10} failing: {[r['__id'] for r, (p, *_) in zip(rows, scored) if not p]}")
    if "prod" in results:
        base = results["prod"]
        for variant in (v for v in results if v != "prod"):
            cand = results[variant]
            fixed = [r["__id"] for r, b, c in zip(rows, base, cand) if not b[0] and c[0]]
            broken = [r["__id"] for r, b, c in zip(rows, base, cand) if b[0] and not c[0]]
            print(f"  -- {variant} vs prod: fixed {len(fixed)} {fixed}, broken {len(broken)} {broken},"
                  f" McNemar exact p = {mcnemar_exact(len(broken), len(fixed)):.4g}")
            for metric, pick in (("pass rate", lambda x: float(x[0])), ("row score", lambda x: x[1])):
                s = paired([pick(x) for x in base], [pick(x) for x in cand], clusters)
                print(f"     {metric:<9}: base {s['base']:.4f} cand {s['cand']:.4f} delta {s['delta']:+.4f}"
                      f" sd(d) {s['sd']:.4f} SE {s['se']:.4f} t({s['n'] - 1}) {s['t']:.4f}"
                      f" 95% [{s['L']:+.4f}, {s['U']:+.4f}] -> {decision(s['L'], s['U'])};"
                      f" MDE80 {s['mde']:.4f}")
                print(f"     {'':<9}  clustered SE {s['se_cl']:.4f}, t({s['clusters'] - 1}) {s['t_cl']:.4f}"
                      f" 95% [{s['L_cl']:+.4f}, {s['U_cl']:+.4f}] -> {decision(s['L_cl'], s['U_cl'])}")
            tags = sorted({t for r in rows for t in r["__tags"].split(",") if t})
            per_tag = []
            for tag in tags:
                idx = [i for i, r in enumerate(rows) if tag in r["__tags"].split(",")]
                b = sum(base[i][0] for i in idx)
                c = sum(cand[i][0] for i in idx)
                per_tag.append(f"{tag} {b}->{c}/{len(idx)}")
            print(f"     per tag (pass prod->{variant}/rows): " + ", ".join(per_tag))
    return problems


def main(argv):
    suites = argv or sorted(p.stem for p in DATASETS.glob("*.csv"))
    problems = []
    for suite in suites:
        try:
            problems.extend(check_suite(suite))
        except Malformed as e:
            problems.append(f"{suite}: {e}")
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
