//! Presentation mode on screen: the slide of [`crate::ui::presentation`] in the high-contrast theme —
//! progress and controls on top, the question for the class always in view at the bottom, and between
//! them the texts side by side (or merged), the links with rationale and evidence, and the teacher's
//! note. The texts' marks are painted from the glyphs by [`crate::ui::marks`], as in the reader.

use egui::text::TextFormat;
use egui::{FontId, RichText, Stroke, Ui};

use crate::diff::{Change, MergedPiece};
use crate::lesson::{Mark as SlideMark, MarkedLine, MarkedText};
use crate::model::Side;
use crate::ui::command::AppCommand;
use crate::ui::marks::{Mark, MarkedJob, char_range};
use crate::ui::presentation::{PresentCommand, Slide};
use crate::ui::shortcuts::{Action, hover};
use crate::ui::theme::HighContrast;

use super::inline_view::merged_job;

/// What presentation mode draws from.
pub struct PresentationInput<'a> {
    pub slide: Option<&'a Slide>,
    /// The instruments on the two sides, named in the legend.
    pub library: &'a crate::model::Library,
    pub palette: &'a HighContrast,
    /// Body text size in points (the reader's, enlarged for the room).
    pub font_size: f32,
    pub inline: bool,
    /// Stepping through a lesson's stops (else through the pairs).
    pub lesson: bool,
    /// Box the words the links quote as evidence (the reader's setting).
    pub evidence_marks: bool,
    /// The answers are shown: the links' rationale and evidence, the teacher's note.
    pub revealed: bool,
    /// A small or zoomed window: the header and the question shrink so that the texts keep the
    /// room (the texts keep their size).
    pub compact: bool,
}

impl PresentationInput<'_> {
    /// The size of the header's and the question's words.
    fn chrome_size(&self, normal: f32) -> f32 {
        if self.compact {
            (self.font_size * 0.55).max(12.0)
        } else {
            self.font_size * normal
        }
    }
}

/// How much larger than the reader's text a slide's body text is.
pub const SLIDE_TEXT_SCALE: f32 = 1.5;

pub fn presentation_ui(ui: &mut Ui, input: &PresentationInput<'_>, out: &mut Vec<AppCommand>) {
    let palette = input.palette;
    *ui.visuals_mut() = palette.visuals();
    let margin = if input.compact {
        egui::Margin::symmetric(12, 3)
    } else {
        egui::Margin::symmetric(24, 12)
    };
    let frame = egui::Frame::new()
        .fill(palette.background)
        .inner_margin(margin);
    egui::Panel::top("presentation_bar")
        .frame(frame)
        .show(ui, |ui| controls_ui(ui, input, out));
    let Some(slide) = input.slide else {
        egui::CentralPanel::default().frame(frame).show(ui, |ui| {
            ui.label(
                RichText::new("Nothing to present: open a lesson, or turn on pair view.")
                    .size(input.font_size)
                    .color(palette.text),
            );
        });
        return;
    };
    let view = &slide.view;
    if !view.question.trim().is_empty() {
        egui::Panel::bottom("presentation_question")
            .frame(frame)
            .show(ui, |ui| question_ui(ui, input, &view.question));
    }
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        // Each stop keeps its own scroll position, so a stop opens at its top.
        egui::ScrollArea::vertical()
            .id_salt(("presentation_scroll", &slide.progress))
            .auto_shrink([false, false])
            .show(ui, |ui| slide_ui(ui, input, slide, out));
    });
}

fn controls_ui(ui: &mut Ui, input: &PresentationInput<'_>, out: &mut Vec<AppCommand>) {
    if input.compact {
        // Small words on one row: where the class is, the buttons, and the stop's heading after
        // them rather than on a row of its own (the lesson's title waits for a larger window).
        ui.horizontal_wrapped(|ui| {
            if let Some(slide) = input.slide {
                let size = input.chrome_size(0.8);
                ui.label(
                    RichText::new(&slide.progress)
                        .size(size)
                        .strong()
                        .color(input.palette.heading),
                );
                control_buttons_ui(ui, input, out);
                ui.label(
                    RichText::new(&slide.view.heading)
                        .size(size)
                        .strong()
                        .color(input.palette.heading),
                );
            } else {
                control_buttons_ui(ui, input, out);
            }
        });
        return;
    }
    ui.horizontal_wrapped(|ui| {
        progress_ui(ui, input);
        ui.separator();
        control_buttons_ui(ui, input, out);
    });
    if let Some(slide) = input.slide {
        ui.label(
            RichText::new(&slide.view.heading)
                .size(input.font_size * 1.2)
                .strong()
                .color(input.palette.heading),
        );
    }
}

