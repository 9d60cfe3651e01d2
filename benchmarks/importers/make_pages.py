"""Generate the HTML evaluation pages (and their gold text) under ``benchmarks/importers/pages/``.

Each page is one article from ``corpus.py`` dressed in one of eleven CMS-like templates full of the
furniture real news pages have: navigation, cookie banners, share bars, inline ads, "Read more"
links, newsletter boxes, captions, pull quotes, author bios, tag lists, related-story teasers,
comment threads, pagination, old table layouts. The gold ``.txt`` is the article text only:

    included: body paragraphs, sub-headings, lists, tables and block quotes inside the article
    excluded: headline, byline, dates, captions, pull quotes (they repeat the body), inline
              "Read more"/related links, ads, newsletter and share boxes, tags, author bios, comments

Templates T9-T11 are used only for held-out pages (file names start with ``h``), so the held-out
mean shows how tuning on the dev pages (``d``) carries over to markup it never saw.

Run: ``python benchmarks/importers/make_pages.py`` (deterministic; rewrites the pages folder).
"""

# Long lines are HTML templates; splitting them would only make the markup harder to read.
# ruff: noqa: E501
from __future__ import annotations

import html
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.importers.corpus import ARTICLES, Article

PAGES = Path(__file__).resolve().parent / "pages"

E = html.escape

