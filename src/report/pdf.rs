//! The PDF report: printable A4 pages with the same sections, tables and charts as the HTML
//! report, drawn as vectors with the embedded DejaVu Sans font. Tables that run past a page
//! continue on the next with their header repeated; every page has the plan name and
//! "Page i of N" in its footer.
//!
//! Pages are first laid out as chart [`Shape`]s (so the page count is known for the footers),
//! then drawn with krilla.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::charmap::Charmap;
use skrifa::metrics::GlyphMetrics;
use skrifa::prelude::{FontRef, LocationRef, MetadataProvider, Size};

use super::chart::{self, Anchor, Color, Shape};
use super::content::{self, Block, Cell, ReportInput, Table};
use super::{ReportError, escape};

/// DejaVu Sans (free licence in `assets/fonts/LICENSE-DejaVu.txt`), embedded and subset. The
/// GUI also draws with it where egui's own fonts lack a glyph (`app::desktop::fallback_font`).
pub(crate) static REGULAR_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold for headings and table headers.
static BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 width in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left, right and top margin.
const MARGIN: f32 = 42.0;
/// Width between the margins.
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Lowest y that content may reach; the footer lives below.
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 52.0;
/// Height of a chart on the page.
const CHART_HEIGHT: f32 = 230.0;
/// Largest and smallest table font sizes.
const TABLE_FONT_MAX: f32 = 8.0;
const TABLE_FONT_MIN: f32 = 5.5;
/// Horizontal padding inside a table cell (both sides together).
const CELL_PADDING: f32 = 6.0;
/// Rows measured to size table columns.
const MEASURED_ROWS: usize = 300;

/// Builds the PDF and returns its bytes.
pub fn render(input: &ReportInput, progress: &mut dyn FnMut(f32)) -> Result<Vec<u8>, ReportError> {
    let measure = Fonts::new()?;
    let document = content::document(input);
    let mut pager = Pager::new(&measure);
    pager.title(&document.title, &document.subtitle);
    let sections = document.sections.len().max(1) as f32;
    for (done, section) in document.sections.iter().enumerate() {
        if done > 0 {
            pager.new_page();
        }
        pager.heading(section.title, 16.0);
        for block in &section.blocks {
            match block {
                Block::Note(text) => pager.paragraph(text, 9.0),
                Block::Table(table) => pager.table(table),
                Block::Chart(chart) => pager.chart(chart),
            }
        }
        progress((done + 1) as f32 / sections * 0.5);
    }
    let pages = pager.finish(&document.title);
    draw(&pages, &document.title, progress)
}

/// Advance widths of one font, for aligning and fitting text.
struct TextMeasure {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
}

impl TextMeasure {
    fn new(data: &'static [u8]) -> Result<TextMeasure, ReportError> {
        let font = FontRef::new(data)
            .map_err(|e| ReportError::Pdf(format!("the embedded font cannot be read: {e}")))?;
        Ok(TextMeasure {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::new(1.0), LocationRef::default()),
        })
    }

    /// Width of `text` at `size` points (0.6 em for a character the font lacks).
    fn width(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text
            .chars()
            .map(|ch| {
                self.charmap
                    .map(ch)
                    .and_then(|glyph| self.metrics.advance_width(glyph))
                    .unwrap_or(0.6)
            })
            .sum();
        em * size
    }
}

/// Measures of the regular and bold faces.
struct Fonts {
    regular: TextMeasure,
    bold: TextMeasure,
}

impl Fonts {
    fn new() -> Result<Fonts, ReportError> {
        Ok(Fonts {
            regular: TextMeasure::new(REGULAR_FONT)?,
            bold: TextMeasure::new(BOLD_FONT)?,
        })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        if bold {
            self.bold.width(text, size)
        } else {
            self.regular.width(text, size)
        }
    }

    /// The text cut (with `…`) so it is at most `width` wide.
    fn fit(&self, text: &str, width: f32, size: f32, bold: bool) -> String {
        // The tolerance absorbs rounding in widths computed as `natural · size + padding − padding`.
        let width = width + 0.01;
        if self.width(text, size, bold) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() {
            chars.pop();
            let candidate: String = chars.iter().collect::<String>() + "…";
            if self.width(&candidate, size, bold) <= width {
                return candidate;
            }
        }
        String::new()
    }
}

