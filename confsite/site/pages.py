"""The pages of one site language: which exist, their front matter, and their bodies.

Each ``_page`` call names a template in ``site_template/pages`` and hands it view records;
the template lays them out. Session and speaker pages stay out of the nav.

A page is written as ``<name>/index.md``, in the folder of its URL (``schedule/``), so that
a relative link means the same to MkDocs, which leaves links in raw HTML to the browser
(relative to the page's URL), and to Zensical, which resolves them from the page's file.
The pages of a nav section (sponsors, the internal pages) are the exception: with
Material's ``navigation.indexes`` an ``index.md`` among them would become the section's own
page. Their templates link with Markdown links to files (``url.file``), which both engines
resolve from the page's file.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from confsite.errors import BuildFailed
from confsite.i18n import Texts, date_range, long_date, place_label
from confsite.markup import theme_text
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.model.plan import Placement
from confsite.model.site_paths import SITE_PAGES as PAGES
from confsite.model.versions import VersionSession
from confsite.plan.changes import Changes
from confsite.plan.score import measure, shown_terms
from confsite.plan.validate import validate
from confsite.plan.versions import History
from confsite.project import SiteLanguage
from confsite.promo.campaign import rows as campaign_rows
from confsite.promo.cards import card_path
from confsite.promo.counting import post_path
from confsite.promo.posts import ANNOUNCEMENTS
from confsite.site import seo
from confsite.site.tree import DocsTree, Linker, page_url
from confsite.site.views import (
    Agenda,
    LinkView,
    SessionView,
    SpeakerView,
    agenda,
    prose,
    room_views,
)
from confsite.stamps import build_date

ROLES = ("chair", "organising", "programme", "advisor", "volunteer")


# Page bodies by what they are made of (PageMaker._render_key): `confsite serve` renders
# again only the pages whose records changed.
_RENDERED: dict[tuple[Any, ...], str] = {}
_RENDERED_LIMIT = 20_000
_STUDIED: dict[jinja2.Template, tuple[bool, tuple[str, ...]]] = {}


def _study(env: jinja2.Environment, compiled: jinja2.Template) -> tuple[bool, tuple[str, ...]]:
    """Whether the template (or one it includes) reads ``agenda``, and the templates it
    imports or includes, all the way down."""
    known = _STUDIED.get(compiled)
    if known is None:
        from jinja2 import meta

        assert compiled.filename is not None
        tree = env.parse(Path(compiled.filename).read_text(encoding="utf-8"))
        reads = "agenda" in meta.find_undeclared_variables(tree)
        included = {
            node.template.value
            for node in tree.find_all(jinja2.nodes.Include)
            if isinstance(node.template, jinja2.nodes.Const)
        }
        names: set[str] = set()
        for name in meta.find_referenced_templates(tree):
            if name is None:
                reads = True  # a template chosen at run time: assume it reads everything
                continue
            inner_reads, inner = _study(env, env.get_template(name))
            names |= {name, *inner}
            # Imported macros do not see the page's variables; included templates do.
            reads = reads or (inner_reads and name in included)
        known = (reads, tuple(sorted(names)))
        _STUDIED[compiled] = known
    return known


def _absolute(base: str, path: str) -> str:
    return base + path if base else ""


class PageMaker:
    def __init__(
        self,
        content: Content,
        plan: dict[str, Placement],
        site: SiteLanguage,
        env: jinja2.Environment,
        history: History | None = None,
        *,
        remember: bool = False,
        defer: bool = False,
    ) -> None:
        """``remember``: keep page bodies for the next PageMaker of this process (a
        preview renders again only what changed); a one-off build does not pay for it.
        ``defer``: ``make`` lists the pages in the tree and leaves their making to it
        (``DocsTree.stream``), so that MkDocs starts on the first pages while the others
        are made."""
        self.content = content
        self.remember = remember
        self.defer = defer
        self.plan = plan
        self.site = site
        self.lang = site.lang
        self.env = env
        self.texts = Texts(site.lang)
        self.history = history or History()
        self.changes = self.history.changes()  # newest first
        self.agenda: Agenda = agenda(content, plan, site.lang, self._recently_changed())
        self.tree = DocsTree()
        self.conf = self._conference()
        self._budget: tuple[Any, list[str]] | None = None
        self._conf_repr: str | None = None

    # ----------------------------------------------------------------- helpers
    def _recently_changed(self) -> frozenset[str]:
        """Sessions the latest version changed, while its badge lasts (not the first
        version: everything in it is new, nothing changed)."""
        if not self.changes or self.changes[0].old is None:
            return frozenset()
        latest = self.changes[0].new
        age = (build_date().date() - latest.date).days
        if age > self.content.planning.changed_badge_days:
            return frozenset()
        return self.changes[0].touched

    def _card(self, subject: str, ident: str) -> str | None:
        """The page's share image: its promotion card, or the logo without a kit."""
        if self.site.promo:
            return card_path(subject, ident, "og")
        return self.content.conference.branding.logo

    def loc(self, text: Any) -> str:
        return localize(text, self.lang)

    def _conference(self) -> dict[str, Any]:
        conf = self.content.conference
        lang = self.lang
        dates = [
            {
                "kind": item.kind,
                "label": self.loc(item.label) or self.texts[f"date_kind_{item.kind}"],
                "date": long_date(item.date, lang),
                "iso": item.date.isoformat(),
            }
            for item in sorted(conf.important_dates, key=lambda d: (d.date, d.kind))
        ]
        return {
            "id": conf.id,
            "name": self.loc(conf.name),
            "short_name": self.loc(conf.short_name) or self.loc(conf.name),
            "edition": self.loc(conf.edition),
            "tagline": self.loc(conf.tagline),
            "description": prose(self.loc(conf.description)),
            "dates": date_range(conf.start, conf.end, lang),
            "start": conf.start.isoformat(),
            "end": conf.end.isoformat(),
            "timezone": conf.timezone,
            "city": self.loc(conf.city),
            "organiser": self.loc(conf.organiser),
            "public_email": conf.public_email,
            "venue": self.loc(self.content.venue.name),
            "logo": conf.branding.logo,
            "tickets": {
                "url": conf.tickets.registration_url or conf.tickets.url,
                "label": self.loc(conf.tickets.label) or self.texts.tickets,
                "price_from": conf.tickets.price_from,
                "currency": conf.tickets.currency,
            },
            "goals": [self.loc(goal) for goal in conf.goals],
            "audiences": [
                {"kind": a.kind, "description": self.loc(a.description)} for a in conf.audiences
            ],
            "important_dates": dates,
            "social": [
                LinkView(self.loc(link.label) or link.kind, link.url) for link in conf.social
            ],
            "after": {
                "feedback_url": conf.after.feedback_url,
                "feedback_closes": long_date(conf.after.feedback_closes, lang)
                if conf.after.feedback_closes
                else "",
                "archive_url": conf.after.archive_url,
                "photos_url": conf.after.photos_url,
                "community": [
                    {"name": self.loc(c.name), "url": c.url, "qr": c.qr, "kind": c.kind}
                    for c in conf.after.community
                ],
            },
        }

    def _page(
        self,
        path: str,
        template: str,
        title: str,
        *,
        description: str = "",
        hide: tuple[str, ...] = (),
        search: bool = True,
        json_ld: dict[str, Any] | None = None,
        og_type: str = "website",
        image: str | None = None,
        theme_template: str | None = None,
        extra_meta: dict[str, Any] | None = None,
        late_meta: Callable[[], dict[str, Any]] | None = None,
        **context: Any,
    ) -> None:
        """The page ``path``, made now or, with ``defer``, when the tree comes to it.
        ``late_meta`` gives front matter (``json_ld`` among it) worked out only then, so
        that a deferred page costs nothing before MkDocs starts."""

        def made() -> tuple[dict[str, Any], str]:
            link = Linker(path)
            url = _absolute(self.site.base_url, page_url(path))
            logo = image or self._card("conference", "conference")
            # The theme prints the title and description unescaped, so they go to it as
            # theme_text; text_title is the title as it is, for templates that escape.
            meta: dict[str, Any] = {"title": theme_text(title), "text_title": title}
            if theme_template:
                meta["template"] = theme_template
            if description:
                meta["description"] = theme_text(seo.plain(description, 200))
            if hide:
                meta["hide"] = list(hide)
            if not search:
                meta["search"] = {"exclude": True}
            meta["og_type"] = og_type
            if logo:
                # og:image must be absolute; the theme joins it with site_url.
                meta["og_image"] = logo
            more = {**(extra_meta or {}), **(late_meta() if late_meta else {})}
            structured = more.pop("json_ld", json_ld)
            if structured is not None:
                meta["json_ld"] = seo.json_ld(structured)
            meta.update(more)
            return meta, self._render(template, path, link, url, context)

        if self.defer:
            self.tree.later(path, made)
        else:
            self.tree.page(path, *made())

    def _render(
        self, template: str, path: str, link: Linker, url: str, context: dict[str, Any]
    ) -> str:
        """``template`` rendered for the page ``path``, or the same body kept from before
        when what it is made of has not changed (``_render_key``)."""
        try:
            compiled = self.env.get_template(template)
            key = self._render_key(compiled, path, url, context)
            body = _RENDERED.get(key) if key is not None else None
            if body is None:
                body = compiled.render(
                    t=self.texts,
                    conf=self.conf,
                    agenda=self.agenda,
                    lang=self.lang,
                    url=link,
                    page_url=url,
                    **context,
                )
                if key is not None:
                    if len(_RENDERED) >= _RENDERED_LIMIT:
                        _RENDERED.clear()
                    _RENDERED[key] = body
        except jinja2.TemplateSyntaxError as err:
            raise BuildFailed(
                f"template {err.filename or template} is broken",
                [f"{err.filename or template}:{err.lineno}: {err.message}"],
            ) from None
        except jinja2.TemplateError as err:
            raise BuildFailed(
                f"template {template} failed while making {path}", [f"{template}: {err}"]
            ) from None
        return body

    def _fragments(self, template: str, path: str) -> Callable[..., markupsafe.Markup]:
        """A function for the page ``path``'s template: ``fragment(**records)`` is
        ``template`` rendered with those records, kept like a page body while they stay the
        same. The schedule renders each day this way, so an edit renders one day again."""
        link = Linker(path)
        url = _absolute(self.site.base_url, page_url(path))

        def fragment(**records: Any) -> markupsafe.Markup:
            return markupsafe.Markup(self._render(template, path, link, url, records))

        return fragment

    def _render_key(
        self, compiled: jinja2.Template, path: str, url: str, context: dict[str, Any]
    ) -> tuple[Any, ...] | None:
        """What a page body is made of, when that is all its template reads: the template
        (the object, which Jinja replaces when its file changes), the page, the language,
        the conference and the page's own records. None for templates that read the whole
        agenda (their body depends on every session) or records without a stable repr, and
        when bodies are not remembered."""
        if not self.remember:
            return None
        reads_agenda, uses = _study(self.env, compiled)
        if reads_agenda:
            return None
        if self._conf_repr is None:
            self._conf_repr = repr(self.conf)
        values = repr(sorted(context.items()))
        if " at 0x" in values:
            return None
        # The macros' templates as Jinja has them now (a changed file is a new object).
        macros = tuple(self.env.get_template(name) for name in uses)
        return (compiled, macros, path, url, self.lang, self.site.base_url, self._conf_repr, values)

    # ------------------------------------------------------------------ pages
    def make(self) -> DocsTree:
        texts = self.texts
        nav: list[Any] = [{texts.home: PAGES.home}, {texts.schedule: PAGES.schedule}]
        self.home()
        self.schedule()
        if self.changes:
            self.changes_page()
            nav.append({texts.changes: PAGES.changes})
        self.session_pages()
        self.withdrawn_pages()
        nav.append({texts.sessions: PAGES.sessions})
        self.speaker_pages()
        nav.append({texts.speakers: PAGES.speakers})
        self.tracks()
        nav.append({texts.tracks: PAGES.tracks})
        self.venue()
        nav.append({texts.venue: PAGES.venue})
        if self.content.sponsors.tiers:
            self.sponsors()
            nav.append({texts.sponsors: [PAGES.sponsors, PAGES.sponsorship]})
        if self.content.team.members:
            self.team()
            nav.append({texts.team: PAGES.team})
        if self.content.faq.entries:
            self.faq()
            nav.append({texts.faq: PAGES.faq})
        self.cfp()
        nav.append({texts.cfp: PAGES.cfp})
        if self.content.news:
            self.news()
            nav.append({texts.news: PAGES.news})
        self.after()
        nav.append({texts.after: PAGES.after})
        if self.site.promo:
            self.promo_page()
            nav.append({texts.promo_kit: PAGES.promo})
        for title, path in self.free_pages():
            nav.append({title: path})
        if self.site.internal:
            self.internal()
            nav.append(
                {
                    texts.internal: [
                        {texts.budget: PAGES.budget},
                        {texts.diagnostics: PAGES.diagnostics},
                        {texts.checklist: PAGES.checklist},
                    ]
                }
            )
        self.tree.nav = nav
        return self.tree

    def home(self) -> None:
        conf = self.content.conference
        keynote_ids = {
            person.id
            for session in self.agenda.sessions
            if session.kind == "keynote" and not session.cancelled
            for person in session.speakers
        }
        keynotes = [s for s in self.agenda.speakers if s.featured or s.id in keynote_ids]
        figures = [
            (len([s for s in self.agenda.sessions if not s.cancelled]), self.texts.sessions_count),
            (len(self.agenda.speakers), self.texts.speakers_count),
            (len(self.agenda.tracks), self.texts.tracks_count),
            (
                len({s.room for s in self.agenda.scheduled} - {None})
                or len(self.content.venue.rooms),
                self.texts.rooms_count,
            ),
            (len(self.content.grid.days), self.texts.days_count),
        ]
        self._page(
            PAGES.home,
            "home.md",
            self.conf["name"],
            description=self.conf["tagline"] or self.conf["description"],
            hide=("navigation", "toc"),
            json_ld=seo.conference_event(
                self.content,
                self.lang,
                self.site.base_url,
                _absolute(self.site.base_url, conf.branding.logo or ""),
            ),
            keynotes=keynotes,
            figures=figures,
            tiers=self._tiers(),
        )

    def schedule(self) -> None:
        # The feeds are written once, at the default language's root.
        root = "" if self.lang == self.site.languages[0] else "../"
        feeds = [
            LinkView(self.texts.feed_ics, f"{root}schedule.ics"),
            LinkView("frab XML", f"{root}schedule.xml"),
            LinkView("frab JSON", f"{root}schedule.json"),
            LinkView("CSV", f"{root}schedule.csv"),
        ]
        self._page(
            PAGES.schedule,
            "schedule.md",
            self.texts.schedule,
            description=f"{self.conf['name']} · {self.conf['dates']}",
            hide=("navigation", "toc"),
            search=False,
            extra_meta={"confsite_html": True},  # pure HTML: see mkdocs_hooks.py
            feeds=feeds,
            schedule_day=self._fragments("_schedule_day.md", PAGES.schedule),
        )

    def session_pages(self) -> None:
        self._page(
            PAGES.sessions,
            "sessions.md",
            self.texts.sessions,
            description=f"{self.conf['name']} · {self.texts.sessions}",
            search=False,
            extra_meta={"confsite_blocks": True},  # long HTML lists: see mkdocs_hooks.py
        )
        for session in self.agenda.sessions:
            path = PAGES.session(session.id)
            self._page(
                path,
                "session.md",
                session.title,
                description=session.abstract or session.subtitle or session.title,
                og_type="article",
                image=self._card("session", session.id) if session.kind != "break" else None,
                theme_template="session.html",
                hide=("toc",),
                late_meta=partial(self._session_meta, session, path),
                session=session,
            )

    def _session_meta(self, session: SessionView, path: str) -> dict[str, Any]:
        """A session page's structured data and its neighbours in the room."""
        before, after = self.agenda.neighbours(session)
        return {
            "json_ld": seo.session_event(
                self.content,
                session,
                self.lang,
                _absolute(self.site.base_url, page_url(path)),
                self.site.base_url,
            ),
            "session": session_meta(session, before, after),
        }

    def _version_view(self, changes: Changes) -> dict[str, Any]:
        version = changes.new
        live = set(self.content.session)

        def item(ident: str, **more: str) -> dict[str, Any]:
            entry = changes.entry(ident)
            # A page answers at every session's address, cancelled or not.
            return {"id": ident, "title": self.loc(entry.title), "live": ident in live} | more

        def before(ident: str) -> VersionSession:
            entry = changes.before(ident)
            assert entry is not None
            return entry

        return {
            "number": version.version,
            "name": version.name or "",
            "date": long_date(version.date, self.lang),
            "iso": version.date.isoformat(),
            "first": changes.old is None,
            "count": len(version.sessions),
            "moved": [
                item(
                    i,
                    before=place_label(before(i), self.lang),
                    after=place_label(changes.entry(i), self.lang),
                )
                for i in changes.moved
            ],
            # The first version adds everything: its count says enough.
            "added": []
            if changes.old is None
            else [item(i, when=place_label(changes.entry(i), self.lang)) for i in changes.added],
            "cancelled": [
                item(i, when=place_label(changes.entry(i), self.lang)) for i in changes.cancelled
            ],
            "renamed": [item(i, before=self.loc(before(i).title)) for i in changes.renamed],
            "speakers": [
                item(
                    i,
                    before=changes.names(before(i), self.lang),
                    after=changes.names(changes.entry(i), self.lang),
                )
                for i in changes.speakers
            ],
        }

    def changes_page(self) -> None:
        versions = [self._version_view(changes) for changes in self.changes]
        self._page(
            PAGES.changes,
            "changes.md",
            self.texts.changes,
            description=f"{self.conf['name']} · {self.texts.changes}",
            versions=versions,
        )
        self.tree.add("changes/feed.xml", changes_feed(self, versions))

    def withdrawn_pages(self) -> None:
        """A page at the address of each session an earlier version published and the
        content no longer has: saved links and bookmarks find it cancelled, not missing."""
        for ident, (_, entry) in self.history.cancelled(self.content).items():
            if ident in self.content.session:
                continue  # still in the content, marked cancelled: its own page says so
            title = self.loc(entry.title)
            self._page(
                PAGES.session(ident),
                "withdrawn.md",
                title,
                description=f"{self.texts.cancelled}: {title}",
                search=False,
                hide=("toc",),
                extra_meta={"robots": "noindex"},
                title_text=title,
                was=place_label(entry, self.lang),
            )

    def speaker_pages(self) -> None:
        self._page(
            PAGES.speakers,
            "speakers.md",
            self.texts.speakers,
            description=f"{self.conf['name']} · {self.texts.speakers}",
            extra_meta={"confsite_blocks": True},
        )
        for speaker in self.agenda.speakers:
            self._page(
                PAGES.speaker(speaker.id),
                "speaker.md",
                speaker.name,
                description=speaker.bio or speaker.affiliation or speaker.name,
                og_type="profile",
                image=(
                    self._card("speaker", speaker.id)
                    if any(not s.cancelled for s in speaker.sessions)
                    else speaker.photo
                ),
                theme_template="speaker.html",
                hide=("toc",),
                extra_meta={"speaker": speaker_meta(speaker, self.texts)},
                speaker=speaker,
            )

    def tracks(self) -> None:
        by_track: dict[str, list[SessionView]] = {}
        for session in self.agenda.sessions:
            if session.track and not session.cancelled:
                by_track.setdefault(session.track.id, []).append(session)
        chairs = {
            track.id: [self.content.speaker[c].display_name(self.lang) for c in track.chairs]
            for track in self.content.tracks.tracks
        }
        self._page(
            PAGES.tracks,
            "tracks.md",
            self.texts.tracks,
            extra_meta={"confsite_blocks": True},
            tracks=[
                (track, by_track.get(track.id, []), chairs[track.id])
                for track in self.agenda.tracks
            ],
        )

    def venue(self) -> None:
        venue = self.content.venue
        meals_by_day = []
        for day in self.content.grid.days:
            meals = [
                (self.texts[f"meal_{m.kind}"], self.loc(m.description))
                for m in venue.catering.meals
                if m.day == day.id
            ]
            if meals:
                meals_by_day.append((self.loc(day.name) or long_date(day.date, self.lang), meals))
        self._page(
            PAGES.venue,
            "venue.md",
            self.texts.venue,
            description=f"{self.loc(venue.name)} · {self.loc(venue.address)}",
            venue={
                "name": self.loc(venue.name),
                "address": self.loc(venue.address),
                "map_url": venue.map_url,
                "photo": venue.photo,
                "transport": prose(self.loc(venue.transport)),
                "accessibility": prose(self.loc(venue.accessibility)),
                "hotels": [
                    {
                        "name": self.loc(h.name),
                        "address": self.loc(h.address),
                        "url": h.url,
                        "distance": self.loc(h.distance),
                        "price": self.loc(h.price),
                        "booking_code": h.booking_code,
                        "note": self.loc(h.note),
                    }
                    for h in venue.hotels
                ],
                "catering": {
                    "description": self.loc(venue.catering.description).strip(),
                    "dietary": [self.loc(d) for d in venue.catering.dietary],
                    "days": meals_by_day,
                },
            },
            rooms=[
                room
                for room in room_views(self.content, self.lang)
                if self.content.room[room.id].public
            ],
        )

    def _tiers(self) -> list[dict[str, Any]]:
        sponsors = self.content.sponsors
        tiers = []
        for tier in sponsors.tiers:
            members = sorted(
                (s for s in sponsors.sponsors if s.tier == tier.id),
                key=lambda s: (self.loc(s.name).lower(), s.id),
            )
            tiers.append(
                {
                    "id": tier.id,
                    "name": self.loc(tier.name),
                    "price": tier.price,
                    "slots": tier.slots,
                    "left": max(0, tier.slots - len(members)),
                    "benefits": [self.loc(b) for b in tier.benefits],
                    "sponsors": [
                        {
                            "id": s.id,
                            "name": self.loc(s.name),
                            "logo": s.logo,
                            "url": s.url,
                            "description": self.loc(s.description),
                        }
                        for s in members
                    ],
                }
            )
        return tiers

    def sponsors(self) -> None:
        tiers = self._tiers()
        self._page(PAGES.sponsors, "sponsors.md", self.texts.sponsors, tiers=tiers)
        self._page(
            PAGES.sponsorship,
            "prospectus.md",
            self.texts.prospectus,
            tiers=tiers,
            currency=self.content.conference.tickets.currency,
        )

    def team(self) -> None:
        groups = []
        for role in ROLES:
            members = [m for m in self.content.team.members if m.role == role]
            if not members:
                continue
            groups.append(
                (
                    self.texts[f"role_{role}"],
                    [
                        {
                            "id": m.id,
                            "name": self.loc(m.name)
                            if self.lang == "zh" or not m.name_latin
                            else m.name_latin,
                            "position": self.loc(m.position),
                            "affiliation": self.loc(m.affiliation),
                            "photo": m.photo,
                            "bio": self.loc(m.bio),
                            "links": [
                                LinkView(self.loc(link.label) or link.kind, link.url)
                                for link in m.links
                            ],
                            "speaker": m.speaker if m.speaker in self.content.speaker else None,
                        }
                        for m in members
                    ],
                )
            )
        self._page(PAGES.team, "team.md", self.texts.team, groups=groups)

    def faq(self) -> None:
        faq = self.content.faq
        groups = []
        for category in faq.categories:
            entries = [e for e in faq.entries if e.category == category.id]
            if entries:
                groups.append((category.id, self.loc(category.name), entries))
        loose = [e for e in faq.entries if e.category not in {c.id for c in faq.categories}]
        if loose:
            groups.append(("other", self.texts.other_questions, loose))
        self._page(
            PAGES.faq,
            "faq.md",
            self.texts.faq,
            groups=[
                (
                    ident,
                    name,
                    [
                        {
                            "id": e.id,
                            "question": self.loc(e.question),
                            "answer": prose(self.loc(e.answer)),
                        }
                        for e in entries
                    ],
                )
                for ident, name, entries in groups
            ],
        )

    def cfp(self) -> None:
        self._page(PAGES.cfp, "cfp.md", self.texts.cfp)

    def news(self) -> None:
        posts = sorted(self.content.news, key=lambda item: (item[1].date, item[0].id), reverse=True)
        views = []
        for document, post in posts:
            if post.language not in (None, self.lang) and any(
                other.language == self.lang and (other.slug or d.id) == (post.slug or document.id)
                for d, other in posts
            ):
                continue
            views.append(
                {
                    "slug": post.slug or document.id,
                    "title": self.loc(post.title),
                    "date": long_date(post.date, self.lang),
                    "iso": post.date.isoformat(),
                    "summary": self.loc(post.summary),
                    "author": self.loc(post.author),
                    "body": prose(document.body),
                }
            )
        self._page(PAGES.news, "news.md", self.texts.news, posts=views)
        for post in views:
            self._page(
                PAGES.news_post(post["slug"]),
                "post.md",
                post["title"],
                description=post["summary"] or post["body"],
                og_type="article",
                post=post,
            )
        self.tree.add("news/feed.xml", atom_feed(self, views))

    def after(self) -> None:
        self._page(PAGES.after, "after.md", self.texts.after)

    def promo_page(self) -> None:
        """The promotion kit's page: downloads, the campaign timeline with each entry's
        posts, and the speakers' kits (the files themselves come from confsite.promo)."""
        agenda = self.agenda
        rows = campaign_rows(
            self.content,
            self.lang,
            {s.id: s.title for s in agenda.sessions},
            {s.id: s.name for s in agenda.speakers},
            [(day.id, day.date) for day in self.content.grid.days],
        )
        names = [(self.texts[f"promo_announce_{a}"], a) for a in ANNOUNCEMENTS if a != "day_of"] + [
            (
                f"{self.texts.promo_announce_day_of} · {long_date(day.date, self.lang)}",
                f"day_of-{day.id}",
            )
            for day in self.content.grid.days
        ]
        channels = [
            {
                "name": self.loc(c.name),
                "posts": [(label, post_path(c, name)) for label, name in names],
            }
            for c in self.content.promotion.channels
            if c.language in (None, self.lang)
        ]
        self._page(
            PAGES.promo,
            "promo.md",
            self.texts.promo_kit,
            search=False,
            theme_template="promo.html",  # links to the kit's Markdown files: see there
            extra_meta={"robots": "noindex"},
            rows=rows,
            channels=channels,
            zip_path=f"promo/promo-kit-{self.lang}.zip",
            days=[
                {"id": day.id, "label": long_date(day.date, self.lang)}
                for day in self.content.grid.days
                if any(s.day == day.id for s in agenda.sessions if not s.cancelled)
            ],
            speakers=[s for s in agenda.speakers if any(not x.cancelled for x in s.sessions)],
            feedback=bool(self.content.conference.after.feedback_url),
            spend=self._channel_spend(),
        )

    def _channel_spend(self) -> list[tuple[str, str]]:
        """Paid promotion per channel from the budget plan: organisers' pages only."""
        if not self.site.internal:
            return []
        plan, _ = self._budget_plan()
        if plan is None:
            return []
        names = {c.id: self.loc(c.name) for c in self.content.promotion.channels}
        return [
            (names.get(ident, ident), f"{amount:,.0f} {plan.currency}")
            for ident, amount in sorted(plan.channels.items())
            if amount > 0
        ]

    def free_pages(self) -> list[tuple[str, str]]:
        nav = []
        chosen: dict[str, tuple[Any, Any]] = {}
        for document, page in sorted(
            self.content.pages, key=lambda item: (item[1].order, item[0].id)
        ):
            slug = page.slug or document.id
            if page.language not in (None, self.lang) and slug in chosen:
                continue
            if slug in chosen and chosen[slug][1].language == self.lang:
                continue
            chosen[slug] = (document, page)
        for slug, (document, page) in sorted(
            chosen.items(), key=lambda item: (item[1][1].order, item[0])
        ):
            path = PAGES.page(slug)
            title = self.loc(page.title)
            self._page(
                path,
                "page.md",
                title,
                description=self.loc(page.description),
                body=prose(document.body),
            )
            if page.nav:
                nav.append((title, path))
        return nav

    def _budget_plan(self) -> tuple[Any, list[str]]:
        """The budget plan (solved once per build) and why there is none."""
        if self._budget is None:
            plan, reasons = None, []
            if self.content.budget is not None:
                from confsite.plan.budgeting import BudgetInfeasible, plan_budget
                from confsite.plan.solve import SolverError

                try:
                    plan = plan_budget(self.content)
                except BudgetInfeasible as err:
                    reasons = err.reasons
                except SolverError as err:
                    reasons = [str(err)]
            self._budget = (plan, reasons)
        return self._budget

    def internal(self) -> None:
        from confsite.plan import budget_report

        budget = self.content.budget
        plan, reasons = self._budget_plan()
        chart = budget_report.svg_chart(plan) if plan is not None else ""
        self._page(
            PAGES.budget,
            "internal_budget.md",
            self.texts.budget,
            search=False,
            budget=budget,
            plan=plan,
            chart=chart,
            reasons=reasons,
            loc=self.loc,
        )
        amounts = measure(self.content, self.plan) if self.plan else {}
        weights = self.content.planning.weights
        terms = [
            (term.label, amounts.get(term.name, 0.0), getattr(weights, term.name), term.unit)
            for term in shown_terms(self.content)
        ]
        violations = validate(self.content, self.plan) if self.plan else []
        self._page(
            PAGES.diagnostics,
            "internal_agenda.md",
            self.texts.diagnostics,
            search=False,
            terms=terms,
            violations=violations,
        )
        self._page(
            PAGES.checklist,
            "internal_checklist.md",
            self.texts.checklist,
            search=False,
            checks=checklist(self),
        )


