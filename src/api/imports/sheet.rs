//! Reading an import file into a table of cells: an `.xlsx` workbook (decided by its content,
//! a ZIP archive) or a CSV file in UTF-8, comma- or semicolon-separated.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::domain::text;
use crate::error::{AppError, AppResult};
use crate::t;

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet: its header row and its data rows, each with its row number as the spreadsheet
/// shows it (the header is row 1). Rows with nothing in them are left out.
#[derive(Debug)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// The letter of a column as spreadsheets name it: 0 → A, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The file's table: the workbook's sheet named after the kind (`sheet_names`, folded) or its
/// first sheet; or the CSV file.
pub fn read(bytes: &[u8], sheet_names: &[&str]) -> AppResult<Table> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes, sheet_names)
    } else {
        read_csv(bytes)
    }
}

fn unreadable(what: &str) -> AppError {
    AppError::bad_request(t!(
        "Không đọc được tệp: {}. Hãy gửi tệp .xlsx hoặc .csv (UTF-8) theo mẫu.",
        "The file cannot be read: {}. Send an .xlsx or a .csv (UTF-8) file on the template.",
        what
    ))
    .with_code(crate::error::Code::UnreadableFile)
}

fn read_xlsx(bytes: &[u8], sheet_names: &[&str]) -> AppResult<Table> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e.to_string()))?;
    let names = book.sheet_names();
    let wanted: Vec<String> = sheet_names.iter().map(|n| text::fold(n)).collect();
    let index = names
        .iter()
        .position(|n| wanted.contains(&text::fold(n)))
        .unwrap_or(0);
    let range = book
        .worksheet_range_at(index)
        .ok_or_else(|| unreadable("no sheet"))?
        .map_err(|e| unreadable(&e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return Ok(Table {
            headers: Vec::new(),
            rows: Vec::new(),
        });
    };
    // A sheet that starts further right keeps its columns' letters.
    let pad = first_col as usize;
    let mut headers = vec![String::new(); pad];
    headers.extend(header.iter().map(|c| cell(c).text()));
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let mut cells = vec![Cell::Empty; pad];
        cells.extend(row.iter().map(cell));
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        out.push((first_row as usize + i + 2, cells));
    }
    Ok(Table { headers, rows: out })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => match d.as_datetime() {
            Some(at) => Cell::Date(at.date()),
            None => Cell::Number(d.as_f64()),
        },
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

fn read_csv(bytes: &[u8]) -> AppResult<Table> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let content = std::str::from_utf8(bytes).map_err(|_| {
        unreadable("CSV không phải UTF-8 (CSV is not UTF-8; save it as \"CSV UTF-8\")")
    })?;
    if content.contains('\0') {
        return Err(unreadable("NUL"));
    }
    // Spreadsheets set to Vietnamese save CSV with semicolons; the header row tells which.
    let first = content.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(content.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        Some(r) => r
            .map_err(|e| unreadable(&e.to_string()))?
            .iter()
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.map_err(|e| unreadable(&e.to_string()))?;
        let cells: Vec<Cell> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_owned())
                }
            })
            .collect();
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        rows.push((i + 2, cells));
    }
    Ok(Table { headers, rows })
}

impl Cell {
    /// The cell as text: a whole number without its `.0`, a date as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn a_csv_with_semicolons_and_a_bom_is_read() {
        let t = read(
            "\u{feff}Mã;Tên\nA1;\"Sở; Nội vụ\"\n;\nB2;Xã\n".as_bytes(),
            &[],
        )
        .expect("read");
        assert_eq!(t.headers, vec!["Mã", "Tên"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].0, 2);
        assert_eq!(t.rows[0].1[1], Cell::Text("Sở; Nội vụ".into()));
        assert_eq!(t.rows[1].0, 4, "the empty row keeps its number");
    }

    #[test]
    fn a_csv_not_in_utf8_is_refused() {
        assert!(read(b"M\xE3;T\xEAn\n", &[]).is_err());
    }
}
