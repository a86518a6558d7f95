#!/usr/bin/env python3
"""Parses PowerShell with tree-sitter-powershell and fails on any syntax error.

There is no PowerShell on the Linux machines that build Patchbay, so the agent script
(Invoke-PatchbayAgent.ps1) and the exact bytes the ssh agent sends are checked with the
PowerShell grammar of tree-sitter instead: a tree with an ERROR or MISSING node means the
script would not parse on Windows either.

Usage: parse_powershell.py FILE   (FILE "-" reads standard input)
The grammar has one known gap that matters here: PowerShell ends a '...' string at any of
U+2018-U+201B as well as at ', and a "..." string at U+201C-U+201E as well as at ", but the grammar
knows only the ASCII quotes and reads such a string as one. So a string literal holding one of those
characters (or a here-string line starting with one before @) is reported too: PowerShell would parse
it differently from the tree.

Exit status: 0 when the tree is clean, 1 with one line per problem (FILE:LINE:COLUMN: ...), 2 on bad usage.
"""
import sys

import tree_sitter
import tree_sitter_powershell


SINGLE_QUOTES = "\u2018\u2019\u201a\u201b"
DOUBLE_QUOTES = "\u201c\u201d\u201e"
# node type -> (the quotes PowerShell also ends it at, whether it is a here-string)
STRING_NODES = {
    "verbatim_string_characters": (SINGLE_QUOTES, False),
    "expandable_string_literal": (DOUBLE_QUOTES, False),
    "verbatim_here_string_characters": ("'" + SINGLE_QUOTES, True),
    "expandable_here_string_literal": ('"' + DOUBLE_QUOTES, True),
}


def quote_gap(node, source):
    """Why PowerShell would end this string literal earlier than the grammar does, or None."""
    if node.type not in STRING_NODES:
        return None
    quotes, here = STRING_NODES[node.type]
    text = source[node.start_byte:node.end_byte].decode("utf-8", "replace")
    if here:
        # A here-string ends at a line starting with its quote and @; the grammar sees only the ASCII one.
        body = text.split("\n")[1:-1]
        hit = next((line for line in body if len(line) > 1 and line[0] in quotes and line[1] == "@"), None)
        return f"here-string line {hit[:2]!r} ends the here-string in PowerShell" if hit else None
    hit = next((c for c in text[1:-1] if c in quotes), None)
    return f"U+{ord(hit):04X} ends this string in PowerShell" if hit else None


def problems(tree, source):
    """Every ERROR and MISSING node, outermost first, with its 1-based line and column."""
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            line, column = node.start_point
            kind = f"missing {node.type}" if node.is_missing else "syntax error"
            text = source[node.start_byte:node.end_byte].decode("utf-8", "replace").splitlines()
            excerpt = text[0][:60] if text else ""
            found.append((line + 1, column + 1, kind, excerpt))
            if node.is_error:
                continue  # its children repeat the same error
        gap = quote_gap(node, source)
        if gap:
            line, column = node.start_point
            found.append((line + 1, column + 1, gap, source[node.start_byte:node.end_byte].decode("utf-8", "replace")[:60]))
        stack.extend(reversed(node.children))
    return sorted(found)


def main(argv):
    if len(argv) != 2:
        print("usage: parse_powershell.py FILE (or - for standard input)", file=sys.stderr)
        return 2
    name = argv[1]
    source = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    tree = parser.parse(source)
    found = problems(tree, source)
    for line, column, kind, excerpt in found:
        print(f"{name}:{line}:{column}: {kind} near {excerpt!r}")
    if found:
        return 1
    print(f"{name}: parses cleanly ({tree.root_node.end_point[0] + 1} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
