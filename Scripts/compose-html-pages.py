#!/usr/bin/env python3
"""Compose labeled HTML training pages from the composed text pages.

Reads TrainingData/pages/<lang>.jsonl (written by compose-training-pages.py) and
the pools under TrainingData/pools/, picks a deterministic subset of about 1,200
pages (every language and variant, weighted like the text set) and renders each
one as a realistic HTML page from one of seven site templates. Writes
TrainingData/pages-html/<lang>.jsonl, one page per line:

    {"id": "html-<orig id>", "lang", "script", "variant", "kind", "doc_id",
     "injection": {... "html_form", "html_hiding", ...} or null, "html": "<!DOCTYPE html>..."}

Labels live in the markup: a line is injected when it lies inside an element
carrying `data-chaff-label="1"` (also allowed on <title> and <meta>), which is
how `chaff train` reads records with an "html" field. Injected pages put the
page's spam lines (label 1 in the text page) into one of the forms attackers use:
a hidden block of links, a visible `|`-joined keyword line, a visible list of
one link per line, a hijacked <title> prefix, or stuffed meta keywords. Clean
and hard-negative pages carry no label, but have the markup that looks like
injection and is not: dropdown sub-menus hidden by CSS, off-screen "skip to
content" text, <noscript> notices, friend links to external government and
university sites, social share buttons, honest meta keywords and descriptions.

The structure of each text page (which line is menu, title, body, footer, which
block is spam or a hard negative) is recovered by re-running the text composer
in-process with tagged strings; the script checks that it reproduces the text
pages exactly and stops when pages/ is stale.

The output is deterministic: fixed seeds, sorted inputs, no set/dict-order or
hash dependence. Two runs give byte-identical files.

    python3 Scripts/compose-html-pages.py             # regenerate, print counts
    python3 Scripts/compose-html-pages.py --check     # exit 1 if pages-html/ is stale
    python3 Scripts/compose-html-pages.py --validate  # parse pages-html/ and check the labels

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import html
import importlib.util
import json
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
import random

SEED = 20261207
TOTAL_PAGES = 1200

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "Scripts"
POOLS = ROOT / "TrainingData" / "pools"
PAGES = ROOT / "TrainingData" / "pages"
OUT = ROOT / "TrainingData" / "pages-html"

LANG_ORDER = ["zh-Hans", "zh-Hant", "en", "ja", "ru", "xx"]
VARIANTS = ["clean", "hard_negative", "injected"]
TEMPLATES = ["gov_table", "portal_a11y", "wordpress", "shop", "news", "institution", "docs"]
FORMS = ["hidden", "visible_line", "link_list", "title", "meta"]
HIDINGS = ["inline_display_none", "class_rule", "offscreen", "font_size_0", "marquee",
           "text_indent", "visibility_hidden", "hidden_attr"]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def seed_of(*parts: str) -> int:
    digest = hashlib.sha256(":".join([str(SEED)] + list(parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def load_composer_module():
    """A fresh instance of Scripts/compose-training-pages.py as a module."""
    spec = importlib.util.spec_from_file_location("compose_training_pages", SCRIPTS / "compose-training-pages.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# The text composer's helpers, shared rather than copied.
_COMPOSER = load_composer_module()
weighted = _COMPOSER.weighted


def is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


# ----------------------------------------------------------------------------
# Authored site material: UI strings, sites, hosts. Written for this project.

UI: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "home": "首页", "menu": "菜单", "skip": "跳转到主要内容", "search": "站内搜索", "search_btn": "搜索",
        "noscript": "您的浏览器未启用JavaScript，部分功能可能无法正常使用，请开启后刷新页面。",
        "share": "分享到：", "friend": "友情链接", "related": "相关文章", "recent": "最新文章",
        "categories": "分类目录", "archives": "文章归档", "comments": "条评论", "reply_title": "发表评论",
        "reply_btn": "提交评论", "back_top": "返回顶部", "print": "【打印本页】", "close": "【关闭窗口】",
        "prev": "上一篇", "next": "下一篇", "toc": "目录", "edit": "在 Gitee 上编辑此页",
        "sitemap": "网站地图", "contact": "联系我们", "about": "关于我们", "login": "登录",
        "current": "当前位置：", "sethome": "设为首页", "favorite": "加入收藏", "a11y": "无障碍浏览",
        "mobile": "手机版", "today": "今天是", "on_page": "本页目录", "cart": "购物车",
        "hotline": "服务热线", "tags": "标签", "reply": "回复", "said": "说：", "wx": "微信",
        "error_gov": "政府网站找错", "top_news": "热点新闻",
    },
    "zh-Hant": {
        "home": "首頁", "menu": "選單", "skip": "跳到主要內容區塊", "search": "站內搜尋", "search_btn": "搜尋",
        "noscript": "您的瀏覽器不支援JavaScript功能，若網頁功能無法正常使用時，請開啟瀏覽器JavaScript狀態。",
        "share": "分享：", "friend": "相關連結", "related": "相關文章", "recent": "最新文章",
        "categories": "文章分類", "archives": "彙整", "comments": "則留言", "reply_title": "發表迴響",
        "reply_btn": "發佈留言", "back_top": "回頁首", "print": "列印", "close": "關閉視窗",
        "prev": "上一篇", "next": "下一篇", "toc": "目錄", "edit": "在 GitHub 上編輯此頁",
        "sitemap": "網站導覽", "contact": "聯絡我們", "about": "關於我們", "login": "登入",
        "current": "現在位置：", "sethome": "English", "favorite": "RSS", "a11y": "無障礙說明",
        "mobile": "行動版", "today": "今天是", "on_page": "本頁內容", "cart": "購物車",
        "hotline": "客服專線", "tags": "標籤", "reply": "回覆", "said": "表示：", "wx": "LINE",
        "error_gov": "網站資料開放宣告", "top_news": "熱門新聞", "font": "字級：", "font_s": "小",
        "font_m": "中", "font_l": "大",
    },
    "en": {
        "home": "Home", "skip": "Skip to main content", "search": "Search this site", "search_btn": "Search",
        "noscript": "JavaScript is disabled in your browser. Please enable JavaScript to use all features of this site.",
        "share": "Share:", "friend": "Useful links", "related": "Related posts", "recent": "Recent Posts",
        "categories": "Categories", "archives": "Archives", "comments": "Comments", "reply_title": "Leave a Reply",
        "reply_btn": "Post Comment", "back_top": "Back to top", "print": "Print", "close": "Close",
        "prev": "Previous", "next": "Next", "toc": "Contents", "edit": "Edit this page on GitHub",
        "sitemap": "Sitemap", "contact": "Contact", "about": "About", "login": "Log in",
        "current": "You are here:", "today": "Today is", "on_page": "On this page", "cart": "Cart",
        "hotline": "Call us", "tags": "Tags", "reply": "Reply", "said": "says:", "top_news": "Top stories",
        "apply": "Apply", "give": "Give", "visit": "Visit", "sethome": "Set as Homepage", "favorite": "Bookmark",
        "a11y": "Accessibility", "mobile": "Mobile", "error_gov": "Report an error",
    },
    "ja": {
        "home": "ホーム", "menu": "メニュー", "skip": "本文へスキップ", "search": "サイト内検索", "search_btn": "検索",
        "noscript": "このサイトではJavaScriptを使用しています。ブラウザの設定でJavaScriptを有効にしてください。",
        "share": "シェアする", "friend": "関連リンク", "related": "関連記事", "recent": "最近の投稿",
        "categories": "カテゴリー", "archives": "アーカイブ", "comments": "件のコメント", "reply_title": "コメントを残す",
        "reply_btn": "コメントを送信", "back_top": "ページの先頭へ", "print": "印刷", "close": "閉じる",
        "prev": "前へ", "next": "次へ", "toc": "目次", "edit": "GitHubでこのページを編集",
        "sitemap": "サイトマップ", "contact": "お問い合わせ", "about": "会社概要", "login": "ログイン",
        "current": "現在位置：", "today": "本日は", "on_page": "このページの内容", "cart": "カートを見る",
        "hotline": "フリーダイヤル", "tags": "タグ", "reply": "返信", "said": "より:", "top_news": "注目のニュース",
        "font": "文字サイズ", "font_s": "小", "font_m": "中", "font_l": "大", "free_ship": "5,500円以上のご注文で送料無料",
        "law": "特定商取引法に基づく表記", "privacy": "プライバシーポリシー", "guide": "ご利用ガイド",
    },
    "ru": {
        "home": "Главная", "menu": "Меню", "skip": "Перейти к содержимому", "search": "Поиск по сайту", "search_btn": "Найти",
        "noscript": "Для полноценной работы сайта включите JavaScript в настройках браузера.",
        "share": "Поделиться:", "friend": "Полезные ссылки", "related": "Читайте также", "recent": "Свежие записи",
        "categories": "Рубрики", "archives": "Архивы", "comments": "комментария", "reply_title": "Добавить комментарий",
        "reply_btn": "Отправить комментарий", "back_top": "Наверх", "print": "Версия для печати", "close": "Закрыть",
        "prev": "Назад", "next": "Вперёд", "toc": "Содержание", "edit": "Редактировать на GitHub",
        "sitemap": "Карта сайта", "contact": "Контакты", "about": "О проекте", "login": "Войти",
        "current": "Вы здесь:", "today": "Сегодня", "on_page": "На этой странице", "cart": "Корзина",
        "hotline": "Горячая линия", "tags": "Теги", "reply": "Ответить", "said": "пишет:", "top_news": "Главное",
        "age": "16+", "media": "Сетевое издание зарегистрировано Роскомнадзором, Эл № ФС77-81234 от 12.05.2021",
        "reproduce": "При полном или частичном использовании материалов ссылка на сайт обязательна.",
        "weather": "Погода", "rates": "Курсы валют", "sethome": "Сделать стартовой", "favorite": "В избранное",
        "a11y": "Версия для слабовидящих", "mobile": "Мобильная версия", "error_gov": "Сообщить об ошибке",
    },
    "de": {"home": "Startseite", "skip": "Zum Inhalt springen", "search": "Suche", "search_btn": "Suchen",
           "noscript": "Bitte aktivieren Sie JavaScript, um alle Funktionen dieser Seite zu nutzen.",
           "share": "Teilen:", "recent": "Neueste Beiträge", "categories": "Kategorien", "archives": "Archiv",
           "comments": "Kommentare", "reply_title": "Schreibe einen Kommentar", "reply_btn": "Kommentar abschicken",
           "back_top": "Nach oben", "prev": "Zurück", "next": "Weiter", "contact": "Kontakt",
           "sitemap": "Sitemap", "about": "Über uns", "related": "Weitere Meldungen", "friend": "Links",
           "toc": "Inhalt", "on_page": "Auf dieser Seite", "current": "Sie sind hier:", "reply": "Antworten",
           "said": "sagt:", "tags": "Schlagwörter", "login": "Anmelden"},
    "es": {"home": "Inicio", "skip": "Saltar al contenido", "search": "Buscar", "search_btn": "Buscar",
           "noscript": "Para utilizar todas las funciones de este sitio, active JavaScript en su navegador.",
           "share": "Compartir:", "recent": "Entradas recientes", "categories": "Categorías", "archives": "Archivos",
           "comments": "comentarios", "reply_title": "Deja un comentario", "reply_btn": "Publicar comentario",
           "back_top": "Volver arriba", "prev": "Anterior", "next": "Siguiente", "contact": "Contacto",
           "sitemap": "Mapa del sitio", "about": "Quiénes somos", "related": "Noticias relacionadas",
           "friend": "Enlaces de interés", "toc": "Índice", "on_page": "En esta página", "current": "Está en:",
           "reply": "Responder", "said": "dice:", "tags": "Etiquetas", "login": "Acceder"},
    "fr": {"home": "Accueil", "skip": "Aller au contenu", "search": "Rechercher", "search_btn": "OK",
           "noscript": "Veuillez activer JavaScript pour profiter de toutes les fonctionnalités du site.",
           "share": "Partager :", "recent": "Articles récents", "categories": "Catégories", "archives": "Archives",
           "comments": "commentaires", "reply_title": "Laisser un commentaire", "reply_btn": "Envoyer",
           "back_top": "Haut de page", "prev": "Précédent", "next": "Suivant", "contact": "Contact",
           "sitemap": "Plan du site", "about": "À propos", "related": "À lire aussi", "friend": "Liens utiles",
           "toc": "Sommaire", "on_page": "Sur cette page", "current": "Vous êtes ici :", "reply": "Répondre",
           "said": "dit :", "tags": "Mots-clés", "login": "Connexion"},
    "id": {"home": "Beranda", "skip": "Langsung ke konten", "search": "Cari", "search_btn": "Cari",
           "noscript": "Aktifkan JavaScript pada peramban Anda untuk menggunakan semua fitur situs ini.",
           "share": "Bagikan:", "recent": "Tulisan Terbaru", "categories": "Kategori", "archives": "Arsip",
           "comments": "komentar", "reply_title": "Tinggalkan Balasan", "reply_btn": "Kirim Komentar",
           "back_top": "Kembali ke atas", "prev": "Sebelumnya", "next": "Berikutnya", "contact": "Kontak",
           "sitemap": "Peta Situs", "about": "Tentang Kami", "related": "Berita Terkait", "friend": "Tautan",
           "toc": "Daftar Isi", "on_page": "Di halaman ini", "current": "Anda di sini:", "reply": "Balas",
           "said": "berkata:", "tags": "Tag", "login": "Masuk"},
    "ko": {"home": "홈", "skip": "본문 바로가기", "search": "통합검색", "search_btn": "검색",
           "noscript": "자바스크립트가 비활성화되어 있습니다. 원활한 이용을 위해 자바스크립트를 활성화해 주세요.",
           "share": "공유하기", "recent": "최근 글", "categories": "카테고리", "archives": "보관함",
           "comments": "개의 댓글", "reply_title": "댓글 남기기", "reply_btn": "댓글 등록",
           "back_top": "맨 위로", "prev": "이전", "next": "다음", "contact": "문의하기",
           "sitemap": "사이트맵", "about": "소개", "related": "관련 기사", "friend": "관련 사이트",
           "toc": "목차", "on_page": "이 페이지의 내용", "current": "현재 위치:", "reply": "답글",
           "said": "님의 말:", "tags": "태그", "login": "로그인"},
    "vi": {"home": "Trang chủ", "skip": "Chuyển đến nội dung", "search": "Tìm kiếm", "search_btn": "Tìm",
           "noscript": "Vui lòng bật JavaScript để sử dụng đầy đủ các chức năng của trang.",
           "share": "Chia sẻ:", "recent": "Bài viết mới", "categories": "Chuyên mục", "archives": "Lưu trữ",
           "comments": "bình luận", "reply_title": "Để lại bình luận", "reply_btn": "Gửi bình luận",
           "back_top": "Lên đầu trang", "prev": "Bài trước", "next": "Bài sau", "contact": "Liên hệ",
           "sitemap": "Sơ đồ trang", "about": "Giới thiệu", "related": "Tin liên quan", "friend": "Liên kết website",
           "toc": "Mục lục", "on_page": "Trong trang này", "current": "Bạn đang ở:", "reply": "Trả lời",
           "said": "nói:", "tags": "Thẻ", "login": "Đăng nhập"},
}

HTML_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en", "ja": "ja", "ru": "ru",
             "de": "de", "es": "es", "fr": "fr", "id": "id", "ko": "ko", "vi": "vi"}

# Kind of article -> site group.
KIND_GROUPS = [
    ("gov", "gov"), ("police", "gov"), ("court", "gov"), ("lottery", "gov"), ("university", "edu"),
    ("news", "news"), ("newspaper", "news"), ("portal", "news"), ("sports", "news"), ("column", "news"),
    ("article", "news"), ("health", "news"), ("blog", "blog"), ("forum", "blog"), ("review", "blog"),
    ("recipe", "blog"), ("guide", "blog"), ("club", "blog"), ("docs", "docs"), ("toc", "docs"),
    ("faq", "docs"), ("encyclopedia", "docs"), ("company", "biz"), ("product", "biz"), ("shop", "biz"),
    ("press", "biz"), ("schedule", "biz"),
]

# (page pool, site group) -> template weights.
TEMPLATE_WEIGHTS = {
    "zh-Hans": {"gov": [("gov_table", 7), ("portal_a11y", 1), ("institution", 1)],
                "edu": [("gov_table", 3), ("institution", 3), ("portal_a11y", 1)],
                "news": [("news", 4), ("gov_table", 2), ("wordpress", 1)],
                "blog": [("wordpress", 5), ("news", 1)],
                "docs": [("docs", 5), ("wordpress", 1), ("gov_table", 1)],
                "biz": [("institution", 3), ("shop", 2), ("gov_table", 1)]},
    "zh-Hant": {"gov": [("portal_a11y", 6), ("gov_table", 2)],
                "edu": [("portal_a11y", 3), ("institution", 3)],
                "news": [("news", 3), ("portal_a11y", 2), ("wordpress", 1)],
                "blog": [("wordpress", 5), ("news", 1)],
                "docs": [("docs", 5), ("wordpress", 1), ("portal_a11y", 1)],
                "biz": [("institution", 3), ("shop", 2)]},
    "en": {"gov": [("institution", 4), ("portal_a11y", 2)],
           "edu": [("institution", 5), ("portal_a11y", 1)],
           "news": [("news", 3), ("wordpress", 2)],
           "blog": [("wordpress", 5), ("news", 1)],
           "docs": [("docs", 5), ("wordpress", 1)],
           "biz": [("institution", 3), ("shop", 2)]},
    "ja": {"gov": [("portal_a11y", 3), ("institution", 3)],
           "edu": [("institution", 4), ("portal_a11y", 1)],
           "news": [("news", 3), ("wordpress", 1)],
           "blog": [("wordpress", 5), ("shop", 1)],
           "docs": [("docs", 5), ("wordpress", 1)],
           "biz": [("shop", 4), ("institution", 2)]},
    "ru": {"gov": [("institution", 2), ("news", 2), ("gov_table", 1)],
           "edu": [("institution", 4), ("news", 1)],
           "news": [("news", 5), ("wordpress", 1)],
           "blog": [("wordpress", 4), ("news", 1)],
           "docs": [("docs", 5), ("wordpress", 1)],
           "biz": [("shop", 2), ("institution", 2)]},
}
TEMPLATE_WEIGHTS["xx"] = {"gov": [("institution", 3), ("portal_a11y", 2)],
                          "edu": [("institution", 4)],
                          "news": [("news", 3), ("wordpress", 1)],
                          "blog": [("wordpress", 4)],
                          "docs": [("docs", 4), ("wordpress", 1)],
                          "biz": [("shop", 2), ("institution", 2)]}

# Site identities: (group, name, host). Fictional or generic; any group may serve as fallback.
SITES: dict[str, list[tuple[str, str, str]]] = {
    "zh-Hans": [
        ("gov", "海淀区人民政府", "www.bjhd.gov.cn"), ("gov", "苏州市人民政府", "www.suzhou.gov.cn"),
        ("gov", "临安区人民政府门户网站", "www.linan.gov.cn"), ("gov", "南阳市教育局", "jyj.nanyang.gov.cn"),
        ("gov", "青岛市市场监督管理局", "amr.qingdao.gov.cn"), ("gov", "宁乡市人民政府", "www.ningxiang.gov.cn"),
        ("edu", "江南理工学院", "www.jnlg.edu.cn"), ("edu", "西北农业职业技术学院", "www.xbnz.edu.cn"),
        ("edu", "滨海师范大学研究生院", "yjs.bhsf.edu.cn"),
        ("news", "东方资讯网", "www.dfzx.com.cn"), ("news", "江淮晨报", "www.jhcb.com.cn"),
        ("news", "极客科技频道", "tech.jikeit.com"),
        ("blog", "老张的技术笔记", "blog.zhanglaoshi.net"), ("blog", "山居小记", "www.shanjuxiaoji.cn"),
        ("docs", "云栖开发者文档", "help.yunqi-cloud.cn"), ("docs", "开源镜像站使用帮助", "mirrors.hdu-open.cn"),
        ("biz", "华睿精密机械有限公司", "www.huarui-jx.com"), ("biz", "青禾家居官方商城", "shop.qinghejiaju.com"),
    ],
    "zh-Hant": [
        ("gov", "新北市政府", "www.ntpc-city.gov.tw"), ("gov", "臺南市政府文化局", "culture.tainan-city.gov.tw"),
        ("gov", "香港特別行政區政府新聞公報", "www.info-hksar.gov.hk"), ("gov", "宜蘭縣政府", "www.ilan-county.gov.tw"),
        ("edu", "國立中興科技大學", "www.nchut.edu.tw"), ("edu", "香港城南大學", "www.cnu-hk.edu.hk"),
        ("news", "自由觀點新聞網", "news.zygd.com.tw"), ("news", "港島日報", "www.gangdaodaily.hk"),
        ("blog", "阿傑的生活筆記", "ajie.blog.tw"), ("blog", "米克斯料理手帖", "www.mixcook.tw"),
        ("docs", "開發者文件中心", "docs.tw-devhub.org"),
        ("biz", "聯成光電股份有限公司", "www.lianchen-opto.com.tw"), ("biz", "好日子生活館", "shop.goodday.com.tw"),
    ],
    "en": [
        ("gov", "City of Millbrook", "www.millbrook-city.gov"), ("gov", "Harlow County", "www.harlowcounty.gov"),
        ("gov", "Department of Fair Trading", "www.fairtrading.example.gov"),
        ("edu", "Northfield State University", "www.northfield.edu"), ("edu", "Kestrel College", "www.kestrel.ac.uk"),
        ("news", "The Riverside Ledger", "www.riversideledger.com"), ("news", "Coastline News", "coastlinenews.com"),
        ("blog", "Notes from the Workbench", "workbench-notes.net"), ("blog", "The Hungry Hiker", "thehungryhiker.blog"),
        ("docs", "Acme Platform Docs", "docs.acmeplatform.io"), ("docs", "pkgtool manual", "pkgtool.readthedocs.io"),
        ("biz", "Harbinger Robotics", "www.harbinger-robotics.com"), ("biz", "Oak & Iron Outfitters", "www.oakandiron.com"),
    ],
    "ja": [
        ("gov", "みどり市役所", "www.city.midori-shi.lg.jp"), ("gov", "北浜町", "www.town.kitahama.lg.jp"),
        ("edu", "東和工業大学", "www.towa-tech.ac.jp"), ("edu", "南山国際大学", "www.nanzan-kokusai.ac.jp"),
        ("news", "みなと新聞デジタル", "www.minato-shimbun.jp"),
        ("blog", "週末キャンプ日記", "weekend-camp.hatenablog.jp"), ("blog", "まいにちレシピ帖", "mainichi-recipe.jp"),
        ("docs", "開発者向けドキュメント", "docs.kumo-cloud.jp"),
        ("biz", "株式会社サクラ精機", "www.sakura-seiki.co.jp"), ("biz", "こもれび雑貨店", "shop.komorebi-zakka.jp"),
    ],
    "ru": [
        ("gov", "Администрация города Заречный", "zarechny-adm.ru"), ("gov", "Министерство образования области", "minobr-obl.ru"),
        ("edu", "Северный государственный университет", "www.sevgu.ru"),
        ("news", "Городские вести", "gorvesti.ru"), ("news", "Новости Приволжья", "privolzhye-news.ru"),
        ("blog", "Заметки сисадмина", "sysadmin-notes.ru"), ("blog", "Кухня у Марины", "kuhnya-mariny.ru"),
        ("docs", "Документация платформы", "docs.platforma.dev"),
        ("biz", "ООО «ТехноСтрой»", "technostroy-group.ru"), ("biz", "Интернет-магазин «Дом и сад»", "domisad-shop.ru"),
    ],
    "xx": [
        ("gov", "Stadt Freiburg", "www.freiburg-stadt.de"), ("gov", "Ayuntamiento de Villanueva", "www.villanueva.es"),
        ("gov", "Kementerian Desa", "www.kemendesa.go.id"), ("gov", "Cổng thông tin điện tử tỉnh", "www.tinh.gov.vn"),
        ("gov", "구청 누리집", "www.gu.go.kr"), ("gov", "Mairie de Saint-Amand", "www.saint-amand.fr"),
        ("edu", "Université de Lorraine Sud", "www.univ-lorraine-sud.fr"), ("edu", "한빛대학교", "www.hanbit.ac.kr"),
        ("news", "Báo Điện Tử", "baodientu.vn"), ("blog", "Mein Gartenblog", "gartenblog.de"),
        ("docs", "Dokumentasi", "docs.nusantara.dev"), ("biz", "Tienda Deportiva", "www.tiendadeportiva.es"),
    ],
}

FRIEND_HOSTS = {
    "zh-Hans": ["www.gov.cn", "www.moe.gov.cn", "www.ndrc.gov.cn", "www.most.gov.cn", "www.miit.gov.cn",
                "www.mps.gov.cn", "www.mca.gov.cn", "www.moj.gov.cn", "www.mof.gov.cn", "www.mohrss.gov.cn",
                "www.mnr.gov.cn", "www.mee.gov.cn", "www.nhc.gov.cn", "www.stats.gov.cn", "www.tsinghua.edu.cn",
                "www.pku.edu.cn", "www.fudan.edu.cn", "www.zju.edu.cn"],
    "zh-Hant": ["www.gov.tw", "www.ey.gov.tw", "www.moe.gov.tw", "www.mohw.gov.tw", "www.gov.hk",
                "www.info.gov.hk", "www.ntu.edu.tw", "www.hku.hk", "www.cuhk.edu.hk", "www.president.gov.tw"],
    "en": ["www.usa.gov", "www.cdc.gov", "www.weather.gov", "www.ftc.gov", "www.consumerfinance.gov",
           "www.ssa.gov", "www.irs.gov", "www.ncpgambling.org", "www.samhsa.gov", "www.ic3.gov", "ohio.gov"],
    "ja": ["www.kantei.go.jp", "www.mhlw.go.jp", "www.mext.go.jp", "www.soumu.go.jp", "www.caa.go.jp",
           "www.u-tokyo.ac.jp", "www.kyoto-u.ac.jp", "www.pref.osaka.lg.jp"],
    "ru": ["www.gosuslugi.ru", "www.kremlin.ru", "government.ru", "minobrnauki.gov.ru", "www.mos.ru",
           "www.msu.ru", "spbu.ru", "www.nalog.gov.ru"],
    "xx": ["www.bund.de", "www.service-public.fr", "www.gob.es", "www.go.kr", "indonesia.go.id", "chinhphu.vn"],
}

SOCIAL_SHARE = {
    "zh-Hans": [("新浪微博", "https://service.weibo.com/share/share.php?url="),
                ("QQ空间", "https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url="),
                ("豆瓣", "https://www.douban.com/share/service?href="), ("微信", "")],
    "zh-Hant": [("Facebook", "https://www.facebook.com/sharer/sharer.php?u="),
                ("LINE", "https://social-plugins.line.me/lineit/share?url="),
                ("X", "https://twitter.com/intent/tweet?url="), ("Plurk", "https://www.plurk.com/?qualifier=shares&status=")],
    "en": [("Facebook", "https://www.facebook.com/sharer/sharer.php?u="), ("X", "https://twitter.com/intent/tweet?url="),
           ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url="), ("Reddit", "https://www.reddit.com/submit?url="),
           ("Email", "mailto:?body=")],
    "ja": [("X", "https://twitter.com/intent/tweet?url="), ("Facebook", "https://www.facebook.com/sharer/sharer.php?u="),
           ("LINE", "https://social-plugins.line.me/lineit/share?url="), ("はてなブックマーク", "https://b.hatena.ne.jp/entry/")],
    "ru": [("ВКонтакте", "https://vk.com/share.php?url="), ("Одноклассники", "https://connect.ok.ru/offer?url="),
           ("Telegram", "https://t.me/share/url?url="), ("WhatsApp", "https://api.whatsapp.com/send?text=")],
    "xx": [("Facebook", "https://www.facebook.com/sharer/sharer.php?u="), ("X", "https://twitter.com/intent/tweet?url="),
           ("WhatsApp", "https://api.whatsapp.com/send?text=")],
}

SOCIAL_PROFILES = ["https://www.facebook.com/", "https://www.youtube.com/@", "https://www.instagram.com/",
                   "https://www.linkedin.com/company/", "https://x.com/"]

COMMENTS = {
    "zh-Hans": [("小林", "写得很清楚，照着步骤操作一次就成功了，感谢分享！"), ("路人甲", "请问第三步里的配置文件在哪个目录？"),
                ("晴天", "收藏了，过几天试试。"), ("阿杰", "补充一点：旧版本需要先升级再执行。")],
    "zh-Hant": [("小美", "寫得很詳細，謝謝分享！"), ("阿哲", "請問這個方法在舊版也適用嗎？"), ("Kevin", "已收藏，週末來試試看。")],
    "en": [("Maria", "Thanks, this was exactly what I needed."), ("Dave K.", "Does this still work on the older release?"),
           ("Priya", "Great write-up. Bookmarked for later."), ("Tom", "One small note: step 3 needs admin rights.")],
    "ja": [("たかし", "とても参考になりました。ありがとうございます。"), ("みゆき", "古いバージョンでも同じ手順で大丈夫でしょうか？"),
           ("ken", "ブックマークしました。")],
    "ru": [("Алексей", "Спасибо, очень помогло!"), ("Ирина", "А на старой версии это тоже работает?"),
           ("Дмитрий", "Добавил в закладки, попробую на выходных.")],
    "de": [("Anna", "Danke, sehr hilfreich!"), ("Jörg", "Funktioniert das auch mit der älteren Version?")],
    "es": [("Lucía", "¡Gracias, muy útil!"), ("Carlos", "¿Esto funciona también en la versión anterior?")],
    "fr": [("Claire", "Merci, très utile !"), ("Julien", "Est-ce que cela marche aussi avec l'ancienne version ?")],
    "id": [("Rina", "Terima kasih, sangat membantu!"), ("Budi", "Apakah ini juga berlaku untuk versi lama?")],
    "ko": [("민수", "정말 도움이 됐어요. 감사합니다!"), ("지은", "이전 버전에서도 같은 방법이 되나요?")],
    "vi": [("Lan", "Cảm ơn, bài viết rất hữu ích!"), ("Minh", "Cách này có áp dụng cho phiên bản cũ không?")],
}

WEEKDAYS = {
    "zh-Hans": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    "zh-Hant": ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
    "ja": ["月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"],
    "ru": ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_RU = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
             "Октябрь", "Ноябрь", "Декабрь"]

# Site-relative path sections for legit links.
PATH_SECTIONS = ["news", "xwzx", "zwgk", "tzgg", "info", "article", "column", "list", "content",
                 "notice", "about", "service", "docs", "post", "archives", "category", "node"]

LINK_PREFIX = re.compile(r"^(→\s*|\[\d+\]\s*|[•·\-]\s+)")
URL_RE = re.compile(r"(https?://[^\s<>\"'，。、）)]+|www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s<>\"'，。、）)]*)")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
DOMAINISH = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d+)?(?:/\S*)?")
PIPE_SPLIT = re.compile(r"(\s*(?:\|\||[|｜])\s*)")
LIST_MARK = re.compile(r"^(\d{1,2}[.、)．]|[一二三四五六七八九十]+、|[（(]\d{1,2}[)）]|[•·*\-–]\s|[①②③④⑤⑥⑦⑧⑨⑩])")
TABLE_SPLIT = re.compile(r"\t+|　+|\s{2,}")
COMMAND_RE = re.compile(r"^(git |\$ |deb |pip |npm |curl |wget |sudo )")
CRUMB_SPLIT = re.compile(r"(\s*(?:>|＞|»|›|/|→)\s*)")


# ----------------------------------------------------------------------------
# The text composer, re-run with tagged lines to recover page structure.


class Tagged(str):
    """A line that remembers which section or block of the page it came from."""
    tag: str


def tagged(line: str, tag: str) -> Tagged:
    t = Tagged(line)
    t.tag = tag
    return t


def load_text_composer():
    mod = load_composer_module()  # its own instance: flatten is patched below
    captured: list[list[str]] = []
    original = mod.flatten

    def flatten(rng, sections, blocks):
        tsec = {k: [tagged(l, k) for l in v] for k, v in sections.items()}
        tblk = {slot: [(n, [tagged(l, f"blk:{slot}:{n}") for l in b], lab) for (n, b, lab) in lst]
                for slot, lst in blocks.items()}
        lines, labels, where = original(rng, tsec, tblk)
        captured.append([getattr(l, "tag", "gap") for l in lines])
        return lines, labels, where

    mod.flatten = flatten
    return mod, captured


def read_text_pages() -> dict[str, list[dict]]:
    by_lang: dict[str, list[dict]] = {}
    for path in sorted(PAGES.glob("*.jsonl"), key=lambda p: p.name):
        with open(path, encoding="utf-8") as f:
            by_lang[path.stem] = [json.loads(line) for line in f if line.strip()]
    return by_lang


def recover_structure(text_pages: dict[str, list[dict]]):
    """Re-run the text composer; return (module, pools, {page id: [tag per line]}, counts).

    A page the composer reproduces exactly (the usual case) gets the composer's own
    section tags; a page it does not (pages/ older than the pools) gets tags from
    ``heuristic_tags``, which reads the sections off the pools and the labels."""
    mod, captured = load_text_composer()
    pools = mod.load_pools()
    composer = mod.Composer(pools)
    tags: dict[str, list[str]] = {}
    counts = {"exact": 0, "heuristic": 0}
    for name in pools:
        if name not in text_pages:
            continue
        start = len(captured)
        pages, _ = composer.compose_language(name)
        got = captured[start:]
        by_id = {p["id"]: (p, t) for p, t in zip(pages, got)}
        for rec in text_pages[name]:
            hit = by_id.get(rec["id"])
            if hit and list(hit[0]["lines"]) == rec["lines"] and hit[0]["labels"] == rec["labels"]:
                tags[rec["id"]] = hit[1]
                counts["exact"] += 1
            else:
                tags[rec["id"]] = heuristic_tags(rec, pools[name], mod)
                counts["heuristic"] += 1
    return mod, pools, tags, counts


def heuristic_tags(rec: dict, pool, mod) -> list[str]:
    """Section tags of a text page from pool membership, the labels and the
    injection / hard-negative records (for pages the composer no longer reproduces)."""
    lines = [l.strip() for l in rec["lines"]]
    labels = rec["labels"]
    n = len(lines)
    tags = ["gap" if not l else "" for l in lines]
    c = pool.chrome
    stem = rec["doc_id"].rsplit("/", 1)[-1][:-4]
    art = next((a for a in pool.articles if a[0] == stem), None)
    art_lines = set(art[2]) if art else set()
    title = art[2][0] if art else ""
    menu_parts = set()
    for m in c["menus"]:
        menu_parts.update(split_parts(m) or [])
    hard_items = set()
    for k in pool.hard:
        for it in pool.hard[k]:
            hard_items.add(it)
            if k == "menus":
                hard_items.update(split_parts(it) or [])
    links = set(c["links"])

    def is_link(l):
        return l in links or LINK_PREFIX.sub("", l) in links or bool(URL_RE.search(l))

    # Spam: the label-1 lines.
    inj = rec.get("injection") or {}
    spam_idx = [i for i in range(n) if labels[i] == 1]
    if spam_idx:
        pos = inj.get("position", "end")
        first_text = next(i for i in range(n) if lines[i])
        slot = ("very_top" if spam_idx[0] == first_text else "top") if pos == "top" else pos
        for i in spam_idx:
            tags[i] = f"blk:{slot}:spam"
    # Hard negative: the best-scoring window of its length.
    hn = rec.get("hard_negative")
    if hn:
        k = hn["n_lines"]
        idx = [i for i in range(n) if lines[i] and labels[i] == 0]
        best, best_score = None, -1e9
        for s in range(0, len(idx) - k + 1):
            win = idx[s:s + k]
            if win[-1] - win[0] + 1 > k + 2:
                continue
            score = 0.0
            for i in win:
                l = lines[i]
                if l in hard_items:
                    score += 2
                elif sum(1 for p in (split_parts(l) or []) if p in hard_items) >= 2:
                    score += 2
                elif l in art_lines or l in c["footers"] or l in c["breadcrumbs"]:
                    score -= 2
            if score > best_score:
                best, best_score = win, score
        if best and best_score > 0:
            for i in best:
                tags[i] = f"blk:{hn['position']}:hard"
    # Sections of the rest: head, top, body, tail, foot in page order.
    rest = [i for i in range(n) if tags[i] == ""]
    head_set = set(c["menus"]) | menu_parts | set(c["breadcrumbs"])
    p = 0
    while p < len(rest) and lines[rest[p]] in head_set and lines[rest[p]] not in art_lines:
        tags[rest[p]] = "head"
        p += 1
    top_set = set(c["meta"]) | set(c["share"])
    seen_title = False
    while p < len(rest):
        l = lines[rest[p]]
        if l == title and not seen_title:
            seen_title = True
        elif not (l in top_set and l not in art_lines):
            break
        tags[rest[p]] = "top"
        p += 1
    q = len(rest)
    while q > p and (lines[rest[q - 1]] in c["footers"] or
                     (is_link(lines[rest[q - 1]]) and q < len(rest) and tags[rest[q]] == "foot")):
        q -= 1
        tags[rest[q]] = "foot"
    tail_set = set(c["share"]) | set(c["related"])
    while q > p and lines[rest[q - 1]] in tail_set and lines[rest[q - 1]] not in art_lines:
        q -= 1
        tags[rest[q]] = "tail"
    for j in range(p, q):
        tags[rest[j]] = "body"
    return tags


# ----------------------------------------------------------------------------
# Selection


def select_pages(text_pages: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """A deterministic subset: per language a share of TOTAL_PAGES proportional to
    its text pages, per variant proportional within the language."""
    names = [n for n in LANG_ORDER if n in text_pages] + sorted(n for n in text_pages if n not in LANG_ORDER)
    total = sum(len(text_pages[n]) for n in names)
    chosen: dict[str, list[dict]] = {}
    for name in names:
        pages = text_pages[name]
        n_lang = max(1, round(len(pages) * TOTAL_PAGES / total))
        by_var: dict[str, list[dict]] = {v: [] for v in VARIANTS}
        for p in pages:
            by_var.setdefault(p["variant"], []).append(p)
        quotas = {v: len(by_var[v]) * n_lang / len(pages) for v in by_var}
        counts = {v: int(q) for v, q in quotas.items()}
        rest = n_lang - sum(counts.values())
        for v in sorted(quotas, key=lambda v: (-(quotas[v] - counts[v]), v))[:rest]:
            counts[v] += 1
        picked = []
        for v in sorted(by_var):
            ranked = sorted(by_var[v], key=lambda p: (seed_of("pick", p["id"]), p["id"]))
            picked += ranked[:counts[v]]
        chosen[name] = sorted(picked, key=lambda p: p["id"])
    return chosen


# ----------------------------------------------------------------------------
# Page model: the text page's lines grouped into typed segments.


def kind_group(kind: str) -> str:
    for prefix, group in KIND_GROUPS:
        if kind.startswith(prefix):
            return group
    return "news"


def split_parts(line: str) -> list[str] | None:
    for sep in ["|", "｜", " · ", "·", "•", " / ", "/", "  ", "　"]:
        if sep in line:
            parts = [p.strip() for p in line.split(sep) if p.strip()]
            if len(parts) >= 2:
                return parts
    if not any("a" <= ch.lower() <= "z" for ch in line) and len(line.split()) >= 3:
        return line.split()
    return None


class PageModel:
    def __init__(self, rec: dict, tags: list[str], pool, mod):
        self.rec = rec
        self.pool = pool
        c = pool.chrome
        self.sets = {k: set(c[k]) for k in c}
        self.link_set = set(c["links"])
        self.link_heads = set(mod.LINK_HEADINGS.get(pool.name, []))
        art = next((a for a in pool.articles if f"{pool.name}/articles/{a[0]}.txt" == rec["doc_id"]), None)
        self.article_title = art[2][0] if art else rec["lines"][0].strip()
        self.article_lines = art[2] if art else []
        # Ordered segments: (section/tag, [(text, label)]).
        self.head: list[tuple[str, object]] = []    # ("menu_line", s) | ("menu_parts", [..]) | ("crumb", s)
        self.main: list[tuple[str, object]] = []    # ("title", s) | ("meta", s) | ("share", s) | ("body", [..])
                                                   # | ("block", (slot, name, [lines])) | ("related", [..])
        self.foot: list[str] = []
        self.before: list[tuple[str, str, list[str]]] = []  # very_top blocks
        self.after: list[tuple[str, str, list[str]]] = []   # end blocks
        self.spam_lines: list[str] = []
        self.spam_slot: str | None = None
        self.hard_lines: list[str] = []
        self._build(tags)

    def _build(self, tags: list[str]):
        lines = [l.strip() for l in self.rec["lines"]]
        runs: list[tuple[str, list[str]]] = []
        for text, tag in zip(lines, tags):
            if tag == "gap":
                continue
            if runs and runs[-1][0] == tag:
                runs[-1][1].append(text)
            else:
                runs.append((tag, [text]))
        for tag, rl in runs:
            if tag.startswith("blk:"):
                _, slot, name = tag.split(":")
                rl = [l for l in rl if l]
                if name == "spam":
                    self.spam_lines = rl
                    self.spam_slot = slot
                else:
                    self.hard_lines = rl
                if slot == "very_top":
                    self.before.append((slot, name, rl))
                elif slot == "end":
                    self.after.append((slot, name, rl))
                else:
                    self.main.append(("block", (slot, name, rl)))
            elif tag == "head":
                parts: list[str] = []
                for l in rl:
                    if l in self.sets["breadcrumbs"]:
                        if parts:
                            self.head.append(("menu_parts", parts))
                            parts = []
                        self.head.append(("crumb", l))
                    elif l in self.sets["menus"]:
                        if parts:
                            self.head.append(("menu_parts", parts))
                            parts = []
                        self.head.append(("menu_line", l))
                    else:
                        parts.append(l)
                if parts:
                    self.head.append(("menu_parts", parts))
            elif tag == "top":
                for l in rl:
                    if l == self.article_title and not any(k == "title" for k, _ in self.main):
                        self.main.append(("title", l))
                    elif l in self.sets["share"]:
                        self.main.append(("share", l))
                    else:
                        self.main.append(("meta", l))
            elif tag == "body":
                self.main.append(("body", rl))
            elif tag == "tail":
                related: list[str] = []
                for l in rl:
                    if l in self.sets["share"] and l not in self.sets["related"]:
                        if related:
                            self.main.append(("related", related))
                            related = []
                        self.main.append(("tail_share", l))
                    else:
                        related.append(l)
                if related:
                    self.main.append(("related", related))
            elif tag == "foot":
                self.foot += [l for l in rl if l]

    def is_link_line(self, line: str) -> bool:
        bare = LINK_PREFIX.sub("", line)
        return line in self.link_set or bare in self.link_set or bool(URL_RE.search(line))


# ----------------------------------------------------------------------------
# Rendering context


class Ctx:
    def __init__(self, rec: dict, model: PageModel, pool, all_pools, rng: random.Random):
        self.rec = rec
        self.m = model
        # Site vocabulary (menus, breadcrumbs, other titles) in the article's own
        # language: the xx pool groups its chrome by `# lang:`.
        if hasattr(pool, "view") and hasattr(pool, "article_lang"):
            pool = pool.view(pool.article_lang.get(rec["doc_id"].rsplit("/", 1)[-1][:-4]))
        self.pool = pool
        self.pools = all_pools
        self.rng = rng
        self.name = pool.name
        ui_key = pool.name
        if pool.name == "xx":
            stem = rec["doc_id"].rsplit("/", 1)[-1]
            ui_key = stem.split("-", 1)[0]
        self.ui_key = ui_key if ui_key in UI else "en"
        self.ui = dict(UI["en"])
        self.ui.update(UI[self.ui_key])
        self.html_lang = HTML_LANG.get(self.ui_key, "en")
        self.group = kind_group(rec["kind"])
        sites = SITES.get(pool.name, SITES["en"])
        fits = [s for s in sites if s[0] == self.group] or sites
        _, self.site_name, self.host = rng.choice(fits)
        self.styles: list[str] = []       # extra CSS rules for the <style> in <head>
        self.head_extra: list[str] = []   # extra elements in <head>
        self.section_path = rng.choice(PATH_SECTIONS)
        self.year = rng.randint(2019, 2024)
        self.month = rng.randint(1, 12)
        self.day = rng.randint(1, 28)
        self.post_id = rng.randint(1000, 99999)
        self.abs_links = rng.random() < 0.3
        self.injection: dict | None = None
        self.spam_html: dict[str, list[str]] = {}  # where -> fragments
        # Legit site widgets (label 0) by slot: (fragment, goes before the slot's spam).
        self.widget_html: dict[str, list[tuple[str, bool]]] = {}
        self.embed_html = ""                      # a social embed inside the article body
        self.title_text = ""
        self.meta_keywords: tuple[str, bool] | None = None
        self.meta_description: tuple[str, bool] | None = None
        self.menu_sub_hiding = None

    # --- links -------------------------------------------------------------

    def href(self, kind: str = "page") -> str:
        r = self.rng
        n = r.randint(100, 99999)
        if kind == "section":
            path = f"/{r.choice(PATH_SECTIONS)}/"
        elif kind == "home":
            path = "/"
        else:
            form = r.randrange(5)
            if form == 0:
                path = f"/{self.section_path}/{self.year}{self.month:02d}/t{self.year}{self.month:02d}{self.day:02d}_{n}.html"
            elif form == 1:
                path = f"/{self.section_path}/{n}.html"
            elif form == 2:
                path = f"/{self.section_path}/{self.year}/{self.month:02d}/{n}/"
            elif form == 3:
                path = f"./{r.choice(PATH_SECTIONS)}/index.shtml"
            else:
                path = f"/index.php?m=content&c=index&a=show&catid={r.randint(2, 60)}&id={n}"
        if self.abs_links and path.startswith("/") and r.random() < 0.6:
            return f"https://{self.host}{path}"
        return path

    def a(self, text: str, href: str | None = None, extra: str = "") -> str:
        return f'<a href="{attr(href if href is not None else self.href())}"{extra}>{esc(text)}</a>'

    def friend_href(self, name: str) -> str:
        hosts = FRIEND_HOSTS.get(self.name, FRIEND_HOSTS["en"])
        return "http://" + hosts[seed_of("friend", name) % len(hosts)] + "/"

    # --- text pieces -------------------------------------------------------

    def joined_links(self, line: str, href_fn=None) -> str:
        """A separator-joined line with each item a link; separators kept as text."""
        pieces = PIPE_SPLIT.split(line)
        out = []
        for i, p in enumerate(pieces):
            if i % 2 == 1:
                out.append(esc(p))
            elif p.strip():
                out.append(self.a(p, href_fn(p) if href_fn else None))
        return "".join(out)

    def crumb(self, line: str) -> str:
        pieces = CRUMB_SPLIT.split(line)
        out = []
        last = len(pieces) - 1
        for i, p in enumerate(pieces):
            if i % 2 == 1:
                out.append(esc(p))
            elif i == last:
                out.append(f"<span>{esc(p)}</span>")
            elif p.strip():
                m = re.match(r"^(.*?[：:]\s*)(.+)$", p)
                if m and i == 0 and len(m.group(1)) < 30:
                    out.append(esc(m.group(1)) + self.a(m.group(2), "/"))
                else:
                    out.append(self.a(p, "/" if i == 0 else self.href("section")))
        return "".join(out)

    def link_line(self, line: str, wrap: str = "p") -> str:
        """A legit line with a URL or e-mail: the URL as an anchor; commands as <pre>."""
        if COMMAND_RE.match(line):
            return f"<pre><code>{esc(line)}</code></pre>"
        inner = esc(line)
        m = URL_RE.search(line)
        if m:
            url = m.group(1)
            href = url if url.startswith("http") else "http://" + url
            inner = (f"{esc(line[:m.start()])}<a href=\"{attr(href)}\" target=\"_blank\" rel=\"noopener\">"
                     f"{esc(url)}</a>{esc(line[m.end():])}")
        else:
            m = EMAIL_RE.search(line)
            if m:
                inner = (f"{esc(line[:m.start()])}<a href=\"mailto:{attr(m.group(0))}\">{esc(m.group(0))}</a>"
                         f"{esc(line[m.end():])}")
        return f"<{wrap}>{inner}</{wrap}>"

    def date_line(self) -> str:
        wd = WEEKDAYS.get(self.ui_key if self.ui_key in WEEKDAYS else "en")
        d = self.rng.randrange(7)
        if self.ui_key in ("zh-Hans", "zh-Hant", "ja"):
            return f"{self.ui['today']}：{self.year}年{self.month}月{self.day}日 {wd[d]}"
        if self.ui_key == "ru":
            return f"{wd[d]}, {self.day} {MONTHS_RU[self.month - 1].lower()} {self.year}"
        return f"{wd[d]}, {MONTHS_EN[self.month - 1]} {self.day}, {self.year}"

    def month_label(self, y: int, mth: int) -> str:
        if self.ui_key in ("zh-Hans", "zh-Hant", "ja", "ko"):
            return f"{y}年{mth}月" if self.ui_key != "ko" else f"{y}년 {mth}월"
        if self.ui_key == "ru":
            return f"{MONTHS_RU[mth - 1]} {y}"
        return f"{MONTHS_EN[mth - 1]} {y}"

    # --- site vocabulary ---------------------------------------------------

    def menu_items(self) -> list[str]:
        """The main menu entries: from the text page's head menu, else a pool menu."""
        for k, v in self.m.head:
            if k == "menu_parts" and len(v) >= 3:
                return list(v)
            if k == "menu_line":
                parts = split_parts(v)
                if parts and len(parts) >= 3:
                    return parts[:12]
        menus = [m for m in self.pool.chrome["menus"] if (split_parts(m) or []) and len(split_parts(m)) >= 4]
        if menus:
            return split_parts(self.rng.choice(menus))[:10]
        return [self.ui["home"], self.ui["about"], self.ui["contact"]]

    def sub_items(self, k: int) -> list[str]:
        vocab: list[str] = []
        for m in self.pool.chrome["menus"]:
            vocab += split_parts(m) or []
        for c in self.pool.chrome["breadcrumbs"]:
            vocab += [re.sub(r"^.*[：:]", "", p).strip() for p in re.split(r">|＞|»|›|/|→", c)][1:]
        vocab = [v for v in vocab if 1 < len(v) < 30]
        if not vocab:
            vocab = [self.ui["about"], self.ui["contact"], self.ui["sitemap"]]
        return self.rng.sample(vocab, min(k, len(vocab)))

    def other_titles(self, k: int) -> list[str]:
        """Titles of other articles of the pool (same site group first), as recent posts or a TOC."""
        arts = [a for a in self.pool.articles if a[2] and a[2][0] != self.m.article_title and len(a[2][0]) < 80]
        same = [a for a in arts if kind_group(a[1]) == self.group]
        titles = [a[2][0] for a in (same if len(same) >= k else arts)]
        return self.rng.sample(titles, min(k, len(titles))) if titles else []

    def friend_names(self, k: int) -> list[str]:
        names = self.pool.hard.get("friendlinks", [])
        return self.rng.sample(names, min(k, len(names))) if names else []


