//! The window's documents as one list: the open layers and the open lesson, each named by its
//! [`DocumentId`]. The close and quit guard, the unsaved-changes prompt and the changed-on-disk prompt
//! ask this list, so that a lesson is kept as carefully as a layer (and the kinds coming next join it
//! here).

use std::path::PathBuf;

use crate::document::DocumentId;

use super::app::CrosswalkApp;

/// What kind of document it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Layer,
    Lesson,
}

/// One open document as the guards and prompts see it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenDocument {
    pub id: DocumentId,
    pub kind: DocumentKind,
    pub name: String,
    /// Where it is saved; none for a new document.
    pub path: Option<PathBuf>,
    /// It has changes not saved.
    pub unsaved: bool,
}

impl CrosswalkApp {
    /// Every open document: the layers in their order, then the lesson.
    pub fn documents(&self) -> Vec<OpenDocument> {
        let layers = self.workspace.layers.iter().map(|layer| OpenDocument {
            id: layer.id,
            kind: DocumentKind::Layer,
            name: layer.name().to_owned(),
            path: layer.path.clone(),
            unsaved: layer.dirty,
        });
        let lesson = self.lessons.doc.as_ref().map(|doc| OpenDocument {
            id: doc.id,
            kind: DocumentKind::Lesson,
            name: doc.name(),
            path: doc.path.clone(),
            unsaved: doc.dirty,
        });
        layers.chain(lesson).collect()
    }

    /// The open documents with changes that are not saved.
    pub fn unsaved_documents(&self) -> Vec<OpenDocument> {
        self.documents()
            .into_iter()
            .filter(|document| document.unsaved)
            .collect()
    }

    /// The open document `id`; none once it is closed.
    pub fn document(&self, id: DocumentId) -> Option<OpenDocument> {
        self.documents()
            .into_iter()
            .find(|document| document.id == id)
    }

    /// Saves a document to its own file; true when it was saved.
    pub(super) fn save_document(&mut self, id: DocumentId) -> bool {
        match self.document(id).map(|document| document.kind) {
            Some(DocumentKind::Layer) => self.save_layer(id, None),
            Some(DocumentKind::Lesson) => self.save_lesson(None),
            None => false,
        }
    }

    /// Asks where to save a document.
    pub(super) fn choose_file_for(&mut self, id: DocumentId) {
        match self.document(id).map(|document| document.kind) {
            Some(DocumentKind::Layer) => self.choose_file_to_save(id),
            Some(DocumentKind::Lesson) => self.choose_lesson_file_to_save(),
            None => {}
        }
    }

    /// Closes a document as it is, dropping its journals (the user chose to, or it was saved).
    pub(super) fn close_document(&mut self, id: DocumentId) {
        match self.document(id).map(|document| document.kind) {
            Some(DocumentKind::Layer) => self.workspace.close(id),
            Some(DocumentKind::Lesson) => self.close_lesson(),
            None => {}
        }
    }

    /// Drops the journals of every document (the user chose Discard when quitting).
    pub(super) fn discard_all_journals(&mut self) {
        self.workspace.discard_journals();
        if let Some(doc) = self.lessons.doc.as_mut() {
            doc.discard_journal();
        }
    }
}
