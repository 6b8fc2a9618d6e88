//! Where each part of the window goes in a frame: the bars at the top and bottom, the side panels,
//! the two panes in the middle and the windows over them; or, in presentation mode, the slide alone.
//! Each part is a view in `views` that returns commands; `CrosswalkApp::ui` sets the order.

use egui::Ui;

use super::app::CrosswalkApp;
use super::command::AppCommand;
use super::views::annotations_panel::PanelInput;
use super::views::lesson_panel::LessonPanelInput;
use super::views::pair_bar::{PairBarInput, pair_bar_ui};
use super::views::panes::{PanesInput, panes_ui};
use super::views::presentation::{PresentationInput, SLIDE_TEXT_SCALE, presentation_ui};
use super::views::questions_panel::QuestionsInput;
use super::views::selection_bar::{SelectionBarInput, selection_bar_ui};
use super::views::{inline_view, outline};

impl CrosswalkApp {
    pub(super) fn bars_ui(&mut self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        let library = &self.corpus.library;
        let lesson_panel_open = self.lessons.panel_open;
        egui::Panel::top("toolbar").show(ui, |ui| {
            self.views.toolbar.ui(
                ui,
                &self.settings,
                &self.search,
                lesson_panel_open,
                &self.history,
                out,
            )
        });
        let pair_bar = PairBarInput {
            settings: &self.settings,
            corpus: &self.corpus,
            pairs: &self.pairs,
            selected: self.selected,
            default_layer: self.workspace.first_editable(),
        };
        egui::Panel::top("pair_bar").show(ui, |ui| pair_bar_ui(ui, &pair_bar, out));
        let selected_id = self
            .selected
            .map(|(key, node)| &library.treaty(key).node(node).id);
        let selection_bar = SelectionBarInput {
            library,
            panes: &self.panes,
            selected: self.selected,
            status: &self.status,
            linking: self.views.link_bar.is_active(),
        };
        egui::Panel::bottom("selection_bar").show(ui, |ui| {
            self.views.link_bar.ui(ui, library, selected_id, out);
            selection_bar_ui(ui, &selection_bar, out);
        });
    }

    /// Presentation mode: the slide alone, full screen, in the high-contrast theme.
    pub(super) fn presentation_ui(&mut self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        let input = PresentationInput {
            slide: self.presentation.slide().map(|slide| &**slide),
            library: &self.corpus.library,
            palette: &self.themes.presentation,
            font_size: (self.settings.font_size * SLIDE_TEXT_SCALE).round(),
            inline: self.presentation.inline,
            lesson: self.lessons.lesson().is_some(),
            evidence_marks: self.settings.evidence_marks,
            revealed: self.presentation.revealed,
            compact: super::views::is_compact(ui.ctx()),
        };
        presentation_ui(ui, &input, out);
    }

    pub(super) fn panels_ui(&mut self, ui: &mut Ui, out: &mut Vec<AppCommand>) {
        if self.lessons.panel_open {
            let on_screen = self.stop_from_screen();
            let input = LessonPanelInput {
                library: &self.corpus.library,
                lessons: &self.lessons,
                on_screen: on_screen.as_ref(),
            };
            egui::Panel::right("lesson")
                .resizable(true)
                .default_size(320.0)
                .max_size(side_panel_max(ui))
                .show(ui, |ui| self.views.lesson.ui(ui, &input, out));
        }
        let library = &self.corpus.library;
        let palette = self.themes.for_dark_mode(ui.visuals().dark_mode).clone();
        let settings = &self.settings;
        if settings.pair_view && settings.inline_view {
            egui::Panel::bottom("inline_view")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| {
                    let input = inline_view::InlineInput {
                        corpus: &self.corpus,
                        pairs: &self.pairs,
                        terms: settings.terms,
                        font_size: settings.font_size,
                        palette: &palette,
                        selected: self.selected,
                    };
                    inline_view::inline_view_ui(ui, &input);
                });
        }
        if settings.show_annotations {
            // Looked for at the start of the frame, within its budget (`refresh`).
            let resolutions = self
                .workspace
                .resolutions_within(library, std::time::Duration::ZERO);
            let panel = PanelInput {
                library,
                workspace: &self.workspace,
                resolutions: &resolutions,
                links: &self.pairs.links,
                author: &settings.author,
                recent: &settings.recent_files,
                message: &self.notes_message,
                names: &super::layer_names::layer_labels(&self.workspace.layers),
            };
            egui::Panel::right("annotations")
                .resizable(true)
                .default_size(340.0)
                .max_size(side_panel_max(ui))
                .show(ui, |ui| self.views.annotations.ui(ui, &panel, out));
        }
        if settings.show_questions {
            let input = QuestionsInput {
                library,
                workspace: &self.workspace,
                message: &self.questions_message,
            };
            egui::Panel::right("questions")
                .resizable(true)
                .default_size(360.0)
                .max_size(side_panel_max(ui))
                .show(ui, |ui| self.views.questions.ui(ui, &input, out));
        }
        let order = [settings.left, settings.right()];
        if settings.show_outline {
            egui::Panel::left("outline")
                .resizable(true)
                .default_size(260.0)
                .max_size(side_panel_max(ui))
                .show(ui, |ui| {
                    outline::outline_panel_ui(ui, library, order, self.selected, out)
                });
        }
        let instruments = self.instrument_entries();
        let panes = PanesInput {
            library,
            instruments: &instruments,
            order,
            active: self.active,
            selected: self.selected,
            font_size: settings.font_size,
            palette: &palette,
        };
        egui::CentralPanel::default_margins()
            .show(ui, |ui| panes_ui(ui, &mut self.panes, &panes, out));
    }

    pub(super) fn windows_ui(&mut self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        let library = &self.corpus.library;
        let unsaved = self.unsaved_documents();
        let changed_on_disk = (self.views.disk.open.as_ref())
            .and_then(|(id, _)| self.document(*id))
            .map_or_else(String::new, |document| document.name);
        let views = &mut self.views;
        views.about.ui(ctx, library);
        views.annotate.ui(ctx, library, &self.workspace, out);
        views.link_editor.ui(ctx, library, out);
        views.matrix.ui(ctx, library, &self.workspace, out);
        views.unsaved.ui(ctx, &unsaved, out);
        views.disk.ui(ctx, &changed_on_disk, out);
        views.recovery.ui(ctx, out);
        if self.views.export.open {
            let export = self.export_context();
            self.views.export.ui(ctx, &export, out);
        }
        self.views.shortcuts.ui(ctx);
        self.views.search_results.ui(ctx, &self.search, out);
        self.instrument_windows_ui(ctx, out);
        self.views.path_prompt.ui(ctx, out);
        let default = self.selected.map_or(self.active, |(key, _)| key);
        self.views.go_to.ui(ctx, &self.corpus.library, default, out);
    }
}

/// The widest a side panel may be: a share of what is left, so that the two texts always keep most of
/// the window, also at a large zoom with the outline and two panels open.
fn side_panel_max(ui: &Ui) -> f32 {
    (ui.available_width() * 0.3).max(60.0)
}
