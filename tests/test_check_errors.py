"""A corpus of broken content: the example conference with one mistake each.

Every case must exit with status 1, name the right file, line and field, say what is
wrong, and never show a traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from confsite.load.yamlsource import parse
from tests.conftest import EXAMPLE, confsite


def load(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8"))[0]


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def first(folder: Path, predicate: Callable[[dict], bool] = lambda d: True) -> Path:
    for path in sorted(folder.glob("*.yaml")):
        if predicate(load(path)):
            return path
    raise LookupError(f"no file in {folder} matches")


@dataclass
class Case:
    id: str
    mutate: Callable[[Path], Path]  # returns the file that now holds the mistake
    field: str  # the field path printed, or '' for file-level problems
    words: str  # words the message must contain
    needle: str | None = None  # text on the line the problem must point at (last occurrence)
    line: int | None = None  # or the exact line
    offset: int = 0  # lines from the needle's line to the reported one


def edit(name: str, change: Callable[[Any, Path], None]) -> Callable[[Path], Path]:
    """A mutation that loads a YAML file, changes the data, and writes it back."""

    def mutate(root: Path) -> Path:
        path = root / name
        data = load(path)
        change(data, root)
        dump(path, data)
        return path

    return mutate


def edit_first(folder: str, change: Callable[[Any, Path], None], predicate=lambda d: True):
    def mutate(root: Path) -> Path:
        path = first(root / folder, predicate)
        data = load(path)
        change(data, root)
        dump(path, data)
        return path

    return mutate


def text(name: str, change: Callable[[str], str]) -> Callable[[Path], Path]:
    def mutate(root: Path) -> Path:
        path = root / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return path

    return mutate


def first_day(root: Path) -> dict:
    return load(root / "timeslots.yaml")["days"][0]


def talk(data: dict) -> bool:
    return data.get("kind") == "talk" and not data.get("pin")


def set_(key: str, value: Any) -> Callable[[Any, Path], None]:
    def change(data: Any, root: Path) -> None:
        data[key] = value

    return change


def with_pin(data: dict, root: Path, start: str) -> None:
    data["pin"] = {"day": first_day(root)["id"], "start": start}


def dup_room(data: dict, root: Path) -> None:
    room = dict(data["rooms"][0])
    room["name"] = "DUPLICATE-ROOM"
    data["rooms"].append(room)


def overlap(data: dict, root: Path) -> None:
    slots = data["days"][0]["slots"]
    slots.append({"start": slots[0]["start"], "length": 30, "name": "OVERLAP"})


def cycle(root: Path) -> Path:
    a, b = sorted((root / "sessions").glob("*.yaml"))[:2]
    for this, other in ((a, b), (b, a)):
        data = load(this)
        data["after"] = [other.stem]
        data.pop("pin", None)
        dump(this, data)
    return b  # reported where the search closes the cycle


def rename_session(root: Path) -> Path:
    source = first(root / "sessions")
    target = source.with_name("Bad Name.yaml")
    source.rename(target)
    return target


def remove(name: str) -> Callable[[Path], Path]:
    def mutate(root: Path) -> Path:
        (root / name).unlink()
        return root / name

    return mutate


def page_without_title(root: Path) -> Path:
    path = sorted((root / "pages").glob("*.md"))[0]
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    path.write_text("---\nslug: no-title\n---\n" + body, encoding="utf-8")
    return path


def news_bad_date(root: Path) -> Path:
    path = sorted((root / "news").glob("*.md"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [("date: 2027-13-45" if line.startswith("date:") else line) for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bad_utf8(root: Path) -> Path:
    path = first(root / "speakers")
    path.write_bytes(path.read_bytes() + b"notes: \xff\xfe broken\n")
    return path


def shares(data: dict, root: Path) -> None:
    data["tickets"][0]["share"] = data["tickets"][0]["share"] + 0.25


def missing_photo(data: dict, root: Path) -> None:
    data["photo"] = "media/speakers/nobody-here.png"


CASES: list[Case] = [
    # conference.yaml
    Case(
        "conf-name-type",
        edit("conference.yaml", set_("name", 123)),
        "name",
        "wrong type",
        "name: 123",
    ),
    Case(
        "conf-timezone",
        edit("conference.yaml", set_("timezone", "Asia/Shangai")),
        "timezone",
        "unknown time zone",
        "timezone:",
    ),
    Case(
        "conf-end-before-start",
        edit(
            "conference.yaml",
            lambda d, r: d.update(end=d["start"].replace(year=d["start"].year - 1)),
        ),
        "end",
        "end is before start",
        "end: 20",
    ),
    Case(
        "conf-language",
        edit("conference.yaml", set_("languages", ["fr"])),
        "languages[0]",
        "not allowed",
        "- fr",
    ),
    Case(
        "conf-url",
        edit("conference.yaml", set_("url", "aidev.example.org")),
        "url",
        "not a web address",
        "url: aidev.example.org",
    ),
    Case(
        "conf-logo-missing",
        edit(
            "conference.yaml",
            lambda d, r: d.setdefault("branding", {}).update(logo="media/no-such-logo.png"),
        ),
        "branding.logo",
        "does not exist",
        "no-such-logo",
    ),
    Case(
        "conf-logo-outside",
        edit(
            "conference.yaml",
            lambda d, r: d.setdefault("branding", {}).update(logo="../../etc/hostname"),
        ),
        "branding.logo",
        "outside the content folder",
        "etc/hostname",
    ),
    Case(
        "conf-logo-absolute",
        edit(
            "conference.yaml",
            lambda d, r: d.setdefault("branding", {}).update(logo="/etc/hostname"),
        ),
        "branding.logo",
        "absolute path",
        "/etc/hostname",
    ),
    Case(
        "conf-unknown-key",
        edit("conference.yaml", set_("taglin", "x")),
        "taglin",
        "did you mean 'tagline'",
        "taglin:",
    ),
    Case(
        "conf-cfp-after",
        edit(
            "conference.yaml",
            lambda d, r: d["important_dates"].append(
                {"kind": "cfp_close", "date": d["end"].replace(year=d["end"].year + 1)}
            ),
        ),
        "important_dates",
        "after the conference",
        None,
    ),
    # venue.yaml
    Case(
        "venue-capacity",
        edit("venue.yaml", lambda d, r: d["rooms"][1].update(capacity=-5)),
        "rooms[1].capacity",
        "not valid",
        "capacity: -5",
    ),
    Case(
        "venue-dup-room",
        edit("venue.yaml", dup_room),
        "rooms[",
        "duplicate id",
        "DUPLICATE-ROOM",
        offset=-1,
    ),
    Case(
        "venue-missing-address",
        edit("venue.yaml", lambda d, r: d.pop("address")),
        "address",
        "missing required field",
        line=1,
    ),
    Case(
        "venue-features-type",
        edit("venue.yaml", lambda d, r: d["rooms"][0].update(features="projector")),
        "rooms[0].features",
        "wrong type",
        "features: projector",
    ),
    # timeslots.yaml
    Case(
        "grid-date-outside",
        edit(
            "timeslots.yaml",
            lambda d, r: d["days"][0].update(
                date=d["days"][0]["date"].replace(year=d["days"][0]["date"].year + 3)
            ),
        ),
        "days[0].date",
        "outside the conference",
        None,
    ),
    Case(
        "grid-overlap",
        edit("timeslots.yaml", overlap),
        "days[0].slots",
        "overlaps",
        "OVERLAP",
        offset=-2,
    ),
    Case(
        "grid-bad-time",
        edit("timeslots.yaml", lambda d, r: d["days"][0]["slots"][1].update(start="25:00")),
        "days[0].slots[1].start",
        "is not a time of day",
        "25:00",
    ),
    Case(
        "grid-zero-length",
        edit("timeslots.yaml", lambda d, r: d["days"][0]["slots"][1].update(length=0)),
        "days[0].slots[1].length",
        "not valid",
        "length: 0",
    ),
    Case(
        "grid-slot-kind",
        edit("timeslots.yaml", lambda d, r: d["days"][0]["slots"][1].update(kind="coffee")),
        "days[0].slots[1].kind",
        "not allowed",
        "kind: coffee",
    ),
    Case(
        "grid-midnight",
        edit(
            "timeslots.yaml",
            lambda d, r: d["days"][-1]["slots"].append(
                {"start": "23:30", "length": 60, "kind": "social"}
            ),
        ),
        "days[",
        "past midnight",
        "23:30",
    ),
    Case(
        "grid-dup-day",
        edit("timeslots.yaml", lambda d, r: d["days"][1].update(id=d["days"][0]["id"])),
        "days[1].id",
        "duplicate id",
        "id: day1",
    ),
    # tracks.yaml
    Case(
        "track-colour",
        edit("tracks.yaml", lambda d, r: d["tracks"][0].update(colour="blue")),
        "tracks[0].colour",
        "colour #rrggbb",
        "colour: blue",
    ),
    Case(
        "track-dup",
        edit("tracks.yaml", lambda d, r: d["tracks"][1].update(id=d["tracks"][0]["id"])),
        "tracks[1].id",
        "duplicate id",
        None,
    ),
    Case(
        "track-chair",
        edit("tracks.yaml", lambda d, r: d["tracks"][0].update(chairs=["nobody-at-all"])),
        "tracks[0].chairs[0]",
        "unknown speaker",
        "nobody-at-all",
    ),
    # speakers
    Case(
        "speaker-photo",
        edit_first("speakers", missing_photo),
        "photo",
        "does not exist",
        "nobody-here.png",
    ),
    Case(
        "speaker-unknown-key",
        edit_first("speakers", set_("biography", "x")),
        "biography",
        "did you mean 'bio'",
        "biography:",
    ),
    Case(
        "speaker-unknown-day",
        edit_first("speakers", lambda d, r: d.update(availability={"only": [{"day": "day9"}]})),
        "availability.only[0].day",
        "unknown day",
        "day9",
    ),
    Case(
        "speaker-no-name",
        edit_first("speakers", lambda d, r: d.pop("name")),
        "name",
        "missing required field",
        line=1,
    ),
    Case(
        "speaker-link",
        edit_first("speakers", set_("links", [{"url": "javascript:alert(1)"}])),
        "links[0].url",
        "not a web address",
        "javascript:",
    ),
    # sessions
    Case(
        "session-kind",
        edit_first("sessions", set_("kind", "keynot")),
        "kind",
        "did you mean 'keynote'",
        "kind: keynot",
    ),
    Case(
        "session-speaker",
        edit_first("sessions", set_("speakers", ["ghost-speaker"]), talk),
        "speakers[0]",
        "unknown speaker",
        "ghost-speaker",
    ),
    Case(
        "session-track",
        edit_first("sessions", set_("track", "no-such-track"), talk),
        "track",
        "unknown track",
        "no-such-track",
    ),
    Case(
        "session-too-long",
        edit_first("sessions", set_("length", 600), talk),
        "length",
        "longer than any run",
        "length: 600",
    ),
    Case(
        "session-pin-room",
        edit_first("sessions", set_("pin", {"room": "attic"}), talk),
        "pin.room",
        "unknown room",
        "attic",
    ),
    Case(
        "session-pin-start",
        edit_first("sessions", lambda d, r: with_pin(d, r, "03:17"), talk),
        "pin.start",
        "no session slot starts at 03:17",
        "03:17",
    ),
    Case(
        "session-after-unknown",
        edit_first("sessions", set_("after", ["no-such-session"])),
        "after[0]",
        "unknown session",
        "no-such-session",
    ),
    Case(
        "session-after-self",
        lambda root: edit_first(
            "sessions", lambda d, r: d.update(after=[first(root / "sessions").stem])
        )(root),
        "after[0]",
        "cannot follow itself",
        "after:",
        offset=1,
    ),
    Case(
        "session-feature",
        edit_first("sessions", set_("needs", {"features": ["hologram"]})),
        "needs.features[0]",
        "no room has the feature",
        "hologram",
    ),
    Case(
        "session-capacity",
        edit_first("sessions", set_("needs", {"capacity": 100000})),
        "needs.capacity",
        "largest room",
        "capacity: 100000",
    ),
    Case(
        "session-level",
        edit_first("sessions", set_("level", "expert")),
        "level",
        "not allowed",
        "level: expert",
    ),
    Case(
        "session-language",
        edit_first("sessions", set_("language", "fr")),
        "language",
        "not allowed",
        "language: fr",
    ),
    Case(
        "session-length-text",
        edit_first("sessions", set_("length", "45min")),
        "length",
        "is not valid",
        "45min",
    ),
    Case("session-cycle", cycle, "after", "cycle", "after:", offset=1),
    Case("session-file-name", rename_session, "", "not a valid id", None),
    # other files
    Case(
        "interest-session",
        edit("interest.yaml", lambda d, r: d["responses"][0].update(sessions=["ghost-session"])),
        "responses[0].sessions[0]",
        "unknown session",
        "ghost-session",
    ),
    Case(
        "sponsor-tier",
        edit("sponsors.yaml", lambda d, r: d["sponsors"][0].update(tier="platinum-plus")),
        "sponsors[0].tier",
        "unknown tier",
        "platinum-plus",
    ),
    Case(
        "sponsor-logo",
        edit("sponsors.yaml", lambda d, r: d["sponsors"][0].update(logo="media/sponsors/none.png")),
        "sponsors[0].logo",
        "does not exist",
        "none.png",
    ),
    Case(
        "team-role",
        edit("team.yaml", lambda d, r: d["members"][0].update(role="boss")),
        "members[0].role",
        "not allowed",
        "role: boss",
    ),
    Case(
        "faq-category",
        edit("faq.yaml", lambda d, r: d["entries"][0].update(category="misc-nothing")),
        "entries[0].category",
        "unknown category",
        "misc-nothing",
    ),
    Case(
        "faq-dup",
        edit("faq.yaml", lambda d, r: d["entries"][1].update(id=d["entries"][0]["id"])),
        "entries[1].id",
        "duplicate id",
        None,
    ),
    Case(
        "budget-shares", edit("budget.yaml", shares), "tickets", "add up to", "tickets:", offset=1
    ),
    Case(
        "budget-tier",
        edit("budget.yaml", lambda d, r: d["sponsors"][0].update(tier="titanium")),
        "sponsors[0].tier",
        "unknown sponsor tier",
        "titanium",
    ),
    Case(
        "promo-channel",
        edit("promotion.yaml", lambda d, r: d["timeline"][0].update(channels=["myspace"])),
        "timeline[0].channels[0]",
        "unknown channel",
        "myspace",
    ),
    Case("page-title", page_without_title, "title", "missing required field", line=2),
    Case("news-date", news_bad_date, "date", "not valid", "2027-13-45"),
    # syntax and encoding
    Case(
        "yaml-syntax",
        text("tracks.yaml", lambda t: t + "broken: [unclosed\n"),
        "",
        "YAML syntax error",
        None,
    ),
    Case(
        "yaml-tab",
        text("venue.yaml", lambda t: t + "\tcity: x\n"),
        "",
        "YAML syntax error",
        "\tcity",
    ),
    Case(
        "yaml-duplicate-key",
        text("conference.yaml", lambda t: t + "timezone: UTC\n"),
        "",
        "duplicate key 'timezone'",
        "timezone: UTC",
    ),
    Case("bad-utf8", bad_utf8, "", "invalid UTF-8", "broken"),
    Case(
        "empty-venue", text("venue.yaml", lambda t: ""), "address", "missing required field", line=1
    ),
    Case("missing-tracks", remove("tracks.yaml"), "", "required file is missing", None),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example without generated schemas, to copy per case."""
    target = tmp_path_factory.mktemp("example") / "content"
    shutil.copytree(EXAMPLE, target)
    return target


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_content_is_reported(case: Case, pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(pristine, root)
    broken = case.mutate(root)
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    relative = f"content/{broken.relative_to(root).as_posix()}"
    lines = [line for line in result.stderr.splitlines() if line.startswith(relative)]
    matching = [line for line in lines if case.words in line]
    assert matching, f"no problem in {relative} mentions {case.words!r}:\n{result.stderr}"
    if case.field:
        matching = [m for m in matching if m[len(relative) :].split(": ")[1].startswith(case.field)]
        assert matching, f"no problem in field {case.field}:\n{result.stderr}"
    if case.needle is not None or case.line is not None:
        if case.line is not None:
            expected = case.line
        else:
            content = broken.read_text(encoding="utf-8", errors="replace").splitlines()
            assert case.needle is not None
            expected = max(i for i, line in enumerate(content, 1) if case.needle in line)
            expected += case.offset
        lines_reported = [int(m[len(relative) :].split(":")[1]) for m in matching]
        assert expected in lines_reported, f"{matching}\n(expected line {expected})"
    # Every error line has the file:line:column: field: message shape or names a file.
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith("content/"), line


def test_an_unknown_field_does_not_hide_the_files_other_problems(
    pristine: Path, tmp_path: Path
) -> None:
    root = tmp_path / "content"
    shutil.copytree(pristine, root)
    path = first(root / "sessions", lambda d: "level" in d and "track" in d)
    data = load(path)
    data["levle"] = data.pop("level")  # a misspelt key ...
    data["track"] = "no-such-track"  # ... and a mistake only the other files can show
    dump(path, data)
    result = confsite("check", "--content", root, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    relative = f"content/sessions/{path.name}"
    problems = [line for line in result.stderr.splitlines() if line.startswith(relative)]
    assert any("levle: unknown field 'levle'" in line for line in problems), result.stderr
    assert any("track: unknown track 'no-such-track'" in line for line in problems), problems
    assert "2 error(s)" in result.stderr
