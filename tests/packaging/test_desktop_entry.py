"""Linux desktop integration: the desktop entry, the .fcproj MIME type and build/install-desktop-entry
(run against a stand-in bundle, with XDG folders in tmp_path)."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.store import Project
from workbench.store.schema import APPLICATION_ID

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
MIME_TYPE = "application/x-fact-check-workbench"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def read_desktop(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_entry_declares_the_app_and_its_file_type() -> None:
    entry = read_desktop(BUILD / "fact-check-workbench.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Fact-Check Workbench"
    assert entry["Exec"].split()[-1] == "%f"  # the file the journalist double-clicked
    assert entry["MimeType"].split(";") == [MIME_TYPE, ""]
    assert entry["Icon"] == "fact-check-workbench"
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(BUILD / "fact-check-workbench.desktop")],
                              capture_output=True, text=True)
        assert done.returncode == 0 and "error" not in done.stdout.lower(), done.stdout


def test_mime_type_matches_real_project_files(project_path: Path) -> None:
    root = ET.parse(BUILD / "fact-check-workbench-mime.xml").getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.fcproj"]
    assert mime.find(f"{MIME_NS}icon").get("name") == MIME_TYPE.replace("/", "-")
    assert (ROOT / "resources" / "icons" / f"{MIME_TYPE.replace('/', '-')}.svg").is_file()
    # The magic: SQLite's header, then our application_id where SQLite keeps it (bytes 68-71, big-endian).
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    inner = outer.find(f"{MIME_NS}match")
    Project.create(project_path, title="Magic").close()
    header = project_path.read_bytes()[:100]
    value = outer.get("value").encode()
    offset = int(outer.get("offset"))
    assert header[offset:offset + len(value)] == value
    assert inner.get("type") == "big32"
    assert int(inner.get("value"), 16) == APPLICATION_ID
    assert int.from_bytes(header[int(inner.get("offset")):int(inner.get("offset")) + 4], "big") == APPLICATION_ID


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A stand-in for dist/workbench: a ``workbench`` program and the bundled icons."""
    bundle = tmp_path / "dist" / "workbench"
    shutil.copytree(ROOT / "resources" / "icons", bundle / "_internal" / "resources" / "icons")
    exe = bundle / "workbench"
    exe.write_text("#!/bin/sh\necho \"$@\"\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return bundle


def run_installer(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([str(BUILD / "install-desktop-entry"), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_installer_installs_entry_type_and_icons_and_uninstalls(tmp_path: Path, fake_bundle: Path) -> None:
    prefix = tmp_path / "opt" / "fact check workbench"  # a space, to check the Exec quoting
    done = run_installer(tmp_path, "--bundle", str(fake_bundle), "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    data = tmp_path / "data"
    assert (prefix / "workbench").read_bytes() == (fake_bundle / "workbench").read_bytes()
    entry = read_desktop(data / "applications" / "fact-check-workbench.desktop")
    assert entry["Exec"] == f'"{prefix}/workbench" %f'
    assert entry["TryExec"] == f"{prefix}/workbench"
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert (data / "mime" / "packages" / "fact-check-workbench.xml").read_bytes() == (
        BUILD / "fact-check-workbench-mime.xml").read_bytes()
    for size in SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "fact-check-workbench.png").is_file()
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "mimetypes"
                / "application-x-fact-check-workbench.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "fact-check-workbench.svg").is_file()
    if shutil.which("update-mime-database"):
        assert "*.fcproj" in (data / "mime" / "globs2").read_text()

    done = run_installer(tmp_path, "--prefix", str(prefix), "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not prefix.exists()
    assert not (data / "applications" / "fact-check-workbench.desktop").exists()
    assert not (data / "mime" / "packages" / "fact-check-workbench.xml").exists()
    assert not list((data / "icons").rglob("*fact-check-workbench*"))


def test_installer_never_replaces_a_folder_that_is_not_an_installation(tmp_path: Path, fake_bundle: Path) -> None:
    prefix = tmp_path / "Documents"
    (prefix / "stories").mkdir(parents=True)
    (prefix / "stories" / "draft.txt").write_text("my work")
    done = run_installer(tmp_path, "--bundle", str(fake_bundle), "--prefix", str(prefix))
    assert done.returncode == 1
    assert "holds no earlier installation" in done.stderr
    assert (prefix / "stories" / "draft.txt").read_text() == "my work"
    assert not (tmp_path / "data" / "applications" / "fact-check-workbench.desktop").exists()


def test_installer_without_a_bundle_says_to_build_it(tmp_path: Path) -> None:
    done = run_installer(tmp_path, "--bundle", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert "build/build-bundle" in done.stderr


@pytest.mark.parametrize("as_uri", [False, True], ids=["path", "file-uri"])
def test_app_opens_the_project_a_file_manager_passes(tmp_path: Path, as_uri: bool) -> None:
    import sys

    path = tmp_path / "My story.fcproj"
    Project.create(path, title="From the file manager").close()
    argument = path.as_uri() if as_uri else str(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_STARTUP_PROBE": "1",
           "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "workbench", argument], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"startup-probe: {path}" in done.stdout.splitlines()
