"""Landing files in the real layouts, written by the tests themselves: the national CERT's
Shadowserver reports (the infected-system layouts, the old HTTP-drone layouts and scan reports
that do not belong in the botnet feed) and the platform's exports, from the headers of the
landing-zone contract (docs/landing-zone.md) and of the providers' published report formats."""

from __future__ import annotations

import gzip
from pathlib import Path

EVENT4 = (
    "timestamp,protocol,src_ip,src_port,src_asn,src_geo,src_region,src_city,src_hostname,"
    "src_naics,src_sector,device_vendor,device_type,device_model,severity,dst_ip,dst_port,"
    "dst_asn,dst_geo,dst_region,dst_city,dst_hostname,dst_naics,dst_sector,public_source,"
    "infection,family,tag,application,version,event_id,ssl_cipher,ssl_servername"
)
EVENT4_HTTP = EVENT4 + ",http_url,http_host,http_agent,forwarded_by,http_referer,machine_name"
# The drone report as the contract lists it, and as real reports send it: with `family`.
DRONE = (
    "timestamp,ip,port,asn,geo,region,city,hostname,type,infection,url,agent,cc,cc_port,cc_asn,"
    "cc_geo,cc_dns,count,proxy,application,p0f_genre,p0f_detail,machine_name,id,naics,sic"
)
DRONE_WITH_FAMILY = DRONE + ",family,tag,public_source"
SINKHOLE_HTTP_DRONE = (
    "timestamp,ip,asn,geo,url,type,http_agent,tor,src_port,p0f_genre,p0f_detail,hostname,"
    "dst_port,http_host,http_referer,http_referer_asn,http_referer_geo,http_referer_ip,dst_ip,"
    "dst_asn,dst_geo,naics,sic"
)
MICROSOFT_SINKHOLE = (
    "timestamp,ip,asn,geo,url,type,http_agent,tor,src_port,p0f_genre,p0f_detail,hostname,"
    "dst_port,http_host,http_referer,http_referer_asn,http_referer_geo,dst_ip,dst_asn,dst_geo,"
    "naics,sic"
)
SCAN_FTP = (
    "timestamp,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,sic,banner,handshake,"
    "cipher_suite,cert_length,subject_common_name,issuer_common_name,sector"
)
SCAN6_TELNET = "timestamp,ip,protocol,port,hostname,tag,asn,geo,region,city,naics,sic,banner"

HEADERS = {
    "event4_sinkhole": EVENT4,
    "event4_sinkhole_http": EVENT4_HTTP,
    "botnet_drone": DRONE_WITH_FAMILY,
    "drone": DRONE,
    "sinkhole_http_drone": SINKHOLE_HTTP_DRONE,
    "microsoft_sinkhole": MICROSOFT_SINKHOLE,
    "scan_ftp": SCAN_FTP,
    "scan6_telnet": SCAN6_TELNET,
}


def report_row(header: str, **cells: str) -> str:
    """A row of a report: the given cells by column name, every other cell empty."""
    names = header.split(",")
    unknown = set(cells) - set(names)
    assert not unknown, unknown
    return ",".join(cells.get(name, "") for name in names)


def infected(header: str, at: str, address: str, port: str = "4444", infection: str = "mirai",
             family: str = "mirai", asn: str = "45899") -> str:  # fmt: skip
    """One infected-system sighting in any of the sinkhole layouts."""
    names = set(header.split(","))
    cells = {"timestamp": at}
    if "src_ip" in names:
        cells |= {"src_ip": address, "src_port": port, "src_asn": asn, "protocol": "tcp"}
    else:
        cells |= {"ip": address, "asn": asn}
        cells["src_port" if "src_port" in names else "port"] = port
    if "infection" in names:
        cells["infection"] = infection
    elif "type" in names:
        cells["type"] = infection
    if "family" in names:
        cells["family"] = family
    return report_row(header, **cells)


def write_report(landing: Path, name: str, header: str, rows: list[str], *, gz: bool = False,
                 line_end: str = "\n", bom: bool = False) -> str:  # fmt: skip
    """Write feeds/botnet/<name> and return its landing path."""
    rel = f"feeds/botnet/{name}"
    text = ("\ufeff" if bom else "") + line_end.join([header, *rows]) + line_end
    data = text.encode("utf-8")
    path = landing / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if gz else data)
    return rel


PSHTT = (
    "Domain,Base Domain,Canonical URL,Live,HTTPS Live,HTTPS Full Connection,"
    "HTTPS Client Auth Required,Redirect,Redirect To,Valid HTTPS,HTTPS Publicly Trusted,"
    "HTTPS Custom Truststore Trusted,Defaults to HTTPS,Downgrades HTTPS,Strictly Forces HTTPS,"
    "HTTPS Bad Chain,HTTPS Bad Hostname,HTTPS Expired Cert,HTTPS Self Signed Cert,HSTS,"
    "HSTS Header,HSTS Max Age,HSTS Entire Domain,HSTS Preload Ready,HSTS Preload Pending,"
    "HSTS Preloaded,Base Domain HSTS Preloaded,Domain Supports HTTPS,Domain Enforces HTTPS,"
    "Domain Uses Strong HSTS,IP,Server Header,Server Version,HTTPS Cert Chain Length,"
    "HTTPS Probably Missing Intermediate Cert,Notes,Unknown Error"
)


def pshtt_row(domain: str, live: bool = True, secure: bool = True) -> str:
    """One pshtt result: a live domain that supports and enforces HTTPS with strong HSTS (or
    none of it)."""
    flag = "True" if secure else "False"
    cells = dict.fromkeys(PSHTT.split(","), "False")
    cells |= {
        "Domain": domain,
        "Base Domain": domain,
        "Canonical URL": f"https://{domain}",
        "Live": "True" if live else "False",
        "Redirect To": "",
        "HSTS Header": "",
        "HSTS Max Age": "31536000" if secure else "",
        "IP": "203.113.1.10",
        "Server Header": "nginx",
        "Server Version": "",
        "HTTPS Cert Chain Length": "3",
        "Notes": "",
        "Unknown Error": "",
        "Domain Supports HTTPS": flag,
        "Domain Enforces HTTPS": flag,
        "Domain Uses Strong HSTS": flag,
    }
    return ",".join(cells[c] for c in PSHTT.split(","))
