"""The tenant sweep: after `attt report` has written the national report and every unit's card,
for every top-level unit a unit account of it opens every page (the unit page in every month)
and nothing rendered, and nothing in any file any page offers for download, names another unit's
system ids, addresses, domains or warning ids; it gets its own card; asking for another unit's
profile by URL is refused, and so is every evidence query and report file of the data-access
layer."""

from __future__ import annotations

import duckdb
import pytest

from app import data_access
from app.accounts import AccountStore
from readside import serving_copy as serving
from tests.app_harness import (
    PAGES,
    PASSWORD,
    app_env,
    evidence_identifiers,
    file_text,
    foreign_words,
    leaked,
    log_in,
    offered_downloads,
    open_page,
    rendered_text,
)

PERIOD = "2026-10"


@pytest.fixture(scope="module")
def reports_root(published_sample, tmp_path_factory):
    """The month's national report and every unit's card, as `attt report` writes them."""
    from orchestration.monthly_report import write_report

    warehouse, serving_copy = published_sample
    root = tmp_path_factory.mktemp("reports")
    files = write_report(serving_copy, PERIOD, root / PERIOD, warehouse=warehouse)
    assert len(files.cards) >= 20
    return root


@pytest.fixture(scope="module")
def identifiers(published_sample):
    """Every identifier of the published evidence, by the top-level unit it belongs to."""
    _, serving_copy = published_sample
    return evidence_identifiers(serving_copy)


def test_the_sample_has_evidence_for_several_units(identifiers):
    units, owned = identifiers
    assert len(units) >= 10 and len([u for u in units if owned.get(u)]) >= 8
    assert sum(len(v) for v in owned.values()) > 150


def test_the_sweep_would_see_a_leak(identifiers, published_sample, reports_root, tmp_path,
                                    monkeypatch):  # fmt: skip
    """The detector itself: an analyst's view of Hà Nội's profile names Hà Nội's evidence, so
    the same page shown to another unit's account would be reported; so would the national
    annex, and Hà Nội's card, in a file offered to another unit."""
    units, owned = identifiers
    _, serving_copy = published_sample
    state = tmp_path / "state.sqlite"
    AccountStore(state).add("analyst", PASSWORD, "analyst")
    app_env(monkeypatch, serving_copy, state, reports_root)
    at = open_page(log_in("analyst"), "views/unit.py", unit="HN", period="2026-10")
    text = rendered_text(at)
    assert leaked(text, "DN", owned) and all(x.startswith("HN:") for x in leaked(text, "DN", owned))
    assert not leaked(text, "HN", owned)
    files = offered_downloads(at)
    assert any(leaked(file_text(n, d), "DN", owned) for n, d in files.items() if "HN" in n)
    open_page(at, "views/reports.py")
    files = offered_downloads(at)
    annex = file_text(f"bao-cao-attt-{PERIOD}.xlsx", files[f"bao-cao-attt-{PERIOD}.xlsx"])
    assert leaked(annex, "DN", owned)
    for kind in ("pdf", "xlsx"):
        name = f"phieu-danh-gia-HN-{PERIOD}.{kind}"
        card = file_text(name, files[name])
        assert leaked(card, "DN", owned) and not leaked(card, "HN", owned), name


