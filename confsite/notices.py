"""Email drafts to the speakers a schedule change concerns.

For the changes between two schedule versions, each speaker whose session moved, was
cancelled, or who joined or left a session gets one draft (``<speaker>.eml``: plain text
and HTML alternatives, addressed to their private contact email when there is one), in the
conference's language or English when all their sessions are in English. The organisers
read, edit and send them; nothing is sent from here. The texts are Jinja templates in
``site_template/notices/`` (``speaker.txt``, ``speaker.html``), which organisers override
with their own ``site_template/notices/`` next to the content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from confsite.i18n import place_label
from confsite.model.common import localize
from confsite.model.content import Content
from confsite.plan.changes import Changes
from confsite.templating import environment

SUBJECT = {
    "zh": "【{conf}】日程调整：您的议题安排有变化",
    "en": "[{conf}] Schedule change: your session has changed",
}


@dataclass(frozen=True)
class Notice:
    speaker: str
    to: str  # "" when the speaker has no contact email
    message: EmailMessage


def speaker_notices(
    content: Content, changes: Changes, project: Path, base_url: str = ""
) -> list[Notice]:
    """One draft per speaker the changes concern, by speaker id."""
    concerned: dict[str, list[tuple[str, str]]] = {}  # speaker: [(change kind, session)]
    for kind, idents in (("moved", changes.moved), ("cancelled", changes.cancelled)):
        for ident in idents:
            for person in changes.entry(ident).speakers:
                concerned.setdefault(person, []).append((kind, ident))
    for ident in changes.speakers:
        before = changes.before(ident)
        after = changes.entry(ident)
        assert before is not None
        for person in set(after.speakers) - set(before.speakers):
            concerned.setdefault(person, []).append(("joined", ident))
        for person in set(before.speakers) - set(after.speakers):
            concerned.setdefault(person, []).append(("left", ident))
    conf = content.conference
    text_env = environment(project, "notices", autoescape=False, trim=True)
    html_env = environment(project, "notices", autoescape=True, trim=True)
    sent = datetime.combine(changes.new.date, datetime.min.time(), tzinfo=UTC)
    notices = []
    for person in sorted(concerned):
        speaker = content.speaker.get(person)
        sessions = [(kind, ident, content.session.get(ident)) for kind, ident in concerned[person]]
        all_english = all(s is not None and s.language == "en" for _, _, s in sessions)
        lang = "en" if all_english else conf.languages[0]
        names = {**(changes.old.people if changes.old else {}), **changes.new.people}
        name = speaker.display_name(lang) if speaker else localize(names.get(person), lang)
        items = []
        for kind, ident, _ in sessions:
            before = changes.before(ident)
            after = changes.entry(ident)
            items.append(
                {
                    "kind": kind,
                    "title": localize(after.title, lang),
                    "before": place_label(before, lang) if before else "",
                    "after": place_label(after, lang) if kind != "cancelled" else "",
                    "url": f"{base_url}sessions/{ident}/" if base_url else "",
                }
            )
        context = {
            "lang": lang,
            "name": name or person,
            "conference": localize(conf.name, lang),
            "version": changes.new.version,
            "release": changes.new.name or "",
            "items": items,
            "changes_url": f"{base_url}changes/" if base_url else "",
            "organiser": localize(conf.organiser, lang) or localize(conf.name, lang),
            "reply_to": conf.public_email or "",
        }
        message = EmailMessage()
        message["Subject"] = SUBJECT[lang].format(conf=context["conference"])
        if conf.public_email:
            message["From"] = f"{context['organiser']} <{conf.public_email}>"
        to = speaker.contact.email if speaker and speaker.contact.email else ""
        if to:
            message["To"] = f"{context['name']} <{to}>"
        message["Date"] = format_datetime(sent)
        domain = (conf.public_email or "confsite.invalid").rsplit("@", 1)[-1]
        # The same draft gets the same id, so that drafts made twice are one message.
        message["Message-ID"] = f"<{conf.id}.v{changes.new.version}.{person}@{domain}>"
        message.set_content(text_env.get_template("speaker.txt").render(**context))
        message.add_alternative(
            html_env.get_template("speaker.html").render(**context), subtype="html"
        )
        message.set_boundary(f"confsite-{conf.id}-v{changes.new.version}-{person}")
        notices.append(Notice(person, to, message))
    return notices


def write_notices(notices: list[Notice], folder: Path) -> list[Path]:
    """Each draft as ``folder/<speaker>.eml`` (opens in any mail program)."""
    from confsite import atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for notice in notices:
        path = folder / f"{notice.speaker}.eml"
        atomic.write_bytes(path, bytes(notice.message))
        written.append(path)
    return written
