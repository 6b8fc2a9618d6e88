//! One treaty pane: a virtualised list of rows (headings and provision texts).
//!
//! Only rows inside the viewport are laid out and painted. Galleys are cached per row and dropped when
//! the width, font size, theme or that row's highlights change; rows never laid out use a height
//! estimate, so opening a long treaty costs nothing until it is scrolled.
//!
//! The reading position is state: the row at the top of the pane and how far into it the reader has
//! scrolled are kept, and restored whenever rows above it change height (a wider or narrower pane, a
//! new text size, rows measured for the first time), so the pane never loses its place.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontFamily, FontId, Galley, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use crate::model::{Kind, NodeIx, Side, Treaty};
use crate::search::Field;

use super::command::{AppCommand, ReadingCommand};
use super::legal_links::{LegalLinks, TextLink};
use super::marks::{Mark, PlacedMark, is_fill, mark_shapes, paint_marks};
use super::theme::Palette;

/// What a row shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A division or article heading.
    Heading,
    /// The node's own text with its label.
    Body,
    /// The article-level pointer to interpretative notes in the annex.
    NoteRef,
    /// Under an article's heading: the provisions that refer to it, each a link.
    ReferredBy,
}

#[derive(Clone, Debug)]
struct Row {
    node: NodeIx,
    kind: RowKind,
    indent: f32,
    galley: Option<Arc<Galley>>,
    /// The marks on the galley (galley coordinates), computed with it.
    marks: Vec<PlacedMark>,
    height: f32,
    /// Cross-references and defined terms in the row's text (byte ranges of the row's text).
    links: Vec<TextLink>,
}

/// A span to highlight inside one row's text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Highlight {
    pub field: Field,
    pub range: Range<usize>,
    pub mark: Mark,
}

/// A link drawn in the last frame, where it was on the screen (for tests, and for finding what the
/// pointer is over without laying the row out again).
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnLink {
    pub node: NodeIx,
    pub kind: RowKind,
    pub link: TextLink,
    /// The linked words on their first wrapped line, in screen coordinates.
    pub rect: Rect,
}

/// Characters selected by dragging inside one row (character indices into the row's text).
#[derive(Clone, Debug, PartialEq)]
struct WordSelection {
    row: usize,
    /// Where the drag started and where the pointer is now.
    anchor: usize,
    head: usize,
}

impl WordSelection {
    fn chars(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
}

/// Everything that invalidates every cached galley.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    dark: bool,
}

/// Where the reader is: the row at the top of the pane and how far into it, as a share of its height
/// (so the same words stay at the top when the row is laid out again at another width or size), or,
/// when the row starts a little below the top (after a jump), by how many points.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ReadingPosition {
    row: usize,
    /// Share of the row's height above the top of the pane.
    into_row: f32,
    /// Points from the top of the pane down to the row's top (0 when the row starts above it).
    below_top: f32,
    /// Where the row's top was, and its height, when the position was taken; when either changes,
    /// the position is restored.
    row_top: f32,
    row_height: f32,
}

/// A jump asked for by the app: show `node` with its top `from_top` points below the top of the pane.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ScrollTarget {
    node: NodeIx,
    /// Which of the node's rows (its heading, its text, …) is meant; 0 for the first.
    row_in_node: usize,
    from_top: f32,
}

/// The gap above a provision the pane jumps to.
const JUMP_MARGIN: f32 = 8.0;

pub struct ReaderPane {
    pub treaty: Side,
    rows: Vec<Row>,
    /// Per article other provisions refer to: its "Referred to by: …" line.
    referred_to_by: BTreeMap<NodeIx, String>,
    /// The links drawn in the last frame.
    drawn_links: Vec<DrawnLink>,
    /// First row of each node, indexed by node.
    first_row: Vec<Option<usize>>,
    layout_key: Option<LayoutKey>,
    /// Node → spans to highlight; sorted for stable layout.
    highlights: BTreeMap<NodeIx, Vec<Highlight>>,
    /// The notes' highlights, apart: they change only with the layers, while a jump replaces the
    /// others (so thousands of notes are not compared again on every jump).
    note_highlights: BTreeMap<NodeIx, Vec<Highlight>>,
    /// A jump requested by the app (outline click, search hit, a linked paragraph), applied on the next
    /// frame and re-applied until the rows around the target are measured.
    pending_scroll: Option<ScrollTarget>,
    /// The node of the top row of the pane in the last frame (the sticky header names its article).
    pub top_node: Option<NodeIx>,
    /// The top row, and how far the pane was scrolled past its top (negative: it starts lower).
    top_row: Option<(usize, f32)>,
    /// Per node: a note shown after an article heading ("[counterpart: Art. 2]").
    badges: Vec<Option<String>>,
    /// Whether the last frame's scroll position came from a jump rather than from the user.
    pub scrolled_by_jump: bool,
    /// Whether the user scrolled this pane in the last frame (wheel, scroll bar, drag).
    pub scrolled_by_user: bool,
    /// Words selected (or being selected) by dragging in a provision's text, or with Shift+arrows.
    word_selection: Option<WordSelection>,
    /// The keyboard's caret in a provision's text: the row and the character before which it stands.
    /// Shift+Right and Shift+Left select from it.
    caret: Option<(usize, usize)>,
    position: Option<ReadingPosition>,
    /// Top of each row in the last frame (pane coordinates) and the top of the viewport.
    tops: Vec<f32>,
    viewport_top: Option<f32>,
    viewport_height: f32,
}

const ROW_GAP: f32 = 6.0;
const INDENT_STEP: f32 = 28.0;

