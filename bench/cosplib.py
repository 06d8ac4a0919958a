"""CoSPLib's real conferences, planned by confsite and scored with CoSPLib's objective.

    python bench/cosplib.py [--instances N2OR,GECCO20] [--solver highs,cbc]
                            [--time-limit 600] [--data DIR] [--workdir DIR] [--json FILE]
                            [--site]

For each instance workbook in ``DIR/instances`` (default ``../shared/realdata/cosplib``
next to the repository): ``confsite import cosplib`` into ``--workdir``, then for each
solver ``confsite.plan.planner.plan`` with ``--time-limit`` (the whole planning: building,
solving, checking), then the plan read back into a CoSPLib solution
(``confsite.cosplib.mapping``) and scored by ``confsite.cosplib.evaluate``, which knows
nothing of confsite's model. Where ``DIR/solutions-exact`` has the published exact-model
solution, the table also gives its published objective and the evaluator's score of that
solution under today's workbook (the workbooks changed after the solutions were published,
see tests/test_cosplib.py), and which penalties of our plan differ from it.

Columns: ``ours`` is our plan's objective under CoSPLib's checker (every penalty) and, after
the slash, under the published reports' convention (``Convention.IP_REPORT``: without the
submissions order and the time-slot-level conflicts); ``published`` the objective the
solution file reports; ``published today`` the evaluator's score of that solution, both
conventions; ``s`` the planning's seconds; ``status``/``gap`` the solver's (of the model
that chose tracks' rooms and sessions' blocks, when the planner used it); ``vs published``
each penalty where ours differs from the published solution's, weighted, ours minus theirs.

With ``--site`` each plan is also written to the imported folder's ``plan.yaml`` and the
public site built from it (``confsite.site.build.build_site``, strict, without the
promotion kit); the ``site`` column gives the pages built, or why the build failed.

The table is Markdown on standard output, progress on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confsite.cosplib import (  # noqa: E402
    Convention,
    Evaluation,
    check_feasibility,
    evaluate,
    read_instance,
    read_published,
    read_solution,
)
from confsite.cosplib.mapping import solution_from_plan  # noqa: E402
from confsite.errors import BuildFailed  # noqa: E402
from confsite.importers.cosplib import import_cosplib  # noqa: E402
from confsite.load.loader import load_content  # noqa: E402
from confsite.plan import planner  # noqa: E402
from confsite.plan.planfile import write_plan  # noqa: E402
from confsite.site.build import build_site  # noqa: E402

DATA = ROOT.parent / "shared" / "realdata" / "cosplib"
SHORT = {
    "tracks_sessions": "tracks×sessions",
    "tracks_rooms": "tracks×rooms",
    "sessions_rooms": "sessions×rooms",
    "similar_tracks": "similar",
    "rooms_per_track": "rooms/track",
    "parallel_tracks": "parallel",
    "consecutive_tracks": "consecutive",
    "submissions_timezones": "time zones",
    "submissions_order": "order",
    "submissions_sessions": "subm×sessions",
    "submissions_rooms": "subm×rooms",
    "presenters_conflicts": "presenters",
    "attendees_conflicts": "attendees",
    "chairs_conflicts": "chairs",
    "presenters_conflicts_timeslot": "presenters/slot",
    "attendees_conflicts_timeslot": "attendees/slot",
}


@dataclass
class Row:
    instance: str
    submissions: int
    solver: str
    ours_checker: int | None = None
    ours_ip: int | None = None
    published: int | None = None
    published_checker: int | None = None
    published_ip: int | None = None
    seconds: float = 0.0
    status: str = ""
    gap: float | None = None
    infeasibilities: list[str] = field(default_factory=list)
    terms: dict[str, int] = field(default_factory=dict)  # ours, weighted
    differences: dict[str, int] = field(default_factory=dict)  # ours - published
    note: str = ""
    site: str = ""  # pages built from the plan (with --site), or why the build failed


def _terms(evaluation: Evaluation) -> dict[str, int]:
    return {term.key: term.weighted for term in evaluation.terms}


def _site(folder: Path, content, agenda, solver: str) -> str:  # type: ignore[no-untyped-def]
    """Write the plan and build the public site from it: pages built, or the failure."""
    plan_file = folder / "plan.yaml"
    write_plan(plan_file, content, agenda)
    try:
        result = build_site(
            folder,
            plan_file=plan_file,
            site_dir=folder.parent / f"{folder.name}-site-{solver}",
            promo=False,
        )
    except BuildFailed as err:
        return f"failed: {err}; " + "; ".join(err.details[:3])
    return f"{result.pages} pages, {result.scheduled} scheduled"


def run(
    name: str, solvers: list[str], limit: float, data: Path, workdir: Path, site: bool = False
) -> list[Row]:
    source = data / "instances" / f"{name}.xlsx"
    instance = read_instance(source)
    folder = workdir / name
    import_cosplib(source, folder, force=True)
    content = load_content(folder)
    published = None
    solution_file = data / "solutions-exact" / f"{name}Solution.xlsx"
    theirs: Evaluation | None = None
    if solution_file.is_file():
        published = read_published(solution_file).objective
        theirs = evaluate(instance, read_solution(solution_file, instance))
    rows = []
    for solver in solvers:
        row = Row(name, len(instance.submissions), solver, published=published)
        if theirs is not None:
            row.published_checker = theirs.objective_for(Convention.CHECKER)
            row.published_ip = theirs.objective_for(Convention.IP_REPORT)
        print(f"{name} with {solver} …", file=sys.stderr)
        began = time.perf_counter()
        try:
            result = planner.plan(
                content,
                solver=solver,
                time_limit=limit,
                progress=lambda message: print(f"  … {message}", file=sys.stderr),
            )
        except (planner.Infeasible, planner.NoPlan, planner.BrokenPlan) as err:
            row.seconds = time.perf_counter() - began
            row.status = type(err).__name__
            row.note = str(err)
            rows.append(row)
            continue
        row.seconds = result.seconds
        chosen = result.blocks_outcome or result.outcome
        row.status, row.gap = chosen.status, chosen.gap
        solution = solution_from_plan(instance, result.agenda)
        row.infeasibilities = list(check_feasibility(instance, solution))
        ours = evaluate(instance, solution)
        row.ours_checker = ours.objective_for(Convention.CHECKER)
        row.ours_ip = ours.objective_for(Convention.IP_REPORT)
        row.terms = _terms(ours)
        if theirs is not None:
            mine, other = _terms(ours), _terms(theirs)
            row.differences = {k: mine[k] - other[k] for k in mine if mine[k] != other[k]}
        if site:
            print(f"  … building the site from {solver}'s plan", file=sys.stderr)
            row.site = _site(folder, content, result.agenda, solver)
        rows.append(row)
    return rows


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def markdown(rows: list[Row]) -> str:
    columns = (
        "instance",
        "submissions",
        "solver",
        "ours (checker / IP report)",
        "published",
        "published today (checker / IP report)",
        "s",
        "status",
        "gap",
        "vs published (ours − theirs)",
    )
    if any(row.site for row in rows):
        columns += ("site",)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        diff = ", ".join(f"{SHORT[k]} {v:+,}" for k, v in row.differences.items())
        if row.infeasibilities:
            diff = f"INFEASIBLE ({len(row.infeasibilities)}) " + diff
        if row.note:
            diff = row.note
        cells = (
            row.instance,
            str(row.submissions),
            row.solver,
            f"{_n(row.ours_checker)} / {_n(row.ours_ip)}",
            _n(row.published),
            f"{_n(row.published_checker)} / {_n(row.published_ip)}"
            if row.published_checker is not None
            else "—",
            f"{row.seconds:.0f}",
            row.status,
            "—" if row.gap is None else f"{row.gap:.2%}",
            diff or ("—" if row.published is None else "same penalties"),
        ) + ((row.site or "—",) if len(columns) > 10 else ())
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", help="comma-separated names (default: every workbook)")
    parser.add_argument("--solver", default="highs,cbc", help="solvers, comma-separated")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per plan")
    parser.add_argument("--data", type=Path, default=DATA, help="the CoSPLib folder")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/confsite-bench-cosplib"))
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument(
        "--site", action="store_true", help="also build the public site from each plan"
    )
    args = parser.parse_args()
    folder = args.data / "instances"
    if not folder.is_dir():
        parser.error(f"no CoSPLib instances at {folder}")
    names = (
        args.instances.split(",")
        if args.instances
        else sorted(path.stem for path in folder.glob("*.xlsx"))
    )
    solvers = [s for s in args.solver.split(",") if s]
    rows: list[Row] = []
    began = time.perf_counter()
    for name in names:
        rows.extend(run(name, solvers, args.time_limit, args.data, args.workdir, args.site))
        if args.json:
            args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n")
    print(markdown(rows))
    print(
        f"\n{len(rows)} runs in {time.perf_counter() - began:.0f} s, time limit "
        f"{args.time_limit:g} s per plan"
    )


if __name__ == "__main__":
    main()
