//! The inline view: one merged text of the pair on screen, below the panes. It follows the selected
//! paragraph: the sentences of the selected provision are marked and scrolled into view.

use egui::text::TextFormat;
use egui::{Color32, Ui};

use crate::corpus::Corpus;
use crate::diff::{AlignedRow, Change, MergedPiece, WordDiff};
use crate::model::{Library, NodeIx, Side};
use crate::ui::marks::{Mark, MarkedJob};
use crate::ui::pairs::{PairState, side_phrase};
use crate::ui::theme::Palette;

/// What the inline view shows.
pub struct InlineInput<'a> {
    pub corpus: &'a Corpus,
    pub pairs: &'a PairState,
    pub terms: bool,
    pub font_size: f32,
    pub palette: &'a Palette,
    pub selected: Option<(Side, NodeIx)>,
}

/// Whether an aligned row shows (part of) the selected provision.
fn shows_selection(library: &Library, row: &AlignedRow, selected: (Side, NodeIx)) -> bool {
    let (key, node) = selected;
    let inside = node..library.treaty(key).subtree_end(node);
    let sentence = match key {
        Side::Revision => &row.uncc,
        Side::Base => &row.bc,
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
    let colors = palette.mark_colors();
    let library = &corpus.library;
    ui.label(
        egui::RichText::new(format!(
            "Inline comparison: struck through = only in {}, underlined = only in {}, dimmed = equivalent terms",
            side_phrase(library, Side::Base),
            side_phrase(library, Side::Revision)
        ))
        .strong(),
    );
    // Scroll to the selected provision's sentences once each time the selection or the pair changes.
    let followed_id = egui::Id::unique("inline_view_followed");
    let followed: Option<(Option<(Side, NodeIx)>, usize)> =
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
                let base = TextFormat {
                    font_id: egui::FontId::proportional(font_size),
                    color: palette.text,
                    ..Default::default()
                };
                let pieces = row.diff.merged(text_of(&row.bc), text_of(&row.uncc));
                let job = merged_job(pieces, &base, palette.equivalent, ui.available_width());
                let response = job.show_ui(ui, &colors);
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

/// The merged reading as plain text (what the inline view draws, without its marks).
pub fn merged_text(diff: &WordDiff, bc_text: &str, uncc_text: &str) -> String {
    let mut text = String::new();
    for piece in diff.merged(bc_text, uncc_text) {
        if piece.space_before {
            text.push(' ');
        }
        text.push_str(&piece.shown());
    }
    text
}

/// One merged reading as a marked text: Budapest-only words struck through before UN-only words
/// underlined, equivalent terms dimmed (in `equivalent`) and shown with the Budapest term they stand
/// for ([`MergedPiece::shown`]: "Party » State Party"), every mark painted from the glyphs by
/// [`crate::ui::marks`]. The reader's inline view and presentation mode both draw their merged text
/// with it, so a slide shows a change of term as the reader does.
pub fn merged_job<'a>(
    pieces: impl IntoIterator<Item = MergedPiece<'a>>,
    base: &TextFormat,
    equivalent: Color32,
    width: f32,
) -> MarkedJob {
    let mut job = MarkedJob::new(width, base.font_id.size);
    for piece in pieces {
        if piece.space_before {
            job.append(" ", base.clone());
        }
        let format = if piece.change == Change::Equivalent {
            TextFormat {
                color: equivalent,
                ..base.clone()
            }
        } else {
            base.clone()
        };
        let chars = job.append(&piece.shown(), format);
        if let Some(mark) = Mark::of_change(piece.change) {
            job.mark(chars, mark);
        }
    }
    job
}
