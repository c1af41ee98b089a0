"""The path to the next grade: for every ranked unit below the top grade in a month, the fewest
actions, drawn from its own evidence (int_grade_plan_actions), that lift its rounded composite
to the next grade's floor, in the order taken, with the counts behind the indicators after each
step. The projected composite of each step is not computed here: int_grade_plan_projections
computes it from those counts with the score models' own formulas.

How "fewest" is found. Once the set A of dossiers to approve is fixed, every denominator of the
indicators (operating, approved and assessed systems, allocated addresses, due warnings,
measured domains) and the set of indicators present (so the weights W) are fixed, and each
other action adds a fixed amount to one count: the composite is a sum, over indicators, of a
function of how many of that indicator's actions are taken. For I2, I4 and I7 every action adds
the same; for I3 each requirement adds its own share, so the best k are the k largest; for I5
the best k blocks are the k largest (the indicator is monotone in the addresses cleaned, though
not linear: it is 0 above the threshold); I6 is one action. The fewest actions for a fixed A is
therefore exact: for every count of blocks and the warnings taken or not, the fewest of the
other (linear) actions come from their gains sorted, largest first. Over A: every subset of the
unapproved systems is tried when there are at most `exact_approvals` of them (the plan is then
the proven minimum: `is_proven_minimal`); above that, the subsets tried are the prefixes of
those systems ordered by what approving each alone adds, and the plan is the shortest found.

The arithmetic here only chooses; a float margin (1e-6 points above the floor less half a
hundredth, so that rounding half to even cannot fall short) keeps a chosen plan from stopping
on a tie."""

import bisect
import heapq
import itertools
import json

COUNTS = ("approved", "plan", "sum_compliance", "assessed", "layers", "infected", "on_time",
          "domain_score")  # fmt: skip
MARGIN = 1e-6


def _indicators(s, threshold):
    n, a, m, k = s["systems"], s["approved"], s["assessed"], s["measured"]
    return {
        "approval_coverage": 100.0 * a / n if n > 0 else None,
        "plan_implementation": 100.0 * s["plan"] / a if a > 0 else None,
        "requirement_compliance": 100.0 * s["sum_compliance"] / m if a > 0 and m > 0 else None,
        "four_layer": 100.0 * s["layers"] / (4.0 * n) if n > 0 else None,
        "botnet_hygiene": (
            100.0 * max(0.0, 1.0 - (s["infected"] / s["allocated"]) / threshold)
            if s["allocated"] > 0 and s["reports"] > 0
            else None
        ),
        "warning_remediation": 100.0 * s["on_time"] / s["due"] if s["due"] > 0 else None,
        "web_security": 100.0 * s["domain_score"] / k if k > 0 else None,
    }


def _composite(s, weights, threshold):
    values = _indicators(s, threshold)
    present = sum(w for name, w in weights.items() if values[name] is not None)
    if present == 0:
        return None
    total = sum(w * values[name] for name, w in weights.items() if values[name] is not None)
    return total / present


def _plus(state, action, times=1):
    out = dict(state)
    for field in COUNTS:
        out[field] += times * action[f"d_{field}"]
    return out


LINEAR = ("plan", "sum_compliance", "layers", "domain_score")  # each I2, I3, I4, I7 action adds
# to one of these counts, and its indicator is linear in it once the approvals are fixed


def _prepare(others):
    """The actions other than approvals, grouped for the search: the linear ones by count and by
    whether they need a system approved first, each list largest first; the blocks, most
    infected addresses first; the warnings."""
    common, by_system, blocks, warnings = {f: [] for f in LINEAR}, {}, [], []
    for action in others:
        if action["indicator"] == "botnet_hygiene":
            blocks.append(action)
        elif action["indicator"] == "warning_remediation":
            warnings.append(action)
        else:
            field = next(f for f in LINEAR if action[f"d_{f}"])
            pool = (
                common
                if action["needs_approval"] is None
                else by_system.setdefault(action["needs_approval"], {f: [] for f in LINEAR})
            )
            pool[field].append((action[f"d_{field}"], action))
    for pool in (common, *by_system.values()):
        for field in LINEAR:
            pool[field].sort(key=lambda pair: -pair[0])
    blocks.sort(key=lambda b: b["d_infected"])
    return common, by_system, blocks, warnings


