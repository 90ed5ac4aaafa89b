"""Evaluation against annotated corpora (PolNeAR): reading gold, scoring, running the pipeline."""
