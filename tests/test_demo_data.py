"""Tests of the demo landing-zone generator (demo) against the landing-zone contract v1."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import ipaddress
import json
import os
import re
import time
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from vietnam_provinces import Province

from demo import DemoSummary, generate_landing_zone

END = date(2026, 11, 24)  # a period that crosses three month ends
DAYS = 92
START = END - timedelta(days=DAYS - 1)

EVENT4 = (
    "timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_region,src_city,src_hostname,"
    "src_naics,src_sector,device_vendor,device_type,device_model,severity,dst_ip,dst_port,dst_asn,"
    "dst_geo,dst_region,dst_city,dst_hostname,dst_naics,dst_sector,public_source,infection,family,"
    "tag,application,version,event_id,ssl_cipher,ssl_servername"
)
EVENT4_HTTP = EVENT4 + ",http_url,http_host,http_agent,forwarded_by,http_referer,machine_name"
DRONE = (
    "timestamp,ip,port,asn,geo,region,city,hostname,type,infection,url,agent,cc,cc_port,cc_asn,"
    "cc_geo,cc_dns,count,proxy,application,p0f_genre,p0f_detail,machine_name,id,naics,sic"
)
PSHTT = (
    "Domain,Base Domain,Canonical URL,Live,HTTPS Live,HTTPS Full Connection,HTTPS Client Auth "
    "Required,Redirect,Redirect To,Valid HTTPS,HTTPS Publicly Trusted,HTTPS Custom Truststore "
    "Trusted,Defaults to HTTPS,Downgrades HTTPS,Strictly Forces HTTPS,HTTPS Bad Chain,HTTPS Bad "
    "Hostname,HTTPS Expired Cert,HTTPS Self Signed Cert,HSTS,HSTS Header,HSTS Max Age,HSTS Entire "
    "Domain,HSTS Preload Ready,HSTS Preload Pending,HSTS Preloaded,Base Domain HSTS Preloaded,"
    "Domain Supports HTTPS,Domain Enforces HTTPS,Domain Uses Strong HSTS,IP,Server Header,Server "
    "Version,HTTPS Cert Chain Length,HTTPS Probably Missing Intermediate Cert,Notes,Unknown Error"
)
SYSTEM_COLUMNS = [
    "system_id",
    "system_name",
    "owner_code",
    "operation_status",
    "proposed_level",
    "dossier_status",
    "submitted_on",
    "approved_on",
    "approved_level",
    "decision_no",
    "plan_implemented",
    "layer_onsite",
    "layer_monitoring",
    "last_independent_check_on",
    "ncsc_connected",
]
VN_HEADERS = (
    "Mã hệ thống",
    "Tên hệ thống",
    "Mã đơn vị chủ quản",
    "Trạng thái vận hành",
    "Cấp độ đề xuất",
    "Trạng thái hồ sơ",
    "Ngày nộp",
    "Ngày phê duyệt",
    "Cấp độ được phê duyệt",
    "Số quyết định",
    "Đã triển khai đầy đủ phương án",
    "Lớp 1 - Lực lượng tại chỗ",
    "Lớp 2 - Giám sát, bảo vệ chuyên nghiệp",
    "Lớp 3 - Ngày kiểm tra, đánh giá độc lập gần nhất",
    "Lớp 4 - Kết nối NCSC",
)
MINISTRIES = (
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
)
BOOLS = {"true", "false", "1", "0"}
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- helpers ----------------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")  # raises on anything that is not UTF-8


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header (trimmed, case-folded, BOM removed) and rows as dicts, as the contract reads them."""
    text = read_text(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().casefold() for h in next(reader)]
    rows = [dict(zip(header, (c.strip() for c in r), strict=True)) for r in reader]
    return header, rows


def bad_rows_of(summary: DemoSummary, rel: str) -> set[int]:
    return {int(b["row"]) for b in summary.deliberate_bad_rows if b["file"] == rel}


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def parse_utc(text: str) -> datetime:
    if text.endswith("Z"):
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    root = tmp_path_factory.mktemp("demo") / "landing"
    started = time.perf_counter()
    summary = generate_landing_zone(
        root, scale="small", seed=42, days=DAYS, end=END, progress=False
    )
    assert time.perf_counter() - started < 30, "small scale must take seconds"
    return root, summary


