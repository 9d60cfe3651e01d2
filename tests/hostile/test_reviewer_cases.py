"""An outside reviewer's own hostile files (issue 11): each is refused in one line or neutralised, and the
healthy project involved passes ``workbench check`` afterwards with its earlier work intact.

Every input is made here in code. Imports run through the real command line in a child process with a
memory ceiling, a timeout and the network blocked (``run_limited``). Project files are made hostile the
way an attacker would: a colleague's copy edited with plain SQLite, schema untouched, data poisoned.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from tests.support.limited import run_limited
from workbench.importers import import_file
from workbench.ops.articles import add_article
from workbench.ops.claims import add_claim
from workbench.ops.share import share_project
from workbench.ops.sources import add_source
from workbench.store import Project

_PARA = '<p>Mayor Jane Doe said "the budget is balanced" on Monday, and the council agreed.</p>'
_W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
       'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
       'main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
         '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_P = '<w:p><w:r><w:t>Mayor Jane Doe said "the budget is balanced" on Monday.</w:t></w:r></w:p>'


def _docx(body: str, extra: list[tuple[str | zipfile.ZipInfo, str | bytes]] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}</w:body></w:document>')
        for name, data in extra:
            zf.writestr(name, data)
    return buf.getvalue()


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit on every entry, as a password-protected zip has it."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(signature)
        while i >= 0:
            out[i + offset] |= 1
            i = out.find(signature, i + 4)
    return bytes(out)


def _symlink_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        link = zipfile.ZipInfo("word/document.xml")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    return buf.getvalue()


_EXTERNAL_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="http://evil.example/x.png" TargetMode="External"/><Relationship Id="rId6" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
    'Target="file:///etc/passwd" TargetMode="External"/><Relationship Id="rId7" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="\\\\evil.example\\s\\t.dotm" '
    'TargetMode="External"/></Relationships>'
)

# name -> (file name, bytes, "refused" or "imported")
_IMPORTS: dict[str, tuple[str, bytes, str]] = {
    # libxml2 compares every attribute of a tag with every other: 500,000 of them took minutes.
    "html_half_a_million_attributes": (
        "attrs.html",
        ("<html><body><p " + " ".join(f'a{i}="{i}"' for i in range(500_000)) + ">" + _PARA + "</p></body></html>"
         ).encode(), "refused"),
    "html_many_tags_just_under_the_attribute_limit": (
        "attrs2.html",
        ("<html><body>" + ("<p " + " ".join(f'a{i}="{i}"' for i in range(999)) + ">x</p>") * 300 + _PARA
         + "</body></html>").encode(), "refused"),
    "html_svg_foreign_object_math_noscript_template": (
        "mxss.html",
        (f"<html><body>{_PARA}<svg><foreignObject><script>alert(1)</script><img src=x onerror=alert(1)>"
         "</foreignObject></svg><math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;img "
         "src=1 onerror=alert(1)&gt;\"></table></mtext></math><noscript><p title=\"</noscript><img src=x "
         "onerror=alert(1)>\"></noscript><template><script>alert(1)</script></template>"
         "<!--[if IE]><script>alert(1)</script><![endif]--></body></html>").encode(), "imported"),
    "html_remote_srcset_poster_background_import": (
        "remote.html",
        (f"<html><body background='http://evil.example/bg.png'>{_PARA}<img srcset='http://evil.example/a 1x'>"
         "<video poster='http://evil.example/p.png'></video><link rel=import href='http://evil.example/i'>"
         "<p style='width:expression(alert(1))'>x</p></body></html>").encode(), "imported"),
    "html_two_million_ampersands_report_stays_fast": (
        "amp.html", ("<html><body><p>" + "&amp;" * 2_000_000 + "</p>" + _PARA + "</body></html>").encode(),
        "imported"),
    "html_charset_utf7": (
        "utf7.html", b'<html><head><meta charset="utf-7"></head><body>' + _PARA.encode()
        + b"+ADw-script+AD4-alert(1)+ADw-/script+AD4-</body></html>", "imported"),
    "docx_encrypted_entries": ("enc.docx", _encrypted_flag(_docx(_DOC_P)), "refused"),
    "docx_document_is_a_symlink_entry": ("link.docx", _symlink_docx(), "refused"),
    "docx_external_relationships_and_dotdot_names": (
        "ext.docx",
        _docx(_DOC_P + '<w:p><w:hyperlink r:id="rId6"><w:r><w:t>click</w:t></w:r></w:hyperlink></w:p>',
              [("word/_rels/document.xml.rels", _EXTERNAL_RELS), ("../../../escaped.txt", "x"),
               ("/abs_escaped.txt", "x")]),
        "imported"),
    "markdown_10000_nested_blockquotes": ("deep.md", (">" * 10_000 + ' Mayor said "x" today.\n').encode(),
                                          "imported"),
}


@pytest.fixture
def healthy(tmp_path: Path, sample_article_path: Path) -> tuple[Path, list[str]]:
    """A healthy project with one imported article and a marked claim; its listing before anything hostile.

    Made in this process (quick); only the hostile step runs in the limited child.
    """
    path = tmp_path / "healthy.fcproj"
    project = Project.create(path, title="Healthy")
    try:
        article = import_file(sample_article_path)
        changes = add_article(project, article=article)
        article_id = changes.created("articles")[0]
        add_claim(project, article_id=article_id, quote="cannot verify", speaker="Mark Rutte")
    finally:
        project.close()
    return path, _listing(path)


def _listing(path: Path) -> list[str]:
    """Every article and claim, as text a person would compare."""
    project = Project.open(path, read_only=True)
    try:
        rows = project.conn.execute(
            "SELECT id || ' ' || text_sha256 FROM articles UNION ALL "
            "SELECT id || ' ' || start || ' ' || \"end\" || ' ' || speaker FROM claims"
        ).fetchall()
    finally:
        project.close()
    return sorted(r[0] for r in rows)


def _assert_healthy(path: Path, before: list[str]) -> None:
    done = run_limited("check", path)
    assert done.returncode == 0, done.stdout + done.stderr
    after = _listing(path)
    assert all(line in after for line in before)


@pytest.mark.parametrize("case", list(_IMPORTS))
def test_reviewer_file_is_refused_in_one_line_or_imported_harmless(
    case: str, tmp_path: Path, healthy: tuple[Path, list[str]],
) -> None:
    project, before = healthy
    name, data, expected = _IMPORTS[case]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    done = run_limited("import", project, folder / name)
    assert "Traceback" not in done.stderr
    if expected == "refused":
        assert done.returncode == 1
        assert len(done.message_lines) == 1 and name in done.message_lines[0]
        assert _listing(project) == before
    else:
        assert done.returncode == 0, done.stderr
        assert len(_listing(project)) == len(before) + 1
        report = run_limited("export", project, "--format", "html")
        assert report.returncode == 0
        for danger in ("<script", "onerror", "evil.example", "expression("):
            assert danger not in report.stdout.lower()
    assert not list(tmp_path.rglob("*escaped.txt")), "a zip entry was written outside"
    _assert_healthy(project, before)


# -- project files poisoned by a colleague ---------------------------------------------------------------

_IGNORE_CHECKS = "PRAGMA ignore_check_constraints=1; PRAGMA foreign_keys=0;"
_POISON: dict[str, str] = {
    # Our tables are not STRICT: plain SQLite accepts text offsets and binary article text, and the app
    # crashed on them (a merge even carried them into the healthy project, which then failed its check).
    "claim_offsets_as_text_and_blob": "UPDATE claims SET start = 'abc', \"end\" = x'00ff'",
    "article_text_as_blob": "UPDATE articles SET text = x'41424300ff', published = x'00'",
    # Attachments are shared by checksum: a forged one would stand in for the real file later.
    "attachment_bytes_not_matching_checksum": "UPDATE attachments SET data = x'deadbeef', size = 4",
    "claim_offsets_negative_or_reversed": "UPDATE claims SET start = 40, \"end\" = 5",
}


@pytest.fixture
def colleague(tmp_path: Path, healthy: tuple[Path, list[str]]) -> Path:
    """A colleague's copy of the healthy project, with a claim and a source (with its file) of their own."""
    path = tmp_path / "colleague.fcproj"
    project = Project.open(healthy[0])
    try:
        share_project(project, dest=path)
    finally:
        project.close()
    evidence = tmp_path / "evidence.txt"
    evidence.write_text("The council minutes.")
    theirs = Project.open(path)
    try:
        article_id = theirs.conn.execute("SELECT id FROM articles").fetchone()[0]
        add_claim(theirs, article_id=article_id, quote="North Korean", speaker="Colleague")
        add_source(theirs, title="Minutes", files=[evidence])
    finally:
        theirs.close()
    return path


