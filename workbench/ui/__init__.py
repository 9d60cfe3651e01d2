"""The PySide6 window: reader, article list, claim inspector, claims table, dialogs. Never writes SQL."""