# ----------------------------------------------------------------------------
# Common blocks


def nav_html(ctx: Ctx, items: list[str], cls: str = "nav", submenus: bool = True) -> str:
    """A menu as <ul><li><a>, some entries with a dropdown hidden by CSS (label 0)."""
    r = ctx.rng
    hiding = ctx.menu_sub_hiding
    if submenus and hiding is None:
        hiding = weighted(r, [("none", 3), ("inline", 3), ("rule", 4)])
        ctx.menu_sub_hiding = hiding
        if hiding == "rule":
            sub_cls = r.choice(["sub-menu", "subnav", "dropdown-menu", "nav-sub", "erji"])
            ctx.sub_cls = sub_cls
            ctx.styles.append(f".{sub_cls}{{display:none;position:absolute;z-index:99}}")
            ctx.styles.append(f".{cls} li:hover .{sub_cls}{{display:block}}")
    out = [f'<ul class="{cls}">']
    for i, it in enumerate(items):
        href = "/" if i == 0 else ctx.href("section")
        sub = ""
        if submenus and hiding in ("inline", "rule") and i > 0 and r.random() < 0.45:
            subs = ctx.sub_items(r.randint(2, 5))
            lis = "".join(f"<li>{ctx.a(s, ctx.href('section'))}</li>" for s in subs)
            if hiding == "inline":
                sub = f'<ul class="sub" style="display:none;">{lis}</ul>'
            else:
                sub = f'<ul class="{ctx.sub_cls}">{lis}</ul>'
        out.append(f'<li class="menu-item">{ctx.a(it, href)}{sub}</li>')
    out.append("</ul>")
    return "\n".join(out)


