"""Flat YAML mappings as MLflow's file store writes them (``meta.yaml``).

MLflow dumps a flat dict with PyYAML (``safe_dump``, block style, sorted keys).
PyYAML is not in the standard library, so this module writes the same shapes by
hand and reads back what either PyYAML or this module wrote: plain scalars,
'single-quoted' and "double-quoted" strings, ints, ``null``, ``[]``, and values
that PyYAML folded over several indented lines. Not read correctly: the raw
U+0085, U+2028 and U+2029 line breaks PyYAML leaves in a string holding them
(this module writes those characters escaped).
"""

import re

# A plain scalar is emitted only when it cannot be read back as anything but
# the same string: it starts with a letter, underscore or slash (so it is never
# a number, date, indicator or anchor) and has no space, '#', or trailing ':'.
_PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./:@+~%-]*\Z")
# Words YAML 1.1 resolves to booleans or null.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def dumps(mapping):
    """Return ``key: value`` lines, keys sorted as PyYAML sorts them."""
    lines = []
    for key in sorted(mapping):
        lines.append("%s: %s\n" % (key, scalar(mapping[key])))
    return "".join(lines)


def scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if value:
            raise ValueError("only empty lists are supported")
        return "[]"
    if not isinstance(value, str):
        raise TypeError("unsupported YAML value: %r" % (value,))
    if _PLAIN.match(value) and not value.endswith(":") and value.lower() not in _RESERVED:
        return value
    if all(_printable(c) for c in value) and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def _printable(char):
    # YAML's printable set, less the tab and line breaks that a quoted scalar
    # would fold away.
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029, 0xFEFF)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double_quoted(value):
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append("\\x%02X" % ord(char))
        elif ord(char) <= 0xFFFF:
            out.append("\\u%04X" % ord(char))
        else:
            out.append("\\U%08X" % ord(char))
    return '"' + "".join(out) + '"'


def loads(text):
    """Parse a flat mapping; nested structures other than ``[]`` are not expected."""
    result = {}
    key = None
    chunks = []
    # Only "\n" ends a line: str.splitlines would also split at U+2028 and
    # other characters that PyYAML leaves inside quoted strings.
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") or (not line.strip() and key is not None):
            if key is None:
                raise ValueError("continuation line before any key: %r" % line)
            chunks.append(line)
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if key is not None:
            result[key] = _parse_value(chunks)
        key, sep, rest = line.partition(":")
        if not sep:
            raise ValueError("not a 'key: value' line: %r" % line)
        key = key.strip()
        chunks = [rest]
    if key is not None:
        result[key] = _parse_value(chunks)
    return result


def _parse_value(chunks):
    first = chunks[0].strip()
    if first.startswith('"'):
        return _unquote_double(_fold(chunks, keep_escaped_breaks=True))
    if first.startswith("'"):
        folded = _fold(chunks, keep_escaped_breaks=False)
        if len(folded) < 2 or not folded.endswith("'"):
            raise ValueError("unterminated single-quoted string: %r" % folded)
        return folded[1:-1].replace("''", "'")
    folded = _fold(chunks, keep_escaped_breaks=False)
    return _resolve_plain(folded)


def _fold(chunks, keep_escaped_breaks):
    """Join a multi-line scalar the way YAML folds flow scalars.

    A single line break becomes a space, each empty line becomes a newline, and
    (in double quotes) a break escaped by a trailing backslash disappears.
    """
    text = chunks[0].strip()
    pending_newlines = 0
    for chunk in chunks[1:]:
        stripped = chunk.strip()
        if not stripped:
            pending_newlines += 1
            continue
        if keep_escaped_breaks and _ends_with_escape(text):
            text = text[:-1] + stripped
        elif pending_newlines:
            text += "\n" * pending_newlines + stripped
        else:
            text += " " + stripped
        pending_newlines = 0
    return text


def _ends_with_escape(text):
    backslashes = len(text) - len(text.rstrip("\\"))
    return backslashes % 2 == 1


_UNESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_LENGTHS = {"x": 2, "u": 4, "U": 8}


def _unquote_double(text):
    if len(text) < 2 or not text.endswith('"'):
        raise ValueError("unterminated double-quoted string: %r" % text)
    body = text[1:-1]
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        code = body[i + 1 : i + 2]
        if code in _HEX_LENGTHS:
            digits = body[i + 2 : i + 2 + _HEX_LENGTHS[code]]
            out.append(chr(int(digits, 16)))
            i += 2 + _HEX_LENGTHS[code]
        elif code in _UNESCAPES:
            out.append(_UNESCAPES[code])
            i += 2
        else:
            raise ValueError("unknown escape \\%s in %r" % (code, text))
    return "".join(out)


_INT = re.compile(r"[-+]?[0-9]+\Z")


def _resolve_plain(text):
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text == "[]":
        return []
    if _INT.match(text):
        return int(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text
