"""Helpers the tests share (import them from here, never from a conftest or another test module): running
the command line in the test's process (``support.cli``)."""