impl ReaderPane {
    pub fn new(library: &crate::model::Library, treaty: &Treaty, links: &LegalLinks) -> ReaderPane {
        let mut rows = Vec::new();
        let mut first_row = vec![None; treaty.nodes.len()];
        let mut levels = vec![0u8; treaty.nodes.len()];
        let mut referred_to_by = BTreeMap::new();
        for (ix, node) in treaty.nodes.iter().enumerate() {
            let mut push =
                |kind: RowKind, indent: f32, rows: &mut Vec<Row>, links: Vec<TextLink>| {
                    first_row[ix].get_or_insert(rows.len());
                    rows.push(Row {
                        node: ix,
                        kind,
                        indent,
                        galley: None,
                        marks: Vec::new(),
                        height: 0.0,
                        links,
                    });
                };
            if node.kind.is_division() || node.kind == Kind::Article {
                push(RowKind::Heading, 0.0, &mut rows, Vec::new());
            }
            // Right under an article's heading, point to the interpretative notes on it.
            if node.kind == Kind::Article && !treaty.notes_for(&node.id).is_empty() {
                push(RowKind::NoteRef, 0.0, &mut rows, Vec::new());
            }
            if let Some((line, line_links)) = links.referred_to_by_line(library, treaty.key, ix) {
                push(RowKind::ReferredBy, 0.0, &mut rows, line_links);
                referred_to_by.insert(ix, line);
            }
            if node.kind == Kind::Note {
                let previous_heading = node.parent.and_then(|parent| {
                    let siblings = &treaty.nodes[parent].children;
                    let position = siblings.iter().position(|&child| child == ix)?;
                    position
                        .checked_sub(1)
                        .map(|p| treaty.nodes[siblings[p]].heading.clone())
                });
                if previous_heading.flatten() != node.heading {
                    push(RowKind::Heading, 0.0, &mut rows, Vec::new());
                }
            }
            // Items sit one step right of what holds them; closing words align with their holder.
            let parent_level = node.parent.map_or(0, |parent| levels[parent]);
            levels[ix] = match node.kind {
                Kind::Point | Kind::Indent => parent_level + 1,
                Kind::WrapUp => parent_level,
                _ => 0,
            };
            if !node.labelled_text().is_empty() {
                // The links' ranges are of the provision's words; the row's text starts with its label.
                let shift = node.label.as_ref().map_or(0, |label| label.len() + 1);
                let row_links = links
                    .in_text(treaty.key, ix)
                    .iter()
                    .map(|link| TextLink {
                        range: link.range.start + shift..link.range.end + shift,
                        ..link.clone()
                    })
                    .collect();
                push(
                    RowKind::Body,
                    f32::from(levels[ix]) * INDENT_STEP,
                    &mut rows,
                    row_links,
                );
            }
        }
        ReaderPane {
            treaty: treaty.key,
            rows,
            first_row,
            referred_to_by,
            drawn_links: Vec::new(),
            layout_key: None,
            highlights: BTreeMap::new(),
            note_highlights: BTreeMap::new(),
            pending_scroll: None,
            top_node: None,
            top_row: None,
            badges: vec![None; treaty.nodes.len()],
            scrolled_by_jump: false,
            scrolled_by_user: false,
            word_selection: None,
            caret: None,
            position: None,
            tops: Vec::new(),
            viewport_top: None,
            viewport_height: 0.0,
        }
    }

    /// The one keyboard stop of a pane: the selected provision (or the top one) carries this ID, so Tab
    /// reaches the pane once and the arrow keys move the selection, and the focus with it.
    pub fn focus_id(key: Side) -> egui::Id {
        egui::Id::unique(("reader_focus", key))
    }

    /// Sets the notes shown after article headings (crosswalk status); re-lays out changed rows.
    pub fn set_badges(&mut self, badges: Vec<Option<String>>) {
        let changed: Vec<usize> = (badges.iter().zip(&self.badges).enumerate())
            .filter(|(_, (new, old))| new != old)
            .map(|(node, _)| node)
            .collect();
        for node in changed {
            self.invalidate_node(node);
        }
        self.badges = badges;
    }

