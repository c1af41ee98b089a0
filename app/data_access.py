"""The app's view of the serving copy: every query of `readside.queries` the app may cache,
wrapped in st.cache_data. The key of each holds its arguments, the viewer's scope and the
serving version among them, so one account is never answered from another's results and a
new publication is never answered from the old copy. A query of a version a publication has
replaced since (its connection closed) draws the page again from the current version. The
plain query stays reachable as `.uncached`. Scope, files and the checks of scope are the read
side's own, re-exported."""

from __future__ import annotations

import functools

import streamlit as st

from readside import queries
from readside.queries import (  # noqa: F401 (the app's one door to the read side)
    MONTH_FILES,
    OutOfScope,
    ReportFile,
    Scope,
    _frame,
    read_report_file,
    report_files,
    top_level_of,
)
from readside.serving_copy import ServingVersionGone


def _cached(function):
    cached = st.cache_data(show_spinner=False, ttl=3600, max_entries=512)(function)

    @functools.wraps(function)
    def answered(*args, **kwargs):
        try:
            return cached(*args, **kwargs)
        except ServingVersionGone:
            st.rerun()  # the page starts again from the current version (not cached: raised)

    answered.uncached = function
    return answered


periods = _cached(queries.periods)
month_status = _cached(queries.month_status)
national_kpis = _cached(queries.national_kpis)
rankings = _cached(queries.rankings)
provinces = _cached(queries.provinces)
selectable_units = _cached(queries.selectable_units)
unit_tree = _cached(queries.unit_tree)
unit_scores = _cached(queries.unit_scores)
peer_medians = _cached(queries.peer_medians)
landing_files = _cached(queries.landing_files)
set_aside_summary = _cached(queries.set_aside_summary)
set_aside_rows = _cached(queries.set_aside_rows)
check_results = _cached(queries.check_results)
source_freshness = _cached(queries.source_freshness)
unit_feed_freshness = _cached(queries.unit_feed_freshness)
month_scores = _cached(queries.month_scores)
month_gaps = _cached(queries.month_gaps)
month_contributions = _cached(queries.month_contributions)
unmet_requirements = _cached(queries.unmet_requirements)
data_docs_zip = _cached(queries.data_docs_zip)
unit_systems = _cached(queries.unit_systems)
unit_gaps = _cached(queries.unit_gaps)
unit_warnings = _cached(queries.unit_warnings)
unit_addresses = _cached(queries.unit_addresses)
unit_domains = _cached(queries.unit_domains)
unit_changes = _cached(queries.unit_changes)
unit_contributions = _cached(queries.unit_contributions)
unit_plan = _cached(queries.unit_plan)

# a query marked cacheable but not wrapped here would be read uncached: the list is complete
assert set(queries.CACHEABLE) <= set(globals()), set(queries.CACHEABLE) - set(globals())