@pytest.fixture(scope="module")
def root(landing: tuple[Path, DemoSummary]) -> Path:
    return landing[0]


@pytest.fixture(scope="module")
def summary(landing: tuple[Path, DemoSummary]) -> DemoSummary:
    return landing[1]


@pytest.fixture(scope="module")
def agencies(root: Path) -> dict[str, dict[str, str]]:
    header, rows = read_csv(root / "reference/agencies.csv")
    assert header == [
        "code",
        "name",
        "kind",
        "parent_code",
        "province_code",
        "valid_from",
        "valid_to",
        "successor_code",
    ]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "agency codes must be unique"
    return {r["code"]: r for r in rows}


@pytest.fixture(scope="module")
def snapshots(root: Path) -> dict[date, Path]:
    out = {}
    for p in sorted((root / "dossiers").glob("systems_*.csv")):
        out[datetime.strptime(p.stem.split("_")[1], "%Y%m%d").date()] = p
    return out


# -- layout and summary -----------------------------------------------------------------------


def test_every_kind_of_file_is_there(root: Path) -> None:
    for rel in ("agencies", "ip_allocations", "domains", "requirements"):
        assert (root / "reference" / f"{rel}.csv").is_file()
    names = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    patterns = {
        "systems csv": r"dossiers/systems_\d{8}\.csv",
        "systems xlsx": r"dossiers/systems_\d{8}\.xlsx",
        "assessments": r"dossiers/assessments_\d{8}\.csv",
        "botnet csv": r"feeds/botnet/\d{4}-\d{2}-\d{2}-[a-z0-9_]+-.+\.csv",
        "botnet gzip": r"feeds/botnet/\d{4}-\d{2}-\d{2}-[a-z0-9_]+-.+\.csv\.gz",
        "pshtt": r"feeds/webscan/pshtt_\d{8}T\d{6}Z\.csv",
        "warnings": r"feeds/warnings/warnings_\d{8}\.jsonl",
        "heartbeats": r"feeds/heartbeats/heartbeats_\d{8}\.jsonl",
    }
    for kind, pattern in patterns.items():
        assert any(re.fullmatch(pattern, n) for n in names), f"no {kind} file"
    known = [p for p in patterns.values()] + [r"reference/[a-z_]+\.csv"]
    strays = [n for n in names if not any(re.fullmatch(p, n) for p in known)]
    assert not strays, f"files named outside the contract: {strays}"
    # daily feeds cover every day of the period
    days = {n[13:23] for n in names if n.startswith("feeds/botnet/")}
    assert len(days) == DAYS
    beats = [n for n in names if n.startswith("feeds/heartbeats/")]
    assert len(beats) == DAYS


def test_summary_accounts_for_every_file_and_row(root: Path, summary: DemoSummary) -> None:
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert set(summary.files) == on_disk
    for rel, rows in summary.files.items():
        path = root / rel
        if rel.endswith(".xlsx"):
            ws = openpyxl.load_workbook(path, read_only=True).active
            assert rows == ws.max_row - 3
        elif rel.endswith(".jsonl"):
            assert rows == len(read_text(path).splitlines())
        else:
            assert rows == len(read_csv(path)[1]), rel
    assert summary.total_rows == sum(summary.files.values())
    assert summary.out_dir == root
    assert summary.bytes_written == sum((root / rel).stat().st_size for rel in summary.files)
    text = str(summary)
    assert "small" in text and f"{summary.total_rows:,}" in text
    said = summary.render()  # what `attt demo-data` prints: Vietnamese unless asked otherwise
    rows = f"{summary.total_rows:,}".replace(",", ".")
    assert "Vùng tiếp nhận mẫu (nhỏ" in said and f"{rows} dòng" in said
    assert f"{summary.start:%d/%m/%Y}" in said


def test_accounts_are_the_top_level_units(summary: DemoSummary, agencies: dict) -> None:
    tops = {c for c, a in agencies.items() if a["kind"] != "unit" and not a["valid_to"]}
    assert set(summary.accounts) == tops
    assert len(summary.accounts) == len(set(summary.accounts))
    assert {"BYT", "BGDDT", "NHNN", "VTV", "HN", "HCM", "VIETTEL", "EVN"} <= tops