def _when(session: SessionView) -> str:
    return f"{session.day_label} · {session.start_label}–{session.end_label} · {session.room_name}"


def session_meta(
    session: SessionView, before: SessionView | None, after: SessionView | None
) -> dict[str, Any]:
    """What the theme template session.html shows, as front matter (plain data only)."""
    colour = session.track.colour if session.track else "var(--md-default-fg-color--lighter)"
    meta: dict[str, Any] = {
        "id": session.id,
        "kind": session.kind,
        "kind_label": session.kind_label if session.kind_differs else "",
        "track": session.track.name if session.track else "",
        "track_id": session.track_id,
        "colour": colour,
        "level": session.level_label,
        "language": session.language_label,
        "subtitle": session.subtitle,
        "cancelled": session.cancelled,
        "changed": session.changed,
        "day": session.day_label,
        "start": session.start_label,
        "end": session.end_label,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room_name,
        "calendar": f"calendar/{session.id}.ics" if session.scheduled else "",
        "feedback": session.feedback_url or "",
        "people": [
            {
                "id": person.id,
                "name": person.name,
                "affiliation": person.affiliation,
                "photo": person.photo or "",
                "moderator": moderator,
            }
            for people, moderator in ((session.speakers, False), (session.moderators, True))
            for person in people
        ],
        "links": [{"label": link.label, "url": link.url} for link in session.links],
        "tags": list(session.tags),
    }
    for key, other in (("before", before), ("after", after)):
        if other is not None:
            meta[key] = {"id": other.id, "title": other.title, "start": other.start_label}
    return meta


