"""Every assessment under some folders, summarised for the Health and Wellbeing Board.

``collect`` finds and reads the answers files (a bad file becomes a listed problem, never a
stopped run), ``summary`` reduces each to what the board looks at, computed with the same
functions as the full assessment, ``report`` turns the lot into format-neutral sections, and
``writers`` write them as Word, Markdown, CSV or SQLite.
"""
