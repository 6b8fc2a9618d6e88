//! The inline view: one merged text of the pair on screen, below the panes. It follows the selected
//! paragraph: the sentences of the selected provision are marked and scrolled into view.

use egui::Ui;
use egui::text::{LayoutJob, TextFormat};

use crate::corpus::Corpus;
use crate::diff::{AlignedRow, Change, WordDiff};
use crate::model::{Library, NodeIx, TreatyKey};
use crate::ui::pairs::PairState;
use crate::ui::theme::Palette;

/// What the inline view shows.
pub struct InlineInput<'a> {
    pub corpus: &'a Corpus,
    pub pairs: &'a PairState,
    pub terms: bool,
    pub font_size: f32,
    pub palette: &'a Palette,
    pub selected: Option<(TreatyKey, NodeIx)>,
}

/// Whether an aligned row shows (part of) the selected provision.
fn shows_selection(library: &Library, row: &AlignedRow, selected: (TreatyKey, NodeIx)) -> bool {
    let (key, node) = selected;
    let inside = node..library.treaty(key).subtree_end(node);
    let sentence = match key {
        TreatyKey::Uncc => &row.uncc,
        TreatyKey::Bc => &row.bc,
    };
    sentence.as_ref().is_some_and(|s| inside.contains(&s.node))
}

/// The label of the marker on the rows of the selected provision.
pub const SELECTED_ROW_MARK: &str = "» selected";

pub fn inline_view_ui(ui: &mut Ui, input: &InlineInput<'_>) {
    let InlineInput {
        corpus,
        pairs,
        terms,
        font_size,
        palette,
        selected,
    } = *input;
    let Some(index) = pairs.current else {
        ui.label("Inline view: no pair selected.");
        return;
    };
    let Some(diff) = pairs.diff(corpus, index, terms) else {
        return;
    };
    ui.label(egui::RichText::new("Inline comparison: struck through = only in Budapest, underlined = only in the UN Convention, dimmed = equivalent terms").strong());
    // Scroll to the selected provision's sentences once each time the selection or the pair changes.
    let followed_id = egui::Id::unique("inline_view_followed");
    let followed: Option<(Option<(TreatyKey, NodeIx)>, usize)> =
        ui.data(|data| data.get_temp(followed_id));
    let mut follow = followed != Some((selected, index));
    let output = egui::ScrollArea::vertical()
        .id_salt("inline_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for row in &diff.rows {
                let here = selected.is_some_and(|s| shows_selection(&corpus.library, row, s));
                let pinpoints = format!(
                    "{}{} | {}",
                    if here {
                        format!("{SELECTED_ROW_MARK}: ")
                    } else {
                        String::new()
                    },
                    row.uncc.as_ref().map_or("-", |s| s.pinpoint.as_str()),
                    row.bc.as_ref().map_or("-", |s| s.pinpoint.as_str())
                );
                let mut pinpoints = egui::RichText::new(pinpoints).small();
                if here {
                    pinpoints = pinpoints.strong();
                }
                let header = ui.label(pinpoints);
                let text_of = |side: &Option<crate::diff::Sentence>| {
                    side.as_ref()
                        .map_or("", |s| crate::diff::text_of(&corpus.library, s))
                };
                let job = inline_job(
                    &row.diff,
                    text_of(&row.bc),
                    text_of(&row.uncc),
                    palette,
                    font_size,
                    ui.available_width(),
                );
                let response = ui.label(job);
                if here {
                    // A bar in the margin beside the selected provision's sentences.
                    let rect = header.rect.union(response.rect);
                    let bar = egui::Rect::from_min_max(
                        rect.left_top() - egui::vec2(6.0, 0.0),
                        rect.left_bottom() - egui::vec2(3.0, 0.0),
                    );
                    ui.painter().rect_filled(bar, 0.0, palette.selection_bar);
                    if follow {
                        header.scroll_to_me(Some(egui::Align::TOP));
                        follow = false;
                    }
                }
            }
        });
    super::name_scroll_bars(ui.ctx(), output.id, "the inline comparison");
    ui.data_mut(|data| data.insert_temp(followed_id, (selected, index)));
}

