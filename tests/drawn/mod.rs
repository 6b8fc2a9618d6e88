//! What the window painted in its last frame, read back from egui's output shapes, and the check that
//! a mark's line or box spans exactly the glyphs it marks on every wrapped row. Shared by the reader's
//! and the classroom's tests.

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::{RectShape, Shape};
use egui::{Color32, Galley, Pos2, Rect};

/// Per galley row, the left edge of the first and the right edge of the last non-space glyph of the
/// characters `chars` (galley coordinates).
pub fn glyph_spans(galley: &Galley, chars: Range<usize>) -> Vec<(usize, f32, f32)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, placed) in galley.rows.iter().enumerate() {
        let inked: Vec<&egui::epaint::text::Glyph> = placed
            .row
            .glyphs
            .iter()
            .enumerate()
            .filter(|(i, g)| chars.contains(&(start + i)) && !g.chr.is_whitespace())
            .map(|(_, g)| g)
            .collect();
        start += placed.char_count_including_newline().0;
        if let (Some(first), Some(last)) = (inked.first(), inked.last()) {
            out.push((
                index,
                placed.pos.x + first.pos.x,
                placed.pos.x + last.pos.x + last.advance_width,
            ));
        }
    }
    out
}

/// A line or a box painted in the frame (screen points).
#[derive(Clone, Copy, Debug)]
pub enum Stroke {
    Line {
        from: Pos2,
        to: Pos2,
        color: Color32,
    },
    Box {
        rect: Rect,
        color: Color32,
    },
}

/// Everything the frame painted: the texts (where each galley was drawn) and the lines and boxes.
pub struct Painted {
    pub texts: Vec<(Pos2, Arc<Galley>)>,
    pub strokes: Vec<Stroke>,
}

impl Painted {
    pub fn of(output: &egui::FullOutput) -> Painted {
        let mut painted = Painted {
            texts: Vec::new(),
            strokes: Vec::new(),
        };
        for clipped in &output.shapes {
            painted.add(&clipped.shape);
        }
        painted
    }

    fn add(&mut self, shape: &Shape) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|shape| self.add(shape)),
            Shape::Text(text) => self.texts.push((text.pos, text.galley.clone())),
            Shape::LineSegment { points, stroke } => self.strokes.push(Stroke::Line {
                from: points[0],
                to: points[1],
                color: stroke.color,
            }),
            Shape::Rect(RectShape { rect, stroke, .. }) if stroke.width > 0.0 => {
                self.strokes.push(Stroke::Box {
                    rect: *rect,
                    color: stroke.color,
                });
            }
            _ => {}
        }
    }

    /// The first text painted that `wanted` accepts (given where it was drawn and its words), with
    /// where it was drawn.
    pub fn text(&self, wanted: impl Fn(Pos2, &str) -> bool) -> Option<(Pos2, Arc<Galley>)> {
        self.texts
            .iter()
            .find(|(origin, galley)| wanted(*origin, galley.text()))
            .cloned()
    }
}

/// What a mark is drawn with.
#[derive(Clone, Copy, Debug)]
pub enum Expected {
    /// A line in this colour, under the baseline of the row (an underline).
    LineBelowBaseline(Color32),
    /// A line in this colour, above the baseline (a strike-through, a highlight's bar).
    LineAboveBaseline(Color32),
    /// A box in this colour around the words.
    Box(Color32),
}

/// Asserts that on every row of `galley` (drawn at `origin`) where the characters `chars` have
/// glyphs, a stroke as `expected` spans exactly those glyphs; returns how many rows that is.
pub fn assert_stroked_exactly(
    painted: &Painted,
    origin: Pos2,
    galley: &Galley,
    chars: Range<usize>,
    expected: Expected,
    what: &str,
) -> usize {
    let spans = glyph_spans(galley, chars);
    for &(row, left, right) in &spans {
        let placed = &galley.rows[row];
        let (left, right) = (origin.x + left, origin.x + right);
        let top = origin.y + placed.min_y();
        let bottom = origin.y + placed.max_y();
        let baseline = origin.y + placed.pos.y + placed.row.glyphs[0].pos.y;
        // Where the marked glyphs are narrower than the marks' minimum width, the stroke runs past them.
        let ends_right =
            |end: f32| (end - right).abs() < 0.01 || (right - left < 12.0 && end > right);
        let hit = painted
            .strokes
            .iter()
            .any(|stroke| match (*stroke, expected) {
                (
                    Stroke::Line { from, to, color },
                    Expected::LineBelowBaseline(want) | Expected::LineAboveBaseline(want),
                ) => {
                    let below = matches!(expected, Expected::LineBelowBaseline(_));
                    color == want
                        && (from.y - to.y).abs() < 0.01
                        && if below {
                            from.y > baseline && from.y <= bottom
                        } else {
                            from.y < baseline && from.y >= top
                        }
                        && (from.x - left).abs() < 0.01
                        && ends_right(to.x)
                }
                (Stroke::Box { rect, color }, Expected::Box(want)) => {
                    color == want
                        && rect.min.y >= top - 0.01
                        && rect.max.y <= bottom + 0.01
                        && (rect.min.x + 1.0 - left).abs() < 0.01
                        && ends_right(rect.max.x - 1.0)
                }
                _ => false,
            });
        assert!(
            hit,
            "{what}, row {row}: no {expected:?} from {left:.2} to {right:.2} between y {top:.2} and {bottom:.2}"
        );
    }
    spans.len()
}

/// How many rows of the texts that `wanted` accepts the frame showed whole: inside the clip rect
/// they were painted in and inside `screen`. Counts what a reader can read, not what was laid out.
pub fn rows_shown(output: &egui::FullOutput, screen: Rect, wanted: impl Fn(&str) -> bool) -> usize {
    fn count(shape: &Shape, visible: Rect, wanted: &dyn Fn(&str) -> bool) -> usize {
        match shape {
            Shape::Vec(shapes) => shapes.iter().map(|s| count(s, visible, wanted)).sum(),
            Shape::Text(text) if wanted(text.galley.text()) => text
                .galley
                .rows
                .iter()
                .filter(|placed| !placed.row.glyphs.is_empty())
                .filter(|placed| visible.contains_rect(placed.rect().translate(text.pos.to_vec2())))
                .count(),
            _ => 0,
        }
    }
    output
        .shapes
        .iter()
        .map(|clipped| count(&clipped.shape, clipped.clip_rect.intersect(screen), &wanted))
        .sum()
}