def skip_link(ctx: Ctx) -> str:
    """A "skip to content" link hidden off-screen (label 0)."""
    r = ctx.rng
    form = r.randrange(3)
    if form == 0:
        ctx.styles.append(".screen-reader-text{position:absolute;left:-9999px;top:auto;width:1px;height:1px;overflow:hidden}"
                          ".screen-reader-text:focus{left:5px;top:5px;width:auto;height:auto}")
        return f'<a class="skip-link screen-reader-text" href="#content">{esc(ctx.ui["skip"])}</a>'
    if form == 1:
        ctx.styles.append(".sr-only{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}")
        return f'<div class="sr-only"><a href="#main">{esc(ctx.ui["skip"])}</a></div>'
    return (f'<a href="#main" style="position:absolute;top:-600px;left:0;" '
            f'onfocus="this.style.top=\'0\'">{esc(ctx.ui["skip"])}</a>')


def noscript_html(ctx: Ctx) -> str:
    return f"<noscript><p>{esc(ctx.ui['noscript'])}</p></noscript>"


def share_buttons(ctx: Ctx) -> str:
    nets = SOCIAL_SHARE.get(ctx.name, SOCIAL_SHARE["en"])
    url = f"https://{ctx.host}/{ctx.section_path}/{ctx.post_id}.html"
    links = []
    for label, base in nets:
        if base:
            links.append(f'<a class="share-{len(links)}" href="{attr(base + url)}" target="_blank" rel="nofollow noopener">'
                         f"{esc(label)}</a>")
        else:
            links.append(f'<a href="javascript:;" class="share-wx">{esc(label)}</a>')
    return f'<div class="share-bar"><span>{esc(ctx.ui["share"])}</span> {" ".join(links)}</div>'