def _poison(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(_IGNORE_CHECKS + sql)
    conn.close()


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
@pytest.mark.parametrize("case", list(_POISON))
def test_a_poisoned_project_is_refused_everywhere_and_never_merged(
    case: str, tmp_path: Path, colleague: Path, healthy: tuple[Path, list[str]],
) -> None:
    _poison(colleague, _POISON[case])
    project, before = healthy
    poisoned = colleague.read_bytes()
    for args in (("claims", colleague), ("export", colleague, "--format", "markdown"),
                 ("share", colleague, tmp_path / "again.fcproj")):
        done = run_limited(*args)
        assert "Traceback" not in done.stderr, done.stderr
        if args[0] == "share":
            assert done.returncode == 1 and not (tmp_path / "again.fcproj").exists()
    check = run_limited("check", colleague)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    merge = run_limited("merge", project, colleague)
    assert merge.returncode == 1 and len(merge.message_lines) == 1, merge.stderr
    assert "colleague.fcproj" in merge.message_lines[0] or "nothing was changed" in merge.message_lines[0]
    assert colleague.read_bytes() == poisoned  # the colleague's file is only read
    _assert_healthy(project, before)


def test_a_clean_colleague_copy_still_merges(tmp_path: Path, colleague: Path,
                                             healthy: tuple[Path, list[str]]) -> None:
    """The checks above refuse only poison: the same copy untouched merges and the project stays healthy."""
    project, before = healthy
    done = run_limited("merge", project, colleague)
    assert done.returncode == 0, done.stderr
    _assert_healthy(project, before)
    assert "Minutes" in run_limited("sources", project).stdout


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_lock_file_that_is_a_link_or_pipe_is_refused_never_written_through(
    kind: str, tmp_path: Path, healthy: tuple[Path, list[str]],
) -> None:
    """A shared folder's ``.lock`` pointing at the user's own file: we used to write our pid into it."""
    project, before = healthy
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = project.with_name(project.name + ".lock")
    lock.unlink(missing_ok=True)
    if kind == "symlink":
        lock.symlink_to(victim)
    else:
        os.mkfifo(lock)
    conn = sqlite3.connect(project)
    article_id = conn.execute("SELECT id FROM articles").fetchone()[0]
    conn.close()
    done = run_limited("claim", "add", project, "--article", article_id, "--quote", "Rutte")
    assert done.returncode == 1 and len(done.message_lines) == 1 and "lock file" in done.stderr
    assert victim.read_text() == "precious\n"
    assert _listing(project) == before
    lock.unlink()
    _assert_healthy(project, before)
    assert run_limited("claim", "add", project, "--article", article_id, "--quote", "Rutte").returncode == 0


def test_foreign_hot_journal_beside_a_project_is_not_played_into_it(
    tmp_path: Path, healthy: tuple[Path, list[str]],
) -> None:
    """A -journal planted from another database must not turn a healthy project into something else."""
    project, before = healthy
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    conn.execute("BEGIN")
    conn.execute("UPDATE t SET x = randomblob(100000)")
    journal = Path(str(other) + "-journal")
    shutil.copy(journal, str(project) + "-journal")
    conn.execute("ROLLBACK")
    conn.close()
    done = run_limited("articles", project)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
    article_id = conn.execute("SELECT id FROM articles").fetchone()[0]
    conn.close()
    # An editing open: SQLite would play a hot journal back here; this one is not ours and must not be.
    assert run_limited("claim", "add", project, "--article", article_id, "--quote", "Rutte").returncode == 0
    _assert_healthy(project, before)
    assert len(_listing(project)) == len(before) + 1


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_salvage_of_a_poisoned_project_leaves_out_the_poisoned_rows(
    tmp_path: Path, colleague: Path,
) -> None:
    """Salvage used to copy values of the wrong kind, making a new project that could not be opened either."""
    _poison(colleague, "UPDATE claims SET start = 'abc' WHERE speaker = 'Colleague'")
    new = tmp_path / "salvaged.fcproj"
    done = run_limited("salvage", colleague, new)
    assert done.returncode == 0, done.stderr
    assert run_limited("check", new).returncode == 0
    claims = run_limited("claims", new)
    assert "Mark Rutte" in claims.stdout and "Colleague" not in claims.stdout


def test_window_refuses_a_poisoned_project_and_keeps_the_open_one(
    qtbot, tmp_path: Path, colleague: Path, healthy: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opening the colleague's poisoned copy in the window: the recovery dialog, never a crash; Cancel
    leaves the journalist's own project open and unchanged."""
    from PySide6.QtCore import QSettings

    from workbench.ui.main_window import MainWindow
    from workbench.ui.recovery_dialog import RecoveryDialog

    _poison(colleague, _POISON["claim_offsets_as_text_and_blob"])
    shown: list[str] = []

    def cancel(dialog: RecoveryDialog) -> int:
        shown.append(dialog.message.text())
        dialog.reject()
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", cancel)
    project, before = healthy
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_project(project)
    assert not window.open_project(colleague)
    assert len(shown) == 1 and "damaged" in shown[0]
    assert window.project is not None and window.project.path == project
    window.close()
    _assert_healthy(project, before)