def _fewest(state, approvals, prepared, weights, threshold, target):
    """The fewest actions (approvals `approvals` taken) that bring the composite to `target`:
    (count, chosen actions) or None."""
    common, by_system, blocks, warnings = prepared
    for action in approvals:
        state = _plus(state, action)
    base = _composite(state, weights, threshold)
    if base is None:
        return None
    if base >= target:
        return len(approvals), list(approvals)
    need = target - base
    # the gain of one unit of each linear count: with the approvals fixed, the same for every
    # action on that count
    unit_gain = {}
    for field in LINEAR:
        more = dict(state)
        more[field] += 1.0
        unit_gain[field] = _composite(more, weights, threshold) - base
    pools = [common] + [by_system[a["system_id"]] for a in approvals if a["system_id"] in by_system]
    def stream(pairs, gain):  # a function binds `gain` now, not when the stream is read
        return ((-amount * gain, action) for amount, action in pairs)

    streams = [
        stream(pool[field], unit_gain[field])
        for pool in pools for field in LINEAR if unit_gain[field] > 0
    ]  # fmt: skip
    gained, prefix = [], []
    for negative, action in heapq.merge(*streams, key=lambda pair: pair[0]):
        if -negative <= 0:
            break
        gained.append(action)
        prefix.append((prefix[-1] if prefix else 0.0) - negative)
        if prefix[-1] >= need:
            break
    block_gain, running = [0.0], state
    for block in blocks:
        running = _plus(running, block)
        block_gain.append(_composite(running, weights, threshold) - base)
        if running["infected"] <= 0:
            break
    warning_gain = (
        [0.0, _composite(_plus(state, warnings[0]), weights, threshold) - base] if warnings
        else [0.0]
    )  # fmt: skip
    best = None
    for j5, g5 in enumerate(block_gain):
        if j5 > 0 and g5 <= block_gain[j5 - 1]:
            continue  # a block that adds nothing is never worth taking
        for j6, g6 in enumerate(warning_gain):
            rest = need - g5 - g6
            if rest <= 0:
                jc = 0
            else:
                index = bisect.bisect_left(prefix, rest)
                if index == len(prefix):
                    continue
                jc = index + 1
            total = j5 + j6 + jc
            if best is None or total < best[0]:
                best = (total, j5, j6, jc)
    if best is None:
        return None
    _, j5, j6, jc = best
    chosen = gained[:jc] + blocks[:j5] + warnings[:j6]
    return len(approvals) + len(chosen), list(approvals) + chosen


def _order(state, chosen, weights, threshold):
    """The steps in the order taken: the approvals first (what follows may depend on them), then
    at each step the action that adds most."""
    steps = sorted((a for a in chosen if a["action"] == "approve_dossier"),
                   key=lambda a: a["system_id"])  # fmt: skip
    for action in steps:
        state = _plus(state, action)
    rest = [(tuple(a[f"d_{c}"] for c in COUNTS), a) for a in chosen
            if a["action"] != "approve_dossier"]  # fmt: skip
    while rest:
        now = _composite(state, weights, threshold)
        # Actions that add the same to every count add the same to the composite: each such
        # kind is evaluated once, and the first action of the best kind is taken, as max() over
        # every action would (a plan of 200 steps evaluated 20,000 composites; issue 14).
        gains = {}
        for kind, a in rest:
            if kind not in gains:
                gains[kind] = _composite(_plus(state, a), weights, threshold) - now
        top = max(gains.values())
        index = next(i for i, (kind, _) in enumerate(rest) if gains[kind] == top)
        best = rest.pop(index)[1]
        steps.append(best)
        state = _plus(state, best)
    return steps


