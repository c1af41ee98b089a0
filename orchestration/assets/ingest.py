"""One Dagster asset per landing source: each takes that source's new landing files into its
raw table (`raw.<table>`), recording every file in the ledger. Files already taken in are
skipped, so materialising an asset again only reads what is new or corrected.

The ledger step runs first, upstream of every source: it records the landing entries that
belong to no source (and so are rejected), and it is never skipped, so that even a run that a
blocking check stops has every entry of the landing zone it read in the ledger."""

from collections import Counter

import dagster as dg

from ingest.pipeline import FileOutcome, ingest_source
from orchestration.descriptions import described
from orchestration.resources import Warehouse
from quality.suites import BLOCKING, CHECKS
from quality.validate import preload_great_expectations
from readside.reasons import english, vietnamese
from sources import SOURCES, Source

RAW_GROUP = "raw"


def _metadata(outcomes: list[FileOutcome]) -> dict[str, dg.MetadataValue]:
    status = Counter(o.status for o in outcomes)
    taken = [o for o in outcomes if o.status != "unchanged"]
    problems = [_said(o) for o in taken if o.status == "rejected" or o.reason]
    return {
        "files_loaded": dg.MetadataValue.int(status["loaded"]),
        "files_rejected": dg.MetadataValue.int(status["rejected"]),
        "files_unchanged": dg.MetadataValue.int(status["unchanged"]),
        "rows_read": dg.MetadataValue.int(sum(o.rows_read or 0 for o in taken)),
        "rows_loaded": dg.MetadataValue.int(sum(o.rows_loaded for o in taken)),
        "rows_set_aside": dg.MetadataValue.int(sum(o.rows_set_aside or 0 for o in taken)),
        "problems": dg.MetadataValue.md(
            "\n".join(f"- {p}" for p in problems[:50]) or "không có / none"
        ),
    }


def _said(outcome: FileOutcome) -> str:
    """What became of a file, Vietnamese then English (the ledger keeps the English reason;
    the read side's templates say it in Vietnamese)."""
    if outcome.status == "rejected":
        return (
            f"{outcome.path}: bị từ chối: {vietnamese(outcome.reason)} / "
            f"rejected: {english(outcome.reason)}"
        )
    loaded, read = outcome.rows_loaded, outcome.rows_read
    said = f"{outcome.path}: đã nạp {loaded} trên {read} dòng / {loaded} of {read} rows loaded"
    if outcome.reason:
        said += f"; {vietnamese(outcome.reason)} / {english(outcome.reason)}"
    return said


def _log(context: dg.AssetExecutionContext, outcome: FileOutcome) -> None:
    if outcome.status == "rejected":
        context.log.warning(_said(outcome))
    elif outcome.status == "loaded":
        context.log.info(_said(outcome))


def build_ingest_asset(source: Source) -> dg.AssetsDefinition:
    # Only a source with a blocking check has a batch validated before dbt. The feeds' checks
    # are warnings, run once dbt has started (orchestration/assets/quality.py), and Great
    # Expectations is imported beside dbt's process: imported while the feeds were taken in,
    # its 2 s of Python slowed them (issue 14, national zone: the ingest of a day 4.7 s).
    checked_before_dbt = any(
        check.severity == BLOCKING and check.asset == (RAW_GROUP, source.table)
        for check in CHECKS
    )

    @dg.asset(
        name=source.table,
        key_prefix=[RAW_GROUP],
        group_name=RAW_GROUP,
        deps=[
            dg.AssetKey([RAW_GROUP, "ledger"]),
            *[dg.AssetKey([RAW_GROUP, _table(dep)]) for dep in source.depends_on],
        ],
        description=described(
            f"{source.description[0]}. Tệp tiếp nhận: `{source.path_pattern.pattern}`.",
            f"{source.description[1]}. Landing files: `{source.path_pattern.pattern}`.",
        ),
        kinds={"duckdb", "python"},
        tags={"source": source.name},
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            outcomes = ingest_source(
                con,
                warehouse.landing_dir,
                source.name,
                context.run.run_id,
                on_file=lambda o: _log(context, o),
            )
        if checked_before_dbt and any(o.status != "unchanged" for o in outcomes):
            # a new or corrected file is a batch the blocking checks will validate before dbt
            preload_great_expectations()
        return dg.MaterializeResult(metadata=_metadata(outcomes))

    return _asset


def _table(source_name: str) -> str:
    return next(s.table for s in SOURCES if s.name == source_name)


LEDGER_DESCRIPTION = described(
    "Sổ nhận tệp (raw.ledger): mỗi phiên bản của mỗi tệp tiếp nhận một dòng, với "
    "trạng thái và số dòng, do bước của từng nguồn ghi. Bước này, bước đầu tiên của một lần "
    "chạy, ghi nhận là bị từ chối, kèm lý do, các mục trong vùng tiếp nhận không thuộc nguồn nào "
    "(tên mà hợp đồng dữ liệu không biết, liên kết tượng trưng).",
    "The ledger of landing files (raw.ledger): a row per version of every landing file with its "
    "status and row counts, written by each source's step. This step, the first of a run, "
    "records the landing entries that belong to no source (a name the contract does not know, "
    "a symbolic link) as rejected with the reason."
)
SET_ASIDE_DESCRIPTION = described(
    "Mọi quy tắc mà một dòng bị tách riêng khi tiếp nhận vi phạm (raw.set_aside): tệp, dòng, "
    "cột, quy tắc, lý do và giá trị; và lý do của mọi tệp bị từ chối.",
    "Every rule broken by a row set aside at ingest (raw.set_aside): file, row, column, rule, "
    "reason and value; and the reason of every rejected file."
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            group_name=RAW_GROUP,
            description=text,
            kinds={"duckdb", "python"},
        )
        for key, text in (
            (dg.AssetKey([RAW_GROUP, "ledger"]), LEDGER_DESCRIPTION),
            (dg.AssetKey([RAW_GROUP, "set_aside"]), SET_ASIDE_DESCRIPTION),
        )
    ],
)
def ledger(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with warehouse.connect() as con:
        outcomes = ingest_source(
            con, warehouse.landing_dir, None, context.run.run_id, on_file=lambda o: _log(context, o)
        )
        files, read, loaded, aside = con.execute(
            "SELECT count(*), coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), "
            "coalesce(sum(rows_set_aside), 0) FROM raw.files WHERE is_current"
        ).fetchone()
    metadata = _metadata(outcomes)
    metadata.update(
        {
            "files_before_this_run": dg.MetadataValue.int(files),
            "rows_read_before_this_run": dg.MetadataValue.int(read),
            "rows_loaded_before_this_run": dg.MetadataValue.int(loaded),
            "rows_set_aside_before_this_run": dg.MetadataValue.int(aside),
        }
    )
    yield dg.MaterializeResult(asset_key=[RAW_GROUP, "ledger"], metadata=metadata)
    yield dg.MaterializeResult(
        asset_key=[RAW_GROUP, "set_aside"],
        metadata={"rows_set_aside_before_this_run": dg.MetadataValue.int(aside)},
    )


ingest_assets = [build_ingest_asset(source) for source in SOURCES] + [ledger]
