"""The Altair specifications of every chart, shared by the app (st.altair_chart) and the monthly
report (rendered to SVG/PNG without a browser by vl-convert). Each takes plain dataframes and the
language, and formats numbers the Vietnamese way through Vega's locale."""

from __future__ import annotations

import altair as alt
import pandas as pd

from readside.i18n import INDICATORS, PEER_GROUPS, column, number, t

GRADES = ("A", "B", "C", "D", "E")
GRADE_COLOURS = ("#1a7f37", "#6cc04a", "#f2c12e", "#f08c2e", "#d1342f")
NOT_RANKED_COLOUR = "#c8c8c8"

VI_LOCALE = {
    "number": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["", " ₫"],
    },
    "time": {
        "dateTime": "%A, %e %B %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["SA", "CH"],
        "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        "months": [f"tháng {m}" for m in range(1, 13)],
        "shortMonths": [f"Th{m}" for m in range(1, 13)],
    },
}

FONT = "DejaVu Sans"


def _finish(chart: alt.Chart, lang: str) -> alt.Chart:
    config = {"font": FONT}
    if lang == "vi":
        config["locale"] = VI_LOCALE
    return chart.configure(**config).configure_view(strokeWidth=0)


def month_label(period: str) -> str:
    return f"{period[5:]}/{period[:4]}"


def grade_scale(lang: str, present=None) -> alt.Scale:
    """Grade colours; with `present` (the labels in the data), only those are in the legend."""
    labels = [*GRADES, t("not_ranked", lang)]
    colours = [*GRADE_COLOURS, NOT_RANKED_COLOUR]
    if present is not None:
        shown = set(present)
        kept = [(label, colour) for label, colour in zip(labels, colours, strict=True)
                if label in shown]  # fmt: skip
        labels, colours = [k[0] for k in kept] or labels, [k[1] for k in kept] or colours
    return alt.Scale(domain=labels, range=colours)


def kpi_trend(kpis: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """National approval and plan-implementation rates by month."""
    frame = kpis.assign(month=kpis["period"].map(month_label))
    long = frame.melt(
        id_vars=["period", "month"],
        value_vars=["approval_rate", "plan_rate"],
        var_name="measure",
        value_name="rate",
    )
    names = {"approval_rate": t("kpi_approval_rate", lang), "plan_rate": t("kpi_plan_rate", lang)}
    long["measure"] = long["measure"].map(names)
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:O",
                sort=list(frame["month"]),
                title=t("month", lang),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y(
                "rate:Q", title=None, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color(
                "measure:N", title=None, legend=alt.Legend(orient="top", labelLimit=300)
            ),
            tooltip=[
                alt.Tooltip("month:O", title=t("month", lang)),
                alt.Tooltip("measure:N", title=t("indicator", lang)),
                alt.Tooltip("rate:Q", format=".1%"),
            ],
        )
        .properties(height=280, width="container")
    )
    return _finish(chart, lang)


def grade_distribution(rankings: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """How many units of each peer group got each grade (unranked units counted apart)."""
    frame = rankings.assign(
        grade_label=rankings["grade"].fillna(t("not_ranked", lang)),
        group_label=rankings["peer_group"].map(lambda g: t(g, lang)),
    )
    counts = frame.groupby(["group_label", "grade_label"]).size().reset_index(name="units")
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y(
                "group_label:N",
                title=None,
                sort=[t(g, lang) for g in PEER_GROUPS],
                axis=alt.Axis(labelLimit=340, labelFontSize=11),
            ),
            x=alt.X(
                "units:Q",
                title=t("unit", lang),
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "grade_label:N",
                title=t("grade", lang),
                scale=grade_scale(lang, counts["grade_label"]),
                sort=[*GRADES, t("not_ranked", lang)],
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            order=alt.Order("grade_label:N"),
            tooltip=[
                alt.Tooltip("group_label:N", title=t("unit", lang)),
                alt.Tooltip("grade_label:N", title=t("grade", lang)),
                alt.Tooltip("units:Q", title="#"),
            ],
        )
        .properties(height=alt.Step(44), width="container")
    )
    return _finish(chart, lang)