NAV = {
    "en": ["Home", "News", "World", "Politics", "Business", "Opinion", "Sport", "Culture", "Weather"],
    "de": ["Startseite", "Politik", "Wirtschaft", "Panorama", "Sport", "Kultur", "Meinung", "Regional"],
    "fr": ["Accueil", "Actualités", "Politique", "Économie", "Société", "Culture", "Sport", "Opinions"],
    "es": ["Portada", "Nacional", "Internacional", "Economía", "Sociedad", "Cultura", "Deportes"],
}
WORDS = {
    "en": dict(
        read_more="Read more:",
        also="Related:",
        ad="Advertisement",
        share="Share this article",
        newsletter="Sign up to our morning briefing",
        nl_text="The day's top stories, in your inbox every weekday morning. You can unsubscribe at any time.",
        subscribe="Subscribe",
        cookie="We use cookies and similar technologies to personalise content and ads, to provide "
        "social media features and to analyse our traffic. By clicking Accept you agree to this.",
        accept="Accept all",
        manage="Manage preferences",
        comments="Comments",
        related="More stories",
        by="By",
        topics="Topics",
        bio="is a reporter covering public policy. She previously worked "
        "for regional newspapers and a national broadcaster.",
        next="Next page",
        copyright="All rights reserved.",
        trending="Trending now",
        updated="Updated",
    ),
    "de": dict(
        read_more="Lesen Sie auch:",
        also="Mehr zum Thema:",
        ad="Anzeige",
        share="Artikel teilen",
        newsletter="Unser Newsletter am Morgen",
        nl_text="Die wichtigsten Nachrichten des Tages, jeden Morgen in Ihrem Postfach. Abmeldung jederzeit möglich.",
        subscribe="Abonnieren",
        cookie="Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Werbung zu "
        "personalisieren und die Zugriffe auf unsere Website zu analysieren.",
        accept="Alle akzeptieren",
        manage="Einstellungen",
        comments="Kommentare",
        related="Weitere Artikel",
        by="Von",
        topics="Themen",
        bio="ist Redakteurin im Ressort Wirtschaft und berichtet über Verkehr und Infrastruktur.",
        next="Nächste Seite",
        copyright="Alle Rechte vorbehalten.",
        trending="Meistgelesen",
        updated="Aktualisiert",
    ),
    "fr": dict(
        read_more="À lire aussi :",
        also="Sur le même sujet :",
        ad="Publicité",
        share="Partager l'article",
        newsletter="Recevez notre lettre d'information",
        nl_text="L'essentiel de l'actualité chaque matin dans votre boîte mail. Désinscription possible à tout moment.",
        subscribe="S'inscrire",
        cookie="Nous utilisons des cookies pour personnaliser le contenu et les publicités et pour "
        "analyser notre trafic. En cliquant sur Accepter, vous consentez à cet usage.",
        accept="Tout accepter",
        manage="Paramétrer",
        comments="Commentaires",
        related="Autres articles",
        by="Par",
        topics="Thèmes",
        bio="est journaliste au service Société et couvre les questions de logement.",
        next="Page suivante",
        copyright="Tous droits réservés.",
        trending="Les plus lus",
        updated="Mis à jour",
    ),
    "es": dict(
        read_more="Lee también:",
        also="Relacionado:",
        ad="Publicidad",
        share="Compartir",
        newsletter="Suscríbete a nuestro boletín",
        nl_text="Las noticias más importantes del día en tu correo cada mañana. Puedes darte de baja cuando quieras.",
        subscribe="Suscribirse",
        cookie="Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle "
        "publicidad relacionada con sus preferencias.",
        accept="Aceptar todo",
        manage="Configurar",
        comments="Comentarios",
        related="Más noticias",
        by="Por",
        topics="Temas",
        bio="es periodista especializado en medio ambiente y agricultura.",
        next="Página siguiente",
        copyright="Todos los derechos reservados.",
        trending="Lo más leído",
        updated="Actualizado",
    ),
}
OTHER_HEADLINES = {
    "en": [
        "Council tax to rise by 5% in April, cabinet confirms",
        "Five things we learned from the budget",
        "Police appeal for witnesses after late-night collision",
        "Opinion: Our high streets need more than parking",
        "Weather warning issued as storm approaches the coast",
        "Live: Markets react to interest rate decision",
        "School places shortage worsens in city suburbs",
        "Watch: the moment a whale was spotted off the pier",
    ],
    "de": [
        "Stadtrat beschließt neuen Haushalt",
        "Wetter: Gewitter und Starkregen erwartet",
        "Kommentar: Die Schiene braucht mehr als Geld",
        "Polizei sucht Zeugen nach Unfall auf der A3",
        "Mietpreise steigen weiter",
    ],
    "fr": [
        "Le budget municipal adopté de justesse",
        "Météo : des orages attendus ce week-end",
        "Tribune : repenser la ville",
        "Grève dans les transports mardi prochain",
        "Les prix de l'énergie en baisse",
    ],
    "es": [
        "El ayuntamiento aprueba los presupuestos",
        "Alerta amarilla por tormentas este fin de semana",
        "Opinión: el agua como bien común",
        "Huelga de transporte el próximo martes",
        "El precio de la vivienda sigue al alza",
    ],
}
COMMENTS = {
    "en": [
        "This is exactly what happens when nobody plans ahead. Every year the same story and every year "
        "the same excuses from the people in charge.",
        "I have lived here for thirty years and I have "
        "never seen anything like it. Thank you for reporting on this properly.",
        "Interesting article but you don't mention that the previous administration made the original decision.",
        "Does anyone know whether the meeting on Monday is open to the public?",
        "Completely agree with the union. Wages have not kept up for a decade.",
    ],
    "de": [
        "Das war doch abzusehen. Seit Jahren wird nur geredet und nichts getan.",
        "Danke für den ausführlichen Bericht, das hilft bei der Planung unseres Urlaubs.",
        "Wer soll das alles bezahlen? Am Ende wieder die Fahrgäste.",
    ],
    "fr": [
        "Rien d'étonnant, cela fait des années que la situation se dégrade.",
        "Merci pour cet article très clair, enfin quelqu'un qui parle des étudiants.",
        "Et les propriétaires, on en parle ?",
    ],
    "es": [
        "Llevamos años avisando y nadie ha hecho nada.",
        "Muy buen artículo, gracias por explicarlo tan claro.",
        "¿Y qué pasa con el agua que se pierde en las tuberías?",
    ],
}


def W(a: Article) -> dict[str, str]:
    return WORDS[a.lang]


def gold_text(a: Article) -> str:
    out: list[str] = []
    for kind, content in a.blocks:
        if kind == "ul":
            out.append("\n".join(str(x) for x in content))  # type: ignore[union-attr]
        elif kind == "table":
            out.append("\n".join(" | ".join(row) for row in content))  # type: ignore[union-attr]
        else:
            out.append(str(content))
    return "\n\n".join(out) + "\n"


