//! A row of an import file as the API's create request: the file's headers mapped to the
//! template's columns, each cell turned into its member (codes and numbers resolved to ids),
//! and every cell that cannot be named by its row and column.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value as Json};

use super::columns::{self, Column, Value};
use super::sheet::{column_letter, Cell, Table};
use crate::domain::text;
use crate::domain::vocab::ImportKind;
use crate::error::Text;
use crate::t;

/// An error of one row (row 1 is the header), at one column when it is known.
#[derive(Clone, Debug)]
pub struct RowError {
    pub row: usize,
    /// The column's letter, its header in the file and the template's key.
    pub column: Option<(String, String, &'static str)>,
    pub detail: Text,
}

/// A column of the file and the template's column it is.
pub struct Mapped {
    pub index: usize,
    pub header: String,
    pub column: &'static Column,
}

impl Mapped {
    pub fn at(&self) -> Option<(String, String, &'static str)> {
        Some((
            column_letter(self.index),
            self.header.clone(),
            self.column.key(),
        ))
    }
}

/// The required columns the file lacks.
fn missing(columns: &'static [Column], mapped: &[Mapped]) -> Vec<RowError> {
    columns
        .iter()
        .filter(|c| c.required && !mapped.iter().any(|m| std::ptr::eq(m.column, *c)))
        .map(|column| RowError {
            row: 1,
            column: None,
            detail: t!(
                "Thiếu cột bắt buộc «{}».",
                "The required column \"{}\" is missing.",
                column.header
            ),
        })
        .collect()
}

fn holds_data(table: &Table, index: usize) -> bool {
    table
        .rows
        .iter()
        .any(|(_, cells)| cells.get(index).is_some_and(|c| !c.is_empty()))
}

fn repeated(header: &str, first: &Mapped) -> Text {
    t!(
        "Cột «{}» trùng với cột {} («{}»).",
        "Column \"{}\" repeats column {} (\"{}\").",
        header.trim(),
        column_letter(first.index),
        first.header
    )
}

/// The columns of the file; every header that is not the template's is an error.
pub fn map_headers(kind: ImportKind, table: &Table) -> Result<Vec<Mapped>, Vec<RowError>> {
    let columns = columns::of(kind);
    let mut mapped: Vec<Mapped> = Vec::new();
    let mut errors = Vec::new();
    for (index, header) in table.headers.iter().enumerate() {
        let at = Some((column_letter(index), header.clone(), ""));
        if header.trim().is_empty() {
            if holds_data(table, index) {
                errors.push(RowError {
                    row: 1,
                    column: at,
                    detail: t!(
                        "Cột {} có dữ liệu nhưng không có tiêu đề.",
                        "Column {} holds data but has no header.",
                        column_letter(index)
                    ),
                });
            }
            continue;
        }
        match columns.iter().find(|c| c.answers_to(header)) {
            None => errors.push(RowError {
                row: 1,
                column: at,
                detail: t!(
                    "Cột «{}» không có trong mẫu nhập {}; tên các cột xem ở mẫu (GET /api/v1/imports/templates/{}.xlsx).",
                    "Column \"{}\" is not in the {} template; its columns are in GET /api/v1/imports/templates/{}.xlsx.",
                    header.trim(),
                    kind.as_str(),
                    kind.as_str()
                ),
            }),
            Some(column) => match mapped.iter().find(|m| std::ptr::eq(m.column, column)) {
                Some(first) => errors.push(RowError {
                    row: 1,
                    column: at,
                    detail: repeated(header, first),
                }),
                None => mapped.push(Mapped {
                    index,
                    header: header.trim().to_owned(),
                    column,
                }),
            },
        }
    }
    errors.extend(missing(columns, &mapped));
    if errors.is_empty() {
        Ok(mapped)
    } else {
        Err(errors)
    }
}

/// What rows name other records by: units' and movements' codes, documents' numbers (each
/// with the ids it names), kept up to date as rows are created.
#[derive(Default)]
pub struct Refs {
    pub units: HashMap<String, String>,
    pub documents: HashMap<String, Vec<String>>,
    pub movements: HashMap<String, String>,
    /// Award types' codes.
    pub award_types: HashMap<String, String>,
    /// Awardees by `awardee_key(unit id, name)`.
    pub awardees: HashMap<String, Vec<String>>,
}

/// How an awardee is named in a file: its unit and its name (folded as names sort).
pub fn awardee_key(unit_id: &str, name: &str) -> String {
    format!("{unit_id}\u{1f}{}", text::sort_key(name))
}

impl Refs {
    /// The row as the create request of its kind, or the errors of its cells.
    pub fn request(
        &self,
        mapping: &[Mapped],
        row: usize,
        cells: &[Cell],
    ) -> Result<Json, (Json, Vec<RowError>)> {
        let mut body = Map::new();
        let mut errors = Vec::new();
        for m in mapping {
            let cell = cells.get(m.index).unwrap_or(&Cell::Empty);
            let converted = if cell.is_empty() {
                if !m.column.required {
                    continue;
                }
                Err(t!("Không được để trống.", "Must not be empty."))
            } else {
                self.convert(m.column.value, cell)
            };
            match converted {
                Ok(value) => put(&mut body, m.column.member, value),
                Err(detail) => errors.push(RowError {
                    row,
                    column: m.at(),
                    detail,
                }),
            }
        }
        self.name_awardee(mapping, row, &mut body, &mut errors);
        if errors.is_empty() {
            Ok(Json::Object(body))
        } else {
            Refs::stand_in(mapping, cells, &errors, &mut body);
            body.remove("awardee_unit_id");
            Err((Json::Object(body), errors))
        }
    }