/// "Stop 3 of 8" and the lesson's title.
fn progress_ui(ui: &mut Ui, input: &PresentationInput<'_>) {
    let Some(slide) = input.slide else {
        return;
    };
    let palette = input.palette;
    let size = input.chrome_size(0.8);
    ui.label(
        RichText::new(&slide.progress)
            .size(size)
            .strong()
            .color(palette.heading),
    );
    ui.label(RichText::new(&slide.title).size(size).color(palette.label));
}

fn control_buttons_ui(ui: &mut Ui, input: &PresentationInput<'_>, out: &mut Vec<AppCommand>) {
    let size = input.chrome_size(0.8);
    let (previous, next) = if input.lesson {
        ("Previous stop", "Next stop")
    } else {
        ("Previous pair", "Next pair")
    };
    let button = |ui: &mut Ui, text: &str| ui.button(RichText::new(text).size(size));
    if button(ui, previous)
        .on_hover_text(hover(ui, previous, Action::PreviousStop))
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::Step { forward: false }));
    }
    if button(ui, next)
        .on_hover_text(hover(ui, next, Action::NextStop))
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::Step { forward: true }));
    }
    let layout = if input.inline {
        "Side by side"
    } else {
        "Inline"
    };
    if button(ui, layout)
        .on_hover_text("The two texts side by side, or one merged text")
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::ToggleInline));
    }
    if button(ui, "Leave presentation")
        .on_hover_text(hover(ui, "Back to the reader", Action::LeavePresentation))
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::Leave));
    }
}

fn question_ui(ui: &mut Ui, input: &PresentationInput<'_>, question: &str) {
    let palette = input.palette;
    let (margin, text_size) = if input.compact {
        (4, input.chrome_size(1.0))
    } else {
        (12, input.font_size)
    };
    let max_height = ui.ctx().content_rect().height() * 0.15;
    egui::Frame::new()
        .fill(palette.question)
        .stroke(Stroke::new(2.0, palette.border))
        .inner_margin(egui::Margin::same(margin))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if !input.compact {
                ui.label(
                    RichText::new("Question for the class")
                        .size(input.chrome_size(0.8))
                        .strong()
                        .color(palette.heading),
                );
            }
            // A long question scrolls in its box rather than pushing the texts off the slide.
            let output = egui::ScrollArea::vertical()
                .id_salt("presentation_question")
                .max_height(if input.compact {
                    max_height
                } else {
                    f32::INFINITY
                })
                .show(ui, |ui| {
                    let question = if input.compact {
                        format!("Question for the class: {question}")
                    } else {
                        question.to_owned()
                    };
                    ui.label(RichText::new(question).size(text_size).color(palette.text));
                });
            super::name_scroll_bars(ui.ctx(), output.id, "the question");
        });
}

fn slide_ui(ui: &mut Ui, input: &PresentationInput<'_>, slide: &Slide, out: &mut Vec<AppCommand>) {
    let palette = input.palette;
    let size = input.font_size;
    if input.inline {
        inline_ui(ui, input, slide);
    } else {
        let columns: Vec<Side> = Side::ALL
            .into_iter()
            .filter(|&key| !slide.texts.sides[key].is_empty())
            .collect();
        ui.columns(columns.len().max(1), |uis| {
            for (ui, key) in uis.iter_mut().zip(&columns) {
                // Ragged right: justified lines open rivers of space on a projector.
                ui.with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
                    for text in &slide.texts.sides[*key] {
                        shown_text_ui(ui, input, text);
                    }
                });
            }
        });
    }
    legend_ui(ui, input);
    let view = &slide.view;
    for link in &slide.links {
        ui.add_space(size * 0.6);
        ui.label(
            RichText::new(&link.statement)
                .size(size)
                .strong()
                .color(palette.heading),
        );
        ui.label(
            RichText::new(&link.relation)
                .size(size * 0.8)
                .color(palette.label),
        );
    }
    for unmatched in &view.unmatched {
        ui.add_space(size * 0.6);
        ui.label(
            RichText::new(format!(
                "No counterpart for {}: {}",
                unmatched.id, unmatched.reason
            ))
            .size(size)
            .color(palette.text),
        );
    }
    answers_ui(ui, input, slide, out);
}

