"""workbench.spec: what the bundle carries and what it leaves out. The spec is run here with PyInstaller's
build steps replaced by recorders, so its real lists are checked against what the app really imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYSIDE_PLUGINS = Path(__import__("PySide6").__file__).parent / "Qt" / "plugins"


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The spec's globals after running it, plus what it passed to Analysis (``analysis``)."""
    dist = tmp_path_factory.mktemp("dist")
    (dist / "workbench").mkdir()
    recorded: dict[str, Any] = {}

    def analysis(scripts: list[str], **kw: Any) -> SimpleNamespace:
        recorded.update(kw, scripts=scripts)
        return SimpleNamespace(binaries=[], datas=list(kw["datas"]), pure=[], scripts=scripts)

    namespace: dict[str, Any] = {
        "SPECPATH": str(ROOT), "DISTPATH": str(dist), "Analysis": analysis,
        "PYZ": lambda *a, **k: None, "EXE": lambda *a, **k: None, "COLLECT": lambda *a, **k: None,
        "BUNDLE": lambda *a, **k: None,
    }
    exec(compile((ROOT / "workbench.spec").read_text(), "workbench.spec", "exec"), namespace)
    namespace["analysis"] = recorded
    namespace["dist"] = dist
    return namespace


@pytest.fixture(scope="module")
def used_modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Top-level modules and Qt modules loaded by the window, the importers (a dated web page, a .docx, the
    sample text), the reports and the self-test's code, in a fresh interpreter."""
    code = r"""
import json, sys
import workbench.ui.app, workbench.ui.main_window, workbench.selftest, workbench.cli
from workbench.importers import import_bytes, import_file
from workbench.export import export
from workbench.store import Project
from workbench.ops.sample import create_sample_project
import tempfile, pathlib, docx
with tempfile.TemporaryDirectory() as tmp:
    page = ('<html lang="en"><head><title>T</title></head><body><article><h1>Budget</h1>'
            '<p class="date">Published 5 March 2024</p>' + '<p>' + 'The minister said the budget would rise. ' * 20
            + '</p></article></body></html>')
    assert import_bytes(page.encode(), "page.html").published == "2024-03-05"
    d = docx.Document(); d.add_paragraph("The minister said the budget would rise by four percent. " * 5)
    d.save(tmp + "/a.docx"); import_file(tmp + "/a.docx")
    with create_sample_project(pathlib.Path(tmp) / "s.fcproj") as p:
        for fmt in ("markdown", "html", "csv", "json", "claimreview", "annotations"):
            export(p, fmt)
print(json.dumps({"top": sorted({m.split(".")[0] for m in sys.modules}),
                  "qt": sorted(m.split(".")[1] for m in sys.modules if m.startswith("PySide6.Qt"))}))
"""
    home = tmp_path_factory.mktemp("home")  # never the checkout: the settings and data of a fresh user
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(home),
           "WORKBENCH_DATA_DIR": str(home / "data")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_bundle_carries_every_resource_but_the_screenshots(spec: dict[str, Any]) -> None:
    bundled = {(Path(src).resolve(), dest) for src, dest in spec["analysis"]["datas"]}
    resources = [p for p in (ROOT / "resources").rglob("*") if p.is_file()]
    for path in resources:
        wanted = (path.resolve(), str(path.parent.relative_to(ROOT)))
        assert (wanted in bundled) == (path.relative_to(ROOT / "resources").parts[0] != "screenshots"), path
    assert any(dest == "resources/icons" for _src, dest in spec["analysis"]["datas"])
    assert any(dest == "resources/sample" for _src, dest in spec["analysis"]["datas"])
    assert any(dest == "resources/templates" for _src, dest in spec["analysis"]["datas"])
    # trafilatura cannot start without its settings file.
    assert any(Path(src).name == "settings.cfg" and dest == "trafilatura" for src, dest in spec["analysis"]["datas"])


