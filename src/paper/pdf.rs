//! A paper as PDF: A4, the decree's margins (20 mm top and bottom, 30 mm left, 15 mm right),
//! DejaVu Serif, whose glyphs cover Vietnamese, embedded and subset. The layout is computed
//! first, as lines and strokes on pages, then drawn: a row of a table or a signature block that
//! does not fit moves to the next page whole.

use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::{Block, Paper, Signature, Table, MOTTO, MOTTO_LINE};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MM: f32 = 2.834_646;
const LEFT: f32 = 30.0 * MM;
const RIGHT: f32 = PAGE_W - 15.0 * MM;
const TOP: f32 = 20.0 * MM;
const BOTTOM: f32 = PAGE_H - 20.0 * MM;
const WIDTH: f32 = RIGHT - LEFT;
const PAD: f32 = 3.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Regular,
    Bold,
    Italic,
}

/// A face: what draws it and what measures it.
struct Face {
    font: Font,
    metrics: ttf_parser::Face<'static>,
}

impl Face {
    fn new(bytes: &'static [u8]) -> anyhow::Result<Face> {
        let font = Font::new(bytes.into(), 0).ok_or_else(|| anyhow::anyhow!("unreadable font"))?;
        let metrics = ttf_parser::Face::parse(bytes, 0)?;
        Ok(Face { font, metrics })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.metrics.glyph_index(c).unwrap_or_default();
                u32::from(self.metrics.glyph_hor_advance(glyph).unwrap_or(0))
            })
            .sum();
        // Glyph advances are small integers: exact in f32.
        #[allow(clippy::cast_precision_loss)]
        let w = units as f32 * size / f32::from(self.metrics.units_per_em());
        w
    }

    fn ascent(&self, size: f32) -> f32 {
        f32::from(self.metrics.ascender()) * size / f32::from(self.metrics.units_per_em())
    }
}

struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    fn load() -> anyhow::Result<Faces> {
        Ok(Faces {
            regular: Face::new(dejavu::serif::regular())?,
            bold: Face::new(dejavu::serif::bold())?,
            italic: Face::new(dejavu::serif::italic())?,
        })
    }

    fn get(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}

/// How a text is set: its face, size, and whether centred in its box.
#[derive(Clone, Copy)]
struct Look {
    style: Style,
    size: f32,
    centre: bool,
}

impl Look {
    fn new(style: Style, size: f32, centre: bool) -> Look {
        Look {
            style,
            size,
            centre,
        }
    }
}

enum Mark {
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

/// The words of `text` in lines no wider than `width`; a word wider than a line is cut.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if face.width(&candidate, size) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for c in word.chars() {
            current.push(c);
            if face.width(&current, size) > width && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::replace(&mut current, c.to_string()));
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn leading(size: f32) -> f32 {
    size * 1.3
}

/// Pages of marks, and where the next line goes.
struct Layout<'f> {
    faces: &'f Faces,
    pages: Vec<Vec<Mark>>,
    y: f32,
}

