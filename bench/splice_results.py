#!/usr/bin/env python3
"""Replaces one benchmark's section of bench/results.md, keeping the others.

    python3 bench/splice_results.py RESULTS.md NAME SECTION.md

The section goes between "<!-- BEGIN NAME -->" and "<!-- END NAME -->" lines (appended at the
end when the file has no such block). bench/run.sh owns the block "compile", bench/depth/run.py
the block "depth".
"""

import os
import sys


def splice(path, name, text):
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    old = open(path).read() if os.path.exists(path) else ""
    if begin in old and end in old:
        i, j = old.index(begin), old.index(end) + len(end)
        new = old[:i] + block.rstrip("\n") + old[j:]
    else:
        new = old + ("\n" if old and not old.endswith("\n\n") else "") + block
    with open(path, "w") as f:
        f.write(new)


if __name__ == "__main__":
    splice(sys.argv[1], sys.argv[2], open(sys.argv[3]).read())
