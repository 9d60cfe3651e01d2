"""“Checked before?” in the window: the fact-check library as the window uses it, the claim inspector's
*Checked before* section, and the project-wide *Checked before* panel.

- ``FactCheckService``: where the library is (the ``factchecks/library`` setting; the journalist's own file in
  the data folder by default) and one background thread that reads it. Every read of the library (matching a
  claim, searching, its counts) and the project's near-duplicate search run there, never on the UI thread, so
  typing never waits for them. The thread keeps one read-only connection to the library and opens it again
  after an import or when the setting changes (``library_changed``).
- ``CheckedBefore``: the inspector's section for the selected claim: the best earlier fact-checks (rating,
  publisher, date, "same claim" marked, the link opened in the browser only when clicked) and the other claims
  of the project that say the same thing.
- ``ProjectChecksPanel``: every claim of the project with its best earlier check and how many other claims say
  the same, so a claim is checked once.

Nothing here makes a network request: a fact-check's address is opened by the system browser only when the
journalist clicks it.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import NotFoundError, WorkbenchError
from workbench.core.model import Claim
from workbench.store import Changes, Project
from workbench.store.queries import claim_count_up_to, get_article, list_articles, list_claims
from workbench.ui.common import Panel, flat_tree, on_screen, push_button, widget_row
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.factchecks import FactCheckLibrary, Match
    from workbench.ui.host import Host, Shell

LIBRARY_SETTING = "factchecks/library"
SHOWN_MATCHES = 3  # earlier checks shown per claim in the inspector
DEBOUNCE_MS = 150  # a claim shown this long is matched (stepping through claims with F8 does not queue work)
NO_LIBRARY = "No fact-check library yet: Tools → Fact-check library… imports published fact-checks."


def open_link(url: str) -> None:
    """Open a fact-check's address in the system browser: the only way this feature touches the network, and
    only on the journalist's click."""
    if url.startswith(("http://", "https://")):
        QDesktopServices.openUrl(QUrl(url))


def match_line(match: Match) -> str:
    """“Mostly false — PolitiFact, 2024-03-02”: the verdict and who gave it when."""
    f = match.factcheck
    by = ", ".join(x for x in (f.publisher, f.date) if x)
    return (f.rating or "no rating") + (f" — {by}" if by else "")


# -- the service -------------------------------------------------------------------------------------------


class _Bridge(QObject):
    done = Signal(int, object, str)  # ticket, result, error message


class _Job(QRunnable):
    def __init__(self, service: FactCheckService, ticket: int, work: Callable[[Any], Any], needs_library: bool) -> None:
        super().__init__()
        self.service, self.ticket, self.work, self.needs_library = service, ticket, work, needs_library

    def run(self) -> None:
        result: Any = None
        error = ""
        try:
            library = self.service._library_for_worker() if self.needs_library else None
            result = self.work(library)
        except WorkbenchError as exc:
            error = str(exc)
        except Exception as exc:  # a bug must surface where the journalist looks, not vanish in a thread
            error = f"The fact-check library could not be read ({type(exc).__name__}: {exc})."
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody waits for the answer
            self.service._bridge.done.emit(self.ticket, result, error)


