"""Small pieces every widget uses: colours for claims, code-point <-> Qt position mapping, error and question
dialogs, the project-file pickers, the busy cursor, and accepting dropped files."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolBar,
    QTreeWidget,
    QWidget,
)

from workbench.core.model import Claim
from workbench.store import SUFFIX

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QTableWidget

    from workbench.ui.host import Host
    from workbench.ui.operations import OperationRunner

PROJECT_FILTER = f"Fact-Check projects (*{SUFFIX})"

# Highlight colour of a claim without tags, by status: warm for work to do, cool for work done.
STATUS_COLORS = {
    "To check": "#ffe082",
    "In progress": "#ffcc80",
    "Checked": "#a5d6a7",
    "Published": "#90caf9",
}


class Panel(QWidget):
    """A part of the window (a panel, or a section of one) that changes the project through ``runner`` and
    moves the journalist through ``host`` (see ``ui.host``)."""

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__()
        self.runner = runner
        self.host = host


def claim_color(claim: Claim) -> QColor:
    """A claim's highlight colour: its first tag's, else its status's."""
    if claim.tags:
        return QColor(claim.tags[0].color)
    return QColor(STATUS_COLORS.get(claim.status, "#ffe082"))


def color_icon(color: str, size: int = 12) -> QIcon:
    """A small square of ``color``, for lists of tags, verdicts and relations."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts between Python string offsets (code points, what the store keeps) and Qt document
    positions (UTF-16 code units). They differ after every character outside the Basic Multilingual
    Plane (emoji, some CJK), which count as two in Qt."""

    def __init__(self, text: str) -> None:
        # Python offsets of astral characters, in order; empty for the common all-BMP article. Found by a
        # regex (C speed): a Python loop over a 1,000,000-character article took ~0.4 s.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # The Qt position of each astral character (each one before it adds one extra unit).
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def to_py(self, position: int) -> int:
        if not self._astral:
            return position
        # Astral characters that start before this Qt position; a position inside one rounds down.
        return position - bisect_right(self._astral_qt, position - 1)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A modal error dialog with the message a journalist can act on."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, yes: str = "Delete") -> bool:
    """Ask before something destructive; the safe answer is the default."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button


def local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Paths of the existing local files being dragged or dropped (URLs and folders are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


def filter_field(placeholder: str, on_change: Callable[[], object] | None = None) -> QLineEdit:
    """A field that narrows a list as the journalist types (with a clear button)."""
    field = QLineEdit(placeholderText=placeholder, clearButtonEnabled=True)
    if on_change is not None:
        field.textChanged.connect(lambda _text: on_change())
    return field


def add_list_item(widget: QListWidget, text: str, data: object, *, color: str = "", icon_size: int = 12,
                  tip: str = "") -> QListWidgetItem:
    """Append a row showing ``text`` (with a square of ``color``) that carries ``data`` in its UserRole."""
    item = QListWidgetItem(color_icon(color, icon_size), text) if color else QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    if tip:
        item.setToolTip(tip)
    widget.addItem(item)
    return item


def accept_buttons(dialog: QDialog, accept_text: str = "") -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and an accepting button (OK, or ``accept_text``) wired to the dialog; returns the box (for the
    caller's layout) and the accepting button."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    if accept_text:
        accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    else:
        accept = box.addButton(QDialogButtonBox.StandardButton.Ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, accept


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """A Close button wired to the dialog (Escape closes it too)."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    box.rejected.connect(dialog.reject)
    return box


def action_bar(parent: QWidget, specs: list[tuple[str, str, Callable[[], object]]]) -> tuple[QToolBar, list[QAction]]:
    """A row of text buttons that never makes its panel wider: what does not fit moves into a » menu.

    ``specs`` are ``(text, tooltip, slot)``; returns the bar and its actions in the same order.
    """
    bar = QToolBar(parent)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setFloatable(False)
    bar.setMovable(False)
    actions = []
    for text, tip, slot in specs:
        action = bar.addAction(text)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(lambda _=False, s=slot: s())
        actions.append(action)
    return bar, actions


