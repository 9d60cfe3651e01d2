"""Quote verification benchmarks: planted edits in real transcripts (quality) and the speed corpus."""