class FactCheckService(QObject):
    """The library's location and the one background thread that reads it (see the module docstring).

    ``submit(work, done)`` runs ``work(library)`` in the background (``library`` is None while no library file
    exists yet) and calls ``done(result, error)`` on the UI thread. ``library_changed`` is emitted after an
    import or a change of location: whatever shows matches asks again.
    """

    library_changed = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one reader: the library object is used by one thread at a time
        # A child made after the pool: when the window goes, the pool (deleted first) waits for a running read,
        # whose answer still finds the bridge alive.
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._deliver)
        self._callbacks: dict[int, Callable[[Any, str], None]] = {}
        self._ticket = 0
        self._lock = threading.Lock()
        self._library: FactCheckLibrary | None = None
        self._stale = True  # the worker's connection must be (re)opened before the next read

    def path(self) -> Path:
        from workbench.factchecks import default_library_path

        value = self.settings.value(LIBRARY_SETTING, "", type=str)
        return Path(value) if value else default_library_path()

    def is_default(self) -> bool:
        return not self.settings.value(LIBRARY_SETTING, "", type=str)

    def set_path(self, path: Path | None) -> None:
        """Use another library from now on (None: the journalist's own)."""
        self.settings.setValue(LIBRARY_SETTING, str(path) if path else "")
        self.reload()

    def reload(self) -> None:
        """The library's contents or location changed (an import finished): read it afresh."""
        with self._lock:
            self._stale = True
        self.library_changed.emit()

    def submit(self, work: Callable[[FactCheckLibrary | None], Any], done: Callable[[Any, str], None], *,
               needs_library: bool = True) -> None:
        self._ticket += 1
        self._callbacks[self._ticket] = done
        self._pool.start(_Job(self, self._ticket, work, needs_library))

    def wait(self) -> None:
        """Wait for the background reads (tests; the window's close)."""
        self._pool.waitForDone()

    def shutdown(self) -> None:
        self._pool.clear()
        self._pool.waitForDone()
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None

    def _library_for_worker(self) -> FactCheckLibrary | None:
        from workbench.factchecks import FactCheckLibrary

        with self._lock:
            if self._stale:
                if self._library is not None:
                    self._library.close()
                    self._library = None
                self._stale = False
                path = self.path()
                if path.exists():
                    # Read-only: an import in the dialog (its own connection) is never held up by matching.
                    self._library = FactCheckLibrary.open(path, read_only=True, any_thread=True)
            return self._library

    def _deliver(self, ticket: int, result: object, error: str) -> None:
        done = self._callbacks.pop(ticket, None)
        if done is not None:
            done(result, error)


# -- the inspector's section ---------------------------------------------------------------------------------


