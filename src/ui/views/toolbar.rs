//! The toolbar: layout switches, text size, zoom, the lesson and presentation mode, theme, Help, and
//! the search row.

use egui::{Key, Ui};

use crate::ui::command::{AppCommand, ReadingCommand, Toggle};
use crate::ui::history::History;
use crate::ui::instruments::InstrumentCommand;
use crate::ui::lesson::LessonCommand;
use crate::ui::presentation::PresentCommand;
use crate::ui::search::SearchState;
use crate::ui::settings::{DEFAULT_FONT_SIZE, Settings};
use crate::ui::shortcuts::{Action, hover};
use crate::ui::zoom::{Zoom, percent};

pub const SEARCH_BOX_LABEL: &str = "Search both texts";

#[derive(Default)]
pub struct Toolbar {
    /// Ctrl+F was pressed: focus the search box on the next frame.
    focus_search: bool,
}

impl Toolbar {
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        settings: &Settings,
        search: &SearchState,
        lesson_panel_open: bool,
        history: &History,
        out: &mut Vec<AppCommand>,
    ) {
        // In a small or zoomed window the buttons stay on one row that scrolls sideways, so that
        // they do not take the height the texts need.
        if super::is_compact(ui.ctx()) {
            super::sideways_row_ui(ui, "toolbar_scroll", "the toolbar", |ui| {
                self.search_ui(ui, search, out);
                ui.separator();
                reading_buttons_ui(ui, history, out);
                buttons_ui(ui, settings, lesson_panel_open, out);
            });
            return;
        }
        ui.horizontal_wrapped(|ui| {
            reading_buttons_ui(ui, history, out);
            buttons_ui(ui, settings, lesson_panel_open, out);
        });
        // Search gets a row of its own, so its buttons stay on screen in narrow windows.
        ui.horizontal(|ui| self.search_ui(ui, search, out));
    }

    fn search_ui(&mut self, ui: &mut Ui, search: &SearchState, out: &mut Vec<AppCommand>) {
        let label = ui.label(SEARCH_BOX_LABEL);
        let mut query = search.query.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut query)
                    .id(egui::Id::unique("search_box"))
                    .hint_text("Ctrl+F")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            out.push(AppCommand::SetQuery(query));
        }
        if std::mem::take(&mut self.focus_search) {
            response.request_focus();
        }
        if response.lost_focus() && ui.input(|input| input.key_pressed(Key::Enter)) {
            let backwards = ui.input(|input| input.modifiers.shift);
            out.push(AppCommand::StepMatch {
                forward: !backwards,
            });
            response.request_focus();
        }
        if ui
            .button("Previous match")
            .on_hover_text(hover(ui, "Shift+Enter in the box", Action::PreviousMatch))
            .clicked()
        {
            out.push(AppCommand::StepMatch { forward: false });
        }
        if ui
            .button("Next match")
            .on_hover_text(hover(ui, "Enter in the box", Action::NextMatch))
            .clicked()
        {
            out.push(AppCommand::StepMatch { forward: true });
        }
        if ui
            .button("Results list")
            .on_hover_text(hover(
                ui,
                "Every match, in the treaties and in the notes of the open layers, with its article",
                Action::SearchResults,
            ))
            .clicked()
        {
            out.push(AppCommand::ToggleSearchResults);
        }
        if !search.query.is_empty() && ui.button("Clear search").clicked() {
            out.push(AppCommand::SetQuery(String::new()));
        }
        let summary = search.summary();
        if !summary.is_empty() {
            ui.label(summary);
        }
    }
}

/// Back and Forward over the jumps, and the go-to box.
fn reading_buttons_ui(ui: &mut Ui, history: &History, out: &mut Vec<AppCommand>) {
    let back = ui
        .add_enabled(history.can_go_back(), egui::Button::new("Back"))
        .on_hover_text(hover(
            ui,
            "Back to where you were before the last jump",
            Action::Back,
        ))
        .on_disabled_hover_text("No jump to go back from yet");
    if back.clicked() {
        out.push(AppCommand::Reading(ReadingCommand::Back));
    }
    let forward = ui
        .add_enabled(history.can_go_forward(), egui::Button::new("Forward"))
        .on_hover_text(hover(ui, "Forward again", Action::Forward));
    if forward.clicked() {
        out.push(AppCommand::Reading(ReadingCommand::Forward));
    }
    if ui
        .button("Go to…")
        .on_hover_text(hover(ui, "Go to a pinpoint", Action::GoTo))
        .clicked()
    {
        out.push(AppCommand::Reading(ReadingCommand::OpenGoTo));
    }
    ui.separator();
}

