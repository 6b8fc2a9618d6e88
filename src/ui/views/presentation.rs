//! Presentation mode on screen: the slide of [`crate::ui::presentation`] in the high-contrast theme —
//! progress and controls on top, the question for the class always in view at the bottom, and between
//! them the texts side by side (or merged), the links with rationale and evidence, and the teacher's
//! note.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke, Ui};

use crate::diff::Change;
use crate::lesson::{Mark, MarkedLine, MarkedText};
use crate::model::TreatyKey;
use crate::ui::command::AppCommand;
use crate::ui::presentation::{PresentCommand, Slide};
use crate::ui::shortcuts::{Action, hover};
use crate::ui::theme::HighContrast;

/// What presentation mode draws from.
pub struct PresentationInput<'a> {
    pub slide: Option<&'a Slide>,
    pub palette: &'a HighContrast,
    /// Body text size in points (the reader's, enlarged for the room).
    pub font_size: f32,
    pub inline: bool,
    /// Stepping through a lesson's stops (else through the pairs).
    pub lesson: bool,
}

/// How much larger than the reader's text a slide's body text is.
pub const SLIDE_TEXT_SCALE: f32 = 1.5;

pub fn presentation_ui(ui: &mut Ui, input: &PresentationInput<'_>, out: &mut Vec<AppCommand>) {
    let palette = input.palette;
    *ui.visuals_mut() = palette.visuals();
    let frame = egui::Frame::new()
        .fill(palette.background)
        .inner_margin(egui::Margin::symmetric(24, 12));
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
        egui::ScrollArea::vertical()
            .id_salt("presentation_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| slide_ui(ui, input, slide));
    });
}

fn controls_ui(ui: &mut Ui, input: &PresentationInput<'_>, out: &mut Vec<AppCommand>) {
    let palette = input.palette;
    let size = input.font_size * 0.8;
    ui.horizontal_wrapped(|ui| {
        if let Some(slide) = input.slide {
            ui.label(
                RichText::new(&slide.progress)
                    .size(size)
                    .strong()
                    .color(palette.heading),
            );
            ui.label(RichText::new(&slide.title).size(size).color(palette.label));
        }
        ui.separator();
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
    });
    if let Some(slide) = input.slide {
        ui.label(
            RichText::new(&slide.view.heading)
                .size(input.font_size * 1.2)
                .strong()
                .color(palette.heading),
        );
    }
}

fn question_ui(ui: &mut Ui, input: &PresentationInput<'_>, question: &str) {
    let palette = input.palette;
    egui::Frame::new()
        .fill(palette.question)
        .stroke(Stroke::new(2.0, palette.border))
        .inner_margin(egui::Margin::same(12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new("Question for the class")
                    .size(input.font_size * 0.8)
                    .strong()
                    .color(palette.heading),
            );
            ui.label(
                RichText::new(question)
                    .size(input.font_size)
                    .color(palette.text),
            );
        });
}

fn slide_ui(ui: &mut Ui, input: &PresentationInput<'_>, slide: &Slide) {
    let palette = input.palette;
    let size = input.font_size;
    if input.inline {
        inline_ui(ui, input, slide);
    } else {
        let columns: Vec<TreatyKey> = TreatyKey::ALL
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
        if !link.rationale.is_empty() {
            ui.label(
                RichText::new(format!("Rationale: {}", link.rationale))
                    .size(size)
                    .color(palette.text),
            );
        }
        for (pinpoint, quote) in &link.evidence {
            ui.label(
                RichText::new(format!("Evidence, {pinpoint}: “{quote}”"))
                    .size(size * 0.9)
                    .italics()
                    .color(palette.text),
            );
        }
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
            .size(size * 0.9)
            .strong()
            .color(palette.heading),
    );
    ui.label(
        RichText::new(&text.title)
            .size(size * 0.75)
            .color(palette.label),
    );
    for line in &text.lines {
        // Items sit right of what holds them; a frame's margin keeps the lines wrapping in the column.
        let indent = (f32::from(line.depth) * size * 1.2).min(120.0) as i8;
        egui::Frame::new()
            .inner_margin(egui::Margin {
                left: indent,
                ..egui::Margin::ZERO
            })
            .show(ui, |ui| {
                let job = line_job(line, palette, size, ui.available_width());
                ui.label(job);
            });
    }
    ui.add_space(size * 0.5);
}