def test_same_seed_same_bytes_other_seed_other_bytes(root: Path, tmp_path: Path) -> None:
    again = generate_landing_zone(tmp_path / "again", seed=42, days=DAYS, end=END, progress=False)
    assert digest(again.out_dir) == digest(root)
    other = generate_landing_zone(tmp_path / "other", seed=7, days=DAYS, end=END, progress=False)
    mine, theirs = digest(root), digest(other.out_dir)
    common = set(mine) & set(theirs)
    assert common, "the same kinds of files"
    same = [rel for rel in common if mine[rel] == theirs[rel]]
    assert same == ["reference/requirements.csv"], same  # the catalogue does not depend on the seed


def test_every_text_file_is_utf8(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and not path.name.endswith(".xlsx"):
            read_text(path)


# -- reference --------------------------------------------------------------------------------


def test_the_34_provinces_come_from_vietnam_provinces(agencies: dict) -> None:
    official = {f"{int(p.code.value):02d}": p.name for p in Province.iter_all()}
    assert len(official) == 34
    provinces = {
        a["province_code"]: nfc(a["name"])
        for a in agencies.values()
        if a["kind"] == "province" and a["province_code"]
    }
    assert provinces == official
    merged = [a for a in agencies.values() if a["kind"] == "province" and not a["province_code"]]
    assert len(merged) == 1
    (old,) = merged
    assert old["valid_to"] and date.fromisoformat(old["valid_to"]) < date(2025, 7, 1)
    successor = agencies[old["successor_code"]]
    assert successor["kind"] == "province" and successor["province_code"]


def test_agencies_follow_the_contract(agencies: dict) -> None:
    kinds = Counter(a["kind"] for a in agencies.values())
    assert set(kinds) == {
        "ministry",
        "ministerial_agency",
        "government_agency",
        "province",
        "sector",
        "unit",
    }
    assert kinds["ministry"] == 14
    names = {nfc(a["name"]) for a in agencies.values()}
    assert set(MINISTRIES) <= names
    assert {"Văn phòng Chính phủ", "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam"} <= names
    assert {"Đài Truyền hình Việt Nam", "Thông tấn xã Việt Nam"} <= names
    assert kinds["sector"] >= 10
    for code, a in agencies.items():
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,32}", code)
        assert a["name"]
        assert DAY_RE.match(a["valid_from"])
        if a["kind"] == "unit":
            assert a["parent_code"] in agencies
        else:
            assert a["parent_code"] == ""
        if a["kind"] != "province":
            assert a["province_code"] == ""
    for code in agencies:  # no cycles: every unit reaches a top-level unit
        seen, at = set(), code
        while agencies[at]["kind"] == "unit":
            assert at not in seen
            seen.add(at)
            at = agencies[at]["parent_code"]
    depth2 = [
        c for c, a in agencies.items() if agencies.get(a["parent_code"], {}).get("parent_code")
    ]
    assert depth2, "some units are nested two levels deep"
    assert any(
        unicodedata.is_normalized("NFD", a["name"])
        and not unicodedata.is_normalized("NFC", a["name"])
        for a in agencies.values()
    )
    mid = [a for a in agencies.values() if START < date.fromisoformat(a["valid_from"]) <= END]
    assert len(mid) == 1 and mid[0]["kind"] == "unit"


def test_ip_allocations(root: Path, agencies: dict) -> None:
    header, rows = read_csv(root / "reference/ip_allocations.csv")
    assert header == ["cidr", "agency_code", "valid_from", "valid_to"]
    nets = []
    for r in rows:
        net = ipaddress.ip_network(r["cidr"], strict=True)  # host bits zero
        assert r["agency_code"] in agencies
        nets.append((net, r))
    assert any(n.version == 6 for n, _ in nets)
    assert any(n.prefixlen == 24 for n, _ in nets) and any(n.prefixlen == 27 for n, _ in nets)
    expired = [r for _, r in nets if r["valid_to"] and date.fromisoformat(r["valid_to"]) >= START]
    assert expired, "an allocation expires during the period"
    by_net: dict[str, list[dict]] = {}
    for net, r in nets:
        by_net.setdefault(str(net), []).append(r)
    for same in by_net.values():  # no conflicts: the same network never held twice at once
        for a in same:
            for b in same:
                if a is b or a["agency_code"] == b["agency_code"]:
                    continue
                a_to = a["valid_to"] or "9999-12-31"
                b_to = b["valid_to"] or "9999-12-31"
                assert a_to < b["valid_from"] or b_to < a["valid_from"]
    # sub-blocks sit inside their unit's top-level block
    for net, _ in nets:
        if net.prefixlen == 27:
            assert any(net.subnet_of(o) for o, _ in nets if o.version == 4 and o.prefixlen < 27)


