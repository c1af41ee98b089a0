"""The app through streamlit.testing.v1.AppTest, on a serving copy published from the sample:
every page under every role, logins and lockout, session expiry, the audit log, the what-if
against dbt's ranks, the English switch, and a publication while a session is open."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import pytest

from app import data_access
from app.accounts import AccountStore
from app.whatif import rescore
from core.methodology import methodology as load_methodology
from orchestration.assets.publish import publish
from readside import serving_copy as serving
from readside.i18n import t
from tests.app_harness import (
    PAGES,
    PASSWORD,
    app_env,
    foreign_words,
    log_in,
    open_page,
    rendered_text,
    shown_period,
    stored_codes,
)

ROLES = {"boss": ("admin", None), "analyst": ("analyst", None), "hanoi": ("unit", "HN")}


@pytest.fixture
def app_setup(published_sample, tmp_path, monkeypatch):
    warehouse, serving_copy = published_sample
    state = tmp_path / "app_state.sqlite"
    store = AccountStore(state)
    for name, (role, unit) in ROLES.items():
        store.add(name, PASSWORD, role, unit)
    app_env(monkeypatch, serving_copy, state, tmp_path / "reports")
    return store, serving_copy


def errors_of(at) -> list[str]:
    return [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]


@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_renders_for_every_role(app_setup, username):
    at = log_in(username)
    assert not errors_of(at)
    titles, offered = {}, set()
    for page in PAGES:
        open_page(at, page)
        assert not errors_of(at), (page, errors_of(at))
        titles[page] = at.title[0].value
        offered |= set(at.session_state["downloads_offered"])
    assert offered and not {n: foreign_words(n) for n in offered if foreign_words(n)}
    assert titles["views/overview.py"].startswith("Tổng quan: tháng ")
    assert titles["views/rankings.py"].startswith("Xếp hạng: tháng ")
    assert titles["views/quality.py"].startswith("Chất lượng dữ liệu: tháng ")
    assert titles["views/methodology.py"] == "Phương pháp"
    if username == "hanoi":
        assert titles["views/unit.py"].startswith("Thành phố Hà Nội: tháng ")


def test_rankings_show_every_unit_of_the_month_with_the_marts_figures(app_setup):
    _, serving_copy = app_setup
    at = log_in("analyst")
    open_page(at, "views/rankings.py")
    period = shown_period(at)
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        marts = con.execute(
            "SELECT unit_name, rank, composite, ranked FROM marts.fct_unit_month_scores "
            "WHERE period = ?",
            [period],
        ).df()
    shown = pd.concat([frame.value for frame in at.dataframe], ignore_index=True)
    for row in marts.itertuples():
        match = shown[shown["Đơn vị"] == row.unit_name]
        assert not match.empty, row.unit_name
        if row.ranked:
            assert match.iloc[0]["Hạng"] == str(int(row.rank))
            # Vietnamese number form: decimal comma
            assert match.iloc[0]["Điểm tổng hợp"] == f"{row.composite:.2f}".replace(".", ",")
    text = rendered_text(at)
    assert "Độ phủ dữ liệu" in text and "thiếu:" in text  # unranked units with the reason


FAILED_LOGIN = (
    "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản không thể "
    "đăng nhập lúc này. Sau nhiều lần sai, hãy chờ vài phút rồi thử lại."
)


def test_wrong_passwords_make_that_client_wait_not_the_account(app_setup):
    """Finding: anyone could lock any known account with five wrong guesses. Failures now
    count per account and client: the guessing client waits, its owner elsewhere does not."""
    store, _ = app_setup
    for _ in range(5):
        at = log_in("analyst", "wrong password")
        assert [e.value for e in at.error] == [FAILED_LOGIN]
    at = log_in("analyst")  # the right password, from the same client, must wait
    assert [e.value for e in at.error] == [FAILED_LOGIN]
    assert store.authenticate("analyst", PASSWORD, "203.0.113.9").reason == "ok"  # its owner
    store.reset("analyst", PASSWORD)  # a reset lifts the wait
    at = log_in("analyst")
    assert not at.error and at.title[0].value.startswith("Tổng quan")
    events = [event for _, user, event, _ in store.audit_log() if user == "analyst"]
    assert events.count("login_failed") == 6 and events.count("login_ok") == 2


def test_a_disabled_account_gets_the_same_answer_as_a_wrong_password(app_setup):
    store, _ = app_setup
    store.disable("hanoi")
    at = log_in("hanoi")
    assert [e.value for e in at.error] == [FAILED_LOGIN]


def test_sessions_expire_after_30_idle_minutes(app_setup):
    store, _ = app_setup
    at = log_in("analyst")
    assert at.title[0].value.startswith("Tổng quan")
    at.session_state["last_active"] = at.session_state["last_active"] - 29 * 60
    at.run()
    assert at.title[0].value.startswith("Tổng quan")
    at.session_state["last_active"] = at.session_state["last_active"] - 31 * 60
    at.run()
    assert "Tên đăng nhập" in [field.label for field in at.text_input]
    assert any("hết hạn" in info.value for info in at.info)
    assert ("analyst", "session_expired") in [(u, e) for _, u, e, _ in store.audit_log()]


def test_unit_views_are_audited(app_setup):
    store, _ = app_setup
    at = log_in("analyst")
    open_page(at, "views/unit.py", unit="DN")
    assert at.title[0].value.startswith("Thành phố Đà Nẵng")
    period = shown_period(at)
    assert ("analyst", "unit_view", f"DN {period}") in [
        (user, event, detail) for _, user, event, detail in store.audit_log()
    ]


def test_the_english_switch(app_setup):
    at = log_in("analyst")
    at.radio("lang").set_value("en").run()
    open_page(at, "views/rankings.py")
    assert at.title[0].value.startswith("Rankings: ")
    assert [tab.label for tab in at.tabs][:3] == [
        "Ministries, ministerial and government agencies",
        "State groups, corporations and banks",
        "Provinces and centrally-run cities",
    ]


def test_what_if_at_the_default_weights_gives_the_dbt_composites_and_ranks(app_setup):
    _, serving_copy = app_setup
    methodology = load_methodology()
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        scores = con.execute("SELECT * FROM marts.fct_unit_month_scores").df()
    assert scores["period"].nunique() >= 4
    for _, month in scores.groupby("period"):
        month = month.reset_index(drop=True)
        again = rescore(month, methodology["weights"], methodology)
        # exactly, not approximately: the same sums in the same order
        assert again["composite"].tolist() == pytest.approx(
            month["composite"].astype(float).tolist(), rel=0, abs=0, nan_ok=True
        )
        assert again["rank"].astype("Int64").tolist() == month["rank"].astype("Int64").tolist()
        published = month["grade"].where(month["grade"].notna(), None)
        assert again["grade"].tolist() == published.tolist()


def test_what_if_page_moves_units_when_a_weight_changes(app_setup):
    at = log_in("analyst")
    open_page(at, "views/methodology.py")
    assert "Không đơn vị nào đổi hạng." in [info.value for info in at.info]
    slider = next(s for s in at.slider if s.label == "Phê duyệt cấp độ")
    slider.set_value(0).run()
    assert "Không đơn vị nào đổi hạng." not in [info.value for info in at.info]
    moved = at.dataframe[1].value
    assert len(moved) > 0 and {"Hạng", "Hạng mới", "Thay đổi"} <= set(moved.columns)


def test_a_new_publication_is_shown_on_the_next_rerun(published_sample, tmp_path, monkeypatch):
    warehouse, original = published_sample
    copy_dir = tmp_path / "wh"
    copy_dir.mkdir()
    scratch = copy_dir / "attt.duckdb"
    shutil.copy(warehouse, scratch)
    serving_copy = copy_dir / "serving" / "attt.duckdb"
    publish(scratch, serving_copy)
    state = tmp_path / "state.sqlite"
    AccountStore(state).add("analyst", PASSWORD, "analyst")
    app_env(monkeypatch, serving_copy, state, tmp_path / "reports")

    at = log_in("analyst")
    months_before = at.selectbox("period").options
    open_page(at, "views/rankings.py")
    first_version = serving.current_version(serving_copy)

    # The pipeline builds a new month and publishes while the session is open.
    with duckdb.connect(str(scratch)) as con:
        latest = con.execute("SELECT max(period) FROM marts.fct_unit_month_scores").fetchone()[0]
        year, mon = int(latest[:4]), int(latest[5:])
        new = f"{year + mon // 12}-{mon % 12 + 1:02d}"
        con.execute(
            "INSERT INTO marts.fct_unit_month_scores SELECT * REPLACE (? AS period) "
            "FROM marts.fct_unit_month_scores WHERE period = ?",
            [new, latest],
        )
    publish(scratch, serving_copy)
    assert serving.current_version(serving_copy) != first_version

    at.query_params["period"] = new  # the month selector, set as a link would
    at.run()
    assert not errors_of(at)
    assert shown_period(at) == new
    assert at.title[0].value.startswith("Xếp hạng")
    open_page(at, "views/overview.py")
    assert len(at.selectbox("period").options) == len(months_before) + 1
    assert (
        data_access.periods(serving.current_version(serving_copy), data_access.Scope("analyst"))[0]
        == new
    )


def test_the_reports_page_offers_each_account_its_own_files(app_setup, published_sample,
                                                           tmp_path):  # fmt: skip
    """Finding: a province's account downloaded the national report and its annex, with other
    units' systems and warnings. It now gets its own unit's card and nothing else; analysts
    get the national report and every card."""
    from orchestration.monthly_report import write_report

    warehouse, serving_copy = published_sample
    write_report(serving_copy, "2026-10", tmp_path / "reports" / "2026-10", warehouse=warehouse)
    at = open_page(log_in("hanoi"), "views/reports.py")
    assert not errors_of(at)
    assert [b.label for b in at.get("download_button")] == [
        "⬇ phieu-danh-gia-HN-2026-10.pdf",
        "⬇ phieu-danh-gia-HN-2026-10.xlsx",
    ]
    assert any("DỰ THẢO · " in c.value for c in at.caption)
    at = open_page(log_in("analyst"), "views/reports.py")
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["⬇ bao-cao-attt-2026-10.pdf", "⬇ bao-cao-attt-2026-10.xlsx"]
    assert {"⬇ phieu-danh-gia-HN-2026-10.pdf", "⬇ phieu-danh-gia-DN-2026-10.pdf"} <= set(labels)


def test_the_month_and_unit_selectors_keep_the_choice_after_a_link_named_another(app_setup):
    at = log_in("analyst", query={"period": "2026-09"})
    assert shown_period(at) == "2026-09"  # the link's month
    at.selectbox("period").select("2026-08").run()
    assert shown_period(at) == "2026-08"  # the selector's, not the URL's old one
    open_page(at, "views/unit.py", unit="DN")
    assert at.title[0].value.startswith("Thành phố Đà Nẵng")
    at.selectbox("unit_choice").select("HN").run()
    assert at.title[0].value.startswith("Thành phố Hà Nội")
    assert shown_period(at) == "2026-08"


def test_search_without_diacritics_finds_the_unit(app_setup):
    """Finding: the unit filter needed exact diacritics ("ha noi" found nothing) and said
    nothing when empty."""
    at = open_page(log_in("analyst"), "views/rankings.py")
    group = "province"
    at.text_input(f"search-{group}").input("ha noi").run()
    shown = at.dataframe(key=f"table-{group}").value
    assert list(shown["Đơn vị"]) == ["Thành phố Hà Nội"]
    at.text_input(f"search-{group}").input("HÀ NỘI").run()
    assert list(at.dataframe(key=f"table-{group}").value["Đơn vị"]) == ["Thành phố Hà Nội"]
    at.text_input(f"search-{group}").input("không có đơn vị này").run()
    assert any("Không có đơn vị nào khớp" in info.value for info in at.info)


def test_a_unit_account_reaches_its_own_sub_unit_by_url(app_setup):
    """Finding: opening one's own sub-unit by URL was refused."""
    at = open_page(log_in("hanoi"), "views/unit.py", unit="HN.02")
    assert not at.error and at.title[0].value.startswith("Thành phố Hà Nội")
    assert at.selectbox("sub-HN").value == "HN.02"
    at = open_page(at, "views/unit.py", unit="DN.01")
    assert [e.value for e in at.error] == ["Tài khoản này không được xem đơn vị đó."]