    /// An awardee named by its unit and name: the row's `/awardee_unit_id` is consumed, and the
    /// name becomes the awardee's id when exactly one awardee of the unit bears it.
    fn name_awardee(
        &self,
        mapping: &[Mapped],
        row: usize,
        body: &mut Map<String, Json>,
        errors: &mut Vec<RowError>,
    ) {
        let Some(m) = mapping
            .iter()
            .find(|m| m.column.value == Value::AwardeeName)
        else {
            return;
        };
        let unit = body.remove("awardee_unit_id");
        let (Some(Json::String(unit)), Some(Json::String(name))) = (unit, body.get("awardee_id"))
        else {
            return;
        };
        let detail = match self.awardees.get(&awardee_key(&unit, name)).map(Vec::as_slice) {
            Some([id]) => {
                body.insert("awardee_id".into(), json!(id));
                return;
            }
            Some([_, _, ..]) => t!(
                "Đơn vị có nhiều cá nhân, tập thể tên «{}»; hãy nhập khen thưởng này qua API với mã (id).",
                "The unit has several awardees named \"{}\"; add this award through the API with the id.",
                name
            ),
            _ => t!(
                "Đơn vị không có cá nhân, tập thể tên «{}» (nhập danh mục cá nhân, tập thể trước).",
                "The unit has no awardee named \"{}\" (import the awardees first).",
                name
            ),
        };
        errors.push(RowError {
            row,
            column: m.at(),
            detail,
        });
    }

    /// The row's request with a stand-in for each member whose cell failed, so the request's
    /// own checks still name the other members' errors (a dry run lists them all at once).
    fn stand_in(
        mapping: &[Mapped],
        cells: &[Cell],
        failed: &[RowError],
        body: &mut Map<String, Json>,
    ) {
        for m in mapping {
            let failed_here = failed.iter().any(|e| {
                e.column
                    .as_ref()
                    .is_some_and(|c| c.0 == column_letter(m.index))
            });
            let empty = cells.get(m.index).is_none_or(Cell::is_empty);
            if !failed_here || (empty && !m.column.required) {
                continue;
            }
            let nil = "00000000-0000-0000-0000-000000000000";
            let value = match m.column.value {
                Value::Text => json!("x"),
                Value::Date => json!("2000-01-01"),
                Value::Integer => json!(2000),
                Value::Bool => json!(false),
                Value::Enum(schema) => json!(crate::texts::enum_glosses(schema)
                    .and_then(|e| e.values.first())
                    .map_or("", |v| v.0)),
                Value::UnitCode
                | Value::DocumentNumber
                | Value::AwardTypeCode
                | Value::AwardeeName => json!(nil),
                Value::MovementCodes => json!([nil]),
            };
            put(body, m.column.member, value);
        }
    }