def test_no_unit_account_sees_another_units_evidence(identifiers, published_sample, reports_root,
                                                     tmp_path, monkeypatch):  # fmt: skip
    units, owned = identifiers
    _, serving_copy = published_sample
    state = tmp_path / "state.sqlite"
    store = AccountStore(state)
    app_env(monkeypatch, serving_copy, state, reports_root)
    # every unit scored in the month has a card (a unit merged away before it has none)
    carded = {f.unit_code for f in data_access.report_files(data_access.Scope("admin"),
                                                             reports_root)}  # fmt: skip
    assert len(carded - {None}) >= 15
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        periods = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT period FROM marts.fct_unit_month_scores ORDER BY 1"
            ).fetchall()
        ]
    problems = []
    for unit in units:
        username = f"unit-{unit.lower()}"
        store.add(username, PASSWORD, "unit", unit)
        at = log_in(username)
        assert not at.exception, (unit, at.exception)
        seen = [rendered_text(at)]
        downloaded: dict[str, bytes] = {}
        for page in PAGES:
            open_page(at, page)
            assert not at.exception, (unit, page, at.exception)
            seen.append(rendered_text(at))
            downloaded |= offered_downloads(at)
        # its own card, and no report made for the nation or another unit
        reports = {n for n in downloaded if n.startswith(("bao-cao", "phieu-danh-gia"))}
        own = {f"phieu-danh-gia-{unit}-{PERIOD}.pdf", f"phieu-danh-gia-{unit}-{PERIOD}.xlsx"}
        assert reports == (own if unit in carded else set()), (unit, reports)
        # The unit page offers only the unit itself, in every month.
        open_page(at, "views/unit.py")
        assert at.selectbox("unit_choice").options == [
            o for o in at.selectbox("unit_choice").options if o.endswith(f"({unit})")
        ]
        for period in periods:
            open_page(at, "views/unit.py", period=period, unit=unit)
            assert not at.exception and not at.error, (unit, period)
            seen.append(rendered_text(at))
            downloaded |= offered_downloads(at)
        seen += [file_text(name, data) for name, data in downloaded.items()]
        found = leaked("\n".join(seen), unit, owned)
        if found:
            problems.append((unit, found[:5]))
        # Another unit's profile by URL: refused, nothing of it rendered.
        for other in units:
            if other == unit:
                continue
            open_page(at, "views/unit.py", unit=other)
            assert [e.value for e in at.error] == ["Tài khoản này không được xem đơn vị đó."], (
                unit,
                other,
            )
            assert not leaked(rendered_text(at), unit, owned)
    assert not problems, problems


def test_the_data_access_layer_refuses_other_units(identifiers, published_sample):
    units, _ = identifiers
    _, serving_copy = published_sample
    version = serving.current_version(serving_copy)
    queries = [
        data_access.unit_systems,
        data_access.unit_gaps,
        data_access.unit_warnings,
        data_access.unit_addresses,
        data_access.unit_domains,
    ]
    for unit in units:
        scope = data_access.Scope("unit", unit)
        assert data_access.selectable_units.uncached(version, scope)["unit_code"].tolist() == [unit]
        for other in units:
            if other == unit:
                continue
            for query in queries:
                with pytest.raises(data_access.OutOfScope):
                    query.uncached(version, scope, "2026-10", other)
            with pytest.raises(data_access.OutOfScope):
                data_access.unit_scores.uncached(version, scope, other)
            with pytest.raises(data_access.OutOfScope):
                data_access.unit_tree.uncached(version, scope, other)
        freshness = data_access.unit_feed_freshness.uncached(version, scope)
        tops = data_access.top_level_of
        assert {tops(version, code) for code in freshness["unit_code"]} <= {unit}
        assert data_access.set_aside_rows.uncached(version, scope) is None
        assert data_access.check_results.uncached(version, scope)["observed"].isna().all()
        with pytest.raises(data_access.OutOfScope):
            data_access.data_docs_zip.uncached(version, scope, ".", 0)


def test_report_files_follow_the_scope(identifiers, reports_root):
    units, _ = identifiers
    every = data_access.report_files(data_access.Scope("analyst"), reports_root)
    carded = {f.unit_code for f in every} - {None}
    assert None in {f.unit_code for f in every} and carded <= set(units)
    assert not {f.name: foreign_words(f.name) for f in every if foreign_words(f.name)}
    for unit in units:
        scope = data_access.Scope("unit", unit)
        mine = data_access.report_files(scope, reports_root)
        assert {f.unit_code for f in mine} == ({unit} if unit in carded else set())
        assert len(mine) == (2 if unit in carded else 0)
        for file in every:
            if file.unit_code == unit:
                assert data_access.read_report_file(scope, reports_root, file)
            else:
                with pytest.raises(data_access.OutOfScope):
                    data_access.read_report_file(scope, reports_root, file)


def test_the_scope_is_part_of_every_cached_query():
    """Every cached query of the data-access module takes the serving version and the scope
    as its first two arguments, so both are part of its cache key."""
    import inspect

    cached = [value for value in vars(data_access).values() if hasattr(value, "uncached")]
    assert len(cached) >= 20
    for query in cached:
        parameters = list(inspect.signature(query.uncached).parameters)
        assert parameters[:2] == ["version", "scope"], query.uncached.__name__