/// What answers the question (the links' rationale and evidence, the teacher's note): hidden until
/// the teacher reveals it (R, or the button), as the student handout leaves it out.
fn answers_ui(
    ui: &mut Ui,
    input: &PresentationInput<'_>,
    slide: &Slide,
    out: &mut Vec<AppCommand>,
) {
    let palette = input.palette;
    let size = input.font_size;
    let view = &slide.view;
    let has_answers = !view.note.trim().is_empty()
        || slide
            .links
            .iter()
            .any(|link| !link.rationale.is_empty() || !link.evidence.is_empty());
    if !has_answers {
        return;
    }
    ui.add_space(size * 0.6);
    let text = if input.revealed {
        "Hide the answers"
    } else {
        "Show the answers: rationale, evidence, teacher's note"
    };
    if ui
        .button(RichText::new(text).size(size * 0.8))
        .on_hover_text(hover(ui, text, Action::RevealAnswers))
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::Reveal));
    }
    if !input.revealed {
        return;
    }
    for link in &slide.links {
        if !link.rationale.is_empty() {
            ui.add_space(size * 0.4);
            ui.label(
                RichText::new(format!(
                    "Rationale ({}): {}",
                    link.statement, link.rationale
                ))
                .size(size)
                .color(palette.text),
            );
        }
        for (pinpoint, quote) in &link.evidence {
            evidence_ui(ui, input, pinpoint, quote);
        }
    }
    if !view.note.trim().is_empty() {
        ui.add_space(size * 0.6);
        ui.label(
            RichText::new("Teacher's note")
                .size(size * 0.8)
                .strong()
                .color(palette.heading),
        );
        ui.label(RichText::new(&view.note).size(size).color(palette.text));
    }
}

fn shown_text_ui(ui: &mut Ui, input: &PresentationInput<'_>, text: &MarkedText) {
    let palette = input.palette;
    let size = input.font_size;
    ui.label(
        RichText::new(&text.pinpoint)
            .size(input.chrome_size(0.9))
            .strong()
            .color(palette.heading),
    );
    ui.label(
        RichText::new(&text.title)
            .size(input.chrome_size(0.75))
            .color(palette.label),
    );
    let colors = palette.mark_colors();
    for line in &text.lines {
        // Items sit right of what holds them; a frame's margin keeps the lines wrapping in the column.
        let indent = (f32::from(line.depth) * size * 1.2).min(120.0) as i8;
        egui::Frame::new()
            .inner_margin(egui::Margin {
                left: indent,
                ..egui::Margin::ZERO
            })
            .show(ui, |ui| {
                line_job(line, input, ui.available_width()).show_ui(ui, &colors);
            });
    }
    ui.add_space(size * 0.5);
}

/// The body text's format on a slide.
fn body_format(palette: &HighContrast, size: f32) -> TextFormat {
    TextFormat {
        font_id: FontId::proportional(size),
        color: palette.text,
        ..Default::default()
    }
}

