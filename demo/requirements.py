"""The requirement catalogue of the demo (reference/requirements.csv).

Modelled on the basic requirements by security level of Thông tư 12/2022/TT-BTTTT (and TCVN
11930:2017): management requirements (``QL``) and technical requirements (``KT``), each first
applying at a level 1..5 and to every level above.
Codes are ``<group>.<min_level>.<n>``, numbered within group and level.
"""

from __future__ import annotations

from dataclasses import dataclass

MANAGEMENT_AREAS = (
    "policy",
    "organisation",
    "personnel",
    "design_build",
    "operations",
    "risk_management",
)
TECHNICAL_AREAS = ("network", "server", "application", "data")

# area -> [(min_level, title)], in increasing strictness.
TITLES: dict[str, tuple[tuple[int, str], ...]] = {
    "policy": (
        (1, "Ban hành chính sách an toàn thông tin của hệ thống"),
        (1, "Quy định phạm vi, đối tượng áp dụng chính sách an toàn thông tin"),
        (2, "Xây dựng và công bố quy chế bảo đảm an toàn thông tin"),
        (2, "Rà soát, cập nhật chính sách an toàn thông tin định kỳ"),
        (3, "Quy trình xây dựng và phê duyệt chính sách an toàn thông tin"),
        (3, "Quản lý tài liệu chính sách an toàn thông tin"),
        (4, "Đánh giá hiệu quả thực thi chính sách an toàn thông tin hằng năm"),
        (5, "Rà soát chính sách khi có thay đổi lớn về tổ chức, công nghệ"),
    ),
    "organisation": (
        (1, "Phân công cán bộ phụ trách an toàn thông tin"),
        (1, "Quy định trách nhiệm của chủ quản hệ thống thông tin"),
        (2, "Chỉ định bộ phận chuyên trách an toàn thông tin"),
        (2, "Quy chế phối hợp với cơ quan chức năng về an toàn thông tin"),
        (3, "Thiết lập đầu mối ứng cứu sự cố an toàn thông tin"),
        (4, "Tổ chức đội ứng cứu sự cố chuyên trách 24/7"),
        (5, "Phối hợp với Trung tâm Giám sát an toàn không gian mạng quốc gia"),
    ),
    "personnel": (
        (1, "Phổ biến quy định an toàn thông tin khi tuyển dụng"),
        (1, "Quy định trách nhiệm khi chấm dứt hoặc thay đổi công việc"),
        (2, "Đào tạo, bồi dưỡng kiến thức an toàn thông tin hằng năm"),
        (2, "Thu hồi quyền truy cập khi cán bộ nghỉ việc"),
        (3, "Kiểm tra kiến thức an toàn thông tin của cán bộ vận hành"),
        (3, "Cam kết bảo mật thông tin của nhân sự bên thứ ba"),
        (4, "Diễn tập thực chiến an toàn thông tin định kỳ"),
    ),
    "design_build": (
        (1, "Xác định yêu cầu an toàn thông tin khi thiết kế hệ thống"),
        (1, "Thuyết minh phương án bảo đảm an toàn thông tin theo cấp độ"),
        (2, "Kiểm thử an toàn hệ thống trước khi đưa vào vận hành"),
        (2, "Quản lý mã nguồn và phiên bản phần mềm"),
        (3, "Đánh giá an toàn thông tin của nhà cung cấp dịch vụ thuê ngoài"),
        (3, "Tách biệt môi trường phát triển, kiểm thử và vận hành"),
        (4, "Kiểm tra mã nguồn trước khi triển khai"),
        (5, "Thẩm định thiết kế bởi tổ chức độc lập"),
    ),
    "operations": (
        (1, "Quản lý, vận hành hệ thống theo quy trình được phê duyệt"),
        (1, "Quản lý thay đổi cấu hình hệ thống"),
        (2, "Theo dõi, giám sát hoạt động của hệ thống"),
        (2, "Sao lưu dữ liệu định kỳ"),
        (3, "Quản lý bản vá và cập nhật phần mềm"),
        (3, "Quy trình ứng cứu sự cố an toàn thông tin"),
        (4, "Phương án dự phòng, khôi phục sau thảm họa"),
        (4, "Giám sát an toàn thông tin tập trung 24/7"),
        (5, "Diễn tập phương án khôi phục hệ thống hằng năm"),
    ),
    "risk_management": (
        (1, "Nhận diện tài sản và rủi ro an toàn thông tin"),
        (2, "Đánh giá rủi ro an toàn thông tin định kỳ"),
        (2, "Kiểm tra, đánh giá an toàn thông tin hằng năm"),
        (3, "Kế hoạch xử lý rủi ro được phê duyệt"),
        (3, "Kiểm tra, đánh giá bởi tổ chức độc lập"),
        (4, "Đánh giá rủi ro khi có thay đổi hệ thống"),
        (5, "Quản lý rủi ro chuỗi cung ứng"),
    ),
    "network": (
        (1, "Thiết lập vùng mạng và phân tách vùng mạng"),
        (1, "Kiểm soát truy cập từ bên ngoài vào mạng"),
        (1, "Nhật ký hoạt động của thiết bị mạng"),
        (2, "Phòng chống xâm nhập tại biên mạng"),
        (2, "Bảo vệ thiết bị hệ thống mạng"),
        (2, "Kiểm soát truy cập từ bên trong mạng"),
        (3, "Thiết lập vùng mạng DMZ riêng cho máy chủ công cộng"),
        (3, "Phòng chống tấn công từ chối dịch vụ"),
        (4, "Dự phòng nóng thiết bị mạng quan trọng"),
        (5, "Giám sát lưu lượng mạng theo thời gian thực"),
    ),
    "server": (
        (1, "Xác thực người dùng khi đăng nhập máy chủ"),
        (1, "Phòng chống phần mềm độc hại trên máy chủ"),
        (2, "Kiểm soát truy cập và phân quyền trên máy chủ"),
        (2, "Nhật ký hệ thống máy chủ"),
        (2, "Cấu hình cứng hóa máy chủ"),
        (3, "Xử lý máy chủ khi chuyển giao hoặc thanh lý"),
        (3, "Quản lý tập trung bản vá hệ điều hành"),
        (4, "Phòng chống xâm nhập mức máy chủ"),
        (5, "Kiểm soát tính toàn vẹn tệp tin hệ thống"),
    ),
    "application": (
        (1, "Xác thực người dùng ứng dụng"),
        (1, "Giới hạn số lần đăng nhập sai"),
        (2, "Kiểm soát truy cập ứng dụng theo vai trò"),
        (2, "Nhật ký hoạt động của ứng dụng"),
        (2, "Bảo mật thông tin xác thực khi truyền"),
        (3, "Phòng chống các lỗ hổng ứng dụng web phổ biến"),
        (3, "Mã hóa kết nối bằng giao thức an toàn (HTTPS/TLS)"),
        (4, "Kiểm tra an toàn mã nguồn ứng dụng"),
        (5, "Chống chối bỏ đối với giao dịch quan trọng"),
    ),
    "data": (
        (1, "Sao lưu dự phòng dữ liệu quan trọng"),
        (2, "Bảo đảm tính nguyên vẹn của dữ liệu"),
        (2, "Phân loại dữ liệu theo mức độ quan trọng"),
        (3, "Mã hóa dữ liệu nhạy cảm khi lưu trữ"),
        (3, "Lưu trữ bản sao dữ liệu tại vị trí khác"),
        (4, "Kiểm tra khả năng khôi phục dữ liệu định kỳ"),
        (5, "Chống rò rỉ dữ liệu"),
    ),
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


@dataclass(frozen=True)
class Requirement:
    code: str
    group: str
    area: str
    min_level: int
    title: str
    legal_ref: str


def build_requirements() -> list[Requirement]:
    """The catalogue, ordered by level, then management before technical, then area."""
    out: list[Requirement] = []
    for level in range(1, 6):
        for group, prefix, areas in (
            ("management", "QL", MANAGEMENT_AREAS),
            ("technical", "KT", TECHNICAL_AREAS),
        ):
            number = 0
            for section, area in enumerate(areas, start=1):
                for item, (min_level, title) in enumerate(TITLES[area], start=1):
                    if min_level != level:
                        continue
                    number += 1
                    part = 1 if group == "management" else 2
                    out.append(
                        Requirement(
                            code=f"{prefix}.{level}.{number}",
                            group=group,
                            area=area,
                            min_level=level,
                            title=title,
                            legal_ref=(
                                f"Thông tư 12/2022/TT-BTTTT, Phụ lục {ROMAN[level]}, "
                                f"mục {part}.{section}.{item}"
                            ),
                        )
                    )
    return out
