#!/usr/bin/env python3
"""Compose labeled training pages from the authored pools.

Reads every language folder under TrainingData/pools/ (zh-Hans, zh-Hant, en, ja,
ru, xx; any of them may be missing; see pools/FORMAT.md for the layout) and writes
TrainingData/pages/<lang>.jsonl, one page per line:

    {"id", "lang", "script", "variant", "kind", "injection", "hard_negative",
     "lines", "labels"}

A page is site chrome (menu, breadcrumb, meta, share bar; the menu sometimes one
entry per line) + an article body (whole or a window; docs/blog/encyclopedia/
university pages often with legit URL lines from chrome/links.txt, inline or as a
"References" list) + related links + footer (occasionally with a link line). Variants: clean (~30%), hard_negative
(~25%: a legit block that looks spammy, label 0), injected (~45%: an attacker's
SEO block, label 1 on exactly its lines; a quarter of these also carry a hard
negative).

The output is deterministic: fixed seeds, sorted file listings, no set/dict order
or hash dependence. Two runs give byte-identical files.

    python3 Scripts/compose-training-pages.py            # regenerate, print counts
    python3 Scripts/compose-training-pages.py --check    # exit 1 if pages/ is stale

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import math
import os
import random
import sys
import tempfile
from pathlib import Path

SEED = 20261129

ROOT = Path(__file__).resolve().parent.parent
POOLS = ROOT / "TrainingData" / "pools"
PAGES = ROOT / "TrainingData" / "pages"

# Pool folder -> (page "lang", page "script", target number of pages).
LANGS = {
    "zh-Hans": ("zh", "Hans", 1200),
    "zh-Hant": ("zh", "Hant", 700),
    "en": ("en", None, 1200),
    "ja": ("ja", None, 500),
    "ru": ("ru", None, 400),
    "xx": ("xx", None, 400),
}
LANG_ORDER = ["zh-Hans", "zh-Hant", "en", "ja", "ru", "xx"]
DEFAULT_TARGET = 200
# Pages per article at most; fewer articles give fewer pages.
PAGES_PER_ARTICLE = 30

CHROME = ["breadcrumbs", "menus", "meta", "share", "related", "footers", "links", "stray"]
HARD = ["menus", "headlines", "topical", "friendlinks", "products", "notices"]
SPAM = ["titles", "keywords", "domains", "banners", "prefixes", "lines",
        "sms", "fragments", "fragment-cores", "fragment-mods"]

VARIANT_SHARES = [("clean", 0.30), ("hard_negative", 0.25), ("injected", 0.45)]
HARD_ON_INJECTED = 0.25

# Spam pools with comment-blacklist fragments (spam/fragments.txt, and the
# fragment-cores/-mods word lists they are also synthesized from) fill a share of
# their joined blocks (pipe lines, wrapped pipe lines, comma/hyphen prefixes,
# portal banners) with fragments alone, as blacklist dumps are injected, and mix
# a few fragments into every block; one-per-line blocks of fragments alone were
# tried and left out: they made the calibration's shape weight fall and cost
# pipe-line recall (see TrainingData/README.md). Pools with
# SMS ad sentences (spam/sms.txt) write part of their `spam_sentences` blocks
# from them. Pools without those files draw exactly as before.
FRAGMENT_BLOCK_RATE = 0.5
FRAGMENT_IN_MIXED_RATE = 0.15
SMS_BLOCK_RATE = 0.85
# Style weights for spam pools that carry SMS sentences: more sentence blocks.
STYLE_WEIGHTS_SMS = [
    ("pipe_line", 28),
    ("pipe_lines_wrapped", 10),
    ("short_lines", 16),
    ("link_list", 13),
    ("comma_prefix", 9),
    ("portal_banner", 6),
    ("spam_sentences", 22),
]
FRAGMENT_JOINS = [("", 30), (" ", 34), ("-", 26), ("_", 4), (".", 2), ("+", 2), ("--", 2)]
FRAGMENT_PREFIX_SEPARATORS = [",", "-", " ", ", ", "，", "_", " - ", "-"]

STYLE_WEIGHTS = [
    ("pipe_line", 30),
    ("pipe_lines_wrapped", 12),
    ("short_lines", 16),
    ("link_list", 13),
    ("comma_prefix", 9),
    ("portal_banner", 9),
    ("spam_sentences", 11),
]
POSITION_WEIGHTS = [("end", 42), ("before_footer", 22), ("middle", 16), ("top", 20)]
HARD_POSITION_WEIGHTS = [("middle", 35), ("before_footer", 30), ("after_body", 20), ("top", 15)]

PIPE_SEPARATORS = ["|", "| ", " | ", "｜", " |", "|", "| ", "||", " ｜ "]
PREFIX_SEPARATORS = [",", "，", "_", "-", " - ", "、", ",", "_"]
MENU_SEPARATORS = [" | ", "|", " · ", "  ", " / ", "｜", " "]

# Legit lines with URLs (chrome/links.txt): how often a page of a given article
# kind gets 1-4 of them in its body (inline after a paragraph, or as a
# "References" list at the end of the body), and how often one is a footer item.
LINK_RATE_BY_KIND = [("docs", 0.70), ("blog", 0.55), ("encyclopedia", 0.55),
                     ("university", 0.55), ("forum", 0.35), ("gov", 0.30)]
LINK_RATE_DEFAULT = 0.15
LINK_FOOTER_RATE = 0.10
LINK_HEADINGS = {
    "zh-Hans": ["参考链接", "参考资料", "参考文献", "相关链接", "延伸阅读", "参考链接：", "外部链接"],
    "zh-Hant": ["參考連結", "參考資料", "參考文獻", "相關連結", "延伸閱讀", "外部連結"],
    "en": ["References", "Further reading", "External links", "See also", "Links", "Resources:"],
    "ja": ["参考文献", "参考リンク", "関連リンク", "外部リンク", "参考資料"],
    "ru": ["Ссылки", "Литература", "Полезные ссылки", "См. также", "Источники"],
}
# The xx pool mixes languages: headings per article language (`# lang: de`), and
# their union under "xx" (what compose-html-pages.py looks up by pool name).
LINK_HEADINGS_BY_LANG = {
    "de": ["Weblinks", "Einzelnachweise", "Mehr zum Thema", "Weiterführende Links", "Quellen"],
    "fr": ["Liens externes", "Références", "Pour aller plus loin", "Sources", "Voir aussi"],
    "es": ["Enlaces externos", "Referencias", "Más información", "Fuentes", "Véase también"],
    "pl": ["Linki zewnętrzne", "Przypisy", "Zobacz też", "Źródła"],
    "it": ["Collegamenti esterni", "Note", "Voci correlate", "Fonti"],
    "pt": ["Ligações externas", "Referências", "Ver também", "Fontes"],
    "nl": ["Externe links", "Bronnen", "Zie ook", "Meer informatie"],
    "fi": ["Aiheesta muualla", "Lähteet", "Katso myös"],
    "cs": ["Externí odkazy", "Reference", "Související články"],
    "sv": ["Externa länkar", "Källor", "Se även"],
    "tr": ["Dış bağlantılar", "Kaynakça", "Ayrıca bakınız"],
}
LINK_HEADINGS["xx"] = [h for lang in sorted(LINK_HEADINGS_BY_LANG) for h in LINK_HEADINGS_BY_LANG[lang]]
# Share of page headers whose site menu is written one entry per line.
HEAD_MENU_LINES_RATE = 0.35
# Pools with chrome/stray.txt (lone separators, bullets, pagination, stars,
# counters, code braces: what text extraction leaves between blocks) put 1-4 of
# them into this share of their pages, anywhere in the page's own sections.
STRAY_RATE = 0.45


# ----------------------------------------------------------------------------
# Pools


def read_items(path: Path) -> list[str]:
    """One item per line; `#` comments and blank lines dropped."""
    if not path.is_file():
        return []
    items = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        items.append(line)
    return items


def read_groups(path: Path) -> dict[str | None, list[str]]:
    """Items of a pool file by `# lang: X` group (None: items before any group header)."""
    groups: dict[str | None, list[str]] = {}
    if not path.is_file():
        return groups
    lang: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            head = line[1:].strip()
            if head.lower().startswith("lang:"):
                lang = head.split(":", 1)[1].strip() or None
            continue
        if line:
            groups.setdefault(lang, []).append(line)
    return groups


def read_article_lang(path: Path) -> str | None:
    """The `# lang: X` header of an article (xx pool), if any."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if stripped.startswith("#"):
            head = stripped[1:].strip()
            if head.lower().startswith("lang:"):
                return head.split(":", 1)[1].strip() or None
        elif stripped:
            break
    return None