/// Column widths and font size of one table on the page. Numbers always fit whole; text
/// columns give up width first (their cells are then cut with `…`), headers wrap onto two lines.
struct TableLayout {
    size: f32,
    widths: Vec<f32>,
    header_lines: usize,
}

/// Narrowest a text column is squeezed to, in points.
const MIN_TEXT_COLUMN: f32 = 36.0;

impl TableLayout {
    fn new(table: &Table, fonts: &Fonts) -> TableLayout {
        let count = table.columns.len().max(1);
        let padding = CELL_PADDING * count as f32;
        let measured: Vec<ColumnMeasure> = (0..table.columns.len())
            .map(|c| ColumnMeasure::new(table, c, fonts))
            .collect();
        let natural: f32 = measured.iter().map(|m| m.natural).sum::<f32>().max(1e-3);
        let size = ((CONTENT_WIDTH - padding) / natural).clamp(TABLE_FONT_MIN, TABLE_FONT_MAX);
        let mut widths: Vec<f32> = measured
            .iter()
            .map(|m| m.natural * size + CELL_PADDING)
            .collect();
        let mut excess = widths.iter().sum::<f32>() - CONTENT_WIDTH;
        // Text columns give up width first, then header room of number columns.
        for text_pass in [true, false] {
            if excess <= 0.0 {
                break;
            }
            let slack: Vec<f32> = measured
                .iter()
                .zip(&widths)
                .map(|(m, w)| {
                    let least = m.required(size) * size + CELL_PADDING;
                    if m.is_text == text_pass {
                        (w - least).max(0.0)
                    } else {
                        0.0
                    }
                })
                .collect();
            let total_slack: f32 = slack.iter().sum();
            if total_slack > 0.0 {
                let share = (excess / total_slack).min(1.0);
                for (width, cut) in widths.iter_mut().zip(&slack) {
                    *width -= cut * share;
                }
                excess -= total_slack * share;
            }
        }
        let mut size = size;
        if excess > 0.5 {
            // Even the narrowest columns do not fit: shrink the font until they do.
            let required: f32 = measured
                .iter()
                .map(|m| m.required(size))
                .sum::<f32>()
                .max(1e-3);
            size = (CONTENT_WIDTH - padding) / required;
            widths = measured
                .iter()
                .map(|m| m.required(size) * size + CELL_PADDING)
                .collect();
        }
        let header_lines = table
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                wrap(c.header, w - CELL_PADDING, size, true, fonts)
                    .len()
                    .clamp(1, 2)
            })
            .max()
            .unwrap_or(1);
        TableLayout {
            size,
            widths,
            header_lines,
        }
    }

    fn row_height(&self) -> f32 {
        self.size * 1.7
    }

    fn header_height(&self) -> f32 {
        self.size * (0.5 + 1.25 * self.header_lines as f32)
    }
}

/// Widths of one column in em (at font size 1).
struct ColumnMeasure {
    /// Widest cell or header word, and the header on at most two lines.
    natural: f32,
    /// Widest cell or header word: the least a number column gets.
    cells: f32,
    /// Whether the column holds text (which may be cut) rather than numbers.
    is_text: bool,
}

impl ColumnMeasure {
    fn new(table: &Table, col: usize, fonts: &Fonts) -> ColumnMeasure {
        let column = &table.columns[col];
        let rows = table
            .rows
            .iter()
            .take(MEASURED_ROWS)
            .filter_map(|row| row.get(col));
        let mut cells = 0.0f32;
        let mut is_text = false;
        for cell in rows {
            cells = cells.max(fonts.width(&cell.display(column.decimals), 1.0, false));
            is_text |= matches!(cell, Cell::Text(_));
        }
        let widest_word = column
            .header
            .split_whitespace()
            .map(|w| fonts.width(w, 1.0, true))
            .fold(0.0f32, f32::max);
        let half_header = fonts.width(column.header, 1.0, true) / 2.0;
        ColumnMeasure {
            natural: cells.max(widest_word).max(half_header),
            cells: cells.max(widest_word),
            is_text,
        }
    }