def block_html(kind: str, content: object, p_attr: str = "", h_tag: str = "h2") -> str:
    if kind == "p":
        return f"<p{p_attr}>{E(str(content))}</p>"
    if kind == "h2":
        return f"<{h_tag}>{E(str(content))}</{h_tag}>"
    if kind == "quote":
        return f"<blockquote><p>{E(str(content))}</p></blockquote>"
    if kind == "ul":
        return "<ul>" + "".join(f"<li>{E(str(x))}</li>" for x in content) + "</ul>"  # type: ignore[union-attr]
    if kind == "table":
        rows = content  # type: ignore[assignment]
        head = "".join(f"<th>{E(c)}</th>" for c in rows[0])  # type: ignore[index]
        body = "".join("<tr>" + "".join(f"<td>{E(c)}</td>" for c in r) + "</tr>" for r in rows[1:])  # type: ignore[index]
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    raise ValueError(kind)


def others(a: Article, rng: random.Random, n: int) -> list[str]:
    pool = OTHER_HEADLINES[a.lang] + [x.title for x in ARTICLES if x.lang == a.lang and x is not a]
    return rng.sample(pool, min(n, len(pool)))


def interleave(a: Article, rng: random.Random, inserts: list[str], p_attr: str = "", h_tag: str = "h2") -> str:
    """Body blocks with boilerplate snippets inserted between them (never before the first block)."""
    blocks = [block_html(k, c, p_attr, h_tag) for k, c in a.blocks]
    slots = sorted(rng.sample(range(1, len(blocks)), min(len(inserts), len(blocks) - 1)) if len(blocks) > 1 else [])
    out: list[str] = []
    pending = list(inserts)
    for i, b in enumerate(blocks):
        while slots and slots[0] == i and pending:
            out.append(pending.pop(0))
            slots.pop(0)
        out.append(b)
    out.extend(pending)  # inserts that found no slot go after the body
    return "\n".join(out)


def bulk_script(a: Article) -> str:
    # Real pages carry large inline state and style blobs; they cost parse time, not text.
    rng = random.Random(a.slug)
    state = ",".join(
        f'"k{i}":{{"id":{rng.randint(1, 10**9)},"v":"{rng.random():.12f}","t":"teaser {i}"}}' for i in range(400)
    )
    css = "".join(
        f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}" for i in range(600)
    )
    return f"<style>{css}</style><script>window.__STATE__={{{state}}};</script>"


def mega_menu(a: Article) -> str:
    # A site-wide menu of sections and sub-sections, as most news sites have.
    cols = []
    for section in NAV[a.lang]:
        links = "".join(f'<li><a href="/{section.lower()}/{i}">{E(section)} {i}</a></li>' for i in range(1, 9))
        cols.append(f'<div class="menu-col"><h4>{E(section)}</h4><ul>{links}</ul></div>')
    return f'<div class="mega-menu" hidden>{"".join(cols)}</div>'


def head(a: Article, extra: str = "", og: bool = True, ld: bool = False, url: str = "") -> str:
    url = url or f"https://{a.site.lower().replace(' ', '').replace('&', '')}.example/{a.date[:4]}/{a.slug}"
    metas = [
        f'<meta charset="utf-8"><title>{E(a.title)} | {E(a.site)}</title>',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<link rel="canonical" href="{url}">',
        '<link rel="stylesheet" href="/static/main.css">',
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>",
    ]
    if og:
        metas += [
            f'<meta property="og:title" content="{E(a.title)}">',
            f'<meta property="og:site_name" content="{E(a.site)}">',
            f'<meta property="article:published_time" content="{a.date}T07:30:00+00:00">',
            f'<meta name="author" content="{E(a.author)}">',
            f'<meta property="og:url" content="{url}">',
        ]
    if ld:
        metas.append(
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            f'"headline":"{E(a.title)}","datePublished":"{a.date}T07:30:00Z","author":{{"@type":"Person",'
            f'"name":"{E(a.author)}"}},"publisher":{{"@type":"Organization","name":"{E(a.site)}"}}}}</script>'
        )
    return f"<head>{''.join(metas)}{extra}{bulk_script(a)}</head>"


def nav(a: Article, cls: str = "site-nav") -> str:
    items = "".join(f'<li><a href="/{x.lower()}">{E(x)}</a></li>' for x in NAV[a.lang])
    return f'<nav class="{cls}"><ul>{items}</ul></nav>{mega_menu(a)}'


