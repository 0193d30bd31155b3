"""The guided interview: a pure engine that picks the next question, and the terminal session."""
