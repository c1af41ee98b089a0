"""The commands' `--help` in the reader's language: Vietnamese unless `attt --lang en` (or
$ATTT_LANG=en) asks for English.

The commands are written with their English help (Click's `help=` and docstrings); `VIETNAMESE`
gives each its Vietnamese, looked up by its words when the help is printed. Click's own words
(Usage, Options, Commands, [default: …], its errors) are said by its gettext catalog, which the
group points gettext at for the length of a command (`cli/click_words.py`). A help text without
its Vietnamese fails `tests/test_cli_help.py`, so a new option cannot slip in English only.
"""

from __future__ import annotations

import re
import sys
from gettext import gettext as _

import click

from cli.click_words import speaking
from cli.language import lang_in_args, lang_of

VIETNAMESE: dict[str, str] = {
    # attt
    "ATTT Scorecard: information-security performance of ministries, sectors and provinces, "
    "from landing files to scores.":
        "ATTT Scorecard: đánh giá, xếp hạng an toàn thông tin của các bộ, ngành, địa phương, từ "
        "tệp tiếp nhận đến điểm số.",
    "The language of what the commands print for a person: Vietnamese, or English (also "
    "$ATTT_LANG). CSV and JSON keep the contract's column names and codes.":
        "Ngôn ngữ các lệnh in ra cho người đọc: vi (tiếng Việt) hoặc en (tiếng Anh), cũng đặt "
        "được bằng $ATTT_LANG. CSV và JSON giữ tên cột và mã của hợp đồng dữ liệu.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    # attt demo-data
    "Write a demo landing zone in contract v1 that looks like Vietnam.":
        "Tạo vùng tiếp nhận mẫu theo hợp đồng v1, giống dữ liệu Việt Nam.",
    "Folder to write the landing zone into.": "Thư mục ghi vùng tiếp nhận.",
    "small: a few hundred systems; national: ~8,500 systems and ~470,000 infected addresses a "
    "day.":
        "small: vài trăm hệ thống; national: khoảng 8.500 hệ thống và 470.000 địa chỉ nhiễm mã "
        "độc mỗi ngày.",
    "The same seed (with the same --days and --end) gives the same files.":
        "Cùng seed (cùng --days và --end) cho cùng các tệp.",
    "Days of daily feeds (default 92).": "Số ngày của các nguồn hằng ngày (mặc định 92).",
    "Last day covered (default: yesterday in Vietnam).":
        "Ngày cuối cùng có dữ liệu (mặc định: hôm qua theo giờ Việt Nam).",
    "No progress bar.": "Không hiện thanh tiến độ.",
    # attt run
    "Run the pipeline: take in the landing zone's new and corrected files. Exit status: 0 when "
    "the run succeeded, 1 when it failed or a blocking check stopped it, 75 when another run "
    "holds the warehouse (nothing was done: run again when it has finished).":
        "Chạy quy trình: tiếp nhận các tệp mới và tệp sửa lại trong vùng tiếp nhận.\n\n"
        "Mã thoát: 0 khi chạy thành công; 1 khi lỗi hoặc bị một kiểm tra chặn dừng lại; 75 khi "
        "một lần chạy khác đang giữ kho dữ liệu (chưa làm gì: chạy lại khi lần kia xong).",
    "Landing zone (default: $ATTT_LANDING or <data>/landing).":
        "Vùng tiếp nhận (mặc định: $ATTT_LANDING hoặc <data>/landing).",
    "Warehouse file (default: $ATTT_WAREHOUSE or <data>/warehouse/attt.duckdb).":
        "Tệp kho dữ liệu (mặc định: $ATTT_WAREHOUSE hoặc <data>/warehouse/attt.duckdb).",
    "How many set-aside rows to print.": "Số dòng bị loại cần in ra.",
    # attt files, set-aside
    "Print the ledger: every landing file taken in, its status and row counts.":
        "In sổ tệp: mọi tệp đã tiếp nhận, trạng thái và số dòng.",
    "Print the rows set aside: file, row, column, rule and reason.":
        "In các dòng bị loại: tệp, dòng, cột, quy tắc và lý do.",
    "Only this landing file (relative path).": "Chỉ tệp tiếp nhận này (đường dẫn tương đối).",
    # attt export
    "Export scores, compliance gaps, national KPIs, score changes or the paths to the next grade "
    "as CSV (or read them as a table). The scores CSV starts with the methodology's 17 columns "
    "in order (period, unit_code, unit_name, peer_group, the seven indicators, composite, "
    "coverage, ranked, rank, grade, rank_change), then the rank spread and the counts behind "
    "each indicator. The changes CSV has one row per unit and indicator for every month whose "
    "unit had a composite the month before too: period, unit_code, indicator, previous_value, "
    "value, contribution (composite points; a unit's seven add up to the change of its "
    "composite). The plan CSV has, for every ranked unit below grade A, the fewest actions "
    "that lift it to the next grade, steps numbered from 1 in the order taken: period, "
    "unit_code, step, action, indicator, system_id, item, gain (the step's change in composite "
    "points), projected_composite (after the step), projected_grade. `--format table` prints "
    "the scores' headline columns for a person, in Vietnamese words and number forms.":
        "Xuất điểm, yêu cầu chưa đáp ứng, chỉ tiêu quốc gia, thay đổi điểm hoặc lộ trình lên "
        "hạng ra CSV (hoặc xem dạng bảng).\n\n"
        "CSV điểm bắt đầu bằng 17 cột của phương pháp, theo thứ tự (period, unit_code, "
        "unit_name, peer_group, bảy chỉ số, composite, coverage, ranked, rank, grade, "
        "rank_change), rồi khoảng hạng và các số đếm sau mỗi chỉ số. CSV thay đổi có một dòng "
        "cho mỗi đơn vị và chỉ số, ở mọi tháng mà đơn vị cũng có điểm tổng hợp tháng trước: "
        "period, unit_code, indicator, previous_value, value, contribution (điểm tổng hợp; bảy "
        "đóng góp của một đơn vị cộng lại bằng thay đổi điểm tổng hợp). CSV lộ trình có, cho "
        "mỗi đơn vị được xếp hạng dưới loại A, ít việc nhất để lên loại kế tiếp, các bước đánh "
        "số từ 1 theo thứ tự làm: period, unit_code, step, action, indicator, system_id, item, "
        "gain (điểm tổng hợp tăng ở bước đó), projected_composite (sau bước đó), "
        "projected_grade.\n\n"
        "`--format table` in các cột chính của bảng điểm cho người đọc, bằng lời và cách viết "
        "số tiếng Việt.",
    "A month to export; repeat for several (default: every month).":
        "Tháng cần xuất; lặp lại để xuất nhiều tháng (mặc định: mọi tháng).",
    "File to write (default: standard output).": "Tệp ghi ra (mặc định: đầu ra chuẩn).",
    "The serving copy to read (default: $ATTT_SERVING or <data>/serving).":
        "Bản phục vụ cần đọc (mặc định: $ATTT_SERVING hoặc <data>/serving).",
    "Read this warehouse instead of the published serving copy. A run may be building it: its "
    "marts can be half new, half old until the run ends.":
        "Đọc kho dữ liệu này thay cho bản phục vụ đã công bố. Một lần chạy có thể đang dựng "
        "nó: các bảng kết quả có thể nửa mới nửa cũ cho đến khi lần chạy xong.",
    "csv: every column, for machines; table: the headline columns, for a person.":
        "csv: mọi cột, cho máy đọc; table: các cột chính, cho người đọc.",
    # attt quality
    "Whether a month may be published: every blocking check on the inputs that serve it and on "
    "its marts passed. Lists blocking failures, warnings and stale sources. Reads the status "
    "published with the serving copy (or, with --warehouse, the warehouse's latest checks).":
        "Một tháng có được công bố không: mọi kiểm tra chặn trên dữ liệu đầu vào của tháng và "
        "trên các bảng kết quả đều đạt. Liệt kê các lỗi chặn, cảnh báo và nguồn dữ liệu cũ. "
        "Đọc trạng thái công bố cùng bản phục vụ (hoặc, với --warehouse, các kiểm tra mới nhất "
        "của kho dữ liệu).",
    "The month to judge.": "Tháng cần xét.",
    "Read this warehouse instead of the published serving copy. A run may be building it: its "
    "marts can be half new, half old until the run ends. Its checks are the latest, published "
    "or not.":
        "Đọc kho dữ liệu này thay cho bản phục vụ đã công bố. Một lần chạy có thể đang dựng "
        "nó: các bảng kết quả có thể nửa mới nửa cũ cho đến khi lần chạy xong. Các kiểm tra "
        "của nó là mới nhất, dù đã công bố hay chưa.",
    "Judge freshness as of this date (default: today in Vietnam).":
        "Xét độ mới của dữ liệu tính đến ngày này (mặc định: hôm nay theo giờ Việt Nam).",
    # attt dbt
    "Run a dbt command on the project with the methodology's vars, e.g. `attt dbt build` or "
    "`attt dbt test --select test_type:unit` (the pipeline runs dbt by itself).":
        "Chạy một lệnh dbt trên dự án với các biến của phương pháp, ví dụ `attt dbt build` hoặc "
        "`attt dbt test --select test_type:unit` (quy trình tự chạy dbt).",
    # attt app, users, audit
    "Start the app (Streamlit) on the published serving copy, read-only.":
        "Khởi động ứng dụng (Streamlit) trên bản phục vụ đã công bố, chỉ đọc.",
    "The published serving copy to read (default: data/serving/attt.duckdb).":
        "Bản phục vụ đã công bố cần đọc (mặc định: data/serving/attt.duckdb).",
    "Address to listen on.": "Địa chỉ lắng nghe.",
    "Print the audit log, oldest first: logins (and failed ones), logouts, sessions ended, unit "
    "views, downloads and account changes, with times in Vietnam time.":
        "In nhật ký kiểm tra, cũ nhất trước: đăng nhập (cả lần thất bại), đăng xuất, phiên kết "
        "thúc, lượt xem đơn vị, tải xuống và thay đổi tài khoản, giờ theo giờ Việt Nam.",
    "Only entries from this day (Vietnam time) or instant on.":
        "Chỉ các mục từ ngày này (giờ Việt Nam) hoặc thời điểm này trở đi.",
    "The app-state database (default: data/app/app_state.sqlite or ATTT_APP_STATE).":
        "Cơ sở dữ liệu trạng thái của ứng dụng (mặc định: data/app/app_state.sqlite hoặc "
        "ATTT_APP_STATE).",
    "Manage the app's local accounts (argon2id password hashes).":
        "Quản lý tài khoản của ứng dụng (mật khẩu băm bằng argon2id).",
    "Add an account.": "Thêm một tài khoản.",
    "The unit code of a unit account.": "Mã đơn vị của tài khoản đơn vị.",
    "Read the password from standard input.": "Đọc mật khẩu từ đầu vào chuẩn.",
    "List the accounts.": "Liệt kê các tài khoản.",
    "Disable an account: it can no longer log in, and its open sessions end at their next "
    "click.":
        "Khóa một tài khoản: không đăng nhập được nữa, các phiên đang mở kết thúc ở lần bấm "
        "kế tiếp.",
    "Set a new password (also re-enables the account and lifts every login wait on it; its "
    "open sessions end).":
        "Đặt mật khẩu mới (đồng thời mở lại tài khoản và bỏ mọi thời gian chờ đăng nhập; các "
        "phiên đang mở kết thúc).",
    "Give an account another role (and unit); its open sessions end at their next click.":
        "Đổi vai trò (và đơn vị) của một tài khoản; các phiên đang mở kết thúc ở lần bấm kế "
        "tiếp.",
    # attt report
    "Write bao-cao-attt-YYYY-MM.pdf and .xlsx for a month, from the published serving copy.":
        "Viết bao-cao-attt-YYYY-MM.pdf và .xlsx của một tháng, từ bản phục vụ đã công bố.",
    "The month reported on.": "Tháng báo cáo.",
    "The final version, without the DỰ THẢO mark; refused unless the month is publishable.":
        "Bản chính thức, không có dấu DỰ THẢO; bị từ chối nếu tháng chưa đủ điều kiện công bố.",
    "The serving copy to report on (default: $ATTT_SERVING or <data>/serving).":
        "Bản phục vụ dùng để báo cáo (mặc định: $ATTT_SERVING hoặc <data>/serving).",
    "Report on the serving copy published from this warehouse, and let --final also ask the "
    "warehouse's latest quality checks (a run may be building it; by default only the "
    "published status counts).":
        "Báo cáo từ bản phục vụ công bố từ kho dữ liệu này, và để --final xét cả các kiểm tra "
        "chất lượng mới nhất của kho (một lần chạy có thể đang dựng nó; mặc định chỉ trạng "
        "thái đã công bố được tính).",
    "Folder to write into (default: data/reports/YYYY-MM/).":
        "Thư mục ghi ra (mặc định: data/reports/YYYY-MM/).",
}