    pub fn badge(&self, node: NodeIx) -> Option<&str> {
        self.badges.get(node).and_then(|badge| badge.as_deref())
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Rows laid out so far (for tests and benchmarks: proves that layout is lazy).
    pub fn laid_out_rows(&self) -> usize {
        self.rows.iter().filter(|row| row.galley.is_some()).count()
    }

    /// Shows `node` at the top of the pane (below a small gap).
    pub fn scroll_to(&mut self, node: NodeIx) {
        self.scroll_to_level(node, JUMP_MARGIN);
    }

    /// Shows `node` with its top `from_top` points below the top of the pane (to put it level with a
    /// provision in the other pane); kept within the pane.
    pub fn scroll_to_level(&mut self, node: NodeIx, from_top: f32) {
        let limit = (self.viewport_height * 0.6).max(JUMP_MARGIN);
        self.pending_scroll = Some(ScrollTarget {
            node,
            row_in_node: 0,
            from_top: from_top.clamp(JUMP_MARGIN, limit),
        });
    }

    /// Where `node` is (or is about to be, after a jump) below the top of the pane, for bringing its
    /// counterpart level with it; the jump margin when it is not in view.
    pub fn level_of(&self, node: NodeIx) -> f32 {
        match self.pending_scroll {
            Some(target) if target.node == node => target.from_top,
            _ => self.offset_in_view(node).unwrap_or(JUMP_MARGIN),
        }
    }

    /// Sync scrolling: `node` with its top `from_top` below the top of the pane, which may be above it
    /// (negative) when the paragraph it follows has started above the top of the other pane.
    pub fn follow_level(&mut self, node: NodeIx, from_top: f32) {
        let limit = (self.viewport_height * 0.6).max(JUMP_MARGIN);
        self.pending_scroll = Some(ScrollTarget {
            node,
            row_in_node: 0,
            from_top: from_top.clamp(-self.viewport_height, limit),
        });
    }

    /// Where the reader is: the node of the row at the top of the pane, which of that node's rows it
    /// is, and how far the pane is scrolled past that row's top, in points.
    pub fn place(&self) -> Option<(NodeIx, usize, f32)> {
        let (row, into) = self.top_row?;
        let node = self.rows.get(row)?.node;
        let first = self.first_row.get(node).copied().flatten()?;
        Some((node, row - first, into))
    }

    /// Scrolls back to a place taken with [`ReaderPane::place`], exactly.
    pub fn restore_place(&mut self, node: NodeIx, row_in_node: usize, into: f32) {
        self.pending_scroll = Some(ScrollTarget {
            node,
            row_in_node,
            from_top: -into,
        });
    }

    /// How far below the top of the pane `node` was drawn in the last frame, if it was in view.
    pub fn offset_in_view(&self, node: NodeIx) -> Option<f32> {
        let row = self.row_of(node)?;
        let viewport_top = self.viewport_top?;
        let offset = self.tops.get(row)? - viewport_top;
        (0.0..self.viewport_height)
            .contains(&offset)
            .then_some(offset)
    }

    /// The node of the top row of the pane and how far the pane is scrolled past its top, in points
    /// (negative when the row starts a little below the top).
    pub fn top_offset(&self) -> Option<(NodeIx, f32)> {
        let (row, into) = self.top_row?;
        Some((self.rows.get(row)?.node, into))
    }

    /// Replaces the highlighted spans other than notes (differences, evidence, search matches),
    /// re-laying out only the rows whose spans changed.
    pub fn set_highlights(&mut self, highlights: BTreeMap<NodeIx, Vec<Highlight>>) {
        for node in changed_nodes(&self.highlights, &highlights) {
            self.invalidate_node(node);
        }
        self.highlights = highlights;
    }

    /// Replaces the notes' highlights, re-laying out only the rows whose notes changed.
    pub fn set_note_highlights(&mut self, highlights: BTreeMap<NodeIx, Vec<Highlight>>) {
        for node in changed_nodes(&self.note_highlights, &highlights) {
            self.invalidate_node(node);
        }
        self.note_highlights = highlights;
    }

    /// The highlights of a node, as the pane marks them.
    pub fn highlights_of(&self, node: NodeIx) -> Vec<Highlight> {
        let mut all: Vec<Highlight> = [&self.highlights, &self.note_highlights]
            .into_iter()
            .filter_map(|map| map.get(&node))
            .flatten()
            .cloned()
            .collect();
        all.sort_by_key(|highlight| highlight.range.start);
        all
    }

    /// The marks drawn on the body row of `node` in the last frame, with the galley they were drawn
    /// on (for tests: they prove each mark lies under exactly the marked glyphs).
    pub fn drawn_marks(&self, node: NodeIx) -> Option<(Arc<Galley>, Vec<PlacedMark>)> {
        let row = self.body_row(node)?;
        let row = self.rows.get(row)?;
        Some((row.galley.clone()?, row.marks.clone()))
    }

    fn body_row(&self, node: NodeIx) -> Option<usize> {
        let first = self.row_of(node)?;
        (first..self.rows.len())
            .take_while(|&index| self.rows[index].node == node)
            .find(|&index| self.rows[index].kind == RowKind::Body)
    }

    fn invalidate_node(&mut self, node: NodeIx) {
        if let Some(Some(first)) = self.first_row.get(node) {
            for row in self.rows[*first..]
                .iter_mut()
                .take_while(|row| row.node == node)
            {
                row.galley = None;
            }
        }
    }

    fn row_text(&self, treaty: &Treaty, row: &Row) -> String {
        let node = treaty.node(row.node);
        match row.kind {
            RowKind::Heading if node.kind == Kind::Note => node.heading.clone().unwrap_or_default(),
            RowKind::Heading => match self.badge(row.node) {
                Some(badge) => format!("{}  [{badge}]", node.title_line()),
                None => node.title_line(),
            },
            RowKind::Body => node.labelled_text(),
            RowKind::ReferredBy => self
                .referred_to_by
                .get(&row.node)
                .cloned()
                .unwrap_or_default(),
            RowKind::NoteRef => {
                let notes = treaty.notes_for(&node.id);
                let numbers: Vec<&str> = notes.iter().filter_map(|n| n.num.as_deref()).collect();
                format!(
                    "Interpretative notes on this article: {} (annex) — click to read",
                    numbers.join(", ")
                )
            }
        }
    }

    fn estimate_height(text_len: usize, kind: RowKind, key: LayoutKey) -> f32 {
        let size = row_font_size(kind, key.font_size);
        let chars_per_line = (key.width / (size * 0.48)).max(10.0);
        let lines = (text_len as f32 / chars_per_line).ceil().max(1.0);
        lines * size * 1.3 + ROW_GAP
    }

    /// The row's text, the field its highlights are ranges of, and where that field starts in the text.
    fn row_field(&self, treaty: &Treaty, row: &Row) -> (String, Option<Field>, usize) {
        let node = treaty.node(row.node);
        let text = self.row_text(treaty, row);
        let (field, field_start) = match row.kind {
            RowKind::Body => (
                Some(Field::Text),
                node.label.as_ref().map_or(0, |label| label.len() + 1),
            ),
            RowKind::Heading => {
                let heading = node.heading.as_deref().unwrap_or("");
                (
                    Some(Field::Heading),
                    node.title_line().len().saturating_sub(heading.len()),
                )
            }
            RowKind::NoteRef | RowKind::ReferredBy => (None, 0),
        };
        (text, field, field_start)
    }

    /// The row's highlights as byte ranges of the row's text.
    fn row_highlights(&self, treaty: &Treaty, row: &Row) -> (String, Vec<(Range<usize>, Mark)>) {
        let (text, field, field_start) = self.row_field(treaty, row);
        let shift = |range: &Range<usize>| {
            (field_start + range.start).min(text.len())..(field_start + range.end).min(text.len())
        };
        let list = self.highlights_of(row.node);
        let spans = match field {
            Some(field) => list
                .iter()
                .filter(|h| h.field == field)
                .map(|h| (shift(&h.range), h.mark))
                .filter(|(range, _)| {
                    text.is_char_boundary(range.start) && text.is_char_boundary(range.end)
                })
                .collect(),
            None => Vec::new(),
        };
        (text, spans)
    }

    /// The row's text with what changes the glyphs themselves (label colour, italics, dimmed
    /// equivalents, the smaller badge); every other mark is painted from the glyph positions.
    fn layout_row(
        &self,
        treaty: &Treaty,
        row: &Row,
        key: LayoutKey,
        palette: &Palette,
    ) -> (LayoutJob, Vec<(Range<usize>, Mark)>) {
        let node = treaty.node(row.node);
        let size = row_font_size(row.kind, key.font_size);
        let base = TextFormat {
            font_id: FontId::new(size, FontFamily::Proportional),
            color: match row.kind {
                RowKind::Heading => palette.heading,
                RowKind::Body => palette.text,
                RowKind::NoteRef => palette.link,
                RowKind::ReferredBy => palette.label,
            },
            underline: if row.kind == RowKind::NoteRef {
                Stroke::new(1.0, palette.link)
            } else {
                Stroke::NONE
            },
            ..Default::default()
        };
        let mut job = LayoutJob {
            wrap: egui::text::TextWrapping::wrap_at_width(key.width - row.indent),
            ..Default::default()
        };
        let (text, marks) = self.row_highlights(treaty, row);
        let label_end = if row.kind == RowKind::Body {
            node.label.as_ref().map_or(0, |l| l.len())
        } else {
            0
        };
        let mut styles: Vec<(Range<usize>, Style)> = vec![(0..label_end, Style::Label)];
        if row.kind == RowKind::Heading && self.badge(row.node).is_some() {
            styles.push((node.title_line().len()..text.len(), Style::Badge));
        }
        if row.kind == RowKind::Body {
            let field_start = text_start(&text, node);
            styles.extend(node.emphasis.iter().map(|range| {
                let range = (field_start + range.start).min(text.len())
                    ..(field_start + range.end).min(text.len());
                (range, Style::Emphasis)
            }));
        }
        styles.extend(
            marks
                .iter()
                .filter(|(_, mark)| *mark == Mark::Equivalent)
                .map(|(range, _)| (range.clone(), Style::Equivalent)),
        );
        let links = row.links.iter().filter(|link| {
            link.range.end <= text.len()
                && text.is_char_boundary(link.range.start)
                && text.is_char_boundary(link.range.end)
        });
        styles.extend(
            links
                .clone()
                .filter(|link| link.mark == Mark::Reference)
                .map(|link| (link.range.clone(), Style::Link)),
        );
        let marks: Vec<(Range<usize>, Mark)> = marks
            .into_iter()
            .chain(links.map(|link| (link.range.clone(), link.mark)))
            .collect();
        for (segment, active) in segments(&text, &styles) {
            let mut format = base.clone();
            for style in active {
                match style {
                    Style::Label => format.color = palette.label,
                    Style::Emphasis => format.italics = true,
                    Style::Equivalent => format.color = palette.equivalent,
                    Style::Link => format.color = palette.link,
                    Style::Badge => {
                        format.color = palette.label;
                        format.font_id.size *= 0.8;
                    }
                }
            }
            job.append(&text[segment], 0.0, format);
        }
        // Marks as character ranges of the galley's text.
        let char_of = |byte: usize| text[..byte].chars().count();
        let marks = marks
            .into_iter()
            .filter(|(_, mark)| *mark != Mark::Equivalent)
            .map(|(range, mark)| (char_of(range.start)..char_of(range.end), mark))
            .collect();
        (job, marks)
    }

    /// Draws the pane; what the user did goes to `events`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        treaty: &Treaty,
        font_size: f32,
        palette: &Palette,
        selected: Option<NodeIx>,
        events: &mut Vec<AppCommand>,
    ) {
        let margin = 12.0;
        let key = LayoutKey {
            width: (ui.available_width() - 2.0 * margin - 16.0)
                .max(120.0)
                .round(),
            font_size,
            dark: ui.visuals().dark_mode,
        };
        self.set_layout_key(key);
        self.drawn_links.clear();
        let (tops, total_height) = self.row_tops(treaty, key);
        let (area, restoring) = self.scroll_area(&tops);
        let frame = RowFrame {
            treaty,
            palette,
            width: key.width,
            selected: selected.map(|ix| ix..treaty.subtree_end(ix)),
            selected_article: selected
                .and_then(|ix| treaty.article_of(ix))
                .map(|ix| ix..treaty.subtree_end(ix)),
            focus_id: Self::focus_id(self.treaty),
        };
        // The row that is the pane's keyboard stop: the selected provision's, else the top one.
        let focus_node = selected.or(self.top_node);
        let has_focus = ui.memory(|memory| memory.has_focus(frame.focus_id));

        let mut heights_changed = false;
        let mut seen_viewport = None;
        let mut top_row_seen = None;
        let output = area.show_viewport(ui, |ui, viewport| {
            seen_viewport = Some(viewport);
            ui.set_min_height(total_height);
            ui.set_min_width(key.width);
            let origin = ui.max_rect().min + Vec2::new(margin, 0.0);
            let first = tops
                .partition_point(|&top| top + 1.0 < viewport.min.y)
                .saturating_sub(1);
            let mut top_row = None;
            // The focus goes to the first visible row of the focused node.
            let mut focus_given = false;
            let focus_row = self.focus_row(&tops, first, viewport, focus_node);
            for (index, &top) in tops.iter().enumerate().take(self.rows.len()).skip(first) {
                if top > viewport.max.y {
                    break;
                }
                heights_changed |= self.lay_out_row(ui, treaty, index, key, palette);
                let row = &self.rows[index];
                let Some(galley) = row.galley.clone() else {
                    continue;
                };
                // A row wholly above the viewport is neither drawn nor a widget (no hidden tab stop).
                if top + row.height < viewport.min.y {
                    continue;
                }
                // The top row is the first one showing more than the gap above a jump's target.
                if top_row.is_none() && top + row.height > viewport.min.y + JUMP_MARGIN + 1.0 {
                    top_row = Some(index);
                }
                let top_left = origin + Vec2::new(row.indent, top);
                let is_focus_row = !focus_given && Some(index) == focus_row;
                focus_given |= is_focus_row;
                self.row_ui(ui, &frame, index, top_left, galley, is_focus_row, events);
            }
            top_row_seen = top_row;
        });
        let name = super::pairs::instrument_phrase(treaty);
        super::views::name_scroll_bars(ui.ctx(), output.id, &name);
        if has_focus {
            keep_arrow_keys(ui, frame.focus_id);
        }
        if let Some(viewport) = seen_viewport {
            self.set_top_row(viewport, &tops, top_row_seen);
        }
        self.remember_position(seen_viewport, &tops, restoring);
        if heights_changed {
            // Row positions below were estimates; draw again with the exact heights.
            ui.ctx().request_repaint();
        } else {
            self.pending_scroll = None;
        }
    }