def rank_ranges(
    group: pd.DataFrame, lang: str = "vi", peers_ranked: int | None = None
) -> alt.Chart:
    """Each shown unit's rank and its uncertainty range (P5 to P95 over the weight draws), on
    an axis of the whole peer group (1 to `peers_ranked`), whatever filter picked the rows."""
    frame = group[group["ranked"]].copy()
    frame["label"] = frame["unit_name"]
    order = list(frame.sort_values(["rank", "unit_code"])["label"])
    last = int(peers_ranked or frame["rank_p95"].max() or len(frame) or 1)
    names = {
        "range": t("rank_range", lang), "p50": t("rank_p50", lang), "rank": t("rank", lang),
    }  # fmt: skip
    legend = alt.Scale(domain=list(names.values()), range=["#9ecae1", "#08519c", "#d1342f"])
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "label:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelLimit=300, labelOverlap=False, labelFontSize=11),
        )
    )
    axis = alt.X(
        "rank_p05:Q",
        title=t("rank", lang),
        scale=alt.Scale(domain=[0.5, last + 0.5], nice=False),
        axis=alt.Axis(values=list(range(1, last + 1)), format="d", grid=True),
    )
    bars = base.mark_bar(height=10).encode(
        x=axis, x2="rank_p95:Q",
        color=alt.Color("series:N", scale=legend, title=None,
                        legend=alt.Legend(orient="top", labelLimit=300)),
    ).transform_calculate(series=f"'{names['range']}'")  # fmt: skip
    ticks = (
        base.mark_tick(thickness=2, size=16)
        .encode(x="rank_p50:Q", color=alt.Color("series:N", scale=legend, title=None))
        .transform_calculate(series=f"'{names['p50']}'")
    )
    points = (
        base.mark_point(filled=True, size=70)
        .encode(
            x="rank:Q",
            color=alt.Color("series:N", scale=legend, title=None),
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("unit", lang)),
                alt.Tooltip("rank:Q", title=t("rank", lang)),
                alt.Tooltip("rank_p05:Q", title="P5"),
                alt.Tooltip("rank_p50:Q", title="P50"),
                alt.Tooltip("rank_p95:Q", title="P95"),
            ],
        )
        .transform_calculate(series=f"'{names['rank']}'")
    )
    # a step per row: Streamlit shrinks a band chart given a fixed height to a sliver
    chart = (bars + ticks + points).properties(height=alt.Step(28), width="container")
    return _finish(chart, lang)


# The 34 provinces and cities on a grid that keeps their places north to south; keyed by the
# official code of Decision 19/2025/QĐ-TTg.
PROVINCE_TILES: dict[int, tuple[int, int, str]] = {
    12: (1, 0, "Lai Châu"),
    15: (2, 0, "Lào Cai"),
    8: (3, 0, "Tuyên Quang"),
    4: (4, 0, "Cao Bằng"),
    11: (0, 1, "Điện Biên"),
    14: (1, 1, "Sơn La"),
    25: (2, 1, "Phú Thọ"),
    19: (3, 1, "Thái Nguyên"),
    20: (4, 1, "Lạng Sơn"),
    1: (2, 2, "Hà Nội"),
    24: (3, 2, "Bắc Ninh"),
    22: (4, 2, "Quảng Ninh"),
    37: (2, 3, "Ninh Bình"),
    33: (3, 3, "Hưng Yên"),
    31: (4, 3, "Hải Phòng"),
    38: (2, 4, "Thanh Hóa"),
    40: (2, 5, "Nghệ An"),
    42: (3, 6, "Hà Tĩnh"),
    44: (3, 7, "Quảng Trị"),
    46: (4, 8, "Huế"),
    48: (4, 9, "Đà Nẵng"),
    51: (3, 10, "Quảng Ngãi"),
    52: (4, 10, "Gia Lai"),
    66: (3, 11, "Đắk Lắk"),
    56: (4, 11, "Khánh Hòa"),
    80: (1, 12, "Tây Ninh"),
    75: (2, 12, "Đồng Nai"),
    68: (3, 12, "Lâm Đồng"),
    91: (0, 13, "An Giang"),
    82: (1, 13, "Đồng Tháp"),
    79: (2, 13, "TP HCM"),
    92: (1, 14, "Cần Thơ"),
    86: (2, 14, "Vĩnh Long"),
    96: (1, 15, "Cà Mau"),
}


