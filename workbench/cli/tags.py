"""Commands on the project's tags (list, add, rename, merge, delete, recolour) and its verdict scale (list,
add, edit, delete): the same lists the window edits in Tools → Tags… and Tools → Verdict scale…."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from workbench import ops
from workbench.cli.common import (
    EXIT_OK,
    Adder,
    Group,
    add_json_arg,
    deleted_summary,
    open_project,
    print_json,
    print_rows,
)
from workbench.core.errors import NotFoundError, ValidationError
from workbench.store import Project
from workbench.store.queries import list_tags, verdict_scale


def tag_id(project: Project, tag: str) -> str:
    """The id of a tag given by id or name (case ignored), or NotFoundError naming it."""
    folded = " ".join(tag.split()).casefold()
    for t in list_tags(project):
        if t.id == tag or t.name.casefold() == folded:
            return t.id
    raise NotFoundError(f"There is no tag '{tag}' in this project (see 'workbench tags').")


def verdict_id(project: Project, label: str) -> str:
    """The id of a verdict of the scale given by id or label (case ignored), or NotFoundError."""
    folded = " ".join(label.split()).casefold()
    scale = verdict_scale(project)
    for v in scale:
        if v.id == label or v.label.casefold() == folded:
            return v.id
    raise NotFoundError(f"'{label}' is not on this project's verdict scale ({', '.join(v.label for v in scale)}).")


def _print_tags(project: Project, as_json: bool, only: str | None = None) -> None:
    tags = [t for t in list_tags(project) if only is None or t.id == only]
    if as_json:
        value: Any = [asdict(t) for t in tags]
        print_json(value[0] if only is not None else value)
        return
    for t in tags:
        print(f"{t.id}  {t.name}  {t.color}  {t.claim_count} claim(s)")


def cmd_tags(args: argparse.Namespace) -> int:
    with open_project(args.project, read_only=True) as project:
        _print_tags(project, args.json)
    return EXIT_OK


def cmd_tag_add(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        new = ops.add_tag(project, name=args.name, color=args.color).id
        _print_tags(project, args.json, new)
    return EXIT_OK


def cmd_tag_rename(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        tid = ops.update_tag(project, tag_id=tag_id(project, args.tag), name=args.new_name).id
        _print_tags(project, args.json, tid)
    return EXIT_OK


def cmd_tag_color(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        tid = ops.update_tag(project, tag_id=tag_id(project, args.tag), color=args.color).id
        _print_tags(project, args.json, tid)
    return EXIT_OK


def cmd_tag_merge(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        target = ops.merge_tags(project, source_tag_id=tag_id(project, args.tag),
                                target_tag_id=tag_id(project, args.into)).id
        _print_tags(project, args.json, target)
    return EXIT_OK


def cmd_tag_delete(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        tid = tag_id(project, args.tag)
        changes = ops.delete_tag(project, tag_id=tid)
    return deleted_summary(changes, "tags", args.tag, args.json)


def cmd_verdicts(args: argparse.Namespace) -> int:
    actions = [a for a in (args.add, args.edit, args.delete) if a is not None]
    editing = bool(actions)
    if len(actions) > 1:
        raise ValidationError("Give one of --add, --edit and --delete at a time.")
    details = {k: v for k, v in (("label", args.label), ("color", args.color), ("description", args.description))
               if v is not None}
    if not editing and details:
        raise ValidationError("--label, --color and --description go with --add or --edit.")
    with open_project(args.project, read_only=not editing) as project:
        if args.add is not None:
            if "label" in details:
                raise ValidationError("--label renames a verdict with --edit; --add takes the new label itself.")
            ops.add_verdict(project, label=args.add, **details)
        elif args.edit is not None:
            if not details:
                raise ValidationError("Say what to change: --label, --color or --description.")
            ops.update_verdict(project, verdict_id=verdict_id(project, args.edit), **details)
        elif args.delete is not None:
            ops.delete_verdict(project, verdict_id=verdict_id(project, args.delete))
        scale = verdict_scale(project)
    return print_rows(args.json, scale, asdict, lambda v: f"{v.position + 1:>2}. {v.label}  {v.color}"
                      + (f"  {v.description}" if v.description else ""))


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    add_json_arg(add("tags", cmd_tags, "List the tags of a project, with how many claims carry each."))

    tags = Group(add, "tag", "Work with tags: add, rename, recolour, merge, delete.")

    def action(name: str, func: Any, help_: str, *positionals: tuple[str, str]) -> argparse.ArgumentParser:
        pa = tags.action(name, func, help_)
        for dest, text in positionals:
            pa.add_argument(dest, metavar=dest.upper().replace("_", "-"), help=text)
        add_json_arg(pa, "print the tag as JSON")
        return pa

    pa = action("add", cmd_tag_add, "Create a tag.", ("name", "the new tag's name"))
    pa.add_argument("--color", metavar="#RRGGBB", help="its colour (default: the next of a readable palette)")
    action("rename", cmd_tag_rename, "Rename a tag (its claims keep it).", ("tag", "the tag's name or id"),
           ("new_name", "its new name"))
    action("color", cmd_tag_color, "Change a tag's colour.", ("tag", "the tag's name or id"),
           ("color", "the colour as #rrggbb, e.g. #ffd54f"))
    action("merge", cmd_tag_merge, "Merge a tag into another: its claims get the other tag and it is deleted.",
           ("tag", "the tag to merge away (name or id)"), ("into", "the tag to keep (name or id)"))
    action("delete", cmd_tag_delete, "Delete a tag and take it off every claim (the claims stay; a backup is "
           "made first when many claims carry it).", ("tag", "the tag's name or id"))

    p = add("verdicts", cmd_verdicts, "List the project's verdict scale, or add, edit or delete one verdict.",
            epilog="Examples: workbench verdicts P.fcproj --add 'Misleading' --color '#8e24aa'; "
            "workbench verdicts P.fcproj --edit 'Half true' --label 'Half-true'. Claims follow a renamed verdict; "
            "a verdict still given to claims cannot be deleted.")
    p.add_argument("--add", metavar="LABEL", help="add a verdict at the end of the scale")
    p.add_argument("--edit", metavar="VERDICT",
                   help="change a verdict (label or id) with --label, --color, --description")
    p.add_argument("--delete", metavar="VERDICT", help="remove a verdict no claim has")
    p.add_argument("--label", metavar="TEXT", help="with --edit: the new label")
    p.add_argument("--color", metavar="#RRGGBB")
    p.add_argument("--description", metavar="TEXT", help="what the verdict means, for the report's readers")
    add_json_arg(p, "print the scale as JSON")
