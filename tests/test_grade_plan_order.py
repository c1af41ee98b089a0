"""The order of a plan's steps (`_order` in int_grade_plan_steps.py) is the one its docstring
defines: the approvals first, then at each step the action that adds most to the composite, the
first such action on a tie. `_order` evaluates each kind of action (what it adds to each count)
once per step instead of every action (issue 14); hypothesis draws plans with many actions of
the same kind and ties, and compares with that definition evaluated action by action."""

from __future__ import annotations

import importlib.util

from hypothesis import given, settings
from hypothesis import strategies as st

from core.locations import REPO_ROOT
from core.methodology import methodology

MODEL = REPO_ROOT / "dbt_project" / "models" / "intermediate" / "plans" / "int_grade_plan_steps.py"


def _load_model():
    spec = importlib.util.spec_from_file_location("int_grade_plan_steps", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


steps = _load_model()
WEIGHTS = methodology()["weights"]
THRESHOLD = float(methodology()["botnet_threshold"])


def _by_definition(state, chosen):
    """The docstring's order, every action evaluated at every step."""
    ordered = sorted((a for a in chosen if a["action"] == "approve_dossier"),
                     key=lambda a: a["system_id"])  # fmt: skip
    for action in ordered:
        state = steps._plus(state, action)
    rest = [a for a in chosen if a["action"] != "approve_dossier"]
    while rest:
        now = steps._composite(state, WEIGHTS, THRESHOLD)
        best = max(rest, key=lambda a: steps._composite(steps._plus(state, a), WEIGHTS,
                                                        THRESHOLD) - now)  # fmt: skip
        rest.remove(best)
        ordered.append(best)
        state = steps._plus(state, best)
    return ordered


KINDS = {
    # action: the count it adds to, and by how much (a few sizes, so that kinds repeat)
    "implement_plan": ("plan", st.just(1.0)),
    "meet_requirement": ("sum_compliance", st.sampled_from([0.05, 0.1, 0.25])),
    "add_layer": ("layers", st.just(1.0)),
    "fix_domain_check": ("domain_score", st.sampled_from([0.1, 0.2])),
    "clean_block": ("infected", st.sampled_from([-1.0, -3.0, -8.0])),
    "remediate_warnings": ("on_time", st.sampled_from([1.0, 2.0])),
}


@st.composite
def plans(draw):
    systems = draw(st.integers(4, 12))
    state = {
        "systems": systems, "approved": draw(st.integers(1, systems)),
        "plan": 0.0, "sum_compliance": 0.0, "assessed": 1, "layers": 0.0,
        "allocated": 256, "reports": 1, "infected": draw(st.integers(0, 20)),
        "due": draw(st.integers(0, 4)), "on_time": 0.0, "measured": draw(st.integers(0, 3)),
        "domain_score": 0.0,
    }  # fmt: skip
    chosen = []
    for number in range(draw(st.integers(1, 40))):
        name = draw(st.sampled_from(sorted(KINDS)))
        field, amount = KINDS[name]
        action = {"action": name, "system_id": f"S{number:02d}", "item": str(number)}
        action |= {f"d_{c}": 0.0 for c in steps.COUNTS}
        action[f"d_{field}"] = draw(amount)
        chosen.append(action)
    for number in range(draw(st.integers(0, 2))):
        action = {"action": "approve_dossier", "system_id": f"A{number}", "item": ""}
        action |= {f"d_{c}": 0.0 for c in steps.COUNTS} | {"d_approved": 1.0}
        chosen.append(action)
    return state, draw(st.permutations(chosen))


@settings(max_examples=300, deadline=None)
@given(plans())
def test_the_steps_are_in_the_order_the_docstring_defines(plan):
    state, chosen = plan
    got = steps._order(state, list(chosen), WEIGHTS, THRESHOLD)
    expected = _by_definition(state, list(chosen))
    # every drawn action has its own system_id, so this compares the whole order
    assert [a["system_id"] for a in got] == [a["system_id"] for a in expected]