class CheckedBefore(Panel):
    """The inspector's *Checked before* section for one claim (see the module docstring). Hidden until the
    window attaches the service; matching runs in the service's thread and a result for a claim no longer
    shown is dropped."""

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__(runner, host)
        self.service: FactCheckService | None = None
        self.matches: list[Match] = []
        self.duplicates: list[tuple[str, str]] = []  # (claim id, quote) of claims saying the same
        self._claim: Claim | None = None
        self._key: tuple[Any, ...] | None = None
        self._asked = 0  # the newest request; older answers are dropped
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._ask)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        title = QLabel("<b>Checked before?</b>")
        layout.addWidget(title)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setEnabled(False)  # greyed: information
        layout.addWidget(self.status)
        self.results = QLabel()
        self.results.setWordWrap(True)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setOpenExternalLinks(False)  # links are opened by us, on a click, never by loading
        self.results.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.results.linkActivated.connect(self._link)
        layout.addWidget(self.results)
        self.same_label = QLabel()
        self.same_label.setWordWrap(True)
        self.same_label.setTextFormat(Qt.TextFormat.RichText)
        self.same_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.same_label.linkActivated.connect(self._link)
        layout.addWidget(self.same_label)
        self.setVisible(False)

    def attach(self, service: FactCheckService, duplicates: ProjectDuplicates) -> None:
        self.service = service
        self.project_duplicates = duplicates
        service.library_changed.connect(self._library_changed)
        duplicates.updated.connect(self._show_duplicates)
        self.show_claim(self._claim)

    def show_claim(self, claim: Claim | None) -> None:
        """Show the checks of ``claim`` (None: nothing selected). Called on every inspector refresh: the claim
        is matched again only when its words, speaker or article date changed."""
        self._claim = claim
        if self.service is None or claim is None:
            self.setVisible(False)
            self._key = None
            return
        self.setVisible(True)
        project = self.runner.project
        try:
            published = get_article(project, claim.article_id).published if project is not None else ""
        except NotFoundError:
            published = ""
        key = (claim.id, claim.exact, claim.speaker, published)
        if key != self._key:
            self._key = key
            self.matches = []
            self.status.setText("Looking in the fact-check library…")
            self.results.clear()
            self._timer.start()
        self._show_duplicates()

    def _library_changed(self) -> None:
        self._key = None
        self.show_claim(self._claim)

    def _ask(self) -> None:
        claim, key = self._claim, self._key
        if claim is None or self.service is None or key is None:
            return
        self._asked += 1
        asked = self._asked
        quote, speaker, date = key[1], key[2], key[3]

        def work(library: FactCheckLibrary | None) -> Any:
            if library is None:
                return None
            return library.match(quote, speaker=speaker, date=date, limit=SHOWN_MATCHES), library.count()

        self.service.submit(work, lambda result, error: self._answer(asked, result, error))

    def _answer(self, asked: int, result: Any, error: str) -> None:
        if asked != self._asked:
            return  # another claim (or the same one with other words) was asked for since
        if error:
            self.status.setText(error)
            return
        if result is None:
            self.status.setText(NO_LIBRARY)
            return
        self.matches, count = result
        if not self.matches:
            self.status.setText(f"No earlier fact-check found among the library's {count:,}.")
            return
        same = sum(m.same_claim for m in self.matches)
        self.status.setText(f"{same} earlier check{'s' if same != 1 else ''} of this claim:" if same else
                            "No earlier check of this very claim. The closest:")
        # Every check of the same claim, or else the closest related one: the section stays short, so the
        # fields below it stay in view.
        shown = [m for m in self.matches if m.same_claim] or self.matches[:1]
        rows = []
        for m in shown:
            f = m.factcheck
            mark = "<b style='color:#2e7d32'>Same claim</b> · " if m.same_claim else "Related · "
            link = f" <a href='{html.escape(f.link)}'>Open</a>" if f.link else ""
            claimant = f" — {html.escape(f.claimant)}" if f.claimant else ""
            rows.append(f"<p style='margin:0 0 6px 0'>{mark}<b>{html.escape(f.rating or 'no rating')}</b> — "
                        f"{html.escape(', '.join(x for x in (f.publisher, f.date) if x))}{link}<br>"
                        f"“{html.escape(f.claim)}”{claimant}</p>")
        self.results.setText("".join(rows))

    def _show_duplicates(self) -> None:
        claim = self._claim
        found = self.project_duplicates.of(claim.id) if claim is not None and self.service is not None else []
        self.duplicates = found
        if not found:
            self.same_label.clear()
            self.same_label.setVisible(False)
            return
        n = len(found)
        items = "".join(f"<li><a href='claim:{html.escape(cid)}'>“{html.escape(_short(quote))}”</a></li>"
                        for cid, quote in found[:5])
        self.same_label.setText(f"<b>{n} other claim{'s say' if n != 1 else ' says'} the same in this project:</b>"
                                f"<ul style='margin:0'>{items}</ul>")
        self.same_label.setVisible(True)

    def _link(self, target: str) -> None:
        if target.startswith("claim:"):
            self.host.select_claim(target.removeprefix("claim:"))
        else:
            open_link(target)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- near-duplicates within the project ---------------------------------------------------------------------


AUTOMATIC_CLAIMS = 2_000


