"""The registry of landing sources: one module per source, each holding all that source's
knowledge (file pattern, columns and rules, layouts and aliases, cadence, quality checks, words
for readers). The pipeline, the quality checks, the Dagster assets and the labels read it here;
`docs/adding-a-feed.md` is the checklist for a new one."""

from __future__ import annotations

import re

from sources import (
    agencies,
    assessments,
    botnet,
    domains,
    heartbeats,
    ip_allocations,
    requirements,
    systems,
    warning_events,
    webscan,
)
from sources.checks import Check
from sources.contract import CONTRACT_VERSION, EVERY_MONTH, IN_FORCE, SQL_TYPES, Column, Source

# In dependency order: reference lists first, so that dossiers can be checked against them.
SOURCES: tuple[Source, ...] = (
    agencies.SOURCE,
    requirements.SOURCE,
    ip_allocations.SOURCE,
    domains.SOURCE,
    systems.SOURCE,
    assessments.SOURCE,
    botnet.SOURCE,
    webscan.SOURCE,
    warning_events.SOURCE,
    heartbeats.SOURCE,
)
SOURCES_BY_NAME = {s.name: s for s in SOURCES}



def names_sql(serves: str) -> str:
    """The names of the sources whose files serve months in this way, as a SQL list."""
    return ", ".join(f"'{s.name}'" for s in SOURCES if s.serves == serves)


# Which files serve a month, by kind (`Source.serves`), as SQL lists for `IN (...)`.
REFERENCE_LISTS_SQL = names_sql(EVERY_MONTH)
SNAPSHOTS_SQL = names_sql(IN_FORCE)

# Every source's data-quality checks, in the order of the sources.
CHECKS: tuple[Check, ...] = tuple(check for source in SOURCES for check in source.checks)


def source_for_path(relative_path: str) -> tuple[Source, re.Match[str]] | None:
    """The source a landing path belongs to, or None when its name says no known file."""
    for source in SOURCES:
        match = source.path_pattern.fullmatch(relative_path)
        if match:
            return source, match
    return None


__all__ = [
    "CHECKS",
    "CONTRACT_VERSION",
    "REFERENCE_LISTS_SQL",
    "SNAPSHOTS_SQL",
    "SOURCES",
    "SOURCES_BY_NAME",
    "SQL_TYPES",
    "Check",
    "Column",
    "Source",
    "source_for_path",
]
