"""Take the README screenshot: the sample project in a real window under Xvfb, first claim selected.

Run: xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python build/screenshot.py OUT.png
(needs imagemagick's ``import``). The whole X screen is captured, as a person would see it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from workbench.ops.sample import create_sample_project
from workbench.ui.main_window import MainWindow


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots/main-window.png").resolve()
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Sample project.fcproj"
        create_sample_project(path, author="Sample Author").close()
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.setGeometry(app.primaryScreen().availableGeometry())  # Xvfb has no window manager to maximise
        window.show()
        window.open_project(path)
        window.step_claim(1)

        def shoot() -> None:
            subprocess.run(["import", "-window", "root", str(out)], check=True)
            window.close()
            app.quit()

        QTimer.singleShot(2500, shoot)
        app.exec()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
