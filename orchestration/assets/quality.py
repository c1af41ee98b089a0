"""The data-quality suites as Dagster asset checks. A blocking check that fails stops the assets
downstream of the one it checks (a partial systems export stops the scores; inconsistent scores
stop the publication); a warning is recorded and changes nothing. Every result is kept in
`quality.check_results` and the GX Data Docs are rebuilt under the quality folder."""

from collections import defaultdict
from pathlib import Path

import dagster as dg

from core.clock import today_in_vietnam
from orchestration.dbt_project import methodology
from orchestration.descriptions import described
from orchestration.resources import Warehouse
from quality.freshness import write_freshness
from quality.suites import BLOCKING, CHECKS, Check, marts_checks
from quality.validate import build_data_docs, run_checks, validated_in_run


def _latest_batch_only(checks: tuple[Check, ...]) -> bool:
    # On a landing source every run re-checks every current file; only a failure of the newest
    # one (the export now in force) stops the run. Failures of older files still make the
    # months they serve unpublishable (`attt quality`).
    return checks[0].asset[0] == "raw"


# The order of the steps that are ready at once (the run's steps go one after another, in one
# process): a blocking check as soon as it can, since the assets it checks wait on it; then
# dbt; then the warnings, which stop nothing, so that a feed's new batch is validated after
# dbt has started and Great Expectations is imported beside dbt's process, not in the middle
# of the ingest (issue 14); the freshness step last of all, since it builds the Data Docs
# from every check of the run.
PRIORITY = "dagster/priority"
BLOCKING_PRIORITY, WARNING_PRIORITY, FRESHNESS_PRIORITY = 1, -1, -2


def build_asset_check(key: tuple[str, ...], severity: str, checks: tuple[Check, ...]):
    blocking = severity == BLOCKING
    names = ", ".join(f"{c.suite}.{c.name}" for c in checks)

    @dg.asset_check(
        asset=dg.AssetKey(list(key)),
        name=f"{checks[0].suite}_{severity}",
        blocking=blocking,
        op_tags={PRIORITY: str(BLOCKING_PRIORITY if blocking else WARNING_PRIORITY)},
        additional_deps=sorted(
            {dg.AssetKey(list(other)) for c in checks for other in c.reads},
            key=lambda k: k.to_user_string(),
        ),
        description=described(
            f"Kiểm tra {'chặn' if blocking else 'cảnh báo'}: {names}. "
            + " ".join(c.description[0] for c in checks),
            f"{'Blocking' if blocking else 'Warning'} checks: {names}. "
            + " ".join(c.description[1] for c in checks),
        ),
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        with warehouse.connect() as con:
            outcomes = run_checks(
                con, checks, context.run.run_id, docs_dir=Path(warehouse.quality_docs)
            )
        failures = [o for o in outcomes if not o.success]
        if blocking and failures and not all(o.reused for o in outcomes):
            # a blocking failure may stop the run before the freshness step builds the docs
            build_data_docs(Path(warehouse.quality_docs), context.run.run_id)
        if _latest_batch_only(checks) and outcomes:
            newest = max(o.batch for o in outcomes)
            stopping = [o for o in failures if o.batch == newest]
        else:
            stopping = failures
        return dg.AssetCheckResult(
            passed=not stopping,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata={
                "batches_checked": len({o.batch for o in outcomes}),
                "expectations_failed": len(failures),
                "failures": dg.MetadataValue.md(
                    "\n".join(
                        f"- {o.check.name}, `{o.batch}`: {o.observed}" for o in failures[:30]
                    )
                    or "không có / none"
                ),
            },
        )

    return _check


def quality_asset_checks() -> list:
    grouped: dict[tuple, list[Check]] = defaultdict(list)
    for check in CHECKS + marts_checks(methodology()["weights"]):
        grouped[(check.asset, check.severity)].append(check)
    return [
        build_asset_check(key, severity, tuple(checks))
        for (key, severity), checks in sorted(grouped.items())
    ]


@dg.asset(
    key=["quality", "freshness"],
    group_name="quality",
    deps=[dg.AssetKey(["marts", "fct_unit_month_scores"])],
    description=described(
        "Độ mới của mọi nguồn (tệp mới nhất, quá hạn so với chu kỳ của nguồn) và, theo từng đơn "
        "vị và nguồn giám sát, đơn vị có đang được đo hay không (có dữ liệu trong 14 ngày gần "
        "nhất); các bảng quality.source_freshness và quality.unit_feed_freshness, tính đến hôm "
        "nay theo giờ Việt Nam. Bước này cũng dựng lại GX Data Docs từ các lần kiểm tra của lần "
        "chạy.",
        "Freshness of every source (newest file, stale for its cadence) and, per unit "
        "and feed, whether the unit is currently measured (data in the last 14 days); tables "
        "quality.source_freshness and quality.unit_feed_freshness, as of today in Vietnam. This "
        "step also rebuilds the GX Data Docs from the run's validations.",
    ),
    kinds={"duckdb"},
    op_tags={PRIORITY: str(FRESHNESS_PRIORITY)},
)
def freshness(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    # every check of the run has stored its validations by now (this step runs last of the
    # steps ready with it: FRESHNESS_PRIORITY): the Data Docs are built once, when the run
    # validated anything (a run that kept every result has nothing new to show)
    docs_dir = Path(warehouse.quality_docs)
    with warehouse.connect() as con:
        validated = validated_in_run(con, context.run.run_id)
    docs = docs_dir / "index.html"
    if validated or not docs.exists():
        build_data_docs(docs_dir, context.run.run_id)
    with warehouse.connect() as con:
        as_of = today_in_vietnam()
        sources, units = write_freshness(con, as_of)
        stale = [
            r[0]
            for r in con.execute(
                "SELECT source FROM quality.source_freshness WHERE stale ORDER BY 1"
            ).fetchall()
        ]
    return dg.MaterializeResult(
        metadata={
            "data_docs": dg.MetadataValue.path(str(docs)),
            "as_of": as_of.isoformat(),
            "stale_sources": ", ".join(stale) or "none",
            "unit_feed_rows": units,
        }
    )
