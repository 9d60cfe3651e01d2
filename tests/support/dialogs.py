"""Standing in for the journalist at modal dialogs, so a test drives the real dialog without blocking."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from workbench.ui.backups_dialog import BackupsDialog


class Answers:
    """Stands in for the journalist at the two modal steps: picks a row, then answers the confirmation."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, row: int, confirm: bool = True) -> None:
        self.listed: list[list[str]] = []
        self.questions: list[str] = []
        self.row, self.confirm = row, confirm

        def pick(dialog: BackupsDialog) -> int:
            self.listed = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
                           for r in range(dialog.table.rowCount())]
            dialog.table.selectRow(self.row)
            assert dialog.restore_button.isEnabled()
            return QDialog.DialogCode.Accepted

        def answer(box: QMessageBox) -> int:
            self.questions.append(box.text())
            wanted = "Restore" if self.confirm else "Cancel"
            (button,) = [b for b in box.buttons() if b.text().replace("&", "") == wanted]
            button.click()
            return 0

        monkeypatch.setattr(BackupsDialog, "exec", pick)
        monkeypatch.setattr(QMessageBox, "exec", answer)