def speaker_meta(speaker: SpeakerView, texts: Texts) -> dict[str, Any]:
    """What the theme template speaker.html shows, as front matter (plain data only)."""
    subtitle = " · ".join(
        part
        for part in (
            speaker.name_latin if speaker.name_latin != speaker.name else "",
            speaker.pronouns,
        )
        if part
    )
    return {
        "subtitle": subtitle,
        "affiliation": " · ".join(p for p in (speaker.title, speaker.affiliation) if p),
        "photo": speaker.photo or "",
        "links": [{"label": link.label, "url": link.url} for link in speaker.links],
        "sessions": [
            {
                "id": session.id,
                "title": session.title,
                "when": _when(session) if session.scheduled else texts.not_scheduled,
                "track": session.track.name if session.track else "",
                "colour": session.track.colour
                if session.track
                else "var(--md-default-fg-color--lighter)",
            }
            for session in speaker.sessions
        ],
    }


def checklist(maker: PageMaker) -> list[tuple[str, bool, list[str]]]:
    """What is still missing before publishing, each with the items concerned."""
    agenda_ = maker.agenda
    live = [s for s in agenda_.sessions if not s.cancelled]
    conf = maker.content.conference
    t = maker.texts
    rows: list[tuple[str, list[str]]] = [
        (t.check_times, [s.id for s in live if not s.scheduled]),
        (t.check_abstracts, [s.id for s in live if not s.abstract and s.kind != "break"]),
        (t.check_photos, [s.id for s in agenda_.speakers if not s.photo]),
        (t.check_bios, [s.id for s in agenda_.speakers if not s.bio]),
        (t.check_speaker_sessions, [s.id for s in agenda_.speakers if not s.sessions]),
        (t.check_feedback, [] if conf.after.feedback_url else ["after.feedback_url"]),
        (t.check_tickets, [] if maker.conf["tickets"]["url"] else ["tickets.url"]),
        (t.check_contact, [] if conf.public_email else ["public_email"]),
    ]
    return [(label, not missing, missing) for label, missing in rows]