/// One line of text with its marks; overlapping marks combine (a highlight inside a change).
fn line_job(line: &MarkedLine, palette: &HighContrast, size: f32, width: f32) -> LayoutJob {
    let base = TextFormat {
        font_id: FontId::proportional(size),
        color: palette.text,
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping::wrap_at_width(width),
        ..Default::default()
    };
    if !line.label.is_empty() {
        job.append(
            &format!("{} ", line.label),
            0.0,
            TextFormat {
                color: palette.label,
                ..base.clone()
            },
        );
    }
    for (words, marks) in line.runs() {
        let mut format = base.clone();
        for mark in marks {
            apply_mark(&mut format, mark, palette);
        }
        job.append(words, 0.0, format);
    }
    job
}

fn apply_mark(format: &mut TextFormat, mark: Mark, palette: &HighContrast) {
    match mark {
        Mark::Deleted => {
            format.background = palette.deleted;
            format.strikethrough = Stroke::new(2.0, palette.text);
        }
        Mark::Inserted => {
            format.background = palette.inserted;
            format.underline = Stroke::new(2.0, palette.text);
        }
        Mark::Equivalent => format.color = palette.equivalent,
        Mark::Highlight => {
            format.background = palette.highlight;
            format.underline = Stroke::new(3.0, palette.heading);
        }
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
    for row in &slide.texts.inline {
        let base = TextFormat {
            font_id: FontId::proportional(size),
            color: palette.text,
            ..Default::default()
        };
        let mut job = LayoutJob {
            wrap: egui::text::TextWrapping::wrap_at_width(ui.available_width()),
            ..Default::default()
        };
        for (position, piece) in row.iter().enumerate() {
            let mut format = base.clone();
            match piece.change {
                Change::Equal => {}
                Change::Equivalent => apply_mark(&mut format, Mark::Equivalent, palette),
                Change::Deleted => apply_mark(&mut format, Mark::Deleted, palette),
                Change::Inserted => apply_mark(&mut format, Mark::Inserted, palette),
            }
            if position > 0 && !piece.text.starts_with([',', '.', ';', ':', ')', ']']) {
                job.append(" ", 0.0, base.clone());
            }
            job.append(&piece.text, 0.0, format);
        }
        ui.label(job);
        ui.add_space(size * 0.3);
    }
}

/// The marks in words, so nothing depends on telling colours apart on a projector.
fn legend_ui(ui: &mut Ui, input: &PresentationInput<'_>) {
    let palette = input.palette;
    let size = input.font_size * 0.7;
    let sample = |text: &str, mark: Option<Mark>| {
        let mut format = TextFormat {
            font_id: FontId::proportional(size),
            color: palette.text,
            ..Default::default()
        };
        if let Some(mark) = mark {
            apply_mark(&mut format, mark, palette);
        }
        (text.to_owned(), format)
    };
    let mut job = LayoutJob::default();
    for (text, format) in [
        sample("Marks: ", None),
        sample("only in Budapest (struck through)", Some(Mark::Deleted)),
        sample(" · ", None),
        sample(
            "only in the UN Convention (underlined)",
            Some(Mark::Inserted),
        ),
        sample(" · ", None),
        sample("equivalent term (dimmed)", Some(Mark::Equivalent)),
        sample(" · ", None),
        sample("highlighted by the teacher", Some(Mark::Highlight)),
    ] {
        job.append(&text, 0.0, format);
    }
    ui.add_space(input.font_size * 0.3);
    ui.label(job);
}