def cookie(a: Article, style: int) -> str:
    w = W(a)
    if style == 0:
        return (
            f'<div id="cookie-notice" class="cookie-banner"><p>{E(w["cookie"])}</p>'
            f"<button>{E(w['accept'])}</button><button>{E(w['manage'])}</button></div>"
        )
    if style == 1:
        return (
            f'<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk"><div class="ot-sdk-container">'
            f'<p id="onetrust-policy-text">{E(w["cookie"])}</p><button id="onetrust-accept-btn-handler">'
            f"{E(w['accept'])}</button></div></div></div>"
        )
    return (
        f'<div class="fc-consent-root" role="dialog"><div class="fc-dialog"><p class="fc-dialog-headline">'
        f'{E(w["cookie"])}</p><button class="fc-cta-consent">{E(w["accept"])}</button></div></div>'
    )


def newsletter(a: Article, cls: str = "newsletter-signup") -> str:
    w = W(a)
    return (
        f'<div class="{cls}"><h3>{E(w["newsletter"])}</h3><p>{E(w["nl_text"])}</p>'
        f'<form><input type="email" placeholder="Email"><button>{E(w["subscribe"])}</button></form></div>'
    )


def read_more(a: Article, rng: random.Random, plain: bool = True) -> str:
    h = others(a, rng, 1)[0]
    if plain:
        return f'<p><strong>{E(W(a)["read_more"])}</strong> <a href="/other/{rng.randint(1000, 9999)}">{E(h)}</a></p>'
    return f'<div class="related-inline"><span>{E(W(a)["also"])}</span> <a href="/x">{E(h)}</a></div>'


def ad(a: Article, cls: str = "ad-slot") -> str:
    return f'<div class="{cls}"><span class="ad-label">{E(W(a)["ad"])}</span><div id="gpt-{cls}"></div></div>'


def figure(a: Article, cls: str = "") -> str:
    if not a.caption:
        return ""
    c = f' class="{cls}"' if cls else ""
    return f'<figure{c}><img src="/img/{a.slug}.jpg" alt=""><figcaption>{E(a.caption)}</figcaption></figure>'


def pullquote(a: Article, tag: str = "aside", cls: str = "pullquote") -> str:
    return f'<{tag} class="{cls}"><p>{E(a.pullquote)}</p></{tag}>' if a.pullquote else ""


def comments_ol(a: Article, rng: random.Random) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment-author">reader{rng.randint(1, 999)}</div>'
        f'<div class="comment-content"><p>{E(c)}</p></div><a class="reply">Reply</a></li>'
        for c in COMMENTS[a.lang]
    )
    return f'<div id="comments" class="comments-area"><h2>{E(W(a)["comments"])}</h2><ol class="commentlist">{items}</ol></div>'


def related_list(a: Article, rng: random.Random, cls: str = "related-posts") -> str:
    items = "".join(f'<li><a href="/r/{i}">{E(h)}</a></li>' for i, h in enumerate(others(a, rng, 4)))
    return f'<section class="{cls}"><h3>{E(W(a)["related"])}</h3><ul>{items}</ul></section>'


def teaser_grid(a: Article, rng: random.Random) -> str:
    # Related-story teasers with a sentence of text each: a classic trap for extractors.
    cards = []
    for h in others(a, rng, 3):
        cards.append(
            f'<div class="card"><h4><a href="/t">{E(h)}</a></h4><p>{E(h)}. {E(rng.choice(COMMENTS[a.lang]))}</p></div>'
        )
    return f'<div class="you-might-also-like"><h3>{E(W(a)["related"])}</h3>{"".join(cards)}</div>'


def tags(a: Article) -> str:
    links = " ".join(f'<a rel="tag" href="/tag/{t.lower()}">{E(t)}</a>' for t in a.tags)
    return f'<div class="article-tags"><span>{E(W(a)["topics"])}:</span> {links}</div>' if a.tags else ""


def share(a: Article, cls: str = "share-bar") -> str:
    return (
        f'<div class="{cls}"><span>{E(W(a)["share"])}</span><a href="#">Facebook</a><a href="#">X</a>'
        '<a href="#">WhatsApp</a><a href="#">Email</a></div>'
    )


