"""Merge another copy of a project into the open one, so a colleague's work comes back and nothing is lost.

How rows are paired. Rows are matched by UUID. A row the other file has under an id this project has
never seen is matched by what it is instead: an article by its text (both people imported the same
story), a claim or a dismissed suggestion by (article, start, end, quote), an attached file by (source,
content), a tag by name and a verdict by label (case-insensitively, like the schema), a tag on a claim by
(claim, tag), a source link by (claim, source, relation, excerpt, locator). The other side's rows that
point at a matched row are re-pointed to ours. Pairings made by an earlier merge are remembered through
the history, so a tag renamed after the merge still pairs up.

How changes are told apart. Every change writes a new ``rev`` on the row and a history record
``(row, rev, parent_rev)``; a merge writes an extra ``merge`` record whose parent is the other side's rev,
so revisions form a graph. For a row present on both sides, the records reachable from the other side's
rev but not from ours are the changes we have not seen, and vice versa. Field by field:

- a field only the other side changed takes their value;
- a field only we changed keeps ours;
- a field both changed (to different values) keeps the more recent change (by the time of the change
  that set it; ties broken by rev) and the other value goes into the history and the report;
- a field neither changed keeps ours (this is how a shared copy's blanked private notes never blank the
  originals: blanking them was not an edit).

Records written by a merge (and inserts that restore an earlier row image, e.g. undo) count as no change:
what they carry is already represented by the edits they merged.

Deletions. A row deleted on one side (a tombstone, whose history record names the rev it deleted) and
present on the other is deleted here only if the side that still has it made no change the deleter did not
see; otherwise the edit wins: the row is kept (or re-created here), reported, and the rows deleted along
with it (a claim's tags and source links, an article's claims) come back with it. A row deleted on one
side but still used by a row the other side kept or added is kept too, and reported.

The whole merge is one transaction, after a backup of the project into the per-user backups folder
(``store.backups``, reason "merge"; no merge without it); merging the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import string
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from workbench.core.errors import BackupFailed, ProjectFileError, ValidationError, WorkbenchError
from workbench.core.ids import new_id
from workbench.ops.share import same_file
from workbench.store import Changes, Project, Tx
from workbench.store.backups import (
    Backup,
    discard_backup,
    make_backup_without_rotation,
    rotate_backups,
)

# Parents before children: inserts and updates run in this order, deletions in the reverse.
TABLES = (
    "verdict_scale",
    "tags",
    "articles",
    "sources",
    "source_files",
    "claims",
    "claim_tags",
    "claim_sources",
    "dismissals",
)
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "verdict_scale": (),
    "tags": (),
    "articles": (),
    "sources": (),
    "source_files": (("source_id", "sources"),),
    "claims": (("article_id", "articles"),),
    "claim_tags": (("claim_id", "claims"), ("tag_id", "tags")),
    "claim_sources": (("claim_id", "claims"), ("source_id", "sources")),
    "dismissals": (("article_id", "articles"),),
}
# Columns a merge never compares or sets itself: identity, stamps, and an article's immutable text.
_STAMPS = frozenset({"id", "seq", "rev", "created_at", "created_by", "updated_at", "updated_by"})
_NOT_LOADED = frozenset({"seq", "text"})
# SQLite's NOCASE folds ASCII letters only; pairing by name must fold exactly as the UNIQUE index does.
_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _fold(value: str) -> str:
    return (value or "").translate(_ASCII_FOLD)


KEYS: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
    "verdict_scale": lambda r: (_fold(r["label"]),),
    "tags": lambda r: (_fold(r["name"]),),
    "articles": lambda r: (r["text_sha256"],),
    "source_files": lambda r: (r["source_id"], r["sha256"]),
    "claims": lambda r: (r["article_id"], r["start"], r["end"], r["exact"]),
    "claim_tags": lambda r: (r["claim_id"], r["tag_id"]),
    # What ops.link_source refuses to make twice.
    "claim_sources": lambda r: (r["claim_id"], r["source_id"], r["relation"], r["excerpt"], r["locator"]),
    "dismissals": lambda r: (r["article_id"], r["start"], r["end"], r["exact"]),
}
# Keys the schema makes unique: two live rows with one key must become one row.
UNIQUE = ("verdict_scale", "tags", "claim_tags")

EDITED_BOTH = "edited on both sides"
EDITED_HERE_DELETED_THERE = "edited here, deleted in the other project"
DELETED_HERE_EDITED_THERE = "deleted here, edited in the other project"
STILL_USED = "deleted on one side, still used on the other"
COMBINED = "same name: combined into one"
NOT_ON_SCALE = "verdict not on the scale"


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place where the two projects disagreed, and what the merge kept."""

    table: str
    row_id: str
    field: str
    kept: Any
    other: Any
    kind: str
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row_id": self.row_id, "label": self.label, "field": self.field,
                "kept": self.kept, "other": self.other, "kind": self.kind}