    /// Remembers the pane's top row (the one found while drawing, else the first drawn) and how far
    /// the pane is scrolled past its top.
    fn set_top_row(&mut self, viewport: Rect, tops: &[f32], top_row_seen: Option<usize>) {
        let first_drawn = tops.partition_point(|&top| top + 1.0 < viewport.min.y);
        let top = top_row_seen.or((first_drawn < self.rows.len()).then_some(first_drawn));
        self.top_row = top.map(|row| (row, viewport.min.y - tops[row]));
        self.top_node = top.and_then(|row| self.rows.get(row)).map(|row| row.node);
    }

    /// Forgets the galleys when the width, text size or theme changed, and the measured heights
    /// unless only the theme did (a new theme changes colours only).
    fn set_layout_key(&mut self, key: LayoutKey) {
        if self.layout_key == Some(key) {
            return;
        }
        let same_shape = self
            .layout_key
            .is_some_and(|old| old.width == key.width && old.font_size == key.font_size);
        for row in &mut self.rows {
            row.galley = None;
            if !same_shape {
                row.height = 0.0;
            }
        }
        self.layout_key = Some(key);
    }

    /// Each row's top in the pane and the pane's height: heights are exact where rows were laid out,
    /// estimated elsewhere.
    fn row_tops(&mut self, treaty: &Treaty, key: LayoutKey) -> (Vec<f32>, f32) {
        for index in 0..self.rows.len() {
            if self.rows[index].galley.is_none() && self.rows[index].height == 0.0 {
                let len = self.row_text(treaty, &self.rows[index]).len();
                self.rows[index].height = Self::estimate_height(len, self.rows[index].kind, key);
            }
        }
        let mut tops = Vec::with_capacity(self.rows.len() + 1);
        let mut y = 0.0;
        for row in &self.rows {
            tops.push(y);
            y += row.height;
        }
        (tops, y)
    }