def test_the_unit_header_says_its_group_and_rank_out_of_n(app_setup):
    at = open_page(log_in("hanoi"), "views/unit.py")
    text = " ".join(m.value for m in at.markdown)
    assert "Tỉnh, thành phố trực thuộc trung ương" in text and "hạng " in text and "/" in text


@pytest.mark.parametrize(
    ("lang", "title", "composite"),
    [("vi", "Thay đổi so với tháng trước", "Điểm tổng hợp"),
     ("en", "Change from the month before", "Composite")],
)  # fmt: skip
def test_the_unit_page_explains_the_change_from_the_month_before(app_setup, lang, title,
                                                                 composite):  # fmt: skip
    """Issue 15: the unit page's waterfall of each indicator's contribution, with what changed
    in that indicator's evidence under each bar, in both languages."""
    _, serving_copy = app_setup
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        expected = con.execute(
            "SELECT indicator, contribution FROM marts.fct_score_contributions "
            "WHERE unit_code = 'HN' AND period = (SELECT max(period) FROM "
            "marts.fct_score_contributions) ORDER BY indicator_order"
        ).fetchall()
        changes = dict(con.execute(
            "SELECT indicator, count(*) FROM marts.fct_unit_changes WHERE top_level_code = 'HN' "
            "AND period = (SELECT max(period) FROM marts.fct_score_contributions) GROUP BY 1"
        ).fetchall())  # fmt: skip
    assert len(expected) == 7
    at = log_in("hanoi")
    if lang == "en":
        at.radio("lang").set_value("en").run()
    at = open_page(at, "views/unit.py")
    assert title in [s.value for s in at.subheader]
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
             for c in at.get("vega_lite_chart")]  # fmt: skip
    charts = [s for s in specs if f'"title": "{composite}"' in s and '"y2"' in s]
    assert charts, "no waterfall of the composite"
    labels = [e.label for e in at.expander]
    for indicator, contribution in expected:
        name = t(indicator, lang)
        mine = [label for label in labels if label.startswith(f"{name}: ")]
        assert len(mine) == 1, (name, labels)
        assert mine[0].endswith(f"({changes.get(indicator, 0)})")
        assert ("−" in mine[0]) == (contribution < 0)


