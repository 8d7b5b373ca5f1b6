"""Side-by-side comparison of Chaff with peer line classifiers.

Run through `Scripts/compare-peers`, which prepares the virtualenv, bogofilter and
the release `chaff` binary. Every tool is trained on the same labeled pages
(TrainingData/pages/*.jsonl, lines with their labels), scores the same test pages
(default /work/shared/devset/pages.jsonl) and is measured in this one run:

- line precision / recall / F1 and ROC AUC over every line of the test pages;
- page detection rate (injected pages with at least one truly injected line
  flagged) and page false-alarm rate (clean pages with any line flagged), as in
  /work/shared/tools/page-metrics;
- prediction throughput: MB of line text (UTF-8, one LF per line) per second on one
  core, timing only the predict call on a model loaded from disk;
- the model's size on disk;
- with fastText among the peers, --duel-rounds alternating runs of Chaff and
  fastText, each timed in wall-clock and in CPU seconds, and their ratios.

Peers see lines one at a time (no page context) and flag a line when its spam
probability is >= 0.5; page figures follow from the line flags. Hyper-parameters
are tuned on a document-grouped 80/20 split of the TRAINING pages only; the test
pages are never trained or tuned on. Everything is written to a temporary folder
that is deleted at the end; nothing is cached in the repository.
"""
import argparse
import glob
import hashlib
import json
import os
import pickle
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
THRESHOLD = 0.5
SEED = 20240612


# ---------------------------------------------------------------- data

def read_pages(paths):
    pages = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    p = json.loads(line)
                    pages.append({"id": p["id"], "doc": p.get("doc_id") or p["id"], "lines": p["lines"],
                                  "labels": [int(bool(x)) for x in p["labels"]]})
    return pages


def training_lines(pages):
    """Non-empty lines with labels and the document group they came from."""
    texts, labels, groups = [], [], []
    for p in pages:
        for text, label in zip(p["lines"], p["labels"]):
            if text.strip():
                texts.append(text); labels.append(label); groups.append(p["doc"])
    return texts, np.array(labels), np.array(groups)


def text_bytes(lines):
    return sum(len(t.encode("utf-8")) + 1 for t in lines)


def grouped_split(groups, share=0.2):
    """Indices of a deterministic document-grouped train/validation split."""
    rng = np.random.default_rng(SEED)
    docs = np.array(sorted(set(groups.tolist())))
    rng.shuffle(docs)
    held = set(docs[: max(1, int(len(docs) * share))].tolist())
    mask = np.array([g in held for g in groups.tolist()])
    return np.where(~mask)[0], np.where(mask)[0]


_CJK = re.compile(r"([\u2e80-\u2fff\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  r"\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f])")
_SPACE = re.compile(r"\s+")


def cjk_spaced(text):
    """Lower-cased text with every CJK character a token of its own, as fastText's
    maintainers advise for languages written without spaces."""
    return _SPACE.sub(" ", _CJK.sub(r" \1 ", text.lower())).strip()


# ---------------------------------------------------------------- metrics (as page-metrics)

def auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    pos = sum(labels); neg = len(labels) - pos
    if not pos or not neg:
        return None
    rank_sum, i, r = 0.0, 0, 1
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (r + r + (j - i) - 1) / 2.0 * sum(l for _, l in pairs[i:j])
        r += j - i; i = j
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def page_metrics(pages, scores_per_page, flags_per_page):
    tp = fp = fn = 0
    injected = found = clean = alarms = 0
    all_scores, all_labels = [], []
    for p, scores, flags in zip(pages, scores_per_page, flags_per_page):
        labels = p["labels"]
        tp += sum(1 for y, f in zip(labels, flags) if y and f)
        fp += sum(1 for y, f in zip(labels, flags) if not y and f)
        fn += sum(1 for y, f in zip(labels, flags) if y and not f)
        if any(labels):
            injected += 1; found += any(y and f for y, f in zip(labels, flags))
        else:
            clean += 1; alarms += any(flags)
        all_scores += list(scores); all_labels += labels
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"line_precision": prec, "line_recall": rec,
            "line_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "page_detection": found / injected if injected else None,
            "page_false_alarm": alarms / clean if clean else None,
            "line_auc": auc(all_scores, all_labels)}