    /// The pane's scroll area, scrolled to a pending jump or back to the reading position; says
    /// whether it restores the position (which is then not the user's scrolling).
    fn scroll_area(&mut self, tops: &[f32]) -> (egui::ScrollArea, bool) {
        let mut area = egui::ScrollArea::vertical()
            .id_salt(("reader", self.treaty))
            .auto_shrink([false, false])
            .animated(false);
        // A jump is re-applied until the rows around the target have their measured heights, so
        // the target ends up exactly where it was asked for even though rows above it were estimated.
        self.scrolled_by_jump = self.pending_scroll.is_some();
        let mut restoring = false;
        if let Some(target) = self.pending_scroll {
            if let Some(Some(row)) = self.first_row.get(target.node) {
                let row = (*row + target.row_in_node).min(tops.len().saturating_sub(1));
                area = area.vertical_scroll_offset((tops[row] - target.from_top).max(0.0));
            }
        } else if let Some(position) = self.position {
            // Rows above the reading position changed height (another width, text size, rows measured
            // for the first time): put the same words back at the top.
            let row_top = tops.get(position.row).copied().unwrap_or(0.0);
            let height = self.rows.get(position.row).map_or(0.0, |row| row.height);
            if (row_top - position.row_top).abs() > 0.5
                || (height - position.row_height).abs() > 0.5
            {
                let offset = row_top + position.into_row * height - position.below_top;
                area = area.vertical_scroll_offset(offset.max(0.0));
                restoring = true;
            }
        }
        (area, restoring)
    }

    /// The row that takes the keyboard focus: the first visible row of `focus_node`, else the first
    /// visible row.
    fn focus_row(
        &self,
        tops: &[f32],
        first: usize,
        viewport: Rect,
        focus_node: Option<NodeIx>,
    ) -> Option<usize> {
        (first..self.rows.len())
            .take_while(|&index| tops[index] <= viewport.max.y)
            .filter(|&index| tops[index] + self.rows[index].height > viewport.min.y)
            .find(|&index| Some(self.rows[index].node) == focus_node)
            .or_else(|| {
                (first..self.rows.len())
                    .find(|&index| tops[index] + self.rows[index].height > viewport.min.y)
            })
    }

    /// Lays out a row that has no galley yet, with its marks placed on the glyphs; returns whether
    /// its height differs from the one it had (an estimate, or the last layout's).
    fn lay_out_row(
        &mut self,
        ui: &Ui,
        treaty: &Treaty,
        index: usize,
        key: LayoutKey,
        palette: &Palette,
    ) -> bool {
        if self.rows[index].galley.is_some() {
            return false;
        }
        let (job, char_marks) = self.layout_row(treaty, &self.rows[index], key, palette);
        let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
        let height = galley.size().y + ROW_GAP;
        let changed = (height - self.rows[index].height).abs() > 0.5;
        let marks = mark_shapes(&galley, &char_marks, &palette.mark_colors(), key.font_size);
        let row = &mut self.rows[index];
        row.height = height;
        row.marks = marks;
        row.galley = Some(galley);
        changed
    }

    /// Draws one row at `top_left`: its selection or article tint, the note marker, the marks under
    /// and over the text, the words being selected and the focus ring; turns clicks, drags and the
    /// context menu into commands.
    #[allow(clippy::too_many_arguments)]
    fn row_ui(
        &mut self,
        ui: &mut Ui,
        frame: &RowFrame<'_>,
        index: usize,
        top_left: egui::Pos2,
        galley: Arc<Galley>,
        is_focus_row: bool,
        events: &mut Vec<AppCommand>,
    ) {
        let row = &self.rows[index];
        let (node, kind) = (row.node, row.kind);
        let palette = frame.palette;
        let rect = Rect::from_min_size(
            top_left,
            Vec2::new(frame.width - row.indent, galley.size().y),
        );
        let in_selection = frame
            .selected
            .as_ref()
            .is_some_and(|range| range.contains(&node));
        let in_article = frame
            .selected_article
            .as_ref()
            .is_some_and(|range| range.contains(&node));
        self.paint_row_background(ui.painter(), rect, index, in_selection, in_article, palette);
        let id = if is_focus_row {
            frame.focus_id
        } else {
            egui::Id::unique(("reader_row", self.treaty, index))
        };
        // Provision text can be dragged across to select words (to quote or annotate them).
        // Only the pane's keyboard stop takes the focus.
        let mut sense = if kind == RowKind::Body {
            Sense::CLICK | Sense::DRAG
        } else {
            Sense::CLICK
        };
        if is_focus_row {
            sense |= Sense::FOCUSABLE;
        }
        let response = ui.interact(rect, id, sense);
        self.select_words_by_drag(
            ui,
            &response,
            frame.treaty,
            index,
            &galley,
            top_left,
            events,
        );
        let row = &self.rows[index];
        let painter = ui.painter();
        paint_marks(painter, top_left, &row.marks, is_fill);
        self.paint_selection(ui, &galley, top_left, index, is_focus_row);
        let text = galley.text().to_owned();
        let role = match kind {
            RowKind::Heading => Role::Heading,
            RowKind::NoteRef => Role::Link,
            RowKind::Body | RowKind::ReferredBy => Role::Paragraph,
        };
        response.widget_info(|| WidgetInfo::selected(role, true, in_selection, &text));
        painter.galley(top_left, Arc::clone(&galley), palette.text);
        paint_marks(painter, top_left, &row.marks, |shape| !is_fill(shape));
        if is_focus_row {
            // The keyboard focus is always visible: framed around the row, not the whole pane.
            super::views::focus::frame_focus_at(ui.ctx(), frame.focus_id, rect);
        }
        self.record_links(index, &galley, top_left);
        let hovered = self.link_at(&response, index, &galley, top_left);
        let response = match &hovered {
            Some(link) => response.on_hover_text_at_pointer(link.hover.clone()),
            None => response,
        };
        match hovered {
            Some(link) if response.clicked() => {
                self.word_selection = None;
                events.push(AppCommand::Reading(ReadingCommand::Follow(link.target)));
            }
            _ => self.row_clicks(&response, node, kind, events),
        }
    }

    /// Where the row's links were drawn.
    fn record_links(&mut self, index: usize, galley: &Galley, top_left: egui::Pos2) {
        let row = &self.rows[index];
        let text = galley.text();
        for link in &row.links {
            if link.range.end > text.len()
                || !text.is_char_boundary(link.range.start)
                || !text.is_char_boundary(link.range.end)
            {
                continue;
            }
            let chars =
                text[..link.range.start].chars().count()..text[..link.range.end].chars().count();
            if let Some(first) = super::marks::mark_rects(galley, chars).first() {
                self.drawn_links.push(DrawnLink {
                    node: row.node,
                    kind: row.kind,
                    link: link.clone(),
                    rect: first.rect.translate(top_left.to_vec2()),
                });
            }
        }
    }

