"""What the Dagster UI says of each asset, check, job, schedule and sensor: Vietnamese first,
then English, as two paragraphs (the UI renders descriptions as Markdown). The dbt models'
descriptions are written this way in their YAML; the checks that dbt's data tests become have
no description in dbt, so theirs is said here from the test's name and arguments."""

from collections.abc import Mapping
from typing import Any


def described(vietnamese: str, english: str) -> str:
    """A description in both languages, Vietnamese first."""
    return f"{vietnamese}\n\n{english}"


def _code(values) -> str:
    return ", ".join(f"`{v}`" for v in values)


# What each generic test of the project asserts, (Vietnamese, English), from its arguments
_GENERIC_TESTS = {
    "unique": lambda a: (f"cột `{a['column_name']}` không có giá trị trùng lặp",
                         f"column `{a['column_name']}` has no duplicate value"),
    "not_null": lambda a: (f"cột `{a['column_name']}` không có giá trị rỗng",
                           f"column `{a['column_name']}` has no null value"),
    "accepted_values": lambda a: (
        f"cột `{a['column_name']}` chỉ nhận các giá trị {_code(a['values'])}",
        f"column `{a['column_name']}` takes only the values {_code(a['values'])}",
    ),
    "relationships": lambda a: (
        f"mọi giá trị của cột `{a['column_name']}` có trong cột `{a['field']}` của "
        f"`{_ref_name(a['to'])}`",
        f"every value of column `{a['column_name']}` is in column `{a['field']}` of "
        f"`{_ref_name(a['to'])}`",
    ),
    "within_range": lambda a: (
        f"cột `{a['column_name']}` nằm trong khoảng [{a['min_value']}, {a['max_value']}]",
        f"column `{a['column_name']}` lies in [{a['min_value']}, {a['max_value']}]",
    ),
    "unique_combination": lambda a: (
        f"không có hai dòng trùng bộ giá trị {_code(a['columns'])}",
        f"no two rows share the values of {_code(a['columns'])}",
    ),
    "competition_ranking": lambda a: (
        f"cột `{a['column_name']}` là thứ hạng đồng hạng theo `{a['order_by']}` (giảm dần) "
        f"trong mỗi nhóm {_code(a['partition_by'])}, giữa các dòng `{a['among']}`",
        f"column `{a['column_name']}` is a competition ranking by `{a['order_by']}` "
        f"(descending) within each {_code(a['partition_by'])}, among the rows `{a['among']}`",
    ),
}


def _ref_name(ref: str) -> str:
    """`ref('obligations')` -> `obligations`."""
    return ref.removeprefix("ref(").removesuffix(")").strip("'\"")


def dbt_test_description(test: Mapping[str, Any]) -> str:
    """The description of the Dagster check made from one dbt data test (its manifest node)
    that has none of its own: what the generic test asserts, from its arguments."""
    meta = test.get("test_metadata") or {}
    name = meta.get("name")
    arguments = meta.get("kwargs") or {}
    if name in _GENERIC_TESTS:
        vi, en = _GENERIC_TESTS[name](arguments)
        return described(f"Kiểm thử dbt `{name}`: {vi}.", f"dbt test `{name}`: {en}.")
    return described(
        f"Kiểm thử dbt `{test.get('name')}` (xem mã SQL của kiểm thử trong dự án dbt).",
        f"dbt test `{test.get('name')}` (see the test's SQL in the dbt project).",
    )