    fn convert(&self, value: Value, cell: &Cell) -> Result<Json, Text> {
        let text = cell.text();
        match value {
            Value::Text => Ok(json!(text)),
            Value::Date => date(cell).map(|d| json!(d)),
            Value::Integer => text.parse::<i32>().map(|n| json!(n)).map_err(|_| {
                t!("Không phải số nguyên: «{}».", "Not a whole number: \"{}\".", text)
            }),
            Value::Bool => boolean(cell).map(|b| json!(b)),
            Value::Enum(schema) => enum_value(schema, &text).map(|v| json!(v)),
            Value::UnitCode => self.units.get(&text.to_uppercase()).map(|id| json!(id)).ok_or_else(|| {
                t!(
                    "Không có đơn vị mang mã «{}» (trong danh mục hoặc ở dòng trước của tệp).",
                    "No unit has code \"{}\" (in the register or on an earlier row).",
                    text
                )
            }),
            Value::DocumentNumber => match self.documents.get(&text).map(Vec::as_slice) {
                Some([id]) => Ok(json!(id)),
                Some([_, _, ..]) => Err(t!(
                    "Có nhiều văn bản số «{}»; hãy nhập phong trào này qua API với mã văn bản (id).",
                    "Several documents have number \"{}\"; add this movement through the API with the document's id.",
                    text
                )),
                _ => Err(t!(
                    "Không có văn bản số «{}» trong danh mục văn bản.",
                    "No document has number \"{}\" in the register.",
                    text
                )),
            },
            Value::AwardeeName => Ok(json!(text)),
            Value::AwardTypeCode => self
                .award_types
                .get(&text.trim().to_lowercase())
                .map(|id| json!(id))
                .ok_or_else(|| {
                    t!(
                        "Không có loại khen thưởng mang mã «{}» (GET /api/v1/award-types).",
                        "No award type has code \"{}\" (GET /api/v1/award-types).",
                        text
                    )
                }),
            Value::MovementCodes => {
                let mut ids = Vec::new();
                for code in text.split([',', ';', '\n']).map(str::trim).filter(|c| !c.is_empty()) {
                    match self.movements.get(&code.to_uppercase()) {
                        Some(id) => ids.push(json!(id)),
                        None => {
                            return Err(t!(
                                "Không có phong trào mang mã «{}».",
                                "No movement has code \"{}\".",
                                code
                            ))
                        }
                    }
                }
                Ok(Json::Array(ids))
            }
        }
    }
}

/// Sets the member at `pointer` (`/personal_data/phone`), making the objects on the way.
fn put(body: &mut Map<String, Json>, pointer: &str, value: Json) {
    let mut parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let last = parts.pop().unwrap_or_default();
    let mut at = body;
    for part in parts {
        let next = at.entry(part).or_insert_with(|| Json::Object(Map::new()));
        let Json::Object(next) = next else { return };
        at = next;
    }
    at.insert(last.to_owned(), value);
}

/// A day: a date cell, a spreadsheet's day number, `dd/mm/yyyy` or `yyyy-mm-dd`.
fn date(cell: &Cell) -> Result<NaiveDate, Text> {
    if let Cell::Date(d) = cell {
        return Ok(*d);
    }
    if let Cell::Number(n) = cell {
        // Day numbers count from 30 December 1899 (the 1900 date system, past its leap bug).
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
        if n.fract() == 0.0 && *n > 60.0 && *n < 2_958_466.0 {
            if let Some(d) = epoch.checked_add_days(chrono::Days::new(*n as u64)) {
                return Ok(d);
            }
        }
    }
    let text = cell.text();
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&text, f).ok())
        .ok_or_else(|| {
            t!(
                "Không phải ngày: «{}» (viết dd/mm/yyyy, như 01/07/2025).",
                "Not a day: \"{}\" (write dd/mm/yyyy, as 01/07/2025).",
                text
            )
        })
}

fn boolean(cell: &Cell) -> Result<bool, Text> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    let text = cell.text();
    match text::fold(&text).as_str() {
        "co" | "x" | "true" | "1" | "yes" | "dong y" => Ok(true),
        "khong" | "false" | "0" | "no" => Ok(false),
        _ => Err(t!(
            "Ghi «Có» hoặc «Không», không phải «{}».",
            "Write \"Có\" (yes) or \"Không\" (no), not \"{}\".",
            text
        )),
    }
}

/// The code of the enum value `text` names: its code, or its Vietnamese name with or without
/// what the name says in brackets.
fn enum_value(schema: &str, text: &str) -> Result<&'static str, Text> {
    let values = crate::texts::enum_glosses(schema).map_or(&[][..], |e| e.values);
    let folded = text::fold(text);
    values
        .iter()
        .find(|(code, vi, _)| {
            let short = vi.split(" (").next().unwrap_or(vi);
            folded == text::fold(code) || folded == text::fold(vi) || folded == text::fold(short)
        })
        .map(|(code, _, _)| *code)
        .ok_or_else(|| {
            let accepted: Vec<String> = values
                .iter()
                .map(|(code, vi, _)| format!("{code} ({})", vi.split(" (").next().unwrap_or(vi)))
                .collect();
            t!(
                "Giá trị «{}» không hợp lệ; dùng một trong: {}.",
                "\"{}\" is not valid; use one of: {}.",
                text,
                accepted.join(", ")
            )
        })
}
