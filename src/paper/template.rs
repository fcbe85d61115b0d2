//! Templates the coordinator uploads in place of the built-in papers: a DOCX whose text carries
//! `{{field}}` placeholders. Word splits text into runs wherever formatting or an edit history
//! changes, so a placeholder typed in two goes may straddle runs; a template is checked at
//! upload: each placeholder must sit within one run of text, and name a known field. Filling
//! replaces each placeholder in the document, its headers and footers, and adds the annexed
//! list as a table at the end of the body. The PDF of a filled template is drawn from its text,
//! paragraph by paragraph, with the same list.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

use docx_rs::BuildXML;
use regex::Regex;

use super::{Block, Paper, Table};

/// Why a template is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a DOCX (a zip with `word/document.xml`).
    NotDocx,
    /// Placeholders broken across runs of text, as the paragraph reads them.
    Split(Vec<String>),
    /// Placeholders naming no field.
    Unknown(Vec<String>),
}

// Constant patterns: the unit tests below compile and use each of them.
#[allow(clippy::expect_used)]
static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<w:p(?:\s[^>]*)?>.*?</w:p>").expect("paragraph pattern"));
#[allow(clippy::expect_used)]
static RUN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)").expect("run text pattern")
});
#[allow(clippy::expect_used)]
static FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}").expect("field pattern"));

/// The parts whose text may carry placeholders: the body, headers and footers.
fn is_text_part(name: &str) -> bool {
    name == "word/document.xml"
        || (name.starts_with("word/header") || name.starts_with("word/footer"))
            && name.ends_with(".xml")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The parts of the package, in order: (name, bytes).
fn parts(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refusal::NotDocx)?;
    let mut parts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|_| Refusal::NotDocx)?;
        let mut content = Vec::new();
        file.read_to_end(&mut content)
            .map_err(|_| Refusal::NotDocx)?;
        parts.push((file.name().to_owned(), content));
    }
    if !parts.iter().any(|(name, _)| name == "word/document.xml") {
        return Err(Refusal::NotDocx);
    }
    Ok(parts)
}

/// The text of each paragraph of a part, run by run.
fn paragraph_runs(xml: &str) -> Vec<Vec<String>> {
    PARAGRAPH
        .find_iter(xml)
        .map(|p| {
            RUN_TEXT
                .captures_iter(p.as_str())
                .map(|c| unescape(&c[2]))
                .collect()
        })
        .collect()
}

/// Checks a template: the fields it uses, sorted, or why it is refused.
pub fn check(bytes: &[u8], known: &[&str]) -> Result<Vec<String>, Refusal> {
    let mut used = Vec::new();
    let mut split = Vec::new();
    for (name, content) in parts(bytes)? {
        if !is_text_part(&name) {
            continue;
        }
        let xml = String::from_utf8_lossy(&content);
        for runs in paragraph_runs(&xml) {
            let whole: String = runs.concat();
            let in_runs: usize = runs.iter().map(|r| FIELD.find_iter(r).count()).sum();
            if FIELD.find_iter(&whole).count() > in_runs
                || whole.matches("{{").count() != whole.matches("}}").count()
            {
                split.push(whole.trim().to_owned());
                continue;
            }
            for r in &runs {
                used.extend(FIELD.captures_iter(r).map(|c| c[1].to_owned()));
            }
        }
    }
    if !split.is_empty() {
        return Err(Refusal::Split(split));
    }
    used.sort();
    used.dedup();
    let unknown: Vec<String> = used
        .iter()
        .filter(|f| !known.contains(&f.as_str()))
        .cloned()
        .collect();
    if unknown.is_empty() {
        Ok(used)
    } else {
        Err(Refusal::Unknown(unknown))
    }
}

fn fill_text(text: &str, values: &BTreeMap<&str, String>) -> String {
    FIELD
        .replace_all(text, |c: &regex::Captures<'_>| {
            values.get(&c[1]).cloned().unwrap_or_default()
        })
        .into_owned()
}