def atom_feed(maker: PageMaker, posts: list[dict[str, Any]]) -> bytes:
    """An Atom feed of the news posts, newest first (RFC 4287)."""
    from xml.etree import ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    base = maker.site.base_url or "https://example.invalid/"
    feed = ET.Element(f"{{{ns}}}feed", {"xml:lang": maker.lang})
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{maker.conf['name']} · {maker.texts.news}"
    ET.SubElement(feed, f"{{{ns}}}id").text = base + "news/"
    ET.SubElement(feed, f"{{{ns}}}link", {"href": base + "news/feed.xml", "rel": "self"})
    ET.SubElement(feed, f"{{{ns}}}link", {"href": base + "news/"})
    newest = posts[0]["iso"] if posts else maker.content.conference.start.isoformat()
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{newest}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = maker.conf["organiser"] or maker.conf["name"]
    for post in posts:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = post["title"]
        link = base + f"news/{post['slug']}/"
        ET.SubElement(entry, f"{{{ns}}}id").text = link
        ET.SubElement(entry, f"{{{ns}}}link", {"href": link})
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{post['iso']}T00:00:00Z"
        ET.SubElement(entry, f"{{{ns}}}summary").text = post["summary"] or seo.plain(
            post["body"], 300
        )
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def changes_feed(maker: PageMaker, versions: list[dict[str, Any]]) -> bytes:
    """An Atom feed of the schedule versions, newest first (RFC 4287): one entry per
    version, its content the list of changes."""
    from xml.etree import ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    t = maker.texts
    base = maker.site.base_url or "https://example.invalid/"
    page = base + "changes/"
    feed = ET.Element(f"{{{ns}}}feed", {"xml:lang": maker.lang})
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{maker.conf['name']} · {t.changes}"
    ET.SubElement(feed, f"{{{ns}}}id").text = page
    ET.SubElement(feed, f"{{{ns}}}link", {"href": page + "feed.xml", "rel": "self"})
    ET.SubElement(feed, f"{{{ns}}}link", {"href": page})
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{versions[0]['iso']}T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = maker.conf["organiser"] or maker.conf["name"]
    for version in versions:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        name = f" · {version['name']}" if version["name"] else ""
        ET.SubElement(entry, f"{{{ns}}}title").text = f"{t.version} {version['number']}{name}"
        ET.SubElement(entry, f"{{{ns}}}id").text = f"{page}#v{version['number']}"
        ET.SubElement(entry, f"{{{ns}}}link", {"href": f"{page}#v{version['number']}"})
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{version['iso']}T00:00:00Z"
        lines = []
        if version["first"]:
            lines.append(f"{t.first_version}: {version['count']} {t.sessions_count}")
        for key in ("moved", "added", "cancelled", "renamed", "speakers"):
            for item in version[key]:
                detail = (
                    f"{item['before']} → {item['after']}"
                    if "after" in item
                    else item.get("when") or item.get("before", "")
                )
                lines.append(f"{t['changed_' + key]}: {item['title']} ({detail})")
        ET.SubElement(entry, f"{{{ns}}}summary").text = "\n".join(lines)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def make_pages(
    content: Content,
    plan: dict[str, Placement],
    site: SiteLanguage,
    env: jinja2.Environment,
    history: History | None = None,
) -> DocsTree:
    return PageMaker(content, plan, site, env, history).make()
