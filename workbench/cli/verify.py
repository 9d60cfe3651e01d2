"""Commands that check a claim's quote against its sources (``verify``) and follow it through the project's
other articles (``trace``)."""

from __future__ import annotations

import argparse

from workbench.cli.common import EXIT_OK, Adder, add_json_arg, open_project, print_json
from workbench.core.errors import ProjectInUseError, ProjectReadOnlyError

_STATUS_WORDS = {"verbatim": "Verbatim", "spliced": "Spliced", "altered": "Altered", "not_found": "Not found"}


def _diff_line(diff: list[tuple[str, str]]) -> str:
    """The word diff in plain text: [-source words-] {+quote words+}."""
    parts = []
    for op, text in diff:
        text = " ".join(text.split())
        if text:
            parts.append(text if op == "equal" else f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
    return " ".join(parts)


def cmd_verify(args: argparse.Namespace) -> int:
    from workbench.ops.verify import verify_claim

    # Opened for editing when possible, so the text of files read for the first time is kept; read-only
    # (still verifying) when the window has the project open.
    try:
        project = open_project(args.project)
    except (ProjectInUseError, ProjectReadOnlyError):
        project = open_project(args.project, read_only=True)
    with project:
        result = verify_claim(project, args.claim, args.source)
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    print(f"Claim {result.claim_id}: \u201c{result.quote}\u201d" + (f" ({result.speaker})" if result.speaker else ""))
    if not result.results:
        print("  No source is linked to this claim; link one, or name one with --source.")
    best = result.best
    for r in result.results:
        v = r.verification
        mark = "*" if r is best else " "
        where = f" at {v.locator}" if v.locator else ""
        if r.unchecked:
            print(f"{mark} Cannot check against {r.title}  [{r.source_id}]")
        else:
            print(f"{mark} {_STATUS_WORDS[v.status]} in {r.title}{where} (similarity {v.similarity:.2f})  "
                  f"[{r.source_id}]")
        if r.problem:
            print(f"    {r.problem}")
        if v.status == "spliced":
            print(f"    omission {'marked with an ellipsis' if v.ellipsis else 'not marked (joined silently)'}")
        if v.status in ("altered", "spliced") and v.diff:
            print(f"    diff: {_diff_line(v.diff)}")
        if v.speaker_in_source:
            print(f"    the source gives these words to {v.speaker_in_source}")
    return EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    from workbench.ops.verify import trace_claim

    with open_project(args.project, read_only=True) as project:
        hits = trace_claim(project, args.claim)
    if args.json:
        print_json([h.to_dict() for h in hits])
        return EXIT_OK
    if not hits:
        print("No other article of this project carries this quote.")
    for h in hits:
        d = h.to_dict()
        print(f"{d['published'] or 'undated':<10}  {_STATUS_WORDS[d['status']]:<9}  {d['title']}"
              f"{' (' + d['outlet'] + ')' if d['outlet'] else ''}  [{d['article']}]")
        if d["status"] != "verbatim" and d["diff"]:
            print(f"            diff: {_diff_line(d['diff'])}")
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("verify", cmd_verify,
            "Check a claim's quote against its linked sources (or one): verbatim, spliced, altered or not found, "
            "where (time, page, paragraph), who says it in the source, and the word diff.")
    p.add_argument("--claim", required=True, metavar="ID")
    p.add_argument("--source", metavar="ID", help="check against this source only (linked or not)")
    add_json_arg(p, 'print {"claim", "results": [...], "best"} as JSON')

    p = add("trace", cmd_trace,
            "Find a claim's quote in the project's other articles, earliest published first: how the quote "
            "travelled and changed.")
    p.add_argument("--claim", required=True, metavar="ID")
    add_json_arg(p, "print the list of articles as JSON")