/// One line of text with its marks; overlapping marks each keep their own cue (a highlight inside a
/// change is both underlined and barred above).
fn line_job(line: &MarkedLine, input: &PresentationInput<'_>, width: f32) -> MarkedJob {
    let palette = input.palette;
    let base = body_format(palette, input.font_size);
    let mut job = MarkedJob::new(width, input.font_size);
    let mut text_start = 0;
    if !line.label.is_empty() {
        let label = TextFormat {
            color: palette.label,
            ..base.clone()
        };
        text_start = job.append(&format!("{} ", line.label), label).end;
    }
    for (words, marks) in line.runs() {
        let color = if marks.contains(&SlideMark::Equivalent) {
            palette.equivalent
        } else {
            palette.text
        };
        job.append(
            words,
            TextFormat {
                color,
                ..base.clone()
            },
        );
    }
    for (bytes, mark) in &line.marks {
        if *mark == SlideMark::Evidence && !input.evidence_marks {
            continue;
        }
        if let Some(chars) = char_range(&line.text, bytes.clone()) {
            job.mark(
                text_start + chars.start..text_start + chars.end,
                slide_mark(*mark),
            );
        }
    }
    job
}

/// How a slide's mark is drawn: the reader's marks, and a bar along the top of a teacher's highlight.
fn slide_mark(mark: SlideMark) -> Mark {
    match mark {
        SlideMark::Deleted => Mark::Deleted,
        SlideMark::Inserted => Mark::Inserted,
        SlideMark::Equivalent => Mark::Equivalent,
        SlideMark::Highlight => Mark::Highlighted,
        SlideMark::Evidence => Mark::Evidence,
    }
}

fn inline_ui(ui: &mut Ui, input: &PresentationInput<'_>, slide: &Slide) {
    let palette = input.palette;
    let size = input.font_size;
    ui.label(
        RichText::new("One merged text: the UN wording, with the Budapest wording it replaces")
            .size(size * 0.75)
            .color(palette.label),
    );
    let base = body_format(palette, size);
    let colors = palette.mark_colors();
    for row in &slide.texts.inline {
        let pieces = row.iter().map(|piece| MergedPiece {
            space_before: piece.space_before,
            text: &piece.text,
            replaces: &piece.replaces,
            change: piece.change,
        });
        merged_job(pieces, &base, palette.equivalent, ui.available_width()).show_ui(ui, &colors);
        ui.add_space(size * 0.3);
    }
}

/// "Evidence, UN Art. 24(1): “…”", the quoted words boxed as they are in the texts.
fn evidence_ui(ui: &mut Ui, input: &PresentationInput<'_>, pinpoint: &str, quote: &str) {
    let size = input.font_size * 0.9;
    let format = TextFormat {
        italics: true,
        ..body_format(input.palette, size)
    };
    let mut job = MarkedJob::new(ui.available_width(), size);
    job.append(&format!("Evidence, {pinpoint}: "), format.clone());
    let quoted = job.append(&format!("“{quote}”"), format);
    if input.evidence_marks {
        job.mark(quoted, Mark::Evidence);
    }
    job.show_ui(ui, &input.palette.mark_colors());
}

/// The marks in words, so nothing depends on telling colours apart on a projector; each sample is
/// marked as the texts are.
fn legend_ui(ui: &mut Ui, input: &PresentationInput<'_>) {
    let palette = input.palette;
    let size = input.font_size * 0.7;
    let format = body_format(palette, size);
    let only_in = |change| crate::ui::pairs::change_description(input.library, change);
    let mut samples = vec![
        (only_in(Change::Deleted), Mark::Deleted),
        (only_in(Change::Inserted), Mark::Inserted),
        (only_in(Change::Equivalent), Mark::Equivalent),
        (
            "highlighted by the teacher (bar above)".to_owned(),
            Mark::Highlighted,
        ),
    ];
    if input.evidence_marks {
        samples.push(("quoted as evidence (boxed)".to_owned(), Mark::Evidence));
    }
    let mut job = MarkedJob::new(ui.available_width(), size);
    job.append("Marks: ", format.clone());
    for (position, (words, mark)) in samples.into_iter().enumerate() {
        if position > 0 {
            job.append(" · ", format.clone());
        }
        let color = if mark == Mark::Equivalent {
            palette.equivalent
        } else {
            palette.text
        };
        let chars = job.append(
            &words,
            TextFormat {
                color,
                ..format.clone()
            },
        );
        job.mark(chars, mark);
    }
    ui.add_space(input.font_size * 0.3);
    job.show_ui(ui, &palette.mark_colors());
}
