"""Commands of second-person review and the corrections log: the project's settings (``--require-review``,
its title), approving or sending back a claim's verdict, and listing corrections."""

from __future__ import annotations

import argparse

from workbench import ops
from workbench.cli.common import EXIT_OK, Adder, add_json_arg, open_project, print_json, print_rows
from workbench.core.errors import ValidationError


def cmd_settings(args: argparse.Namespace) -> int:
    from workbench.store.queries_review import review_required

    changing = args.require_review is not None or args.title is not None
    with open_project(args.project, read_only=not changing) as project:
        if args.title is not None:
            ops.set_project_title(project, title=args.title)
        if args.require_review is not None:
            ops.update_settings(project, require_review=args.require_review == "on")
        settings = {"title": project.title, "require_review": review_required(project)}
    if args.json:
        print_json(settings)
    else:
        print(f"title: {settings['title']}")
        print(f"require review: {'on' if settings['require_review'] else 'off'}")
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from workbench.store.queries_review import review_state

    if args.approve == args.reject:
        raise ValidationError("Say --approve or --reject (send the verdict back to its author).")
    with open_project(args.project) as project:
        ops.review_claim(project, claim_id=args.claim, approve=args.approve, note=args.note or "")
        state = review_state(project, args.claim)
    if args.json:
        print_json({"claim_id": args.claim, **(state.to_dict() if state else {})})
    elif state is None:  # not reached: a claim without a verdict is refused before
        print("Reviewed.")
    elif args.approve:
        print(f"Approved the verdict '{state.verdict}' (given by {state.verdict_by or 'unknown'}).")
    else:
        print(f"Sent the verdict '{state.verdict}' back to {state.verdict_by or 'its author'}.")
    return EXIT_OK


def cmd_corrections(args: argparse.Namespace) -> int:
    from workbench.store.queries import get_claim
    from workbench.store.queries_review import list_corrections

    with open_project(args.project, read_only=True) as project:
        if args.claim:
            get_claim(project, args.claim)  # an unknown id is an error, not an empty list
        corrections = list_corrections(project, args.claim)
    return print_rows(args.json, corrections, lambda c: c.to_dict(),
                      lambda c: f"{c.at[:16].replace('T', ' ')}  {c.author or '?'}  “{c.quote}”: {c.field} “{c.old}” "
                      f"→ “{c.new}” — {c.note}")


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("settings", cmd_settings, "Show or change the project's settings: second-person review, title.")
    p.add_argument("--require-review", choices=("on", "off"),
                   help="on: a claim is published only after someone other than its verdict's author approved "
                   "that verdict ('workbench review')")
    p.add_argument("--title", metavar="TEXT", help="rename the project (the file name stays)")
    add_json_arg(p, "print {title, require_review}")

    p = add("review", cmd_review, "Approve a claim's verdict, or send it back to its author with a note.",
            epilog="The verdict's author cannot approve it. A changed verdict needs a new approval.")
    p.add_argument("--claim", required=True, metavar="ID", help="claim id (see 'workbench claims')")
    p.add_argument("--approve", action="store_true", help="approve the claim's current verdict")
    p.add_argument("--reject", action="store_true", help="send the verdict back (give --note saying why)")
    p.add_argument("--note", metavar="TEXT", help="a note for the verdict's author")
    add_json_arg(p, "print the review state of the claim's verdict")

    p = add("corrections", cmd_corrections, "List the corrections of published claims, oldest first.")
    p.add_argument("--claim", metavar="ID", help="only this claim's")
    add_json_arg(p, "print a list of {id, claim_id, quote, speaker, field, old, new, note, at, author}")
