"""Fact-Check Workbench: mark, attribute, source and judge quoted claims in news articles."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Fact-Check Workbench"
