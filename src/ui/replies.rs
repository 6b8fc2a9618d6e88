//! Replies in the window: a reply goes into the note's own layer when it can be edited, else into the
//! user's layer, pointing at the note (a student answering a teacher's read-only note). The workspace
//! builds and records it, with undo.

use super::app::CrosswalkApp;
use crate::document::DocumentId;

impl CrosswalkApp {
    /// The layer a reply to a note of `layer` is kept in: that layer if it can be edited, else the
    /// first editable layer (made if there is none).
    pub fn reply_layer(&self, layer: DocumentId) -> Option<DocumentId> {
        match self.workspace.layer(layer) {
            Some(owner) if owner.is_editable() => Some(layer),
            _ => self.workspace.first_editable(),
        }
    }

    /// Replies to note `id` of layer `layer` as the user named in the settings.
    /// The reply goes where [`Self::reply_layer`] says, else into the user's layer, made only when the
    /// reply is written.
    pub(super) fn reply(&mut self, layer: DocumentId, id: &str, note: &str) {
        let chosen = self.reply_layer(layer);
        self.in_layer(chosen, |app, into| app.reply_into(layer, id, into, note));
    }

    fn reply_into(&mut self, layer: DocumentId, id: &str, into: DocumentId, note: &str) {
        let author = self.settings.author().to_owned();
        let about = self
            .workspace
            .layer(layer)
            .and_then(|l| l.file.annotations.iter().find(|a| a.id == id))
            .map_or_else(
                || "the note".to_owned(),
                |note| super::views::note_name(&self.corpus.library, note),
            );
        let result = self.workspace.reply(layer, id, into, note, &author);
        let kept_in = self
            .workspace
            .layer(into)
            .map_or_else(String::new, |l| l.name().to_owned());
        self.notes_message = match result {
            Ok(()) if into == layer => format!("Replied to {about}."),
            Ok(()) => format!("Replied to {about}; the reply is kept in “{kept_in}”."),
            Err(error) => format!("Not replied: {error}"),
        };
    }
}