class ProjectDuplicates(QObject):
    """The project's claims that say the same thing (``matching.near_duplicates``), found in the service's
    thread after the claims change; ``of(claim id)`` answers from the last result."""

    updated = Signal()

    def __init__(self, runner: OperationRunner, service: FactCheckService) -> None:
        super().__init__(runner)
        self.runner = runner
        self.service = service
        self.groups: dict[str, list[tuple[str, str]]] = {}
        self._asked = 0
        self._wanted = False  # asked for by the panel: kept up to date from then on, whatever the size
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self._ask)
        runner.project_opened.connect(self._project_opened)
        runner.changed.connect(self._changed)
        self._project_opened(runner.project)

    def of(self, claim_id: str) -> list[tuple[str, str]]:
        return self.groups.get(claim_id, [])

    def _project_opened(self, project: Project | None) -> None:
        self.groups = {}
        self._asked += 1
        self._wanted = False
        self.updated.emit()
        if project is not None and self._automatic(project):
            self._timer.start()

    def _changed(self, changes: Changes) -> None:
        project = self.runner.project
        if "claims" in changes.tables and project is not None and (self._wanted or self._automatic(project)):
            self._timer.start()

    def request(self) -> None:
        """Find them now whatever the project's size (the project panel was opened)."""
        if not self._wanted:
            self._wanted = True
            self._timer.start()

    @staticmethod
    def _automatic(project: Project) -> bool:
        # Comparing every claim with its likeliest twins costs about a millisecond per claim (5,000 claims:
        # 5 s, 50,000: 73 s of a core): done by itself for projects up to AUTOMATIC_CLAIMS, else when the
        # journalist opens the Checked before panel, so a big project does not keep a core busy for a minute.
        # Counted only up to the limit: a full count walked an index of every claim on each open and edit
        # (the large project's 50,000: 4 ms, 8 ms encrypted).
        return claim_count_up_to(project, AUTOMATIC_CLAIMS + 1) <= AUTOMATIC_CLAIMS

    def _ask(self) -> None:
        project = self.runner.project
        if project is None:
            return
        self._asked += 1
        asked = self._asked
        path = project.path

        def work(_library: object) -> dict[str, list[tuple[str, str]]]:
            from workbench.factchecks.matching import near_duplicates

            # Read in this thread, through a read-only connection of its own: listing 50,000 claims on the
            # window's thread froze typing for half a second after a big project opened.
            with Project.open(path, read_only=True) as reader:
                pairs = reader.conn.execute(
                    "SELECT c.id, c.exact FROM claims c JOIN articles a ON a.id = c.article_id "
                    "ORDER BY a.seq, c.start, c.seq").fetchall()
            quotes = dict(pairs)
            return {cid: [(other, quotes[other]) for other, _score in found]
                    for cid, found in near_duplicates(pairs).items()}

        def done(result: Any, error: str) -> None:
            if asked == self._asked and not error:
                self.groups = result
                self.updated.emit()

        self.service.submit(work, done, needs_library=False)


# -- the project-wide panel ---------------------------------------------------------------------------------


