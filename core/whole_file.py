"""Files written whole or not at all: written under a hidden name beside the target, then renamed
over it in one step, so a reader sees the old file or the new one, never half of one, and a
failure leaves the old file as it was and no partial file behind."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def partial_path(final: Path, tag: str = "tmp") -> Path:
    """Where `final` is written before the rename: `.<name>.<tag>` in the same folder (the same
    file system, so the rename is atomic)."""
    return final.with_name(f".{final.name}.{tag}")


@contextlib.contextmanager
def written_whole(final: Path, *, tag: str = "tmp", sync: bool = False) -> Iterator[Path]:
    """The path to write instead of `final`; when the block ends without error it is renamed
    over `final` (after an fsync when `sync`: the serving copy must survive a power cut). On any
    error the partial file is removed and `final` is untouched; a block that wrote nothing
    raises FileNotFoundError at the rename."""
    partial = partial_path(final, tag)
    partial.unlink(missing_ok=True)
    try:
        yield partial
        if sync:
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
