//! The egui shell: it reads the core (`model`, `search`) and draws it; no treaty logic lives here.

mod annotate;
mod app;
mod export_dialog;
mod outline;
mod pairs;
mod reader;
pub mod scripts;
mod theme;

use std::sync::Arc;

use anyhow::Context as _;

pub use app::{CrosswalkApp, DEFAULT_FONT_SIZE, SEARCH_BOX_LABEL, Settings};
pub use reader::ReaderPane;

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
}

/// The window title (also what screenshot scripts look for).
pub const WINDOW_TITLE: &str = "Crosswalk — UN Convention against Cybercrime · Budapest Convention";

/// Opens the desktop window on the embedded texts.
pub fn run_native(startup: StartupOptions) -> anyhow::Result<()> {
    let corpus = Arc::new(
        crate::corpus::Corpus::embedded().context("loading the embedded texts and crosswalk")?,
    );
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id("crosswalk")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        WINDOW_TITLE,
        options,
        Box::new(move |cc| {
            let mut app = CrosswalkApp::from_creation_context(cc, corpus);
            app.apply_startup(&startup);
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("could not open the window: {error}"))
}
