//! Marks on text, drawn from the galley's glyph positions: the reader's panes, presentation mode and
//! the inline view all paint their marks here.
//!
//! egui's own `TextFormat` underline and strike-through are drawn per section per row, from the
//! section's first to last glyph on that row, and are lost on some wrapped rows; a span split into
//! several sections by an overlapping note or search match then starts mid-word. Here every mark is
//! computed per wrapped row from the glyphs themselves, so it lies exactly under, over or around the
//! marked characters, whatever else overlaps them. Each kind of mark has its own place, so marks that
//! overlap never hide each other: search matches a line along the top of the row, text only in the UN
//! Convention a line under the baseline, text only in Budapest a line through the middle, notes a
//! dotted line at the bottom, evidence a box around the words, and a teacher's highlight (shown in
//! presentation mode, where there is no search) a bar along the top. A cross-reference is written in
//! the link colour between two short ticks that stand below the baseline at its ends (⌊ … ⌋), and a
//! defined term carries a small ring after its last letter, raised like a footnote mark; neither
//! takes the place of another mark. Boxes are drawn before the lines, so a line that meets a box's
//! edge stays whole.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::StrokeKind;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Galley, Pos2, Rect, Response, Shape, Stroke, Ui, pos2};

use crate::diff::Change;

/// How a highlighted span is marked. Every mark has a non-colour cue too (a line under, over or
/// through the words, a dotted line, a bar, a box, dimmed text), so nothing is signalled by colour
/// alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    Match,
    CurrentMatch,
    /// Only in this treaty's text (Budapest side of a diff): struck through.
    Deleted,
    /// Only in this treaty's text (UN side of a diff): underlined.
    Inserted,
    /// An equivalent term: dimmed.
    Equivalent,
    /// Annotated text: tinted, a dotted line under it, and a marker in the margin.
    Annotated,
    /// Words quoted as evidence for the pair on screen: a box around them.
    Evidence,
    /// Words a lesson's teacher highlighted (presentation mode): tinted, a bar along the top of the
    /// row.
    Highlighted,
    /// A cross-reference to another provision: link-coloured words between two ticks below the
    /// baseline.
    Reference,
    /// A term the treaty defines: a small raised ring after its last letter.
    DefinedTerm,
}

impl Mark {
    /// How a difference between the two texts is marked; equal words are not.
    pub fn of_change(change: Change) -> Option<Mark> {
        match change {
            Change::Deleted => Some(Mark::Deleted),
            Change::Inserted => Some(Mark::Inserted),
            Change::Equivalent => Some(Mark::Equivalent),
            Change::Equal => None,
        }
    }
}

/// The colours marks are painted in. Each theme gives its own (the reader's light and dark palettes,
/// presentation mode's high-contrast one); the places and shapes of the marks are the same in all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkColors {
    /// The lines that carry a mark's meaning without colour: underline, strike-through, search line.
    pub ink: Color32,
    pub deleted: Color32,
    pub inserted: Color32,
    pub search_match: Color32,
    pub current_match: Color32,
    pub annotated: Color32,
    /// The dotted line under noted words.
    pub note_line: Color32,
    /// The box around evidence words.
    pub evidence: Color32,
    pub highlighted: Color32,
    /// The bar along the top of a teacher's highlight.
    pub highlight_bar: Color32,
}

/// The rectangle of the marked characters on one wrapped row of a galley.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowRect {
    /// Index into `galley.rows`.
    pub row: usize,
    /// Galley coordinates: from the left edge of the first marked glyph on the row to the right edge
    /// of the last one, the row's full height.
    pub rect: Rect,
    /// The baseline of the row's glyphs (galley coordinates).
    pub baseline: f32,
}