/// The pieces of one merged reading, in order: whether a space goes before each, its words and its
/// change. Pieces are joined as their words stood in the treaty text (no space where there was none),
/// so an item label such as "(a)" or "(ii)" is never pulled apart.
fn merged_pieces<'a>(
    diff: &WordDiff,
    bc_text: &'a str,
    uncc_text: &'a str,
) -> Vec<(bool, &'a str, Change)> {
    diff.pieces
        .iter()
        .enumerate()
        .map(|(position, piece)| {
            let text = match piece.change {
                Change::Deleted => bc_text.get(piece.bc.clone()),
                _ => uncc_text.get(piece.uncc.clone()),
            }
            .unwrap_or_default();
            let space = position > 0 && space_before(piece, diff, bc_text, uncc_text, position);
            (space, text, piece.change)
        })
        .collect()
}

/// The merged reading as plain text (what the inline view draws, without its marks).
pub fn merged_text(diff: &WordDiff, bc_text: &str, uncc_text: &str) -> String {
    let mut text = String::new();
    for (space, words, _) in merged_pieces(diff, bc_text, uncc_text) {
        if space {
            text.push(' ');
        }
        text.push_str(words);
    }
    text
}

/// One merged text: the UN wording, with Budapest-only words struck through before UN-only words.
fn inline_job(
    diff: &WordDiff,
    bc_text: &str,
    uncc_text: &str,
    palette: &Palette,
    font_size: f32,
    width: f32,
) -> LayoutJob {
    let base = TextFormat {
        font_id: egui::FontId::proportional(font_size),
        color: palette.text,
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping::wrap_at_width(width),
        ..Default::default()
    };
    for (space, text, change) in merged_pieces(diff, bc_text, uncc_text) {
        let format = match change {
            Change::Equal => base.clone(),
            Change::Equivalent => TextFormat {
                color: palette.equivalent,
                ..base.clone()
            },
            Change::Deleted => TextFormat {
                background: palette.deleted,
                strikethrough: egui::Stroke::new(1.5, palette.text),
                ..base.clone()
            },
            Change::Inserted => TextFormat {
                background: palette.inserted,
                underline: egui::Stroke::new(1.5, palette.text),
                ..base.clone()
            },
        };
        if space {
            job.append(" ", 0.0, base.clone());
        }
        job.append(text, 0.0, format);
    }
    job
}

/// Whether the merged text needs a space before piece `position`: where the piece's own text had
/// whitespace before it, or where it follows a piece from the other text (a deletion next to an
/// insertion), unless it is closing punctuation.
fn space_before(
    piece: &crate::diff::Piece,
    diff: &WordDiff,
    bc_text: &str,
    uncc_text: &str,
    position: usize,
) -> bool {
    let (text, start) = match piece.change {
        Change::Deleted => (bc_text, piece.bc.start),
        _ => (uncc_text, piece.uncc.start),
    };
    let previous = position
        .checked_sub(1)
        .and_then(|p| diff.pieces.get(p))
        .map(|p| p.change);
    let switches_text = matches!(
        (previous, piece.change),
        (
            Some(Change::Deleted),
            Change::Inserted | Change::Equal | Change::Equivalent
        ) | (
            Some(Change::Inserted | Change::Equal | Change::Equivalent),
            Change::Deleted
        )
    );
    let spaced = text
        .get(..start)
        .and_then(|before| before.chars().next_back())
        .is_some_and(char::is_whitespace);
    let closing = text
        .get(start..)
        .is_some_and(|rest| rest.starts_with([',', '.', ';', ':', ')']));
    spaced || switches_text && !closing
}