def province_tiles(provinces: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """A tile map of the 34 provinces coloured by the month's grade (grey: no grade)."""
    by_code = {
        int(row.province_code): row
        for row in provinces.itertuples()
        if str(row.province_code).isdigit()
    }
    rows = []
    for code, (col, row, short) in PROVINCE_TILES.items():
        unit = by_code.get(code)
        grade = unit.grade if unit is not None and isinstance(unit.grade, str) else None
        rows.append(
            {
                "col": col,
                "row": row,
                "short": short,
                "name": unit.unit_name if unit is not None else short,
                "grade_label": grade or t("not_ranked", lang),
                "composite": None if unit is None else unit.composite_rounded,
            }
        )
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
    )
    tiles = base.mark_rect(cornerRadius=3, stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "grade_label:N",
            title=t("grade", lang),
            scale=grade_scale(lang, frame["grade_label"]),
            legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=12),
        ),
        tooltip=[
            alt.Tooltip("name:N", title=t("unit", lang)),
            alt.Tooltip("grade_label:N", title=t("grade", lang)),
            alt.Tooltip("composite:Q", title=t("composite", lang), format=".2f"),
        ],
    )
    # white on the dark tiles (A, D, E), black on the light ones (B, C, no grade)
    dark = {GRADES[0], GRADES[3], GRADES[4]}
    frame["ink"] = frame["grade_label"].map(lambda g: "white" if g in dark else "#1b1b1b")
    labels = base.mark_text(fontSize=10, fontWeight="bold").encode(
        text="short:N", color=alt.Color("ink:N", scale=None)
    )
    chart = (tiles + labels).properties(width=410, height=600)
    return _finish(chart, lang)


def indicators_vs_median(unit: pd.Series, medians: pd.Series, lang: str = "vi") -> alt.Chart:
    """One unit's indicators beside its peer group's median."""
    rows = []
    for name in INDICATORS:
        rows.append({"indicator": t(name, lang), "who": t("unit", lang), "value": unit[name]})
        rows.append(
            {"indicator": t(name, lang), "who": t("peer_median", lang), "value": medians[name]}
        )
    every = pd.DataFrame(rows)
    frame = every.dropna(subset=["value"])
    missing = every[every["value"].isna() & (every["who"] == t("unit", lang))].assign(
        note=t("no_value", lang), value=0
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "indicator:N",
                title=None,
                sort=[t(n, lang) for n in INDICATORS],
                axis=alt.Axis(labelLimit=220),
            ),
            yOffset=alt.YOffset("who:N"),
            x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "who:N",
                title=None,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[t("unit", lang), t("peer_median", lang)],
                    range=["#08519c", "#bdbdbd"],
                ),
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title=t("indicator", lang)),
                alt.Tooltip("who:N", title=" "),
                alt.Tooltip("value:Q", title=t("value", lang), format=".1f"),
            ],
        )
    )
    # a missing indicator is written as such, not drawn as a zero bar
    notes = alt.Chart(missing).mark_text(align="left", dx=4, fontStyle="italic",
                                          color="#777").encode(
        y=alt.Y("indicator:N", sort=[t(n, lang) for n in INDICATORS]),
        x=alt.X("value:Q"),
        text="note:N",
    )  # fmt: skip
    # the unit's value written at the end of its bar, so that a true zero shows as 0
    values = (
        alt.Chart(frame[frame["who"] == t("unit", lang)])
        .mark_text(align="left", dx=3, dy=-6, fontSize=10, color="#08519c")
        .encode(
            y=alt.Y("indicator:N", sort=[t(n, lang) for n in INDICATORS]),
            x=alt.X("value:Q"),
            text=alt.Text("value:Q", format=".1f"),
        )
    )
    chart = (bars + values + notes).properties(height=alt.Step(22), width="container")
    return _finish(chart, lang)


def unit_trend(history: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """A unit's composite and each indicator over its last 12 months, one small chart each; a
    month without a value leaves a gap."""
    frame = history.tail(12).assign(month=lambda d: d["period"].map(month_label))
    long = frame.melt(
        id_vars=["month"],
        value_vars=["composite", *INDICATORS],
        var_name="measure",
        value_name="value",
    )
    order = [t(m, lang) for m in ("composite", *INDICATORS)]
    long["measure"] = long["measure"].map(lambda m: t(m, lang))
    chart = (
        alt.Chart(long)
        .mark_line(point=True, invalid="break-paths-filter-domains", color="#08519c")
        .encode(
            x=alt.X(
                "month:O", sort=list(frame["month"]), title=None,
                axis=alt.Axis(labelAngle=-45, labelFontSize=9),
            ),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 100]),
                    axis=alt.Axis(values=[0, 50, 100])),
            tooltip=[
                alt.Tooltip("month:O", title=t("month", lang)),
                alt.Tooltip("measure:N", title=t("indicator", lang)),
                alt.Tooltip("value:Q", format=".2f", title=t("value", lang)),
            ],
        )
        .properties(height=110, width=200)
        .facet(
            facet=alt.Facet("measure:N", sort=order, title=None,
                            header=alt.Header(labelFontSize=12, labelLimit=200)),
            columns=4,
        )
    )  # fmt: skip
    return _finish(chart, lang)


