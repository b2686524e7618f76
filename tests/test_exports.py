"""Excel and PDF exports of a filtered list: title and filters, typed cells, exactly the filtered rows."""

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from das import exports
from das.exports import Column, Table
from das.models import DownloadRecord, Partner
from das.views.partners import PartnerListView
from tests.factories import CommuneFactory, PartnerFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_LINES = 5  # kingdom, province and division, title, filters, "Édité le … par …"


@pytest.fixture
def data(db):
    aourir = CommuneFactory(name_fr="Aourir")
    drargua = CommuneFactory(name_fr="Drargua")
    wanted = [
        PartnerFactory(kind=Partner.Kind.COOPERATIVE, name="Coopérative Argan Tamount", commune=aourir),
        PartnerFactory(kind=Partner.Kind.COOPERATIVE, name="Coopérative Miel Imouzzer", commune=aourir),
    ]
    others = [
        PartnerFactory(kind=Partner.Kind.ASSOCIATION, name="Association Tifaout", commune=aourir),
        PartnerFactory(kind=Partner.Kind.COOPERATIVE, name="Coopérative Safran Drargua", commune=drargua),
        PartnerFactory(kind=Partner.Kind.GIE, name="GIE Pêche Anza", commune=drargua, receipt_number=""),
    ]
    return {"aourir": aourir, "drargua": drargua, "wanted": wanted, "others": others}


def export(client, fmt, **filters):
    response = client.get(reverse("partners:list"), {**filters, "export": fmt})
    assert response.status_code == 200, response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def sheet_rows(content):
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def header_index():
    return HEADER_LINES + 2  # 1-based row of the column headers: after the title lines and a blank row


# --- Excel of the partners list -----------------------------------------------------------------------------------


def test_xlsx_of_a_filtered_list(role_users, client_as, data):
    user = role_users["administrateur"]
    response, content = export(client_as(user), "xlsx", kind="cooperative", commune=data["aourir"].pk)

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]

    sheet, rows = sheet_rows(content)
    title_lines = [row[0] for row in rows[:HEADER_LINES]]
    assert title_lines[0].startswith("Royaume du Maroc")
    assert title_lines[2] == str(PartnerListView.page_title)
    assert title_lines[3].startswith("Filtres")
    assert "Type = Coopérative" in title_lines[3]
    assert "Commune = Aourir" in title_lines[3]
    assert user.full_name in title_lines[4]
    assert not any(rows[HEADER_LINES])  # a blank row before the headers

    header = rows[header_index() - 1]
    labels = [str(column.label) for column in PartnerListView.export_columns]
    assert header[: len(labels)] == labels
    assert header[0] == "Nom"

    body = rows[header_index() :]
    name_col = labels.index("Nom")
    assert sorted(row[name_col] for row in body) == sorted(p.name for p in data["wanted"])

    created_col = labels.index("Créé le")
    for row in body:
        partner = Partner.objects.get(name=row[name_col])
        assert isinstance(row[created_col], dt.datetime)
        expected = timezone.localtime(partner.created_at).replace(tzinfo=None)
        assert abs(row[created_col] - expected) < dt.timedelta(seconds=1)
    created_cell = sheet.cell(row=header_index() + 1, column=created_col + 1)
    assert created_cell.number_format == exports.EXCEL_FORMATS[exports.DATETIME]

    # The column headers stay visible and every column can be filtered in Excel.
    assert sheet.freeze_panes == f"A{header_index() + 1}"
    assert sheet.auto_filter.ref is not None
    first, last = sheet.auto_filter.ref.split(":")
    assert first == f"A{header_index()}"
    assert last.endswith(str(header_index() + len(body)))

    assert DownloadRecord.objects.filter(user=user, kind="xlsx").count() == 1


def test_xlsx_with_one_filter_lists_only_that_filter(role_users, client_as, data):
    _response, content = export(client_as(role_users["chef"]), "xlsx", kind="cooperative")
    _sheet, rows = sheet_rows(content)
    filters_line = rows[3][0]
    assert "Type = Coopérative" in filters_line
    assert "Commune" not in filters_line
    names = sorted(row[0] for row in rows[header_index() :])
    expected = sorted(p.name for p in [*data["wanted"], data["others"][1]])
    assert names == expected


def test_xlsx_without_filters_has_no_filter_line(role_users, client_as, data):
    _response, content = export(client_as(role_users["chef"]), "xlsx")
    sheet, rows = sheet_rows(content)
    title_lines = [row[0] for row in rows[: HEADER_LINES - 1]]
    assert not any(line.startswith("Filtres") for line in title_lines)
    assert title_lines[3].startswith("Édité le")
    header_row = HEADER_LINES - 1 + 2  # one line fewer above the headers
    assert rows[header_row - 1][0] == "Nom"
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert len(rows[header_row:]) == len(data["wanted"]) + len(data["others"])


def test_export_respects_the_user_scope(client_as, data):
    from das.models import Role, RoleAssignment
    from tests.factories import UserFactory

    scoped = UserFactory(username="suivi.drargua")
    assignment = RoleAssignment.objects.create(user=scoped, role=Role.objects.get(code="suivi_evaluation"))
    assignment.communes.set([data["drargua"]])

    _response, content = export(client_as(scoped), "xlsx", kind="cooperative")
    _sheet, rows = sheet_rows(content)
    names = [row[0] for row in rows[header_index() :]]
    assert names == ["Coopérative Safran Drargua"]