def test_domains(root: Path, agencies: dict, snapshots: dict) -> None:
    header, rows = read_csv(root / "reference/domains.csv")
    assert header == ["domain", "agency_code", "system_id"]
    hosts = [r["domain"].lower() for r in rows]
    assert len(hosts) == len(set(hosts))
    assert sum(h.endswith(".gov.vn") for h in hosts) > len(hosts) / 2
    known = {r["system_id"] for p in snapshots.values() for r in read_csv(p)[1]}
    for r in rows:
        assert r["agency_code"] in agencies
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", r["domain"])
        if r["system_id"]:
            assert r["system_id"] in known


def test_requirements(root: Path) -> None:
    header, rows = read_csv(root / "reference/requirements.csv")
    assert header == ["code", "group", "area", "min_level", "title", "legal_ref"]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) and len(codes) >= 40
    for r in rows:
        m = re.fullmatch(r"(QL|KT)\.([1-5])\.\d+", r["code"])
        assert m and int(m.group(2)) == int(r["min_level"])
        assert r["group"] == {"QL": "management", "KT": "technical"}[m.group(1)]
        assert r["title"] and "Thông tư 12/2022/TT-BTTTT" in r["legal_ref"]
    assert {int(r["min_level"]) for r in rows} == {1, 2, 3, 4, 5}


# -- dossiers ---------------------------------------------------------------------------------


def test_systems_snapshots_follow_the_contract(
    root: Path, summary: DemoSummary, agencies: dict, snapshots: dict
) -> None:
    assert len(snapshots) >= 3
    headers, boms, styles = set(), set(), set()
    for day, path in snapshots.items():
        rel = path.relative_to(root).as_posix()
        header, rows = read_csv(path)
        assert sorted(header) == sorted(SYSTEM_COLUMNS)
        headers.add(tuple(header))
        boms.add(path.read_bytes().startswith(b"\xef\xbb\xbf"))
        bad = bad_rows_of(summary, rel)
        ids = [r["system_id"] for r in rows]
        assert len(ids) == len(set(ids))
        for n, r in enumerate(rows, start=2):
            if n in bad:
                continue
            assert r["owner_code"] in agencies, (rel, n)
            assert r["operation_status"] in {"operating", "building", "retired"}
            assert r["dossier_status"] in {
                "draft",
                "submitted",
                "appraising",
                "approved",
                "returned",
                "rejected",
            }
            assert 1 <= int(r["proposed_level"]) <= 5
            for col in ("plan_implemented", "layer_onsite", "layer_monitoring", "ncsc_connected"):
                assert r[col].lower() in BOOLS
                styles.add(r[col])
            for col in ("submitted_on", "approved_on", "last_independent_check_on"):
                if r[col]:
                    assert date.fromisoformat(r[col]) <= day
            if r["dossier_status"] == "approved":
                assert r["approved_on"] and 1 <= int(r["approved_level"]) <= 5
            else:
                assert not r["approved_on"] and not r["approved_level"]
    assert len(headers) > 1, "columns are shuffled between exports"
    assert boms == {True, False}
    assert {"1", "0"} & styles and {s.lower() for s in styles} & {"true", "false"}


def test_systems_evolve(snapshots: dict) -> None:
    days = sorted(snapshots)
    first = {r["system_id"]: r for r in read_csv(snapshots[days[0]])[1]}
    last = {r["system_id"]: r for r in read_csv(snapshots[days[-1]])[1]}
    assert set(last) - set(first), "systems are added"
    moved = [
        i for i in first if i in last and first[i]["dossier_status"] != last[i]["dossier_status"]
    ]
    assert moved, "dossiers move on"
    newly = [i for i in moved if last[i]["dossier_status"] == "approved"]
    assert newly, "some dossiers get approved during the period"
    assert any(r["operation_status"] == "retired" for r in last.values())