def friend_links(ctx: Ctx, k: int, as_select: bool = False) -> str:
    names = ctx.friend_names(k)
    if not names:
        return ""
    if as_select:
        opts = "".join(f'<option value="{attr(ctx.friend_href(n))}">{esc(n)}</option>' for n in names)
        return (f'<div class="yqlj"><select onchange="window.open(this.value)">'
                f'<option value="">—— {esc(ctx.ui["friend"])} ——</option>{opts}</select></div>')
    lis = "".join(f'<li><a href="{attr(ctx.friend_href(n))}" target="_blank">{esc(n)}</a></li>' for n in names)
    return f'<div class="friend-links"><h3>{esc(ctx.ui["friend"])}</h3><ul>{lis}</ul></div>'


def is_heading(line: str, nxt: str | None) -> bool:
    if not line or nxt is None or not nxt:
        return False
    if line[-1] in "。．.!！?？;；:：,，、" and not line.endswith("："):
        return False
    if is_cjk(line):
        return len(line) <= 16 and len(nxt) > len(line) + 4
    return len(line) <= 48 and len(line.split()) <= 7 and len(nxt) > len(line) + 10


def body_html(ctx: Ctx, lines: list[str], flavor: str) -> str:
    """Article lines as headings, paragraphs, lists, tables and link lines (label 0)."""
    out: list[str] = []
    m = ctx.m
    lines = [l for l in lines if l]
    i = 0
    hl = "h2" if flavor in ("docs", "wordpress", "institution") else "h3"
    pstyle = ' style="text-indent:2em;"' if flavor == "gov" else ""
    while i < len(lines):
        l = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if l in m.link_heads:
            out.append(f"<{hl}>{esc(l)}</{hl}>")
            i += 1
            continue
        if m.is_link_line(l):
            run = []
            while i < len(lines) and m.is_link_line(lines[i]):
                run.append(lines[i])
                i += 1
            if len(run) >= 2 and ctx.rng.random() < 0.6 and not any(COMMAND_RE.match(x) for x in run):
                out.append("<ul class=\"refs\">" + "".join(
                    ctx.link_line(x, "li") for x in run) + "</ul>")
            else:
                out += [ctx.link_line(x) for x in run]
            continue
        cells = [c for c in TABLE_SPLIT.split(l) if c]
        if 2 <= len(cells) <= 6 and nxt and 2 <= len([c for c in TABLE_SPLIT.split(nxt) if c]) <= 6 \
                and len(l) < 120:
            rows = []
            while i < len(lines):
                cs = [c for c in TABLE_SPLIT.split(lines[i]) if c]
                if not (2 <= len(cs) <= 6) or len(lines[i]) >= 120:
                    break
                rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cs) + "</tr>")
                i += 1
            out.append('<table class="data" border="1" cellspacing="0">' + "".join(rows) + "</table>")
            continue
        if LIST_MARK.match(l) and nxt and LIST_MARK.match(nxt):
            items = []
            while i < len(lines) and LIST_MARK.match(lines[i]):
                items.append(f"<li>{esc(lines[i])}</li>")
                i += 1
            out.append("<ul class=\"list\">" + "".join(items) + "</ul>")
            continue
        if is_heading(l, nxt):
            out.append(f"<{hl}>{esc(l)}</{hl}>")
        else:
            out.append(f"<p{pstyle}>{esc(l)}</p>")
        i += 1
    if ctx.embed_html:
        # After the second block of the article (or at its end), once per page.
        out.insert(min(2, len(out)), ctx.embed_html)
        ctx.embed_html = ""
    return "\n".join(out)


def related_html(ctx: Ctx, lines: list[str]) -> str:
    out = ['<div class="related">']
    lis = []
    for l in lines:
        short = len(l) <= (8 if is_cjk(l) else 26) and not re.search(r"\d{3}", l)
        if short and not lis:
            out.append(f"<h3>{esc(l)}</h3>")
        elif short:
            out.append("<ul>" + "".join(lis) + "</ul>")
            lis = []
            out.append(f"<h3>{esc(l)}</h3>")
        else:
            lis.append(f"<li>{ctx.a(l)}</li>")
    if lis:
        out.append("<ul>" + "".join(lis) + "</ul>")
    out.append("</div>")
    return "\n".join(out)


def hard_html(ctx: Ctx, lines: list[str]) -> str:
    """A legit block that looks spammy (label 0), by the text page's hard-negative kind."""
    hn = ctx.rec.get("hard_negative") or {}
    kind = hn.get("kind", "")
    r = ctx.rng
    if kind == "friend_links":
        out = []
        for l in lines:
            parts = split_parts(l)
            if parts and len(parts) >= 2:
                seps = PIPE_SPLIT.split(l)
                if len(seps) > 1:
                    out.append("<p class=\"links\">" + ctx.joined_links(l, ctx.friend_href) + "</p>")
                else:
                    out.append("<p class=\"links\">" + " ".join(
                        f'<a href="{attr(ctx.friend_href(p))}" target="_blank">{esc(p)}</a>' for p in parts) + "</p>")
            else:
                out.append(f'<li><a href="{attr(ctx.friend_href(l))}" target="_blank">{esc(l)}</a></li>')
        body = "\n".join(out)
        if "<li>" in body:
            body = f"<ul>{body}</ul>"
        return f'<div class="friend-links">\n{body}\n</div>'
    if kind in ("nav_menu", "headline_pipe"):
        return "\n".join(f'<div class="tags">{ctx.joined_links(l)}</div>' for l in lines)
    if kind in ("menu_lines", "headline_list"):
        cls = "menu" if kind == "menu_lines" else "news-list"
        return f'<ul class="{cls}">' + "".join(f"<li>{ctx.a(l)}</li>" for l in lines) + "</ul>"
    if kind == "product_list":
        if r.random() < 0.5:
            return '<table class="products">' + "".join(
                f"<tr><td>{ctx.a(l, f'/product/{r.randint(1000, 9999)}.html')}</td></tr>" for l in lines) + "</table>"
        return '<ul class="products">' + "".join(
            f"<li>{ctx.a(l, f'/goods/{r.randint(1000, 9999)}.html')}</li>" for l in lines) + "</ul>"
    return "\n".join(f"<p>{esc(l)}</p>" for l in lines)


def meta_html(ctx: Ctx, lines: list[str], cls: str = "info") -> str:
    return f'<div class="{cls}">' + "<br>".join(f"<span>{esc(l)}</span>" for l in lines) + "</div>"


def main_column(ctx: Ctx, flavor: str, title_tag: str = "h1") -> str:
    """The main column in page order: title, meta, body (with blocks), related, blocks."""
    out: list[str] = []
    metas: list[str] = []

    def flush_meta():
        if metas:
            out.append(meta_html(ctx, metas))
            metas.clear()

    for k, v in ctx.m.main:
        if k != "meta":
            flush_meta()
        if k == "title":
            out.append(f'<{title_tag} class="article-title">{esc(v)}</{title_tag}>')
        elif k == "meta":
            metas.append(v)
        elif k in ("share", "tail_share"):
            out.append(f'<div class="tools">{esc(v)}</div>')
        elif k == "body":
            out.append(f'<div class="article-content" id="zoom">\n{body_html(ctx, v, flavor)}\n</div>')
        elif k == "related":
            out.append(related_html(ctx, v))
        elif k == "block":
            slot, name, lines = v
            out.append(block_html(ctx, slot, name, lines))
    flush_meta()
    return "\n".join(x for x in out if x)


def block_html(ctx: Ctx, slot: str, name: str, lines: list[str]) -> str:
    if name == "hard":
        return hard_html(ctx, lines)
    return "\n".join(ctx.spam_html.get("block", []))


def footer_lines_html(ctx: Ctx, lines: list[str]) -> str:
    out = []
    for l in lines:
        if ctx.m.is_link_line(l):
            out.append(ctx.link_line(l))
        elif ("|" in l or "｜" in l) and len(PIPE_SPLIT.split(l)) >= 5 and not re.search(r"\d{5}", l):
            out.append(f"<p>{ctx.joined_links(l)}</p>")
        else:
            out.append(f"<p>{esc(l)}</p>")
    return "\n".join(out)


LABEL_ATTR = ' data-chaff-label="1"'


def head_html(ctx: Ctx, charset_first: bool = True) -> str:
    parts = ['<meta charset="utf-8">', f"<title{ctx.title_attr}>{esc(ctx.title_text)}</title>"]
    if ctx.meta_keywords:
        text, lab = ctx.meta_keywords
        parts.append(f'<meta name="keywords" content="{attr(text)}"{LABEL_ATTR if lab else ""}>')
    if ctx.meta_description:
        text, lab = ctx.meta_description
        parts.append(f'<meta name="description" content="{attr(text)}"{LABEL_ATTR if lab else ""}>')
    parts.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    parts += ctx.head_extra
    parts.append('<link rel="stylesheet" href="/static/css/style.css">')
    if ctx.styles:
        parts.append("<style>\n" + "\n".join(ctx.styles) + "\n</style>")
    parts += ctx.spam_html.get("head", [])
    return "<head>\n" + "\n".join(parts) + "\n</head>"


def page_html(ctx: Ctx, body_cls: str, body: str) -> str:
    top = footer_spam(ctx, "body_start")
    end = footer_spam(ctx, "body_end")
    pieces = [f"<body class=\"{body_cls}\">"]
    if top:
        pieces.append(top)
    pieces.append(body)
    if end:
        pieces.append(end)
    pieces.append(f'<script src="/static/js/common.js"></script>\n</body>')
    # Head last: templates add style rules while rendering the body.
    return (f'<!DOCTYPE html>\n<html lang="{ctx.html_lang}">\n{head_html(ctx)}\n' + "\n".join(pieces) + "\n</html>\n")


def crumbs_of(ctx: Ctx) -> list[str]:
    return [v for k, v in ctx.m.head if k == "crumb"]


def extra_menus_of(ctx: Ctx) -> list[str]:
    """Head menu lines beyond the main menu (a second menu line: login, language...)."""
    out = []
    seen_main = False
    for k, v in ctx.m.head:
        if k == "menu_line":
            if seen_main:
                out.append(v)
            seen_main = True
        elif k == "menu_parts":
            seen_main = True
    return out


def footer_spam(ctx: Ctx, where: str) -> str:
    """Everything placed in a slot: the spam (or out-of-body hard block), and site widgets before or after it."""
    widgets = ctx.widget_html.get(where, [])
    return "\n".join([w for w, first in widgets if first] + ctx.spam_html.get(where, [])
                     + [w for w, first in widgets if not first])


