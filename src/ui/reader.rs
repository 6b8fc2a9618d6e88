//! One treaty pane: a virtualised list of rows (headings and provision texts).
//!
//! Only rows inside the viewport are laid out and painted. Galleys are cached per row and dropped when
//! the width, font size, theme or that row's highlights change; rows never laid out use a height
//! estimate, so opening a long treaty costs nothing until it is scrolled.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontFamily, FontId, Galley, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use crate::model::{Kind, NodeIx, Treaty, TreatyKey};
use crate::search::Field;

use super::command::AppCommand;
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
}

#[derive(Clone, Debug)]
struct Row {
    node: NodeIx,
    kind: RowKind,
    indent: f32,
    galley: Option<Arc<Galley>>,
    height: f32,
}

/// How a highlighted span is marked. Every mark has a non-colour cue too (underline, strike-through,
/// italics), so nothing is signalled by colour alone.
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
    /// Annotated text: tinted, dotted underline, and a marker in the margin.
    Annotated,
}

/// A span to highlight inside one row's text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Highlight {
    pub field: Field,
    pub range: Range<usize>,
    pub mark: Mark,
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

pub struct ReaderPane {
    pub treaty: TreatyKey,
    rows: Vec<Row>,
    /// First row of each node, indexed by node.
    first_row: Vec<Option<usize>>,
    layout_key: Option<LayoutKey>,
    /// Node → spans to highlight; sorted for stable layout.
    highlights: BTreeMap<NodeIx, Vec<Highlight>>,
    /// A jump requested by the app (outline click, search hit), applied on the next frame.
    pending_scroll: Option<NodeIx>,
    /// The top-most row node visible in the last frame (for "where am I" displays).
    pub top_node: Option<NodeIx>,
    /// Per node: a note shown after an article heading ("[counterpart: Art. 2]").
    badges: Vec<Option<String>>,
    /// Whether the last frame's scroll position came from a jump rather than from the user.
    pub scrolled_by_jump: bool,
    /// Words selected (or being selected) by dragging in a provision's text.
    word_selection: Option<WordSelection>,
}

const ROW_GAP: f32 = 6.0;
const INDENT_STEP: f32 = 28.0;

impl ReaderPane {
    pub fn new(treaty: &Treaty) -> ReaderPane {
        let mut rows = Vec::new();
        let mut first_row = vec![None; treaty.nodes.len()];
        let mut levels = vec![0u8; treaty.nodes.len()];
        for (ix, node) in treaty.nodes.iter().enumerate() {
            let mut push = |kind: RowKind, indent: f32, rows: &mut Vec<Row>| {
                first_row[ix].get_or_insert(rows.len());
                rows.push(Row {
                    node: ix,
                    kind,
                    indent,
                    galley: None,
                    height: 0.0,
                });
            };
            if node.kind.is_division() || node.kind == Kind::Article {
                push(RowKind::Heading, 0.0, &mut rows);
            }
            // Right under an article's heading, point to the interpretative notes on it.
            if node.kind == Kind::Article && !treaty.notes_for(&node.id).is_empty() {
                push(RowKind::NoteRef, 0.0, &mut rows);
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
                    push(RowKind::Heading, 0.0, &mut rows);
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
                push(
                    RowKind::Body,
                    f32::from(levels[ix]) * INDENT_STEP,
                    &mut rows,
                );
            }
        }
        ReaderPane {
            treaty: treaty.key,
            rows,
            first_row,
            layout_key: None,
            highlights: BTreeMap::new(),
            pending_scroll: None,
            top_node: None,
            badges: vec![None; treaty.nodes.len()],
            scrolled_by_jump: false,
            word_selection: None,
        }
    }