def movers(rankings: pd.DataFrame, lang: str = "vi", count: int = 5) -> alt.Chart:
    """The biggest risers and fallers in rank this month (pass one peer group's rows: ranks
    compare only within a group)."""
    moved = rankings.dropna(subset=["rank_change"])
    moved = moved[moved["rank_change"] != 0]
    top = pd.concat(
        [
            moved.nlargest(count, "rank_change"),
            moved.nsmallest(count, "rank_change"),
        ]
    ).drop_duplicates("unit_code")
    top = top.assign(direction=top["rank_change"].map(lambda c: "▲" if c > 0 else "▼"))
    chart = (
        alt.Chart(top)
        .mark_bar()
        .encode(
            y=alt.Y("unit_name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("rank_change:Q", title=t("rank_change", lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "direction:N",
                legend=None,
                scale=alt.Scale(domain=["▲", "▼"], range=["#1a7f37", "#d1342f"]),
            ),
            tooltip=[
                alt.Tooltip("unit_name:N", title=t("unit", lang)),
                alt.Tooltip("rank_change:Q", title=t("rank_change", lang)),
            ],
        )
        .properties(height=alt.Step(22), width="container")
    )
    return _finish(chart, lang)


def contributions_waterfall(contributions: pd.DataFrame, lang: str = "vi") -> alt.Chart:
    """Why a unit's composite moved: a waterfall from last month's composite to this month's,
    one floating bar per indicator's contribution (rows of marts.fct_score_contributions for
    one unit and month, in the methodology's order)."""
    first = contributions.iloc[0]
    before = t("composite_before", lang, month=month_label(first["previous_period"]))
    after = t("composite_before", lang, month=month_label(first["period"]))
    steps = [{"step": before, "start": 0.0, "end": first["previous_composite"],
              "amount": first["previous_composite"], "kind": "total"}]  # fmt: skip
    level = float(first["previous_composite"])
    for row in contributions.itertuples():
        steps.append({
            "step": t(row.indicator, lang), "start": level, "end": level + row.contribution,
            "amount": row.contribution, "kind": "up" if row.contribution >= 0 else "down",
        })  # fmt: skip
        level += row.contribution
    steps.append({"step": after, "start": 0.0, "end": first["composite"],
                  "amount": first["composite"], "kind": "total"})  # fmt: skip
    frame = pd.DataFrame(steps)
    # the axis starts near the lowest level, not at 0, so that a bar of a tenth of a point shows;
    # the two composites' bars stand on that start
    levels = pd.concat([frame["start"][frame["kind"] != "total"], frame["end"]])
    low = max(0.0, 5 * ((levels.min() - 2) // 5))
    high = min(100.0, 5 * -((-levels.max() - 2) // 5))
    frame.loc[frame["kind"] == "total", "start"] = low
    frame["label"] = [
        number(a, 2, lang) if k == "total" else ("+" if a >= 0 else "−") + number(abs(a), 2, lang)
        for a, k in zip(frame["amount"], frame["kind"], strict=True)
    ]
    order = list(frame["step"])
    kinds = ["total", "up", "down"]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("step:N", sort=order, title=None,
                    axis=alt.Axis(labelAngle=-30, labelLimit=160)),
            y=alt.Y("start:Q", title=t("composite", lang),
                    scale=alt.Scale(domain=[low, high], zero=False, nice=False)),
            y2="end:Q",
            color=alt.Color("kind:N", legend=None,
                            scale=alt.Scale(domain=kinds,
                                            range=["#08519c", "#1a7f37", "#d1342f"])),
            tooltip=[
                alt.Tooltip("step:N", title=t("indicator", lang)),
                alt.Tooltip("label:N", title=column("contribution", lang)),
            ],
        )
    )  # fmt: skip
    labels = (
        alt.Chart(frame)
        .mark_text(dy=-6, fontSize=10)
        .encode(
            x=alt.X("step:N", sort=order),
            y=alt.Y("top:Q"),
            text="label:N",
        )
        .transform_calculate(top="max(datum.start, datum.end)")
    )
    chart = (bars + labels).properties(height=260, width="container")
    return _finish(chart, lang)