@pytest.mark.parametrize(
    ("lang", "title", "word"),
    [("vi", "Lộ trình lên hạng", "điểm →"), ("en", "Path to the next grade", "points →")],
)
def test_the_unit_page_shows_the_path_to_the_next_grade(app_setup, lang, title, word):
    """Issue 15: the unit page's checklist of the fewest actions to the next grade, each with
    its gain and where the unit stands once it is done, in both languages."""
    _, serving_copy = app_setup
    at = log_in("hanoi")
    if lang == "en":
        at.radio("lang").set_value("en").run()
    at = open_page(at, "views/unit.py")
    period = shown_period(open_page(log_in("hanoi"), "views/unit.py"))  # titles in Vietnamese
    with duckdb.connect(str(serving_copy), read_only=True) as con:
        steps = con.execute(
            "SELECT step, projected_grade FROM marts.fct_grade_plans "
            "WHERE unit_code = 'HN' AND period = ? ORDER BY step",
            [period],
        ).fetchall()
    assert steps, "the sample's Hà Nội has a plan in the month shown"
    assert not at.exception, at.exception
    assert title in [s.value for s in at.subheader]
    text = "\n".join(m.value for m in at.markdown)
    checklist = [line for line in text.splitlines() if "☐" in line]
    assert len(checklist) == len(steps) and all(word in line for line in checklist)
    assert f"({steps[-1][1]})" in checklist[-1]  # the grade reached by the last step


