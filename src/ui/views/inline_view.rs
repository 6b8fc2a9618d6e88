//! The inline view: one merged text of the pair on screen, below the panes.

use egui::Ui;
use egui::text::{LayoutJob, TextFormat};

use crate::corpus::Corpus;
use crate::diff::{Change, WordDiff};
use crate::ui::pairs::PairState;
use crate::ui::theme::Palette;

pub fn inline_view_ui(
    ui: &mut Ui,
    corpus: &Corpus,
    pairs: &PairState,
    terms: bool,
    font_size: f32,
    palette: &Palette,
) {
    let Some(index) = pairs.current else {
        ui.label("Inline view: no pair selected.");
        return;
    };
    let Some(diff) = pairs.diff(corpus, index, terms) else {
        return;
    };
    ui.label(egui::RichText::new("Inline comparison: struck through = only in Budapest, underlined = only in the UN Convention, dimmed = equivalent terms").strong());
    egui::ScrollArea::vertical()
        .id_salt("inline_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for row in &diff.rows {
                let pinpoints = format!(
                    "{} | {}",
                    row.uncc.as_ref().map_or("-", |s| s.pinpoint.as_str()),
                    row.bc.as_ref().map_or("-", |s| s.pinpoint.as_str())
                );
                ui.label(egui::RichText::new(pinpoints).small());
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
                ui.label(job);
            }
        });
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
    for (position, piece) in diff.pieces.iter().enumerate() {
        let uncc = uncc_text.get(piece.uncc.clone()).unwrap_or_default();
        let bc = bc_text.get(piece.bc.clone()).unwrap_or_default();
        let (text, format) = match piece.change {
            Change::Equal => (uncc, base.clone()),
            Change::Equivalent => (
                uncc,
                TextFormat {
                    color: palette.equivalent,
                    ..base.clone()
                },
            ),
            Change::Deleted => (
                bc,
                TextFormat {
                    background: palette.deleted,
                    strikethrough: egui::Stroke::new(1.5, palette.text),
                    ..base.clone()
                },
            ),
            Change::Inserted => (
                uncc,
                TextFormat {
                    background: palette.inserted,
                    underline: egui::Stroke::new(1.5, palette.text),
                    ..base.clone()
                },
            ),
        };
        // Pieces are separated by a space, except before closing punctuation.
        if position > 0 && !text.starts_with([',', '.', ';', ':', ')', ']']) {
            job.append(" ", 0.0, base.clone());
        }
        job.append(text, 0.0, format);
    }
    job
}