    /// The links drawn in the last frame, in drawing order.
    pub fn drawn_links(&self) -> &[DrawnLink] {
        &self.drawn_links
    }

    /// The cross-reference or defined term under the pointer, if any.
    fn link_at(
        &self,
        response: &egui::Response,
        index: usize,
        galley: &Galley,
        top_left: egui::Pos2,
    ) -> Option<TextLink> {
        let row = &self.rows[index];
        if row.links.is_empty() {
            return None;
        }
        let local = response.hover_pos()? - top_left;
        // Only over the glyphs of a wrapped row, not in the space beside a short last line.
        let on_glyphs = galley.rows.iter().any(|placed| {
            placed
                .rect()
                .expand2(egui::vec2(1.0, 0.0))
                .contains(local.to_pos2())
        });
        if !on_glyphs {
            return None;
        }
        let char_index = galley.cursor_from_pos(local).index.0;
        let text = galley.text();
        let byte_of = |chars: usize| {
            text.char_indices()
                .nth(chars)
                .map_or(text.len(), |(byte, _)| byte)
        };
        // The cursor falls before or after the glyph under the pointer: either names it.
        let candidates = [byte_of(char_index), byte_of(char_index.saturating_sub(1))];
        row.links
            .iter()
            .find(|link| link.range.contains(&candidates[0]))
            .or_else(|| {
                row.links
                    .iter()
                    .find(|link| link.range.contains(&candidates[1]))
            })
            .cloned()
    }

    /// The tint of the selected provision (with a bar in the margin) or of its article, and the
    /// margin marker of a provision with notes.
    fn paint_row_background(
        &self,
        painter: &egui::Painter,
        rect: Rect,
        index: usize,
        in_selection: bool,
        in_article: bool,
        palette: &Palette,
    ) {
        let row = &self.rows[index];
        if in_selection && row.kind != RowKind::NoteRef {
            painter.rect_filled(rect.expand(3.0), 3.0, palette.selection);
            // A bar in the margin, so the selection does not rely on colour alone.
            let bar = Rect::from_min_max(
                rect.left_top() - Vec2::new(row.indent + 8.0, 2.0),
                rect.left_bottom() - Vec2::new(row.indent + 5.0, -2.0),
            );
            painter.rect_filled(bar, 0.0, palette.selection_bar);
        } else if in_article {
            painter.rect_filled(rect.expand(3.0), 3.0, palette.article_tint);
        }
        let annotated = row.kind == RowKind::Body
            && self
                .highlights
                .get(&row.node)
                .is_some_and(|list| list.iter().any(|h| h.mark == Mark::Annotated));
        if annotated {
            // Margin marker: a small filled square left of the row.
            let marker = Rect::from_center_size(
                rect.left_top() + Vec2::new(-row.indent - 4.0, 8.0),
                Vec2::splat(6.0),
            );
            painter.rect_filled(marker, 1.0, palette.selection_bar);
        }
    }

    /// Follows a drag across a row's text: where it started, where the pointer is, and, when it stops,
    /// the selection snapped to whole words of the provision (announced with `SelectWords`).
    #[allow(clippy::too_many_arguments)]
    fn select_words_by_drag(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        treaty: &Treaty,
        index: usize,
        galley: &Galley,
        top_left: egui::Pos2,
        events: &mut Vec<AppCommand>,
    ) {
        let char_at = |pos: egui::Pos2| galley.cursor_from_pos(pos - top_left).index.0;
        if response.drag_started() {
            let origin = ui.input(|input| input.pointer.press_origin());
            if let Some(origin) = origin.or(response.interact_pointer_pos()) {
                let at = char_at(origin);
                self.word_selection = Some(WordSelection {
                    row: index,
                    anchor: at,
                    head: at,
                });
            }
        }
        if response.dragged()
            && let (Some(pos), Some(selection)) = (
                response.interact_pointer_pos(),
                self.word_selection.as_mut().filter(|s| s.row == index),
            )
        {
            selection.head = char_at(pos);
        }
        if !response.drag_stopped() {
            return;
        }
        let row_node = self.rows[index].node;
        let node = treaty.node(row_node);
        let range = self
            .word_selection
            .as_ref()
            .filter(|s| s.row == index)
            .and_then(|s| words_in_text(galley.text(), node, s.chars()));
        match range {
            Some(range) => {
                // Show the selection as it was snapped to whole words.
                let field_start = text_start(galley.text(), node);
                let char_of = |byte: usize| galley.text()[..field_start + byte].chars().count();
                self.word_selection = Some(WordSelection {
                    row: index,
                    anchor: char_of(range.start),
                    head: char_of(range.end),
                });
                events.push(AppCommand::SelectWords {
                    key: self.treaty,
                    node: row_node,
                });
            }
            None => self.word_selection = None,
        }
    }

    /// A click selects the row's provision (or opens the interpretative notes), a right click
    /// selects it too, and the context menu copies its citation or pinpoint.
    fn row_clicks(
        &mut self,
        response: &egui::Response,
        node: NodeIx,
        kind: RowKind,
        events: &mut Vec<AppCommand>,
    ) {
        let pane = self.treaty;
        if response.clicked() {
            self.word_selection = None;
            events.push(if kind == RowKind::NoteRef {
                AppCommand::ShowInterpretativeNotes {
                    key: pane,
                    article: node,
                }
            } else {
                AppCommand::Select {
                    key: pane,
                    node,
                    scroll: false,
                }
            });
        }
        if response.secondary_clicked() {
            events.push(AppCommand::Select {
                key: pane,
                node,
                scroll: false,
            });
        }
        response.context_menu(|ui| {
            if ui.button("Copy citation (pinpoint and text)").clicked() {
                events.push(AppCommand::CopyCitation { key: pane, node });
                ui.close();
            }
            if ui.button("Copy pinpoint").clicked() {
                events.push(AppCommand::CopyPinpoint { key: pane, node });
                ui.close();
            }
        });
    }

    /// Takes the reading position from what was shown, and notices the user scrolling.
    fn remember_position(&mut self, viewport: Option<Rect>, tops: &[f32], restoring: bool) {
        let Some(viewport) = viewport else {
            return;
        };
        let moved = self
            .viewport_top
            .is_some_and(|before| (before - viewport.min.y).abs() > 0.5);
        self.scrolled_by_user = moved && !self.scrolled_by_jump && !restoring;
        self.viewport_top = Some(viewport.min.y);
        self.viewport_height = viewport.height();
        // The row the reader sees at the top (not the last few points of the row before it).
        let row = self.top_row.map_or_else(
            || {
                tops.partition_point(|&top| top <= viewport.min.y)
                    .saturating_sub(1)
            },
            |(row, _)| row,
        );
        if let (Some(&row_top), Some(entry)) = (tops.get(row), self.rows.get(row)) {
            // The height the row had in this frame's placement (it may have been measured since).
            let height = tops
                .get(row + 1)
                .map_or(entry.height, |next| next - row_top);
            let into = viewport.min.y - row_top;
            self.position = Some(ReadingPosition {
                row,
                into_row: (into / height.max(1.0)).clamp(0.0, 1.0),
                below_top: (-into).max(0.0),
                row_top,
                row_height: height,
            });
        }
        self.tops = tops.to_vec();
    }