/// The template filled with `values` and the annexed list (its heading, its table) added at the
/// end of the body, as DOCX.
pub fn fill_docx(
    bytes: &[u8],
    values: &BTreeMap<&str, String>,
    annex_heading: &str,
    annex: &Table,
) -> anyhow::Result<Vec<u8>> {
    let parts = parts(bytes).map_err(|_| anyhow::anyhow!("the template is not a DOCX"))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        out.start_file(name.as_str(), options)?;
        if !is_text_part(&name) {
            out.write_all(&content)?;
            continue;
        }
        let xml = String::from_utf8_lossy(&content);
        let mut filled = RUN_TEXT
            .replace_all(&xml, |c: &regex::Captures<'_>| {
                let text = fill_text(&unescape(&c[2]), values);
                format!("{}{}{}", &c[1], escape(&text), &c[3])
            })
            .into_owned();
        if name == "word/document.xml" {
            let heading = super::docx::line(
                annex_heading,
                super::docx::Look::Bold,
                13,
                docx_rs::AlignmentType::Center,
            );
            let mut annex_xml = String::from_utf8(heading.build())?;
            annex_xml.push_str(&String::from_utf8(super::docx::table(annex).build())?);
            let at = filled
                .rfind("<w:sectPr")
                .or_else(|| filled.rfind("</w:body>"))
                .ok_or_else(|| anyhow::anyhow!("the template has no body"))?;
            filled.insert_str(at, &annex_xml);
        }
        out.write_all(filled.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The filled template as a paper without a letterhead: its paragraphs' text in order, then
/// the annexed list; for the PDF.
pub fn paper(
    bytes: &[u8],
    values: &BTreeMap<&str, String>,
    annex_heading: &str,
    annex: &Table,
) -> anyhow::Result<Paper> {
    let parts = parts(bytes).map_err(|_| anyhow::anyhow!("the template is not a DOCX"))?;
    let xml = parts
        .iter()
        .find(|(name, _)| name == "word/document.xml")
        .map(|(_, content)| String::from_utf8_lossy(content).into_owned())
        .unwrap_or_default();
    let mut blocks: Vec<Block> = paragraph_runs(&xml)
        .into_iter()
        .map(|runs| fill_text(&runs.concat(), values))
        .filter(|text| !text.trim().is_empty())
        .map(Block::Text)
        .collect();
    blocks.push(Block::Heading(annex_heading.to_owned()));
    blocks.push(Block::Table(annex.clone()));
    Ok(Paper {
        parent: String::new(),
        authority: String::new(),
        number: String::new(),
        place_date: String::new(),
        kind: String::new(),
        subject: String::new(),
        blocks,
        signatures: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A DOCX whose body has these paragraphs, each a list of runs.
    pub(crate) fn docx_of(paragraphs: &[&[&str]]) -> Vec<u8> {
        let mut doc = docx_rs::Docx::new();
        for runs in paragraphs {
            let mut p = docx_rs::Paragraph::new();
            for r in *runs {
                p = p.add_run(docx_rs::Run::new().add_text(*r));
            }
            doc = doc.add_paragraph(p);
        }
        let mut out = Cursor::new(Vec::new());
        doc.build().pack(&mut out).unwrap();
        out.into_inner()
    }

    const KNOWN: &[&str] = &["number", "decision_date", "total_bonus"];

    #[test]
    fn placeholders_are_checked_run_by_run() {
        let good = docx_of(&[&["Số: ", "{{number}}"], &["Tổng: {{ total_bonus }} đồng"]]);
        assert_eq!(
            check(&good, KNOWN),
            Ok(vec!["number".to_owned(), "total_bonus".to_owned()])
        );
        let split = docx_of(&[&["Số: {{num", "ber}}"]]);
        assert_eq!(
            check(&split, KNOWN),
            Err(Refusal::Split(vec!["Số: {{number}}".to_owned()]))
        );
        let unknown = docx_of(&[&["{{so_quyet_dinh}} và {{number}}"]]);
        assert_eq!(
            check(&unknown, KNOWN),
            Err(Refusal::Unknown(vec!["so_quyet_dinh".to_owned()]))
        );
        assert_eq!(check(b"not a zip", KNOWN), Err(Refusal::NotDocx));
    }

    #[test]
    fn a_template_is_filled_and_gets_the_annexed_list() {
        let t = docx_of(&[
            &["Quyết định số ", "{{number}}", " ngày {{decision_date}}"],
            &["A & B"],
        ]);
        let values = BTreeMap::from([
            ("number", "12/QĐ-UBND".to_owned()),
            ("decision_date", "15/12/2025".to_owned()),
        ]);
        let annex = Table {
            widths: vec![20, 80],
            header: vec!["STT".to_owned(), "Tên".to_owned()],
            rows: vec![vec!["1".to_owned(), "Nguyễn Văn <An>".to_owned()]],
        };
        let filled = fill_docx(&t, &values, "DANH SÁCH", &annex).unwrap();
        let doc = docx_rs::read_docx(&filled).unwrap();
        let json = serde_json::to_string(&doc.document).unwrap();
        assert!(json.contains("12/QĐ-UBND"), "{json}");
        assert!(json.contains("15/12/2025"));
        assert!(json.contains("Nguyễn Văn <An>"));
        assert!(!json.contains("{{"));
        let p = paper(&t, &values, "DANH SÁCH", &annex).unwrap();
        assert!(
            matches!(&p.blocks[0], Block::Text(t) if t == "Quyết định số 12/QĐ-UBND ngày 15/12/2025")
        );
        assert!(matches!(&p.blocks[1], Block::Text(t) if t == "A & B"));
    }
}