def footer(a: Article) -> str:
    links = " · ".join(["About us", "Contact", "Privacy policy", "Terms", "Advertise", "Careers"])
    return f'<footer class="site-footer"><p>{E(links)}</p><p>© 2024 {E(a.site)}. {E(W(a)["copyright"])}</p></footer>'


def byline(a: Article) -> str:
    return (
        f'<div class="byline"><span class="author">{E(W(a)["by"])} {E(a.author)}</span> '
        f'<time datetime="{a.date}">{a.date}</time></div>'
    )


# --- templates -------------------------------------------------------------------------------------


def t1_wordpress(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [figure(a, "wp-block-image"), read_more(a, rng)])
    widgets = (
        f'<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2>Recent '
        f"Posts</h2><ul>{''.join(f'<li><a>{E(h)}</a></li>' for h in others(a, rng, 5))}</ul></section>"
        '<section class="widget widget_text"><p>Support independent local journalism. Donate today and '
        "help us keep reporting.</p></section></aside>"
    )
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a)}<body class="single-post">'
        f'<header id="masthead" class="site-header"><p class="site-title"><a href="/">{E(a.site)}</a></p>{nav(a, "main-navigation")}</header>'
        f'<div id="content" class="site-content"><main id="main"><article class="post type-post hentry">'
        f'<header class="entry-header"><h1 class="entry-title">{E(a.title)}</h1><div class="entry-meta">'
        f'<span class="byline">{E(W(a)["by"])} <a class="url fn n">{E(a.author)}</a></span> <time class="entry-date published" datetime="{a.date}">{a.date}</time></div></header>'
        f'<div class="entry-content">{body}'
        f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{E(W(a)["share"])}:</h3><ul><li>Twitter</li><li>Facebook</li></ul></div>'
        f'<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related</h3>'
        f"{''.join(f'<div class=jp-relatedposts-post><a>{E(h)}</a></div>' for h in others(a, rng, 3))}</div>"
        f'</div><footer class="entry-footer"><span class="tags-links">{E(", ".join(a.tags))}</span></footer></article>'
        f"{comments_ol(a, rng)}</main>{widgets}</div>{footer(a)}{cookie(a, 0)}</body></html>"
    )


def t2_react(a: Article, rng: random.Random) -> str:
    h = lambda: "css-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))  # noqa: E731
    inserts = [ad(a, h()), newsletter(a, h()), read_more(a, rng), ad(a, h())]
    body = interleave(a, rng, inserts, p_attr=f' class="{h()}"')
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a, ld=True)}<body><div id="__next"><div class="{h()}">'
        f'<header class="{h()}"><div class="{h()}"><a href="/">{E(a.site)}</a></div>{nav(a, h())}'
        f'<div class="{h()}"><button>Subscribe</button><button>Log in</button></div></header>'
        f'<main class="{h()}"><div class="{h()}" data-testid="headline"><h1>{E(a.title)}</h1>'
        f'<p class="{h()}">{E(W(a)["by"])} {E(a.author)} · {a.date}</p></div>{figure(a, h())}'
        f'<div class="{h()}" data-testid="article-body">{body}</div>{share(a, h())}'
        f'<div class="{h()}"><h2>{E(W(a)["trending"])}</h2><ol>{"".join(f"<li><a>{E(x)}</a></li>" for x in others(a, rng, 5))}</ol></div>'
        f'</main>{footer(a)}</div>{cookie(a, 1)}</div><script src="/_next/static/chunks/main.js"></script></body></html>'
    )


def t3_microdata(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [pullquote(a), figure(a), ad(a, "adunit")])
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a, og=False)}<body>{cookie(a, 2)}'
        f'<div class="page"><div class="topbar">{nav(a, "menu")}</div>'
        f'<div class="container"><div class="col-main"><div itemscope itemtype="https://schema.org/NewsArticle">'
        f'<h1 itemprop="headline">{E(a.title)}</h1><p class="meta">{E(W(a)["by"])} <span itemprop="author">{E(a.author)}</span>, '
        f'<time itemprop="datePublished" datetime="{a.date}">{a.date}</time></p>'
        f'<div itemprop="articleBody">{body}</div>{tags(a)}{share(a, "social-share")}</div>'
        f'{related_list(a, rng)}</div><div class="col-side"><div class="box">{E(W(a)["trending"])}'
        f"<ul>{''.join(f'<li>{E(x)}</li>' for x in others(a, rng, 4))}</ul></div></div></div>{footer(a)}</div></body></html>"
    )