def _plan(unit, actions, weights, threshold, target, exact_approvals):
    state = {
        "systems": unit["systems"], "approved": unit["approved_systems"],
        "plan": unit["plan_implemented_systems"],
        "sum_compliance": (unit["mean_compliance"] or 0.0) * unit["assessed_systems"],
        "assessed": unit["assessed_systems"], "layers": unit["layers_held"],
        "allocated": unit["allocated_addresses"], "reports": unit["botnet_reports"],
        "infected": unit["infected_addresses"], "due": unit["due_warnings"],
        "on_time": unit["on_time_warnings"], "measured": unit["measured_domains"],
        "domain_score": (unit["mean_domain_score"] or 0.0) * unit["measured_domains"],
    }  # fmt: skip
    approvals = sorted((a for a in actions if a["action"] == "approve_dossier"),
                       key=lambda a: a["system_id"])  # fmt: skip
    prepared = _prepare([a for a in actions if a["action"] != "approve_dossier"])
    exact = len(approvals) <= exact_approvals
    if exact:
        subsets = itertools.chain.from_iterable(
            itertools.combinations(approvals, k) for k in range(len(approvals) + 1)
        )
    else:
        base = _composite(state, weights, threshold)
        ranked = sorted(approvals, key=lambda a: -(_composite(_plus(state, a), weights,
                                                              threshold) - base))  # fmt: skip
        subsets = (ranked[:k] for k in range(len(ranked) + 1))
    best = None
    for subset in subsets:
        if best is not None and len(subset) >= best[0]:
            continue
        found = _fewest(state, list(subset), prepared, weights, threshold, target)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return None, exact
    return _order(state, best[1], weights, threshold), exact


def model(dbt, session):
    methodology = json.loads(dbt.config.get("methodology"))
    exact_approvals = int(dbt.config.get("exact_approvals"))
    weights = methodology["weights"]
    threshold = float(methodology["botnet_threshold"])
    floors = {g["grade"]: float(g["min"]) for g in methodology["grades"]}
    columns = ("period", "unit_code", "grade", "systems", "approved_systems",
               "plan_implemented_systems", "assessed_systems", "mean_compliance", "layers_held",
               "allocated_addresses", "botnet_reports", "infected_addresses", "due_warnings",
               "on_time_warnings", "measured_domains", "mean_domain_score")  # fmt: skip
    top = max(floors, key=floors.get)
    units = dbt.ref("int_unit_month_scores").filter(f"ranked and grade <> '{top}'")
    actions_relation = dbt.ref("int_grade_plan_actions")
    if dbt.is_incremental:
        # the pre-hook deleted the months whose inputs changed: search the months absent here
        kept = [r[0] for r in session.sql(f"select distinct period from {dbt.this}").fetchall()]
        if kept:
            absent = "period not in (" + ", ".join(f"'{p}'" for p in kept) + ")"
            units, actions_relation = units.filter(absent), actions_relation.filter(absent)
    units = [dict(zip(columns, row, strict=True))
             for row in units.project(", ".join(columns)).fetchall()]  # fmt: skip
    action_columns = ("period", "unit_code", "action", "indicator", "system_id", "item",
                      "detail", "legal_ref", "needs_approval",
                      *(f"d_{c}" for c in COUNTS))  # fmt: skip
    by_unit = {}
    relation = actions_relation.project(", ".join(action_columns))
    for row in relation.order("period, unit_code, action, system_id, item, detail").fetchall():
        action = dict(zip(action_columns, row, strict=True))
        by_unit.setdefault((action["period"], action["unit_code"]), []).append(action)
    out = {name: [] for name in ("period", "unit_code", "step", "action", "indicator",
                                 "system_id", "item", "detail", "legal_ref", "target_grade",
                                 "is_proven_minimal", *(f"added_{c}" for c in COUNTS))}  # fmt: skip
    for unit in units:
        target_grade = min((g for g, f in floors.items() if f > floors[unit["grade"]]),
                           key=floors.get)  # fmt: skip
        target = floors[target_grade] - 0.5 * 10 ** -int(methodology["rank_decimals"]) + MARGIN
        key = (unit["period"], unit["unit_code"])
        steps, exact = _plan(unit, by_unit.get(key, []), weights, threshold, target,
                             exact_approvals)  # fmt: skip
        totals = dict.fromkeys(COUNTS, 0)
        for number, action in enumerate(steps or [], start=1):
            for c in COUNTS:
                totals[c] += action[f"d_{c}"]
            for name in ("period", "unit_code", "action", "indicator", "system_id", "item",
                         "detail", "legal_ref"):  # fmt: skip
                out[name].append(action[name])
            out["step"].append(number)
            out["target_grade"].append(target_grade)
            out["is_proven_minimal"].append(exact)
            for c in COUNTS:
                out[f"added_{c}"].append(totals[c])
    types = {"step": "BIGINT", "is_proven_minimal": "BOOLEAN",
             **{f"added_{c}": "DOUBLE" for c in COUNTS}}  # fmt: skip
    select = ", ".join(f"unnest(?::{types.get(name, 'VARCHAR')}[]) as {name}" for name in out)
    return session.sql(f"select {select}", params=list(out.values()))
