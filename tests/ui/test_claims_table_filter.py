"""The claims table's filter box ignores case and accents, like every search of the app: "camara" finds a
claim whose note says "Câmara"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench import ops
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.claims_table import ClaimsTable


def test_filter_words_ignore_case_and_accents(qtbot, sample_project: Project) -> None:
    rutte, kim, _kremlin = list_claims(sample_project)
    ops.update_claim(sample_project, claim_id=rutte.id, note="Repeated before the Câmara dos Deputados.")
    ops.update_claim(sample_project, claim_id=kim.id, speaker="Kim Yong-hyun, ministro da Defesa")
    table = ClaimsTable()
    qtbot.addWidget(table)
    table.set_project(sample_project)
    qtbot.waitUntil(lambda: table.model.rowCount() == 3)

    def shown(text: str) -> set[str]:
        table.search.setText(text)  # typed (QTest cannot type "Â" on every keyboard layout)
        return {table.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.proxy.rowCount())}

    assert shown("camara") == {rutte.id}
    assert shown("CÂMARA deputados") == {rutte.id}
    assert shown("defesa kim") == {kim.id}
    assert shown("câmara kim") == set()
    assert shown("") == {c.id for c in list_claims(sample_project)}