/// Per wrapped row, where the characters `chars` (indices into the galley's text) lie. Whitespace at
/// either end of a row is left out, so a mark never runs into the margin where a line wraps.
pub fn mark_rects(galley: &Galley, chars: Range<usize>) -> Vec<RowRect> {
    let mut out = Vec::new();
    let mut row_start = 0;
    for (index, placed) in galley.rows.iter().enumerate() {
        let glyphs = &placed.row.glyphs;
        let row_chars = row_start..row_start + glyphs.len();
        row_start += placed.char_count_including_newline().0;
        let from = chars.start.max(row_chars.start) - row_chars.start;
        let to = chars.end.min(row_chars.end).saturating_sub(row_chars.start);
        if from >= to {
            continue;
        }
        let marked = &glyphs[from..to];
        let inked = |glyph: &&egui::epaint::text::Glyph| !glyph.chr.is_whitespace();
        // A span of spaces alone (a deleted space) keeps its glyphs; otherwise trim them at row ends,
        // and leave out a row where only the space a longer span wraps at is marked.
        let whole_span_on_row = chars.start >= row_chars.start && chars.end <= row_chars.end;
        let (first, last) = match (marked.iter().find(inked), marked.iter().rev().find(inked)) {
            (Some(first), Some(last)) => (first, last),
            _ if !whole_span_on_row => continue,
            _ => match (marked.first(), marked.last()) {
                (Some(first), Some(last)) => (first, last),
                _ => continue,
            },
        };
        let left = placed.pos.x + first.pos.x;
        let right = placed.pos.x + last.max_x();
        out.push(RowRect {
            row: index,
            rect: Rect::from_min_max(pos2(left, placed.min_y()), pos2(right, placed.max_y())),
            baseline: placed.pos.y + first.pos.y,
        });
    }
    out
}

/// One drawn piece of a mark, in galley coordinates.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkShape {
    /// Painted behind the text.
    Fill { rect: Rect, color: Color32 },
    /// A straight line (underline, strike-through, the line above a search match).
    Line {
        from: Pos2,
        to: Pos2,
        stroke: Stroke,
    },
    /// A dotted line (notes).
    Dots {
        from: Pos2,
        to: Pos2,
        color: Color32,
    },
    /// A box around the words (evidence).
    Box { rect: Rect, stroke: Stroke },
    /// Two short upright ticks at the ends of the words, from `top` down to `bottom` (references).
    Ticks {
        left: f32,
        right: f32,
        top: f32,
        bottom: f32,
        stroke: Stroke,
    },
    /// A small ring (defined terms).
    Ring {
        center: Pos2,
        radius: f32,
        stroke: Stroke,
    },
}

/// A mark's piece on one row, with what it marks (for tests and the pane's record of what it drew).
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedMark {
    pub mark: Mark,
    pub row: usize,
    /// The marked glyphs' rectangle on the row, widened to the minimum width.
    pub rect: Rect,
    pub shape: MarkShape,
}

impl PlacedMark {
    /// From where to where along its row the mark's stroke runs (a box by its inner edge, as the
    /// glyphs it surrounds); `None` for a fill, which has no stroke.
    pub fn stroke_span(&self) -> Option<(f32, f32)> {
        match self.shape {
            MarkShape::Line { from, to, .. } | MarkShape::Dots { from, to, .. } => {
                Some((from.x, to.x))
            }
            MarkShape::Box { rect, .. } => Some((rect.min.x + 1.0, rect.max.x - 1.0)),
            MarkShape::Ticks { left, right, .. } => Some((left, right)),
            MarkShape::Fill { .. } | MarkShape::Ring { .. } => None,
        }
    }
}

/// The narrowest a mark is drawn, so a deleted comma or space stays visible.
pub fn min_mark_width(font_size: f32) -> f32 {
    (font_size * 0.45).max(4.0)
}

/// The shapes of marks `marks` (character ranges of the galley's text) on a galley laid out with body
/// text of `font_size` points: fills first (drawn behind the text), then lines and boxes (drawn over it).
pub fn mark_shapes(
    galley: &Galley,
    marks: &[(Range<usize>, Mark)],
    colors: &MarkColors,
    font_size: f32,
) -> Vec<PlacedMark> {
    let mut fills = Vec::new();
    let mut strokes = Vec::new();
    let min_width = min_mark_width(font_size);
    // Fills in this order, so the most specific one is on top: notes, differences, search.
    let mut ordered: Vec<&(Range<usize>, Mark)> = marks.iter().collect();
    ordered.sort_by_key(|(_, mark)| fill_order(*mark));
    for (chars, mark) in ordered {
        let pieces = mark_rects(galley, chars.clone());
        let last_piece = pieces.len().saturating_sub(1);
        for (piece, placed) in pieces.into_iter().enumerate() {
            // A defined term's ring follows its last letter only, not every wrapped row of it.
            if *mark == Mark::DefinedTerm && piece != last_piece {
                continue;
            }
            let mut rect = placed.rect;
            if rect.width() < min_width {
                rect.max.x = rect.min.x + min_width;
            }
            let (fill, stroke) = shapes_of(*mark, rect, placed.baseline, colors, font_size);
            for (list, shape) in [(&mut fills, fill), (&mut strokes, stroke)] {
                list.extend(shape.map(|shape| PlacedMark {
                    mark: *mark,
                    row: placed.row,
                    rect,
                    shape,
                }));
            }
        }
    }
    // Boxes first: a line drawn where a box's edge runs stays whole over it.
    strokes.sort_by_key(|placed| placed.mark != Mark::Evidence);
    fills.extend(strokes);
    fills
}

