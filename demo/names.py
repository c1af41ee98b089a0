"""Vietnamese names the demo landing zone is built from: agencies, their sub-units, systems.

Static content only. The 34 provinces and centrally-run cities are NOT listed here: they come from
the `vietnam-provinces` package (see :mod:`demo.agencies`). Ministries and agencies are
those of the government after the March 2025 reorganisation.
"""

from __future__ import annotations

from typing import NamedTuple


class TopUnit(NamedTuple):
    code: str
    name: str
    kind: str
    domain: str  # the unit's main web domain
    size: float  # relative number of information systems
    critical: bool = False  # may own level 4 and level 5 systems


MINISTRIES: tuple[TopUnit, ...] = (
    TopUnit("BQP", "Bộ Quốc phòng", "ministry", "mod.gov.vn", 2.0, True),
    TopUnit("BCA", "Bộ Công an", "ministry", "bocongan.gov.vn", 2.2, True),
    TopUnit("BNG", "Bộ Ngoại giao", "ministry", "mofa.gov.vn", 0.9),
    TopUnit("BNV", "Bộ Nội vụ", "ministry", "moha.gov.vn", 1.2),
    TopUnit("BTP", "Bộ Tư pháp", "ministry", "moj.gov.vn", 1.0),
    TopUnit("BTC", "Bộ Tài chính", "ministry", "mof.gov.vn", 2.6, True),
    TopUnit("BCT", "Bộ Công Thương", "ministry", "moit.gov.vn", 1.1),
    TopUnit("BNNMT", "Bộ Nông nghiệp và Môi trường", "ministry", "mae.gov.vn", 1.4),
    TopUnit("BXD", "Bộ Xây dựng", "ministry", "moc.gov.vn", 1.3),
    TopUnit("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", "ministry", "bvhttdl.gov.vn", 0.9),
    TopUnit("BKHCN", "Bộ Khoa học và Công nghệ", "ministry", "mst.gov.vn", 1.3, True),
    TopUnit("BGDDT", "Bộ Giáo dục và Đào tạo", "ministry", "moet.gov.vn", 1.1),
    TopUnit("BYT", "Bộ Y tế", "ministry", "moh.gov.vn", 1.4),
    TopUnit("BDTTG", "Bộ Dân tộc và Tôn giáo", "ministry", "bdttg.gov.vn", 0.6),
    TopUnit("VPCP", "Văn phòng Chính phủ", "ministerial_agency", "vpcp.gov.vn", 1.0, True),
    TopUnit("TTCP", "Thanh tra Chính phủ", "ministerial_agency", "thanhtra.gov.vn", 0.6),
    TopUnit("NHNN", "Ngân hàng Nhà nước Việt Nam", "ministerial_agency", "sbv.gov.vn", 1.5, True),
    TopUnit("VTV", "Đài Truyền hình Việt Nam", "government_agency", "vtv.gov.vn", 0.7),
    TopUnit("VOV", "Đài Tiếng nói Việt Nam", "government_agency", "vov.gov.vn", 0.6),
    TopUnit("TTXVN", "Thông tấn xã Việt Nam", "government_agency", "ttxvn.gov.vn", 0.5),
    TopUnit(
        "VASS", "Viện Hàn lâm Khoa học xã hội Việt Nam", "government_agency", "vass.gov.vn", 0.4
    ),
    TopUnit(
        "VAST",
        "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        "government_agency",
        "vast.gov.vn",
        0.5,
    ),
)