# ----------------------------------------------------------------------------
# Templates


def t_gov_table(ctx: Ctx) -> str:
    """Chinese government portal: nested layout tables, date bar, 当前位置, 友情链接, 版权所有/ICP."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    tds = "".join(f'<td class="navtd">{ctx.a(it, "/" if i == 0 else ctx.href("section"))}</td>'
                  for i, it in enumerate(items))
    subs = ""
    if r.random() < 0.6:
        # Dropdown panels under the nav bar, hidden until hover (label 0).
        ctx.styles.append(".navsub{display:none}")
        panels = []
        for j in range(r.randint(2, 4)):
            panels.append(f'<div class="navsub" id="sub{j}">' + " | ".join(
                ctx.a(s, ctx.href("section")) for s in ctx.sub_items(r.randint(3, 6))) + "</div>")
        subs = "\n".join(panels)
    crumbs = crumbs_of(ctx)
    crumb = ctx.crumb(crumbs[0]) if crumbs else (esc(ui["current"]) + ctx.a(ui["home"], "/") + " &gt; "
                                                   + ctx.a(items[min(2, len(items) - 1)], ctx.href("section")))
    extra = "".join(f'<tr><td class="topmenu">{ctx.joined_links(x)}</td></tr>' for x in extra_menus_of(ctx))
    topbar = (f'<a href="javascript:;" onclick="SetHome(this)">{esc(ui["sethome"])}</a> | '
              f'<a href="javascript:;" onclick="AddFavorite()">{esc(ui["favorite"])}</a> | '
              f'<a href="/wza/">{esc(ui["a11y"])}</a> | <a href="/m/">{esc(ui["mobile"])}</a>')
    friends = friend_links(ctx, r.randint(6, 14), as_select=r.random() < 0.4) if r.random() < 0.75 else ""
    foot = footer_lines_html(ctx, ctx.m.foot) if ctx.m.foot else f"<p>{esc('版权所有：' + ctx.site_name)}</p>"
    body = f"""<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="topbar">
<tr><td align="left">{esc(ctx.date_line())}</td><td align="right">{topbar}</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="banner"><img src="/images/banner.jpg" width="1000" height="160" alt="{attr(ctx.site_name)}"></td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0" class="nav"><tr>{tds}</tr></table>
{subs}</td></tr>
{extra}
</table>
{footer_spam(ctx, "after_header")}
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
<tr><td class="crumb">{crumb}</td></tr>
<tr><td valign="top">
<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0" class="article">
<tr><td>
{main_column(ctx, "gov")}
</td></tr>
<tr><td class="tools" align="right"><a href="javascript:window.print()">{esc(ui["print"])}</a> <a href="javascript:window.close()">{esc(ui["close"])}</a></td></tr>
</table>
</td></tr>
</table>
{footer_spam(ctx, "before_footer")}
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="links">
<tr><td>{friends}</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="footer">
<tr><td align="center">
{footer_spam(ctx, "footer_top")}
{foot}
{footer_spam(ctx, "footer_bottom")}
</td><td width="120"><a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html" target="_blank"><img src="/images/jiucuo.png" alt="{attr(ui.get("error_gov", ""))}"></a></td></tr>
</table>
{noscript_html(ctx) if r.random() < 0.5 else ""}
<script>var _hmt = _hmt || [];</script>"""
    return page_html(ctx, "gov", body)


def t_portal_a11y(ctx: Ctx) -> str:
    """Taiwan/HK portal: accesskey ::: anchors, skip link, font-size switch, sub-menus, 相關連結."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    crumbs = crumbs_of(ctx)
    fontsw = ""
    if "font" in ui:
        fontsw = (f'<div class="font-size">{esc(ui["font"])}<a href="javascript:;">{esc(ui["font_s"])}</a>'
                  f'<a href="javascript:;">{esc(ui["font_m"])}</a><a href="javascript:;">{esc(ui["font_l"])}</a></div>')
    friends = friend_links(ctx, r.randint(5, 10)) if r.random() < 0.7 else ""
    foot = footer_lines_html(ctx, ctx.m.foot)
    extra = "".join(f'<div class="toplinks">{ctx.joined_links(x)}</div>' for x in extra_menus_of(ctx))
    body = f"""{skip_link(ctx)}
<div id="header">
<a accesskey="U" href="#U" title="上方功能區塊" class="acc">:::</a>
<div class="logo"><a href="/"><img src="/images/logo.png" alt="{attr(ctx.site_name)}"></a></div>
<div class="toplinks"><a href="/">{esc(ui["home"])}</a> | <a href="/sitemap">{esc(ui["sitemap"])}</a> | <a href="/en/">English</a></div>
{extra}
{fontsw}
<form class="search" action="/search"><label for="q">{esc(ui["search"])}</label><input id="q" name="q" type="text"><button type="submit">{esc(ui["search_btn"])}</button></form>
<nav id="mainmenu">
{nav_html(ctx, items, "menu")}
</nav>
</div>
{footer_spam(ctx, "after_header")}
<div id="center">
<a accesskey="C" href="#C" title="中央內容區塊" class="acc" id="C">:::</a>
<div class="path">{ctx.crumb(crumbs[0]) if crumbs else esc(ui["current"]) + ctx.a(ui["home"], "/")}</div>
<div class="cp" id="main">
{main_column(ctx, "portal", "h2")}
</div>
{share_buttons(ctx) if r.random() < 0.6 else ""}
<div class="back"><a href="javascript:history.back();">回上一頁</a> <a href="#header">{esc(ui["back_top"])}</a></div>
</div>
{footer_spam(ctx, "before_footer")}
{friends}
<div id="footer">
<a accesskey="Z" href="#Z" title="下方功能區塊" class="acc">:::</a>
{footer_spam(ctx, "footer_top")}
{foot}
{footer_spam(ctx, "footer_bottom")}
<div class="badge"><a href="https://accessibility.moda.gov.tw/" title="無障礙網站"><img src="/images/aa.png" alt="通過AA無障礙網頁檢測"></a></div>
</div>
{noscript_html(ctx) if r.random() < 0.7 else ""}"""
    return page_html(ctx, "portal", body)


def t_wordpress(ctx: Ctx) -> str:
    """WordPress blog: nav with .sub-menu, entry, tags, comments, sidebar widgets, footer."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    if ctx.menu_sub_hiding is None:
        ctx.menu_sub_hiding = "rule"
        ctx.sub_cls = "sub-menu"
        ctx.styles.append(".sub-menu{display:none}.menu-item-has-children:hover>.sub-menu{display:block}")
    recent = ctx.other_titles(5)
    cats = ctx.sub_items(r.randint(4, 8))
    months = []
    y, mth = ctx.year, ctx.month
    for _ in range(r.randint(4, 8)):
        months.append(ctx.month_label(y, mth))
        mth -= 1
        if mth == 0:
            y, mth = y - 1, 12
    comments_src = COMMENTS.get(ctx.ui_key, COMMENTS["en"])
    comments = ""
    if r.random() < 0.6:
        cs = r.sample(comments_src, min(len(comments_src), r.randint(1, 3)))
        lis = "".join(f'<li class="comment"><div class="comment-author"><cite class="fn">{esc(n)}</cite> '
                      f'<span class="says">{esc(ui["said"])}</span></div><div class="comment-content"><p>{esc(t)}</p></div>'
                      f'<div class="reply"><a class="comment-reply-link" href="#respond">{esc(ui["reply"])}</a></div></li>'
                      for n, t in cs)
        comments = (f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(cs)} {esc(ui["comments"])}</h2>'
                    f'<ol class="comment-list">{lis}</ol></div>')
    respond = (f'<div id="respond"><h3 class="comment-reply-title">{esc(ui["reply_title"])}</h3>'
               f'<form action="/wp-comments-post.php" method="post"><textarea name="comment" rows="6"></textarea>'
               f'<p class="form-submit"><input type="submit" value="{attr(ui["reply_btn"])}"></p></form></div>')
    tags = ""
    if r.random() < 0.5:
        tags = f'<div class="tags-links">{esc(ui["tags"])}: ' + ", ".join(
            ctx.a(t, f"/tag/{seed_of('tag', t) % 9000 + 100}/") for t in ctx.sub_items(r.randint(2, 5))) + "</div>"
    sidebar_spam = footer_spam(ctx, "sidebar")
    foot = footer_lines_html(ctx, ctx.m.foot)
    sb_recent = "".join(f"<li>{ctx.a(t)}</li>" for t in recent)
    sb_cats = "".join(f'<li class="cat-item">{ctx.a(c, ctx.href("section"))}</li>' for c in cats)
    sb_arch = "".join(f"<li>{ctx.a(mo, f'/{2000 + i}/')}</li>" for i, mo in enumerate(months))
    body = f"""<div id="page" class="site">
{skip_link(ctx)}
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">{esc(ctx.site_name)}</a></p></div>
<nav id="site-navigation" class="main-navigation">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">{esc(ui.get("menu", "Menu"))}</button>
{nav_html(ctx, items, "menu")}
</nav>
</header>
{footer_spam(ctx, "after_header")}
<div id="content" class="site-content">
<main id="main" class="site-main">
<article class="post type-post status-publish hentry">
<div class="entry-content">
{main_column(ctx, "wordpress")}
</div>
<footer class="entry-footer">{tags}</footer>
</article>
{share_buttons(ctx) if r.random() < 0.5 else ""}
<nav class="post-navigation"><div class="nav-previous">{ctx.a(ui["prev"])}</div><div class="nav-next">{ctx.a(ui["next"])}</div></nav>
{comments}
{respond}
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_search"><form role="search" action="/"><label><span class="screen-reader-text">{esc(ui["search"])}</span><input type="search" name="s"></label><input type="submit" value="{attr(ui["search_btn"])}"></form></section>
<section class="widget widget_recent_entries"><h2 class="widget-title">{esc(ui["recent"])}</h2><ul>{sb_recent}</ul></section>
{sidebar_spam}
<section class="widget widget_categories"><h2 class="widget-title">{esc(ui["categories"])}</h2><ul>{sb_cats}</ul></section>
<section class="widget widget_archive"><h2 class="widget-title">{esc(ui["archives"])}</h2><ul>{sb_arch}</ul></section>
</aside>
</div>
{footer_spam(ctx, "before_footer")}
<footer id="colophon" class="site-footer">
{footer_spam(ctx, "footer_top")}
<div class="site-info">
{foot}
</div>
{footer_spam(ctx, "footer_bottom")}
</footer>
</div>"""
    if "screen-reader-text{" not in "".join(ctx.styles):
        ctx.styles.append(".screen-reader-text{clip:rect(1px,1px,1px,1px);position:absolute;height:1px;width:1px;overflow:hidden}")
    return page_html(ctx, "post-template-default single", body)


def t_shop(ctx: Ctx) -> str:
    """Japanese-style shop / maker site: free-shipping bar, cart, global nav, side categories, legal footer."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    crumbs = crumbs_of(ctx)
    tel = f"0120-{r.randint(100, 999)}-{r.randint(100, 999)}"
    cats = ctx.sub_items(r.randint(5, 9))
    side = "".join(f"<li>{ctx.a(c, ctx.href('section'))}</li>" for c in cats)
    notice = ui.get("free_ship", "")
    legal = [ui.get("law", ui["about"]), ui.get("privacy", ui["contact"]), ui.get("guide", ui["sitemap"])]
    foot = footer_lines_html(ctx, ctx.m.foot)
    body = f"""{skip_link(ctx) if r.random() < 0.5 else ""}
{f'<div class="notice-bar"><p>{esc(notice)}</p></div>' if notice and r.random() < 0.7 else ""}
<header class="l-header">
<div class="logo"><a href="/"><img src="/img/logo.svg" alt="{attr(ctx.site_name)}"></a></div>
<div class="h-util"><span class="tel">{esc(ui["hotline"])} {esc(tel)}</span> <a href="/cart/" class="cart">{esc(ui["cart"])}</a> <a href="/mypage/login">{esc(ui["login"])}</a></div>
<nav class="g-nav">
{nav_html(ctx, items, "g-nav__list")}
</nav>
</header>
{footer_spam(ctx, "after_header")}
<div class="breadcrumb">{ctx.crumb(crumbs[0]) if crumbs else ctx.a(ui["home"], "/")}</div>
<div class="l-container">
<main class="l-main" id="main">
{main_column(ctx, "shop")}
{share_buttons(ctx) if r.random() < 0.5 else ""}
</main>
<aside class="l-side">
<div class="side-box"><h3>{esc(ui["categories"])}</h3><ul>{side}</ul></div>
{footer_spam(ctx, "sidebar")}
</aside>
</div>
{footer_spam(ctx, "before_footer")}
<footer class="l-footer">
<ul class="f-nav">{"".join(f"<li>{ctx.a(x, ctx.href('section'))}</li>" for x in legal)}</ul>
{footer_spam(ctx, "footer_top")}
{foot}
{footer_spam(ctx, "footer_bottom")}
<p class="pagetop"><a href="#">{esc(ui["back_top"])}</a></p>
</footer>
{noscript_html(ctx) if r.random() < 0.5 else ""}"""
    return page_html(ctx, "shop", body)


def t_news(ctx: Ctx) -> str:
    """Russian-style news site: date/weather bar, rubrics, article, "read also", 16+ media footer."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    crumbs = crumbs_of(ctx)
    tops = ctx.other_titles(r.randint(3, 6))
    top_list = "".join(f"<li>{ctx.a(t)}</li>" for t in tops)
    legal = []
    if "age" in ui:
        legal = [ui["age"], ui["media"], ui["reproduce"]]
    foot = footer_lines_html(ctx, ctx.m.foot)
    rates = ""
    if "rates" in ui and r.random() < 0.6:
        rates = (f'<span class="rates">{esc(ui["rates"])}: USD {r.randint(88, 99)},{r.randint(10, 99)} '
                 f'EUR {r.randint(95, 106)},{r.randint(10, 99)}</span>')
    body = f"""<div class="topline"><span class="date">{esc(ctx.date_line())}</span> {rates}
<a href="/login" class="login">{esc(ui["login"])}</a></div>
<header class="header">
<a class="logo" href="/">{esc(ctx.site_name)}</a>
<form class="search" action="/search/"><input type="text" name="q" placeholder="{attr(ui["search"])}"><button>{esc(ui["search_btn"])}</button></form>
<nav class="rubrics">
{nav_html(ctx, items, "rubrics__list", submenus=r.random() < 0.5)}
</nav>
</header>
{footer_spam(ctx, "after_header")}
<div class="layout">
<div class="content" id="main">
{f'<div class="breadcrumbs">{ctx.crumb(crumbs[0])}</div>' if crumbs else ""}
<article class="article">
{main_column(ctx, "news")}
</article>
{share_buttons(ctx) if r.random() < 0.7 else ""}
</div>
<aside class="sidebar">
<div class="block"><h3>{esc(ui["top_news"])}</h3><ul>{top_list}</ul></div>
{footer_spam(ctx, "sidebar")}
</aside>
</div>
{footer_spam(ctx, "before_footer")}
<footer class="footer">
{footer_spam(ctx, "footer_top")}
{foot}
{"".join(f"<p class='legal'>{esc(x)}</p>" for x in legal)}
{footer_spam(ctx, "footer_bottom")}
</footer>
{noscript_html(ctx) if r.random() < 0.4 else ""}
<script>(function(m,e,t,r,i,k,a){{m[i]=m[i]||function(){{(m[i].a=m[i].a||[]).push(arguments)}};}})(window,document,"script","","ym");</script>"""
    return page_html(ctx, "news", body)


def t_institution(ctx: Ctx) -> str:
    """English-style university / company site: skip link, mega-menu dropdowns, hidden search overlay, footer columns."""
    r = ctx.rng
    ui = ctx.ui
    items = ctx.menu_items()
    crumbs = crumbs_of(ctx)
    if ctx.menu_sub_hiding is None:
        ctx.menu_sub_hiding = "rule"
        ctx.sub_cls = "dropdown"
        ctx.styles.append(".dropdown{display:none}.has-dropdown:focus-within .dropdown{display:block}")
    quick = ctx.sub_items(r.randint(4, 6))
    socials = r.sample(SOCIAL_PROFILES, 3)
    handle = re.sub(r"[^a-z]", "", ctx.host.split(".")[-2] if "." in ctx.host else ctx.host) or "site"
    social = " ".join(f'<a href="{attr(s + handle)}" target="_blank" rel="noopener">{esc(s.split("//")[1].split(".")[1].capitalize())}</a>'
                      for s in socials)
    utility = [ui["about"], ui["contact"]] + [ui[k] for k in ("apply", "give", "visit") if k in ui]
    foot = footer_lines_html(ctx, ctx.m.foot)
    overlay = ""
    if r.random() < 0.5:
        overlay = (f'<div class="search-overlay" hidden><form action="/search"><label for="site-q">{esc(ui["search"])}</label>'
                   f'<input id="site-q" name="q"><button>{esc(ui["search_btn"])}</button></form></div>')
    extra = "".join(f'<div class="utility-extra">{ctx.joined_links(x)}</div>' for x in extra_menus_of(ctx))
    body = f"""{skip_link(ctx)}