def test_latest_snapshot_level_mix_and_approval_rate(
    root: Path, summary: DemoSummary, snapshots: dict
) -> None:
    path = snapshots[max(snapshots)]
    bad = bad_rows_of(summary, path.relative_to(root).as_posix())
    rows = [r for n, r in enumerate(read_csv(path)[1], start=2) if n not in bad]
    levels = Counter(int(r["proposed_level"]) for r in rows)
    share = {lvl: levels[lvl] / len(rows) for lvl in range(1, 6)}
    assert 0.38 <= share[1] <= 0.54
    assert 0.33 <= share[2] <= 0.48
    assert 0.09 <= share[3] <= 0.18
    assert levels[4] >= 1 and levels[5] >= 1 and share[4] + share[5] <= 0.03
    operating = [r for r in rows if r["operation_status"] == "operating"]
    approved = [r for r in operating if r["dossier_status"] == "approved"]
    assert 0.76 <= len(approved) / len(operating) <= 0.94
    assert 200 <= len(rows) <= 600  # a few hundred systems at small scale
    # every indicator has material: plans, the four layers, checks old and recent
    truth = {"true": True, "1": True, "false": False, "0": False}
    assert {truth[r["plan_implemented"].lower()] for r in approved} == {True, False}
    for layer in ("layer_onsite", "layer_monitoring", "ncsc_connected"):
        assert {truth[r[layer].lower()] for r in operating} == {True, False}
    checks = [
        date.fromisoformat(r["last_independent_check_on"])
        for r in rows
        if r["last_independent_check_on"]
    ]
    assert any(c < END - timedelta(days=365) for c in checks)
    assert any(c >= END - timedelta(days=365) for c in checks)


def test_excel_export(root: Path, snapshots: dict) -> None:
    (path,) = sorted((root / "dossiers").glob("systems_*.xlsx"))
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Mã hệ thống")
    assert header_at >= 1, "title rows above the header"
    assert tuple(rows[header_at]) == VN_HEADERS
    data = [r for r in rows[header_at + 1 :] if any(v is not None for v in r)]
    assert len(data) >= 200
    assert {r[3] for r in data} <= {"Đang vận hành", "Đang xây dựng", "Ngừng vận hành"}
    assert "Đã phê duyệt" in {r[5] for r in data}
    assert {r[11] for r in data} == {"Có", "Không"}
    dates = [v for r in data for v in (r[6], r[7], r[13]) if v is not None]
    assert any(isinstance(v, datetime) for v in dates)
    assert any(isinstance(v, str) and re.fullmatch(r"\d{2}/\d{2}/\d{4}", v) for v in dates)
    day = datetime.strptime(path.stem.split("_")[1], "%Y%m%d").date()
    assert day not in snapshots, "that export comes as Excel only"


def test_assessments(root: Path, summary: DemoSummary, snapshots: dict) -> None:
    codes = {r["code"] for r in read_csv(root / "reference/requirements.csv")[1]}
    files = sorted((root / "dossiers").glob("assessments_*.csv"))
    assert files
    all_results = Counter()
    for path in files:
        rel = path.relative_to(root).as_posix()
        day = datetime.strptime(path.stem.split("_")[1], "%Y%m%d").date()
        header, rows = read_csv(path)
        assert header == ["system_id", "requirement_code", "result", "assessed_on"]
        keys = [(r["system_id"], r["requirement_code"]) for r in rows]
        assert len(keys) == len(set(keys))
        bad = bad_rows_of(summary, rel)
        for n, r in enumerate(rows, start=2):
            if n in bad:
                assert r["requirement_code"] not in codes
                continue
            assert r["requirement_code"] in codes
            assert r["result"] in {"met", "partial", "not_met", "not_applicable"}
            assert date.fromisoformat(r["assessed_on"]) <= day
            all_results[r["result"]] += 1
    assert all(all_results[k] > 0 for k in ("met", "partial", "not_met", "not_applicable"))


# -- feeds ------------------------------------------------------------------------------------


