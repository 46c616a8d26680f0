"""gitignore ("gitwildmatch") rules, as Azure ML applies them to a job's snapshot.

Azure ML reads ``.amlignore`` in the source folder, or ``.gitignore`` when there
is no ``.amlignore`` (the first replaces the second, they are not merged); only
the file at the root of the source folder counts.

Semantics follow https://git-scm.com/docs/gitignore:
  - blank lines and lines starting with ``#`` are skipped; ``\\#`` and ``\\!`` are
    literal; trailing spaces are dropped unless escaped with a backslash;
  - ``!pattern`` re-includes what an earlier pattern excluded; the last pattern
    that matches a path decides;
  - ``pattern/`` matches directories only;
  - a pattern with a slash at its start or in its middle is anchored to the
    source folder; one without matches a name at any depth;
  - ``*`` and ``?`` and ``[...]`` never match ``/``; ``**/x`` matches ``x`` at any
    depth, ``x/**`` everything inside ``x``, ``a/**/b`` zero or more folders;
  - a file inside an excluded folder cannot be re-included (git never looks
    inside an excluded folder), which is what ``excludes`` and the snapshot walk
    implement.
POSIX character classes such as ``[[:digit:]]`` are not supported.
"""

import os
import re

IGNORE_FILE_NAMES = (".amlignore", ".gitignore")


class Rule:
    def __init__(self, pattern, regex, negated, dir_only):
        self.pattern = pattern
        self.regex = regex
        self.negated = negated
        self.dir_only = dir_only

    def __repr__(self):
        return "Rule(%r)" % self.pattern


class IgnoreRules:
    def __init__(self, rules=(), origin=None):
        self.rules = list(rules)
        # The file the rules came from, to name it in messages.
        self.origin = origin

    @classmethod
    def parse(cls, text, origin=None):
        # Only "\n" ends a line, as for git (str.splitlines also splits at \x0c, U+2028...).
        return cls(filter(None, (parse_line(line) for line in text.split("\n"))), origin)

    @classmethod
    def for_source(cls, source):
        """The rules of ``.amlignore``, else of ``.gitignore``, else none."""
        for name in IGNORE_FILE_NAMES:
            path = os.path.join(source, name)
            if os.path.isfile(path):
                with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                    return cls.parse(handle.read(), origin=path)
        return cls()

    def matches(self, path, is_dir):
        """Whether the rules exclude ``path`` itself ("a/b", relative, "/"-separated).

        Only the path is judged, not its parent folders: see ``excludes``.
        """
        for rule in reversed(self.rules):
            if rule.dir_only and not is_dir:
                continue
            if rule.regex.match(path):
                return not rule.negated
        return False

    def excludes(self, path, is_dir):
        """Whether ``path`` stays out of the snapshot, itself or through a parent folder."""
        parts = path.split("/")
        for depth in range(1, len(parts)):
            if self.matches("/".join(parts[:depth]), True):
                return True
        return self.matches(path, is_dir)


def parse_line(line):
    """A Rule, or None for blank lines and comments."""
    line = _strip_trailing_spaces(line.rstrip("\r"))
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    dir_only = line.endswith("/")
    if dir_only:
        line = line[:-1]
    if not line:
        return None
    regex = re.compile(translate(line), re.DOTALL)
    return Rule(("!" if negated else "") + line + ("/" if dir_only else ""), regex, negated, dir_only)


def _strip_trailing_spaces(line):
    while line.endswith(" ") and not _escaped_at(line, len(line) - 1):
        line = line[:-1]
    return line


def _escaped_at(text, index):
    backslashes = 0
    while index - 1 - backslashes >= 0 and text[index - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def translate(pattern):
    """Regex source for a pattern without its ``!`` and trailing ``/``."""
    anchored = "/" in pattern
    if pattern.startswith("/"):
        pattern = pattern[1:]
    segments = pattern.split("/")
    out = [] if anchored else ["(?:.*/)?"]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            # Before a slash: zero or more whole folders; at the end: anything inside.
            out.append(".*" if last else "(?:.*/)?")
        else:
            out.append(_translate_segment(segment))
            if not last:
                out.append("/")
    return "".join(out) + r"\Z"


def _translate_segment(segment):
    out = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "\\" and i + 1 < len(segment):
            out.append(re.escape(segment[i + 1]))
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = _bracket_end(segment, i)
            if end is None:
                out.append(re.escape(char))
                i += 1
            else:
                out.append(_translate_bracket(segment[i + 1 : end]))
                i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def _bracket_end(segment, start):
    """Index of the "]" closing the class opened at ``start``, or None."""
    i = start + 1
    if i < len(segment) and segment[i] in "!^":
        i += 1
    if i < len(segment) and segment[i] == "]":
        # A "]" first in the class is a member, not the end.
        i += 1
    while i < len(segment):
        if segment[i] == "\\":
            i += 2
            continue
        if segment[i] == "]":
            return i
        i += 1
    return None


def _translate_bracket(body):
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    members = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            members.append(re.escape(body[i + 1]))
            i += 2
            continue
        # "-" between two members is a range; first or last, it is itself.
        is_range = char == "-" and members and i + 1 < len(body)
        members.append("-" if is_range else re.escape(char))
        i += 1
    # Like "*", a class never matches the folder separator.
    if negated:
        return "[^%s/]" % "".join(members)
    return "(?!/)[%s]" % "".join(members)