    /// The words selected in `node`'s text, as a byte range of that text, if the selection is there.
    pub fn selected_words(&self, treaty: &Treaty, node: NodeIx) -> Option<Range<usize>> {
        let selection = self.word_selection.as_ref()?;
        let row = self.rows.get(selection.row)?;
        if row.node != node {
            return None;
        }
        let text = self.row_text(treaty, row);
        words_in_text(&text, treaty.node(node), selection.chars())
    }

    /// Shift+Right / Shift+Left: one more word selected after (or one fewer before) the end of the
    /// selection in `node`, starting at the caret (or the first word of its text). The selection is
    /// the one a drag makes (it is snapped to whole words the same way). Returns whether words are
    /// selected.
    pub fn extend_words(&mut self, treaty: &Treaty, node: NodeIx, forward: bool) -> bool {
        let Some((row, chars, start)) = self.body_chars(treaty, node) else {
            return false;
        };
        let selection = match self.word_selection.take().filter(|s| s.row == row) {
            Some(selection) => selection,
            None => {
                let at = self.caret_in(row).unwrap_or(start);
                WordSelection {
                    row,
                    anchor: at,
                    head: at,
                }
            }
        };
        let head = if forward {
            next_word_end(&chars, selection.head)
        } else {
            previous_word_start(&chars, selection.head, start)
        };
        let selection = WordSelection { head, ..selection };
        self.caret = Some((row, head));
        let any = selection.anchor != selection.head;
        self.word_selection = any.then_some(selection);
        self.word_selection.is_some()
    }

    /// Right / Left (a character) and Ctrl+Right / Ctrl+Left (a word): moves the caret in `node`'s
    /// text, which drops the selected words; the caret starts at the start of the text.
    pub fn move_caret(&mut self, treaty: &Treaty, node: NodeIx, forward: bool, by_word: bool) {
        let Some((row, chars, start)) = self.body_chars(treaty, node) else {
            return;
        };
        let from = match self.word_selection.take().filter(|s| s.row == row) {
            Some(selection) => selection.head,
            None => self.caret_in(row).unwrap_or(start),
        };
        let at = match (forward, by_word) {
            (true, true) => next_word_end(&chars, from),
            (false, true) => previous_word_start(&chars, from, start),
            (true, false) => (from + 1).min(chars.len()),
            (false, false) => from.saturating_sub(1).max(start),
        };
        self.caret = Some((row, at));
    }

    /// Where the caret stands in row `row`, if it is there.
    fn caret_in(&self, row: usize) -> Option<usize> {
        self.caret.filter(|(r, _)| *r == row).map(|(_, at)| at)
    }

    /// The body row of `node`, its characters and where the node's own text starts among them.
    fn body_chars(&self, treaty: &Treaty, node: NodeIx) -> Option<(usize, Vec<char>, usize)> {
        let row = self.body_row(node)?;
        let text = self.row_text(treaty, &self.rows[row]);
        let start = text[..text_start(&text, treaty.node(node))].chars().count();
        Some((row, text.chars().collect(), start))
    }

    /// The selected words' tint and, while the pane has the focus, the caret.
    fn paint_selection(
        &self,
        ui: &Ui,
        galley: &Galley,
        top_left: egui::Pos2,
        index: usize,
        is_focus_row: bool,
    ) {
        let painter = ui.painter();
        if let Some(selection) = self.word_selection.as_ref().filter(|s| s.row == index) {
            let color = ui.visuals().selection.bg_fill;
            paint_char_range(painter, galley, top_left, selection.chars(), color);
        }
        let focused = ui.memory(|memory| memory.has_focus(Self::focus_id(self.treaty)));
        if let Some(at) = self.caret_in(index).filter(|_| is_focus_row && focused) {
            let cursor = egui::text::CCursor::new(at);
            let rect = galley.pos_from_cursor(cursor).translate(top_left.to_vec2());
            let color = ui.visuals().strong_text_color();
            painter.vline(rect.left(), rect.y_range(), Stroke::new(2.0, color));
        }
    }

    /// Forgets the selected words and the caret (after they were used, or when the selection moved
    /// elsewhere).
    pub fn clear_selected_words(&mut self) {
        self.word_selection = None;
        self.caret = None;
    }

    /// The first row showing a node, if any.
    pub fn row_of(&self, node: NodeIx) -> Option<usize> {
        self.first_row.get(node).copied().flatten()
    }
}

/// The character after the end of the next word from `at` (a word: letters and digits).
fn next_word_end(chars: &[char], at: usize) -> usize {
    let word = |c: &char| c.is_alphanumeric();
    let gap = chars.iter().skip(at).take_while(|c| !word(c)).count();
    let letters = chars.iter().skip(at + gap).take_while(|c| word(c)).count();
    at + gap + letters
}

/// The first character of the word before `at`, not before `start`.
fn previous_word_start(chars: &[char], at: usize, start: usize) -> usize {
    let word = |c: &char| c.is_alphanumeric();
    let before = chars.get(start..at).unwrap_or_default();
    let gap = before.iter().rev().take_while(|c| !word(c)).count();
    let letters = before
        .iter()
        .rev()
        .skip(gap)
        .take_while(|c| word(c))
        .count();
    at - gap - letters
}

/// Where the node's own text starts in its body row's text ("label text": the text is the row's end).
fn text_start(row_text: &str, node: &crate::model::Provision) -> usize {
    row_text.len().saturating_sub(node.text.len())
}