def test_a_month_in_progress_says_so_and_is_not_the_default(published_sample, tmp_path,
                                                            monkeypatch):  # fmt: skip
    """Finding: the current month, one day old, could be chosen and looked complete."""
    import datetime as dt

    _, serving_copy = published_sample
    copy = tmp_path / "serving" / "attt.duckdb"
    copy.parent.mkdir()
    shutil.copy(serving_copy, copy)
    now = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).strftime("%Y-%m")
    with duckdb.connect(str(copy)) as con:  # a first day of the month under way
        latest = con.execute("SELECT max(period) FROM marts.fct_unit_month_scores").fetchone()[0]
        con.execute(
            "INSERT INTO marts.fct_unit_month_scores SELECT * REPLACE (? AS period) "
            "FROM marts.fct_unit_month_scores WHERE period = ?",
            [now, latest],
        )
    state = tmp_path / "state.sqlite"
    AccountStore(state).add("analyst", PASSWORD, "analyst")
    app_env(monkeypatch, copy, state, tmp_path / "reports")
    at = log_in("analyst")
    period = at.selectbox("period")
    assert period.value != now  # never the default
    assert not at.warning
    period.select(now).run()
    assert any("chưa kết thúc" in w.value for w in at.warning)
    assert "(đang diễn ra)" in at.selectbox("period").format_func(now)


def _unreadable_cells(frame: pd.DataFrame) -> list[str]:
    found = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_bool_dtype(series.dtype):
            continue
        if series.isna().any():
            found.append(f"{name}: an empty value the grid draws as 'None'")
        for cell in series.dropna().astype(str):
            codes = stored_codes(cell)
            if codes:
                found.append(f"{name}: {sorted(codes)} in {cell[:80]!r}")
                break
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_table_of_every_page_reads_in_words(app_setup, lang):
    """Finding: "None" in tables, and codes (obligations, rules, sources, severities, statuses)
    where words belong. Every table every page sends, in both languages: no empty value (the
    grid would draw "None") and no stored code."""
    at = log_in("analyst")
    if lang == "en":
        at.radio("lang").set_value("en").run()
    problems = {}
    for page in PAGES:
        open_page(at, page)
        for index, frame in enumerate(at.dataframe):
            found = _unreadable_cells(frame.value)
            if found:
                problems[f"{page} table {index + 1}"] = found
    assert not problems, problems


def test_the_table_checker_sees_none_and_codes():
    frame = pd.DataFrame({"a": ["x", None], "b": ["layer_independent_check_missing", "y"],
                          "c": ["agency_code", "ok"], "d": [True, False]})  # fmt: skip
    found = _unreadable_cells(frame)
    assert len(found) == 2 and found[0].startswith("a:") and found[1].startswith("b:")