class ProjectChecksPanel(QWidget):
    """Every claim of the project with its best earlier fact-check and the other claims saying the same.
    Matching runs in the service's thread while the panel is visible; activating a row selects the claim."""

    COLUMNS = ("Claim", "Speaker", "Checked before", "Same claim", "Say the same")

    def __init__(self, runner: OperationRunner, host: Host, service: FactCheckService,
                 duplicates: ProjectDuplicates) -> None:
        super().__init__()
        self.runner, self.host, self.service, self.project_duplicates = runner, host, service, duplicates
        self.results: dict[str, Match | None] = {}  # claim id → best match (None: nothing close)
        self._claims: list[Claim] = []
        self._asked = 0
        self._dirty = True
        layout = QVBoxLayout(self)
        # The status line has a row of its own: beside the controls it was squeezed to a word per line.
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.only_checked = QCheckBox("Only claims checked before or said twice")
        self.only_checked.toggled.connect(lambda _on: self._fill())
        self.open_button = push_button("Open fact-check", self._open_selected,
                                       "Open the selected claim's earlier fact-check in your web browser")
        layout.addLayout(widget_row(self.only_checked, None, self.open_button))
        self.tree = flat_tree(self.COLUMNS, (110, 220, 80, 90))
        # The project's order until a header is clicked.
        self.tree.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.itemActivated.connect(lambda item, _c: self.host.select_claim(item.data(0, Qt.ItemDataRole.UserRole)))
        self.tree.currentItemChanged.connect(lambda *_: self._update_button())
        layout.addWidget(self.tree)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self._ask)
        runner.project_opened.connect(lambda _p: self._invalidate(clear=True))
        runner.changed.connect(lambda changes: "claims" in changes.tables and self._invalidate())
        service.library_changed.connect(self._invalidate)
        duplicates.updated.connect(self._fill)
        self._update_button()

    def showEvent(self, event: Any) -> None:
        if event is not None:
            super().showEvent(event)
        if self._dirty:
            self._timer.start()

    def _invalidate(self, clear: bool = False) -> None:
        self._dirty = True
        self._asked += 1  # a run under way answers for claims that changed: dropped
        if clear:
            self.results, self._claims = {}, []
            self._fill()
        if self.isVisible():
            self._timer.start()

    def refresh_now(self) -> None:
        """Match every claim again (tests; also what showing the panel does when something changed)."""
        self._ask(force=True)

    def _ask(self, force: bool = False) -> None:
        project = self.runner.project
        if not force and not on_screen(self):
            # Shown only for a moment (the window arranging its tabs at start): look when really in view.
            self._dirty = True
            return
        self._dirty = False
        self.project_duplicates.request()
        if project is None:
            self.status.setText("No project open.")
            return
        self._asked += 1
        asked = self._asked
        self._claims = list_claims(project)
        dates = {a.id: a.published for a in list_articles(project, counts=False)}
        wanted = [(c.id, c.exact, c.speaker, dates.get(c.article_id, "")) for c in self._claims]
        self.status.setText(f"Looking up {len(wanted):,} claims in the fact-check library…")

        def work(library: FactCheckLibrary | None) -> Any:
            if library is None:
                return None
            out: dict[str, Match | None] = {}
            for cid, quote, speaker, date in wanted:
                if asked != self._asked:
                    return "stale"  # a newer run was asked for: stop early, the newer one will answer
                found = library.match(quote, speaker=speaker, date=date, limit=1)
                out[cid] = found[0] if found else None
            return out

        self.service.submit(work, lambda result, error: self._answer(asked, result, error))

    def _answer(self, asked: int, result: Any, error: str) -> None:
        if asked != self._asked or result == "stale":
            return
        if error:
            self.status.setText(error)
            return
        if result is None:
            self.results = {}
            self.status.setText(NO_LIBRARY)
        else:
            self.results = result
            same = sum(1 for m in result.values() if m is not None and m.same_claim)
            self.status.setText(f"{same:,} of {len(result):,} claims were checked before.")
        self._fill()

    def _fill(self) -> None:
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        for c in self._claims:
            match = self.results.get(c.id)
            same = self.project_duplicates.of(c.id)
            if self.only_checked.isChecked() and not ((match is not None and match.same_claim) or same):
                continue
            item = QTreeWidgetItem([
                _short(c.exact, 140),
                c.speaker,
                match_line(match) if match is not None else "",
                "yes" if match is not None and match.same_claim else "",
                str(len(same)) if same else "",
            ])
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(0, c.exact)
            if match is not None:
                f = match.factcheck
                item.setToolTip(2, f"“{f.claim}”" + (f" — {f.claimant}" if f.claimant else "")
                                + f"\n{match_line(match)}\n{f.link or '(no web address)'}")
            self.tree.addTopLevelItem(item)
        self.tree.setSortingEnabled(True)
        self._update_button()

    def _selected_match(self) -> Match | None:
        item = self.tree.currentItem()
        return self.results.get(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update_button(self) -> None:
        m = self._selected_match()
        self.open_button.setEnabled(m is not None and bool(m.factcheck.link))

    def _open_selected(self) -> None:
        m = self._selected_match()
        if m is not None:
            open_link(m.factcheck.link)


def install(shell: Shell, section: CheckedBefore) -> tuple[FactCheckService, ProjectChecksPanel]:
    """The library service for the window, the inspector's *Checked before* ``section`` attached to it, and
    the project-wide *Checked before* panel (tabbed with the inspector)."""
    service = FactCheckService(shell.settings, shell.runner)
    duplicates = ProjectDuplicates(shell.runner, service)
    section.attach(service, duplicates)
    panel = ProjectChecksPanel(shell.runner, shell, service, duplicates)
    # Tabbed with the inspector: a tab bar under the claims table would cost it rows at 1280×720.
    panel.dock = shell.add_panel(panel, "Checked before", "checked-before", Qt.DockWidgetArea.RightDockWidgetArea,
                                 tab_with="inspector")
    # A tab brought to the front is not "shown" again (its widget never counted as hidden): look then too.
    panel.dock.visibilityChanged.connect(lambda visible: visible and panel.showEvent(None))
    return service, panel