def read_article(path: Path) -> tuple[str, list[str]]:
    """An article body: `# kind: X` header, lines kept in order (blank lines too)."""
    kind = "article"
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("#"):
            head = stripped[1:].strip()
            if head.lower().startswith("kind:"):
                kind = head.split(":", 1)[1].strip() or kind
            continue
        lines.append(stripped)
    # Trim blank lines at both ends and collapse runs of blanks.
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return kind, out


class Pool:
    def __init__(self, name: str, folder: Path):
        self.name = name
        self.lang: str | None = None
        self.articles: list[tuple[str, str, list[str]]] = []
        # Article stem -> its `# lang:` (xx pool); chrome/hard items by `# lang:` group.
        self.article_lang: dict[str, str | None] = {}
        art_dir = folder / "articles"
        if art_dir.is_dir():
            for path in sorted(art_dir.iterdir(), key=lambda p: p.name):
                if path.suffix != ".txt" or not path.is_file():
                    continue
                kind, lines = read_article(path)
                if sum(1 for l in lines if l) >= 3:
                    self.articles.append((path.stem, kind, lines))
                    self.article_lang[path.stem] = read_article_lang(path)
        chrome_groups = {k: read_groups(folder / "chrome" / f"{k}.txt") for k in CHROME}
        hard_groups = {k: read_groups(folder / "hard" / f"{k}.txt") for k in HARD}
        self.chrome = {k: [it for g in chrome_groups[k].values() for it in g] for k in CHROME}
        self.hard = {k: [it for g in hard_groups[k].values() for it in g] for k in HARD}
        self.spam = {k: read_items(folder / "spam" / f"{k}.txt") for k in SPAM}
        self._groups = {"chrome": chrome_groups, "hard": hard_groups}
        self._views: dict[str, "Pool"] = {}

    def view(self, lang: str | None) -> "Pool":
        """This pool as seen by an article in language `lang`: each chrome/hard list
        narrowed to its `# lang: <lang>` group (plus ungrouped items), or the whole
        list when that group is empty. Pools without `# lang:` groups are unchanged."""
        if not lang:
            return self
        if lang in self._views:
            return self._views[lang]
        v = Pool.__new__(Pool)
        v.name = self.name
        v.lang = lang
        v.article_lang = self.article_lang
        same = [a for a in self.articles if self.article_lang.get(a[0]) == lang]
        v.articles = same or self.articles
        v.spam = self.spam
        for part in ("chrome", "hard"):
            full = getattr(self, part)
            narrowed = {}
            for k, groups in self._groups[part].items():
                items = groups.get(lang, [])
                narrowed[k] = (groups.get(None, []) + items) if items else full[k]
            setattr(v, part, narrowed)
        v._groups = self._groups
        v._views = {}
        self._views[lang] = v
        return v

    @property
    def has_hard(self) -> bool:
        return any(self.hard[k] for k in HARD)

    @property
    def has_spam(self) -> bool:
        return bool(self.spam["titles"] or self.spam["keywords"] or self.spam["lines"])


