"""Commands on the selected claim beyond marking and deleting it: *Adjust extent* (a word more or less,
by Shift+arrows or dragging, then Enter) and *Copy quote with citation* (for an e-mail or a draft).

Both are in the Claim menu and in the highlight's context menu, with the window's *Delete claim*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QGuiApplication

from workbench import ops
from workbench.core.errors import NotFoundError
from workbench.store.queries import get_article, get_claim
from workbench.ui.review_widget import ask_correction

if TYPE_CHECKING:
    from workbench.core.model import Article, Claim
    from workbench.ui.host import Shell


def citation(claim: Claim, article: Article) -> str:
    """“Quote” — Speaker, “Title”, Outlet, date. URL — what a journalist pastes into a message or a draft."""
    where = ", ".join(part for part in (f"“{article.title}”" if article.title else "", article.outlet,
                                         article.published) if part)
    text = f"“{claim.exact}” — {claim.speaker or 'unknown speaker'}"
    if where:
        text += f", {where}"
    return text + (f". {article.url}" if article.url else "")


def install(shell: Shell) -> tuple[QAction, QAction]:
    """Add *Adjust extent* (Ctrl+Shift+E) and *Copy quote with citation* (Ctrl+Shift+C) to the Claim menu;
    returns them (enabled by the window when a claim is selected)."""
    reader = shell.reader

    def adjust() -> None:
        claim_id = shell.current_claim_id()
        if claim_id is None:
            return
        reader.start_adjusting(claim_id)
        shell.runner.show_status("Adjust the quote: Shift+arrows or drag to change the selection, Enter to save, "
                            "Esc to cancel.")

    def save_extent(claim_id: str, start: int, end: int) -> None:
        correction = ask_correction(shell.runner, claim_id, {"extent": (start, end)})
        if correction is None:
            return
        if shell.runner.run(ops.adjust_claim_extent, claim_id=claim_id, start=start, end=end,
                            **correction) is not None:
            shell.select_claim(claim_id)
            shell.runner.show_status("Quote adjusted. Ctrl+Z puts it back.")

    def copy_citation() -> None:
        project, claim_id = shell.runner.project, shell.current_claim_id()
        if project is None or claim_id is None:
            return
        try:
            claim = get_claim(project, claim_id)
        except NotFoundError:
            return
        QGuiApplication.clipboard().setText(citation(claim, get_article(project, claim.article_id)))
        shell.runner.show_status("Quote with citation copied.")

    reader.extent_adjusted.connect(save_extent)
    act_adjust = shell.add_action("claim", "Adjust e&xtent", adjust, "Ctrl+Shift+E",
                                  "Change where the selected claim's quote starts and ends")
    act_copy = shell.add_action("claim", "Copy quote with &citation", copy_citation, "Ctrl+Shift+C",
                                "Copy the quote, its speaker and the article it is from")
    return act_adjust, act_copy
