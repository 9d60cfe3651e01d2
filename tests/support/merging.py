"""Comparing a project's content across merges in opposite directions."""

from __future__ import annotations

from typing import Any

from workbench.export.json_export import project_to_dict
from workbench.store import Project


def normalized(project: Project) -> dict[str, Any]:
    """The content with row ids replaced by what the rows are, and without who-made-it stamps.

    Merges in opposite directions keep different ids for rows both people made independently (the same
    article imported twice, the same quote marked twice); what the rows say must still be the same.
    """
    d = project_to_dict(project)
    texts = {a["id"]: a["text_sha256"] for a in d["articles"]}
    key = {c["id"]: (texts[c["article_id"]], c["start"], c["end"], c["exact"]) for c in d["claims"]}
    drop = {"id", "created_at", "created_by", "updated_at", "updated_by", "article_id", "tags", "anchored"}
    for c in d["claims"]:
        if isinstance(c.get("verification"), dict):
            # The same file attached on both sides stays one attachment with each side's own id (as the
            # same quote marked twice does): which copy's id the verification names is not content.
            c["verification"] = {k: v for k, v in c["verification"].items() if k != "file"}

    def fields(row: dict[str, Any], extra: frozenset[str] = frozenset()) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, str(v)) for k, v in row.items() if k not in drop | extra))

    return {
        "verdicts": sorted((v["label"], v["position"], v["color"], v["description"]) for v in d["verdict_scale"]),
        "tags": sorted((t["name"].lower(), t["name"], t["color"]) for t in d["tags"]),
        "articles": sorted(fields(a) for a in d["articles"]),
        "claims": sorted((key[c["id"]], fields(c), tuple(sorted(c["tags"]))) for c in d["claims"]),
        "sources": sorted((s["id"], fields(s, frozenset({"attachments"})),
                           tuple(sorted((f["name"], f["sha256"]) for f in s["attachments"])))
                          for s in d["sources"]),
        "links": sorted((key[x["claim_id"]], x["source_id"], x["relation"], x["excerpt"], x["note"])
                        for x in d["links"]),
    }