<div class="utility-bar">{" ".join(ctx.a(u, ctx.href("section")) for u in utility)}</div>
{extra}
<header class="site-header" role="banner">
<a class="brand" href="/"><img src="/assets/logo.svg" alt="{attr(ctx.site_name)}"><span class="brand-name">{esc(ctx.site_name)}</span></a>
<nav class="primary-nav" aria-label="Main">
{nav_html(ctx, items, "nav-list")}
</nav>
<button class="search-toggle" aria-expanded="false">{esc(ui["search"])}</button>
{overlay}
</header>
{footer_spam(ctx, "after_header")}
<main id="main" class="page-main">
{f'<nav class="breadcrumb" aria-label="Breadcrumb">{ctx.crumb(crumbs[0])}</nav>' if crumbs else ""}
<div class="page-content">
{main_column(ctx, "institution")}
</div>
{share_buttons(ctx) if r.random() < 0.4 else ""}
</main>
{footer_spam(ctx, "before_footer")}
<footer class="site-footer">
<div class="footer-col"><h2>{esc(ctx.site_name)}</h2>{footer_spam(ctx, "footer_top")}{foot}</div>
<div class="footer-col"><ul>{"".join(f"<li>{ctx.a(q, ctx.href('section'))}</li>" for q in quick)}</ul></div>
<div class="footer-social">{social}</div>
{footer_spam(ctx, "footer_bottom")}
</footer>
{noscript_html(ctx) if r.random() < 0.5 else ""}"""
    return page_html(ctx, "institution", body)


def t_docs(ctx: Ctx) -> str:
    """Documentation page: top bar, sidebar TOC, breadcrumbs, on-this-page, edit link, prev/next."""
    r = ctx.rng
    ui = ctx.ui
    crumbs = crumbs_of(ctx)
    toc = ctx.other_titles(r.randint(6, 12))
    toc_html = "".join(f'<li class="toctree-l1">{ctx.a(t, f"/docs/{seed_of(t) % 900 + 100}.html")}</li>' for t in toc)
    heads = []
    for k, v in ctx.m.main:
        if k == "body":
            for i, l in enumerate(v):
                nxt = v[i + 1] if i + 1 < len(v) else None
                if l and is_heading(l, nxt):
                    heads.append(l)
    otp = "".join(f'<li><a href="#s{i}">{esc(h)}</a></li>' for i, h in enumerate(heads[:8]))
    items = ctx.menu_items()
    repo = r.choice(["https://github.com/", "https://gitee.com/", "https://gitlab.com/"])
    foot = footer_lines_html(ctx, ctx.m.foot)
    body = f"""{skip_link(ctx)}
<header class="navbar">
<a class="navbar-brand" href="/">{esc(ctx.site_name)}</a>
{nav_html(ctx, items[:7], "navbar-nav", submenus=False)}
<div class="version"><select aria-label="version"><option>latest</option><option>stable</option></select></div>
</header>
<div class="docs-layout">
<nav class="sidebar" aria-label="{attr(ui["toc"])}"><p class="caption">{esc(ui["toc"])}</p><ul>{toc_html}</ul></nav>
<main class="doc-content" id="main">
{f'<div class="breadcrumbs">{ctx.crumb(crumbs[0])}</div>' if crumbs else ""}
{footer_spam(ctx, "after_header")}
<div class="document">
{main_column(ctx, "docs")}
</div>
<div class="edit-this-page"><a href="{attr(repo + re.sub(r'[^a-z0-9-]', '', ctx.host.split('.')[0] + '-' + ctx.host.split('.')[1]))}/edit/main/docs/index.md" target="_blank">{esc(ui["edit"])}</a></div>
<nav class="pagination-nav"><a class="prev" href="{attr(ctx.href())}">« {esc(ui["prev"])}</a> <a class="next" href="{attr(ctx.href())}">{esc(ui["next"])} »</a></nav>
</main>
{f'<aside class="toc-right"><p>{esc(ui["on_page"])}</p><ul>{otp}</ul></aside>' if otp else ""}
</div>
{footer_spam(ctx, "before_footer")}
<footer class="footer">
{footer_spam(ctx, "footer_top")}
{foot}
{footer_spam(ctx, "footer_bottom")}
</footer>
{noscript_html(ctx) if r.random() < 0.4 else ""}"""
    return page_html(ctx, "docs", body)


TEMPLATE_FUNCS = {"gov_table": t_gov_table, "portal_a11y": t_portal_a11y, "wordpress": t_wordpress,
                  "shop": t_shop, "news": t_news, "institution": t_institution, "docs": t_docs}
SIDEBAR_TEMPLATES = {"wordpress", "shop", "news"}


# ----------------------------------------------------------------------------
# Title and meta


def honest_title(ctx: Ctx) -> str:
    r = ctx.rng
    t = ctx.m.article_title
    crumbs = crumbs_of(ctx)
    section = ""
    if crumbs:
        parts = [p.strip() for p in re.split(r">|＞|»|›|/|→", crumbs[0]) if p.strip()]
        if len(parts) >= 2:
            section = parts[-1]
    if ctx.ui_key in ("zh-Hans", "zh-Hant") and section and r.random() < 0.5:
        return f"{t}_{section}_{ctx.site_name}"
    return r.choice([f"{t} - {ctx.site_name}", f"{t} | {ctx.site_name}", f"{ctx.site_name} - {t}", t,
                     f"{t}－{ctx.site_name}" if is_cjk(t) else f"{t} – {ctx.site_name}"])


def honest_keywords(ctx: Ctx) -> str:
    words = [ctx.site_name]
    for c in crumbs_of(ctx):
        for p in re.split(r">|＞|»|›|/|→", c):
            p = re.sub(r"^.*[：:]", "", p).strip()
            if p and p not in words and len(p) < 20:
                words.append(p)
    if len(words) < 3:
        words += [w for w in ctx.menu_items()[1:4] if w not in words]
    sep = "，" if ctx.ui_key in ("zh-Hans", "zh-Hant") and ctx.rng.random() < 0.4 else ","
    return sep.join(words)


def honest_description(ctx: Ctx) -> str:
    for k, v in ctx.m.main:
        if k == "body":
            paras = [l for l in v if len(l) > 30 and not ctx.m.is_link_line(l)]
            if paras:
                p = paras[0]
                limit = 80 if is_cjk(p) else 160
                return p if len(p) <= limit else p[:limit].rstrip() + "…"
    return ctx.m.article_title


# ----------------------------------------------------------------------------
# Spam rendering


def spam_host(entry: str) -> str:
    e = re.sub(r"^https?://", "", entry.strip())
    return e.split("/")[0].split("?")[0]


class SpamRenderer:
    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        r = ctx.rng
        inj = ctx.rec["injection"]
        pool = ctx.pools.get(inj["spam_pool"]) or ctx.pool
        domains = pool.spam["domains"] or ctx.pools["zh-Hans"].spam["domains"]
        hosts = sorted({spam_host(d) for d in domains if spam_host(d)})
        self.hosts = r.sample(hosts, min(len(hosts), r.randint(3, 6)))

    def url(self, host: str | None = None) -> str:
        r = self.ctx.rng
        host = host or r.choice(self.hosts)
        n = r.randint(10, 99999)
        path = r.choice(["/", f"/vod/{n}.html", f"/?id={n}", f"/news/{n}.html", f"/index.php?c=show&id={n}",
                         f"/{n}/", f"/html/{r.randint(1, 40)}/{n}.htm", ""])
        return f"{r.choice(['http', 'http', 'https'])}://{host}{path}"

    def item_href(self, item: str) -> str:
        m = DOMAINISH.search(item)
        if m and ("." in m.group(0)) and not is_cjk(m.group(0)) and re.search(r"\.[a-z]{2,}", m.group(0)):
            u = m.group(0)
            # A real domain in the item: link to it (other items link to the page's spam hosts).
            if u.startswith("http"):
                return u
            return "http://" + u + ("" if "/" in u else "/")
        return self.url()

    def line_html(self, line: str, link_rate: float) -> str:
        """One spam line: a pipe line as links with the separators kept, else one link (or text)."""
        r = self.ctx.rng
        pieces = PIPE_SPLIT.split(line)
        if len(pieces) >= 3:
            out = []
            for i, p in enumerate(pieces):
                if i % 2 == 1:
                    out.append(esc(p))
                elif p.strip():
                    if r.random() < link_rate:
                        out.append(f'<a href="{attr(self.item_href(p))}" target="_blank">{esc(p)}</a>')
                    else:
                        out.append(esc(p))
            return "".join(out)
        if r.random() < link_rate:
            return f'<a href="{attr(self.item_href(line))}" target="_blank">{esc(line)}</a>'
        return esc(line)

    def items(self) -> list[str]:
        out = []
        for l in self.ctx.m.spam_lines:
            pieces = [p.strip() for i, p in enumerate(PIPE_SPLIT.split(l)) if i % 2 == 0 and p.strip()]
            out += pieces if len(pieces) >= 2 else [l]
        return out

    def inner(self, layout: str, link_rate: float) -> str:
        lines = self.ctx.m.spam_lines
        style = self.ctx.rec["injection"]["style"]
        first_banner = style == "portal_banner"
        rows = []
        for i, l in enumerate(lines):
            h = self.line_html(l, link_rate)
            if i == 0 and first_banner:
                rows.append(("banner", h))
            else:
                rows.append(("item", h))
        if layout == "br":
            return "<br>\n".join(h for _, h in rows)
        if layout == "p":
            return "\n".join(f"<p><strong>{h}</strong></p>" if k == "banner" else f"<p>{h}</p>" for k, h in rows)
        if layout == "li":
            head = "".join(f"<p><b>{h}</b></p>" for k, h in rows if k == "banner")
            return head + "<ul>" + "".join(f"<li>{h}</li>" for k, h in rows if k == "item") + "</ul>"
        # "inline": everything on one line.
        return " ".join(h for _, h in rows)

    def hidden(self, hiding: str) -> str:
        r = self.ctx.rng
        layout = weighted(r, [("br", 3), ("p", 2), ("li", 2), ("inline", 2)])
        inner = self.inner(layout, 0.9)
        lab = 'data-chaff-label="1"'
        if hiding == "inline_display_none":
            st = r.choice(["display:none", "display: none;", "DISPLAY: none", "display:none;visibility:hidden"])
            return f'<div style="{st}" {lab}>\n{inner}\n</div>'
        if hiding == "class_rule":
            cls = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randint(3, 6))) + str(r.randint(1, 99))
            rule = r.choice(["display:none", "display:none!important", "position:absolute;left:-8000px;top:-8000px",
                             "visibility:hidden", "font-size:0;line-height:0"])
            css = f".{cls}{{{rule}}}"
            if r.random() < 0.5:
                self.ctx.styles.append(css)
                return f'<div class="{cls}" {lab}>\n{inner}\n</div>'
            return f'<style>{css}</style><div class="{cls}" {lab}>\n{inner}\n</div>'
        if hiding == "offscreen":
            st = r.choice(["position:absolute;left:-9999px;top:-9999px", "position:absolute;top:-3000px",
                           "position:fixed;left:-2000px;width:1px;overflow:hidden", "position:absolute; left:-999em"])
            return f'<div style="{st}" {lab}>\n{inner}\n</div>'
        if hiding == "font_size_0":
            st = r.choice(["font-size:0px;line-height:0", "font-size:0", "font-size:1px;color:#fff"])
            return f'<div style="{st}" {lab}>\n{inner}\n</div>'
        if hiding == "marquee":
            mq = r.choice(['<marquee height="1" width="1" scrollamount="3000" scrolldelay="20000">',
                           '<marquee style="position:absolute;width:0px;">', "<marquee>"])
            if r.random() < 0.5:
                return mq.replace("<marquee", f"<marquee {lab}", 1) + f"\n{inner}\n</marquee>"
            return f"<div {lab}>{mq}\n{inner}\n</marquee></div>"
        if hiding == "text_indent":
            return f'<div style="text-indent:-9999px;overflow:hidden;height:20px" {lab}>\n{inner}\n</div>'
        if hiding == "visibility_hidden":
            return f'<div style="visibility:hidden;height:0;" {lab}>\n{inner}\n</div>'
        return f"<div hidden {lab}>\n{inner}\n</div>"

    def visible_line(self) -> str:
        r = self.ctx.rng
        rate = r.choice([0.0, 0.0, 0.7, 1.0])
        lines = "\n".join(f"<p>{self.line_html(l, rate)}</p>" for l in self.ctx.m.spam_lines)
        cls = r.choice(["links", "foot-links", "keywords", "tags", "hot", "footer-nav"])
        return f'<div class="{cls}" data-chaff-label="1">\n{lines}\n</div>'

    def link_list(self) -> str:
        r = self.ctx.rng
        layout = weighted(r, [("li", 4), ("br", 2), ("p", 1)])
        inner = self.inner(layout, 0.95)
        cls = r.choice(["link", "links", "yqlj", "bottom-links", "sitelinks", "list"])
        if layout == "li" and r.random() < 0.5 and not inner.startswith("<p>"):
            return inner.replace("<ul>", f'<ul class="{cls}" data-chaff-label="1">', 1)
        return f'<div class="{cls}" data-chaff-label="1">\n{inner}\n</div>'

    def keywords_text(self, sep: str) -> str:
        items = self.items()[:40]
        return sep.join(items)


def choose_forms(ctx: Ctx) -> tuple[str, str | None, bool]:
    """(main form, hiding method or None, also stuff meta keywords)."""
    r = ctx.rng
    style = ctx.rec["injection"]["style"]
    weights = {
        "comma_prefix": [("title", 75), ("meta", 15), ("hidden", 10)],
        "pipe_line": [("hidden", 38), ("visible_line", 36), ("title", 10), ("meta", 10), ("link_list", 6)],
        "pipe_lines_wrapped": [("hidden", 45), ("visible_line", 47), ("meta", 8)],
        "short_lines": [("hidden", 40), ("link_list", 44), ("title", 8), ("visible_line", 4), ("meta", 4)],
        "link_list": [("hidden", 42), ("link_list", 58)],
        "portal_banner": [("hidden", 40), ("link_list", 50), ("visible_line", 10)],
        "spam_sentences": [("visible_line", 55), ("hidden", 35), ("link_list", 10)],
    }[style]
    form = weighted(r, weights)
    hiding = None
    if form == "hidden":
        hiding = weighted(r, [("inline_display_none", 25), ("class_rule", 20), ("offscreen", 15), ("font_size_0", 10),
                              ("marquee", 10), ("text_indent", 8), ("visibility_hidden", 7), ("hidden_attr", 5)])
    also_meta = form in ("title",) and r.random() < 0.35 or form in ("hidden", "link_list") and r.random() < 0.1
    return form, hiding, also_meta


def place_spam(ctx: Ctx, template: str) -> dict:
    """Render the page's spam into ctx.spam_html and the title/meta; return the injection record."""
    r = ctx.rng
    inj = dict(ctx.rec["injection"])
    sr = SpamRenderer(ctx)
    form, hiding, also_meta = choose_forms(ctx)
    slot = ctx.m.spam_slot
    where = None
    if form in ("title", "meta"):
        where = "head"
        if form == "title":
            line = ctx.m.spam_lines[0]
            if ctx.rec["injection"]["style"] != "comma_prefix":
                # Keyword items joined as a title prefix, as hijacked <title>s are written.
                items = sr.items()
                line = r.choice([",", "，", "_", "-"]).join(items[:r.randint(3, 8)])
            own = ctx.title_text
            if ctx.m.article_title and line.endswith(ctx.m.article_title):
                text = line if r.random() < 0.5 else line[: -len(ctx.m.article_title)] + own
            else:
                text = line + r.choice(["_", "-", " - ", "|", ",", ""]) + own
            ctx.title_text = text
            ctx.title_attr = ' data-chaff-label="1"'
        else:
            sep = r.choice([",", "，", ",", "|"])
            ctx.meta_keywords = (sr.keywords_text(sep), True)
        if also_meta or form == "meta":
            if form == "title":
                ctx.meta_keywords = (sr.keywords_text(r.choice([",", "，"])), True)
            if r.random() < 0.3:
                ctx.meta_description = (sr.keywords_text(r.choice(["，", ",", " "])), True)
    else:
        if form == "hidden":
            frag = sr.hidden(hiding)
        elif form == "visible_line":
            frag = sr.visible_line()
        else:
            frag = sr.link_list()
        # Where in the page: follow the text page's slot.
        if slot == "very_top":
            where = "body_start" if r.random() < 0.7 else "after_header"
        elif slot == "top":
            where = "after_header" if r.random() < 0.6 else "block"
        elif slot in ("middle", "after_body"):
            where = "block"
        elif slot == "before_footer":
            if form != "hidden" and template in SIDEBAR_TEMPLATES and r.random() < 0.35:
                where = "sidebar"
            else:
                where = "before_footer" if r.random() < 0.6 else "footer_top"
        else:  # end
            where = "body_end" if (form == "hidden" or r.random() < 0.5) else "footer_bottom"
        if where == "block" and not any(k == "block" and v[1] == "spam" for k, v in ctx.m.main):
            where = "after_header"
        ctx.spam_html.setdefault(where, []).append(frag)
        if also_meta:
            ctx.meta_keywords = (sr.keywords_text(","), True)
    inj["html_form"] = form
    inj["html_hiding"] = hiding
    inj["html_where"] = where
    inj["html_meta_stuffed"] = bool(ctx.meta_keywords and ctx.meta_keywords[1])
    inj["spam_hosts"] = sorted(sr.hosts)
    return inj


