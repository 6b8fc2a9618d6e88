//! The egui shell: it reads the core (`model`, `links`, `annotations`, `search`) and draws it; no
//! treaty logic lives here.
//!
//! - [`app`]: the window's state and the order of one frame.
//! - [`command`]: [`AppCommand`], everything the window can be asked to do, and the one place that
//!   applies it; [`navigate`], [`edit`] and [`files`] carry the commands out.
//! - [`views`]: bars, panels and windows; each draws and returns commands.
//! - [`reader`]: the virtualised treaty pane; [`marks`] draws its marks from the glyph positions, and
//!   those of presentation mode and the inline view.
//!   [`shortcuts`]: the one table of keys. [`legal_links`]: the cross-references, defined terms and
//!   "Referred to by" lines the panes link; [`history`]: Back and Forward over every jump.
//! - [`task`]: slow work (file dialogs, exports) on a thread, polled each frame.
//! - [`instruments`]: Import instrument… and the implementation table (workers, library, decisions).
//! - [`typing`]: keystrokes that arrive with a click or a shortcut reach their field first.

mod app;
mod command;
pub mod documents;
mod edit;
mod files;
mod highlights;
mod history;
pub mod instruments;
pub(crate) mod layer_names;
mod layout;
pub mod legal_links;
pub mod lesson;
mod marks;
mod navigate;
mod pairs;
pub mod presentation;
mod reader;
mod replies;
mod safety;
pub mod scripts;
mod search;
mod session;
mod settings;
mod shortcuts;
pub mod sides;
mod task;
mod theme;
mod typing;
pub mod views;
pub mod zoom;

use std::sync::Arc;

pub use app::CrosswalkApp;
pub use command::{AppCommand, ReadingCommand, Toggle};
pub use legal_links::TextLink;
pub use marks::{Mark, MarkColors, MarkShape, MarkedJob, PlacedMark, RowRect, mark_rects};
pub use reader::{DrawnLink, Highlight, ReaderPane, RowKind};
pub use safety::watch_for_termination;
pub use session::SessionLayer;
pub use settings::{DEFAULT_FONT_SIZE, Settings};
pub use shortcuts::{Action, SHORTCUTS, Shortcut};
pub use theme::contrast_ratio;
pub use views::toolbar::SEARCH_BOX_LABEL;

/// How the window opens: what to select, search and show first. The command line fills it in; tests and
/// the screenshot script use it to put the window in a known state.
#[derive(Clone, Debug, Default)]
pub struct StartupOptions {
    /// Select and show this provision (an ID such as `uncc:art_24`).
    pub open: Option<String>,
    /// Start with this search.
    pub search: Option<String>,
    /// Annotation files to open as layers.
    pub annotation_files: Vec<std::path::PathBuf>,
    /// Show the annotations panel.
    pub show_annotations: bool,
    /// Show the safeguards matrix.
    pub matrix: bool,
    /// Show the inline comparison below the panes.
    pub inline: bool,
    /// Open this lesson file.
    pub lesson: Option<std::path::PathBuf>,
    /// Start in presentation mode (the lesson's stops, else the pairs).
    pub present: bool,
    /// The stop (1-based) to show first.
    pub stop: Option<usize>,
    /// Open the Questions panel on this question (an ID such as `q-dual-criminality`).
    pub question: Option<String>,
    /// The instrument (by prefix) the left pane shows, as if chosen there (`--left PREFIX`).
    pub left: Option<String>,
    /// The instrument (by prefix) the right pane shows, as if chosen there (`--right PREFIX`).
    pub right: Option<String>,
    /// Instrument files to load besides the shipped treaties and the user's instruments folder
    /// (`--instrument FILE`, repeatable).
    pub instruments: Vec<std::path::PathBuf>,
}

/// The window's application ID; also names the app's data folder ([`safety::data_dir`]).
pub const APP_ID: &str = crate::folders::APP_ID;

/// The window title (also what screenshot scripts look for).
pub const WINDOW_TITLE: &str = "Crosswalk — UN Convention against Cybercrime · Budapest Convention";

/// Why the window did not open.
#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    #[error("loading the embedded texts and crosswalk: {0}")]
    Corpus(#[from] crate::corpus::LoadError),
    #[error("could not open the window: {0}")]
    Window(String),
}

/// Opens the desktop window on the embedded texts.
pub fn run_native(startup: StartupOptions) -> Result<(), WindowError> {
    let (corpus, messages) =
        sides::corpus_with_instruments(crate::corpus::Corpus::embedded()?, &startup.instruments);
    let corpus = Arc::new(corpus);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id(APP_ID)
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        WINDOW_TITLE,
        options,
        Box::new(move |cc| {
            if let Err(error) = watch_for_termination(&cc.egui_ctx) {
                eprintln!("crosswalk: SIGTERM will stop the window without journaling: {error}");
            }
            let mut app = CrosswalkApp::from_creation_context(cc, corpus);
            app.report_loading(&messages);
            app.apply_startup(&startup);
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| WindowError::Window(error.to_string()))
}