def load_pools() -> dict[str, Pool]:
    pools: dict[str, Pool] = {}
    if not POOLS.is_dir():
        return pools
    names = sorted(p.name for p in POOLS.iterdir() if p.is_dir() and not p.name.startswith("."))
    ordered = [n for n in LANG_ORDER if n in names] + [n for n in names if n not in LANG_ORDER]
    for name in ordered:
        pools[name] = Pool(name, POOLS / name)
    return pools


# ----------------------------------------------------------------------------
# Helpers


def lang_seed(name: str) -> int:
    digest = hashlib.sha256(f"{SEED}:{name}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    """k items, distinct when the pool is large enough."""
    if not items or k <= 0:
        return []
    if k <= len(items):
        return rng.sample(items, k)
    return [rng.choice(items) for _ in range(k)]


def pick_in_order(rng: random.Random, items: list[str], k: int) -> list[str]:
    """k distinct items in pool order (keeps footers and meta lines coherent)."""
    k = min(k, len(items))
    if k <= 0:
        return []
    if rng.random() < 0.6:
        start = rng.randrange(0, len(items) - k + 1)
        return items[start:start + k]
    idx = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in idx]


def split_menu(rng: random.Random, line: str) -> list[str] | None:
    """A joined menu line split into 3-15 entries (a window of it when longer),
    or None when it has no reliable separator."""
    parts: list[str] = []
    for sep in ["|", "｜", " · ", "·", "•", " / ", "/", "  "]:
        if sep in line:
            parts = [p.strip() for p in line.split(sep) if p.strip()]
            if len(parts) >= 3:
                break
            parts = []
    if not parts and not any("a" <= ch.lower() <= "z" for ch in line):
        # CJK menus joined by single spaces ("首页 政务公开 政务服务").
        parts = line.split()
    if len(parts) < 3:
        return None
    if len(parts) > 15:
        size = rng.randint(8, 15)
        start = rng.randint(0, len(parts) - size)
        parts = parts[start:start + size]
    return parts


def link_rate(kind: str) -> float:
    for prefix, rate in LINK_RATE_BY_KIND:
        if kind.startswith(prefix):
            return rate
    return LINK_RATE_DEFAULT


def render_links(rng: random.Random, links: list[str]) -> list[str]:
    """Link lines as a reference list: as written, with arrows, numbers or bullets."""
    form = weighted(rng, [("plain", 5), ("arrow", 2), ("number", 1.5), ("bullet", 1.5)])
    out = []
    for i, l in enumerate(links, 1):
        marked = l.startswith(("→", "[", "$", "git ", "deb ")) or l[:2].rstrip(".").isdigit()
        if form == "plain" or marked:
            out.append(l)
        elif form == "arrow":
            out.append("→ " + l)
        elif form == "number":
            out.append(f"[{i}] {l}")
        else:
            out.append(rng.choice(["• ", "- ", "· "]) + l)
    return out


def add_links(rng: random.Random, pool: Pool, kind: str, body: list[str]) -> list[str]:
    """Insert 1-4 legit link lines into a body (label 0), per article kind."""
    links = pool.chrome["links"]
    if not links or not body or rng.random() >= link_rate(kind):
        return body
    chosen = render_links(rng, pick(rng, links, rng.randint(1, 4)))
    if rng.random() < 0.4:
        # After a paragraph inside the body.
        cuts = [i + 1 for i, l in enumerate(body) if l]
        cut = rng.choice(cuts)
        return body[:cut] + chosen + body[cut:]
    # A reference list at the end of the body, usually under a heading.
    head = []
    headings = LINK_HEADINGS_BY_LANG.get(pool.lang or "", []) or LINK_HEADINGS.get(pool.name, [])
    if headings and rng.random() < 0.7:
        head = ([""] if rng.random() < 0.3 else []) + [rng.choice(headings)]
    return body + head + chosen


def head_menu(rng: random.Random, menus: list[str]) -> list[str]:
    """Site menu line(s) of a page header; sometimes one entry per line."""
    chosen = pick(rng, menus, 1 if rng.random() < 0.8 else 2)
    if rng.random() < HEAD_MENU_LINES_RATE:
        parts = split_menu(rng, chosen[0])
        if parts:
            return parts + chosen[1:]
    return chosen


# ----------------------------------------------------------------------------
# Spam blocks


class SpamSource:
    def __init__(self, pool: Pool, fallback_domains: list[str]):
        self.pool = pool
        self.titles = pool.spam["titles"]
        self.keywords = pool.spam["keywords"]
        self.domains = pool.spam["domains"] or fallback_domains
        self.banners = pool.spam["banners"]
        self.prefixes = pool.spam["prefixes"]
        self.lines = pool.spam["lines"]
        self.sms = pool.spam["sms"]
        self.fragments = pool.spam["fragments"]
        self.cores = pool.spam["fragment-cores"]
        self.mods = pool.spam["fragment-mods"]
        # "titles" (the usual mix) or "fragments" (a blacklist dump), set per block.
        self.mode = "titles"

    def fragment(self, rng: random.Random) -> str:
        """A comment-blacklist fragment: authored, or glued from a spam core word
        and a modifier (brand+city, word+word, hyphenated, truncated, numbered)."""
        if not (self.cores and self.mods) or rng.random() < 0.5:
            return rng.choice(self.fragments)
        core, mod = rng.choice(self.cores), rng.choice(self.mods)
        words = [mod, core] if rng.random() < 0.5 else [core, mod]
        if rng.random() < 0.1:
            words.insert(rng.randrange(3), rng.choice(self.mods))
        join = weighted(rng, FRAGMENT_JOINS)
        out = join.join(words)
        r = rng.random()
        if r < 0.22 and len(words[-1]) > 5:
            # Truncated like a blacklist substring: "weight loss solu".
            out = out[: len(out) - len(words[-1]) + rng.randint(3, len(words[-1]) - 2)]
        elif r < 0.30:
            out += rng.choice(["1", "2", "6", "24", "88", "99", "2024", "s", "-", "x"])
        elif r < 0.34:
            out = rng.choice(["-", "--", "."]) + out
        if rng.random() < 0.06:
            out = out.title() if rng.random() < 0.7 else out.upper()
        return out

    def item(self, rng: random.Random, domains: bool) -> str:
        if self.fragments:
            r = rng.random()
            if self.mode == "fragments":
                if domains and self.domains and r < 0.06:
                    return rng.choice(self.domains)
                if r < 0.90:
                    return self.fragment(rng)
            elif r < FRAGMENT_IN_MIXED_RATE:
                return self.fragment(rng)
        r = rng.random()
        if domains and self.domains and r < 0.08:
            return rng.choice(self.domains)
        if self.keywords and (r < 0.30 or not self.titles):
            return rng.choice(self.keywords)
        if self.titles:
            return rng.choice(self.titles)
        return rng.choice(self.lines)

    def items(self, rng: random.Random, k: int, domains: bool = False) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        tries = 0
        while len(out) < k and tries < k * 6:
            tries += 1
            it = self.item(rng, domains)
            if it in seen:
                continue
            seen.add(it)
            out.append(it)
        return out


def join_pipe(rng: random.Random, items: list[str]) -> str:
    sep = rng.choice(PIPE_SEPARATORS)
    line = sep.join(items)
    r = rng.random()
    if r < 0.2:
        line = line + sep.rstrip()
    elif r < 0.25:
        line = sep.strip() + line
    return line.strip()


def url_of(rng: random.Random, domain: str) -> str:
    if "://" in domain:
        return domain
    r = rng.random()
    if r < 0.35:
        return domain
    if r < 0.55:
        return "http://" + domain
    if r < 0.85:
        return "https://" + domain + ("/" if rng.random() < 0.5 else "")
    return "www." + domain if not domain.startswith("www.") else domain


def make_spam(rng: random.Random, style: str, src: SpamSource, title: str) -> list[str]:
    """The lines of one spam block (all non-empty)."""
    if style == "pipe_line":
        return [join_pipe(rng, src.items(rng, rng.randint(8, 60), domains=rng.random() < 0.3))]
    if style == "pipe_lines_wrapped":
        n = rng.randint(2, 6)
        sep = rng.choice(PIPE_SEPARATORS)
        out = []
        for _ in range(n):
            out.append(sep.join(src.items(rng, rng.randint(5, 10), domains=rng.random() < 0.3)).strip())
        return out
    if style == "short_lines":
        return src.items(rng, rng.randint(3, 25), domains=rng.random() < 0.2)
    if style == "link_list":
        n = rng.randint(3, 15)
        form = rng.randrange(5)
        out = []
        titles = src.items(rng, n)
        doms = pick(rng, src.domains, n) if src.domains else []
        for i in range(n):
            t = titles[i % len(titles)] if titles else ""
            d = url_of(rng, doms[i]) if doms else ""
            if not d:
                out.append(t)
            elif form == 0:
                out.append(f"{t} {d}")
            elif form == 1:
                out.append(f"{t}：{d}" if rng.random() < 0.5 else f"{t}: {d}")
            elif form == 2:
                out.append(d)
            elif form == 3:
                out.append(f"{d} {t}")
            else:
                out.append(f"{t} - {d}" if rng.random() < 0.7 else f"{t}")
        return [l.strip() for l in out if l.strip()]
    if style == "comma_prefix" and src.mode == "fragments":
        sep = rng.choice(FRAGMENT_PREFIX_SEPARATORS)
        line = sep.join(src.items(rng, rng.randint(3, 9)))
        if title and rng.random() < 0.25:
            line = line + rng.choice(["_", "-", " - ", "|", ","]) + title
        return [line]
    if style == "comma_prefix":
        if src.prefixes and rng.random() < 0.6:
            line = rng.choice(src.prefixes)
        else:
            sep = rng.choice(PREFIX_SEPARATORS)
            line = sep.join(src.items(rng, rng.randint(3, 8)))
        if title and rng.random() < 0.3:
            line = line + rng.choice(["_", "-", " - ", "|", ","]) + title
        return [line]
    if style == "portal_banner":
        banner = rng.choice(src.banners) if src.banners else rng.choice(src.titles or src.keywords)
        if src.domains and rng.random() < 0.35:
            banner = banner + rng.choice([" ", "：", ": ", " → "]) + url_of(rng, rng.choice(src.domains))
        form = rng.randrange(3)
        if form == 0:
            body = src.items(rng, rng.randint(3, 15))
        elif form == 1:
            body = [join_pipe(rng, src.items(rng, rng.randint(8, 30), domains=True))]
        else:
            body = make_spam(rng, "link_list", src, title)
        return [banner] + body
    if style == "spam_sentences" and src.mode == "sms":
        # SMS ad sentences, as a block of lines (one message each).
        return pick(rng, src.sms, int(weighted(rng, [("1", 2), ("2", 4), ("3", 4), ("4", 3), ("5", 1.5), ("6", 1)])))
    if style == "spam_sentences":
        pool = src.lines or src.titles
        return pick(rng, pool, rng.randint(1, 6))
    raise ValueError(style)


# ----------------------------------------------------------------------------
# Hard negatives


def make_hard(rng: random.Random, pool: Pool) -> tuple[str, list[str]] | None:
    h = pool.hard
    options = []
    if h["menus"]:
        options += [("nav_menu", 2), ("menu_lines", 3)]
    if h["headlines"]:
        options += [("headline_list", 3), ("headline_pipe", 2)]
    if h["topical"]:
        options += [("topical_paragraph", 3)]
    if h["friendlinks"]:
        options += [("friend_links", 2)]
    if h["products"]:
        options += [("product_list", 2)]
    if h["notices"]:
        options += [("notice_lines", 2)]
    if not options:
        return None
    kind = weighted(rng, options)
    if kind == "nav_menu":
        return kind, pick(rng, h["menus"], 1 if rng.random() < 0.75 else 2)
    if kind == "menu_lines":
        # A menu written one entry per line: split a joined menu at its separator
        # (mostly the hard menus and tag lists, sometimes a site's own main menu).
        menus = h["menus"]
        if pool.chrome["menus"] and rng.random() < 0.3:
            menus = pool.chrome["menus"]
        line = rng.choice(menus)
        parts = split_menu(rng, line)
        if parts:
            return kind, parts
        return "nav_menu", [line]
    if kind == "headline_list":
        return kind, pick(rng, h["headlines"], rng.randint(4, 15))
    if kind == "headline_pipe":
        n = rng.randint(2, 3) if rng.random() < 0.2 else 1
        sep = rng.choice(PIPE_SEPARATORS + ["  ", " · "])
        return kind, [sep.join(pick(rng, h["headlines"], rng.randint(5, 18))).strip() for _ in range(n)]
    if kind == "topical_paragraph":
        return kind, pick(rng, h["topical"], rng.randint(1, 3))
    if kind == "friend_links":
        names = pick(rng, h["friendlinks"], rng.randint(4, 16))
        r = rng.random()
        if r < 0.5:
            return kind, [rng.choice(MENU_SEPARATORS).join(names).strip()]
        if r < 0.75:
            return kind, names
        n = max(2, len(names) // 2)
        sep = rng.choice(MENU_SEPARATORS)
        return kind, [sep.join(names[:n]).strip(), sep.join(names[n:]).strip()]
    if kind == "product_list":
        return kind, pick(rng, h["products"], rng.randint(3, 10))
    if kind == "notice_lines":
        # Legit SMS / phone-service notices (text alerts, STOP to opt out, billing).
        return kind, pick(rng, h["notices"], rng.randint(1, 5))
    raise ValueError(kind)


# ----------------------------------------------------------------------------
# Pages


def article_window(rng: random.Random, lines: list[str]) -> tuple[str, list[str]]:
    """(title, body): the first line as title, then the body or a window of it."""
    title = lines[0]
    body = lines[1:]
    n = len(body)
    if n > 12 and rng.random() < 0.45:
        size = rng.randint(max(6, n // 3), n - 1)
        start = rng.randint(0, n - size)
        body = body[start:start + size]
    while body and not body[0]:
        body = body[1:]
    while body and not body[-1]:
        body = body[:-1]
    return title, body


def compose_skeleton(rng: random.Random, pool: Pool, kind: str, lines: list[str]) -> dict:
    """Sections of a legit page, each a list of lines."""
    c = pool.chrome
    title, body = article_window(rng, lines)
    body = add_links(rng, pool, kind, body)
    head: list[str] = []
    if c["menus"] and rng.random() < 0.6:
        head += head_menu(rng, c["menus"])
    if c["breadcrumbs"] and rng.random() < 0.7:
        head.append(rng.choice(c["breadcrumbs"]))
    top: list[str] = []
    # Sometimes the body window starts mid-article; keep the title then anyway.
    if rng.random() < 0.9:
        top.append(title)
    if c["meta"] and rng.random() < 0.75:
        top += pick_in_order(rng, c["meta"], rng.randint(1, 3))
    if c["share"] and rng.random() < 0.3:
        top.append(rng.choice(c["share"]))
    tail: list[str] = []
    if c["share"] and rng.random() < 0.5:
        tail += pick(rng, c["share"], rng.randint(1, 2))
    if c["related"] and rng.random() < 0.5:
        tail += pick_in_order(rng, c["related"], rng.randint(2, 6))
    foot: list[str] = []
    if c["footers"] and rng.random() < 0.85:
        foot = pick_in_order(rng, c["footers"], rng.randint(1, 5))
    if c["links"] and rng.random() < LINK_FOOTER_RATE:
        # A homepage / contact / RSS line among the footer items.
        foot.insert(rng.randint(0, len(foot)), rng.choice(c["links"]))
    sections = {"head": head, "top": top, "body": body, "tail": tail, "foot": foot}
    if c["stray"] and rng.random() < STRAY_RATE:
        for _ in range(rng.randint(1, 4)):
            sec = sections[weighted(rng, [("head", 2), ("top", 1), ("body", 3), ("tail", 2), ("foot", 2)])]
            sec.insert(rng.randint(0, len(sec)), rng.choice(c["stray"]))
    return sections


def flatten(rng: random.Random, sections: dict, blocks: dict) -> tuple[list[str], list[int], dict]:
    """Join sections and insert blocks. `blocks` maps a slot name to (lines, label)
    lists. Returns lines, labels and the first line index of each block."""
    lines: list[str] = []
    labels: list[int] = []
    where: dict[str, int] = {}
    blank_rate = rng.choice([0.0, 0.0, 0.15, 0.35])

    def gap():
        if lines and lines[-1] and rng.random() < blank_rate:
            lines.append("")
            labels.append(0)

    def put_block(slot: str):
        for name, blines, label in blocks.get(slot, []):
            gap()
            where[name] = len(lines)
            for l in blines:
                lines.append(l)
                labels.append(label)
            gap()

    def put(sec: list[str]):
        for l in sec:
            lines.append(l)
            labels.append(0)

    put_block("very_top")
    put(sections["head"])
    put_block("top")
    gap()
    put(sections["top"])
    gap()
    body = sections["body"]
    mid_slots = [(n, b, l) for slot in ("middle",) for (n, b, l) in blocks.get(slot, [])]
    if mid_slots and body:
        # Insert at a paragraph boundary inside the body, never at its very start.
        cut = rng.randint(1, max(1, len(body) - 1)) if len(body) > 1 else len(body)
        put(body[:cut])
        put_block("middle")
        put(body[cut:])
    else:
        put(body)
        put_block("middle")
    put_block("after_body")
    gap()
    put(sections["tail"])
    put_block("before_footer")
    gap()
    put(sections["foot"])
    put_block("end")
    # Blank runs and trailing blanks are cleaned up by construction; drop a trailing blank.
    while lines and not lines[-1]:
        lines.pop()
        labels.pop()
    return lines, labels, where


def indent(rng: random.Random, lines: list[str]) -> list[str]:
    """Some extracted pages keep the HTML's indentation (see the seed page)."""
    if rng.random() >= 0.08:
        return lines
    pad = rng.choice(["  ", "    ", "        ", "\t"])
    return [pad + l if l else l for l in lines]


class Composer:
    def __init__(self, pools: dict[str, Pool]):
        self.pools = pools
        fallback: list[str] = []
        for name in ["zh-Hans", "zh-Hant", "en"]:
            if name in pools and pools[name].spam["domains"]:
                fallback = pools[name].spam["domains"]
                break
        self.fallback_domains = fallback
        self.sources = {n: SpamSource(p, fallback) for n, p in pools.items() if p.has_spam}

    def spam_choices(self, name: str) -> list[tuple[str, float]]:
        """Which spam pools a page of this language receives, with weights."""
        has = self.sources
        choices: list[tuple[str, float]] = []
        if name == "zh-Hans":
            choices = [("zh-Hans", 80), ("zh-Hant", 20)]
        elif name == "zh-Hant":
            choices = [("zh-Hant", 80), ("zh-Hans", 20)]
        elif name == "en":
            choices = [("zh-Hans", 32), ("zh-Hant", 8), ("en", 60)]
        elif name == "ja":
            choices = [("zh-Hans", 45), ("zh-Hant", 10), ("ja", 45)]
        elif name == "ru":
            choices = [("zh-Hans", 55), ("zh-Hant", 10), ("ru", 25), ("en", 10)]
        else:
            choices = [("zh-Hans", 50), ("zh-Hant", 10), ("en", 15), (name, 25)]
        choices = [(n, w) for n, w in choices if n in has]
        if not choices:
            choices = [(n, 1.0) for n in has]
        return choices

    def compose_language(self, name: str) -> tuple[list[dict], dict]:
        pool = self.pools[name]
        lang, script, target = LANGS.get(name, (name, None, DEFAULT_TARGET))
        rng = random.Random(lang_seed(name))
        if not pool.articles:
            return [], {}
        n_pages = min(target, len(pool.articles) * PAGES_PER_ARTICLE)
        can_hard = pool.has_hard
        spam_choices = self.spam_choices(name)
        can_spam = bool(spam_choices)

        # Exact variant counts, then shuffled.
        counts = {v: int(round(s * n_pages)) for v, s in VARIANT_SHARES}
        counts["injected"] = n_pages - counts["clean"] - counts["hard_negative"]
        if not can_hard:
            counts["clean"] += counts["hard_negative"]
            counts["hard_negative"] = 0
        if not can_spam:
            counts["clean"] += counts["injected"]
            counts["injected"] = 0
        variants = []
        for v, _ in VARIANT_SHARES:
            variants += [v] * counts[v]
        rng.shuffle(variants)

        # Articles in rounds, so each one is used about equally often.
        order: list[int] = []
        while len(order) < n_pages:
            r = list(range(len(pool.articles)))
            rng.shuffle(r)
            order += r

        pages = []
        for i in range(n_pages):
            stem, kind, alines = pool.articles[order[i]]
            variant = variants[i]
            # Chrome and hard negatives in the article's own language (xx pool).
            apool = pool.view(pool.article_lang.get(stem))
            sections = compose_skeleton(rng, apool, kind, alines)
            blocks: dict[str, list] = {}
            injection = None
            hard_negative = None

            want_hard = variant == "hard_negative" or (
                variant == "injected" and can_hard and rng.random() < HARD_ON_INJECTED)
            if want_hard:
                made = make_hard(rng, apool)
                if made:
                    hkind, hlines = made
                    hpos = weighted(rng, HARD_POSITION_WEIGHTS)
                    blocks.setdefault(hpos, []).append(("hard", hlines, 0))
                    hard_negative = {"kind": hkind, "position": hpos, "n_lines": len(hlines)}

            if variant == "injected":
                src_name = weighted(rng, spam_choices)
                src = self.sources[src_name]
                style = weighted(rng, STYLE_WEIGHTS_SMS if src.sms else STYLE_WEIGHTS)
                items_kind = "titles"
                if src.fragments and rng.random() < FRAGMENT_BLOCK_RATE and style not in ("spam_sentences", "short_lines", "link_list"):
                    items_kind = "fragments"
                if src.sms and style == "spam_sentences" and rng.random() < SMS_BLOCK_RATE:
                    items_kind = "sms"
                src.mode = items_kind
                if style == "comma_prefix" and not (src.titles or src.prefixes):
                    style = "pipe_line"
                if style == "spam_sentences" and not src.lines:
                    style = "short_lines"
                spam = make_spam(rng, style, src, alines[0])
                src.mode = "titles"
                spam = [s for s in spam if s.strip()]
                if style == "comma_prefix":
                    position, slot = "top", "very_top"
                else:
                    position = weighted(rng, POSITION_WEIGHTS)
                    slot = position
                    if position == "top":
                        slot = "very_top" if rng.random() < 0.4 else "top"
                blocks.setdefault(slot, []).append(("spam", spam, 1))
                slang, sscript = LANGS.get(src_name, (src_name, None, 0))[:2]
                injection = {
                    "style": style,
                    "position": position,
                    "n_spam_lines": len(spam),
                    "spam_lang": slang,
                    "spam_script": sscript,
                    "script_mismatch": bool(script and sscript and script != sscript),
                    "spam_pool": src_name,
                    "items": items_kind,
                }

            lines, labels, where = flatten(rng, sections, blocks)
            lines = indent(rng, lines)
            page = {
                "id": f"{name}-{i:06d}",
                "lang": lang,
                "script": script,
                "variant": variant,
                "kind": kind,
                "doc_id": f"{name}/articles/{stem}.txt",
                "injection": injection,
                "hard_negative": hard_negative,
                "lines": lines,
                "labels": labels,
            }
            validate(page)
            pages.append(page)
        return pages, {}


def validate(page: dict) -> None:
    lines, labels = page["lines"], page["labels"]
    assert len(lines) == len(labels), page["id"]
    assert all(l in (0, 1) for l in labels), page["id"]
    assert not any(lab == 1 and not line.strip() for line, lab in zip(lines, labels)), page["id"]
    n_spam = sum(labels)
    if page["variant"] == "injected":
        assert n_spam >= 1, page["id"]
        assert n_spam == page["injection"]["n_spam_lines"], page["id"]
    else:
        assert n_spam == 0, page["id"]


# ----------------------------------------------------------------------------
# Output and counts


def write_pages(out_dir: Path, by_lang: dict[str, list[dict]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, pages in by_lang.items():
        path = out_dir / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for page in pages:
                f.write(json.dumps(page, ensure_ascii=False, separators=(",", ":")))
                f.write("\n")


def tally(by_lang: dict[str, list[dict]]) -> str:
    def table(title: str, header: list[str], rows: list[list]) -> list[str]:
        out = [f"### {title}", "", "| " + " | ".join(header) + " |",
               "|" + "|".join("---" for _ in header) + "|"]
        for r in rows:
            out.append("| " + " | ".join(str(x) for x in r) + " |")
        out.append("")
        return out

    variants = [v for v, _ in VARIANT_SHARES]
    styles = [s for s, _ in STYLE_WEIGHTS]
    positions = [p for p, _ in POSITION_WEIGHTS]
    hkinds = ["nav_menu", "menu_lines", "headline_list", "headline_pipe",
              "topical_paragraph", "friend_links", "product_list", "notice_lines"]
    lines_out: list[str] = []

    rows = []
    tot = {v: 0 for v in variants}
    for name, pages in by_lang.items():
        c = {v: 0 for v in variants}
        for p in pages:
            c[p["variant"]] += 1
        for v in variants:
            tot[v] += c[v]
        n_lines = sum(len(p["lines"]) for p in pages)
        n_spam = sum(sum(p["labels"]) for p in pages)
        arts = len({p["doc_id"] for p in pages})
        rows.append([name, arts, len(pages)] + [c[v] for v in variants] + [n_lines - n_spam, n_spam])
    rows.append(["**all**", sum(r[1] for r in rows), sum(r[2] for r in rows)]
                + [tot[v] for v in variants]
                + [sum(r[-2] for r in rows), sum(r[-1] for r in rows)])
    lines_out += table("Pages and lines", ["pool", "articles", "pages"] + variants
                       + ["legit lines", "spam lines"], rows)

    rows = []
    for name, pages in by_lang.items():
        c = {s: 0 for s in styles}
        for p in pages:
            if p["injection"]:
                c[p["injection"]["style"]] += 1
        rows.append([name] + [c[s] for s in styles])
    lines_out += table("Injection styles (pages)", ["pool"] + styles, rows)

    kinds = ["titles", "fragments", "sms"]
    rows = []
    for name, pages in by_lang.items():
        c = {k: 0 for k in kinds}
        for p in pages:
            if p["injection"]:
                c[p["injection"]["items"]] += 1
        rows.append([name] + [c[k] for k in kinds])
    lines_out += table("Spam items (pages): titles and keywords, blacklist fragments, SMS sentences",
                       ["pool"] + kinds, rows)

    rows = []
    for name, pages in by_lang.items():
        c = {s: 0 for s in positions}
        src: dict[str, int] = {}
        mism = 0
        for p in pages:
            inj = p["injection"]
            if inj:
                c[inj["position"]] += 1
                src[inj["spam_pool"]] = src.get(inj["spam_pool"], 0) + 1
                mism += inj["script_mismatch"]
        src_s = ", ".join(f"{k} {src[k]}" for k in sorted(src))
        rows.append([name] + [c[s] for s in positions] + [mism, src_s])
    lines_out += table("Injection positions and spam pools (pages)",
                       ["pool"] + positions + ["script mismatch", "spam pool"], rows)

    rows = []
    for name, pages in by_lang.items():
        c = {s: 0 for s in hkinds}
        for p in pages:
            if p["hard_negative"]:
                c[p["hard_negative"]["kind"]] += 1
        rows.append([name] + [c[s] for s in hkinds])
    lines_out += table("Hard-negative kinds (pages; includes injected pages that also carry one)",
                       ["pool"] + hkinds, rows)
    return "\n".join(lines_out)


def generate(out_dir: Path) -> dict[str, list[dict]]:
    pools = load_pools()
    composer = Composer(pools)
    by_lang: dict[str, list[dict]] = {}
    for name in pools:
        pages, _ = composer.compose_language(name)
        if pages:
            by_lang[name] = pages
    write_pages(out_dir, by_lang)
    return by_lang



def check_output(generate_into, out: Path, program: str, what: str) -> int:
    """Regenerates into a temporary folder and compares with `out`: 0 when every
    .jsonl file is byte-identical, else 1 with what differs on stderr. Shared by
    the composition scripts' --check."""
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        generate_into(tmpdir)
        fresh = sorted(p.name for p in tmpdir.glob("*.jsonl"))
        have = sorted(p.name for p in out.glob("*.jsonl")) if out.is_dir() else []
        stale = []
        if fresh != have:
            stale.append(f"file sets differ: generated {fresh}, present {have}")
        for n in fresh:
            if n in have and not filecmp.cmp(tmpdir / n, out / n, shallow=False):
                stale.append(f"{n} differs")
        if stale:
            for s in stale:
                print(f"{program}: {s}", file=sys.stderr)
            print(f"{program}: {what} stale; run python3 Scripts/{program}.py", file=sys.stderr)
            return 1
        print(f"{program}: {what} up to date")
        return 0

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary folder; exit 1 if TrainingData/pages differs")
    ap.add_argument("--out", type=Path, default=PAGES, help="output folder (default TrainingData/pages)")
    args = ap.parse_args()

    if args.check:
        return check_output(generate, args.out, "compose-training-pages", "pages are")

    by_lang = generate(args.out)
    print(tally(by_lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