@dataclass(slots=True)
class MergeReport(Changes):
    """What a merge did. It is also the operation's Changes record, so the window can undo it."""

    other_path: str = ""
    backup_path: str = ""
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    history_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        """True when some row changed. (History records copied over alone change nothing anyone sees.)"""
        return bool(self.images)

    def totals(self) -> dict[str, int]:
        return {"added": sum(self.added.values()), "updated": sum(self.updated.values()),
                "deleted": sum(self.deleted.values()), "conflicts": len(self.conflicts)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "other": self.other_path,
            "backup": self.backup_path or None,
            **self.totals(),
            "by_table": {"added": self.added, "updated": self.updated, "deleted": self.deleted,
                         "matched_by_content": self.matched},
            "history_added": self.history_added,
            "conflict_details": [c.to_dict() for c in self.conflicts],
        }

    def text(self) -> str:
        """The report for a person: counts, then every conflict with both values."""
        name = Path(self.other_path).name
        if not self.changed_anything:
            return f"Nothing to merge: everything in {name} is already in this project."
        t = self.totals()
        lines = [f"Merged {name}: {t['added']} added, {t['updated']} updated, {t['deleted']} deleted, "
                 f"{t['conflicts']} conflict(s)."]
        for title, counts in (("Added", self.added), ("Updated", self.updated), ("Deleted", self.deleted)):
            if counts:
                lines.append(f"{title}: " + ", ".join(f"{n} {_TABLE_NAMES.get(k, k)}" for k, n in counts.items()))
        if self.backup_path:
            lines.append(f"The project as it was before is kept as a backup ({Path(self.backup_path).name}): "
                         "File → Restore from backup… (or `workbench restore`) goes back to it.")
        for c in self.conflicts:
            what = f"{ROW_NAMES.get(c.table, c.table)} {c.label or c.row_id}"
            detail = f" {c.field}: kept {_short(c.kept)}, other {_short(c.other)}" if c.field else ""
            lines.append(f"  - {what} ({c.kind}){detail}")
        return "\n".join(lines)


ROW_NAMES = {
    "verdict_scale": "verdict", "tags": "tag", "articles": "article", "sources": "source",
    "source_files": "attached file", "claims": "claim", "claim_tags": "tag on a claim",
    "claim_sources": "source link", "dismissals": "dismissed suggestion",
}
_TABLE_NAMES = {
    "verdict_scale": "verdict(s)", "tags": "tag(s)", "articles": "article(s)", "sources": "source(s)",
    "source_files": "attached file(s)", "claims": "claim(s)", "claim_tags": "claim tag(s)",
    "claim_sources": "source link(s)", "dismissals": "dismissed suggestion(s)",
}


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…\""


# -- the public operation ------------------------------------------------------------------------------


