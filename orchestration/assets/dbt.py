"""The dbt models as Dagster assets (dagster-dbt): staging, intermediate and marts, downstream
of the ingest assets; dbt's tests show as asset checks. Made on first call of
`dbt_model_assets()` (it needs the manifest), never at import."""

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from core.clock import today_in_vietnam
from orchestration.assets.ingest import RAW_GROUP
from orchestration.assets.publish import refresh_freshness
from orchestration.build_state import is_up_to_date
from orchestration.dbt_project import dbt_project, dbt_target_path, dbt_vars, ensure_manifest
from orchestration.descriptions import dbt_test_description
from orchestration.resources import Warehouse
from quality.validate import preload_great_expectations


class AtttDbtTranslator(DagsterDbtTranslator):
    """dbt sources are the raw tables that the ingest assets write; models are grouped by
    layer (staging, intermediate, marts)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([RAW_GROUP, dbt_resource_props["name"]])
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            # keyed by layer: staging/..., intermediate/..., marts/...
            layer = dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else "seeds"
            return dg.AssetKey([layer, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] in ("model", "seed"):
            return self.get_asset_key(dbt_resource_props).path[0]
        return super().get_group_name(dbt_resource_props)

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        """dbt's data tests carry no description: each check says what its test asserts, in
        Vietnamese and English."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=dbt_test_description(manifest["nodes"][unique_id]))


@functools.cache
def dbt_model_assets() -> dg.AssetsDefinition:
    """The dbt models' assets, from a manifest parsed now if it is missing or stale."""
    manifest = ensure_manifest()

    @dbt_assets(
        manifest=manifest,
        project=dbt_project(),
        dagster_dbt_translator=AtttDbtTranslator(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
        ),
    )
    def attt_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
    ):
        """`dbt build` of the selected models against the warehouse, with the methodology vars;
        nothing at all when the published build is up to date with every input (then what is
        downstream, the checks of the marts and the serving copy, is skipped too)."""
        whole = context.selected_asset_keys == attt_dbt_models.keys
        with warehouse.connect() as con:
            up_to_date = whole and is_up_to_date(con, Path(warehouse.serving))
        if up_to_date:
            as_of = today_in_vietnam()
            refreshed = refresh_freshness(warehouse, as_of)
            day = f"{as_of:%d/%m/%Y}"
            context.log.info(
                "Không có gì mới từ lần công bố trước (không tệp, bản sửa hay thay đổi mã nào): "
                "bỏ qua bước dựng, bản phục vụ giữ nguyên"
                + (f", độ mới được đánh giá lại tính đến {day}" if refreshed else "")
                + ". / Nothing new since the last publish (no file, correction or code change): "
                "the build is skipped and the serving copy stays as it is"
                + (f", with its freshness judged again as of {day}" if refreshed else "")
                + "."
            )
            return
        # The checks of the marts, after the build, validate its new months with Great
        # Expectations: its import runs beside dbt's process instead of after it.
        preload_great_expectations()
        # One target folder per warehouse, kept from run to run: dbt finds its partial-parse
        # state there (the same vars and profile as last time), instead of parsing the whole
        # project again on every run (found at national scale: 6 s of every run).
        # dbt's unit tests check the models' code against fixed inputs, not the data: they run
        # in the test suite (tests/test_scores.py), not in every build of the warehouse, as
        # dbt's documentation advises (found at national scale: 15 of a day's 155 nodes).
        yield from dbt.cli(
            [
                "build",
                "--exclude",
                "resource_type:unit_test",
                "--vars",
                dbt_vars(warehouse.database),
            ],
            context=context,
            target_path=dbt_target_path(Path(warehouse.database)),
        ).stream()

    return attt_dbt_models