SECTORS: tuple[TopUnit, ...] = (
    TopUnit(
        "VIETTEL",
        "Tập đoàn Công nghiệp - Viễn thông Quân đội",
        "sector",
        "viettel.com.vn",
        1.8,
        True,
    ),
    TopUnit("VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam", "sector", "vnpt.vn", 1.6, True),
    TopUnit("MOBIFONE", "Tổng công ty Viễn thông MobiFone", "sector", "mobifone.vn", 0.9),
    TopUnit("EVN", "Tập đoàn Điện lực Việt Nam", "sector", "evn.com.vn", 1.6, True),
    TopUnit(
        "PVN", "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam", "sector", "pvn.vn", 1.1, True
    ),
    TopUnit(
        "TKV", "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam", "sector", "vinacomin.vn", 0.7
    ),
    TopUnit("PLX", "Tập đoàn Xăng dầu Việt Nam", "sector", "petrolimex.com.vn", 0.6),
    TopUnit("VNA", "Tổng công ty Hàng không Việt Nam", "sector", "vietnamairlines.com", 0.9, True),
    TopUnit("ACV", "Tổng công ty Cảng hàng không Việt Nam", "sector", "vietnamairport.vn", 0.7),
    TopUnit("VNR", "Tổng công ty Đường sắt Việt Nam", "sector", "vr.com.vn", 0.5),
    # No system of it is on the platform yet (size 0): its score lacks the dossier indicators,
    # so every month has a unit that is not ranked, with its reason.
    TopUnit("VIMC", "Tổng công ty Hàng hải Việt Nam", "sector", "vimc.co", 0.0),
    TopUnit("VNPOST", "Tổng công ty Bưu điện Việt Nam", "sector", "vnpost.vn", 0.6),
    TopUnit(
        "AGRIBANK",
        "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
        "sector",
        "agribank.com.vn",
        1.2,
        True,
    ),
    TopUnit(
        "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "sector", "bidv.com.vn", 1.1, True
    ),
    TopUnit(
        "VCB", "Ngân hàng TMCP Ngoại thương Việt Nam", "sector", "vietcombank.com.vn", 1.1, True
    ),
    TopUnit(
        "VIETINBANK",
        "Ngân hàng TMCP Công thương Việt Nam",
        "sector",
        "vietinbank.vn",
        1.1,
        True,
    ),
    TopUnit("VBSP", "Ngân hàng Chính sách xã hội", "sector", "vbsp.org.vn", 0.6),
)

# Sub-units every ministry-level unit may have, then the ones particular to each.
MINISTRY_COMMON_UNITS: tuple[str, ...] = (
    "Văn phòng",
    "Trung tâm Công nghệ thông tin",
    "Vụ Tổ chức cán bộ",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Pháp chế",
    "Vụ Hợp tác quốc tế",
    "Thanh tra",
    "Trung tâm Dữ liệu",
    "Ban Quản lý dự án",
)