def merge_project(project: Project, *, other_path: str | Path) -> MergeReport:
    """Bring everything from the project file ``other_path`` into ``project``; see the module docstring.

    A backup of ``project`` is made first (and dropped again when there was nothing to merge); when it
    cannot be written the merge is not done (BackupFailed). Raises ProjectFileError for a file that cannot
    be read as a project, ValidationError for the project itself; on any failure the project is left
    exactly as it was.
    """
    other_path = Path(other_path)
    if same_file(other_path, project.path):
        raise ValidationError("That is this project itself; choose the other copy to merge in.")
    op = f"Merge {other_path.name}"
    other = Project.open(other_path, read_only=True)
    try:
        backup = _backup(project)
        committed = False
        try:
            # One read transaction: every row of the other file comes from one consistent snapshot.
            other.conn.execute("BEGIN")
            try:
                with project.transaction(op) as tx:
                    report = _merge(tx, other)
                committed = True
            finally:
                other.conn.execute("ROLLBACK")
        except sqlite3.IntegrityError as exc:
            discard_backup(backup)
            raise WorkbenchError(f"The merge could not be completed ({exc}); nothing was changed.") from exc
        except BaseException:
            # Once the merge is in the file its backup is the only way back: never dropped after that.
            if not committed:
                discard_backup(backup)
            raise
    finally:
        other.close()
    report.other_path = str(other_path)
    if report.changed_anything:
        report.backup_path = str(backup.path)
        rotate_backups(project.path)  # only now: a dropped backup must not have pushed an older one out
    else:
        discard_backup(backup)
    return report


def _backup(project: Project) -> Backup:
    try:
        return make_backup_without_rotation(project, "merge")
    except BackupFailed as exc:
        raise BackupFailed(f"The merge was not done, because {exc} Free some disk space and try again; "
                           "nothing was changed.") from exc


# -- reading both sides ----------------------------------------------------------------------------------


class _Tomb(NamedTuple):
    table: str
    rev: str
    deleted_at: str
    deleted_by: str


class _Side:
    """Every mergeable row and tombstone of one file (article text stays on disk until needed)."""

    def __init__(self, conn: sqlite3.Connection, columns: dict[str, list[str]]) -> None:
        self.conn = conn
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        for table in TABLES:
            cols = columns[table]
            names = ", ".join(f'"{c}"' for c in cols)
            rows = [dict(zip(cols, values, strict=True)) for values in conn.execute(f'SELECT {names} FROM "{table}"')]
            rows.sort(key=lambda r: (r["created_at"], r["id"]))  # deterministic pairing order
            self.rows[table] = {r["id"]: r for r in rows}
        self.tombs: dict[str, _Tomb] = {
            row_id: _Tomb(table, rev, at, by)
            for row_id, table, rev, at, by in conn.execute(
                "SELECT row_id, table_name, rev, deleted_at, deleted_by FROM tombstones"
            )
            if table in PARENTS
        }

    def tomb(self, table: str, row_id: str) -> _Tomb | None:
        tomb = self.tombs.get(row_id)
        return tomb if tomb is not None and tomb.table == table else None

    def known(self, table: str) -> set[str]:
        """Ids this side has or had (alive or deleted)."""
        return set(self.rows[table]) | {i for i, t in self.tombs.items() if t.table == table}


class _Rec(NamedTuple):
    hid: str
    table: str
    row_id: str
    action: str
    rev: str
    parent: str
    at: str
    side: int  # 0: this project, 1: the other file (where its data is read from)


