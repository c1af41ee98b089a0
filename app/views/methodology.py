"""Phương pháp: the methodology in plain words, and the what-if: sliders for the weights
recompute composites and ranks live and show which units move and by how much."""

import pandas as pd
import streamlit as st

from app import data_access, session, tables
from app.whatif import moves, rescore
from core.methodology import methodology as load_methodology
from readside.i18n import INDICATORS, column, month, number, signed, t

ctx = session.context()
lang, period = ctx.lang, ctx.period
scope, version = ctx.viewer.scope, ctx.version
methodology = load_methodology()
weights = methodology["weights"]

st.title(t("page_methodology", lang))
st.caption(f"{t('methodology_version', lang)}: {methodology['version']}")

about = "\n".join(
    f"- **{t(name, lang)}**: "
    + t(f"about_{name}", lang, threshold=number(100 * methodology["botnet_threshold"], 0, lang))
    for name in INDICATORS
)
count = number(len(INDICATORS), 0, lang)
if lang == "vi":
    st.markdown(
        f"""
Mỗi tháng, mỗi bộ, ngành, địa phương (đơn vị cấp cao nhất, gộp cả đơn vị trực thuộc) được
chấm theo **{count} chỉ số**, mỗi chỉ số trên thang 0–100:

{about}

**Điểm tổng hợp** là trung bình có trọng số của các chỉ số có dữ liệu; **độ phủ** là phần
trọng số có dữ liệu. Đơn vị được **xếp hạng** khi độ phủ từ
{number(methodology["ranked_coverage"], 1)} trở lên; hạng tính trong nhóm (bộ, ngành, tỉnh)
theo điểm làm tròn 2 chữ số, bằng điểm thì cùng hạng. **Khoảng hạng** P5–P95 lấy từ
{number(methodology["uncertainty"]["draws"], 0)} lần rút ngẫu nhiên trọng số (×0,75 đến ×1,25).
"""
    )
else:
    st.markdown(
        f"""
Every month each ministry, sector and province (a top-level unit with its sub-units) is scored
on **{count} indicators** from 0 to 100:

{about}

The **composite** is the weighted mean of the indicators that have data; **coverage** is the
share of the weight that has data. A unit is **ranked** when its coverage reaches the threshold;
ranks are within the peer group, on the composite rounded to 2 decimals, ties sharing a rank.
The **rank range** P5–P95 comes from redrawing the weights at random (×0.75 to ×1.25).
See `docs/methodology.md` for every rule.
"""
    )

grades = ", ".join(f"{g['grade']} ≥ {number(g['min'], 0, lang)}" for g in methodology["grades"])
tables.show(
    pd.DataFrame(
        {
            t("indicator", lang): [t(n, lang) for n in INDICATORS],
            t("weight", lang): [number(weights[n], 0, lang) for n in INDICATORS],
        }
    ),
    lang, "trong-so",
)  # fmt: skip
st.caption(f"{t('grade', lang)}: {grades}")

st.header(t("whatif", lang))
st.caption(t("whatif_help", lang))
if st.button(t("reset_weights", lang)):
    for name in INDICATORS:
        st.session_state[f"weight-{name}"] = int(weights[name])
chosen = {}
slider_columns = st.columns(4)
for index, name in enumerate(INDICATORS):
    chosen[name] = slider_columns[index % 4].slider(
        t(name, lang), 0, 50, int(weights[name]), key=f"weight-{name}"
    )

month_rows = data_access.rankings(version, scope, period)
if sum(chosen.values()) == 0:
    st.warning(t("weights_all_zero", lang))
    st.stop()
again = rescore(month_rows, chosen, methodology)
moved = moves(month_rows, again)
st.subheader(
    t(
        "units_moving",
        lang,
        month=month(period, lang).capitalize(),
        count=number(len(moved), 0, lang),
    )
)
if moved.empty:
    st.info(t("nobody_moves", lang))
else:
    tables.show(
        pd.DataFrame(
            {
                t("unit", lang): moved["unit_name"],
                column("peer_group", lang): moved["peer_group"].map(lambda g: t(g, lang)),
                t("rank", lang): moved["rank"].map(lambda v: number(v, 0, lang)),
                t("new_rank", lang): moved["rank_new"].map(lambda v: number(v, 0, lang)),
                t("moved", lang): moved["moved"].map(lambda v: signed(v, lang)),
                t("composite", lang): moved["composite"].map(lambda v: number(v, 2, lang)),
                t("new_composite", lang): moved["composite_new"].map(
                    lambda v: number(v, 2, lang)
                ),
                t("grade", lang): [
                    f"{a if isinstance(a, str) else '–'} → {b if isinstance(b, str) else '–'}"
                    for a, b in zip(moved["grade"], moved["grade_new"], strict=True)
                ],
            }
        ).reset_index(drop=True),
        lang, f"don-vi-thay-doi-{period}",
    )  # fmt: skip
recomputed = again.merge(month_rows[["unit_code", "unit_name"]], on="unit_code")[
    ["unit_code", "unit_name", "peer_group", "composite", "coverage", "ranked", "rank", "grade"]
]
with st.expander(t("new_composite", lang) + " / " + t("new_rank", lang)):
    tables.show(recomputed, lang, f"thu-trong-so-{period}")