MINISTRY_UNITS: dict[str, tuple[str, ...]] = {
    "BQP": (
        "Bộ Tư lệnh Tác chiến không gian mạng",
        "Ban Cơ yếu Chính phủ",
        "Cục Công nghệ thông tin",
        "Bệnh viện Trung ương Quân đội 108",
        "Cục Tài chính",
    ),
    "BCA": (
        "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "Cục Quản lý xuất nhập cảnh",
        "Cục Cảnh sát giao thông",
        "Trung tâm Dữ liệu quốc gia",
    ),
    "BNG": ("Cục Lãnh sự", "Cục Lễ tân Nhà nước", "Học viện Ngoại giao", "Vụ Thông tin Báo chí"),
    "BNV": (
        "Cục Việc làm",
        "Cục Văn thư và Lưu trữ nhà nước",
        "Ban Thi đua - Khen thưởng Trung ương",
        "Cục Bảo trợ xã hội",
    ),
    "BTP": (
        "Cục Quản lý thi hành án dân sự",
        "Cục Đăng ký quốc gia giao dịch bảo đảm",
        "Cục Hộ tịch, quốc tịch, chứng thực",
        "Cục Con nuôi",
    ),
    "BTC": (
        "Cục Thuế",
        "Cục Hải quan",
        "Kho bạc Nhà nước",
        "Cục Thống kê",
        "Bảo hiểm xã hội Việt Nam",
        "Ủy ban Chứng khoán Nhà nước",
        "Cục Quản lý đăng ký kinh doanh",
    ),
    "BCT": (
        "Cục Xuất nhập khẩu",
        "Cục Điện lực",
        "Cục Thương mại điện tử và Kinh tế số",
        "Cục Quản lý và Phát triển thị trường trong nước",
    ),
    "BNNMT": (
        "Cục Quản lý đất đai",
        "Cục Khí tượng Thủy văn",
        "Cục Thủy lợi",
        "Cục Trồng trọt và Bảo vệ thực vật",
        "Cục Biến đổi khí hậu",
        "Cục Chăn nuôi và Thú y",
    ),
    "BXD": (
        "Cục Đường bộ Việt Nam",
        "Cục Hàng không Việt Nam",
        "Cục Hàng hải và Đường thủy Việt Nam",
        "Cục Đường sắt Việt Nam",
        "Cục Đăng kiểm Việt Nam",
    ),
    "BVHTTDL": (
        "Cục Du lịch Quốc gia Việt Nam",
        "Cục Di sản văn hóa",
        "Cục Thể dục thể thao Việt Nam",
        "Cục Báo chí",
        "Cục Phát thanh, truyền hình và thông tin điện tử",
    ),
    "BKHCN": (
        "Cục Viễn thông",
        "Cục Bưu điện Trung ương",
        "Cục Sở hữu trí tuệ",
        "Cục Chuyển đổi số quốc gia",
        "Cục Tần số vô tuyến điện",
        "Trung tâm Internet Việt Nam",
    ),
    "BGDDT": (
        "Cục Quản lý chất lượng",
        "Cục Khoa học, Công nghệ và Thông tin",
        "Cục Nhà giáo và Cán bộ quản lý giáo dục",
        "Vụ Giáo dục Đại học",
        "Vụ Giáo dục Phổ thông",
    ),
    "BYT": (
        "Cục Quản lý Khám, chữa bệnh",
        "Cục Quản lý Dược",
        "Cục An toàn thực phẩm",
        "Cục Phòng bệnh",
        "Bệnh viện Bạch Mai",
        "Bệnh viện Chợ Rẫy",
        "Bệnh viện Trung ương Huế",
    ),
    "BDTTG": ("Vụ Chính sách dân tộc", "Ban Tôn giáo Chính phủ", "Học viện Dân tộc"),
    "VPCP": (
        "Cục Kiểm soát thủ tục hành chính",
        "Cổng Thông tin điện tử Chính phủ",
        "Cục Hành chính - Quản trị",
    ),
    "TTCP": (
        "Cục Chống tham nhũng",
        "Cục Giải quyết khiếu nại, tố cáo",
        "Trường Cán bộ Thanh tra",
    ),
    "NHNN": (
        "Cục Công nghệ thông tin",
        "Cục Thanh toán",
        "Cục Phòng, chống rửa tiền",
        "Sở Giao dịch",
        "Trung tâm Thông tin tín dụng Quốc gia",
        "Chi nhánh Khu vực 1",
        "Chi nhánh Khu vực 2",
    ),
    "VTV": (
        "Trung tâm Kỹ thuật Truyền hình",
        "Trung tâm Tin tức VTV24",
        "Đài Truyền hình Việt Nam tại Thành phố Hồ Chí Minh",
    ),
    "VOV": ("Trung tâm Kỹ thuật Phát thanh", "Báo điện tử VOV", "Kênh VOV Giao thông"),
    "TTXVN": ("Trung tâm Thông tin tư liệu", "Báo Tin tức", "Trung tâm Kỹ thuật Thông tin"),
    "VASS": (
        "Viện Kinh tế Việt Nam và Thế giới",
        "Viện Xã hội học và Tâm lý học",
        "Học viện Khoa học xã hội",
    ),
    "VAST": (
        "Viện Công nghệ thông tin",
        "Viện Vật lý",
        "Trung tâm Vũ trụ Việt Nam",
        "Bảo tàng Thiên nhiên Việt Nam",
    ),
}