    /// The least width in em this column may get at `size`: whole numbers, or a short text.
    fn required(&self, size: f32) -> f32 {
        if self.is_text {
            self.natural.min(MIN_TEXT_COLUMN / size)
        } else {
            self.cells
        }
    }
}

/// Lays content out top to bottom over as many pages as it needs.
struct Pager<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Shape>>,
    y: f32,
}

impl<'a> Pager<'a> {
    fn new(fonts: &'a Fonts) -> Pager<'a> {
        Pager {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` still fits (or the page is empty).
    fn ensure(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && self.y > MARGIN + 0.5 {
            self.new_page();
        }
    }

    fn push(&mut self, shape: Shape) {
        if let Some(page) = self.pages.last_mut() {
            page.push(shape);
        }
    }

    fn text(&mut self, x: f32, y: f32, text: String, size: f32, anchor: Anchor, bold: bool) {
        self.push(Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color: chart::INK,
            bold,
        });
    }

    fn title(&mut self, title: &str, subtitle: &str) {
        let title = self.fonts.fit(title, CONTENT_WIDTH, 20.0, true);
        self.text(MARGIN, self.y + 18.0, title, 20.0, Anchor::Start, true);
        self.y += 30.0;
        self.paragraph(subtitle, 9.5);
        self.y += 6.0;
    }

    fn heading(&mut self, text: &str, size: f32) {
        self.ensure(size * 4.0);
        self.text(
            MARGIN,
            self.y + size,
            text.to_string(),
            size,
            Anchor::Start,
            true,
        );
        self.y += size * 1.3;
        self.push(Shape::Rect {
            x: MARGIN,
            y: self.y,
            w: CONTENT_WIDTH,
            h: 1.2,
            fill: chart::PALETTE[0],
        });
        self.y += 8.0;
    }

    /// Word-wrapped text across the content width.
    fn paragraph(&mut self, text: &str, size: f32) {
        let line_height = size * 1.4;
        for line in wrap(text, CONTENT_WIDTH, size, false, self.fonts) {
            self.ensure(line_height);
            self.text(MARGIN, self.y + size, line, size, Anchor::Start, false);
            self.y += line_height;
        }
        self.y += size * 0.6;
    }

    fn chart(&mut self, chart: &chart::Chart) {
        self.ensure(CHART_HEIGHT);
        let (dx, dy) = (MARGIN, self.y);
        for shape in chart::layout(chart, CONTENT_WIDTH, CHART_HEIGHT) {
            self.push(translate(shape, dx, dy));
        }
        self.y += CHART_HEIGHT + 8.0;
    }

    fn table(&mut self, table: &Table) {
        let layout = TableLayout::new(table, self.fonts);
        let row_height = layout.row_height();
        self.ensure(14.0 + layout.header_height() + row_height * 2.0);
        self.caption(table.title);
        self.table_header(table, &layout);
        for (index, row) in table.rows.iter().enumerate() {
            if self.y + row_height > CONTENT_BOTTOM {
                self.new_page();
                self.caption(&format!("{} (continued)", table.title));
                self.table_header(table, &layout);
            }
            if index % 2 == 1 {
                self.push(Shape::Rect {
                    x: MARGIN,
                    y: self.y,
                    w: layout.widths.iter().sum(),
                    h: row_height,
                    fill: Color(246, 248, 251),
                });
            }
            self.table_row(table, row, &layout);
        }
        self.y += 10.0;
    }

    fn caption(&mut self, text: &str) {
        self.text(
            MARGIN,
            self.y + 9.0,
            text.to_string(),
            9.5,
            Anchor::Start,
            true,
        );
        self.y += 14.0;
    }

    fn table_header(&mut self, table: &Table, layout: &TableLayout) {
        let height = layout.header_height();
        self.push(Shape::Rect {
            x: MARGIN,
            y: self.y,
            w: layout.widths.iter().sum(),
            h: height,
            fill: Color(230, 236, 244),
        });
        let mut x = MARGIN;
        for (column, width) in table.columns.iter().zip(&layout.widths) {
            let room = width - CELL_PADDING;
            let mut lines = wrap(column.header, room, layout.size, true, self.fonts);
            if lines.len() > layout.header_lines {
                let rest = lines.split_off(layout.header_lines - 1).join(" ");
                lines.push(rest);
            }
            for (i, line) in lines.iter().enumerate() {
                let text = self.fonts.fit(line, room, layout.size, true);
                let baseline = self.y + layout.size * (1.2 + 1.25 * i as f32);
                self.text(
                    x + CELL_PADDING / 2.0,
                    baseline,
                    text,
                    layout.size,
                    Anchor::Start,
                    true,
                );
            }
            x += width;
        }
        self.y += height;
    }

    fn table_row(&mut self, table: &Table, row: &[Cell], layout: &TableLayout) {
        let mut x = MARGIN;
        let baseline = self.y + layout.size * 1.2;
        for ((cell, column), width) in row.iter().zip(&table.columns).zip(&layout.widths) {
            let shown = self.fonts.fit(
                &cell.display(column.decimals),
                width - CELL_PADDING,
                layout.size,
                false,
            );
            let (x_text, anchor) = match cell {
                Cell::Number(_) | Cell::Ratio(_) => (x + width - CELL_PADDING / 2.0, Anchor::End),
                _ => (x + CELL_PADDING / 2.0, Anchor::Start),
            };
            self.text(x_text, baseline, shown, layout.size, anchor, false);
            x += width;
        }
        self.y += layout.row_height();
    }

    /// The pages with a footer (plan name, page i of N) on each.
    fn finish(self, plan_name: &str) -> Vec<Vec<Shape>> {
        let count = self.pages.len();
        let name = self.fonts.fit(plan_name, CONTENT_WIDTH * 0.7, 8.0, false);
        let footer_y = PAGE_HEIGHT - 28.0;
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, mut page)| {
                page.push(Shape::Rect {
                    x: MARGIN,
                    y: footer_y - 12.0,
                    w: CONTENT_WIDTH,
                    h: 0.6,
                    fill: chart::GRID,
                });
                page.push(footer_text(MARGIN, footer_y, name.clone(), Anchor::Start));
                page.push(footer_text(
                    MARGIN + CONTENT_WIDTH,
                    footer_y,
                    format!("Page {} of {count}", i + 1),
                    Anchor::End,
                ));
                page
            })
            .collect()
    }
}

fn footer_text(x: f32, y: f32, text: String, anchor: Anchor) -> Shape {
    Shape::Text {
        x,
        y,
        text,
        size: 8.0,
        anchor,
        color: Color(90, 90, 90),
        bold: false,
    }
}

/// Splits text into lines no wider than `width` at word boundaries.
fn wrap(text: &str, width: f32, size: f32, bold: bool, fonts: &Fonts) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fonts.width(&candidate, size, bold) <= width + 0.01 || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(escape::truncate(&line, 400));
    }
    lines
}

/// Moves a chart shape from chart coordinates onto the page.
fn translate(shape: Shape, dx: f32, dy: f32) -> Shape {
    match shape {
        Shape::Rect { x, y, w, h, fill } => Shape::Rect {
            x: x + dx,
            y: y + dy,
            w,
            h,
            fill,
        },
        Shape::Polyline {
            points,
            color,
            width,
            dashed,
        } => Shape::Polyline {
            points: points.into_iter().map(|(x, y)| (x + dx, y + dy)).collect(),
            color,
            width,
            dashed,
        },
        Shape::Circle { cx, cy, r, fill } => Shape::Circle {
            cx: cx + dx,
            cy: cy + dy,
            r,
            fill,
        },
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color,
            bold,
        } => Shape::Text {
            x: x + dx,
            y: y + dy,
            text,
            size,
            anchor,
            color,
            bold,
        },
    }
}

/// The fonts as krilla embeds them.
struct PdfFonts {
    regular: Font,
    bold: Font,
}

fn draw(
    pages: &[Vec<Shape>],
    title: &str,
    progress: &mut dyn FnMut(f32),
) -> Result<Vec<u8>, ReportError> {
    let load = |data: &'static [u8]| {
        Font::new(data.into(), 0)
            .ok_or_else(|| ReportError::Pdf("the embedded font cannot be loaded".to_string()))
    };
    let fonts = PdfFonts {
        regular: load(REGULAR_FONT)?,
        bold: load(BOLD_FONT)?,
    };
    let measure = Fonts::new()?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| ReportError::Pdf("invalid page size".to_string()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Opsplan".to_string()),
    );
    let count = pages.len().max(1) as f32;
    for (done, shapes) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for shape in shapes {
            draw_shape(&mut surface, shape, &fonts, &measure);
        }
        surface.finish();
        page.finish();
        progress(0.5 + (done + 1) as f32 / count * 0.45);
    }
    document
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

fn paint(color: Color) -> krilla::paint::Paint {
    rgb::Color::new(color.0, color.1, color.2).into()
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: paint(color),
        ..Fill::default()
    }
}

fn draw_shape(surface: &mut Surface, shape: &Shape, fonts: &PdfFonts, measure: &Fonts) {
    match shape {
        Shape::Rect {
            x,
            y,
            w,
            h,
            fill: color,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                return;
            };
            let mut builder = PathBuilder::new();
            builder.push_rect(rect);
            if let Some(path) = builder.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*color)));
                surface.draw_path(&path);
            }
        }
        Shape::Polyline {
            points,
            color,
            width,
            dashed,
        } => draw_polyline(surface, points, *color, *width, *dashed),
        Shape::Circle {
            cx,
            cy,
            r,
            fill: color,
        } => {
            if let Some(path) = circle_path(*cx, *cy, *r) {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*color)));
                surface.draw_path(&path);
            }
        }
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color,
            bold,
        } => {
            if text.is_empty() {
                return;
            }
            let width = measure.width(text, *size, *bold);
            let left = match anchor {
                Anchor::Start => *x,
                Anchor::Middle => x - width / 2.0,
                Anchor::End => x - width,
            };
            let font = if *bold { &fonts.bold } else { &fonts.regular };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*color)));
            surface.draw_text(
                Point::from_xy(left, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
    }
}

fn draw_polyline(
    surface: &mut Surface,
    points: &[(f32, f32)],
    color: Color,
    width: f32,
    dashed: bool,
) {
    let Some(((x0, y0), rest)) = points.split_first() else {
        return;
    };
    let mut builder = PathBuilder::new();
    builder.move_to(*x0, *y0);
    for (x, y) in rest {
        builder.line_to(*x, *y);
    }
    let Some(path) = builder.finish() else {
        return;
    };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: paint(color),
        width,
        dash: dashed.then(|| StrokeDash {
            array: vec![4.0, 2.5],
            offset: 0.0,
        }),
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// A circle from four cubic Bézier arcs (control distance 0.5523 · r).
fn circle_path(cx: f32, cy: f32, r: f32) -> Option<krilla::geom::Path> {
    let k = 0.552_284_8 * r;
    let mut builder = PathBuilder::new();
    builder.move_to(cx + r, cy);
    builder.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    builder.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    builder.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    builder.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    builder.close();
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_measure_uses_the_font_advances() {
        let fonts = Fonts::new().unwrap();
        // DejaVu Sans digits advance 1303 of 2048 units = 0.63623 em; "00" at 10 pt = 12.72 pt.
        let width = fonts.width("00", 10.0, false);
        assert!((width - 12.724).abs() < 0.01, "{width}");
        assert!(fonts.width("WWW", 10.0, true) > fonts.width("WWW", 10.0, false));
    }

    #[test]
    fn fit_cuts_long_text_with_an_ellipsis() {
        let fonts = Fonts::new().unwrap();
        let fitted = fonts.fit("A very long item name indeed", 40.0, 8.0, false);
        assert!(fitted.ends_with('…'), "{fitted}");
        assert!(fonts.width(&fitted, 8.0, false) <= 40.0);
        assert_eq!(fonts.fit("Short", 40.0, 8.0, false), "Short");
    }

    #[test]
    fn wrap_breaks_at_words_within_the_width() {
        let fonts = Fonts::new().unwrap();
        let lines = wrap(
            "one two three four five six seven",
            60.0,
            9.0,
            false,
            &fonts,
        );
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| fonts.width(l, 9.0, false) <= 60.0));
        assert_eq!(lines.join(" "), "one two three four five six seven");
    }
}