def line_f1(y, p):
    flags = p >= THRESHOLD
    tp = int(np.sum(flags & (y == 1))); fp = int(np.sum(flags & (y == 0))); fn = int(np.sum(~flags & (y == 1)))
    prec = tp / (tp + fp) if tp + fp else 0.0; rec = tp / (tp + fn) if tp + fn else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def speed_rounds(chaff_call, fasttext_call, rounds):
    """Times Chaff's and fastText's predictions alternately, `rounds` times
    each: per round, ((Chaff seconds, Chaff CPU seconds), (fastText seconds,
    fastText CPU seconds)), Chaff's without start-up and model load. The
    table's throughputs come from runs minutes apart, which a busy machine can
    slow unevenly; alternating puts both under the same load. CPU time (of
    Chaff's process; fastText predicts in this one, on one thread) leaves out
    any time a program waited for a core; on this machine its ratios have
    followed the wall-clock ones round by round (docs/benchmarks-history.md)."""
    (chaff_name, chaff_score, overhead, startup), (fasttext_name, fasttext_score) = chaff_call, fasttext_call
    log(f"speed rounds: {chaff_name} and {fasttext_name}, {rounds} interleaved rounds")

    def children_cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    startup_cpu = []
    for _ in range(3):
        before = children_cpu(); startup(); startup_cpu.append(children_cpu() - before)
    startup_cpu = statistics.median(startup_cpu)
    results = []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), children_cpu()
        chaff_score()
        chaff = (time.perf_counter() - start - overhead, children_cpu() - cpu - startup_cpu)
        start, cpu = time.perf_counter(), time.process_time()
        fasttext_score()
        fasttext = (time.perf_counter() - start, time.process_time() - cpu)
        results.append((chaff, fasttext))
    return results