def t4_tables(a: Article, rng: random.Random) -> str:
    # Late-1990s markup: layout tables, <font>, paragraphs as <br><br>, no <p>.
    parts = []
    for kind, content in a.blocks:
        if kind == "p" or kind == "quote":
            parts.append(E(str(content)))
        elif kind == "h2":
            parts.append(f"<b>{E(str(content))}</b>")
        elif kind == "ul":
            parts.append("<br>".join(E(str(x)) for x in content))  # type: ignore[union-attr]
        else:
            parts.append(block_html(kind, content))
    body = "<br><br>\n".join(parts)
    links = "<br>".join(f'<a href="/{x}">{E(x)}</a>' for x in NAV[a.lang])
    return (
        f'<html><head><title>{E(a.site)} - {E(a.title)}</title><meta name="author" content="{E(a.author)}"></head>'
        f'<body bgcolor="#ffffff"><table width="100%" border="0"><tr><td colspan="2"><font size="5"><b>{E(a.site)}</b></font></td></tr>'
        f'<tr><td width="150" valign="top"><font size="2">{links}</font></td><td valign="top">'
        f'<font face="Arial" size="4"><b>{E(a.title)}</b></font><br><font size="2"><i>{E(a.author)}, {a.date}</i></font><br><br>'
        f'<font face="Arial" size="2">{body}</font><br><br><font size="1">[ <a href="/print">Print</a> | <a href="/mail">E-mail this story</a> ]</font>'
        f'</td></tr><tr><td colspan="2"><font size="1">© {E(a.site)}</font></td></tr></table></body></html>'
    )


def t5_amp(a: Article, rng: random.Random) -> str:
    inserts = ['<amp-ad width="300" height="250" type="doubleclick"></amp-ad>', read_more(a, rng)]
    body = interleave(a, rng, inserts)
    return (
        f'<!doctype html><html amp lang="{a.lang}">{head(a, ld=True)}<body><header class="amp-header">'
        f'<a href="/">{E(a.site)}</a><button on="tap:sidebar.toggle">Menu</button></header>'
        f'<amp-sidebar id="sidebar" layout="nodisplay">{nav(a)}</amp-sidebar>'
        f'<article class="amp-article"><header><h1>{E(a.title)}</h1>{byline(a)}</header>'
        f'<div class="amp-article-body">{body}</div>{share(a, "amp-social-share-bar")}</article>'
        f'{related_list(a, rng, "amp-related")}<amp-consent id="consent" layout="nodisplay"><div class="consent-ui">'
        f"{E(W(a)['cookie'])}<button>{E(W(a)['accept'])}</button></div></amp-consent>{footer(a)}</body></html>"
    )


def t6_multipage(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [figure(a, "inline-photo"), ad(a, "mid-article-ad")])
    pages = "".join(f'<a href="?page={i}">{i}</a>' for i in (2, 3))
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a)}<body>{nav(a)}'
        f'<div id="wrapper"><div class="article-container"><h1>{E(a.title)}</h1>{byline(a)}'
        f'<div class="article-text">{body}</div>'
        f'<div class="pagination"><span>Page 1 of 3</span> <b>1</b> {pages} <a class="next" href="?page=2">{E(W(a)["next"])} »</a></div>'
        f'{newsletter(a)}</div><div class="sidebar"><div class="most-read"><h3>{E(W(a)["trending"])}</h3>'
        f"<ol>{''.join(f'<li><a>{E(x)}</a></li>' for x in others(a, rng, 5))}</ol></div>{ad(a, 'sidebar-ad')}</div></div>"
        f"{footer(a)}</body></html>"
    )


