//! The session: the layers open at quit (their files, read-only state and visibility) reopen at start.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::annotations::Workspace;
use crate::document::DocumentId;

use super::app::CrosswalkApp;

/// A layer file that was open, as the settings remember it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionLayer {
    pub path: PathBuf,
    pub read_only: bool,
    pub visible: bool,
}

impl Default for SessionLayer {
    fn default() -> SessionLayer {
        SessionLayer {
            path: PathBuf::new(),
            read_only: false,
            visible: true,
        }
    }
}

/// The layers of the workspace that have a file, in order. Shipped layers and new layers never
/// saved have none (a changed layer without a file is asked about at quit).
pub fn session_of(workspace: &Workspace) -> Vec<SessionLayer> {
    workspace
        .layers
        .iter()
        .filter_map(|layer| {
            Some(SessionLayer {
                path: layer.path.clone()?,
                read_only: layer.read_only,
                visible: layer.visible,
            })
        })
        .collect()
}

impl CrosswalkApp {
    /// Remembers the open layer files in the settings (eframe stores them on quit and every 30 s).
    pub fn remember_session(&mut self) {
        self.settings.open_layers = session_of(&self.workspace);
    }

    /// Reopens the layer files of the last session; a file that cannot be read is named, not dropped
    /// from the settings until the next save.
    pub(super) fn restore_session(&mut self) {
        let library = &self.corpus.library;
        let mut problems = Vec::new();
        for layer in self.settings.open_layers.clone() {
            if self.layer_with_path(&layer.path).is_some() {
                continue;
            }
            match self.workspace.open(&layer.path, layer.read_only, library) {
                Ok(index) => self.workspace.set_visible(index, layer.visible),
                Err(error) => problems.push(format!("Not reopened: {error}")),
            }
        }
        if !problems.is_empty() {
            self.notes_message = problems.join("\n");
        }
    }

    /// The open layer whose file is `path`.
    pub(super) fn layer_with_path(&self, path: &std::path::Path) -> Option<DocumentId> {
        self.workspace
            .layers
            .iter()
            .find(|layer| layer.path.as_deref() == Some(path))
            .map(|layer| layer.id)
    }
}