SECTOR_COMMON_UNITS: tuple[str, ...] = (
    "Trung tâm Công nghệ thông tin",
    "Ban Quản lý rủi ro",
    "Trung tâm Dữ liệu dự phòng",
)

SECTOR_UNITS: dict[str, tuple[str, ...]] = {
    "VIETTEL": (
        "Tổng Công ty Viễn thông Viettel",
        "Tổng Công ty Giải pháp Doanh nghiệp Viettel",
        "Công ty An ninh mạng Viettel",
        "Trung tâm Dữ liệu Viettel IDC",
        "Tổng Công ty Mạng lưới Viettel",
    ),
    "VNPT": (
        "Tổng công ty Dịch vụ Viễn thông",
        "Công ty Công nghệ thông tin VNPT",
        "Tổng công ty Hạ tầng mạng",
        "Công ty An ninh mạng VNPT",
    ),
    "MOBIFONE": (
        "Công ty Dịch vụ MobiFone Khu vực 1",
        "Công ty Dịch vụ MobiFone Khu vực 2",
        "Trung tâm Mạng lưới MobiFone miền Bắc",
    ),
    "EVN": (
        "Tổng công ty Điện lực miền Bắc",
        "Tổng công ty Điện lực miền Trung",
        "Tổng công ty Điện lực miền Nam",
        "Tổng công ty Điện lực Thành phố Hà Nội",
        "Tổng công ty Điện lực Thành phố Hồ Chí Minh",
        "Tổng công ty Truyền tải điện Quốc gia",
        "Công ty Vận hành hệ thống điện và thị trường điện Quốc gia",
    ),
    "PVN": (
        "Tổng công ty Thăm dò Khai thác Dầu khí",
        "Tổng công ty Khí Việt Nam",
        "Tổng công ty Điện lực Dầu khí Việt Nam",
        "Công ty Lọc hóa dầu Bình Sơn",
    ),
    "TKV": ("Tổng công ty Khoáng sản", "Công ty Than Hà Lầm", "Công ty Than Mạo Khê"),
    "PLX": ("Công ty Xăng dầu Khu vực I", "Công ty Xăng dầu Khu vực II"),
    "VNA": (
        "Trung tâm Khai thác Nội Bài",
        "Trung tâm Khai thác Tân Sơn Nhất",
        "Công ty Kỹ thuật máy bay",
    ),
    "ACV": (
        "Cảng hàng không quốc tế Nội Bài",
        "Cảng hàng không quốc tế Tân Sơn Nhất",
        "Cảng hàng không quốc tế Đà Nẵng",
    ),
    "VNR": (
        "Trung tâm Điều hành vận tải đường sắt",
        "Ban Quản lý dự án Đường sắt",
    ),
    "VNPOST": (
        "Bưu điện Thành phố Hà Nội",
        "Bưu điện Thành phố Hồ Chí Minh",
        "Tổng công ty Chuyển phát nhanh Bưu điện",
    ),
    "AGRIBANK": ("Sở Giao dịch", "Chi nhánh Hà Nội", "Chi nhánh Thành phố Hồ Chí Minh"),
    "BIDV": ("Sở Giao dịch 1", "Chi nhánh Hà Nội", "Trung tâm Thẻ"),
    "VCB": ("Sở Giao dịch", "Chi nhánh Đà Nẵng", "Trung tâm Thẻ"),
    "VIETINBANK": ("Sở Giao dịch", "Chi nhánh Hà Nội", "Trung tâm Thẻ"),
    "VBSP": ("Sở Giao dịch", "Chi nhánh Thành phố Hà Nội"),
}

# Provincial departments after the 2025 reorganisation; each is followed by the name of the
# province ("Sở Y tế tỉnh Nghệ An", "Sở Y tế thành phố Hà Nội").
PROVINCE_UNITS: tuple[str, ...] = (
    "Văn phòng Ủy ban nhân dân",
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra",
    "Ban Quản lý các khu công nghiệp",
    "Báo và Phát thanh, Truyền hình",
    "Sở Ngoại vụ",
)