def t7_drupal(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [figure(a), read_more(a, rng, plain=False)])
    return (
        f'<!DOCTYPE html><html lang="{a.lang}" dir="ltr">{head(a)}<body class="path-node page-node-type-article">'
        f'<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>'
        f'<div class="dialog-off-canvas-main-canvas"><header role="banner"><div class="region region-header">{E(a.site)}</div>'
        f'<div class="region region-primary-menu">{nav(a, "menu--main")}</div></header>'
        f'<div class="region region-breadcrumb"><nav class="breadcrumb"><ol><li>Home</li><li>News</li></ol></nav></div>'
        f'<main role="main"><div class="layout-content"><div class="region region-content"><article class="node node--type-article node--view-mode-full">'
        f'<h1 class="page-title"><span class="field field--name-title">{E(a.title)}</span></h1>'
        f'<div class="node__meta"><span class="field field--name-uid">{E(a.author)}</span> <span class="field field--name-created">{a.date}</span></div>'
        f'<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field__item">{body}</div>'
        f'<div class="field field--name-field-tags field__items">{"".join(f"<div class=field__item>{E(t)}</div>" for t in a.tags)}</div></div></article>'
        f'<div class="block block-views block-views-blockrelated-content">{related_list(a, rng, "view-content")}</div></div></div>'
        f'<aside class="layout-sidebar-first" role="complementary"><div class="block">{newsletter(a, "block-simplenews")}</div></aside></main>'
        f"{footer(a)}</div>{cookie(a, 0)}</body></html>"
    )


def t8_blog_disqus(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [pullquote(a, "blockquote", "pull-quote"), figure(a)])
    bio = (
        f'<div class="author-box"><img src="/a.jpg" alt=""><h4>About {E(a.author)}</h4>'
        f"<p>{E(a.author)} {E(W(a)['bio'])}</p></div>"
    )
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a)}<body><div class="blog-header"><h2 class="blog-title">{E(a.site)}</h2>{nav(a, "blog-nav")}</div>'
        f'<div class="container"><div class="blog-main"><div class="blog-post"><h1 class="blog-post-title">{E(a.title)}</h1>'
        f'<p class="blog-post-meta">{a.date} by <a href="#">{E(a.author)}</a></p>{body}</div>{bio}{teaser_grid(a, rng)}'
        f'<div id="disqus_thread"><div class="dsq-comment">{"".join(f"<p>{E(c)}</p>" for c in COMMENTS[a.lang][:3])}</div></div></div>'
        f'<div class="blog-sidebar"><div class="sidebar-module"><h4>Archives</h4><ol class="list-unstyled"><li>March 2024</li><li>February 2024</li></ol></div></div></div>'
        f"{footer(a)}</body></html>"
    )


# Held-out-only templates (never looked at while tuning).
def t9_ghost(a: Article, rng: random.Random) -> str:
    cta = f'<div class="kg-card kg-cta-card"><p>{E(W(a)["nl_text"])}</p><a class="kg-btn">{E(W(a)["subscribe"])}</a></div>'
    body = interleave(a, rng, [cta, figure(a, "kg-card kg-image-card kg-card-hascaption")])
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a, ld=True)}<body class="post-template"><div class="viewport">'
        f'<header id="gh-head" class="gh-head"><a class="gh-head-logo">{E(a.site)}</a>{nav(a, "gh-head-menu")}</header>'
        f'<main id="site-main" class="site-main"><article class="article post"><header class="article-header gh-canvas">'
        f'<h1 class="article-title">{E(a.title)}</h1><div class="article-byline"><div class="article-byline-meta"><h4 class="author-name">{E(a.author)}</h4>'
        f'<div class="byline-meta-content"><time class="byline-meta-date" datetime="{a.date}">{a.date}</time><span class="byline-reading-time">4 min read</span></div></div></div></header>'
        f'<section class="gh-content gh-canvas">{body}</section>'
        f'<section class="footer-cta"><div class="inner"><h2>{E(W(a)["newsletter"])}</h2><a class="footer-cta-button">{E(W(a)["subscribe"])}</a></div></section></article></main>'
        f'<aside class="read-more-wrap"><div class="read-more inner">{"".join(f"<article class=post-card><h2>{E(x)}</h2></article>" for x in others(a, rng, 3))}</div></aside>'
        f'<footer class="site-footer outer">{E(a.site)} © 2024</footer></div></body></html>'
    )