def test_nothing_the_app_imports_is_excluded(spec: dict[str, Any], used_modules: dict[str, list[str]]) -> None:
    excluded = set(spec["analysis"]["excludes"])
    assert not excluded & set(used_modules["top"])
    assert not {f"PySide6.{m}" for m in used_modules["qt"]} & excluded
    assert set(used_modules["qt"]) <= set(spec["QT_MODULES_USED"])
    # The big ones that are left out really are unused.
    assert {"dateparser", "pytz", "regex", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtWebEngineCore"} <= excluded
    assert "dateparser" not in used_modules["top"]


def test_babel_locale_data_is_never_read_by_the_html_importer(tmp_path: Path) -> None:
    # The spec drops babel's locale data: importing web pages must not need it, whatever their language.
    code = r"""
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and "locale-data" in str(args[0]) and opened.append(args[0]))
from workbench.importers import import_bytes
body = "<p>" + "Le ministre a dit que le budget augmenterait de quatre pour cent l'an prochain. " * 8 + "</p>"
for lang, url in (("fr", "https://example.fr/fr-FR/2024/03/05/budget"), ("de-DE", "https://example.de/de/a"), ("", "")):
    page = (f'<!-- saved from url=(0040){url} --><html lang="{lang}"><head><title>Budget</title>'
            f'<meta property="og:url" content="{url}"></head><body><article><h1>Budget</h1>'
            f'<p class="date">5. März 2024</p>{body}</article></body></html>')
    import_bytes(page.encode(), "page.html")
print(len(opened), "dateparser" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False"]


@pytest.mark.parametrize(("dest", "kept"), [
    pytest.param("PySide6/Qt/plugins/platforms/libqxcb.so", True, id="x11"),
    pytest.param("PySide6/Qt/plugins/platforms/libqwayland.so", True, id="wayland"),
    pytest.param("PySide6/Qt/plugins/platforms/libqoffscreen.so", True, id="offscreen"),
    pytest.param("PySide6/Qt/plugins/platforms/qwindows.dll", True, id="windows"),
    pytest.param("PySide6/Qt/plugins/platforms/libqeglfs.so", False, id="eglfs"),
    pytest.param("PySide6/Qt/plugins/platforms/libqvnc.so", False, id="vnc"),
    pytest.param("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False, id="gtk3-theme"),
    pytest.param("PySide6/Qt/plugins/imageformats/libqsvg.so", True, id="svg"),
    pytest.param("PySide6/Qt/plugins/imageformats/libqjpeg.so", True, id="jpeg"),
    pytest.param("PySide6/Qt/plugins/imageformats/libqtiff.so", False, id="tiff"),
    pytest.param("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", False, id="evdev"),
    pytest.param("PySide6/Qt/lib/libQt6Gui.so.6", True, id="not-a-plugin"),
    pytest.param("lxml/etree.cpython-311-x86_64-linux-gnu.so", True, id="extension-module"),
])
def test_qt_plugins_kept_and_dropped(spec: dict[str, Any], dest: str, kept: bool) -> None:
    assert spec["keep_binary"](dest) is kept


def test_every_kept_linux_plugin_exists_in_pyside6(spec: dict[str, Any]) -> None:
    # A misspelt name would silently drop a plugin the window needs.
    other_platforms = {"qwindows", "qcocoa", "qwindowsvistastyle", "qmodernwindowsstyle", "qmacstyle"}
    for folder, names in spec["QT_PLUGINS_KEPT"].items():
        present = {spec["plugin_name"](p.name) for p in (PYSIDE_PLUGINS / folder).glob("*")}
        assert names - other_platforms <= present, folder


@pytest.mark.parametrize(("dest", "kept"), [
    pytest.param("PySide6/Qt/translations/qtbase_de.qm", False, id="qt-translation"),
    pytest.param("babel/locale-data/fr.dat", False, id="babel-locale"),
    pytest.param("babel/global.dat", True, id="babel-global"),
    pytest.param("justext/stoplists/English.txt", True, id="stoplist"),
    pytest.param("resources/icons/fact-check-workbench-16.png", True, id="icon"),
])
def test_data_kept_and_dropped(spec: dict[str, Any], dest: str, kept: bool) -> None:
    assert spec["keep_data"](dest) is kept


def test_linux_installer_travels_with_the_bundle(spec: dict[str, Any]) -> None:
    for name in ("install-desktop-entry", "fact-check-workbench.desktop", "fact-check-workbench-mime.xml"):
        assert (spec["dist"] / "workbench" / name).read_bytes() == (ROOT / "build" / name).read_bytes()


def test_the_cipher_library_and_keyring_reach_the_bundle(spec: dict[str, Any]) -> None:
    """Encrypted projects need sqlcipher3 (its extension module carries SQLCipher and OpenSSL) and, for a
    remembered passphrase, keyring: neither is loaded by a plain start-up, so neither shows in
    ``used_modules``; PyInstaller finds them through their imports inside functions, which must stay
    plain absolute imports it can read, and neither may be excluded."""
    import ast

    excluded = set(spec["analysis"]["excludes"])
    assert not {"sqlcipher3", "keyring"} & {m.split(".")[0] for m in excluded}
    found: set[str] = set()
    for module in ("workbench/store/cipher.py", "workbench/store/keychain.py"):
        for node in ast.walk(ast.parse((ROOT / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
    assert {"sqlcipher3", "keyring"} <= found