/// Maps characters of a body row (label, space, text) to a byte range of the node's own text, with
/// surrounding spaces and punctuation trimmed. `None` when nothing of the text is selected.
fn words_in_text(
    row_text: &str,
    node: &crate::model::Provision,
    chars: Range<usize>,
) -> Option<Range<usize>> {
    let byte_of = |char_index: usize| {
        row_text
            .char_indices()
            .nth(char_index)
            .map_or(row_text.len(), |(byte, _)| byte)
    };
    let field_start = text_start(row_text, node);
    let start = byte_of(chars.start)
        .saturating_sub(field_start)
        .min(node.text.len());
    let end = byte_of(chars.end)
        .saturating_sub(field_start)
        .min(node.text.len());
    if start >= end {
        return None;
    }
    // Whole words: a selection that starts or ends inside a word takes all of it (one that ends
    // just before a word, after a space, does not take that word).
    let text = &node.text;
    let word_at = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
    let word_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let start = if word_at(start) {
        text[..start]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(start, |(byte, _)| byte)
    } else {
        start
    };
    let end = if word_before(end) {
        end + text[end..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len() - end, |(byte, _)| byte)
    } else {
        end
    };
    let selected = node.text.get(start..end)?;
    let trimmed_start = start + (selected.len() - selected.trim_start().len());
    let trimmed = selected.trim();
    let trimmed = trimmed.trim_end_matches([',', ';', ' ']);
    (!trimmed.is_empty()).then(|| trimmed_start..trimmed_start + trimmed.len())
}

/// Paints a selection background behind characters `chars` of a galley drawn at `top_left`.
fn paint_char_range(
    painter: &egui::Painter,
    galley: &Galley,
    top_left: egui::Pos2,
    chars: Range<usize>,
    color: egui::Color32,
) {
    let mut row_start = 0;
    for placed in &galley.rows {
        let row_chars = row_start..row_start + placed.char_count_excluding_newline().0;
        let from = chars.start.max(row_chars.start);
        let to = chars.end.min(row_chars.end);
        if from < to {
            let left =
                placed.pos.x + placed.x_offset(egui::text::CharIndex(from - row_chars.start));
            let right = placed.pos.x + placed.x_offset(egui::text::CharIndex(to - row_chars.start));
            let rect = Rect::from_min_max(
                egui::pos2(left, placed.min_y()),
                egui::pos2(right, placed.max_y()),
            );
            painter.rect_filled(rect.translate(top_left.to_vec2()), 0.0, color);
        }
        row_start += placed.char_count_including_newline().0;
    }
}

/// While the pane has the focus, the arrow keys move the selection (and Shift+arrows select words)
/// instead of moving the focus to another widget.
fn keep_arrow_keys(ui: &Ui, focus_id: egui::Id) {
    ui.memory_mut(|memory| {
        memory.set_focus_lock_filter(
            focus_id,
            egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
}

/// What every row drawn in a frame needs: the texts, the colours, the layout width, the selected
/// provision's and its article's node ranges (for the tints), and the pane's keyboard stop.
struct RowFrame<'a> {
    treaty: &'a Treaty,
    palette: &'a Palette,
    width: f32,
    selected: Option<Range<NodeIx>>,
    selected_article: Option<Range<NodeIx>>,
    focus_id: egui::Id,
}

/// What changes the glyphs of a stretch of row text (every other mark is painted over the glyphs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Label,
    Emphasis,
    Equivalent,
    Badge,
    /// A cross-reference's words.
    Link,
}

/// Cuts `text` at every style boundary; yields each piece with the styles covering it, in the order given.
fn segments(text: &str, styles: &[(Range<usize>, Style)]) -> Vec<(Range<usize>, Vec<Style>)> {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (range, _) in styles {
        cuts.extend([range.start, range.end]);
    }
    cuts.retain(|&cut| cut <= text.len() && text.is_char_boundary(cut));
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let piece = pair[0]..pair[1];
            let active = styles
                .iter()
                .filter(|(range, _)| {
                    range.start <= piece.start && piece.end <= range.end && range.start < range.end
                })
                .map(|(_, style)| *style)
                .collect();
            (piece, active)
        })
        .collect()
}

fn row_font_size(kind: RowKind, body: f32) -> f32 {
    match kind {
        RowKind::Heading => body * 1.15,
        RowKind::Body => body,
        RowKind::NoteRef | RowKind::ReferredBy => body * 0.9,
    }
}

/// The nodes whose spans differ between two highlight maps. Both are sorted by node: one walk through
/// the two finds them (thousands of annotated nodes would otherwise cost two tree lookups each).
fn changed_nodes(
    old: &BTreeMap<NodeIx, Vec<Highlight>>,
    new: &BTreeMap<NodeIx, Vec<Highlight>>,
) -> Vec<NodeIx> {
    let mut changed = Vec::new();
    let mut old = old.iter().peekable();
    let mut new = new.iter().peekable();
    loop {
        let old_node = old.peek().map(|(node, _)| **node);
        let new_node = new.peek().map(|(node, _)| **node);
        match (old_node, new_node) {
            (Some(a), b) if b.is_none_or(|b| a < b) => {
                changed.push(a);
                old.next();
            }
            (a, Some(b)) if a.is_none_or(|a| b < a) => {
                changed.push(b);
                new.next();
            }
            (Some(node), Some(_)) => {
                if old.next().map(|(_, spans)| spans) != new.next().map(|(_, spans)| spans) {
                    changed.push(node);
                }
            }
            _ => break,
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dragged_characters_become_whole_words_of_the_provision_text() {
        let library = crate::texts::load_embedded().expect("embedded texts parse");
        let node = library
            .get("uncc:art_24__para_1")
            .expect("Art. 24(1) exists");
        let row_text = node.labelled_text();
        assert!(row_text.starts_with("1. Each State Party"));
        // "ch Stat" (inside the row, after the label) grows to "Each State".
        let range = words_in_text(&row_text, node, 5..12).expect("words selected");
        assert_eq!(&node.text[range], "Each State");
        // Only the label and a space: nothing of the text.
        assert_eq!(words_in_text(&row_text, node, 0..3), None);
        // Ending just before a word (after the space) does not take that word.
        let state = row_text.find("State").expect("a word");
        let range = words_in_text(&row_text, node, 3..state).expect("words selected");
        assert_eq!(&node.text[range], "Each");
        // A trailing comma and space are left out.
        let comma = row_text.find(',').expect("a comma");
        let range = words_in_text(&row_text, node, comma - 3..comma + 2).expect("words selected");
        assert!(!node.text[range].ends_with(','));
    }

    #[test]
    fn segments_split_at_every_boundary_and_keep_overlaps() {
        let text = "(a) inter alia text";
        let styles = vec![
            (0..3, Style::Label),
            (4..14, Style::Emphasis),
            (10..19, Style::Equivalent),
        ];
        let pieces = segments(text, &styles);
        let described: Vec<(&str, Vec<Style>)> = pieces
            .iter()
            .map(|(r, s)| (&text[r.clone()], s.clone()))
            .collect();
        assert_eq!(
            described,
            vec![
                ("(a)", vec![Style::Label]),
                (" ", vec![]),
                ("inter ", vec![Style::Emphasis]),
                ("alia", vec![Style::Emphasis, Style::Equivalent]),
                (" text", vec![Style::Equivalent]),
            ]
        );
    }
}