def t10_arc(a: Article, rng: random.Random) -> str:
    inserts = [
        ad(a, "arc-ad-container"),
        f'<p class="article-body__paragraph"><b>{E(W(a)["also"]).upper()}</b> '
        f'<a href="/x">{E(others(a, rng, 1)[0])}</a></p>',
        ad(a, "arc-ad-container"),
    ]
    body = interleave(a, rng, inserts, p_attr=' class="article-body__paragraph"')
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a)}<body><div id="fusion-app"><div class="b-header">{nav(a, "b-header-nav")}</div>'
        f'<div class="b-alert-bar"><a>BREAKING: {E(others(a, rng, 1)[0])}</a></div>'
        f'<div class="layout-section"><div class="c-heading"><h1>{E(a.title)}</h1></div><div class="c-attribution">'
        f'<span class="c-byline">{E(W(a)["by"])} {E(a.author)}</span> <span class="c-date">{E(W(a)["updated"])} {a.date} 09:14</span></div>'
        f'{figure(a, "c-media-item")}<article class="b-article-body">{body}</article>'
        f'<div class="b-author-bio"><p>{E(a.author)} {E(W(a)["bio"])}</p></div></div>'
        f'<div class="right-rail"><div class="b-top-table-list"><h2>{E(W(a)["trending"])}</h2>'
        f"{''.join(f'<div class=b-top-table-list-small><h3><a>{E(x)}</a></h3></div>' for x in others(a, rng, 5))}</div></div>"
        f"{footer(a)}</div></body></html>"
    )


def t11_semantic(a: Article, rng: random.Random) -> str:
    body = interleave(a, rng, [figure(a)])
    comment_articles = "".join(
        f'<article class="comment"><header><b>reader{i}</b></header><p>{E(c)}</p></article>'
        for i, c in enumerate(COMMENTS[a.lang])
    )
    return (
        f'<!DOCTYPE html><html lang="{a.lang}">{head(a, og=True)}<body><header><p>{E(a.site)}</p>{nav(a)}</header>'
        f'<main><article><header><h1>{E(a.title)}</h1><p>{E(W(a)["by"])} <a rel="author">{E(a.author)}</a> · <time datetime="{a.date}">{a.date}</time></p></header>'
        f"{body}<footer><p>{E(W(a)['topics'])}: {E(', '.join(a.tags))}</p></footer></article>"
        f'<section class="discussion"><h2>{E(W(a)["comments"])} ({len(COMMENTS[a.lang])})</h2>{comment_articles}</section></main>'
        f"<aside><h2>{E(W(a)['related'])}</h2><ul>{''.join(f'<li><a>{E(x)}</a></li>' for x in others(a, rng, 4))}</ul></aside>"
        f"<footer><p>© {E(a.site)}</p></footer></body></html>"
    )


DEV: list[Callable[[Article, random.Random], str]] = [
    t1_wordpress,
    t2_react,
    t3_microdata,
    t4_tables,
    t5_amp,
    t6_multipage,
    t7_drupal,
    t8_blog_disqus,
]
HELD_OUT: list[Callable[[Article, random.Random], str]] = [t9_ghost, t10_arc, t11_semantic]


def main() -> None:
    PAGES.mkdir(exist_ok=True)
    for old in PAGES.glob("*"):
        old.unlink()
    n = 0
    for i, a in enumerate(ARTICLES):
        # each article: two dev templates, one held-out dev-template page and one held-out template
        picks = [
            ("d", DEV[(i * 3) % 8]),
            ("d", DEV[(i * 3 + 1) % 8]),
            ("h", DEV[(i * 3 + 2) % 8]),
            ("h", HELD_OUT[i % 3]),
        ]
        if i % 2 == 0:
            picks.append(("h", HELD_OUT[(i + 1) % 3]))
        for split, template in picks:
            rng = random.Random(f"{a.slug}-{template.__name__}")
            stem = f"{split}{n:03d}-{template.__name__.split('_', 1)[0]}-{a.slug}"
            (PAGES / f"{stem}.html").write_text(template(a, rng), encoding="utf-8")
            (PAGES / f"{stem}.txt").write_text(gold_text(a), encoding="utf-8")
            n += 1
    print(f"wrote {n} pages to {PAGES}")


if __name__ == "__main__":
    main()
