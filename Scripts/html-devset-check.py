#!/usr/bin/env python3
"""Checks Chaff on real HTML pages: false alarms on the clean pages of
../shared/devset/html/, and detection on injected variants of the same pages.

usage: Scripts/html-devset-check.py [--chaff BIN] [--model M] [--html DIR] [--keep DIR]

For every page it scores (1) the page as published, which should stay clean,
and (2) three injected variants written to a temporary folder (never into the
project): a hidden <div> of spam links before </body>, a visible footer line of
|-joined keywords before </body>, and a spam prefix in the <title>. The spam
strings below are authored for this check. It prints the false-alarm rate of
the clean pages, lists every flagged clean page with its blocks, and the
detection rate per variant (a variant is detected when it has a flagged line
that the published page does not have, compared by source line and tag path).
"""
import argparse, json, os, random, re, subprocess, sys, tempfile

SPAM_ITEMS = [
    "亚洲无码视频在线观看", "国产精品免费高清", "澳门新葡京娱乐场", "百家乐真人平台", "六合彩开奖直播",
    "时时彩官方网站", "日韩成人影院", "免费黄色网站大全", "久久精品视频", "棋牌游戏送彩金",
    "cheap viagra online", "casino bonus free spins", "replica watches sale", "payday loans fast",
]
SPAM_DOMAINS = ["av8899.com", "xpj7788.net", "hg6688.vip", "bet365-cn.cc", "cheap-pills-rx.com", "yh1122.top"]


def inject_hidden(html, rng):
    items = rng.sample(SPAM_ITEMS, 6)
    links = "".join(f'<a href="http://{rng.choice(SPAM_DOMAINS)}/">{t}</a><br>' for t in items)
    block = f'<div style="display:none">{links}</div>'
    return insert_before_body_end(html, block), items


def inject_footer(html, rng):
    items = rng.sample(SPAM_ITEMS, 10)
    line = "| ".join(items)
    return insert_before_body_end(html, f"<p>{line}</p>"), [line]


def inject_title(html, rng):
    prefix = ",".join(rng.sample(SPAM_ITEMS, 3))
    match = re.search(r"<title[^>]*>", html, re.I)
    if match:
        return html[:match.end()] + prefix + " - " + html[match.end():], [prefix]
    head = re.search(r"<head[^>]*>", html, re.I)
    at = head.end() if head else 0
    return html[:at] + f"<title>{prefix}</title>" + html[at:], [prefix]


def insert_before_body_end(html, block):
    at = html.lower().rfind("</body>")
    return html + block if at < 0 else html[:at] + block + html[at:]


def score(chaff, model, paths):
    reports = {}
    for i in range(0, len(paths), 200):
        args = [chaff, "score", "--format", "jsonl", "--as", "html"] + (["--model", model] if model else []) + ["--"] + paths[i:i + 200]
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"chaff score failed: {run.stderr[-400:]}")
        for line in run.stdout.splitlines():
            report = json.loads(line)
            reports[report["source"]] = report
    return reports


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--chaff", default=os.path.join(here, "..", ".build", "release", "chaff"))
    parser.add_argument("--model")
    parser.add_argument("--html", default=os.path.join(here, "..", "..", "shared", "devset", "html"))
    parser.add_argument("--keep", help="write the variants here instead of a temporary folder")
    args = parser.parse_args()
    pages = sorted(os.path.join(root, f) for root, _, files in os.walk(args.html) for f in files if f.endswith(".html"))
    if not pages:
        sys.exit(f"no .html pages under {args.html}")
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        check(args, pages, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="chaff-html-check-") as work:
            check(args, pages, work)


def check(args, pages, work):
    """Scores the published pages and their injected variants (written to `work`)."""
    rng = random.Random(20261129)
    variants = {"hidden-links": inject_hidden, "footer-line": inject_footer, "title-prefix": inject_title}
    expected = {}
    variant_paths = []
    for index, page in enumerate(pages):
        raw = open(page, "rb").read()
        html = raw.decode("utf-8", errors="replace")
        for name, inject in variants.items():
            text, injected = inject(html, rng)
            path = os.path.join(work, f"{index:04d}-{name}.html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            expected[path] = (name, injected)
            variant_paths.append(path)
    clean = score(args.chaff, args.model, pages)
    flagged = [(p, r) for p, r in clean.items() if r["verdict"] == "injected"]
    print(f"clean pages: {len(clean)}, flagged: {len(flagged)}, false-alarm rate {len(flagged) / len(clean):.4f}")
    for path, report in sorted(flagged):
        blocks = [(b["firstLine"], b["lastLine"], round(b["score"], 3), b["reasons"][:4]) for b in report["blocks"]]
        print("  flagged:", os.path.relpath(path, args.html), blocks)
    injected = score(args.chaff, args.model, variant_paths)
    found = {name: [0, 0] for name in variants}
    origin = {os.path.join(work, f"{index:04d}-{name}.html"): page
              for index, page in enumerate(pages) for name in variants}
    for path, report in injected.items():
        name, _ = expected[path]
        found[name][1] += 1
        # Detected when the variant has a flagged line the published page does
        # not (by source line and tag path: the injections add no source line
        # before the places they change), so a page that was already flagged
        # elsewhere does not count as a detection.
        before = {(l.get("sourceLine"), l.get("tagPath")) for l in clean[origin[path]]["lines"] if l["injected"]}
        if any(l["injected"] and (l.get("sourceLine"), l.get("tagPath")) not in before for l in report["lines"]):
            found[name][0] += 1
    for name, (hit, total) in found.items():
        print(f"variant {name}: detected {hit}/{total} = {hit / total:.4f}")


if __name__ == "__main__":
    main()
