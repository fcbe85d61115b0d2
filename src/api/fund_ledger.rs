//! The emulation fund's ledger (`/api/v1/emulation-funds/{year}/entries`): allocations on their
//! documents, adjustments, approved grants and decisions' bonuses, each an entry in whole đồng;
//! the balance is their sum and never below zero. The year's statement exports as XLSX.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{utc, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::register::{FundEntryKind, Vnd};
use crate::error::AppResult;
use crate::service::funding::{self as service, Allocation, EntryRow, Ledger};
use crate::service::movements::{document, DocumentRef};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(entries).service(allocate).service(statement);
}

/// One entry of the fund's ledger.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01", "year": 2025, "kind": "bonuses", "amount": -16380000,
    "document": null, "grant_id": null, "decision_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01",
    "note": "Tiền thưởng theo Quyết định số 2718/QĐ-UBND ngày 15/12/2025", "created_at": "2025-12-15T09:00:00Z"
}))]
pub struct FundEntry {
    pub id: String,
    pub year: i32,
    pub kind: FundEntryKind,
    /// In đồng: income positive, spending negative.
    pub amount: Vnd,
    /// The document of an allocation or an adjustment.
    pub document: Option<DocumentRef>,
    /// The approved grant it pays.
    pub grant_id: Option<String>,
    /// The decision whose bonuses it pays.
    pub decision_id: Option<String>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// A year's ledger.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "year": 2025, "income": 2000000000, "spent": 466380000, "balance": 1533620000,
    "items": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e00", "year": 2025, "kind": "allocation", "amount": 2000000000,
        "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c09", "number": "25/QĐ-UBND", "issued_on": "2025-01-10"},
        "grant_id": null, "decision_id": null, "note": "Dự toán Quỹ thi đua, khen thưởng năm 2025", "created_at": "2025-01-10T08:00:00Z"}]
}))]
pub struct FundLedger {
    pub year: i32,
    /// Allocations and adjustments.
    pub income: Vnd,
    /// Grants and bonuses paid.
    pub spent: Vnd,
    /// `income - spent`, never below zero.
    pub balance: Vnd,
    /// Oldest first.
    pub items: Vec<FundEntry>,
}

/// An allocation to the fund, on its document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": 500000000, "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c09", "note": "Bổ sung Quỹ thi đua, khen thưởng năm 2025"}))]
pub struct AllocationInput {
    /// In đồng, more than zero.
    #[schema(minimum = 1, maximum = 1000000000000i64)]
    pub amount: i64,
    /// The decision that allocates it.
    #[schema(max_length = 36)]
    pub document_id: String,
    #[schema(min_length = 1, max_length = 500)]
    pub note: String,
}

fn entry_answer(e: EntryRow, documents: &[(String, String, chrono::NaiveDate)]) -> FundEntry {
    let document = e.document_id.as_ref().and_then(|id| {
        documents
            .iter()
            .find(|(d, _, _)| d == id)
            .map(|(id, number, issued_on)| DocumentRef {
                id: id.clone(),
                number: number.clone(),
                issued_on: *issued_on,
            })
    });
    FundEntry {
        id: e.id,
        year: e.year,
        kind: e.kind,
        amount: Vnd(e.amount),
        document,
        grant_id: e.grant_id,
        decision_id: e.decision_id,
        note: e.note,
        created_at: utc(e.created_at),
    }
}

fn ledger_answer(l: Ledger) -> FundLedger {
    let documents = l.documents;
    FundLedger {
        year: l.year,
        income: Vnd(l.income),
        spent: Vnd(l.spent),
        balance: Vnd(l.balance),
        items: l
            .entries
            .into_iter()
            .map(|e| entry_answer(e, &documents))
            .collect(),
    }
}

fn check_year(year: i32) -> AppResult<()> {
    super::year_param("year", Some(year), 2000..=2100).map(drop)
}

/// The ledger of a year's fund, oldest entry first.
#[utoipa::path(
    tag = "funding",
    params(("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100)),
    responses((status = 200, description = "Sổ Quỹ thi đua, khen thưởng của năm", body = FundLedger)),
    security(("bearer" = []))
)]
#[get("/api/v1/emulation-funds/{year}/entries")]
pub async fn entries(
    _caller: Caller,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    check_year(year)?;
    let ledger = state
        .db
        .read(move |conn| service::ledger(conn, year))
        .await?;
    Ok(HttpResponse::Ok().json(ledger_answer(ledger)))
}