# ----------------------------------------------------------------------------
# Site widgets: legit chrome full of proper names (label 0)
#
# Real pages name places, sports bodies, clubs, games and brands in short lines
# of their own chrome: regional menus ("Köln", "Bonn" one link per line),
# weather widgets, city pickers, sports sub-menus, partner and brand lists,
# cookie-consent panels listing third-party services with their URLs, and
# social posts embedded in articles. Spam pools name the same things (escort
# city lists, "fifa coins", counterfeit brands), so without this chrome such a
# name is spam-only evidence and a one-word menu line gets flagged. The names
# come from TrainingData/pools/<pool>/html/*.txt; each page draws its widgets
# with its own generator, so the rest of the page renders exactly as before.

HTML_POOL_FILES = ["places", "sports", "brands", "vendors"]
# Widget kinds that can be switched off. Four kinds (consent, brand_list,
# region_menu, sports_menu) add many identical short lines that a calibration
# sample holds out as a whole; while the model fitted one calibrator on one
# sample, they made it more conservative (intercept −2.5 → −3.0 to −3.4, devset
# line recall −2 to −10 points) and were off. With calibrators averaged over
# eight held-out parts the fit no longer follows the sample, and every kind is
# on: real-page HTML false alarms fell from 1.3–2.8% to 0.65–1.08% over three
# sample salts (Models/README.md).
DROPPED_WIDGETS: set[str] = set()

WIDGET_UI: dict[str, dict[str, str]] = {
    "zh-Hans": {"region": "地方频道", "weather": "天气", "city": "切换城市", "sport": "体育", "brands": "合作伙伴",
                "offices": "分支机构", "consent": "Cookie 设置",
                "consent_text": "我们使用 Cookie 和第三方服务来改进网站。您可以在下方选择允许哪些服务，并随时更改设置。",
                "stats": "统计分析", "marketing": "营销", "media": "外部媒体", "accept": "全部接受", "save": "保存设置",
                "post_by": "分享的帖子", "watch": "在 YouTube 上观看"},
    "zh-Hant": {"region": "地方新聞", "weather": "天氣", "city": "切換縣市", "sport": "運動", "brands": "合作夥伴",
                "offices": "服務據點", "consent": "Cookie 設定",
                "consent_text": "本網站使用 Cookie 及第三方服務以提升瀏覽體驗，您可以選擇允許的服務並隨時變更設定。",
                "stats": "統計分析", "marketing": "行銷", "media": "外部媒體", "accept": "全部接受", "save": "儲存設定",
                "post_by": "分享的貼文", "watch": "在 YouTube 上觀看"},
    "en": {"region": "Local news", "weather": "Weather", "city": "Change location", "sport": "Sport",
           "brands": "Our partners", "offices": "Our offices", "consent": "Privacy settings",
           "consent_text": "We use cookies and third-party services to run and improve this site. Choose which services you allow; you can change this at any time.",
           "stats": "Statistics", "marketing": "Marketing", "media": "External media", "accept": "Accept all",
           "save": "Save settings", "post_by": "A post shared by", "watch": "Watch on YouTube"},
    "ja": {"region": "地域ニュース", "weather": "天気", "city": "地域を変更", "sport": "スポーツ", "brands": "取扱ブランド",
           "offices": "店舗・拠点一覧", "consent": "Cookie設定",
           "consent_text": "当サイトではサービス向上のためCookieおよび外部サービスを利用しています。許可するサービスを選択できます。",
           "stats": "アクセス解析", "marketing": "広告", "media": "外部メディア", "accept": "すべて許可", "save": "設定を保存",
           "post_by": "さんの投稿", "watch": "YouTubeで見る"},
    "ru": {"region": "Регионы", "weather": "Погода", "city": "Выбрать город", "sport": "Спорт", "brands": "Партнёры",
           "offices": "Филиалы", "consent": "Настройки cookie",
           "consent_text": "Мы используем файлы cookie и сторонние сервисы для работы и улучшения сайта. Вы можете выбрать, какие сервисы разрешить.",
           "stats": "Статистика", "marketing": "Маркетинг", "media": "Внешние медиа", "accept": "Принять все",
           "save": "Сохранить", "post_by": "Публикация от", "watch": "Смотреть на YouTube"},
    "de": {"region": "Region", "weather": "Wetter", "city": "Ort ändern", "sport": "Sport", "brands": "Unsere Partner",
           "offices": "Standorte", "consent": "Datenschutz-Einstellungen",
           "consent_text": "Wir nutzen Cookies und Dienste von Drittanbietern, um diese Website zu betreiben und zu verbessern. Sie können Ihre Auswahl jederzeit ändern.",
           "stats": "Statistik", "marketing": "Marketing", "media": "Externe Medien", "accept": "Alle akzeptieren",
           "save": "Auswahl speichern", "post_by": "Ein Beitrag geteilt von", "watch": "Auf YouTube ansehen"},
    "fr": {"region": "Régions", "weather": "Météo", "city": "Changer de ville", "sport": "Sport", "brands": "Nos partenaires",
           "offices": "Nos agences", "consent": "Paramètres de confidentialité",
           "consent_text": "Nous utilisons des cookies et des services tiers pour faire fonctionner et améliorer ce site. Vous pouvez modifier vos choix à tout moment.",
           "stats": "Statistiques", "marketing": "Marketing", "media": "Médias externes", "accept": "Tout accepter",
           "save": "Enregistrer", "post_by": "Une publication partagée par", "watch": "Regarder sur YouTube"},
    "es": {"region": "Provincias", "weather": "El tiempo", "city": "Cambiar ciudad", "sport": "Deportes",
           "brands": "Nuestros socios", "offices": "Oficinas", "consent": "Configuración de privacidad",
           "consent_text": "Utilizamos cookies y servicios de terceros para el funcionamiento y la mejora de este sitio. Puede cambiar su elección en cualquier momento.",
           "stats": "Estadísticas", "marketing": "Marketing", "media": "Contenido externo", "accept": "Aceptar todo",
           "save": "Guardar", "post_by": "Una publicación compartida de", "watch": "Ver en YouTube"},
    "id": {"region": "Daerah", "weather": "Cuaca", "city": "Ganti kota", "sport": "Olahraga", "brands": "Mitra kami",
           "offices": "Kantor cabang", "consent": "Pengaturan privasi",
           "consent_text": "Kami menggunakan cookie dan layanan pihak ketiga untuk menjalankan dan meningkatkan situs ini. Anda dapat mengubah pilihan kapan saja.",
           "stats": "Statistik", "marketing": "Pemasaran", "media": "Media eksternal", "accept": "Terima semua",
           "save": "Simpan", "post_by": "Kiriman dibagikan oleh", "watch": "Tonton di YouTube"},
    "ko": {"region": "지역", "weather": "날씨", "city": "지역 변경", "sport": "스포츠", "brands": "협력사",
           "offices": "지점 안내", "consent": "쿠키 설정",
           "consent_text": "이 사이트는 서비스 제공과 개선을 위해 쿠키와 외부 서비스를 사용합니다. 허용할 서비스를 선택할 수 있습니다.",
           "stats": "통계", "marketing": "마케팅", "media": "외부 미디어", "accept": "모두 허용", "save": "설정 저장",
           "post_by": "님이 공유한 게시물", "watch": "YouTube에서 보기"},
    "vi": {"region": "Địa phương", "weather": "Thời tiết", "city": "Đổi tỉnh thành", "sport": "Thể thao",
           "brands": "Đối tác", "offices": "Chi nhánh", "consent": "Cài đặt quyền riêng tư",
           "consent_text": "Chúng tôi sử dụng cookie và dịch vụ bên thứ ba để vận hành và cải thiện trang. Bạn có thể thay đổi lựa chọn bất cứ lúc nào.",
           "stats": "Thống kê", "marketing": "Tiếp thị", "media": "Nội dung bên ngoài", "accept": "Chấp nhận tất cả",
           "save": "Lưu", "post_by": "Bài viết được chia sẻ bởi", "watch": "Xem trên YouTube"},
}

EMBED_HANDLES = ["city_news", "museum.official", "fc_fans", "travel.daily", "chef.anna", "techreview", "mayor_office",
                 "wildlife.photos", "gardenclub", "runners_weekly", "the.bakery", "uni.library"]


def load_html_pools() -> dict[str, dict[str, dict[str | None, list[str]]]]:
    """pools/<pool>/html/<file>.txt by pool and file, items grouped by `# lang:`."""
    out: dict[str, dict[str, dict[str | None, list[str]]]] = {}
    for folder in sorted(p for p in POOLS.iterdir() if p.is_dir()):
        files = {k: _COMPOSER.read_groups(folder / "html" / f"{k}.txt") for k in HTML_POOL_FILES}
        if any(files.values()):
            out[folder.name] = files
    return out


HTML_POOLS = load_html_pools()


def html_items(ctx: Ctx, kind: str) -> list[str]:
    """The page's names of one kind: its pool's (its language group plus shared items), else English."""
    for name in (ctx.name, "en"):
        groups = HTML_POOLS.get(name, {}).get(kind, {})
        if not groups:
            continue
        if ctx.ui_key in groups:
            return groups[ctx.ui_key] + groups.get(None, [])
        return [it for g in groups.values() for it in g]
    return []


def pick_ranked(r: random.Random, items: list[str], k: int) -> list[str]:
    """k distinct items, earlier ones more likely (a Zipf-like 1/(rank+8) weight), kept in draw order."""
    pool = list(dict.fromkeys(items))
    chosen: list[str] = []
    weights = [1.0 / (i + 8) for i in range(len(pool))]
    for _ in range(min(k, len(pool))):
        x = r.random() * sum(weights)
        for i, w in enumerate(weights):
            x -= w
            if x < 0 or i == len(pool) - 1:
                chosen.append(pool[i])
                del pool[i], weights[i]
                break
    return chosen


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or str(seed_of("slug", text) % 100000)


def name_list_html(ctx: Ctx, r: random.Random, heading: str, names: list[str], section: str, cls: str) -> str:
    """A heading and one own-site link (or filter checkbox) per line; often with the number of
    posts or products behind each entry ("Köln (24)"), as category widgets and shop filters show."""
    counted = r.random() < 0.5
    entries = [f"{n} ({r.randint(1, 240)})" if counted else n for n in names]
    if r.random() < 0.8:
        lis = "".join(f'<li><a href="/{section}/{slug(n)}">{esc(e)}</a></li>' for n, e in zip(names, entries))
    else:
        lis = "".join(f'<li><label><input type="checkbox" name="{section}"> {esc(e)}</label></li>' for e in entries)
    head = f"<h3>{esc(heading)}</h3>" if r.random() < 0.7 else ""
    return f'<div class="{cls}">{head}<ul>{lis}</ul></div>'


def dateline_html(ctx: Ctx, r: random.Random, heading: str, names: list[str], section: str, cls: str) -> str:
    """Headlines of other pages of the site led by a place, club or body: "Köln: …", "FIFA – …"."""
    # Other articles of the pool, drawn with the widget generator (ctx.other_titles would draw from the page's).
    arts = sorted({a[2][0] for a in ctx.pool.articles if a[2] and a[2][0] != ctx.m.article_title and len(a[2][0]) < 80})
    titles = r.sample(arts, min(len(names), len(arts))) or [ctx.m.article_title]
    lis = []
    for n, t in zip(names, titles * len(names)):
        sep = "：" if is_cjk(t) else r.choice([": ", " – ", " | "])
        lis.append(f'<li><a href="/{section}/{slug(n)}/{r.randint(1000, 99999)}.html">{esc(n + sep + t)}</a></li>')
    head = f"<h3>{esc(heading)}</h3>" if r.random() < 0.7 else ""
    return f'<div class="{cls}">{head}<ul>{"".join(lis)}</ul></div>'


def weather_html(ctx: Ctx, r: random.Random, wui: dict[str, str], city: str) -> str:
    lo = r.randint(-8, 18)
    hi = lo + r.randint(2, 12)
    join = r.choice(["", " "])
    temps = r.choice([f"{lo}°/{hi} °", f"{lo}°/{hi}°", f"{hi}°C", f"{lo} °C / {hi} °C"])
    line = (f'<div class="weather"><a href="/{slug(wui["weather"])}/"><span class="w-label">{esc(wui["weather"])}</span>{join}'
            f'<span class="w-city">{esc(city)}</span> <span class="w-temp">{esc(temps)}</span></a></div>')
    if r.random() < 0.5:
        # A city picker beside it, often once for the desktop and once for the mobile header.
        picker = f'<div class="city-name" onclick="showCities();">{esc(city)}</div>'
        line = picker + "\n" + line + ("\n" + picker if r.random() < 0.6 else "")
    return line


def consent_html(ctx: Ctx, r: random.Random, wui: dict[str, str]) -> str:
    vendors = [v.split("|", 1) for v in html_items(ctx, "vendors") if "|" in v]
    if not vendors:
        return ""
    out = [f"<h2>{esc(wui['consent'])}</h2>", f"<p>{esc(wui['consent_text'])}</p>"]
    for head in r.sample([wui["stats"], wui["marketing"], wui["media"]], r.randint(1, 3)):
        out.append(f'<h3><label><input type="checkbox"> {esc(head)}</label></h3>')
        form = r.randrange(3)
        for name, url in r.sample(vendors, min(len(vendors), r.randint(2, 5))):
            if form == 0:
                out.append(f'<p>{esc(name)} (<a href="{attr(url)}" target="_blank">{esc(url)}</a>)</p>')
            elif form == 1:
                out.append(f'<li><a href="{attr(url)}" target="_blank" rel="noopener">{esc(name)}</a></li>')
            else:
                out.append(f'<p>{esc(name)}</p><p><a href="{attr(url)}">{esc(url)}</a></p>')
    out.append(f'<button>{esc(wui["accept"])}</button> <button>{esc(wui["save"])}</button>')
    # Most panels are rendered visible (the page text a crawler reads); a few wait hidden for a script.
    hide = ' style="display:none"' if r.random() < 0.15 else ""
    return f'<div class="cookie-consent" role="dialog"{hide}>\n' + "\n".join(out) + "\n</div>"