def test_export_refused_to_a_role_without_the_list(role_users, client_as, data):
    response = client_as(role_users["dbm"]).get(reverse("partners:list"), {"export": "xlsx"})
    assert response.status_code == 403
    assert not DownloadRecord.objects.exists()


# --- typed cells (the framework itself) ---------------------------------------------------------------------------


@dataclass
class Credit:
    label: str
    amount: Decimal | float | None
    signed_on: dt.date | None
    beneficiaries: int


def test_money_and_date_cells_are_typed_with_excel_formats(db):
    rows = [
        Credit("Convention Aourir", Decimal("1250000.50"), dt.date(2024, 3, 1), 120),
        Credit("Convention Drargua", 98000.25, dt.date(2025, 12, 31), 45),
        Credit("Convention sans montant", None, None, 0),
    ]
    table = Table(
        title="Crédits délégués",
        columns=[
            Column("Convention", "label"),
            Column("Montant", "amount", kind=exports.MONEY),
            Column("Signée le", "signed_on", kind=exports.DATE),
            Column("Bénéficiaires", "beneficiaries", kind=exports.INTEGER),
        ],
        rows=rows,
        filters=[("Exercice", "2024")],
    )
    target = BytesIO()
    exports.write_xlsx(table, "Fatima Benali", target)

    sheet = load_workbook(BytesIO(target.getvalue())).worksheets[0]
    first = header_index() + 1
    assert [sheet.cell(row=header_index(), column=c).value for c in range(1, 5)] == [
        "Convention",
        "Montant",
        "Signée le",
        "Bénéficiaires",
    ]
    assert sheet.cell(row=4, column=1).value == "Filtres : Exercice = 2024"
    assert "Fatima Benali" in sheet.cell(row=5, column=1).value

    money = sheet.cell(row=first, column=2)
    assert isinstance(money.value, (int, float)) and not isinstance(money.value, bool)
    assert money.value == pytest.approx(1250000.50)
    assert money.number_format == '#,##0.00 "DH"'
    assert "DH" in money.number_format
    assert sheet.cell(row=first + 1, column=2).value == pytest.approx(98000.25)
    assert sheet.cell(row=first + 2, column=2).value is None

    date = sheet.cell(row=first, column=3)
    assert isinstance(date.value, dt.datetime)
    assert date.value.date() == dt.date(2024, 3, 1)
    assert date.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=first + 1, column=3).value.date() == dt.date(2025, 12, 31)

    count = sheet.cell(row=first, column=4)
    assert count.value == 120 and count.number_format == "#,##0"
    assert sheet.cell(row=first, column=1).value == "Convention Aourir"
    assert sheet.cell(row=first, column=1).data_type == "s"

    assert sheet.freeze_panes == f"A{first}"
    assert sheet.auto_filter.ref == f"A{header_index()}:D{header_index() + 3}"


def test_money_display_on_screen_and_pdf_reads_in_dirhams():
    column = Column("Montant", "amount", kind=exports.MONEY)
    text = column.display(Credit("x", Decimal("1250000.50"), None, 0))
    assert "DH" in text
    assert "1" in text and "250" in text
    assert Column("Signée le", "signed_on", kind=exports.DATE).display(Credit("x", None, None, 0)) == "—"


# --- PDF ----------------------------------------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None:
        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("neither pypdf nor pdftotext (poppler-utils) is available to read the PDF's text")
    path = tmp_path / "export.pdf"
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def test_pdf_of_a_filtered_list(role_users, client_as, data, tmp_path):
    user = role_users["administrateur"]
    response, content = export(client_as(user), "pdf", kind="cooperative", commune=data["aourir"].pk)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert content.startswith(b"%PDF")
    assert DownloadRecord.objects.filter(user=user, kind="pdf").count() == 1

    text = " ".join(pdf_text(content, tmp_path).split())
    for partner in data["wanted"]:
        assert partner.name in text
    for partner in data["others"]:
        assert partner.name not in text
    assert "Aourir" in text  # the filter is stated
    assert str(PartnerListView.page_title) in text


def test_xlsx_is_streamed_memory_does_not_grow_with_rows():
    """Write-only workbook fed row by row: 5 times the rows take about the same memory."""
    import tempfile
    import tracemalloc

    class Row:
        def __init__(self, i):
            self.name, self.amount, self.day = f"Partenaire {i}", Decimal(i) / 4, dt.date(2026, 1, 1)

    columns = [Column("Nom", "name"), Column("Montant", "amount", exports.MONEY), Column("Date", "day", exports.DATE)]

    def peak_for(count):
        table = exports.Table(title="Flux", columns=columns, rows=(Row(i) for i in range(count)))
        tracemalloc.start()
        with tempfile.TemporaryFile() as target:
            exports.write_xlsx(table, "test", target)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(1_000), peak_for(5_000)
    assert large < small * 1.5
    assert large < 8 * 1024 * 1024


def test_pdf_of_too_many_rows_is_refused_with_advice(role_users, client_as, monkeypatch):
    monkeypatch.setattr(exports, "PDF_MAX_ROWS", 3)
    for _ in range(4):
        PartnerFactory()
    client = client_as(role_users["administrateur"])
    response = client.get(reverse("partners:list"), {"export": "pdf", "is_active": "true"})
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:list") + "?is_active=true"
    page = client.get(response["Location"])
    assert "affinez les filtres ou exportez en Excel" in page.content.decode()
    assert not DownloadRecord.objects.exists()
    # Excel has no such limit.
    assert client.get(reverse("partners:list"), {"export": "xlsx"}).status_code == 200
