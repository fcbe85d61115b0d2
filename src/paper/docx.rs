//! A paper as DOCX: A4, the decree's margins, Times New Roman 13 (the fonts every office in the
//! country has), the heading and the signature block as tables without borders.

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Table as DocxTable, TableCell,
    TableRow, WidthType,
};

use super::{Block, Paper, Signature, Table, MOTTO, MOTTO_LINE};

/// Twentieths of a point (twips) per millimetre.
const TWIPS_PER_MM: f64 = 56.692;
/// The text width: A4 (210 mm) less the decree's margins, 30 mm left and 15 mm right.
const TEXT_WIDTH: usize = 9354;

fn mm(v: f64) -> i32 {
    // Whole twips; the values are small and positive.
    #[allow(clippy::cast_possible_truncation)]
    let twips = (v * TWIPS_PER_MM).round() as i32;
    twips
}

#[derive(Clone, Copy)]
pub(super) enum Look {
    Plain,
    Bold,
    Italic,
    Underlined,
}

/// A run of `text` in `look`, `size` in points.
fn run(text: &str, look: Look, size: usize) -> Run {
    let r = Run::new().add_text(text).size(size * 2);
    match look {
        Look::Plain => r,
        Look::Bold => r.bold(),
        Look::Italic => r.italic(),
        Look::Underlined => r.bold().underline("single"),
    }
}

pub(super) fn line(text: &str, look: Look, size: usize, align: AlignmentType) -> Paragraph {
    Paragraph::new().add_run(run(text, look, size)).align(align)
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), TableCell::add_paragraph)
        .width(width, WidthType::Dxa)
}

/// A table without borders, for the heading and the signatures.
fn layout(columns: Vec<(Vec<Paragraph>, usize)>) -> DocxTable {
    let grid = columns.iter().map(|(_, w)| *w).collect();
    let cells = columns.into_iter().map(|(p, w)| cell(p, w)).collect();
    DocxTable::new(vec![TableRow::new(cells)])
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .clear_all_border()
}

fn heading(p: &Paper) -> DocxTable {
    let left = TEXT_WIDTH * 2 / 5;
    let center = AlignmentType::Center;
    layout(vec![
        (
            vec![
                line(&p.parent, Look::Plain, 12, center),
                line(&p.authority, Look::Underlined, 12, center),
                line(&p.number, Look::Plain, 13, center),
            ],
            left,
        ),
        (
            vec![
                line(MOTTO, Look::Bold, 11, center),
                line(MOTTO_LINE, Look::Underlined, 13, center),
                line(&p.place_date, Look::Italic, 13, center),
            ],
            TEXT_WIDTH - left,
        ),
    ])
}

pub(super) fn table(t: &Table) -> DocxTable {
    let total: usize = t
        .widths
        .iter()
        .map(|w| usize::from(*w))
        .sum::<usize>()
        .max(1);
    let widths: Vec<usize> = t
        .widths
        .iter()
        .map(|w| TEXT_WIDTH * usize::from(*w) / total)
        .collect();
    let row = |texts: &[String], look: Look| {
        let cells = texts
            .iter()
            .zip(&widths)
            .map(|(text, w)| {
                let align = match look {
                    Look::Bold => AlignmentType::Center,
                    _ => AlignmentType::Left,
                };
                cell(vec![line(text, look, 11, align)], *w)
            })
            .collect();
        TableRow::new(cells)
    };
    let mut rows = vec![row(&t.header, Look::Bold)];
    rows.extend(t.rows.iter().map(|r| row(r, Look::Plain)));
    DocxTable::new(rows)
        .set_grid(widths.clone())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

fn signatures(signs: &[Signature]) -> DocxTable {
    let count = signs.len().max(1);
    let width = TEXT_WIDTH / count;
    let center = AlignmentType::Center;
    layout(
        signs
            .iter()
            .map(|s| {
                let mut column = vec![line(&s.role, Look::Bold, 13, center)];
                column.extend((0..4).map(|_| Paragraph::new()));
                column.push(line(&s.name, Look::Bold, 13, center));
                (column, width)
            })
            .collect(),
    )
}

/// The paper as a DOCX file.
pub fn render(p: &Paper) -> anyhow::Result<Vec<u8>> {
    let fonts = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("Times New Roman");
    let margin = PageMargin {
        top: mm(20.0),
        left: mm(30.0),
        bottom: mm(20.0),
        right: mm(15.0),
        header: mm(10.0),
        footer: mm(10.0),
        gutter: 0,
    };
    let center = AlignmentType::Center;
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(margin)
        .default_fonts(fonts)
        .default_size(26)
        .add_table(heading(p))
        .add_paragraph(Paragraph::new())
        .add_paragraph(line(&p.kind, Look::Bold, 14, center))
        .add_paragraph(line(&p.subject, Look::Bold, 13, center))
        .add_paragraph(Paragraph::new());
    for block in &p.blocks {
        doc = match block {
            Block::Heading(text) => {
                doc.add_paragraph(line(text, Look::Bold, 13, AlignmentType::Left))
            }
            Block::Text(text) => {
                doc.add_paragraph(line(text, Look::Plain, 13, AlignmentType::Both))
            }
            Block::Table(t) => doc.add_table(table(t)).add_paragraph(Paragraph::new()),
        };
    }
    let doc = doc
        .add_paragraph(Paragraph::new())
        .add_table(signatures(&p.signatures));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out)?;
    Ok(out.into_inner())
}