def test_botnet_reports(root: Path, summary: DemoSummary) -> None:
    files = sorted((root / "feeds/botnet").iterdir())
    layouts: Counter = Counter()
    allocations = [
        ipaddress.ip_network(r["cidr"]) for r in read_csv(root / "reference/ip_allocations.csv")[1]
    ]
    state_24s = {
        sub
        for n in allocations
        if n.version == 4 and n.prefixlen <= 24
        for sub in n.subnets(new_prefix=24)
    }
    inside = total = ipv6 = iso = evening = 0
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = read_text(path)
        first_line = text.split("\n", 1)[0]
        layout = {EVENT4: "event4", EVENT4_HTTP: "event4_http", DRONE: "drone"}[first_line]
        layouts[(layout, path.name.endswith(".gz"))] += 1
        header, rows = read_csv(path)
        column = "ip" if layout == "drone" else "src_ip"
        bad = bad_rows_of(summary, rel)
        for n, r in enumerate(rows, start=2):
            if n in bad:
                with pytest.raises(ValueError):
                    ipaddress.ip_address(r[column])
                continue
            address = ipaddress.ip_address(r[column])
            ts = parse_utc(r["timestamp"])
            iso += r["timestamp"].endswith("Z")
            total += 1
            if address.version == 6:
                ipv6 += 1
            elif ipaddress.ip_network(f"{address}/24", strict=False) in state_24s:
                inside += 1
            nxt = ts.date() + timedelta(days=1)
            evening += nxt.day == 1 and ts.hour >= 17
    assert {k[0] for k in layouts} >= {"event4", "drone"}
    assert any(gz for _, gz in layouts) and any(not gz for _, gz in layouts)
    assert layouts[("event4", False)] + layouts[("event4", True)] > DAYS / 2
    assert 100 <= total / DAYS <= 1000  # a few hundred rows a day
    assert 0 < inside < total * 0.3, "a small share inside the state blocks"
    assert ipv6 > 0 and iso > 0 and evening > 0


def test_webscan_runs(root: Path) -> None:
    domains = {r["domain"] for r in read_csv(root / "reference/domains.csv")[1]}
    runs = sorted((root / "feeds/webscan").glob("pshtt_*.csv"))
    assert len(runs) >= 12
    times = [datetime.strptime(p.stem.split("_")[1], "%Y%m%dT%H%M%SZ") for p in runs]
    assert any(t.hour == 16 and t.minute == 30 and (t + timedelta(days=1)).day == 1 for t in times)
    upper = 0
    for path in runs:
        text = read_text(path)
        assert text.split("\n", 1)[0] == PSHTT
        _, rows = read_csv(path)
        listed = {r["domain"].lower() for r in rows}
        assert listed <= domains
        assert len(listed) >= 0.8 * len(domains), "most domains in each run"
        upper += sum(r["domain"] != r["domain"].lower() for r in rows)
        for r in rows:
            assert r["live"] in ("True", "False")
            for col in (
                "domain supports https",
                "domain enforces https",
                "domain uses strong hsts",
            ):
                assert r[col] in ("True", "False")
            if r["domain enforces https"] == "True":
                assert r["domain supports https"] == "True"
        assert any(v == "" for r in rows for v in r.values()), "some empty cells"
    assert upper > 0


def test_warnings_feed(root: Path, summary: DemoSummary, agencies: dict) -> None:
    files = sorted((root / "feeds/warnings").glob("warnings_*.jsonl"))
    assert len(files) > DAYS / 2
    seen: Counter = Counter()
    issued: dict[str, dict] = {}
    late = 0
    for path in files:
        rel = path.relative_to(root).as_posix()
        file_day = datetime.strptime(path.stem.split("_")[1], "%Y%m%d").date()
        bad = bad_rows_of(summary, rel)
        for n, line in enumerate(read_text(path).splitlines(), start=1):
            if n in bad:
                continue
            event = json.loads(line)
            assert event["event"] in {"issued", "remediated", "reopened", "withdrawn"}
            at = datetime.fromisoformat(event["at"])
            assert event["at"].endswith("+07:00") and at.date() <= file_day
            late += at.date() < file_day
            seen[line] += 1
            if event["event"] == "issued":
                assert event["agency_code"] in agencies
                assert re.fullmatch(r"CVE-\d{4}-\d{4,}", event["cve"])
                assert event["severity"] in {"critical", "high", "medium", "low"}
                assert date.fromisoformat(event["deadline"]) > at.date()
                issued[event["warning_id"]] = event
    assert late > 0, "some events arrive in later files"
    assert any(c > 1 for c in seen.values()), "some events arrive twice"
    kinds = Counter(json.loads(line)["event"] for line in seen)
    assert all(kinds[k] > 0 for k in ("issued", "remediated", "reopened", "withdrawn"))
    assert any("system_id" in e for e in issued.values())