class _History:
    """The revision graph of both files together."""

    def __init__(self, conns: tuple[sqlite3.Connection, sqlite3.Connection],
                 fields: dict[str, frozenset[str]]) -> None:
        self.conns = conns
        self.fields = fields
        self.by_rev: dict[str, list[_Rec]] = defaultdict(list)
        self.ids: tuple[set[str], set[str]] = (set(), set())
        seen: set[str] = set()
        for side, conn in enumerate(conns):
            for hid, table, row_id, action, rev, parent, at in conn.execute(
                "SELECT id, table_name, row_id, action, rev, parent_rev, at FROM history"
            ):
                self.ids[side].add(hid)
                if hid in seen or table not in PARENTS:
                    continue
                seen.add(hid)
                self.by_rev[rev].append(_Rec(hid, table, row_id, action, rev, parent or "", at, side))
        self.merge_revs = {r.rev for recs in self.by_rev.values() for r in recs if r.action == "merge"}
        self._anc: dict[str, frozenset[str]] = {}
        self._data: dict[str, dict[str, Any]] = {}
        self._alias = self._aliases()

    def ancestors(self, rev: str) -> frozenset[str]:
        """``rev`` and every revision it was derived from."""
        if not rev:
            return frozenset()
        hit = self._anc.get(rev)
        if hit is not None:
            return hit
        seen: set[str] = set()
        stack = [rev]
        while stack:
            r = stack.pop()
            if r in seen:
                continue
            seen.add(r)
            stack.extend(rec.parent for rec in self.by_rev.get(r, ()) if rec.parent and rec.parent not in seen)
        result = self._anc[rev] = frozenset(seen)
        return result

    def touches(self, table: str, revs: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Fields changed by the edits among ``revs``, each with (time, rev) of its latest change."""
        out: dict[str, tuple[str, str]] = {}
        for rev in revs:
            if rev in self.merge_revs:
                continue
            for rec in self.by_rev.get(rev, ()):
                if rec.action == "insert" and not rec.parent:
                    names: Iterable[str] = self.fields[table]
                elif rec.action == "update":
                    names = self.fields[table].intersection(self._record_data(rec))
                else:  # deletions, and inserts restoring an earlier image (undo, merge): no new values
                    continue
                stamp = (rec.at, rec.rev)
                for name in names:
                    if name not in out or stamp > out[name]:
                        out[name] = stamp
        return out

    def aliases(self, row_id: str) -> list[str]:
        """Ids an earlier merge paired with ``row_id`` (directly or through other merges)."""
        return sorted(self._alias.get(row_id, ()))

    def _record_data(self, rec: _Rec) -> dict[str, Any]:
        data = self._data.get(rec.hid)
        if data is None:
            row = self.conns[rec.side].execute("SELECT data FROM history WHERE id = ?", (rec.hid,)).fetchone()
            try:
                data = json.loads(row[0]) if row else {}
            except (TypeError, ValueError):
                data = {}
            if not isinstance(data, dict):
                data = {}
            self._data[rec.hid] = data
        return data

    def _aliases(self) -> dict[str, set[str]]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        for recs in self.by_rev.values():
            for rec in recs:
                if rec.action != "merge" or not rec.parent:
                    continue
                for other in {r.row_id for r in self.by_rev.get(rec.parent, ())}:
                    if other != rec.row_id:
                        parent[find(other)] = find(rec.row_id)
        groups: dict[str, set[str]] = defaultdict(set)
        for x in list(parent):
            groups[find(x)].add(x)
        out: dict[str, set[str]] = {}
        for root, members in groups.items():
            members = members | {root}
            for m in members:
                out[m] = members - {m}
        return out


# -- deciding -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Link:
    """A merge record to write once the row has its new rev: the other parent, and what was not kept."""

    parent: str
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Plan:
    """Decides the merged state of every row, then writes the difference through the transaction."""

    def __init__(self, tx: Tx, other: Project) -> None:
        self.tx = tx
        self.other = other
        self.columns = {t: _columns(tx.conn, t) for t in TABLES}
        self.merge_cols = {t: [c for c in self.columns[t] if c not in _STAMPS] for t in TABLES}
        fields = {t: frozenset(self.merge_cols[t]) for t in TABLES}
        self.ours = _Side(tx.conn, self.columns)
        self.theirs = _Side(other.conn, self.columns)
        self.hist = _History((tx.conn, other.conn), fields)
        self.maps: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        self.theirs_m: dict[str, dict[str, dict[str, Any]]] = {}
        self.final: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLES}
        self.rescued: dict[str, set[str]] = {t: set() for t in TABLES}
        self.force: set[tuple[str, str]] = set()
        self.links: dict[tuple[str, str], list[_Link]] = defaultdict(list)
        self.dead: dict[tuple[str, str], tuple[str, str]] = {}  # (side still alive, deleting rev)
        self.conflicts: list[Conflict] = []
        self.other_title = other.title

    # -- pairing -------------------------------------------------------------------------------------

    def _remap(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        for col, parent in PARENTS[table]:
            row[col] = self.maps[parent].get(row[col], row[col])
        return row

    def _pair(self, table: str) -> None:
        ours, theirs = self.ours.rows[table], self.theirs.rows[table]
        known_here, known_there = self.ours.known(table), self.theirs.known(table)
        key = KEYS.get(table)
        candidates: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        if key is not None:
            for oid, row in ours.items():
                if oid not in known_there:
                    candidates[key(row)].append(oid)
        used: set[str] = set()
        mapping = self.maps[table]
        for tid, row in theirs.items():
            if tid in ours:
                continue
            # A row an earlier merge paired or combined with this one: its id may be deleted here (the
            # combined tag lives on under the other id) or over there.
            target = next((a for a in self.hist.aliases(tid)
                           if a in ours and a not in theirs and a not in used), None)
            if target is None and tid in known_here:
                continue  # deleted here: the deletion rules decide
            if target is None and key is not None:
                queue = candidates.get(key(self._remap(table, row)), [])
                while queue and queue[0] in used:
                    queue.pop(0)
                target = queue.pop(0) if queue else None
            if target is not None:
                mapping[tid] = target
                used.add(target)
        self.theirs_m[table] = {}
        for tid, row in theirs.items():
            mapped = self._remap(table, row)
            mapped["id"] = mapping.get(tid, tid)
            self.theirs_m[table][mapped["id"]] = mapped

    # -- per-row decisions ---------------------------------------------------------------------------

    def decide(self) -> None:
        for table in TABLES:
            self._pair(table)
            ours, theirs = self.ours.rows[table], self.theirs_m[table]
            for row_id in list(dict.fromkeys([*ours, *theirs])):
                o, t = ours.get(row_id), theirs.get(row_id)
                if o is not None and t is not None:
                    self._both(table, row_id, o, t)
                elif o is not None:
                    self._one_side(table, row_id, o, self.theirs.tomb(table, row_id), here=True)
                elif t is not None:
                    self._one_side(table, row_id, t, self.ours.tomb(table, row_id), here=False)
        self._settle()

    def _both(self, table: str, row_id: str, o: dict[str, Any], t: dict[str, Any]) -> None:
        self.final[table][row_id] = o
        if o["rev"] == t["rev"]:
            return
        mine, yours = self.hist.ancestors(o["rev"]), self.hist.ancestors(t["rev"])
        theirs_changed = self.hist.touches(table, yours - mine)
        if not theirs_changed:
            return  # nothing over there that we have not seen
        ours_changed = self.hist.touches(table, mine - yours)
        merged = dict(o)
        link = _Link(t["rev"])
        for col in self.merge_cols[table]:
            ov, tv = o.get(col), t.get(col)
            if ov == tv or col not in theirs_changed:
                continue
            mine_at = ours_changed.get(col)
            if mine_at is None or theirs_changed[col] > mine_at:
                merged[col] = tv
                kept, lost = tv, ov
            else:
                kept, lost = ov, tv
            if mine_at is not None:
                link.conflicts[col] = {"kept": kept, "other": lost}
                self._conflict(table, row_id, merged, col, kept, lost, EDITED_BOTH)
        self.final[table][row_id] = merged
        # Record their rev as merged, even when nothing changed here, so the next merge sees nothing new.
        self.force.add((table, row_id))
        self.links[(table, row_id)].append(link)

    def _one_side(self, table: str, row_id: str, row: dict[str, Any], tomb: _Tomb | None, *,
                  here: bool) -> None:
        """A row alive on one side only; ``tomb`` is the other side's tombstone for it, if any."""
        if tomb is None:
            self.final[table][row_id] = row  # new on that side (or not shared): keep / add
            return
        lineage = self.hist.ancestors(row["rev"])
        if tomb.rev in lineage:
            self.final[table][row_id] = row  # the side that has it already saw the deletion and kept it
            return
        edited = self.hist.touches(table, lineage - self.hist.ancestors(tomb.rev))
        rescued_parent = any(row[col] in self.rescued[parent] for col, parent in PARENTS[table])
        if not edited and not rescued_parent:
            self.dead[(table, row_id)] = ("ours" if here else "theirs", tomb.rev)
            return
        self.final[table][row_id] = row
        self.rescued[table].add(row_id)
        self.links[(table, row_id)].append(_Link(tomb.rev))
        if here:
            self.force.add((table, row_id))
        if edited:
            kind = EDITED_HERE_DELETED_THERE if here else DELETED_HERE_EDITED_THERE
            kept = "kept" if here else "re-created"
            self._conflict(table, row_id, row, "", kept, "deleted", kind)

    # -- whole-project consistency -------------------------------------------------------------------

    def _settle(self) -> None:
        """Keep rows still used by kept rows, and combine rows the schema says must be one."""
        changed = True
        while changed:
            changed = False
            for table in reversed(TABLES):
                for row in list(self.final[table].values()):
                    for col, parent in PARENTS[table]:
                        if row[col] not in self.final[parent]:
                            self._revive(parent, row[col], table)
                            changed = True
            changed |= self._verdicts_in_use()
            for table in UNIQUE:
                changed |= self._combine(table)

    def _revive(self, table: str, row_id: str, needed_by: str) -> None:
        side, deleting_rev = self.dead.pop((table, row_id), ("", ""))
        if side == "ours" or (not side and row_id in self.ours.rows[table]):
            row = self.ours.rows[table][row_id]
            self.force.add((table, row_id))
        elif row_id in self.theirs_m[table]:
            row = self.theirs_m[table][row_id]
        else:
            raise ProjectFileError(
                f"{Path(self.other.path).name}: a {_TABLE_NAMES[needed_by]} row points to a missing "
                f"{_TABLE_NAMES[table]} row; run 'workbench check' on it. Nothing was merged."
            )
        self.final[table][row_id] = row
        if deleting_rev:
            self.links[(table, row_id)].append(_Link(deleting_rev))
        kept = "kept" if row_id in self.ours.rows[table] else "re-created"
        self._conflict(table, row_id, row, "", kept, "deleted", STILL_USED)

    def _verdicts_in_use(self) -> bool:
        labels = {_fold(v["label"]) for v in self.final["verdict_scale"].values()}
        missing = {_fold(c["verdict"]): c["verdict"] for c in self.final["claims"].values()
                   if c["verdict"] and _fold(c["verdict"]) not in labels}
        changed = False
        for folded, label in sorted(missing.items()):
            for source in (self.ours.rows["verdict_scale"], self.theirs_m["verdict_scale"]):
                found = next((vid for vid, v in source.items() if _fold(v["label"]) == folded), None)
                if found is not None:
                    self._revive("verdict_scale", found, "claims")
                    changed = True
                    break
            else:
                if not any(c.kind == NOT_ON_SCALE and c.kept == label for c in self.conflicts):
                    self.conflicts.append(Conflict("claims", "", "verdict", label, None, NOT_ON_SCALE, label))
        return changed

    def _combine(self, table: str) -> bool:
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for row_id, row in self.final[table].items():
            groups[KEYS[table](row)].append(row_id)
        changed = False
        ours = self.ours.rows[table]
        for key, ids in groups.items():
            if len(ids) < 2:
                continue
            # The row that already holds this name here survives: renaming it would collide meanwhile.
            holders = [i for i in ids if i in ours and KEYS[table](ours[i]) == key]
            local = [i for i in ids if i in ours]
            survivor = (holders or local or sorted(ids))[0]
            # Each field from the member that changed it last, so which copy was merged into which does not
            # decide the result.
            rows = [self.final[table][i] for i in ids]
            stamps = [self.hist.touches(table, self.hist.ancestors(r["rev"])) for r in rows]
            merged = dict(self.final[table][survivor])
            foreign_keys = {col for col, _parent in PARENTS[table]}
            for col in self.merge_cols[table]:
                if col not in foreign_keys:
                    best = max(range(len(rows)), key=lambda k, c=col: (stamps[k].get(c, ("", "")), rows[k]["id"]))
                    merged[col] = rows[best][col]
            self.final[table][survivor] = merged
            self.force.add((table, survivor))
            for gone in ids:
                if gone == survivor:
                    continue
                row = self.final[table].pop(gone)
                self._repoint(table, gone, survivor)
                self.links[(table, survivor)].append(_Link(row["rev"]))
                label_col = "name" if table == "tags" else "label" if table == "verdict_scale" else ""
                if label_col:
                    self._conflict(table, survivor, self.final[table][survivor], label_col,
                                   self.final[table][survivor][label_col], row[label_col], COMBINED)
                changed = True
        return changed

    def _repoint(self, table: str, old: str, new: str) -> None:
        for child, parents in PARENTS.items():
            for col, parent in parents:
                if parent != table:
                    continue
                for row_id, row in list(self.final[child].items()):
                    if row[col] == old:
                        self.final[child][row_id] = {**row, col: new}

    def _conflict(self, table: str, row_id: str, row: dict[str, Any], col: str, kept: Any, other: Any,
                  kind: str) -> None:
        self.conflicts.append(Conflict(table, row_id, col, kept, other, kind, _label(table, row)))

    # -- writing -------------------------------------------------------------------------------------

    def apply(self, report: MergeReport) -> None:
        """Write the merged state: deletions first (children before parents) so a name a deleted row held
        is free again; then, parents first, updates before inserts (a rename frees a name for a new row);
        last, deletions of rows whose children had to be re-pointed first."""
        ours = self.ours.rows
        doomed = {t: [i for i in ours[t] if i not in self.final[t]] for t in TABLES}
        later = self._still_referenced(doomed)
        for table in reversed(TABLES):
            self._delete(table, [i for i in doomed[table] if (table, i) not in later], report)
        for table in TABLES:
            self._update(table, report)
            self._insert(table, report)
        for table in reversed(TABLES):
            self._delete(table, [i for i in doomed[table] if (table, i) in later], report)
        report.history_added = self._copy_history()
        self._copy_tombstones()
        report.matched = {t: len(m) for t, m in self.maps.items() if m}
        report.conflicts = self.conflicts

    def _still_referenced(self, doomed: dict[str, list[str]]) -> set[tuple[str, str]]:
        """Rows to delete that a surviving row here points at until it is re-pointed (combined tags)."""
        dead = {(t, i) for t, ids in doomed.items() for i in ids}
        later: set[tuple[str, str]] = set()
        for child, parents in PARENTS.items():
            for row_id, row in self.ours.rows[child].items():
                if row_id not in self.final[child]:
                    continue
                for col, parent in parents:
                    if (parent, row[col]) in dead:
                        later.add((parent, row[col]))
        # A parent deleted late keeps its own parents until then.
        grew = True
        while grew:
            grew = False
            for child, parents in PARENTS.items():
                for row_id in doomed[child]:
                    if (child, row_id) not in later:
                        continue
                    row = self.ours.rows[child][row_id]
                    for col, parent in parents:
                        if (parent, row[col]) in dead and (parent, row[col]) not in later:
                            later.add((parent, row[col]))
                            grew = True
        return later

    def _delete(self, table: str, row_ids: list[str], report: MergeReport) -> None:
        for row_id in row_ids:
            self.tx.delete(table, row_id)
            report.deleted[table] = report.deleted.get(table, 0) + 1

    def _update(self, table: str, report: MergeReport) -> None:
        before_rows = self.ours.rows[table]
        for row_id, row in self.final[table].items():
            before = before_rows.get(row_id)
            if before is None:
                continue
            diff = {c: row[c] for c in self.merge_cols[table] if row.get(c) != before.get(c)}
            if not diff and (table, row_id) not in self.force:
                continue
            if table == "source_files" and "sha256" in diff:
                self._ensure_attachment(diff["sha256"])
            after = self.tx.update(table, row_id, diff or {"rev": ""})  # an empty diff still takes a new rev
            self._write_links(table, row_id, after["rev"])
            if diff:
                report.updated[table] = report.updated.get(table, 0) + 1

    def _insert(self, table: str, report: MergeReport) -> None:
        before_rows = self.ours.rows[table]
        for row_id, row in self.final[table].items():
            if row_id in before_rows:
                continue
            values = dict(row)
            if table == "articles":
                values["text"] = self._their_text(row_id)
                if values.get("source_sha256"):
                    self._ensure_attachment(values["source_sha256"])  # the original file, if they kept it
            if table == "source_files":
                self._ensure_attachment(values["sha256"])
            new = self.tx.insert(table, values, keep_stamps=True)
            self._write_links(table, row_id, new["rev"])
            report.added[table] = report.added.get(table, 0) + 1

    def _write_links(self, table: str, row_id: str, rev: str) -> None:
        for link in self.links.get((table, row_id), ()):
            data: dict[str, Any] = {"merged_from": self.other_title, "other_rev": link.parent}
            if link.conflicts:
                data["conflicts"] = link.conflicts
            self.tx.conn.execute(
                "INSERT INTO history(id, at, author, op, table_name, row_id, action, rev, parent_rev, data) "
                "VALUES (?, ?, ?, ?, ?, ?, 'merge', ?, ?, ?)",
                (new_id(), self.tx.now, self.tx.project.author, self.tx.changes.op, table, row_id, rev,
                 link.parent, json.dumps(data, ensure_ascii=False, default=str)),
            )

    def _their_text(self, row_id: str) -> str:
        # Rows added from the other file keep their own id (paired rows are updated, never inserted).
        return self.other.conn.execute("SELECT text FROM articles WHERE id = ?", (row_id,)).fetchone()[0]

    def _ensure_attachment(self, sha256: str) -> None:
        if self.tx.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone():
            return
        row = self.other.conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:
            # Stored content is shared by checksum: a mismatching one would later stand in for the real file.
            if not isinstance(row[0], bytes) or hashlib.sha256(row[0]).hexdigest() != sha256:
                raise ProjectFileError(
                    f"{Path(self.other.path).name}: an attached file does not match its checksum (it was "
                    "changed outside the app); run 'workbench check' on it. Nothing was merged."
                )
            self.tx.put_attachment(sha256, row[0])

    def _copy_history(self) -> int:
        """Their history rows we do not have yet (by UUID), so the revision graph stays whole."""
        ours = self.hist.ids[0]
        missing = [hid for hid in self.hist.ids[1] if hid not in ours]
        count = 0
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.other.conn.execute(
                "SELECT id, at, author, op, table_name, row_id, action, rev, parent_rev, data FROM history "
                f"WHERE id IN ({marks})", chunk,
            ).fetchall()
            self.tx.conn.executemany(
                "INSERT OR IGNORE INTO history(id, at, author, op, table_name, row_id, action, rev, parent_rev, "
                "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
            )
            count += len(rows)
        return count

    def _copy_tombstones(self) -> None:
        """Their deletions of rows we never had: a later merge with a third copy must know of them."""
        alive = {row_id for rows in self.final.values() for row_id in rows}
        for row_id, tomb in self.theirs.tombs.items():
            if row_id in alive or row_id in self.ours.tombs or any(row_id in r for r in self.ours.rows.values()):
                continue
            self.tx.conn.execute(
                "INSERT OR IGNORE INTO tombstones(row_id, table_name, deleted_at, deleted_by, rev) "
                "VALUES (?, ?, ?, ?, ?)", (row_id, tomb.table, tomb.deleted_at, tomb.deleted_by, tomb.rev),
            )


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in _NOT_LOADED]


def _label(table: str, row: dict[str, Any]) -> str:
    """A few words a journalist recognises the row by."""
    text = {
        "claims": lambda r: f"“{r['exact']}”",
        "dismissals": lambda r: f"“{r['exact']}”",
        "tags": lambda r: r["name"],
        "verdict_scale": lambda r: r["label"],
        "articles": lambda r: r["title"],
        "sources": lambda r: r["title"],
        "source_files": lambda r: r["name"],
        "claim_sources": lambda r: f"{r['relation']} link",
        "claim_tags": lambda r: "",
    }[table](row)
    return text if len(text) <= 80 else text[:79] + "…"


def _merge(tx: Tx, other: Project) -> MergeReport:
    plan = _Plan(tx, other)
    plan.decide()
    report = MergeReport(tx.changes.op)
    plan.apply(report)
    report.images = tx.changes.images
    return report