def widget_row(*parts: QWidget | None) -> QHBoxLayout:
    """A horizontal row of ``parts``, in order; a None takes up the free space: ``widget_row(a, b, None)``
    keeps the buttons left, ``widget_row(None, buttons)`` right, ``widget_row(a, None, b)`` at both ends."""
    layout = QHBoxLayout()
    for part in parts:
        if part is None:
            layout.addStretch(1)
        else:
            layout.addWidget(part)
    return layout


def on_screen(widget: QWidget) -> bool:
    """Whether ``widget`` is on screen now. Qt counts a panel whose dock sits behind another tab as visible;
    what a person can see has a visible region."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def push_button(text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
    """A button that calls ``slot`` when clicked, with ``tip`` as its tooltip when given."""
    button = QPushButton(text)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def flat_tree(columns: Sequence[str], widths: Sequence[int] = (),
              selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
              ) -> QTreeWidget:
    """A list with columns (a tree without branches) of one-line rows: the first column takes the spare width;
    the others are ``widths`` pixels wide, or fit their contents when no widths are given."""
    tree = QTreeWidget()
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels(list(columns))
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(selection)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(columns)):
        if widths:
            tree.setColumnWidth(col, widths[col - 1])
        else:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def read_only_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    """A table whose rows are read and selected, never edited; each cell's text is also its tooltip (for
    what a narrow column cuts off), the last column takes the spare width, and an empty table is hidden."""
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    table = QTableWidget(len(rows), len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVisible(bool(rows))
    return table


class FileDrops(QObject):
    """Takes local files dropped on ``widget``: ``accepts()`` says whether it takes them now (the drag is
    refused otherwise), ``dropped(paths, event)`` gets them. URLs and folders are ignored."""

    def __init__(self, widget: QWidget, accepts: Callable[[], bool],
                 dropped: Callable[[list[str], QDropEvent], None]) -> None:
        super().__init__(widget)
        self.accepts = accepts
        self.dropped = dropped
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if self.accepts() and local_files(event):
                event.acceptProposedAction()
        elif kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            if self.accepts():
                event.acceptProposedAction()
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            files = local_files(event)
            if files and self.accepts():
                event.acceptProposedAction()
                self.dropped(files, event)
        else:
            return False
        return True


# -- project files ---------------------------------------------------------------------------------------


def ask_project_to_open(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    """Pick an existing project file (any file may be tried); None if cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder), f"{PROJECT_FILTER};;All files (*)")
    return Path(path) if path else None


def ask_project_to_save(parent: QWidget | None, title: str, default: Path, *,
                        confirm_overwrite: bool = True) -> Path | None:
    """Pick where a project file goes (the suffix added if the journalist left it out); None if cancelled.
    Without ``confirm_overwrite`` the dialog does not offer to replace a file: for callers that never do."""
    from PySide6.QtWidgets import QFileDialog

    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    path, _ = QFileDialog.getSaveFileName(parent, title, str(default), PROJECT_FILTER, options=options)
    if not path:
        return None
    return Path(path if path.endswith(SUFFIX) else path + SUFFIX)


# -- waiting ---------------------------------------------------------------------------------------------


@contextmanager
def busy(parent: QWidget | None, text: str = "") -> Iterator[None]:
    """A wait cursor (and, with ``text``, a "Please wait" note over ``parent``) while a long step runs on
    the window's thread (the project's connection belongs to that thread)."""
    from PySide6.QtWidgets import QProgressDialog

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    note: QProgressDialog | None = None
    try:
        if text:
            note = QProgressDialog(text, "", 0, 0, parent)
            note.setWindowTitle("Please wait")
            note.setCancelButton(None)
            note.setWindowModality(Qt.WindowModality.WindowModal)
            note.setMinimumDuration(0)
            note.show()
            QCoreApplication.processEvents()
        yield
    finally:
        if note is not None:
            note.close()
            note.deleteLater()
        QGuiApplication.restoreOverrideCursor()



T = TypeVar("T")


class _Finished(QObject):
    done = Signal()  # emitted on the worker thread; delivered (queued) on the window's