/// The fill behind and the line or box over the marked glyphs `rect` of one row whose glyphs stand on
/// `baseline`.
fn shapes_of(
    mark: Mark,
    rect: Rect,
    baseline: f32,
    colors: &MarkColors,
    font_size: f32,
) -> (Option<MarkShape>, Option<MarkShape>) {
    let thin = (font_size / 16.0).clamp(1.0, 2.5);
    let line = |y: f32, width: f32, color: Color32| MarkShape::Line {
        from: pos2(rect.min.x, y),
        to: pos2(rect.max.x, y),
        stroke: Stroke::new(width, color),
    };
    let fill = |color: Color32| Some(MarkShape::Fill { rect, color });
    match mark {
        Mark::Match | Mark::CurrentMatch => {
            let (color, width) = if mark == Mark::Match {
                (colors.search_match, thin)
            } else {
                (colors.current_match, thin * 2.0)
            };
            (
                fill(color),
                Some(line(rect.min.y + width * 0.5, width, colors.ink)),
            )
        }
        // Through the middle of lower-case letters.
        Mark::Deleted => (
            fill(colors.deleted),
            Some(line(baseline - font_size * 0.3, thin * 1.5, colors.ink)),
        ),
        Mark::Inserted => {
            let y = baseline + (font_size * 0.1).max(1.5);
            (fill(colors.inserted), Some(line(y, thin * 1.5, colors.ink)))
        }
        Mark::Annotated => {
            let y = rect.max.y - thin;
            let dots = MarkShape::Dots {
                from: pos2(rect.min.x, y),
                to: pos2(rect.max.x, y),
                color: colors.note_line,
            };
            (fill(colors.annotated), Some(dots))
        }
        // Thicker than a search match's line, which has the same place in the reader.
        Mark::Highlighted => {
            let width = thin * 2.5;
            let bar = line(rect.min.y + width * 0.5, width, colors.highlight_bar);
            (fill(colors.highlighted), Some(bar))
        }
        Mark::Evidence => {
            let frame = MarkShape::Box {
                rect: rect.expand2(egui::vec2(1.0, -0.5)),
                stroke: Stroke::new(thin * 1.5, colors.evidence),
            };
            (None, Some(frame))
        }
        // Equivalent terms are dimmed in the galley itself.
        Mark::Equivalent => (None, None),
        // The link colour is in the galley; the ticks say "link" without it.
        Mark::Reference => {
            let ticks = MarkShape::Ticks {
                left: rect.min.x - thin,
                right: rect.max.x + thin,
                top: baseline - font_size * 0.2,
                bottom: rect.max.y - thin,
                stroke: Stroke::new(thin, colors.ink),
            };
            (None, Some(ticks))
        }
        Mark::DefinedTerm => {
            let radius = (font_size * 0.13).max(2.0);
            let ring = MarkShape::Ring {
                center: pos2(rect.max.x + radius + thin, baseline - font_size * 0.72),
                radius,
                stroke: Stroke::new(thin, colors.ink),
            };
            (None, Some(ring))
        }
    }
}

fn fill_order(mark: Mark) -> u8 {
    match mark {
        Mark::Annotated | Mark::Highlighted => 0,
        Mark::Equivalent | Mark::Evidence | Mark::Reference | Mark::DefinedTerm => 1,
        Mark::Deleted | Mark::Inserted => 2,
        Mark::Match => 3,
        Mark::CurrentMatch => 4,
    }
}