def embed_html(ctx: Ctx, r: random.Random, wui: dict[str, str]) -> str:
    handle = r.choice(EMBED_HANDLES)
    code = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(11))
    kind = r.randrange(3)
    if kind == 0:
        url = f"https://www.instagram.com/p/{code}/"
        tail = (f'<p><a href="{url}">{esc(wui["post_by"])} @{handle}</a></p>' if r.random() < 0.5 else "")
        return (f'<blockquote class="instagram-media" data-instgrm-permalink="{url}">'
                f'<p><a href="{url}" target="_blank">{url}</a></p>{tail}</blockquote>')
    if kind == 1:
        status = r.randint(10 ** 17, 10 ** 18)
        body = [l for l in ctx.m.article_lines if 20 < len(l) < 200]
        text = r.choice(body) if body else ctx.m.article_title
        date = f"{MONTHS_EN[ctx.month - 1]} {ctx.day}, {ctx.year}"
        pic = f" pic.twitter.com/{code[:10]}" if r.random() < 0.4 else ""
        return (f'<blockquote class="twitter-tweet"><p>{esc(text)}{pic}</p>— {esc(handle)} (@{handle}) '
                f'<a href="https://twitter.com/{handle}/status/{status}">{date}</a></blockquote>')
    url = f"https://www.youtube.com/watch?v={code}"
    return (f'<div class="video-embed"><p><a href="{url}" target="_blank">{esc(wui["watch"])}</a></p>'
            + (f'<p><a href="{url}">{url}</a></p>' if r.random() < 0.5 else "") + "</div>")


def add_widgets(ctx: Ctx, template: str) -> list[str]:
    """Place legit name-heavy widgets in the page's slots (label 0); returns their kinds."""
    r = random.Random(seed_of("widgets", ctx.rec["id"]))

    def chance(kind: str, p: float) -> bool:
        # Drawn for every kind, dropped or not, so the draws of the others stay put.
        return r.random() < p and kind not in DROPPED_WIDGETS
    wui = WIDGET_UI.get(ctx.ui_key, WIDGET_UI["en"])
    side = template in SIDEBAR_TEMPLATES
    kinds: list[str] = []

    def put(where: str, frag: str) -> None:
        if frag:
            ctx.widget_html.setdefault(where, []).append((frag, r.random() < 0.5))

    places = html_items(ctx, "places")
    sports = html_items(ctx, "sports")
    news_like = ctx.group in ("news", "gov", "blog")
    if places and chance("local_news", 0.4 if news_like else 0.15):
        kinds.append("local_news")
        put(weighted(r, [("sidebar" if side else "before_footer", 3), ("footer_top", 2), ("after_header", 1)]),
            dateline_html(ctx, r, wui["region"], pick_ranked(r, places, r.randint(3, 6)), "region", "local-news"))
    if sports and chance("sports_news", 0.3 if news_like else 0.1):
        kinds.append("sports_news")
        put(weighted(r, [("sidebar" if side else "before_footer", 3), ("footer_top", 2)]),
            dateline_html(ctx, r, wui["sport"], pick_ranked(r, sports, r.randint(3, 6)), "sport", "sport-news"))
    if places and chance("region_menu", 0.25 if news_like else 0.1):
        kinds.append("region_menu")
        names = pick_ranked(r, places, r.randint(4, 14))
        frag = name_list_html(ctx, r, r.choice([wui["region"], wui["offices"]]), names, "region", "region-nav")
        if r.random() < 0.3:
            # The same menu again in the mobile navigation, hidden until the menu button is pressed.
            frag += "\n" + frag.replace('class="region-nav"', 'class="region-nav mobile" style="display:none"', 1)
        put(weighted(r, [("after_header", 4), ("sidebar" if side else "before_footer", 3), ("footer_top", 3)]), frag)
    if places and chance("weather", 0.25 if news_like else 0.1):
        kinds.append("weather")
        put(r.choice(["after_header", "body_start", "sidebar" if side else "after_header"]),
            weather_html(ctx, r, wui, pick_ranked(r, places, 1)[0]))
    if sports and chance("sports_menu", 0.2 if news_like else 0.08):
        kinds.append("sports_menu")
        names = pick_ranked(r, sports, r.randint(3, 12))
        put(weighted(r, [("after_header", 3), ("sidebar" if side else "footer_top", 3), ("footer_bottom", 2)]),
            name_list_html(ctx, r, wui["sport"], names, "sport", "sport-nav"))
    brands = html_items(ctx, "brands")
    if brands and chance("brand_list", 0.3 if ctx.group == "biz" else 0.1):
        kinds.append("brand_list")
        names = pick_ranked(r, brands, r.randint(4, 12))
        put(weighted(r, [("sidebar" if side else "before_footer", 3), ("footer_top", 3), ("footer_bottom", 2)]),
            name_list_html(ctx, r, wui["brands"], names, "brand", "brand-list"))
    if chance("consent", 0.18):
        kinds.append("consent")
        put("body_end", consent_html(ctx, r, wui))
    if ctx.group in ("news", "blog") and chance("embed", 0.2):
        kinds.append("embed")
        ctx.embed_html = embed_html(ctx, r, wui)
    if chance("credit", 0.35 if news_like else 0.12):
        kinds.append("credit")
        put(weighted(r, [("body_end", 5), ("body_start", 1), ("footer_top", 1)]), credit_html(ctx, r))
    return kinds


# Source and picture credits: a line or two, each a label and one link to another site.
CREDIT_LABELS = {
    "zh-Hans": ["来源", "图片来源", "稿件来源", "参考资料", "图源"],
    "zh-Hant": ["來源", "圖片來源", "資料來源", "參考資料", "圖／"],
    "en": ["Source", "Photo", "Image credit", "Via", "Data", "Read more at"],
    "ja": ["出典", "写真", "画像提供", "参考", "引用元"],
    "ru": ["Источник", "Фото", "Источник фото", "По данным", "Подробнее"],
    "de": ["Quelle", "Foto", "Bildquelle", "Mehr bei", "Daten"],
    "fr": ["Source", "Photo", "Crédit photo", "Lire sur", "Données"],
    "es": ["Fuente", "Foto", "Imagen", "Vía", "Datos"],
}
CREDIT_SOURCES = [
    ("Reuters", "www.reuters.com"), ("AP", "apnews.com"), ("AFP", "www.afp.com"), ("BBC", "www.bbc.co.uk"),
    ("dpa", "www.dpa.com"), ("新华社", "www.news.cn"), ("人民网", "www.people.com.cn"), ("中央社", "www.cna.com.tw"),
    ("共同通信", "www.kyodonews.jp"), ("NHK", "www3.nhk.or.jp"), ("ТАСС", "tass.ru"), ("РИА Новости", "ria.ru"),
    ("Wikipedia", "en.wikipedia.org"), ("Wikimedia Commons", "commons.wikimedia.org"), ("Unsplash", "unsplash.com"),
    ("Flickr", "www.flickr.com"), ("GitHub", "github.com"), ("OpenStreetMap", "www.openstreetmap.org"),
    ("Eurostat", "ec.europa.eu"), ("WHO", "www.who.int"), ("World Bank", "data.worldbank.org"),
    ("Statistisches Bundesamt", "www.destatis.de"), ("INSEE", "www.insee.fr"), ("国家统计局", "www.stats.gov.cn"),
]


def credit_html(ctx: Ctx, r: random.Random) -> str:
    labels = CREDIT_LABELS.get(ctx.ui_key, CREDIT_LABELS["en"])
    lines = []
    for _ in range(r.choice([1, 1, 1, 2, 3])):
        name, host = r.choice(CREDIT_SOURCES)
        path = r.choice(["", f"{r.randint(2015, 2025)}/{r.randint(1, 12):02d}/{r.randint(1000, 99999)}.html",
                         f"wiki/{slug(name)}", f"photos/{r.randint(10000, 999999)}"])
        url = f"https://{host}/{path}"
        sep = "：" if is_cjk(labels[0]) else ": "
        label = r.choice(labels)
        form = r.randrange(4)
        if form == 0:
            inner = f'{esc(label + sep)}<a href="{attr(url)}" target="_blank" rel="noopener">{esc(name)}</a>'
        elif form == 1:
            inner = f'{esc(label + sep)}<a href="{attr(url)}" target="_blank">{esc(host)}</a>'
        elif form == 2:
            inner = f'{esc(label + sep + name)} (<a href="{attr(url)}">{esc(url)}</a>)'
        else:
            inner = f'<a href="{attr(url)}" target="_blank" rel="nofollow">{esc(label + sep + name)}</a>'
        lines.append(f'<p class="credit">{inner}</p>')
    return '<div class="credits">' + "".join(lines) + "</div>"


# ----------------------------------------------------------------------------
# Pages


def choose_template(rec: dict, name: str, rng: random.Random) -> str:
    table = TEMPLATE_WEIGHTS.get(name, TEMPLATE_WEIGHTS["xx"])
    return weighted(rng, table[kind_group(rec["kind"])])


def render_page(rec: dict, tags: list[str], pool, pools, mod) -> tuple[dict, str]:
    rng = random.Random(seed_of("page", rec["id"]))
    model = PageModel(rec, tags, pool, mod)
    ctx = Ctx(rec, model, pool, pools, rng)
    ctx.title_attr = ""
    template = choose_template(rec, pool.name, rng)
    ctx.title_text = honest_title(ctx)
    if rng.random() < 0.7:
        ctx.meta_keywords = (honest_keywords(ctx), False)
    if rng.random() < 0.75:
        ctx.meta_description = (honest_description(ctx), False)
    injection = None
    if rec["variant"] == "injected":
        injection = place_spam(ctx, template)
        # A spam block in the text page's very_top/end slots is placed by place_spam; drop it from the
        # before/after lists (they hold only spam or hard blocks; hard blocks there become body blocks).
    for slot, name, lines in model.before + model.after:
        if name == "hard":
            ctx.spam_html.setdefault("after_header" if slot == "very_top" else "before_footer", []).append(
                hard_html(ctx, lines))
    widgets = add_widgets(ctx, template)
    page_html_text = TEMPLATE_FUNCS[template](ctx)
    out = {
        "id": f"html-{rec['id']}",
        "lang": rec["lang"],
        "script": rec["script"],
        "variant": rec["variant"],
        "kind": rec["kind"],
        "doc_id": rec["doc_id"],
        "injection": injection,
        "widgets": widgets,
        "html": page_html_text,
    }
    return out, template


# ----------------------------------------------------------------------------
# Validation


class LabelChecker(HTMLParser):
    """Finds data-chaff-label="1" elements and the text inside each."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
            "track", "wbr"}
    RAW = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int | None]] = []
        self.labeled: list[dict] = []
        self.raw = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lab = (a.get("data-chaff-label") or "").strip() == "1"
        idx = None
        if lab:
            text = a.get("content", "") if tag == "meta" else ""
            self.labeled.append({"tag": tag, "text": text})
            idx = len(self.labeled) - 1
        if tag in self.RAW:
            self.raw += 1
        if tag in self.VOID:
            return
        self.stack.append((tag, idx))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.RAW:
            self.raw = max(0, self.raw - 1)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.raw:
            return
        for _, idx in self.stack:
            if idx is not None:
                self.labeled[idx]["text"] += data
        if self.stack and self.stack[-1][0] == "title":
            pass


def check_page(page: dict) -> list[str]:
    errors = []
    p = LabelChecker()
    p.feed(page["html"])
    p.close()
    pid = page["id"]
    if not page["html"].startswith("<!DOCTYPE html>"):
        errors.append(f"{pid}: no doctype")
    for el in p.labeled:
        if not el["text"].strip():
            errors.append(f"{pid}: labeled <{el['tag']}> without text")
    if page["variant"] == "injected":
        if not p.labeled:
            errors.append(f"{pid}: injected page without a labeled element")
    elif p.labeled:
        errors.append(f"{pid}: {page['variant']} page with {len(p.labeled)} labeled element(s)")
    if p.stack and any(t in ("div", "table", "ul") for t, _ in p.stack):
        errors.append(f"{pid}: unclosed elements {[t for t, _ in p.stack][:6]}")
    return errors


def validate_all(by_lang: dict[str, list[dict]]) -> list[str]:
    errors = []
    for pages in by_lang.values():
        for page in pages:
            errors += check_page(page)
    return errors


def read_html_pages(folder: Path) -> dict[str, list[dict]]:
    out = {}
    for path in sorted(folder.glob("*.jsonl"), key=lambda p: p.name):
        with open(path, encoding="utf-8") as f:
            out[path.stem] = [json.loads(l) for l in f if l.strip()]
    return out


# ----------------------------------------------------------------------------
# Output and counts


def generate(out_dir: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    text_pages = read_text_pages()
    mod, pools, tags, counts = recover_structure(text_pages)
    if counts["heuristic"]:
        print(f"compose-html-pages: structure from the composer for {counts['exact']} text pages, read "
              f"heuristically for {counts['heuristic']} (pages/ older than the pools)", file=sys.stderr)
    chosen = select_pages(text_pages)
    by_lang: dict[str, list[dict]] = {}
    templates: dict[str, str] = {}
    for name, recs in chosen.items():
        pool = pools[name]
        pages = []
        for rec in recs:
            page, template = render_page(rec, tags[rec["id"]], pool, pools, mod)
            templates[page["id"]] = template
            pages.append(page)
        by_lang[name] = pages
    errors = validate_all(by_lang)
    if errors:
        for e in errors[:30]:
            print(f"compose-html-pages: {e}", file=sys.stderr)
        raise SystemExit(f"compose-html-pages: {len(errors)} validation error(s)")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, pages in by_lang.items():
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for page in pages:
                f.write(json.dumps(page, ensure_ascii=False, separators=(",", ":")))
                f.write("\n")
    return by_lang, templates


def tally(by_lang: dict[str, list[dict]], templates: dict[str, str]) -> str:
    def table(title, header, rows):
        out = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        out += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
        out.append("")
        return out

    lines: list[str] = []
    rows = []
    tot = [0] * 6
    for name, pages in by_lang.items():
        c = [sum(1 for p in pages if p["variant"] == v) for v in VARIANTS]
        size = sum(len(p["html"].encode("utf-8")) for p in pages)
        row = [len(pages)] + c + [round(size / 1e6, 2)]
        tot = [a + b for a, b in zip(tot, row + [0])]
        rows.append([name] + row)
    rows.append(["**all**"] + tot[:4] + [round(tot[4], 2)])
    lines += table("HTML pages", ["pool", "pages"] + VARIANTS + ["HTML MB"], rows)

    rows = []
    for name, pages in by_lang.items():
        rows.append([name] + [sum(1 for p in pages if templates[p["id"]] == t) for t in TEMPLATES])
    lines += table("Templates (pages)", ["pool"] + TEMPLATES, rows)

    rows = []
    for name, pages in by_lang.items():
        inj = [p["injection"] for p in pages if p["injection"]]
        rows.append([name] + [sum(1 for i in inj if i["html_form"] == f) for f in FORMS]
                    + [sum(1 for i in inj if i["html_meta_stuffed"])])
    lines += table("Injection forms (pages)", ["pool"] + FORMS + ["+ meta keywords stuffed"], rows)

    rows = []
    for name, pages in by_lang.items():
        inj = [p["injection"] for p in pages if p["injection"]]
        rows.append([name] + [sum(1 for i in inj if i["html_hiding"] == h) for h in HIDINGS])
    lines += table("Hiding methods of the hidden form (pages)", ["pool"] + HIDINGS, rows)
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary folder; exit 1 if TrainingData/pages-html differs")
    ap.add_argument("--validate", action="store_true",
                    help="parse the pages in the output folder and check the data-chaff-label annotation")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default TrainingData/pages-html)")
    args = ap.parse_args()

    if args.validate:
        by_lang = read_html_pages(args.out)
        if not by_lang:
            print(f"compose-html-pages: no pages in {args.out}", file=sys.stderr)
            return 1
        errors = validate_all(by_lang)
        for e in errors[:50]:
            print(f"compose-html-pages: {e}", file=sys.stderr)
        n = sum(len(v) for v in by_lang.values())
        n_lab = 0
        for pages in by_lang.values():
            for page in pages:
                c = LabelChecker()
                c.feed(page["html"])
                n_lab += len(c.labeled)
        if errors:
            print(f"compose-html-pages: {len(errors)} error(s) in {n} pages", file=sys.stderr)
            return 1
        print(f"compose-html-pages: {n} pages valid ({n_lab} labeled elements, all with text; "
              "none on clean or hard-negative pages)")
        return 0

    if args.check:
        return _COMPOSER.check_output(generate, args.out, "compose-html-pages", "pages-html is")

    by_lang, templates = generate(args.out)
    print(tally(by_lang, templates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