USAGE_PLACEHOLDERS = (("[OPTIONS]", "[TÙY CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [ĐỐI SỐ]..."))
_BY_WORDS = {" ".join(english.split()): vi for english, vi in VIETNAMESE.items()}
_EXTRA = re.compile(r"^(?P<help>.*?)(?P<extra>\s*\[[^\]]*\])?$", re.DOTALL)


def vietnamese(text: str) -> str | None:
    """A help text's Vietnamese, found by its words whatever its line breaks; None if none."""
    return _BY_WORDS.get(" ".join(text.split()))


def _said(text: str, lang: str) -> str:
    if lang == "en" or not text:
        return text
    # the [default: …] after a help text is Click's, said by its catalog
    parts = _EXTRA.match(text)
    help_text, extra = parts["help"], parts["extra"] or ""
    return (vietnamese(help_text) or help_text) + extra if help_text else extra.strip()


class SaidFormatter(click.HelpFormatter):
    """Click's help formatter, saying the texts it is given in the reader's language."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # Click's placeholders are attributes of each command, not gettext's words
        if self.lang == "vi":
            for english, vi in USAGE_PLACEHOLDERS:
                args = args.replace(english, vi)
        super().write_usage(prog, args, prefix)

    def write_text(self, text: str) -> None:
        super().write_text(_said(text, self.lang))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _said(help_text, self.lang)) for term, help_text in rows],
                         col_max, col_spacing)  # fmt: skip


class SaidContext(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        return SaidFormatter(
            lang_of(self), width=self.terminal_width, max_width=self.max_content_width
        )


def short_help(command: click.Command, ctx: click.Context, limit: int) -> str:
    """A command's line in its group's list, cut from its help in the reader's language."""
    if command.short_help or not command.help or lang_of(ctx) == "en":
        return command.get_short_help_str(limit)
    said = " ".join((vietnamese(command.help) or command.help).split("\n\n")[0].split())
    sentence = said.split(". ")[0].rstrip(".") + "."
    if len(sentence) <= limit:
        return sentence
    cut = ""
    for word in sentence.split():
        if len(cut) + len(word) + 1 + 3 > limit:
            break
        cut = f"{cut} {word}" if cut else word
    return cut + "..."


class SaidGroup(click.Group):
    """A group whose commands (and theirs) print their help in the reader's language."""

    context_class = SaidContext

    def main(self, args=None, *rest, **kwargs):
        """Run the command with Click's own words in the language asked for: read from the
        arguments before Click parses them, since a parsing error is said before any option
        is processed."""
        args = list(sys.argv[1:] if args is None else args)
        with speaking(lang_in_args(args)):
            return super().main(args, *rest, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if isinstance(cmd, click.Group) and not isinstance(cmd, SaidGroup):
            raise TypeError(f"{cmd.name}: a group of `attt` is made with cls=SaidGroup")
        cmd.context_class = SaidContext
        super().add_command(cmd, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, command) for name, command in commands
                    if command is not None and not command.hidden]  # fmt: skip
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _command in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl(
                    [(name, short_help(command, ctx, limit)) for name, command in commands]
                )