/// The epaint shape of a mark's piece, for a galley drawn at `origin`.
fn epaint_shape(shape: &MarkShape, origin: Pos2) -> Shape {
    let offset = origin.to_vec2();
    match shape {
        MarkShape::Fill { rect, color } => Shape::rect_filled(rect.translate(offset), 0.0, *color),
        MarkShape::Line { from, to, stroke } => {
            Shape::line_segment([*from + offset, *to + offset], *stroke)
        }
        MarkShape::Dots { from, to, color } => {
            let radius = 1.0;
            Shape::Vec(Shape::dotted_line(
                &[*from + offset, *to + offset],
                *color,
                radius * 3.0,
                radius,
            ))
        }
        MarkShape::Box { rect, stroke } => {
            Shape::rect_stroke(rect.translate(offset), 2.0, *stroke, StrokeKind::Middle)
        }
        MarkShape::Ticks {
            left,
            right,
            top,
            bottom,
            stroke,
        } => Shape::Vec(
            [*left, *right]
                .into_iter()
                .map(|x| {
                    Shape::line_segment(
                        [pos2(x, *top) + offset, pos2(x, *bottom) + offset],
                        *stroke,
                    )
                })
                .collect(),
        ),
        MarkShape::Ring {
            center,
            radius,
            stroke,
        } => Shape::circle_stroke(*center + offset, *radius, *stroke),
    }
}

/// Paints the shapes of `marks` whose kind `filter` accepts, for a galley drawn at `origin`.
pub fn paint_marks(
    painter: &egui::Painter,
    origin: Pos2,
    marks: &[PlacedMark],
    filter: impl Fn(&MarkShape) -> bool,
) {
    painter.extend(
        marks
            .iter()
            .filter(|placed| filter(&placed.shape))
            .map(|placed| epaint_shape(&placed.shape, origin)),
    );
}

/// Whether a shape is painted behind the text.
pub fn is_fill(shape: &MarkShape) -> bool {
    matches!(shape, MarkShape::Fill { .. })
}

/// The characters of the byte range `bytes` of `text`; `None` where the range is not on character
/// boundaries of the text (a stale or hand-edited range).
pub fn char_range(text: &str, bytes: Range<usize>) -> Option<Range<usize>> {
    let count = |byte: usize| text.get(..byte).map(|before| before.chars().count());
    Some(count(bytes.start)?..count(bytes.end)?)
}

/// A text with marks, built piece by piece and shown as a label whose marks are painted from its
/// glyph positions, as the reader's rows are (presentation mode, the inline view, legends).
pub struct MarkedJob {
    job: LayoutJob,
    /// Character ranges of the text, with their marks.
    marks: Vec<(Range<usize>, Mark)>,
    chars: usize,
    font_size: f32,
}

impl MarkedJob {
    /// An empty text, wrapped at `width` points, whose body text is `font_size` points (the marks'
    /// thickness and height follow it).
    pub fn new(width: f32, font_size: f32) -> MarkedJob {
        MarkedJob {
            job: LayoutJob {
                wrap: egui::text::TextWrapping::wrap_at_width(width),
                ..Default::default()
            },
            marks: Vec::new(),
            chars: 0,
            font_size,
        }
    }

    /// Appends `text` in `format`; returns the characters it takes in the whole text.
    pub fn append(&mut self, text: &str, format: TextFormat) -> Range<usize> {
        let start = self.chars;
        self.job.append(text, 0.0, format);
        self.chars += text.chars().count();
        start..self.chars
    }

    /// Marks the characters `chars` of the whole text (they may overlap other marks).
    pub fn mark(&mut self, chars: Range<usize>, mark: Mark) {
        if !chars.is_empty() {
            self.marks.push((chars, mark));
        }
    }

    /// The marks so far, as character ranges of the whole text.
    pub fn marks(&self) -> &[(Range<usize>, Mark)] {
        &self.marks
    }