    /// Sets the notes shown after article headings (crosswalk status); re-lays out changed rows.
    pub fn set_badges(&mut self, badges: Vec<Option<String>>) {
        for node in 0..badges.len().min(self.badges.len()) {
            if badges[node] != self.badges[node] {
                self.invalidate_node(node);
            }
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

    pub fn scroll_to(&mut self, node: NodeIx) {
        self.pending_scroll = Some(node);
    }

    /// Replaces the highlighted spans, re-laying out only the rows whose spans changed.
    pub fn set_highlights(&mut self, highlights: BTreeMap<NodeIx, Vec<Highlight>>) {
        // Both maps are sorted by node: one walk through the two finds every node whose spans differ
        // (thousands of annotated nodes would otherwise cost two tree lookups each, on every jump).
        let mut changed = Vec::new();
        let mut old = self.highlights.iter().peekable();
        let mut new = highlights.iter().peekable();
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
        for node in changed {
            self.invalidate_node(node);
        }
        self.highlights = highlights;
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

    fn layout_row(
        &self,
        treaty: &Treaty,
        row: &Row,
        key: LayoutKey,
        palette: &Palette,
    ) -> LayoutJob {
        let size = row_font_size(row.kind, key.font_size);
        let base = TextFormat {
            font_id: FontId::new(size, FontFamily::Proportional),
            color: match row.kind {
                RowKind::Heading => palette.heading,
                RowKind::Body => palette.text,
                RowKind::NoteRef => palette.link,
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
        let text = self.row_text(treaty, row);
        let styles = self.row_styles(treaty, row, &text);
        for (segment, active) in segments(&text, &styles) {
            let mut format = base.clone();
            for style in active {
                apply_style(&mut format, style, palette);
            }
            job.append(&text[segment], 0.0, format);
        }
        job
    }

    /// The styled stretches of a row's text: the label, a heading's badge, a provision's emphasis,
    /// and the highlights of the row's field (search hits, differences, notes) moved from the field's
    /// offsets to the row text's.
    fn row_styles(&self, treaty: &Treaty, row: &Row, text: &str) -> Vec<(Range<usize>, Style)> {
        let node = treaty.node(row.node);
        // Which field the row's characters come from, and where that field starts in `text`.
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
            RowKind::NoteRef => (None, 0),
        };
        let label_end = if row.kind == RowKind::Body {
            node.label.as_ref().map_or(0, |l| l.len())
        } else {
            0
        };
        let shift = |range: &Range<usize>| {
            (field_start + range.start).min(text.len())..(field_start + range.end).min(text.len())
        };
        let mut styles: Vec<(Range<usize>, Style)> = vec![(0..label_end, Style::Label)];
        if row.kind == RowKind::Heading && self.badge(row.node).is_some() {
            styles.push((node.title_line().len()..text.len(), Style::Badge));
        }
        if row.kind == RowKind::Body {
            styles.extend(
                node.emphasis
                    .iter()
                    .map(|range| (shift(range), Style::Emphasis)),
            );
        }
        if let (Some(field), Some(list)) = (field, self.highlights.get(&row.node)) {
            for highlight in list.iter().filter(|h| h.field == field) {
                let style = match highlight.mark {
                    Mark::Match => Style::Match,
                    Mark::CurrentMatch => Style::CurrentMatch,
                    Mark::Deleted => Style::Deleted,
                    Mark::Inserted => Style::Inserted,
                    Mark::Equivalent => Style::Equivalent,
                    Mark::Annotated => Style::Annotated,
                };
                styles.push((shift(&highlight.range), style));
            }
        }
        styles
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
        let (tops, total_height) = self.row_tops(treaty, key);

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("reader", self.treaty))
            .auto_shrink([false, false])
            .animated(false);
        // A jump is re-applied until the rows around the target have their measured heights, so
        // the target ends up exactly at the top even though rows above it were estimated.
        self.scrolled_by_jump = self.pending_scroll.is_some();
        if let Some(node) = self.pending_scroll {
            if let Some(Some(row)) = self.first_row.get(node) {
                area = area.vertical_scroll_offset((tops[*row] - 8.0).max(0.0));
            }
        }
        let frame = RowFrame {
            treaty,
            palette,
            width: key.width,
            selected: selected.map(|ix| ix..treaty.subtree_end(ix)),
            selected_article: selected
                .and_then(|ix| treaty.article_of(ix))
                .map(|ix| ix..treaty.subtree_end(ix)),
        };

        let mut heights_changed = false;
        area.show_viewport(ui, |ui, viewport| {
            ui.set_min_height(total_height);
            ui.set_min_width(key.width);
            let origin = ui.max_rect().min + Vec2::new(margin, 0.0);
            let first = tops
                .partition_point(|&top| top + 1.0 < viewport.min.y)
                .saturating_sub(1);
            self.top_node = None;
            for index in first..self.rows.len() {
                if tops[index] > viewport.max.y {
                    break;
                }
                heights_changed |= self.lay_out_row(ui, treaty, index, key, palette);
                let row = &self.rows[index];
                let Some(galley) = row.galley.clone() else {
                    continue;
                };
                if tops[index] + row.height >= viewport.min.y && self.top_node.is_none() {
                    self.top_node = Some(row.node);
                }
                let top_left = origin + Vec2::new(row.indent, tops[index]);
                self.row_ui(ui, &frame, index, top_left, galley, events);
            }
        });
        if heights_changed {
            // Row positions below were estimates; draw again with the exact heights.
            ui.ctx().request_repaint();
        } else {
            self.pending_scroll = None;
        }
    }

    /// Forgets every galley and height when the width, text size or theme changed.
    fn set_layout_key(&mut self, key: LayoutKey) {
        if self.layout_key != Some(key) {
            for row in &mut self.rows {
                row.galley = None;
                row.height = 0.0;
            }
            self.layout_key = Some(key);
        }
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

    /// Lays out a row that has no galley yet; returns whether its height differs from the estimate.
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
        let job = self.layout_row(treaty, &self.rows[index], key, palette);
        let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
        let height = galley.size().y + ROW_GAP;
        let changed = (height - self.rows[index].height).abs() > 0.5;
        self.rows[index].height = height;
        self.rows[index].galley = Some(galley);
        changed
    }

    /// Draws one row at `top_left`: its selection or article tint, the note marker, the words being
    /// selected and the text; turns clicks, drags and the context menu into commands.
    fn row_ui(
        &mut self,
        ui: &mut Ui,
        frame: &RowFrame<'_>,
        index: usize,
        top_left: egui::Pos2,
        galley: Arc<Galley>,
        events: &mut Vec<AppCommand>,
    ) {
        let row = &self.rows[index];
        let (node, kind, indent) = (row.node, row.kind, row.indent);
        let palette = frame.palette;
        let rect = Rect::from_min_size(top_left, Vec2::new(frame.width - indent, galley.size().y));
        let in_selection = frame
            .selected
            .as_ref()
            .is_some_and(|range| range.contains(&node));
        let in_article = frame
            .selected_article
            .as_ref()
            .is_some_and(|range| range.contains(&node));
        if in_selection && kind != RowKind::NoteRef {
            ui.painter()
                .rect_filled(rect.expand(3.0), 3.0, palette.selection);
            // A bar in the margin, so the selection does not rely on colour alone.
            let bar = Rect::from_min_max(
                rect.left_top() - Vec2::new(indent + 8.0, 2.0),
                rect.left_bottom() - Vec2::new(indent + 5.0, -2.0),
            );
            ui.painter().rect_filled(bar, 0.0, palette.selection_bar);
        } else if in_article {
            ui.painter()
                .rect_filled(rect.expand(3.0), 3.0, palette.article_tint);
        }
        let annotated = kind == RowKind::Body
            && self
                .highlights
                .get(&node)
                .is_some_and(|list| list.iter().any(|h| h.mark == Mark::Annotated));
        if annotated {
            // Margin marker: a small filled square left of the row.
            let marker = Rect::from_center_size(
                rect.left_top() + Vec2::new(-indent - 4.0, 8.0),
                Vec2::splat(6.0),
            );
            ui.painter().rect_filled(marker, 1.0, palette.selection_bar);
        }
        let id = egui::Id::unique(("reader_row", self.treaty, index));
        // Provision text can be dragged across to select words (to quote or annotate them).
        let sense = if kind == RowKind::Body {
            Sense::click_and_drag()
        } else {
            Sense::click()
        };
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
        if let Some(selection) = self.word_selection.as_ref().filter(|s| s.row == index) {
            paint_char_range(
                ui.painter(),
                &galley,
                top_left,
                selection.chars(),
                ui.visuals().selection.bg_fill,
            );
        }
        let text = galley.text().to_owned();
        let role = match kind {
            RowKind::Heading => Role::Heading,
            RowKind::NoteRef => Role::Link,
            RowKind::Body => Role::Paragraph,
        };
        response.widget_info(|| WidgetInfo::selected(role, true, in_selection, &text));
        ui.painter().galley(top_left, galley, palette.text);
        self.row_clicks(&response, node, kind, events);
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
        if response.dragged() {
            if let (Some(pos), Some(selection)) = (
                response.interact_pointer_pos(),
                self.word_selection.as_mut().filter(|s| s.row == index),
            ) {
                selection.head = char_at(pos);
            }
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

    /// The words selected in `node`'s text, as a byte range of that text, if the selection is there.
    pub fn selected_words(&self, treaty: &Treaty, node: NodeIx) -> Option<Range<usize>> {
        let selection = self.word_selection.as_ref()?;
        let row = self.rows.get(selection.row)?;
        if row.node != node {
            return None;
        }
        let galley = row.galley.as_ref()?;
        words_in_text(galley.text(), treaty.node(node), selection.chars())
    }

    /// Forgets the selected words (after they were used, or when the selection moved elsewhere).
    pub fn clear_selected_words(&mut self) {
        self.word_selection = None;
    }

    /// The first row showing a node, if any.
    pub fn row_of(&self, node: NodeIx) -> Option<usize> {
        self.first_row.get(node).copied().flatten()
    }
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
    // Whole words: a selection that starts or ends inside a word takes all of it.
    let text = &node.text;
    let start = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(start, |(byte, _)| byte);
    let end = end
        + text[end..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len() - end, |(byte, _)| byte);
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

/// What every row drawn in a frame needs: the texts, the colours, the layout width, and the selected
/// provision's and its article's node ranges (for the tints).
struct RowFrame<'a> {
    treaty: &'a Treaty,
    palette: &'a Palette,
    width: f32,
    selected: Option<Range<NodeIx>>,
    selected_article: Option<Range<NodeIx>>,
}

/// A way a stretch of row text is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Label,
    Emphasis,
    Match,
    CurrentMatch,
    Deleted,
    Inserted,
    Equivalent,
    Annotated,
    Badge,
}

/// Applies one style to a piece's format. Every mark adds a cue besides colour (underline,
/// strike-through, italics); a note's tint never hides a search hit's or a difference's.
fn apply_style(format: &mut TextFormat, style: Style, palette: &Palette) {
    match style {
        Style::Label => format.color = palette.label,
        Style::Emphasis => format.italics = true,
        Style::Match => {
            format.background = palette.search_match;
            format.underline = Stroke::new(1.0, palette.text);
        }
        Style::CurrentMatch => {
            format.background = palette.current_match;
            format.underline = Stroke::new(2.0, palette.text);
        }
        Style::Deleted => {
            format.background = palette.deleted;
            format.strikethrough = Stroke::new(1.5, palette.text);
        }
        Style::Inserted => {
            format.background = palette.inserted;
            format.underline = Stroke::new(1.5, palette.text);
        }
        Style::Equivalent => format.color = palette.equivalent,
        Style::Annotated => {
            if format.background == egui::Color32::TRANSPARENT {
                format.background = palette.annotated;
            }
            if format.underline == Stroke::NONE {
                format.underline = Stroke::new(1.0, palette.selection_bar);
            }
        }
        Style::Badge => {
            format.color = palette.label;
            format.font_id.size *= 0.8;
        }
    }
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
        RowKind::NoteRef => body * 0.9,
    }
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
            (10..19, Style::Match),
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
                ("alia", vec![Style::Emphasis, Style::Match]),
                (" text", vec![Style::Match]),
            ]
        );
    }
}
