"""Click's own words in the reader's language: its error messages ("Missing option", "No such
command"), its prompts and its help's headings. Click says every one of them through Python's
gettext (the "messages" domain), so a gettext catalog translates them: `cli/locale/vi/
LC_MESSAGES/messages.po`, compiled to the `messages.mo` beside it. `speaking(lang)` points
gettext at that folder and at the language for the length of a command.

After editing the catalog, compile it with `.venv/bin/python -m cli.click_words`;
`tests/test_click_words.py` fails when the `.mo` is not the `.po` compiled, or when the
installed Click has a message the catalog does not say."""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Iterator
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"  # the domain of gettext.gettext, which Click calls
CATALOG = LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{DOMAIN}.po"
COMPILED = CATALOG.with_suffix(".mo")


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Click's words in `lang` ('vi' or 'en') while the block runs. Python's gettext picks the
    catalog's language from $LANGUAGE at each lookup, so it is set for the block and then put
    back as it was (English has no catalog: Click's own words stay as they are)."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    before = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


def compiled_catalog() -> bytes:
    """The catalog compiled to gettext's binary form (Babel, a development dependency)."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="vi")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


if __name__ == "__main__":
    COMPILED.write_bytes(compiled_catalog())
    print(f"{COMPILED} ({COMPILED.stat().st_size} bytes)")
