"""Plain data: typed ids, dataclasses, errors and text anchoring. No I/O, no Qt, no SQL."""
