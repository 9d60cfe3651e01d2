"""Quote suggestions on an article of a project: proposed, accepted as claims, dismissed for good."""

from __future__ import annotations

from workbench import ops
from workbench.ops.suggestions import accept_suggestions, dismiss_suggestion, suggestions_for_article
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims


def _article_id(project: Project) -> str:
    return list_articles(project)[0].id


def test_sample_article_suggests_exactly_its_three_quotes(project: Project, sample_article_path) -> None:
    from workbench.importers import import_file

    ops.add_article(project, article=import_file(sample_article_path))
    found = suggestions_for_article(project, _article_id(project))
    assert [(s.quote, s.speaker.lower()) for s in found] == [
        ("I cannot confirm these reports, but obviously they are concerning.", "mark rutte"),
        ("highly likely", "kim yong-hyun"),
        ("hoax", "the kremlin"),
    ]


def test_marked_quotes_are_not_suggested_again(sample_project: Project) -> None:
    # The sample already has all three quotes marked as claims.
    assert suggestions_for_article(sample_project, _article_id(sample_project)) == []


def test_accept_makes_claims_with_speakers_in_one_undoable_step(project: Project, sample_article_path) -> None:
    from workbench.importers import import_file

    ops.add_article(project, article=import_file(sample_article_path))
    article_id = _article_id(project)
    found = suggestions_for_article(project, article_id)
    changes = accept_suggestions(project, article_id=article_id, suggestions=found[:2])
    claims = list_claims(project)
    assert [(c.exact, c.speaker) for c in claims] == [(s.quote, s.speaker) for s in found[:2]]
    assert [s.quote for s in suggestions_for_article(project, article_id)] == ["hoax"]
    ops.undo_changes(project, changes=changes)
    assert list_claims(project) == []


def test_dismissal_is_remembered_after_reopening(project_path, sample_article_path) -> None:
    from workbench.importers import import_file

    with Project.create(project_path) as project:
        ops.add_article(project, article=import_file(sample_article_path))
        article_id = _article_id(project)
        hoax = suggestions_for_article(project, article_id)[2]
        dismiss_suggestion(project, article_id=article_id, suggestion=hoax)
    with Project.open(project_path) as project:
        assert [s.quote for s in suggestions_for_article(project, article_id)] == [
            "I cannot confirm these reports, but obviously they are concerning.",
            "highly likely",
        ]
