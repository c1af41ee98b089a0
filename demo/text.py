"""Vietnamese text helpers: ASCII folding and the initials used in host names."""

from __future__ import annotations

import re
import unicodedata

_SMALL_WORDS = {"va", "và"}


def fold(text: str) -> str:
    """'Sở Y tế Đà Nẵng' -> 'So Y te Da Nang'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def initials(text: str) -> str:
    """Lower-case initials for a host name: 'Sở Khoa học và Công nghệ' -> 'skhcn'.

    Numbers are kept whole ('Chi nhánh Khu vực 1' -> 'cnkv1').
    """
    words = re.findall(r"[A-Za-z0-9]+", fold(text))
    out = []
    for word in words:
        if word.lower() in _SMALL_WORDS:
            continue
        out.append(word if word.isdigit() else word[0])
    return "".join(out).lower()
