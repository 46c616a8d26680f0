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
  - ``[...]`` follows git's wildmatch: ``[!...]``/``[^...]`` negate, ``[[:digit:]]``
    and git's other POSIX classes work, a class never matches ``/``, and a
    pattern with an unclosed ``[`` or an unknown class matches nothing;
  - matching is case-sensitive, as in git on Linux and in azure-ai-ml.
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
    segments = _split_segments(pattern)
    if segments is None:
        # git gives up on a pattern with an unclosed "[" or an unknown "[:class:]".
        return NEVER_MATCH
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


# A regex that matches no path.
NEVER_MATCH = r"(?!)"


def _split_segments(pattern):
    """The pattern split at each "/" outside a bracket expression, or None if a bracket is broken."""
    segments = []
    start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
        elif char == "[":
            scanned = _scan_bracket(pattern, i)
            if scanned is None:
                return None
            i = scanned[0] + 1
        elif char == "/":
            segments.append(pattern[start:i])
            start = i = i + 1
        else:
            i += 1
    segments.append(pattern[start:])
    return segments


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
            end, source = _scan_bracket(segment, i)
            out.append(source)
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


# git's own ASCII classes (wildmatch.c, sane-ctype.h), never Python's wider \d, \w, \s;
# "/" is in none of them, since a bracket expression never matches a folder separator.
POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-.0-~",
    "lower": "a-z",
    "print": " -.0-~",
    "punct": "!-.:-@\\[-`{-~",
    "space": " \\t\\n\\r",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


def _member(char):
    return "\\" + char if char in "\\]^-[" else char


def _scan_bracket(pattern, start):
    """(index of the closing "]", regex source) for the class opened at ``start``, or None.

    This follows the member loop of git's wildmatch.c: a "]" first in the class is a
    member, "\\" escapes one member, "[:name:]" is a POSIX class, and a class that is
    never closed or names an unknown POSIX class makes the whole pattern match nothing.
    """
    i = start + 1
    negated = i < len(pattern) and pattern[i] in "!^"
    if negated:
        i += 1
    body = []
    # The member a "-" can start a range from; empty after a range or a POSIX class.
    previous = ""
    # git reads the first member unconditionally, which is why a leading "]" is a member.
    while True:
        if i >= len(pattern):
            return None
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            body.append(_member(pattern[i]))
            previous = pattern[i]
        elif char == "-" and previous and i + 1 < len(pattern) and pattern[i + 1] != "]":
            i += 1
            upper = pattern[i]
            if upper == "\\" and i + 1 < len(pattern):
                i += 1
                upper = pattern[i]
            # A range out of order matches nothing; its lower bound, already a member, stays.
            if previous <= upper:
                body.append("-" + _member(upper))
            previous = ""
        elif char == "[" and pattern[i + 1 : i + 2] == ":":
            end = pattern.find("]", i + 2)
            if end < 0:
                return None
            if end > i + 2 and pattern[end - 1] == ":":
                name = pattern[i + 2 : end - 1]
                if name not in POSIX_CLASSES:
                    return None
                body.append(POSIX_CLASSES[name])
                previous = ""
                i = end
            else:
                # No ":]" closes it: the "[" is an ordinary member.
                body.append(_member("["))
                previous = "["
        else:
            body.append(_member(char))
            previous = char
        i += 1
        if i < len(pattern) and pattern[i] == "]":
            break
    members = "".join(body)
    if negated:
        return i, "[^/%s]" % members
    # Like "*", a class never matches the folder separator.
    return i, "(?!/)[%s]" % members