impl Layout<'_> {
    fn marks(&mut self) -> &mut Vec<Mark> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Moves to a new page unless `height` fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    /// Lines of `text` within `[x, x + width]`, from `y`, centred or not; the height used.
    fn text_at(&mut self, x: f32, y: f32, width: f32, text: &str, look: Look) -> f32 {
        let Look {
            style,
            size,
            centre,
        } = look;
        let face = self.faces.get(style);
        let lines = wrap(face, text, size, width);
        let ascent = face.ascent(size);
        let mut top = y;
        let mut marks = Vec::new();
        for l in lines {
            let shift = if centre {
                (width - face.width(&l, size)).max(0.0) / 2.0
            } else {
                0.0
            };
            marks.push(Mark::Text {
                x: x + shift,
                y: top + ascent,
                style,
                size,
                text: l,
            });
            top += leading(size);
        }
        self.marks().extend(marks);
        top - y
    }

    /// A paragraph across the text width.
    fn paragraph(&mut self, text: &str, style: Style, size: f32, centre: bool) {
        let face = self.faces.get(style);
        let height = leading(size)
            * f32::from(u16::try_from(wrap(face, text, size, WIDTH).len()).unwrap_or(u16::MAX));
        self.room(height);
        let used = self.text_at(LEFT, self.y, WIDTH, text, Look::new(style, size, centre));
        self.y += used;
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.marks().push(Mark::Rule { x1, y1, x2, y2 });
    }

    /// A short rule centred under a line of `text`, as the decree draws under the authority
    /// and the motto.
    fn underline(&mut self, x: f32, width: f32, y: f32, share: f32) {
        let length = width * share;
        let start = x + (width - length) / 2.0;
        self.rule(start, y, start + length, y);
    }

    fn heading(&mut self, p: &Paper) {
        let left_w = WIDTH * 0.4;
        let right_x = LEFT + left_w;
        let right_w = WIDTH - left_w;
        let mut y = TOP;
        y += self.text_at(
            LEFT,
            y,
            left_w,
            &p.parent,
            Look::new(Style::Regular, 12.0, true),
        );
        y += self.text_at(
            LEFT,
            y,
            left_w,
            &p.authority,
            Look::new(Style::Bold, 12.0, true),
        );
        self.underline(LEFT, left_w, y + 1.0, 0.35);
        let left_end = y + 6.0;
        let mut r = TOP;
        r += self.text_at(
            right_x,
            r,
            right_w,
            MOTTO,
            Look::new(Style::Bold, 11.0, true),
        );
        r += self.text_at(
            right_x,
            r,
            right_w,
            MOTTO_LINE,
            Look::new(Style::Bold, 13.0, true),
        );
        let motto = self.faces.bold.width(MOTTO_LINE, 13.0);
        self.underline(right_x, right_w, r + 1.0, motto / right_w);
        let below = left_end.max(r + 6.0);
        let l = self.text_at(
            LEFT,
            below,
            left_w,
            &p.number,
            Look::new(Style::Regular, 13.0, true),
        );
        let rr = self.text_at(
            right_x,
            below,
            right_w,
            &p.place_date,
            Look::new(Style::Italic, 13.0, true),
        );
        self.y = below + l.max(rr) + 18.0;
    }

    fn table(&mut self, t: &Table) {
        let total: f32 = t.widths.iter().map(|w| f32::from(*w)).sum::<f32>().max(1.0);
        let widths: Vec<f32> = t
            .widths
            .iter()
            .map(|w| WIDTH * f32::from(*w) / total)
            .collect();
        let size = 9.5;
        self.row(&widths, &t.header, Style::Bold, size);
        for r in &t.rows {
            self.row(&widths, r, Style::Regular, size);
        }
        self.y += 8.0;
    }

    fn row(&mut self, widths: &[f32], cells: &[String], style: Style, size: f32) {
        let face = self.faces.get(style);
        let lines = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| wrap(face, c, size, w - 2.0 * PAD).len())
            .max()
            .unwrap_or(1);
        let height =
            leading(size) * f32::from(u16::try_from(lines).unwrap_or(u16::MAX)) + 2.0 * PAD;
        self.room(height);
        let top = self.y;
        let mut x = LEFT;
        self.rule(LEFT, top, RIGHT, top);
        self.rule(LEFT, top + height, RIGHT, top + height);
        self.rule(x, top, x, top + height);
        for (c, w) in cells.iter().zip(widths) {
            self.text_at(
                x + PAD,
                top + PAD,
                w - 2.0 * PAD,
                c,
                Look::new(style, size, style == Style::Bold),
            );
            x += w;
            self.rule(x, top, x, top + height);
        }
        self.y = top + height;
    }

    fn signatures(&mut self, signs: &[Signature]) {
        let gap = 70.0;
        self.room(leading(13.0) * 2.0 + gap + 12.0);
        self.y += 12.0;
        let count = f32::from(u16::try_from(signs.len().max(1)).unwrap_or(1));
        let width = WIDTH / count;
        let top = self.y;
        let mut lowest = top;
        for (i, s) in signs.iter().enumerate() {
            let x = LEFT + width * f32::from(u16::try_from(i).unwrap_or(0));
            let used = self.text_at(x, top, width, &s.role, Look::new(Style::Bold, 13.0, true));
            let name = self.text_at(
                x,
                top + used + gap,
                width,
                &s.name,
                Look::new(Style::Bold, 13.0, true),
            );
            lowest = lowest.max(top + used + gap + name);
        }
        self.y = lowest;
    }
}

/// The paper as a PDF file.
pub fn render(p: &Paper) -> anyhow::Result<Vec<u8>> {
    let faces = Faces::load()?;
    let mut layout = Layout {
        faces: &faces,
        pages: Vec::new(),
        y: TOP,
    };
    // A filled template carries its own letterhead in its text.
    if !(p.parent.is_empty() && p.authority.is_empty()) {
        layout.heading(p);
        layout.paragraph(&p.kind, Style::Bold, 14.0, true);
        layout.paragraph(&p.subject, Style::Bold, 13.0, true);
        layout.y += 10.0;
    }
    for block in &p.blocks {
        match block {
            Block::Heading(text) => {
                layout.y += 4.0;
                layout.paragraph(text, Style::Bold, 13.0, false);
            }
            Block::Text(text) => layout.paragraph(text, Style::Regular, 13.0, false),
            Block::Table(t) => layout.table(t),
        }
    }
    layout.signatures(&p.signatures);
    draw(&faces, layout.pages)
}

fn draw(faces: &Faces, pages: Vec<Vec<Mark>>) -> anyhow::Result<Vec<u8>> {
    let mut document = Document::new();
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| anyhow::anyhow!("page size"))?;
    for (number, mut marks) in pages.into_iter().enumerate() {
        // From the second page on, its number, centred in the top margin.
        if number > 0 {
            let label = (number + 1).to_string();
            let width = faces.regular.width(&label, 12.0);
            marks.push(Mark::Text {
                x: LEFT + (WIDTH - width) / 2.0,
                y: TOP / 2.0 + faces.regular.ascent(12.0) / 2.0,
                style: Style::Regular,
                size: 12.0,
                text: label,
            });
        }
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for mark in marks {
            match mark {
                Mark::Text {
                    x,
                    y,
                    style,
                    size,
                    text,
                } => {
                    surface.set_stroke(None);
                    surface.draw_text(
                        Point::from_xy(x, y),
                        faces.get(style).font.clone(),
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Mark::Rule { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(x1, y1);
                    path.line_to(x2, y2);
                    if let Some(path) = path.finish() {
                        surface.set_stroke(Some(Stroke {
                            width: 0.6,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))
}
