"""What the Dagster UI and dbt's docs say is Vietnamese first, English second: every asset,
check, job, schedule and sensor of the pipeline's one `Definitions`, and every description in
the dbt project (models, columns, sources, seeds, exposures), is a Vietnamese paragraph followed
by an English one. Found when the UI's 71 assets had 70 English-only descriptions and dbt's 128
data tests none."""

import json
import re

import pytest

from orchestration.dbt_project import ensure_manifest
from orchestration.definitions import defs
from orchestration.descriptions import dbt_test_description

# letters only Vietnamese uses among the project's two languages
VIETNAMESE = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


def vietnamese_then_english(text: str | None) -> str | None:
    """None when the text is a Vietnamese paragraph then an English one; else what is wrong."""
    if not text or not text.strip():
        return "no description"
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if not VIETNAMESE.search(paragraphs[0]):
        return f"does not begin in Vietnamese: {paragraphs[0][:80]!r}"
    # English may quote a Vietnamese label ("Lộ trình lên hạng", DỰ THẢO), not be Vietnamese
    if len(paragraphs) < 2 or _vietnamese_share(paragraphs[1]) > 0.1:
        return f"has no English paragraph after the Vietnamese: {text[:120]!r}"
    return None


def _vietnamese_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return len(VIETNAMESE.findall(text)) / max(len(letters), 1)


def test_the_rule_tells_the_two_languages_apart():
    assert vietnamese_then_english("Bảng điểm tháng.\n\nThe month's scores.") is None
    assert vietnamese_then_english("The month's scores.") is not None
    assert vietnamese_then_english("Bảng điểm tháng.") is not None
    assert vietnamese_then_english("The month's scores.\n\nBảng điểm tháng.") is not None
    assert vietnamese_then_english("") is not None


def test_every_asset_check_job_schedule_and_sensor_says_vietnamese_first():
    graph = defs.resolve_asset_graph()
    wrong = {}
    for key in graph.get_all_asset_keys():
        wrong[f"asset {key.to_user_string()}"] = vietnamese_then_english(graph.get(key).description)
    for key in graph.asset_check_keys:
        spec = graph.get_check_spec(key)
        wrong[f"check {key.to_user_string()}"] = vietnamese_then_english(spec.description)
    for job in defs.jobs or []:
        wrong[f"job {job.name}"] = vietnamese_then_english(job.description)
    for schedule in defs.schedules or []:
        wrong[f"schedule {schedule.name}"] = vietnamese_then_english(schedule.description)
    for sensor in defs.sensors or []:
        wrong[f"sensor {sensor.name}"] = vietnamese_then_english(sensor.description)
    wrong = {what: why for what, why in wrong.items() if why}
    assert not wrong, "\n".join(f"{what}: {why}" for what, why in sorted(wrong.items()))
    # the dbt models and tests are there, not only the pipeline's own assets
    assert len(graph.get_all_asset_keys()) > 60 and len(graph.asset_check_keys) > 100


def test_every_description_of_the_dbt_project_says_vietnamese_first():
    manifest = json.loads(ensure_manifest().read_text())
    wrong = {}
    described = [
        *(n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")),
        *manifest["sources"].values(),
        *manifest["exposures"].values(),
    ]
    for node in described:
        wrong[node["unique_id"]] = vietnamese_then_english(node["description"])
        for column in node.get("columns", {}).values():
            if column.get("description"):
                wrong[f"{node['unique_id']}.{column['name']}"] = vietnamese_then_english(
                    column["description"]
                )
    for source in manifest["sources"].values():
        if source.get("source_description"):
            wrong[f"source {source['source_name']}"] = vietnamese_then_english(
                source["source_description"]
            )
    wrong = {what: why for what, why in wrong.items() if why}
    assert not wrong, "\n".join(f"{what}: {why}" for what, why in sorted(wrong.items()))


@pytest.mark.parametrize(
    ("test", "vietnamese", "english"),
    [
        (
            {"test_metadata": {"name": "not_null", "kwargs": {"column_name": "unit_code"}}},
            "cột `unit_code` không có giá trị rỗng",
            "column `unit_code` has no null value",
        ),
        (
            {
                "test_metadata": {
                    "name": "relationships",
                    "kwargs": {
                        "column_name": "obligation",
                        "to": "ref('obligations')",
                        "field": "obligation",
                    },
                }
            },
            "có trong cột `obligation` của `obligations`",
            "is in column `obligation` of `obligations`",
        ),
        (
            {"name": "a_singular_test", "test_metadata": {}},
            "Kiểm thử dbt `a_singular_test`",
            "dbt test `a_singular_test`",
        ),
    ],
)
def test_a_dbt_test_is_described_from_its_name_and_arguments(test, vietnamese, english):
    text = dbt_test_description(test)
    assert vietnamese_then_english(text) is None
    first, second = text.split("\n\n")
    assert vietnamese in first and english in second