fn buttons_ui(
    ui: &mut Ui,
    settings: &Settings,
    lesson_panel_open: bool,
    out: &mut Vec<AppCommand>,
) {
    let outline_label = if settings.show_outline {
        "Hide outline"
    } else {
        "Show outline"
    };
    if ui
        .button(outline_label)
        .on_hover_text(hover(ui, "Toggle the outline", Action::ToggleOutline))
        .clicked()
    {
        out.push(AppCommand::Toggle(Toggle::Outline));
    }
    if ui
        .button("Swap panes")
        .on_hover_text("Show the other treaty on the left")
        .clicked()
    {
        out.push(AppCommand::SwapPanes);
    }
    let notes_label = if settings.show_annotations {
        "Hide annotations"
    } else {
        "Show annotations"
    };
    if ui.button(notes_label).clicked() {
        out.push(AppCommand::Toggle(Toggle::Annotations));
    }
    if panel_button(
        ui,
        settings.show_questions,
        ("Questions", "Hide questions"),
        "The questions of a brief, answered for both treaties",
    ) {
        out.push(AppCommand::Toggle(Toggle::Questions));
    }
    if ui.button("Safeguards matrix").clicked() {
        out.push(AppCommand::ToggleMatrix);
    }
    if ui
        .button("Export…")
        .on_hover_text(hover(
            ui,
            "HTML, Markdown, DOCX, PDF or CSV",
            Action::Export,
        ))
        .clicked()
    {
        out.push(AppCommand::OpenExport);
    }
    instruments_menu_ui(ui, out);
    ui.separator();
    size_buttons_ui(ui, settings, out);
    ui.separator();
    classroom_buttons_ui(ui, lesson_panel_open, out);
    ui.separator();
    let theme_label = if settings.dark_mode {
        "Light theme"
    } else {
        "Dark theme"
    };
    if ui.button(theme_label).clicked() {
        out.push(AppCommand::Toggle(Toggle::DarkMode));
    }
    ui.separator();
    ui.menu_button("Help", |ui| {
        if ui
            .button("Keyboard shortcuts")
            .on_hover_text(hover(ui, "Every key of the window", Action::ShowShortcuts))
            .clicked()
        {
            out.push(AppCommand::OpenShortcuts);
            ui.close();
        }
    });
}

/// Instruments beside the treaties: import one, and the implementation table.
fn instruments_menu_ui(ui: &mut Ui, out: &mut Vec<AppCommand>) {
    ui.menu_button("Instruments", |ui| {
        if ui
            .button("Import instrument…")
            .on_hover_text(hover(
                ui,
                "A national law, a bill, a protocol or a language version (Markdown, text, DOCX, HTML, PDF)",
                Action::ImportInstrument,
            ))
            .clicked()
        {
            out.push(AppCommand::Instruments(InstrumentCommand::OpenImport));
            ui.close();
        }
        if ui
            .button("Implementation table…")
            .on_hover_text(hover(
                ui,
                "A treaty's obligations against an imported instrument: confirm, change or mark no counterpart",
                Action::ImplementationTable,
            ))
            .clicked()
        {
            out.push(AppCommand::Instruments(InstrumentCommand::OpenImplementation));
            ui.close();
        }
    });
}

/// The treaty text's size, and the whole window's zoom.
fn size_buttons_ui(ui: &mut Ui, settings: &Settings, out: &mut Vec<AppCommand>) {
    if ui
        .button("Smaller text")
        .on_hover_text("Smaller text in the panes")
        .clicked()
    {
        out.push(AppCommand::AdjustFontSize(-2.0));
    }
    // The size itself resets it, as the zoom percentage does the zoom.
    if ui
        .button(format!("{} pt", settings.font_size))
        .on_hover_text(format!("Text in the panes back to {DEFAULT_FONT_SIZE} pt"))
        .clicked()
    {
        out.push(AppCommand::ResetFontSize);
    }
    if ui
        .button("Larger text")
        .on_hover_text("Larger text in the panes")
        .clicked()
    {
        out.push(AppCommand::AdjustFontSize(2.0));
    }
    ui.separator();
    if ui
        .button("Zoom out")
        .on_hover_text(hover(ui, "The whole window smaller", Action::ZoomOut))
        .clicked()
    {
        out.push(AppCommand::Zoom(Zoom::Out));
    }
    if ui
        .button(percent(settings.zoom))
        .on_hover_text(hover(ui, "Zoom back to 100%", Action::ResetZoom))
        .clicked()
    {
        out.push(AppCommand::Zoom(Zoom::Reset));
    }
    if ui
        .button("Zoom in")
        .on_hover_text(hover(
            ui,
            "The whole window larger, bars and text together",
            Action::ZoomIn,
        ))
        .clicked()
    {
        out.push(AppCommand::Zoom(Zoom::In));
    }
}

/// The lesson panel and presentation mode.
fn classroom_buttons_ui(ui: &mut Ui, lesson_panel_open: bool, out: &mut Vec<AppCommand>) {
    if panel_button(
        ui,
        lesson_panel_open,
        ("Lesson", "Hide lesson"),
        "Build a lesson: a sequence of stops with notes and questions",
    ) {
        out.push(AppCommand::Lesson(LessonCommand::TogglePanel));
    }
    if ui
        .button("Present")
        .on_hover_text(hover(
            ui,
            "Full screen, one stop of the lesson (or one pair) at a time",
            Action::Present,
        ))
        .clicked()
    {
        out.push(AppCommand::Present(PresentCommand::Start));
    }
}

/// The button that shows or hides a side panel, named for what it does now; true when clicked.
fn panel_button(ui: &mut Ui, open: bool, (show, hide): (&str, &str), hover_text: &str) -> bool {
    ui.button(if open { hide } else { show })
        .on_hover_text(hover_text)
        .clicked()
}