def wait_for(parent: QWidget | None, text: str, work: Callable[[], T]) -> T:
    """Run ``work`` on a thread of its own, the window showing ``busy(parent, text)`` and still painting
    and answering meanwhile; returns what ``work`` returns, or raises what it raised. Only for work that
    touches no Qt object and no project connection (those belong to the window's thread): a key
    derivation, slow on purpose (~0.1 s, and seconds on a slow laptop), which lets go of the GIL."""
    outcome: dict[str, Any] = {}
    finished = _Finished()
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller on the window's thread
            outcome["error"] = exc
        finally:
            finished.done.emit()

    with busy(parent, text):
        threading.Thread(target=run, name="wait-for", daemon=True).start()
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def give_mnemonics(menu: QMenu) -> None:
    """Give every item of ``menu`` (and its submenus) that has no mnemonic the first letter of its text no
    other item uses, so Alt+letter reaches one item only (panel toggles and late commands get theirs)."""
    actions = [a for a in menu.actions() if not a.isSeparator()]
    used = {m for a in actions if (m := mnemonic(a.text()))}
    for action in actions:
        if action.menu() is not None:
            give_mnemonics(action.menu())
        text = action.text()
        if mnemonic(text) or not text:
            continue
        for i, ch in enumerate(text):
            if ch.isalnum() and ch.lower() not in used:
                used.add(ch.lower())
                action.setText(text[:i] + "&" + text[i:])
                break


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` in a menu text, lower-cased (``&&`` is a literal ampersand)."""
    i = 0
    while (i := text.find("&", i)) != -1 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].lower()
        i += 2
    return None


def start_folder(project_path: Path | None) -> Path:
    """Where a file dialog starts: beside the open project, but never in the hidden data folder (where the
    bundled sample and backups live): the user's documents folder then, or home."""
    from PySide6.QtCore import QStandardPaths

    from workbench.core.paths import user_data_dir

    if project_path is not None:
        folder = project_path.resolve().parent
        if not folder.is_relative_to(user_data_dir().resolve()):
            return folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def ask_text(parent: QWidget, title: str, label: str, text: str = "", *, chars: int = 60) -> str | None:
    """A one-line question wide enough to show ``text`` and its own title (QInputDialog.getText sizes itself
    to the label, which cut "New article from clipboard" to "New a… board"); None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    metrics = dialog.fontMetrics()
    wanted = max(metrics.averageCharWidth() * chars, metrics.horizontalAdvance(title) + 160,
                 min(metrics.horizontalAdvance(text) + 60, metrics.averageCharWidth() * 110))
    dialog.resize(wanted, dialog.sizeHint().height())
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


def unique_keys(*keys: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences of ``keys`` (a platform standard key stands for all its bindings), each once.

    Under X11 an action that lists one key twice (e.g. "Ctrl+Shift+Z" and the standard Redo key, which is
    Ctrl+Shift+Z there) makes Qt report an ambiguous shortcut and the key does nothing at all.
    """
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                     else [QKeySequence(key)])
        for seq in sequences:
            seen.setdefault(seq.toString(QKeySequence.SequenceFormat.PortableText), seq)
    return [seq for text, seq in seen.items() if text]


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window to ``width`` × ``height``, but never past the screen it will show on (its buttons
    must stay reachable on a 1280×720 laptop screen, title bar and panel included)."""
    screen = (widget.parentWidget() or widget).screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    widget.resize(width, height)


class _AfterFirstFrame(QObject):
    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)
        QTimer.singleShot(2000, self, self._run)  # (dropped with this object, i.e. with the window)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after this frame is painted and shown
        return False

    def _run(self) -> None:
        self._then()


def after_first_frame(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, as soon as ``window`` has painted its first frame (or after two seconds if it never
    paints, e.g. started minimised): for work the first frame must not wait for."""
    _AfterFirstFrame(window, then)


ModelIndex = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """A flat table over a Python list: subclasses name their ``columns``, return their list from ``row_items``
    and answer ``data``."""

    columns: tuple[str, ...] = ()

    def row_items(self) -> list[Any]:
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.row_items())

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None
