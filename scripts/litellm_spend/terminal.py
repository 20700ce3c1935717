"""Text from the warehouse as a terminal shows it.

Team, customer and key ids are the callers' own text: a control character in one (an
escape sequence, a carriage return, a bidirectional override) printed raw can recolour,
overwrite or reorder what the operator reads on an invoice. Printed text escapes them.
"""

from __future__ import annotations

import unicodedata


def printable(text) -> str:
    """`text` with each control or format character (Unicode Cc, Cf) written as an escape:
    "team\\x1b[31m" prints as team\\x1b[31m. Other characters, accents included, stay."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(char if char == " " or unicodedata.category(char) not in ("Cc", "Cf")
                   else (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
                   for char in text)
