"""Renderers: the assessment as a Word appendix, Markdown and JSON."""
