//! Official papers (văn bản) laid out as Decree 30/2020/NĐ-CP sets administrative documents:
//! the issuing authority under its parent on the left and the national motto on the right, the
//! number under the authority and the place and date under the motto, the kind of paper and its
//! subject centred, the body, and the signature block. One description of a paper, written by
//! the service that owns the data (the council's minutes, a decision), is rendered twice: as
//! DOCX for the clerks to edit and as PDF to keep, both in Vietnamese with the DejaVu fonts
//! embedded in the binary (no font needs installing).

mod docx;
mod pdf;
pub mod template;

use chrono::{Datelike, NaiveDate};

pub use docx::render as docx;
pub use pdf::render as pdf;

/// The national motto's two lines, as every administrative document carries them.
pub const MOTTO: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO_LINE: &str = "Độc lập - Tự do - Hạnh phúc";

/// A paper to render.
#[derive(Clone, Debug)]
pub struct Paper {
    /// The parent authority (cơ quan chủ quản), upper case: "UBND TỈNH HƯNG YÊN".
    pub parent: String,
    /// The issuing authority, upper case: "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".
    pub authority: String,
    /// "Số: 05/BB-HĐTĐKT".
    pub number: String,
    /// "Hưng Yên, ngày 10 tháng 3 năm 2026" (see [`place_date`]).
    pub place_date: String,
    /// The kind of paper, upper case: "BIÊN BẢN".
    pub kind: String,
    /// What it is about, under the kind.
    pub subject: String,
    pub blocks: Vec<Block>,
    /// Left to right.
    pub signatures: Vec<Signature>,
}

/// A part of the body.
#[derive(Clone, Debug)]
pub enum Block {
    /// A section's heading ("I. THÀNH PHẦN").
    Heading(String),
    /// A paragraph.
    Text(String),
    Table(Table),
}

/// A table with a header row; `widths` are the columns' shares of the text width, in percent.
#[derive(Clone, Debug)]
pub struct Table {
    pub widths: Vec<u16>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A signature: the signer's capacity (upper case) and name.
#[derive(Clone, Debug)]
pub struct Signature {
    pub role: String,
    pub name: String,
}

/// "Hưng Yên, ngày 05 tháng 02 năm 2026": a day below 10 and the months January and February
/// take a leading zero (Decree 30/2020, appendix I).
pub fn place_date(place: &str, day: NaiveDate) -> String {
    let month = if day.month() <= 2 {
        format!("{:02}", day.month())
    } else {
        day.month().to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        day.day(),
        day.year()
    )
}

/// "10/03/2026".
pub fn short_date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_written_as_the_decree_writes_it() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            place_date("Hưng Yên", day(2026, 2, 5)),
            "Hưng Yên, ngày 05 tháng 02 năm 2026"
        );
        assert_eq!(
            place_date("Hưng Yên", day(2026, 3, 10)),
            "Hưng Yên, ngày 10 tháng 3 năm 2026"
        );
        assert_eq!(
            place_date("Hưng Yên", day(2026, 12, 31)),
            "Hưng Yên, ngày 31 tháng 12 năm 2026"
        );
    }

    fn sample() -> Paper {
        let long =
            "Nguyễn Thị Ánh Dương, Trưởng phòng Nghiệp vụ, Sở Nội vụ tỉnh Hưng Yên, ".repeat(3);
        Paper {
            parent: "UBND TỈNH HƯNG YÊN".into(),
            authority: "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG".into(),
            number: "Số: 05/BB-HĐTĐKT".into(),
            place_date: "Hưng Yên, ngày 10 tháng 3 năm 2026".into(),
            kind: "BIÊN BẢN".into(),
            subject: "Phiên họp Hội đồng Thi đua – Khen thưởng".into(),
            blocks: (0..40)
                .map(|i| {
                    Block::Table(Table {
                        widths: vec![10, 60, 30],
                        header: vec!["STT".into(), "Họ và tên".into(), "Kết quả".into()],
                        rows: vec![vec![i.to_string(), long.clone(), "Đạt".into()]],
                    })
                })
                .chain([
                    Block::Heading("III. KẾT LUẬN".into()),
                    Block::Text("Hội đồng thống nhất.".into()),
                ])
                .collect(),
            signatures: vec![
                Signature {
                    role: "THƯ KÝ".into(),
                    name: "Trần Văn Bình".into(),
                },
                Signature {
                    role: "CHỦ TỊCH HỘI ĐỒNG".into(),
                    name: "Lê Thị Hồng".into(),
                },
            ],
        }
    }

    #[test]
    fn a_paper_reads_back_from_its_pdf_over_several_pages() {
        let bytes = pdf(&sample()).unwrap();
        let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
        assert!(pages.len() >= 2, "one page only");
        let flat = pages
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for expected in [
            MOTTO,
            MOTTO_LINE,
            "Số: 05/BB-HĐTĐKT",
            "Hưng Yên, ngày 10 tháng 3 năm 2026",
            "BIÊN BẢN",
            "Nguyễn Thị Ánh Dương",
            "Hội đồng thống nhất.",
            "CHỦ TỊCH HỘI ĐỒNG",
            "Lê Thị Hồng",
        ] {
            assert!(flat.contains(expected), "{expected} not in the PDF: {flat}");
        }
    }

    #[test]
    fn a_paper_reads_back_from_its_docx() {
        let bytes = docx(&sample()).unwrap();
        let doc = docx_rs::read_docx(&bytes).unwrap();
        assert!(doc.document.children.len() > 40);
    }
}