# Second-level units: (parent department, unit).
PROVINCE_NESTED_UNITS: tuple[tuple[str, str], ...] = (
    ("Sở Khoa học và Công nghệ", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ("Văn phòng Ủy ban nhân dân", "Trung tâm Phục vụ hành chính công"),
    ("Sở Y tế", "Bệnh viện Đa khoa"),
    ("Sở Y tế", "Trung tâm Kiểm soát bệnh tật"),
    ("Sở Nông nghiệp và Môi trường", "Văn phòng Đăng ký đất đai"),
    ("Sở Giáo dục và Đào tạo", "Trung tâm Giáo dục thường xuyên"),
)

# A unit created during the period (valid only from mid-period), under a province.
NEW_UNIT_NAME = "Trung tâm Dữ liệu và Chuyển đổi số"

# Second-level unit names under a ministry or sector sub-unit.
NESTED_GENERIC_UNITS: tuple[str, ...] = ("Phòng Hạ tầng kỹ thuật", "Phòng An toàn thông tin")

# The province merged away before 2025-07-01 (Resolution 202/2025/QH15): Hòa Bình, now part of
# Phú Thọ. Its code, name and the codename of its successor.
MERGED_PROVINCE = ("HB", "Hòa Bình", "phu_tho")

# Information systems: common ones, then by the kind of owner.
SYSTEM_COMMON: tuple[str, ...] = (
    "Hệ thống quản lý văn bản và điều hành",
    "Hệ thống thư điện tử công vụ",
    "Hệ thống mạng nội bộ (LAN)",
    "Hệ thống hội nghị truyền hình trực tuyến",
    "Hệ thống quản lý cán bộ, công chức",
    "Hệ thống kế toán - tài chính",
    "Hệ thống họp không giấy",
    "Hệ thống báo cáo thống kê",
    "Hệ thống sao lưu dự phòng",
    "Hệ thống quản lý tài sản công",
    "Hệ thống chữ ký số chuyên dùng",
    "Hệ thống tổng đài hỗ trợ",
)
PORTAL = "Cổng thông tin điện tử"
SYSTEM_BY_KIND: dict[str, tuple[str, ...]] = {
    "ministry": (
        "Cổng dịch vụ công",
        "Cơ sở dữ liệu chuyên ngành",
        "Hệ thống thông tin giải quyết thủ tục hành chính",
        "Hệ thống thông tin báo cáo chuyên ngành",
        "Trung tâm dữ liệu",
        "Hệ thống giám sát an toàn thông tin (SOC)",
    ),
    "province": (
        "Hệ thống thông tin giải quyết thủ tục hành chính",
        "Trung tâm điều hành thông minh (IOC)",
        "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        "Hệ thống camera giám sát giao thông",
        "Cơ sở dữ liệu đất đai",
        "Hệ thống quản lý hồ sơ sức khỏe điện tử",
        "Hệ thống quản lý trường học",
        "Hệ thống một cửa điện tử",
    ),
    "sector": (
        "Hệ thống quản lý khách hàng (CRM)",
        "Hệ thống hoạch định nguồn lực doanh nghiệp (ERP)",
        "Hệ thống tính cước và chăm sóc khách hàng",
        "Ứng dụng di động chăm sóc khách hàng",
        "Trung tâm dữ liệu",
        "Hệ thống giám sát an toàn thông tin (SOC)",
    ),
}
# Systems that may be approved at level 4 or 5 (critical infrastructure).
SYSTEM_CRITICAL: tuple[str, ...] = (
    "Hệ thống thanh toán điện tử liên ngân hàng",
    "Hệ thống ngân hàng lõi (Core Banking)",
    "Hệ thống SCADA điều độ hệ thống điện quốc gia",
    "Cơ sở dữ liệu quốc gia",
    "Hệ thống điều hành mạng viễn thông lõi",
    "Hệ thống quản lý thuế tập trung",
    "Hệ thống thông tin chỉ huy, điều hành",
    "Hệ thống điều hành bay",
)