def timed(fn, runs):
    """Median seconds of `runs` calls after one warm-up call, and the last result."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter(); result = fn(); times.append(time.perf_counter() - start)
    return statistics.median(times), result


def log(msg):
    print(f"[compare-peers {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- peers

class LinePeer:
    """A peer that scores lines independently: tune, fit, save, load, predict."""
    name = ""

    def scores(self, model, texts):
        raise NotImplementedError


class SklearnPeer(LinePeer):
    """scikit-learn over TF-IDF character n-grams inside word boundaries (char_wb)."""

    def __init__(self, kind, ngram_grid, param_grid):
        self.kind = kind
        self.ngram_grid = ngram_grid
        self.param_grid = param_grid
        self.name = {"nb": "scikit-learn MultinomialNB", "lr": "scikit-learn LogisticRegression"}[kind]

    def vectorizer(self, ngram):
        from sklearn.feature_extraction.text import TfidfVectorizer
        return TfidfVectorizer(analyzer="char_wb", ngram_range=ngram, sublinear_tf=True, min_df=2,
                               lowercase=True, dtype=np.float32)

    def classifier(self, param):
        if self.kind == "nb":
            from sklearn.naive_bayes import MultinomialNB
            return MultinomialNB(alpha=param)
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(C=param, solver="liblinear", max_iter=1000)

    def describe(self, cfg):
        ngram, param = cfg
        return f"char_wb {ngram[0]}-{ngram[1]}-grams TF-IDF, " + (f"alpha={param}" if self.kind == "nb" else f"C={param}")

    def tune(self, texts, labels, tr, va, cache):
        best = None
        for ngram in self.ngram_grid:
            if ngram not in cache:
                vec = self.vectorizer(ngram)
                cache[ngram] = (vec.fit_transform([texts[i] for i in tr]), vec.transform([texts[i] for i in va]))
            x_tr, x_va = cache[ngram]
            for param in self.param_grid:
                clf = self.classifier(param).fit(x_tr, labels[tr])
                f1 = line_f1(labels[va], clf.predict_proba(x_va)[:, 1])
                log(f"  {self.name}: {self.describe((ngram, param))}: validation line F1 {f1:.4f}")
                if best is None or f1 > best[0]:
                    best = (f1, (ngram, param))
        return best

    def fit_save(self, cfg, texts, labels, folder):
        from sklearn.pipeline import make_pipeline
        ngram, param = cfg
        pipe = make_pipeline(self.vectorizer(ngram), self.classifier(param)).fit(texts, labels)
        # stop_words_ lists the n-grams min_df dropped; sklearn documents that it
        # is only for introspection and may be deleted before pickling.
        vec = pipe.steps[0][1]
        if hasattr(vec, "stop_words_"):
            delattr(vec, "stop_words_")
        path = os.path.join(folder, f"sklearn-{self.kind}.pickle")
        with open(path, "wb") as f:
            pickle.dump(pipe, f, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    def load(self, path):
        with open(path, "rb") as f:
            return pickle.load(f)

    def scores(self, model, texts):
        return model.predict_proba(texts)[:, 1]


class FastTextPeer(LinePeer):
    """fastText supervised, CJK characters as separate tokens, character n-grams
    for the subwords of alphabetic words, word n-grams for CJK character bigrams."""
    name = "fastText supervised"

    def __init__(self, grid):
        self.grid = grid

    def describe(self, cfg):
        return (f"epoch={cfg['epoch']} lr={cfg['lr']} dim={cfg['dim']} wordNgrams={cfg['wordNgrams']} "
                f"minn={cfg['minn']} maxn={cfg['maxn']} bucket={cfg['bucket']}")

    def write(self, path, texts, labels):
        with open(path, "w", encoding="utf-8") as f:
            for t, y in zip(texts, labels):
                f.write(("__label__spam " if y else "__label__ham ") + cjk_spaced(t) + "\n")

    def train(self, path, cfg):
        """The trained model and the configuration it was trained with.

        fastText sometimes stops with "Encountered NaN" (diverged), and not
        always for the same configuration: with one thread and a fixed seed,
        `epoch=5 lr=0.1 dim=16` diverged in some processes and not in others.
        So a configuration is tried three times as given before its learning
        rate is halved, and the rate a model was really trained at is reported."""
        import fasttext
        for attempt in range(3):
            try:
                # One thread: one core, like every other tool.
                return fasttext.train_supervised(path, loss="softmax", thread=1, seed=SEED, verbose=0, **cfg), cfg
            except RuntimeError as error:  # "Encountered NaN": diverged
                log(f"  fastText: {error} at lr={cfg['lr']} (attempt {attempt + 1} of 3)")
        log(f"  fastText: retrying at lr={cfg['lr'] / 2}")
        return self.train(path, {**cfg, "lr": cfg["lr"] / 2})

    def tune(self, texts, labels, tr, va, folder):
        path = os.path.join(folder, "fasttext-tune.txt")
        self.write(path, [texts[i] for i in tr], labels[tr])
        va_texts = [texts[i] for i in va]
        best = None
        for cfg in self.grid:
            model, used = self.train(path, cfg)
            f1 = line_f1(labels[va], self.scores(model, va_texts))
            log(f"  {self.name}: {self.describe(used)}: validation line F1 {f1:.4f}")
            if best is None or f1 > best[0]:
                best = (f1, used)
        return best

    def fit_save(self, cfg, texts, labels, folder):
        path = os.path.join(folder, "fasttext-train.txt")
        self.write(path, texts, labels)
        out = os.path.join(folder, "fasttext.bin")
        model, used = self.train(path, cfg)
        self.fitted = used  # what the table names: the configuration really trained
        model.save_model(out)
        return out

    def load(self, path):
        import fasttext
        return fasttext.load_model(path)

    def scores(self, model, texts):
        labels, probs = model.predict([cjk_spaced(t) for t in texts], k=2)
        return np.array([p[0] if l[0] == "__label__spam" else p[1] for l, p in zip(labels, probs)])


class Bogofilter:
    """bogofilter, Debian's Bayesian spam filter: each line one message (an mbox of
    one-line messages), registered with -s/-n and scored with -T. Lines get the
    same CJK spacing as fastText, since bogofilter does not segment CJK text."""
    name = "bogofilter"

    @staticmethod
    def mbox(texts, path):
        with open(path, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                body = cjk_spaced(t)
                if body.startswith("from "):
                    body = ">" + body
                f.write(f"From line{i} Thu Jan  1 00:00:00 1970\n\n{body}\n\n")

    def run(self, args):
        # Exit status 0 spam, 1 ham, 2 unsure (of the last message in -M mode), 3 error.
        r = subprocess.run(["bogofilter", "-C", "--db-transaction=no", *args], capture_output=True, text=True)
        if r.returncode not in (0, 1, 2):
            sys.exit(f"bogofilter {' '.join(args)} exited {r.returncode}: {r.stderr[-500:]}")
        return r

    def train(self, texts, labels, db):
        os.makedirs(db, exist_ok=True)
        spam = os.path.join(db, "..", "bogo-spam.mbox"); ham = os.path.join(db, "..", "bogo-ham.mbox")
        self.mbox([t for t, y in zip(texts, labels) if y], spam)
        self.mbox([t for t, y in zip(texts, labels) if not y], ham)
        self.run(["-d", db, "-s", "-M", "-I", spam])
        self.run(["-d", db, "-n", "-M", "-I", ham])

    def scores(self, db, mbox, count):
        out = self.run(["-d", db, "-M", "-T", "-I", mbox]).stdout.split("\n")
        values = [float(l.split()[1]) for l in out if l.strip()]
        if len(values) != count:
            sys.exit(f"bogofilter gave {len(values)} scores for {count} lines")
        return np.array(values)


# ---------------------------------------------------------------- chaff

def run_chaff(args, model, test_pages, folder, runs):
    """Scores the test pages as .txt files with the release `chaff score`; the time
    is the median of `runs` runs of the whole folder minus the median start-up
    (process start and model load) of scoring one tiny page."""
    pages_dir = os.path.join(folder, "chaff-pages"); os.makedirs(pages_dir, exist_ok=True)
    paths = []
    for p in test_pages:
        path = os.path.join(pages_dir, p["id"] + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(p["lines"]) + "\n")
        paths.append(path)
    tiny = os.path.join(folder, "tiny.txt")
    with open(tiny, "w") as f:
        f.write("hello\n")
    # One thread, as the table's "1 core" column says: `chaff score` scores
    # files on every core by default.
    cmd = [args.chaff, "score", "--format", "jsonl", "--jobs", "1", "--model", model]

    def score_all():
        r = subprocess.run(cmd + paths, capture_output=True, text=True)
        # 1 is also the status of a failure (a model that does not load): then
        # stdout is empty and the missing reports are caught below.
        if r.returncode not in (0, 1) or not r.stdout.strip():
            raise RuntimeError(f"chaff score exited {r.returncode}: {r.stderr.strip()[-300:]}")
        return r.stdout

    def startup():
        subprocess.run(cmd + [tiny], capture_output=True, check=False)

    total, stdout = timed(score_all, runs)
    overhead, _ = timed(startup, runs)
    reports = {}
    for line in stdout.splitlines():
        if line.strip():
            rep = json.loads(line)
            reports[os.path.basename(rep["source"]).rsplit(".", 1)[0]] = rep
    scores, flags = [], []
    for p in test_pages:
        rep = reports.get(p["id"])
        if rep is None:
            raise RuntimeError(f"chaff score gave no report for page {p['id']}")
        if len(rep["lines"]) != len(p["labels"]):
            sys.exit(f"chaff: page {p['id']} has {len(rep['lines'])} line entries for {len(p['labels'])} lines")
        scores.append([float(l["score"]) for l in rep["lines"]])
        flags.append([bool(l["injected"]) for l in rep["lines"]])
    return scores, flags, total - overhead, total, overhead, score_all, startup


def chaff_train_time(args, train_files, folder):
    out = os.path.join(folder, "chaff-trained.chaffmodel")
    start = time.perf_counter()
    subprocess.run([args.chaff, "train", "--quiet", "--out", out, *train_files], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    with open(out, "rb") as a, open(args.chaff_model, "rb") as b:
        same = a.read() == b.read()
    return seconds, out, same


def cross_check(args, model, m):
    """Runs the project-independent page-metrics tool on the same pages and says
    whether its figures agree with the ones computed here."""
    tool = "/work/shared/tools/page-metrics"
    if not os.path.exists(tool):
        return "page-metrics not available for a cross-check"
    # page-metrics leaves its temporary folder (the test pages as files) behind:
    # it gets one of ours, which goes when the check ends.
    with tempfile.TemporaryDirectory(prefix="chaff-page-metrics-") as scratch:
        r = subprocess.run([sys.executable, tool, args.chaff, args.test, "--model", model],
                           capture_output=True, text=True, env={**os.environ, "TMPDIR": scratch})
    if r.returncode != 0:
        return f"page-metrics failed ({r.returncode})"
    theirs = json.loads(r.stdout)
    keys = ["line_precision", "line_recall", "line_f1", "page_detection", "page_false_alarm", "line_auc"]
    differ = [k for k in keys if abs(theirs[k] - round(m[k], 4)) > 1e-4]
    return "agrees with page-metrics" if not differ else f"DIFFERS from page-metrics in {', '.join(differ)}"


# ---------------------------------------------------------------- main

def digest(paths):
    """The first 12 hex digits of the SHA-256 of the files' bytes, in order."""
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def split_scores(flat, test_pages):
    out, i = [], 0
    for p in test_pages:
        out.append(flat[i:i + len(p["lines"])]); i += len(p["lines"])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", nargs="+", default=sorted(glob.glob(os.path.join(ROOT, "TrainingData/pages/*.jsonl"))))
    ap.add_argument("--test", default="/work/shared/devset/pages.jsonl")
    ap.add_argument("--chaff", default=os.path.join(ROOT, ".build-bench/release/chaff"))
    ap.add_argument("--chaff-model", default=os.path.join(ROOT, "Models/default.chaffmodel"))
    ap.add_argument("--runs", type=int, default=3, help="timed predict runs per tool, after one warm-up (default 3)")
    ap.add_argument("--duel-rounds", type=int, default=5,
                    help="interleaved Chaff/fastText prediction rounds for the throughput ratio (default 5; 0: none)")
    ap.add_argument("--peers", default="chaff,nb,lr,fasttext,bogofilter",
                    help="comma-separated subset of chaff,nb,lr,fasttext,bogofilter")
    ap.add_argument("--max-train-lines", type=int, default=0,
                    help="subsample training lines for the Python peers (0: all)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args()
    selected = set(args.peers.split(","))

    train_digest, model_digest = digest(args.train), digest([args.chaff_model])
    train_pages = read_pages(args.train)
    test_pages = read_pages([args.test])
    texts, labels, groups = training_lines(train_pages)
    if args.max_train_lines and len(texts) > args.max_train_lines:
        keep = np.sort(np.random.default_rng(SEED).choice(len(texts), args.max_train_lines, replace=False))
        texts = [texts[i] for i in keep]; labels = labels[keep]; groups = groups[keep]
    tr, va = grouped_split(groups)
    test_flat = [t for p in test_pages for t in p["lines"]]
    nonempty = [i for i, t in enumerate(test_flat) if t.strip()]
    test_texts = [test_flat[i] for i in nonempty]
    test_mb = text_bytes(test_flat) / 1e6
    log(f"training: {len(train_pages)} pages, {len(texts)} non-empty lines ({int(labels.sum())} injected); "
        f"tuning split {len(tr)}/{len(va)} lines by doc_id; test: {len(test_pages)} pages, {len(test_flat)} lines, {test_mb:.2f} MB")

    folder = tempfile.mkdtemp(prefix="chaff-peers-")
    rows, skipped = [], []
    # The first Chaff row's scoring call and fastText's, kept for the
    # interleaved speed rounds at the end.
    chaff_call, fasttext_call = None, None
    duel = []
    try:
        if "chaff" in selected:
            log("chaff: training on the same data (timed), then scoring the test pages")
            train_seconds, fresh, same = chaff_train_time(args, args.train, folder)
            models = [("Chaff", args.chaff_model, os.path.relpath(args.chaff_model, ROOT))]
            if not same:
                # The shipped model is not what the training files give now (data or
                # code changed since it was trained): show both, so that the row
                # trained on exactly the peers' data is there.
                models[0] = ("Chaff (shipped model)", args.chaff_model,
                             os.path.relpath(args.chaff_model, ROOT) + ", differs from a fresh `chaff train` of these files")
                models.append(("Chaff (trained in this run)", fresh, "`chaff train` of the training files in this run"))
            for name, model, config in models:
                try:
                    scores, flags, net, total, overhead, score_all, startup = run_chaff(
                        args, model, test_pages, folder, args.runs)
                except RuntimeError as error:
                    log(f"{name}: {error}")
                    skipped.append(f"{name} ({config}): {error}")
                    continue
                m = page_metrics(test_pages, scores, flags)
                check = cross_check(args, model, m)
                if chaff_call is None:
                    chaff_call = (name, score_all, overhead, startup)
                rows.append({"tool": name, "config": config, **m, "mb_per_s": test_mb / net,
                             "model_mb": os.path.getsize(model) / 1e6, "train_s": train_seconds,
                             "note": f"`chaff score` {total:.2f} s minus start-up and model load {overhead:.2f} s; "
                                     f"includes reading files and JSON output; {check}"})
                log(f"{name}: {m}")

        cache = {}
        peers = []
        if "nb" in selected:
            peers.append(SklearnPeer("nb", [(1, 3), (2, 4)], [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]))
        if "lr" in selected:
            peers.append(SklearnPeer("lr", [(1, 3), (2, 4)], [10.0, 100.0, 1000.0, 10000.0]))
        if "fasttext" in selected:
            grid = [{"epoch": e, "lr": lr, "dim": d, "wordNgrams": 2, "minn": 2, "maxn": 4, "bucket": 500000}
                    for e in (5, 20) for lr in (0.1, 0.5) for d in (16, 64)]
            peers.append(FastTextPeer(grid))
        for peer in peers:
            log(f"{peer.name}: tuning on the training split")
            start = time.perf_counter()
            f1, cfg = peer.tune(texts, labels, tr, va, cache if isinstance(peer, SklearnPeer) else folder)
            tune_seconds = time.perf_counter() - start
            log(f"{peer.name}: best {peer.describe(cfg)} (validation F1 {f1:.4f}); fitting on all training lines")
            start = time.perf_counter()
            path = peer.fit_save(cfg, texts, labels, folder)
            train_seconds = time.perf_counter() - start
            model = peer.load(path)
            seconds, flat = timed(lambda: peer.scores(model, test_texts), args.runs)
            full = np.zeros(len(test_flat)); full[nonempty] = flat
            per_page = split_scores(full.tolist(), test_pages)
            m = page_metrics(test_pages, per_page, [[s >= THRESHOLD for s in page] for page in per_page])
            rows.append({"tool": peer.name, "config": peer.describe(getattr(peer, "fitted", cfg)), **m, "mb_per_s": test_mb / seconds,
                         "model_mb": os.path.getsize(path) / 1e6, "train_s": train_seconds,
                         "note": f"tuned in {tune_seconds:.0f} s; validation F1 {f1:.3f}"})
            log(f"{peer.name}: {m}")
            if isinstance(peer, FastTextPeer):
                fasttext_call = (peer.name, lambda peer=peer, model=model: peer.scores(model, test_texts))
            del model
        cache.clear()

        if chaff_call and fasttext_call and args.duel_rounds > 0:
            duel = speed_rounds(chaff_call, fasttext_call, args.duel_rounds)
        fasttext_call = None

        if "bogofilter" in selected:
            log("bogofilter: registering training lines")
            bogo = Bogofilter()
            db = os.path.join(folder, "bogofilter")
            start = time.perf_counter()
            bogo.train(texts, labels, db)
            train_seconds = time.perf_counter() - start
            mbox = os.path.join(folder, "bogo-test.mbox")
            bogo.mbox(test_texts, mbox)
            seconds, flat = timed(lambda: bogo.scores(db, mbox, len(test_texts)), args.runs)
            full = np.zeros(len(test_flat)); full[nonempty] = flat
            per_page = split_scores(full.tolist(), test_pages)
            size = sum(os.path.getsize(os.path.join(db, f)) for f in os.listdir(db))
            for cutoff, label in ((THRESHOLD, "spamicity >= 0.5"), (0.99, "its own spam_cutoff 0.99")):
                m = page_metrics(test_pages, per_page, [[s >= cutoff for s in page] for page in per_page])
                rows.append({"tool": "bogofilter" + ("" if cutoff == THRESHOLD else " (cutoff 0.99)"),
                             "config": f"defaults, one line per message, flagged at {label}", **m,
                             "mb_per_s": test_mb / seconds, "model_mb": size / 1e6, "train_s": train_seconds,
                             "note": "one `bogofilter -M -T` process over an mbox of all test lines"})
                log(f"bogofilter ({label}): {m}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    meta = {"train": [os.path.relpath(p, ROOT) for p in args.train], "train_lines": len(texts),
            "train_sha256": train_digest, "chaff_model_sha256": model_digest,
            "test": args.test, "test_pages": len(test_pages), "test_lines": len(test_flat), "test_mb": test_mb}
    if args.json:
        print(json.dumps({"meta": meta, "rows": rows, "skipped": skipped,
                          "speed_rounds": [{"chaff_s": c[0], "fasttext_s": f[0], "chaff_cpu_s": c[1], "fasttext_cpu_s": f[1]}
                                           for c, f in duel]},
                         indent=1, ensure_ascii=False))
        return
    print(f"training: {', '.join(meta['train'])} ({len(train_pages)} pages, {len(texts)} non-empty lines); "
          f"test: {args.test} ({len(test_pages)} pages, {len(test_flat)} lines, {test_mb:.2f} MB)")
    print(f"sha256 of the training files {meta['train_sha256']}, of the Chaff model {meta['chaff_model_sha256']}; "
          f"{len(test_texts)} non-empty test lines scored by each peer\n")
    print("| tool | line P | line R | line F1 | page detection | page false alarm | ROC AUC | predict MB/s (1 core) | model MB | train s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    fmt = lambda v, d=3: "–" if v is None else f"{v:.{d}f}"
    for r in rows:
        print(f"| {r['tool']} | {fmt(r['line_precision'])} | {fmt(r['line_recall'])} | {fmt(r['line_f1'])} | "
              f"{fmt(r['page_detection'])} | {fmt(r['page_false_alarm'])} | {fmt(r['line_auc'])} | "
              f"{fmt(r['mb_per_s'], 2)} | {fmt(r['model_mb'], 1)} | {fmt(r['train_s'], 1)} |")
    print()
    for r in rows:
        print(f"- {r['tool']}: {r['config']}; {r['note']}")
    for line in skipped:
        print(f"- not measured: {line}")
    if duel:
        ratios = [fasttext[0] / chaff[0] for chaff, fasttext in duel]
        print(f"\n{chaff_call[0]} against {FastTextPeer.name}, prediction throughput, {len(duel)} interleaved "
              f"rounds (one Chaff run, then one fastText run, so that load on the machine hits both alike): "
              f"{', '.join(f'{r:.2f}' for r in ratios)}; median **{statistics.median(ratios):.2f}×**")
        cpu_ratios = [fasttext[1] / chaff[1] for chaff, fasttext in duel]
        print(f"\nThe same rounds in CPU time (Chaff's process without start-up and model load; fastText's "
              f"prediction in this process): {', '.join(f'{r:.2f}' for r in cpu_ratios)}; "
              f"median **{statistics.median(cpu_ratios):.2f}×**")


if __name__ == "__main__":
    main()
