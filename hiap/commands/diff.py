"""``hiap diff OLD NEW``: what changed between two versions of an assessment, in words.

The words quote answers and file names, so they are printed with control and escape sequences
made visible: a file must not be able to drive the terminal that shows it.
"""

from __future__ import annotations

import argparse
import json
import sys

from hiap.answers import answers_file
from hiap.commands import engine_from
from hiap.textsafe import for_terminal, shown_path


def cmd_diff(args: argparse.Namespace) -> int:
    from hiap.assessment.diff import compare, to_json, to_text
    from hiap.pipeline import assess
    from hiap.plugins import print_problems

    engine = engine_from(args)
    old = answers_file.load_validated(args.old, engine.catalogue)
    new = answers_file.load_validated(args.new, engine.catalogue)
    old_assessment, new_assessment = assess(old, engine), assess(new, engine)
    changes = compare(old, new, old_assessment, new_assessment, engine.catalogue)
    print_problems(engine.host)
    names = {"title": new_assessment.title, "old_name": shown_path(args.old), "new_name": shown_path(args.new)}
    if args.json:
        json.dump(to_json(changes, **names), sys.stdout, indent=2, ensure_ascii=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(for_terminal(line) for line in to_text(changes, **names).split("\n")))
    return 0
