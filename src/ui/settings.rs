//! Settings that survive a restart (stored by eframe next to the window geometry).

use serde::{Deserialize, Serialize};

use crate::instrument::InstrumentKey;
use crate::model::{PerSide, Side};

pub const DEFAULT_FONT_SIZE: f32 = 16.0;
pub const MIN_FONT_SIZE: f32 = 10.0;
pub const MAX_FONT_SIZE: f32 = 40.0;
/// The key eframe stores the settings under.
pub const SETTINGS_KEY: &str = "crosswalk-settings";
/// The whole window's scale (chrome and text) at start: egui's zoom factor.
pub const DEFAULT_ZOOM: f32 = 1.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub dark_mode: bool,
    /// Body text size in points.
    pub font_size: f32,
    /// The whole window's scale, chrome and text together (Ctrl+Plus / Ctrl+Minus / Ctrl+0).
    pub zoom: f32,
    /// The side shown in the left pane.
    pub left: Side,
    /// The instrument each side shows, by prefix (the UN Convention and the Budapest Convention by
    /// default); one no longer loaded falls back to the default at start, with a message.
    pub sides: PerSide<InstrumentKey>,
    pub show_outline: bool,
    /// Show the counterpart of the selected provision with word-level differences.
    pub pair_view: bool,
    /// Treat equivalent terms as equal in the diff.
    pub terms: bool,
    /// Show the inline (merged) comparison below the panes.
    pub inline_view: bool,
    /// Scrolling one pane brings the other to the linked provision.
    pub sync_scroll: bool,
    /// Mark the words quoted as evidence for the pair on screen (a box around them).
    pub evidence_marks: bool,
    /// Name written into new annotations.
    pub author: String,
    pub show_annotations: bool,
    /// Show the Questions panel (the questions of a brief).
    pub show_questions: bool,
    /// Annotation files opened or saved recently, newest first.
    pub recent_files: Vec<std::path::PathBuf>,
    /// The layer files open at quit, reopened at start.
    pub open_layers: Vec<super::session::SessionLayer>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            dark_mode: false,
            font_size: DEFAULT_FONT_SIZE,
            zoom: DEFAULT_ZOOM,
            left: Side::Revision,
            sides: super::sides::default_sides(),
            show_outline: true,
            pair_view: true,
            terms: true,
            inline_view: false,
            sync_scroll: true,
            evidence_marks: true,
            author: String::new(),
            show_annotations: false,
            show_questions: false,
            recent_files: Vec::new(),
            open_layers: Vec::new(),
        }
    }
}

impl Settings {
    /// The name written into new notes and links ("Me" until the user gives one).
    pub fn author(&self) -> &str {
        match self.author.trim() {
            "" => "Me",
            name => name,
        }
    }

    /// The treaty in the right pane.
    pub fn right(&self) -> Side {
        self.left.other()
    }

    /// Puts a file first in the recent files.
    pub fn remember_recent(&mut self, path: std::path::PathBuf) {
        self.recent_files.retain(|known| *known != path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(8);
    }
}
