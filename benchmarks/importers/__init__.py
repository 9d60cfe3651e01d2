"""HTML importer benchmarks: the page corpus and templates (shared with ``benchmarks.generate``) and the
main-text quality score."""
