"""What an import reads and writes at most, so that a hostile or broken source ends fast,
in bounded memory, with one clear line.

The content format's own limits are the model's and the loader's (a session's length, a
content file's size); an import applies them as it writes. These are the import's own:
each is several times what the largest real export needs (FOSDEM 2021's schedule, 773
events in 108 rooms, is 1.6 MB; the CoSPLib workbooks' limits are in
``confsite.cosplib.workbook``).
"""

from __future__ import annotations

# One source file (frab, pretalx, Sessionize export, CoSPLib workbook). An import writes
# about as much YAML as it reads, and PyYAML's emitter is slow: the cap keeps the largest
# import under 10 s (bench/README.md, "Settings and their figures").
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# XML elements, or JSON objects and lists, in one source, counted before it is parsed
# (each costs Python 60 to 400 bytes however small): real exports have one per 50 bytes
# or more.
MAX_SOURCE_STRUCTURES = 500_000
# Sessions (events, submissions) one import reads, and speakers, rooms, tracks and days.
MAX_SESSIONS = 5_000
MAX_SPEAKERS = 10_000
MAX_ROOMS = 1_000
MAX_TRACKS = 1_000
MAX_DAYS = 366
# Speakers, links, categories, answers… of one session or speaker.
MAX_PER_RECORD = 200
# One text (a title, an abstract, a bio): longer is cut, so that no file written is over
# the loader's MAX_FILE_BYTES.
MAX_TEXT_CHARS = 50_000
# Conflicts the source has that the report lists (it says when there are more).
MAX_CONFLICTS_LISTED = 200


def megabytes(size: int) -> str:
    """``size`` bytes as text for messages: "16 MB", "2.5 MB"."""
    return f"{size / 1024 / 1024:.3g} MB"
