"""Living assessments: review with comments, revision after sign-off, and the officer's side of both.

The data (comments, versions, progress, answers kept on an upgrade) is in ``hiap.answers``;
this package holds the conversations in the terminal that use it: the reviewer's
(``hiap review``), the officer's answers to comments when they resume (``hiap assess``), and
the start of a new version (``hiap revise``, or ``hiap assess`` on a signed-off file).
"""