def test_heartbeats(root: Path, snapshots: dict) -> None:
    latest = read_csv(snapshots[max(snapshots)])[1]
    connected = {r["system_id"] for r in latest if r["ncsc_connected"].lower() in ("true", "1")}
    beating: set[str] = set()
    for path in sorted((root / "feeds/heartbeats").glob("heartbeats_*.jsonl")):
        day = datetime.strptime(path.stem.split("_")[1], "%Y%m%d").date()
        lo = datetime(day.year, day.month, day.day) - timedelta(hours=7)
        for line in read_text(path).splitlines():
            beat = json.loads(line)
            assert set(beat) == {"system_id", "sensor_id", "at"}
            at = parse_utc(beat["at"])
            assert beat["at"].endswith("Z") and lo <= at < lo + timedelta(days=1)
            beating.add(beat["system_id"])
    assert beating and beating <= {r["system_id"] for r in latest}
    assert connected - beating, "some declared-connected systems send nothing"


def test_deliberate_bad_rows_are_listed_and_really_bad(root: Path, summary: DemoSummary) -> None:
    bad = summary.deliberate_bad_rows
    assert 3 <= len(bad) <= 10
    assert len({b["file"] for b in bad}) >= 2
    for b in bad:
        assert set(b) >= {"file", "row", "column", "reason"} and b["reason"]
        path = root / str(b["file"])
        assert path.is_file()
        row = int(str(b["row"]))
        if path.name.endswith(".jsonl"):
            line = read_text(path).splitlines()[row - 1]
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                assert b["column"] is None
                continue
            assert obj[b["column"]] not in {"critical", "high", "medium", "low"}
            continue
        header, rows = read_csv(path)
        value = rows[row - 2][str(b["column"])]
        if b["column"] in ("src_ip", "ip"):
            with pytest.raises(ValueError):
                ipaddress.ip_address(value)
        elif b["column"] == "proposed_level":
            assert not 1 <= int(value) <= 5
        elif b["column"] == "owner_code":
            agencies = {r["code"] for r in read_csv(root / "reference/agencies.csv")[1]}
            assert value not in agencies
        elif b["column"] == "requirement_code":
            codes = {r["code"] for r in read_csv(root / "reference/requirements.csv")[1]}
            assert value not in codes


def test_rejects_unknown_scale(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_landing_zone(tmp_path, scale="huge", progress=False)


def test_short_period_and_default_end(tmp_path: Path) -> None:
    s = generate_landing_zone(tmp_path / "short", days=5, progress=False)
    assert s.days == 5 and (s.end - s.start).days == 4
    assert s.end < date.today() + timedelta(days=1)
    snapshots = [r for r in s.files if r.startswith("dossiers/systems_")]
    assert any(r.endswith(".csv") for r in snapshots) and any(
        r.endswith(".xlsx") for r in snapshots
    )


# -- national scale (slow; ATTT_SLOW=1) -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("ATTT_SLOW") != "1", reason="set ATTT_SLOW=1 to run")
def test_national_scale_sanity(tmp_path: Path) -> None:
    s = generate_landing_zone(tmp_path / "nat", scale="national", days=3, end=END, progress=False)
    assert 8000 <= int(str(s.stats["systems"])) <= 9000
    assert 0.76 <= float(str(s.stats["approval_rate"])) <= 0.94
    mix = s.stats["proposed_level_mix"]
    assert isinstance(mix, dict)
    total = sum(mix.values())
    assert abs(mix[1] / total - 3309 / 7206) < 0.02 and abs(mix[3] / total - 955 / 7206) < 0.02
    import duckdb

    files = sorted((s.out_dir / "feeds/botnet").glob(f"{END.isoformat()}-*"))
    parts = [
        f"SELECT {'ip' if 'drone' in p.name else 'src_ip'} AS ip "
        f"FROM read_csv('{p}', all_varchar = true)"
        for p in files
        if "-resent." not in p.name
    ]
    assert parts
    query = f"SELECT count(DISTINCT ip) FROM ({' UNION ALL '.join(parts)})"
    (distinct,) = duckdb.connect().execute(query).fetchall()[0]
    assert 400_000 <= distinct <= 560_000