    /// Lays the text out and shows it as a label (selectable, read by screen readers), with the fills
    /// of its marks behind the glyphs and their lines and boxes over them.
    pub fn show_ui(self, ui: &mut Ui, colors: &MarkColors) -> Response {
        let galley: Arc<Galley> = ui.fonts_mut(|fonts| fonts.layout_job(self.job));
        let marks = mark_shapes(&galley, &self.marks, colors, self.font_size);
        // The fills go in before the label paints its text, in a slot filled once its place is known.
        let behind = ui.painter().add(Shape::Noop);
        let response = ui.add(egui::Label::new(galley));
        if ui.is_rect_visible(response.rect) {
            // A galley aligned left (the default of a job) is drawn at the label's top left.
            let origin = response.rect.min;
            let (fills, strokes): (Vec<&PlacedMark>, Vec<&PlacedMark>) =
                marks.iter().partition(|placed| is_fill(&placed.shape));
            let shape = |placed: &PlacedMark| epaint_shape(&placed.shape, origin);
            ui.painter()
                .set(behind, Shape::Vec(fills.into_iter().map(shape).collect()));
            ui.painter().extend(strokes.into_iter().map(shape));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::text::{LayoutJob, TextFormat};
    use egui::{FontFamily, FontId};

    fn layout(text: &str, font_size: f32, width: f32) -> std::sync::Arc<Galley> {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let mut job = LayoutJob {
            wrap: egui::text::TextWrapping::wrap_at_width(width),
            ..Default::default()
        };
        job.append(
            text,
            0.0,
            TextFormat {
                font_id: FontId::new(font_size, FontFamily::Proportional),
                ..Default::default()
            },
        );
        ctx.fonts_mut(|fonts| fonts.layout_job(job))
    }

    fn chars_of(text: &str, bytes: Range<usize>) -> Range<usize> {
        text[..bytes.start].chars().count()..text[..bytes.end].chars().count()
    }

    /// The glyphs of `chars` on each row, with whitespace at row ends left out: (row, left, right).
    fn expected_spans(galley: &Galley, chars: Range<usize>) -> Vec<(usize, f32, f32)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (index, placed) in galley.rows.iter().enumerate() {
            let glyphs: Vec<(usize, &egui::epaint::text::Glyph)> = placed
                .row
                .glyphs
                .iter()
                .enumerate()
                .map(|(i, g)| (start + i, g))
                .filter(|(i, g)| chars.contains(i) && !g.chr.is_whitespace())
                .collect();
            start += placed.char_count_including_newline().0;
            if let (Some((_, first)), Some((_, last))) = (glyphs.first(), glyphs.last()) {
                out.push((
                    index,
                    placed.pos.x + first.pos.x,
                    placed.pos.x + last.pos.x + last.advance_width,
                ));
            }
        }
        out
    }

    fn lines_of(marks: &[PlacedMark], mark: Mark) -> Vec<(usize, f32, f32)> {
        marks
            .iter()
            .filter(|placed| placed.mark == mark)
            .filter_map(|placed| {
                let (from, to) = placed.stroke_span()?;
                Some((placed.row, from, to))
            })
            .collect()
    }

    fn assert_spans(got: &[(usize, f32, f32)], expected: &[(usize, f32, f32)], what: &str) {
        assert_eq!(
            got.iter().map(|s| s.0).collect::<Vec<_>>(),
            expected.iter().map(|s| s.0).collect::<Vec<_>>(),
            "{what}: one stroke per row the span covers"
        );
        for (got, expected) in got.iter().zip(expected) {
            assert!(
                (got.1 - expected.1).abs() < 0.01 && (got.2 - expected.2).abs() < 0.01,
                "{what}, row {}: stroke {:.2}..{:.2}, marked glyphs {:.2}..{:.2}",
                got.0,
                got.1,
                got.2,
                expected.1,
                expected.2
            );
        }
    }

    #[test]
    fn every_wrapped_row_is_marked_exactly_under_its_marked_glyphs_also_under_a_note() {
        let library = crate::texts::load_embedded().expect("embedded texts parse");
        // UN Art. 24(4): the provision whose underline went missing on rows 2–4.
        let text = library
            .get("uncc:art_24__para_4")
            .expect("Art. 24(4) exists")
            .labelled_text();
        let palette = crate::ui::theme::Themes::embedded()
            .for_dark_mode(false)
            .mark_colors();
        let inserted_bytes = 3..text.len() - 1;
        let note_bytes = text.find("accordance").expect("a word to annotate")..text.len() / 2;
        for font_size in [10.0, 16.0, 23.0, 40.0] {
            for dark in [false, true] {
                let palette = if dark {
                    crate::ui::theme::Themes::embedded()
                        .for_dark_mode(true)
                        .mark_colors()
                } else {
                    palette
                };
                let galley = layout(&text, font_size, 300.0 + font_size * 8.0);
                let inserted = chars_of(&text, inserted_bytes.clone());
                let note = chars_of(&text, note_bytes.clone());
                let marks = mark_shapes(
                    &galley,
                    &[
                        (inserted.clone(), Mark::Inserted),
                        (note.clone(), Mark::Annotated),
                        (note.start + 3..note.start + 40, Mark::Evidence),
                        (note.start + 10..note.start + 60, Mark::Match),
                    ],
                    &palette,
                    font_size,
                );
                let expected = expected_spans(&galley, inserted);
                assert!(
                    expected.len() >= 3,
                    "{font_size} pt: the span wraps over {} rows",
                    expected.len()
                );
                let what = format!("underline at {font_size} pt, dark {dark}");
                assert_spans(&lines_of(&marks, Mark::Inserted), &expected, &what);
                let what = format!("note at {font_size} pt");
                assert_spans(
                    &lines_of(&marks, Mark::Annotated),
                    &expected_spans(&galley, note.clone()),
                    &what,
                );
                let what = format!("evidence box at {font_size} pt");
                assert_spans(
                    &lines_of(&marks, Mark::Evidence),
                    &expected_spans(&galley, note.start + 3..note.start + 40),
                    &what,
                );
                let what = format!("search match at {font_size} pt");
                assert_spans(
                    &lines_of(&marks, Mark::Match),
                    &expected_spans(&galley, note.start + 10..note.start + 60),
                    &what,
                );
                // The underline sits below the baseline and above the note's dotted line.
                for placed in marks.iter().filter(|p| p.mark == Mark::Inserted) {
                    if let MarkShape::Line { from, .. } = placed.shape {
                        let row = &galley.rows[placed.row];
                        let baseline = row.pos.y + row.row.glyphs[0].pos.y;
                        assert!(from.y > baseline && from.y < row.max_y(), "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_deleted_comma_gets_a_mark_of_visible_width() {
        let text = "data, or traffic";
        let galley = layout(text, 16.0, 400.0);
        let colors = crate::ui::theme::Themes::embedded()
            .for_dark_mode(false)
            .mark_colors();
        let marks = mark_shapes(&galley, &[(4..5, Mark::Deleted)], &colors, 16.0);
        let comma = &galley.rows[0].row.glyphs[4];
        assert_eq!(comma.chr, ',');
        for placed in &marks {
            // It starts at the comma, not over the letter before it.
            assert!((placed.rect.min.x - comma.pos.x).abs() < 0.01);
            assert!(placed.rect.width() >= min_mark_width(16.0));
        }
        assert!(
            marks
                .iter()
                .any(|p| matches!(p.shape, MarkShape::Line { .. }))
        );
    }

    #[test]
    fn a_change_a_highlight_and_evidence_on_the_same_words_each_keep_their_place() {
        let text = "any person who has knowledge about the functioning of the network in question";
        let font_size = 24.0;
        let galley = layout(text, font_size, 220.0);
        assert!(galley.rows.len() >= 3);
        let colors = crate::ui::theme::Themes::embedded()
            .presentation
            .mark_colors();
        let all = 0..text.chars().count();
        let marks = mark_shapes(
            &galley,
            &[
                (all.clone(), Mark::Inserted),
                (all.clone(), Mark::Highlighted),
                (all, Mark::Evidence),
            ],
            &colors,
            font_size,
        );
        let strokes: Vec<&PlacedMark> = marks.iter().filter(|p| !is_fill(&p.shape)).collect();
        for (index, placed) in galley.rows.iter().enumerate() {
            let baseline = placed.pos.y + placed.row.glyphs[0].pos.y;
            let on_row = |mark: Mark| {
                strokes
                    .iter()
                    .position(|p| p.row == index && p.mark == mark)
                    .unwrap_or_else(|| panic!("{mark:?} on row {index}"))
            };
            let line_y = |at: usize| match strokes[at].shape {
                MarkShape::Line { from, .. } => from.y,
                ref other => panic!("a line, not {other:?}"),
            };
            let (underline, bar, frame) = (
                on_row(Mark::Inserted),
                on_row(Mark::Highlighted),
                on_row(Mark::Evidence),
            );
            assert!(
                line_y(underline) > baseline,
                "the underline is under the baseline"
            );
            assert!(
                line_y(bar) < baseline - font_size * 0.5,
                "the highlight's bar is along the top"
            );
            // The box goes first, so the lines over its edges stay whole.
            assert!(frame < underline && frame < bar);
        }
    }

    #[test]
    fn whitespace_where_a_line_wraps_is_not_marked() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
        let galley = layout(text, 16.0, 120.0);
        assert!(galley.rows.len() >= 3);
        let rects = mark_rects(&galley, 0..text.chars().count());
        for rect in &rects {
            let placed = &galley.rows[rect.row];
            let last = placed
                .row
                .glyphs
                .iter()
                .rev()
                .find(|g| !g.chr.is_whitespace());
            let right = last.map_or(0.0, |g| placed.pos.x + g.max_x());
            assert!((rect.rect.max.x - right).abs() < 0.01);
        }
    }
}