/// Records an allocation to a year's fund, on its document.
#[utoipa::path(
    tag = "funding", request_body = AllocationInput,
    params(("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100)),
    responses((status = 201, description = "Đã ghi khoản được giao vào sổ quỹ", body = FundEntry,
        headers(("Location" = String, description = "Địa chỉ sổ quỹ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/emulation-funds/{year}/entries")]
pub async fn allocate(
    ctx: Ctx,
    state: web::Data<AppState>,
    year: web::Path<i32>,
    body: super::Body<AllocationInput>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    check_year(year)?;
    let b = body.into_inner();
    let mut c = Check::new();
    let note = c.name("/note", &b.note, 500);
    if !(1..=super::funding::MAX_AMOUNT).contains(&b.amount) {
        c.fail(
            "/amount",
            t!(
                "Số tiền phải lớn hơn 0 và không quá 1.000 tỷ đồng.",
                "amount must be more than 0 and at most 10^12 đồng."
            ),
        );
    }
    c.finish()?;
    let cmd = Allocation {
        year,
        amount: b.amount,
        document_id: b.document_id,
        note,
    };
    let who = ctx.who();
    let (row, documents) = state
        .db
        .write(move |conn| {
            let d = document(conn, "/document_id", &cmd.document_id)?;
            let row = service::allocate(conn, &who, &cmd)?;
            Ok((row, vec![(d.id, d.number, d.issued_on)]))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/emulation-funds/{year}/entries"),
        ))
        .json(entry_answer(row, &documents)))
}

/// The year's statement of the fund as an Excel workbook: every entry with its document,
/// income, spending and the running balance, and the totals.
#[utoipa::path(
    tag = "funding",
    params(("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100)),
    responses((status = 200, description = "Báo cáo thu, chi Quỹ thi đua, khen thưởng của năm (Excel)",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)),
    security(("bearer" = []))
)]
#[get("/api/v1/emulation-funds/{year}/statement.xlsx")]
pub async fn statement(
    _caller: Caller,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    check_year(year)?;
    let ledger = state
        .db
        .read(move |conn| service::ledger(conn, year))
        .await?;
    let bytes = web::block(move || workbook(&ledger))
        .await
        .map_err(crate::error::AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"so-quy-thi-dua-khen-thuong-{year}.xlsx\""),
        ))
        .body(bytes))
}

/// The column headings of the statement.
const HEADINGS: [&str; 7] = [
    "STT",
    "Ngày",
    "Nội dung",
    "Văn bản",
    "Thu (đồng)",
    "Chi (đồng)",
    "Số dư (đồng)",
];

fn workbook(l: &Ledger) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = crate::error::AppError::internal;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(format!("Quỹ năm {}", l.year))
        .map_err(failed)?;
    let bold = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let bold_money = Format::new().set_bold().set_num_format("#,##0");
    sheet
        .write_string_with_format(
            0,
            0,
            format!("SỔ QUỸ THI ĐUA, KHEN THƯỞNG NĂM {}", l.year),
            &bold,
        )
        .map_err(failed)?;
    for (col, heading) in (0u16..).zip(HEADINGS) {
        sheet
            .write_string_with_format(2, col, heading, &bold)
            .map_err(failed)?;
    }
    let row = write_entries(sheet, l, &money)?;
    #[allow(clippy::cast_precision_loss)]
    let totals = [
        (4u16, l.income as f64),
        (5, l.spent as f64),
        (6, l.balance as f64),
    ];
    sheet
        .write_string_with_format(row, 2, "Cộng", &bold)
        .map_err(failed)?;
    for (col, value) in totals {
        sheet
            .write_number_with_format(row, col, value, &bold_money)
            .map_err(failed)?;
    }
    for (col, width) in [
        (0u16, 6.0),
        (1, 12.0),
        (2, 50.0),
        (3, 30.0),
        (4, 16.0),
        (5, 16.0),
        (6, 16.0),
    ] {
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    sheet.set_freeze_panes(3, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// Writes the entries from the fourth row on; the row after them.
fn write_entries(
    sheet: &mut rust_xlsxwriter::Worksheet,
    l: &Ledger,
    money: &rust_xlsxwriter::Format,
) -> AppResult<u32> {
    let mut balance = 0i64;
    let failed = crate::error::AppError::internal;
    let mut row = 3u32;
    for (n, e) in (1u32..).zip(&l.entries) {
        balance = balance.saturating_add(e.amount);
        let document = e.document_id.as_ref().and_then(|id| {
            l.documents
                .iter()
                .find(|(d, _, _)| d == id)
                .map(|(_, number, on)| format!("{number} ngày {}", on.format("%d/%m/%Y")))
        });
        let texts = [
            e.created_at.format("%d/%m/%Y").to_string(),
            super::nominations::defuse(&e.note).into_owned(),
            document.unwrap_or_default(),
        ];
        for (col, text) in (1u16..).zip(texts) {
            sheet.write_string(row, col, text).map_err(failed)?;
        }
        sheet.write_number(row, 0, f64::from(n)).map_err(failed)?;
        // Income in one column, spending in the next, then the balance after the entry. Whole
        // đồng up to 10^15 are exact in a spreadsheet's numbers.
        let col = if e.amount >= 0 { 4 } else { 5 };
        #[allow(clippy::cast_precision_loss)]
        let (amount, after) = (e.amount.saturating_abs() as f64, balance as f64);
        sheet
            .write_number_with_format(row, col, amount, money)
            .map_err(failed)?;
        sheet
            .write_number_with_format(row, 6, after, money)
            .map_err(failed)?;
        row += 1;
    }
    Ok(row)
}
