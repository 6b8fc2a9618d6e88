//! The open layers and their edits, with undo and redo.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use thiserror::Error;

use super::anchor::{Anchor, Resolution, resolve};
use super::file::{
    Annotation, AnnotationError, AnnotationFile, LinkAnnotation, LinkRelation, LoadedFile, Reply,
    ReplyTo, now_rfc3339,
};
use super::fsio::{ChangedOnDisk, DiskChange, DiskState};
use super::journal::{self, Journal, JournalError, Recovered};
use super::layer_edit::{LayerEdit, ListItem, Slot};
use super::merge::{self, Conflict};
use super::question::Question;
pub use crate::document::ReadOnlyReason;
use crate::document::{DocumentId, History, InverseEdit, Step};
use crate::model::{Library, ProvisionId};

/// Where every annotation of a list of layers sits in the current texts, as the one anchor resolver
/// finds it: per layer (by its ID), each annotation's in file order. The reader's highlights, the
/// panel and the exports read the same resolutions; the workspace computes them once per revision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolutions {
    per_layer: Vec<(DocumentId, Vec<Resolution>)>,
    /// How many are [`Resolution::Searching`] (only from [`Workspace::resolutions_within`]).
    searching: usize,
}

impl Resolutions {
    pub fn of_layers<'a>(
        layers: impl IntoIterator<Item = &'a Layer>,
        library: &Library,
    ) -> Resolutions {
        Resolutions {
            per_layer: layers
                .into_iter()
                .map(|layer| {
                    let resolved = layer
                        .file
                        .annotations
                        .iter()
                        .map(|annotation| resolve(&annotation.anchor, library))
                        .collect();
                    (layer.id, resolved)
                })
                .collect(),
            searching: 0,
        }
    }

    /// How many anchors are still to be looked for; 0 when every resolution is final.
    pub fn searching(&self) -> usize {
        self.searching
    }

    /// The resolution of annotation `annotation` (file order) of layer `layer`.
    pub fn get(&self, layer: DocumentId, annotation: usize) -> Option<&Resolution> {
        self.layer(layer).get(annotation)
    }

    /// All resolutions of one layer, in file order.
    pub fn layer(&self, layer: DocumentId) -> &[Resolution] {
        self.per_layer
            .iter()
            .find(|(id, _)| *id == layer)
            .map_or(&[], |(_, resolved)| resolved.as_slice())
    }
}

/// An open annotation file.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Names the layer while it is open: commands, dialogs, drafts and links hold this, never its
    /// position among the layers.
    pub id: DocumentId,
    pub file: AnnotationFile,
    /// Where it is saved; None for a new layer not saved yet, or a layer shipped with the app.
    pub path: Option<PathBuf>,
    pub visible: bool,
    /// Shipped layers and layers opened read-only (a teacher's set) cannot be edited.
    pub read_only: bool,
    /// Why the layer is read-only, when the reason is more than `read_only` was asked for.
    pub read_only_reason: Option<ReadOnlyReason>,
    /// Changed since the last save.
    pub dirty: bool,
    /// The file on disk as it was last read or written here; a save checks it first.
    pub disk: Option<DiskState>,
    /// The layer as last read or written: the common base when merging with a changed file.
    pub saved: Option<Arc<AnnotationFile>>,
    /// Where this layer's unsaved edits are journaled (set by [`Workspace::write_journals`]).
    pub journal: Option<PathBuf>,
    /// Journals of other windows restored into this layer: their edits are in it now, and they go
    /// when its own journal goes (a save, a close).
    pub absorbed_journals: Vec<PathBuf>,
}

impl Layer {
    /// Whether the layer ships with the app (Safeguards, the published commentary).
    pub fn is_shipped(&self) -> bool {
        self.read_only_reason == Some(ReadOnlyReason::Shipped)
    }

    pub fn new(name: &str) -> Layer {
        Layer {
            id: DocumentId::fresh(),
            file: AnnotationFile {
                name: name.to_owned(),
                ..AnnotationFile::default()
            },
            path: None,
            visible: true,
            read_only: false,
            read_only_reason: None,
            dirty: false,
            disk: None,
            saved: None,
            journal: None,
            absorbed_journals: Vec::new(),
        }
    }

    /// Removes the layer's journals: its edits were saved, or the user chose to discard them. One that
    /// cannot be removed is offered again at the next start, which loses nothing.
    fn discard_journals(&mut self) {
        for journal in self
            .journal
            .take()
            .into_iter()
            .chain(self.absorbed_journals.drain(..))
        {
            let _ = journal::discard(&journal);
        }
    }

    pub fn name(&self) -> &str {
        if self.file.name.is_empty() {
            self.path
                .as_deref()
                .and_then(Path::file_stem)
                .and_then(|s| s.to_str())
                .unwrap_or("Untitled")
        } else {
            &self.file.name
        }
    }

    /// Why the layer cannot be edited, if it cannot.
    pub fn why_read_only(&self) -> Option<ReadOnlyReason> {
        self.read_only_reason
            .clone()
            .or_else(|| self.read_only.then_some(ReadOnlyReason::Requested))
    }

    /// Whether the layer may be edited: the one answer every view and edit asks (`read_only` alone
    /// misses a reason that came from the file).
    pub fn is_editable(&self) -> bool {
        !self.read_only && self.read_only_reason.is_none()
    }
}

/// Why an edit was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    #[error("the layer “{0}” is read-only")]
    ReadOnly(String),
    #[error("that layer was closed meanwhile ({0}); nothing was changed")]
    NoLayer(DocumentId),
    #[error("no annotation {0}")]
    NoAnnotation(String),
    #[error("{0} has no anchor that moved: nothing to accept")]
    NotReanchored(String),
    #[error("no link {0}")]
    NoLink(String),
    #[error("no question {0}")]
    NoQuestion(String),
    #[error("select a provision first")]
    NothingSelected,
    #[error("select words in a provision first (drag across them)")]
    NoWordsSelected,
    #[error("unknown provision {0}")]
    UnknownProvision(String),
    #[error("the quote is not in the text of {0}")]
    QuoteNotFound(ProvisionId),
    #[error("a link needs two different provisions")]
    LinkToItself,
    #[error("the reply is empty")]
    EmptyReply,
    #[error("a layer needs a name")]
    EmptyName,
}

/// A reply in a note's thread and the layer it is kept in: the note's own layer, or another layer
/// (a student's answer to a teacher's read-only note).
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadReply {
    pub reply: Reply,
    /// The layer whose file holds the reply.
    pub stored_in: DocumentId,
}

/// A note as the user describes it; the workspace builds the annotation (anchor, ID, times) from it.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteDraft {
    pub provision: ProvisionId,
    /// Exact words of the provision; empty annotates the whole provision.
    pub quote: String,
    /// Where the quote was selected (byte offset in the provision text), so a phrase that occurs more
    /// than once is anchored where the user selected it rather than at its first occurrence.
    pub quote_at: Option<usize>,
    pub note: String,
    pub tags: Vec<String>,
    /// "#rrggbb"
    pub color: Option<String>,
}

/// A link as the user describes it; `ends[0]` is the subject of the relation ("`ends[0]` is a
/// safeguard for `ends[1]`").
#[derive(Clone, Debug, PartialEq)]
pub struct LinkDraft {
    pub ends: Vec<ProvisionId>,
    pub relation: LinkRelation,
    pub note: String,
    pub tags: Vec<String>,
}

/// A change to an existing link: its relation, note and tags, and whether its direction is reversed
/// (the last end becomes the subject).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkChange {
    pub relation: LinkRelation,
    pub note: String,
    pub tags: Vec<String>,
    pub reverse: bool,
}

/// All open layers with an undo history of every edit.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// The open layers, in the order the window lists them. A layer is named by its [`Layer::id`];
    /// its position here changes when another layer closes.
    pub layers: Vec<Layer>,
    /// Every edit's inverse, bounded by memory (see [`crate::document::UNDO_MEMORY_BUDGET`]).
    history: History<LayerEdit>,
    counter: u64,
    /// Bumped by every change that affects what is shown, so views can cache.
    revision: u64,
    /// The anchor resolutions of `layers` and the revision they were computed at.
    resolved: Option<(u64, Arc<Resolutions>)>,
    /// Runtime cache, never saved: the texts do not change while the program runs, so an anchor is
    /// found at the same place until it is edited. After an edit only new anchors are looked for.
    /// Holds the anchors of the open layers only.
    anchor_memo: FxHashMap<Anchor, Resolution>,
    /// The library the memo was filled from (its address): another library empties it.
    memo_library: usize,
    /// Names this window's journals apart from other windows'.
    window: journal::WindowKey,
}

/// The same file, however it was named (relative, through a link).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Duplicate IDs of a file, each with its own place: `file:line:col: duplicate ID x`.
fn duplicate_ids(loaded: &LoadedFile, name: &str) -> Vec<String> {
    super::file::check_structure(&loaded.file, &loaded.text)
        .into_iter()
        .filter(|m| m.is_error && m.message.starts_with("duplicate ID"))
        .map(|m| format!("{name}:{}:{}: {}", m.line, m.col, m.message))
        .collect()
}

impl Workspace {
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The library gained an instrument (or one was replaced): anchors are looked for again, since a
    /// note on a provision that was not loaded may now be found.
    pub fn library_changed(&mut self) {
        self.anchor_memo.clear();
        self.resolved = None;
        self.revision += 1;
    }

    /// Every annotation's resolution (see [`Resolutions`]), computed once per revision; anchors
    /// unchanged since the last revision are not looked for again.
    pub fn resolutions(&mut self, library: &Library) -> Arc<Resolutions> {
        self.resolve_anchors(library, None)
    }

    /// The same, for the window: anchors not yet looked for are looked for until `budget` has
    /// passed, and the rest are [`Resolution::Searching`] until a later call (the caller asks for
    /// another frame while [`Resolutions::searching`] is not 0). A file of 10,000 quotes that are
    /// no longer in the text never holds up one frame for long. One fuzzy search does about a
    /// millisecond of work at most (see [`super::fuzzy::WORK_BUDGET`]), so the budget is kept to
    /// within that.
    pub fn resolutions_within(&mut self, library: &Library, budget: Duration) -> Arc<Resolutions> {
        self.resolve_anchors(library, Some(Instant::now() + budget))
    }

    fn resolve_anchors(
        &mut self,
        library: &Library,
        deadline: Option<Instant>,
    ) -> Arc<Resolutions> {
        if let Some((revision, resolutions)) = &self.resolved {
            let out_of_time = deadline.is_some_and(|deadline| Instant::now() >= deadline);
            if *revision == self.revision && (resolutions.searching == 0 || out_of_time) {
                return Arc::clone(resolutions);
            }
        }
        let library_id = std::ptr::from_ref(library) as usize;
        if self.memo_library != library_id {
            self.anchor_memo.clear();
            self.memo_library = library_id;
        }
        let mut known = std::mem::take(&mut self.anchor_memo);
        let mut memo = FxHashMap::default();
        let mut searching = 0;
        let per_layer = self
            .layers
            .iter()
            .map(|layer| {
                let anchors = layer.file.annotations.iter().map(|a| &a.anchor);
                let resolved = anchors
                    .map(|anchor| {
                        if let Some(found) = memo.get(anchor) {
                            return Clone::clone(found);
                        }
                        let found = match known.remove(anchor) {
                            Some(found) => found,
                            None if deadline.is_some_and(|d| Instant::now() >= d) => {
                                searching += 1;
                                return Resolution::Searching;
                            }
                            None => resolve(anchor, library),
                        };
                        memo.insert(anchor.clone(), found.clone());
                        found
                    })
                    .collect();
                (layer.id, resolved)
            })
            .collect();
        self.anchor_memo = memo;
        let resolutions = Arc::new(Resolutions {
            per_layer,
            searching,
        });
        self.resolved = Some((self.revision, Arc::clone(&resolutions)));
        resolutions
    }

    /// Where layer `layer` is among [`layers`](Self::layers) now; None once it is closed.
    pub fn position(&self, layer: DocumentId) -> Option<usize> {
        self.layers.iter().position(|entry| entry.id == layer)
    }

    /// The open layer `layer`; None once it is closed.
    pub fn layer(&self, layer: DocumentId) -> Option<&Layer> {
        self.layers.iter().find(|entry| entry.id == layer)
    }

    pub fn layer_mut(&mut self, layer: DocumentId) -> Option<&mut Layer> {
        self.layers.iter_mut().find(|entry| entry.id == layer)
    }

    pub fn set_visible(&mut self, layer: DocumentId, visible: bool) {
        if let Some(entry) = self.layer_mut(layer) {
            entry.visible = visible;
            self.revision += 1;
        }
    }

    /// Adds an open layer and returns its ID. A layer whose ID is already open (a clone) gets a
    /// fresh one, so that no two open layers share an ID.
    pub fn add_layer(&mut self, mut layer: Layer) -> DocumentId {
        if self.position(layer.id).is_some() {
            layer.id = DocumentId::fresh();
        }
        let id = layer.id;
        self.revision += 1;
        self.layers.push(layer);
        id
    }

    /// The open layer saved at `path` (the same file however it is named), if any.
    pub fn find(&self, path: &Path) -> Option<DocumentId> {
        self.layers
            .iter()
            .find(|layer| {
                layer
                    .path
                    .as_deref()
                    .is_some_and(|own| same_file(own, path))
            })
            .map(|layer| layer.id)
    }

    /// Opens a file as a layer, or returns the layer that already has it open (one file, one layer).
    ///
    /// A file that fails to load is not opened and never written. The file keeps the user's words:
    /// anchors are resolved where they are shown, not rewritten. A file with unknown fields, comments
    /// or duplicate IDs opens read-only with its [`ReadOnlyReason`]. Annotations and links without an
    /// ID get one (and an editable layer is then marked changed). `library` is not needed any more
    /// (nothing is re-anchored at opening) and kept for callers.
    pub fn open(
        &mut self,
        path: &Path,
        read_only: bool,
        _library: &Library,
    ) -> Result<DocumentId, AnnotationError> {
        if let Some(existing) = self.find(path) {
            return Ok(existing);
        }
        let loaded = AnnotationFile::read(path)?;
        let name = path.display().to_string();
        let reason = Self::reason_for(&loaded, &name);
        let mut layer = Layer {
            // Kept in step with the reason, so that views showing `read_only` offer no edits.
            read_only: read_only || reason.is_some(),
            read_only_reason: reason,
            disk: Some(loaded.disk.clone()),
            saved: Some(Arc::new(loaded.file.clone())),
            path: Some(path.to_owned()),
            ..Layer::new("")
        };
        layer.file = loaded.file;
        let assigned = self.assign_missing_ids(&mut layer.file);
        layer.dirty = assigned > 0 && layer.is_editable();
        Ok(self.add_layer(layer))
    }

    fn reason_for(loaded: &LoadedFile, name: &str) -> Option<ReadOnlyReason> {
        if !loaded.unknown_fields.is_empty() {
            return Some(ReadOnlyReason::UnknownFields(
                loaded
                    .unknown_fields
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            ));
        }
        let duplicates = duplicate_ids(loaded, name);
        if !duplicates.is_empty() {
            return Some(ReadOnlyReason::DuplicateIds(duplicates));
        }
        ReadOnlyReason::for_comments(&loaded.comments)
    }

    /// Gives every annotation, link and question without an ID a fresh one; returns how many.
    fn assign_missing_ids(&mut self, file: &mut AnnotationFile) -> usize {
        let mut assigned = 0;
        for index in 0..file.annotations.len() {
            if file.annotations[index].id.is_empty() {
                file.annotations[index].id = self.new_id("a");
                assigned += 1;
            }
        }
        for index in 0..file.links.len() {
            if file.links[index].id.is_empty() {
                file.links[index].id = self.new_id("l");
                assigned += 1;
            }
        }
        for index in 0..file.questions.len() {
            if file.questions[index].id.is_empty() {
                file.questions[index].id = self.new_id("q");
                assigned += 1;
            }
        }
        assigned
    }

    fn open_layer(&mut self, layer: DocumentId) -> Result<&mut Layer, AnnotationError> {
        self.layer_mut(layer).ok_or(AnnotationError::Closed(layer))
    }

    /// Saves a layer to its path, or to `path` ("Save as", which then becomes its path).
    ///
    /// Saving to its own file refuses a read-only layer ([`AnnotationError::ReadOnly`]) and a file that
    /// changed on disk since it was read or written here ([`AnnotationError::ChangedOnDisk`]: the
    /// window offers [`reload`](Self::reload), [`merge_from_disk`](Self::merge_from_disk) or Save as).
    /// A file removed meanwhile is written again. "Save as" writes a new file of the app's own, so
    /// reasons that came from the old file's text no longer hold. A successful save removes the journal.
    pub fn save(
        &mut self,
        layer: DocumentId,
        path: Option<&Path>,
    ) -> Result<PathBuf, AnnotationError> {
        let entry = self.open_layer(layer)?;
        let own = entry.path.clone();
        let target = match (path, &own) {
            (Some(path), _) => path.to_owned(),
            (None, Some(path)) => path.clone(),
            (None, None) => {
                return Err(AnnotationError::Io {
                    file: entry.name().to_owned(),
                    cause: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "the layer has no file yet: use Save As",
                    ),
                });
            }
        };
        let to_own_file = own.as_deref().is_some_and(|own| same_file(own, &target));
        if to_own_file {
            if let Some(reason) = entry.why_read_only() {
                return Err(AnnotationError::ReadOnly {
                    file: target.display().to_string(),
                    reason: reason.to_string(),
                });
            }
            if let Some(disk) = &entry.disk {
                match disk.check_unchanged(&target) {
                    Ok(()) => {}
                    Err(ChangedOnDisk {
                        change: DiskChange::Removed,
                        ..
                    }) => {}
                    Err(changed) => return Err(changed.into()),
                }
            }
        }
        let state = entry.file.save_with_state(&target)?;
        entry.disk = Some(state);
        entry.saved = Some(Arc::new(entry.file.clone()));
        entry.path = Some(target.clone());
        entry.dirty = false;
        if !to_own_file
            && entry
                .read_only_reason
                .as_ref()
                .is_some_and(ReadOnlyReason::comes_from_file)
        {
            entry.read_only_reason = None;
            entry.read_only = false;
        }
        entry.discard_journals();
        self.revision += 1;
        Ok(target)
    }

    /// "Save a copy": writes the layer to another file and leaves the layer as it is (its file, its
    /// read-only reason, its unsaved state). Refuses the layer's own file.
    pub fn save_copy(&self, layer: DocumentId, path: &Path) -> Result<(), AnnotationError> {
        let entry = self.layer(layer).ok_or(AnnotationError::Closed(layer))?;
        if entry
            .path
            .as_deref()
            .is_some_and(|own| same_file(own, path))
        {
            return Err(AnnotationError::ReadOnly {
                file: path.display().to_string(),
                reason: "a copy must go to another file".to_owned(),
            });
        }
        entry.file.save(path)
    }

    /// Saves every changed layer that has a file and may be written (autosave and quit); returns the
    /// failures. A layer whose file changed on disk is not written ([`AnnotationError::ChangedOnDisk`]).
    pub fn save_dirty(&mut self) -> Vec<AnnotationError> {
        let dirty: Vec<DocumentId> = self
            .layers
            .iter()
            .filter(|layer| layer.dirty && layer.is_editable() && layer.path.is_some())
            .map(|layer| layer.id)
            .collect();
        dirty
            .into_iter()
            .filter_map(|layer| self.save(layer, None).err())
            .collect()
    }

    /// Layers with changes that have no file to go to (the quit prompt asks about these).
    pub fn unsaved_without_file(&self) -> Vec<DocumentId> {
        self.layers
            .iter()
            .filter(|layer| layer.dirty && layer.path.is_none())
            .map(|layer| layer.id)
            .collect()
    }

    /// Whether closing this layer now would lose edits (it has changes not saved, including after a
    /// failed save): the window asks Save / Save as… / Discard / Cancel before [`close`](Self::close).
    pub fn close_would_lose_edits(&self, layer: DocumentId) -> bool {
        self.layer(layer).is_some_and(|entry| entry.dirty)
    }

    /// The layers whose edits quitting now would lose (the quit prompt lists them). Call after
    /// [`save_dirty`](Self::save_dirty): what it could not save stays listed here.
    pub fn unsaved_layers(&self) -> Vec<DocumentId> {
        self.layers
            .iter()
            .filter(|layer| layer.dirty)
            .map(|layer| layer.id)
            .collect()
    }

    /// Re-reads a layer's file from disk, replacing its content ("Reload" after a change on disk).
    /// It is an edit like any other: Undo brings back what was replaced.
    pub fn reload(&mut self, layer: DocumentId) -> Result<(), AnnotationError> {
        let entry = self.open_layer(layer)?;
        let path = entry.path.clone().ok_or_else(|| no_file(entry))?;
        let loaded = AnnotationFile::read(&path)?;
        let reason = Self::reason_for(&loaded, &path.display().to_string());
        let mut file = loaded.file.clone();
        self.assign_missing_ids(&mut file);
        let entry = self.open_layer(layer)?;
        let before = std::mem::replace(&mut entry.file, file);
        entry.disk = Some(loaded.disk);
        entry.saved = Some(Arc::new(loaded.file));
        let had_file_reason = entry
            .read_only_reason
            .as_ref()
            .is_some_and(ReadOnlyReason::comes_from_file);
        entry.read_only = reason.is_some() || (entry.read_only && !had_file_reason);
        entry.read_only_reason = reason;
        entry.dirty = false;
        if before != entry.file {
            self.history
                .record(layer, LayerEdit::Whole(Box::new(before)));
        }
        self.revision += 1;
        Ok(())
    }

    /// Merges the file as it is now on disk into the layer ("Merge" after a change on disk), with the
    /// layer as last read or written as the common base (see [`merge::merge`]). The result replaces the
    /// layer's content as an undoable edit and is not saved yet; its conflicts are returned (each kept
    /// as ours, theirs recorded beside it). The next save writes over the file that was merged in.
    pub fn merge_from_disk(&mut self, layer: DocumentId) -> Result<Vec<Conflict>, AnnotationError> {
        let entry = self.open_layer(layer)?;
        let path = entry.path.clone().ok_or_else(|| no_file(entry))?;
        let theirs = AnnotationFile::read(&path)?;
        let base = entry.saved.as_deref().cloned().unwrap_or_default();
        let merged = merge::merge(&base, &entry.file, &theirs.file);
        let before = std::mem::replace(&mut entry.file, merged.file);
        entry.disk = Some(theirs.disk);
        entry.saved = Some(Arc::new(theirs.file));
        entry.dirty = true;
        self.history
            .record(layer, LayerEdit::Whole(Box::new(before)));
        self.revision += 1;
        Ok(merged.conflicts)
    }

    fn editable(&mut self, layer: DocumentId) -> Result<&mut Layer, EditError> {
        let entry = self.layer_mut(layer).ok_or(EditError::NoLayer(layer))?;
        if !entry.is_editable() {
            return Err(EditError::ReadOnly(entry.name().to_owned()));
        }
        Ok(entry)
    }

    /// The one way a layer's file changes: `make` looks at the file and says what to change, as a
    /// [`LayerEdit`]; it is carried out and its inverse kept for undo (only what changed, never a copy
    /// of the file).
    fn edit(
        &mut self,
        layer: DocumentId,
        make: impl FnOnce(&AnnotationFile) -> Result<LayerEdit, EditError>,
    ) -> Result<(), EditError> {
        let entry = self.editable(layer)?;
        let inverse = make(&entry.file)?.apply(&mut entry.file)?;
        entry.dirty = true;
        self.history.record(layer, inverse);
        self.revision += 1;
        Ok(())
    }

    /// Changes item `id` of one of the file's lists (an updated copy replaces it).
    fn edit_item<T: ListItem>(
        &mut self,
        layer: DocumentId,
        id: &str,
        change: impl FnOnce(&mut T) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let items = T::list(file);
            let at = items
                .iter()
                .position(|item| item.id() == id)
                .ok_or_else(|| T::missing(id))?;
            let mut item = items[at].clone();
            change(&mut item)?;
            Ok(T::edit(Slot::Replace(at, item)))
        })
    }

    /// Removes item `id` (only it: an item of another kind with the same ID stays).
    fn remove_item<T: ListItem>(&mut self, layer: DocumentId, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let at = T::list(file)
                .iter()
                .position(|item| item.id() == id)
                .ok_or_else(|| T::missing(id))?;
            Ok(T::edit(Slot::Remove(at)))
        })
    }

    /// How much memory the undo history holds, about (see [`crate::document::History`]).
    pub fn undo_memory_estimate(&self) -> usize {
        self.history.memory_estimate()
    }

    /// Renames a layer (the `name` its file keeps, which replies and exports cite), with undo.
    pub fn rename(&mut self, layer: DocumentId, name: &str) -> Result<(), EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::EmptyName);
        }
        self.edit(layer, |_| Ok(LayerEdit::Name(name.to_owned())))
    }

    /// A fresh annotation ID: time-based, so IDs from two people's files rarely collide.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("{prefix}-{nanos:x}-{}", self.counter)
    }

    pub fn add_annotation(
        &mut self,
        layer: DocumentId,
        annotation: Annotation,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            Ok(LayerEdit::Annotation(Slot::Insert(
                file.annotations.len(),
                annotation,
            )))
        })
    }

    pub fn update_annotation(
        &mut self,
        layer: DocumentId,
        id: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<(), EditError> {
        self.edit_item::<Annotation>(layer, id, |annotation| {
            change(annotation);
            annotation.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Deletes the annotation `id` (only it: a link with the same ID stays).
    pub fn delete_annotation(&mut self, layer: DocumentId, id: &str) -> Result<(), EditError> {
        self.remove_item::<Annotation>(layer, id)
    }

    /// Deletes exactly the annotation at `index` (file order).
    pub fn delete_annotation_at(
        &mut self,
        layer: DocumentId,
        index: usize,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if index >= file.annotations.len() {
                return Err(EditError::NoAnnotation(format!("#{index}")));
            }
            Ok(LayerEdit::Annotation(Slot::Remove(index)))
        })
    }

    /// Deletes exactly the link at `index` (file order).
    pub fn delete_link_at(&mut self, layer: DocumentId, index: usize) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if index >= file.links.len() {
                return Err(EditError::NoLink(format!("#{index}")));
            }
            Ok(LayerEdit::Link(Slot::Remove(index)))
        })
    }

    /// Adds a question at the end of the layer's brief outline.
    pub fn add_question(&mut self, layer: DocumentId, question: Question) -> Result<(), EditError> {
        self.edit(layer, |file| {
            Ok(LayerEdit::Question(Slot::Insert(
                file.questions.len(),
                question,
            )))
        })
    }

    /// Changes question `id` (one undoable edit); `updated` is set.
    pub fn update_question(
        &mut self,
        layer: DocumentId,
        id: &str,
        change: impl FnOnce(&mut Question),
    ) -> Result<(), EditError> {
        self.edit_item::<Question>(layer, id, |question| {
            change(question);
            question.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Deletes question `id`.
    pub fn delete_question(&mut self, layer: DocumentId, id: &str) -> Result<(), EditError> {
        self.remove_item::<Question>(layer, id)
    }

    /// The questions of the visible layers, in layer then file order: (layer, question).
    pub fn visible_questions(&self) -> Vec<(DocumentId, &Question)> {
        self.layers
            .iter()
            .filter(|layer| layer.visible)
            .flat_map(|layer| layer.file.questions.iter().map(move |q| (layer.id, q)))
            .collect()
    }

    pub fn add_link(&mut self, layer: DocumentId, link: LinkAnnotation) -> Result<(), EditError> {
        self.edit(layer, |file| {
            Ok(LayerEdit::Link(Slot::Insert(file.links.len(), link)))
        })
    }

    /// "Accept" for a re-anchored quote: the anchors of annotation or link `id` that were found at
    /// another place or as a changed quote take that place and its words (an undoable edit). Until
    /// then the file keeps the user's quote.
    pub fn accept_reanchor(
        &mut self,
        layer: DocumentId,
        id: &str,
        library: &Library,
    ) -> Result<(), EditError> {
        let accept = |anchors: Vec<&mut Anchor>| {
            let mut moved = 0;
            for anchor in anchors {
                let Some(provision) = library.get(&anchor.provision) else {
                    continue;
                };
                if let Resolution::Moved(range) | Resolution::Fuzzy(range, _) =
                    resolve(anchor, library)
                {
                    *anchor = Anchor::quote(&anchor.provision, &provision.text, range);
                    moved += 1;
                }
            }
            if moved == 0 {
                return Err(EditError::NotReanchored(id.to_owned()));
            }
            Ok(())
        };
        self.change_anchors(layer, id, accept)
    }

    /// Changes the anchors of annotation `id`, or else of link `id` (one undoable edit).
    fn change_anchors(
        &mut self,
        layer: DocumentId,
        id: &str,
        change: impl FnOnce(Vec<&mut Anchor>) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if let Some(at) = file.annotations.iter().position(|a| a.id == id) {
                let mut annotation = file.annotations[at].clone();
                change(vec![&mut annotation.anchor])?;
                return Ok(LayerEdit::Annotation(Slot::Replace(at, annotation)));
            }
            let at = file
                .links
                .iter()
                .position(|l| l.id == id)
                .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
            let mut link = file.links[at].clone();
            change(link.ends.iter_mut().collect())?;
            Ok(LayerEdit::Link(Slot::Replace(at, link)))
        })
    }

    /// "Keep as orphan" for a re-anchored quote: the annotation's (or link's) anchors keep their words
    /// and are no longer looked for in the text (an undoable edit; see [`Anchor::orphan`]).
    pub fn keep_as_orphan(&mut self, layer: DocumentId, id: &str) -> Result<(), EditError> {
        self.change_anchors(layer, id, |anchors| {
            for anchor in anchors {
                anchor.orphan = true;
            }
            Ok(())
        })
    }

    /// Copies an annotation (or link) into another layer under a new ID.
    pub fn copy_to(&mut self, from: DocumentId, id: &str, to: DocumentId) -> Result<(), EditError> {
        let source = self.layer(from).ok_or(EditError::NoLayer(from))?;
        let annotation = source.file.annotations.iter().find(|a| a.id == id).cloned();
        let link = source.file.links.iter().find(|l| l.id == id).cloned();
        let new_id = self.new_id("copy");
        match (annotation, link) {
            (Some(mut annotation), _) => {
                annotation.id = new_id;
                self.add_annotation(to, annotation)
            }
            (None, Some(mut link)) => {
                link.id = new_id;
                self.add_link(to, link)
            }
            (None, None) => Err(EditError::NoAnnotation(id.to_owned())),
        }
    }

    /// Adds a note made from `draft` to a layer and removes the links `replaced` (a decision that
    /// replaces an earlier one), as one undoable edit; returns the note's new ID.
    pub fn annotate_replacing_links(
        &mut self,
        layer: DocumentId,
        draft: &NoteDraft,
        author: &str,
        library: &Library,
        replaced: &[String],
    ) -> Result<String, EditError> {
        let annotation = self.new_annotation(draft, author, library)?;
        let id = annotation.id.clone();
        self.add_replacing::<Annotation, LinkAnnotation>(layer, annotation, replaced)?;
        Ok(id)
    }

    /// Adds a link made from `draft` and removes the notes `replaced` (a decision that replaces an
    /// earlier one), as one undoable edit; returns the link's new ID.
    pub fn create_link_replacing_notes(
        &mut self,
        layer: DocumentId,
        draft: &LinkDraft,
        author: &str,
        library: &Library,
        replaced: &[String],
    ) -> Result<String, EditError> {
        let link = self.new_link(draft, author, library)?;
        let id = link.id.clone();
        self.add_replacing::<LinkAnnotation, Annotation>(layer, link, replaced)?;
        Ok(id)
    }

    /// Adds a note made from `draft` to a layer; returns its new ID.
    pub fn annotate(
        &mut self,
        layer: DocumentId,
        draft: &NoteDraft,
        author: &str,
        library: &Library,
    ) -> Result<String, EditError> {
        let annotation = self.new_annotation(draft, author, library)?;
        let id = annotation.id.clone();
        self.add_annotation(layer, annotation)?;
        Ok(id)
    }

    /// Adds `added` at the end of its list and removes the items `replaced` of another list (a
    /// decision replacing an earlier one), as one undoable edit.
    fn add_replacing<Added: ListItem, Replaced: ListItem>(
        &mut self,
        layer: DocumentId,
        added: Added,
        replaced: &[String],
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let mut edits = removals::<Replaced>(file, replaced)?;
            edits.push(Added::edit(Slot::Insert(Added::list(file).len(), added)));
            Ok(LayerEdit::Several(edits))
        })
    }

    /// A new note made from `draft`, not yet in any layer.
    fn new_annotation(
        &mut self,
        draft: &NoteDraft,
        author: &str,
        library: &Library,
    ) -> Result<Annotation, EditError> {
        let now = now_rfc3339();
        Ok(Annotation {
            id: self.new_id("n"),
            note: draft.note.clone(),
            tags: draft.tags.clone(),
            color: draft.color.clone(),
            author: author.to_owned(),
            created: now.clone(),
            updated: now,
            ..Annotation::on(draft_anchor(draft, library)?)
        })
    }

    /// Replaces the anchor, note, tags and colour of annotation `id` with those of `draft`.
    pub fn revise_annotation(
        &mut self,
        layer: DocumentId,
        id: &str,
        draft: &NoteDraft,
        library: &Library,
    ) -> Result<(), EditError> {
        let anchor = draft_anchor(draft, library)?;
        self.update_annotation(layer, id, |annotation| {
            annotation.anchor = anchor;
            annotation.note = draft.note.clone();
            annotation.tags = draft.tags.clone();
            annotation.color = draft.color.clone();
        })
    }

    /// Adds a link made from `draft` (whole provisions as ends, in the draft's order); returns its ID.
    pub fn create_link(
        &mut self,
        layer: DocumentId,
        draft: &LinkDraft,
        author: &str,
        library: &Library,
    ) -> Result<String, EditError> {
        let link = self.new_link(draft, author, library)?;
        let id = link.id.clone();
        self.add_link(layer, link)?;
        Ok(id)
    }

    /// A new link made from `draft` (whole provisions as ends), not yet in any layer.
    fn new_link(
        &mut self,
        draft: &LinkDraft,
        author: &str,
        library: &Library,
    ) -> Result<LinkAnnotation, EditError> {
        let ends = link_ends(&draft.ends, library)?;
        let now = now_rfc3339();
        Ok(LinkAnnotation {
            id: self.new_id("l"),
            ends,
            relation: draft.relation.clone(),
            tags: draft.tags.clone(),
            note: draft.note.clone(),
            author: author.to_owned(),
            created: now.clone(),
            updated: now,
            evidence: Vec::new(),
        })
    }

    /// Points link `id` at other provisions, whole (one undoable edit; its relation, note, tags and
    /// evidence stay): the implementation table's Change.
    pub fn set_link_ends(
        &mut self,
        layer: DocumentId,
        id: &str,
        ends: &[ProvisionId],
        library: &Library,
    ) -> Result<(), EditError> {
        let ends = link_ends(ends, library)?;
        self.edit_item::<LinkAnnotation>(layer, id, |link| {
            link.ends = ends;
            link.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Changes the relation, note and tags of link `id`, and reverses its direction if asked.
    pub fn update_link(
        &mut self,
        layer: DocumentId,
        id: &str,
        change: &LinkChange,
    ) -> Result<(), EditError> {
        self.edit_item::<LinkAnnotation>(layer, id, |link| {
            link.relation = change.relation.clone();
            link.note = change.note.clone();
            link.tags = change.tags.clone();
            if change.reverse {
                link.ends.reverse();
            }
            link.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Deletes the link `id` (only it: an annotation with the same ID stays).
    pub fn delete_link(&mut self, layer: DocumentId, id: &str) -> Result<(), EditError> {
        self.remove_item::<LinkAnnotation>(layer, id)
    }

    /// Replies to note `id` of layer `layer`, keeping the reply in layer `into`: in the note's own thread
    /// when `into` is its layer, else in `into`'s file, pointing at the note by its layer's name and ID
    /// (how a student answers a teacher's read-only note). Undone like any edit of `into`.
    pub fn reply(
        &mut self,
        layer: DocumentId,
        id: &str,
        into: DocumentId,
        note: &str,
        author: &str,
    ) -> Result<(), EditError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(EditError::EmptyReply);
        }
        let owner = self.layer(layer).ok_or(EditError::NoLayer(layer))?;
        if !owner.file.annotations.iter().any(|a| a.id == id) {
            return Err(EditError::NoAnnotation(id.to_owned()));
        }
        let reply = Reply {
            note: note.to_owned(),
            author: author.to_owned(),
            created: now_rfc3339(),
        };
        if into == layer {
            return self.edit_item::<Annotation>(layer, id, |annotation| {
                annotation.replies.push(reply);
                Ok(())
            });
        }
        let target = ReplyTo {
            layer: owner.name().to_owned(),
            annotation: id.to_owned(),
            note: reply.note,
            author: reply.author,
            created: reply.created,
        };
        self.edit(into, |file| {
            Ok(LayerEdit::ReplyTo(Slot::Insert(
                file.replies_to.len(),
                target,
            )))
        })
    }

    /// The thread of note `id` of layer `layer` among the open layers (see [`thread_of`]).
    pub fn thread(&self, layer: DocumentId, id: &str) -> Vec<ThreadReply> {
        self.layer(layer)
            .map(|owner| thread_of(&self.layers, owner, id))
            .unwrap_or_default()
    }

    /// The first layer that can be edited (new notes and links go there unless the user picks another).
    pub fn first_editable(&self) -> Option<DocumentId> {
        self.layers
            .iter()
            .find(|layer| layer.is_editable())
            .map(|layer| layer.id)
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.step(Step::Undo)
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.step(Step::Redo)
    }

    /// Carries out the newest inverse edit of `step` on its layer, which then has changes to save.
    fn step(&mut self, step: Step) -> bool {
        let layers = &mut self.layers;
        let changed = self.history.step(step, |id| {
            layers.iter_mut().find(|layer| layer.id == id).map(|layer| {
                layer.dirty = true;
                &mut layer.file
            })
        });
        self.revision += u64::from(changed.is_some());
        changed.is_some()
    }

    /// Closes a layer as it is (the window asks first when [`close_would_lose_edits`](Self::close_would_lose_edits)),
    /// removing its journal. The undo history of the other layers is kept.
    pub fn close(&mut self, layer: DocumentId) {
        let Some(position) = self.position(layer) else {
            return;
        };
        let mut closed = self.layers.remove(position);
        closed.discard_journals();
        self.history.forget(layer);
        self.revision += 1;
    }

    /// The key that names this window's journals.
    pub fn window(&self) -> &journal::WindowKey {
        &self.window
    }

    /// Journals the unsaved edits of every changed layer, atomically: beside its file
    /// (`notes.ron.<window>.journal`), or in `data_dir` for a layer without one or whose folder cannot
    /// be written. The files journaled beside are recorded in `data_dir` for the next start
    /// ([`journal::record_open_files`]). The window calls this after edits (a second or so after the
    /// last one); a crash then loses at most that second. Returns the failures.
    pub fn write_journals(&mut self, data_dir: &Path) -> Vec<JournalError> {
        self.write_journals_beside(data_dir, &[])
    }

    /// [`write_journals`](Self::write_journals), recording also `other_files`: the files of other
    /// documents of this window (a lesson) that have a journal beside them.
    pub fn write_journals_beside(
        &mut self,
        data_dir: &Path,
        other_files: &[PathBuf],
    ) -> Vec<JournalError> {
        let mut errors = Vec::new();
        for index in 0..self.layers.len() {
            if !self.layers[index].dirty {
                continue;
            }
            let layer = &self.layers[index];
            let entry = Journal {
                layer: layer.path.clone(),
                written: now_rfc3339(),
                base_len: layer.disk.as_ref().map(|d| d.len),
                base_hash: layer.disk.as_ref().map(|d| format!("{:016x}", d.hash)),
                base: layer.saved.as_deref().cloned(),
                edited: layer.file.clone(),
                lesson: None,
            };
            let places = journal::places(
                layer.journal.as_deref(),
                layer.path.as_deref(),
                data_dir,
                &self.window,
                || format!("untitled-{}", layer.id),
            );
            match journal::write_first(&places, &entry) {
                Ok(written) => self.layers[index].journal = Some(written),
                Err(error) => errors.push(error),
            }
        }
        let beside: Vec<PathBuf> = self
            .layers
            .iter()
            .filter(|layer| layer.journal.is_some())
            .filter_map(|layer| layer.path.clone())
            .chain(other_files.iter().cloned())
            .collect();
        if let Err(error) = journal::record_open_files(data_dir, &self.window, &beside) {
            errors.push(error);
        }
        errors
    }

    /// Removes the journals of all layers (the user chose Discard when quitting).
    pub fn discard_journals(&mut self) {
        for layer in &mut self.layers {
            layer.discard_journals();
        }
    }

    /// Brings back the edits of a journal found by [`journal::recover`], to be saved as usual; the
    /// journal goes with the layer's own at the next save. Nothing blocks that save: when the file
    /// is open already (another window's journal of it), the journal's edits are merged into the open
    /// layer; when the file was saved after the journal was written, the file's changes are merged
    /// into the journal's edits and the layer takes the file's current state as its base. Returns the
    /// layer.
    pub fn restore_journal(&mut self, recovered: Recovered) -> DocumentId {
        let entry = recovered.journal_entry;
        let open = entry.layer.as_deref().and_then(|path| self.find(path));
        if let Some(layer) = open.and_then(|existing| self.layer_mut(existing)) {
            let base = entry.base.or_else(|| layer.saved.as_deref().cloned());
            let merged = merge::merge(&base.unwrap_or_default(), &layer.file, &entry.edited);
            let before = std::mem::replace(&mut layer.file, merged.file);
            layer.dirty = true;
            layer.absorbed_journals.push(recovered.journal);
            let existing = layer.id;
            self.history
                .record(existing, LayerEdit::Whole(Box::new(before)));
            self.revision += 1;
            return existing;
        }
        let disk = entry.base_disk_state();
        let layer = self.add_layer(Layer {
            file: entry.edited,
            path: entry.layer,
            dirty: true,
            disk,
            saved: entry.base.map(Arc::new),
            journal: Some(recovered.journal),
            ..Layer::new("")
        });
        let restored = self.layer(layer);
        let path = restored.and_then(|restored| restored.path.as_deref());
        let stale = path
            .zip(restored.and_then(|restored| restored.disk.as_ref()))
            .is_some_and(|(path, disk)| disk.check_unchanged(path).is_err());
        if stale && path_exists(path) {
            // A file that cannot be read now keeps the journal's base: the save will say why.
            let _ = self.merge_from_disk(layer);
        }
        layer
    }
}

/// The error for a layer that has no file yet.
fn no_file(layer: &Layer) -> AnnotationError {
    AnnotationError::Io {
        file: layer.name().to_owned(),
        cause: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the layer has no file"),
    }
}

/// A link's ends: each provision whole, at least two, none twice.
fn link_ends(ids: &[ProvisionId], library: &Library) -> Result<Vec<Anchor>, EditError> {
    let ends = ids
        .iter()
        .map(|id| {
            library
                .get(id)
                .map(|provision| Anchor::whole(&provision.id, &provision.text))
                .ok_or_else(|| EditError::UnknownProvision(id.to_string()))
        })
        .collect::<Result<Vec<Anchor>, EditError>>()?;
    let distinct = ends
        .iter()
        .enumerate()
        .all(|(i, end)| ends[..i].iter().all(|e| e.provision != end.provision));
    if ends.len() < 2 || !distinct {
        return Err(EditError::LinkToItself);
    }
    Ok(ends)
}

/// The thread of note `id` of layer `owner`, the one order the window and every export show: the
/// replies in the note itself and those other `layers` keep for it (matched by the note's layer name and
/// ID), oldest first; replies with the same time keep their order, the note's own first.
pub fn thread_of<'a>(
    layers: impl IntoIterator<Item = &'a Layer>,
    owner: &Layer,
    id: &str,
) -> Vec<ThreadReply> {
    let own = owner
        .file
        .annotations
        .iter()
        .filter(|a| a.id == id)
        .flat_map(|a| a.replies.iter())
        .map(|reply| ThreadReply {
            reply: reply.clone(),
            stored_in: owner.id,
        });
    let name = owner.name();
    let elsewhere = layers
        .into_iter()
        .filter(|other| other.id != owner.id)
        .flat_map(|other| {
            other
                .file
                .replies_to
                .iter()
                .filter(|r| r.answers(name, id))
                .map(move |r| ThreadReply {
                    reply: r.reply(),
                    stored_in: other.id,
                })
        });
    let mut thread: Vec<ThreadReply> = own.chain(elsewhere).collect();
    thread.sort_by(|a, b| a.reply.created.cmp(&b.reply.created));
    thread
}

/// Whether `path` names something on disk.
fn path_exists(path: Option<&Path>) -> bool {
    path.is_some_and(Path::exists)
}

/// The anchor of a note draft: the quote where it was selected, else its first occurrence, else the
/// whole provision when the quote is empty.
fn draft_anchor(draft: &NoteDraft, library: &Library) -> Result<Anchor, EditError> {
    let provision = library
        .get(&draft.provision)
        .ok_or_else(|| EditError::UnknownProvision(draft.provision.to_string()))?;
    if draft.quote.trim().is_empty() {
        return Ok(Anchor::whole(&provision.id, &provision.text));
    }
    let selected_here = draft.quote_at.filter(|&at| {
        provision
            .text
            .get(at..)
            .is_some_and(|rest| rest.starts_with(&draft.quote))
    });
    let at = selected_here
        .or_else(|| provision.text.find(draft.quote.as_str()))
        .ok_or_else(|| EditError::QuoteNotFound(provision.id.clone()))?;
    Ok(Anchor::quote(
        &provision.id,
        &provision.text,
        at..at + draft.quote.len(),
    ))
}

/// The default safeguards layer shipped with the app.
pub const SAFEGUARDS_RON: &str = include_str!("../../texts/safeguards.ron");

/// The "Published commentary" layer shipped with the app: points of the public debate on the UN
/// Convention, each attributed to its source and quoting both treaties.
pub const COMMENTARY_RON: &str = include_str!("../../texts/commentary.ron");

/// The "Questions" layer shipped with the app: the contested questions answered for both treaties.
pub const QUESTIONS_RON: &str = include_str!("../../texts/questions.ron");

/// The shipped questions layer: read-only and shown (it holds no notes, so it marks no text).
pub fn questions_layer() -> Result<Layer, AnnotationError> {
    shipped_layer(QUESTIONS_RON, "texts/questions.ron", true)
}

/// The shipped safeguards layer, read-only and shown.
pub fn safeguards_layer() -> Result<Layer, AnnotationError> {
    shipped_layer(SAFEGUARDS_RON, "texts/safeguards.ron", true)
}

/// The shipped commentary layer: read-only, and hidden until the reader turns it on.
pub fn commentary_layer() -> Result<Layer, AnnotationError> {
    shipped_layer(COMMENTARY_RON, "texts/commentary.ron", false)
}

fn shipped_layer(text: &str, file: &str, visible: bool) -> Result<Layer, AnnotationError> {
    Ok(Layer {
        file: AnnotationFile::parse(text, file)?,
        visible,
        read_only: true,
        read_only_reason: Some(ReadOnlyReason::Shipped),
        ..Layer::new("")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str) -> Annotation {
        let provision = ProvisionId::parse("uncc:art_24").expect("a well-formed ID");
        Annotation {
            id: id.to_owned(),
            note: "Compare Budapest Art. 15.".to_owned(),
            ..Annotation::on(Anchor::whole(&provision, "text"))
        }
    }

    /// A student's layer (editable, first) and a teacher's layer (read-only) with note `t1`.
    fn classroom() -> Workspace {
        let mut workspace = Workspace::default();
        workspace.add_layer(Layer::new("Student"));
        let mut teacher = Layer::new("Teacher");
        teacher.file.annotations.push(note("t1"));
        teacher.read_only = true;
        workspace.add_layer(teacher);
        workspace
    }

    /// The student's layer and the teacher's.
    fn ids(workspace: &Workspace) -> (DocumentId, DocumentId) {
        (workspace.layers[0].id, workspace.layers[1].id)
    }

    #[test]
    fn a_reply_to_a_read_only_note_is_kept_in_the_students_layer_and_undone() {
        let mut workspace = classroom();
        let (student, teacher) = ids(&workspace);
        let teacher_before = workspace.layers[1].clone();
        workspace
            .reply(teacher, "t1", student, "  Art. 15 names the ECHR.  ", "Sam")
            .expect("reply");
        assert_eq!(
            workspace.layers[1], teacher_before,
            "the teacher's layer is untouched"
        );
        let kept = &workspace.layers[0].file.replies_to;
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].layer.as_str(), kept[0].annotation.as_str()),
            ("Teacher", "t1")
        );
        assert_eq!(kept[0].note, "Art. 15 names the ECHR.");
        assert_eq!(kept[0].author, "Sam");
        assert!(workspace.layers[0].dirty);
        let thread = workspace.thread(teacher, "t1");
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].stored_in, student);
        assert_eq!(thread[0].reply.note, "Art. 15 names the ECHR.");
        assert!(workspace.undo());
        assert!(workspace.layers[0].file.replies_to.is_empty());
        assert!(workspace.thread(teacher, "t1").is_empty());
    }

    #[test]
    fn a_reply_to_an_editable_note_joins_its_own_thread() {
        let mut workspace = classroom();
        let (student, _) = ids(&workspace);
        workspace
            .add_annotation(student, note("s1"))
            .expect("add a note");
        workspace
            .reply(student, "s1", student, "First.", "Sam")
            .expect("reply");
        workspace
            .reply(student, "s1", student, "Second.", "Kim")
            .expect("reply");
        let replies = &workspace.layers[0].file.annotations[0].replies;
        assert_eq!(replies.len(), 2);
        let thread: Vec<String> = workspace
            .thread(student, "s1")
            .into_iter()
            .map(|item| item.reply.note)
            .collect();
        assert_eq!(thread, ["First.", "Second."]);
    }

    #[test]
    fn replies_are_refused_when_empty_missing_or_into_a_read_only_layer() {
        let mut workspace = classroom();
        let (student, teacher) = ids(&workspace);
        assert_eq!(
            workspace.reply(teacher, "t1", student, "   ", "Sam"),
            Err(EditError::EmptyReply)
        );
        assert_eq!(
            workspace.reply(teacher, "nope", student, "Hello", "Sam"),
            Err(EditError::NoAnnotation("nope".into()))
        );
        assert_eq!(
            workspace.reply(teacher, "t1", teacher, "Hello", "Sam"),
            Err(EditError::ReadOnly("Teacher".into()))
        );
        assert!(!workspace.can_undo());
    }

    #[test]
    fn replies_to_other_layers_survive_a_save_and_older_files_load_without_them() {
        let mut workspace = classroom();
        let (student, teacher) = ids(&workspace);
        workspace
            .reply(teacher, "t1", student, "Kept.", "Sam")
            .expect("reply");
        let text = workspace.layers[0].file.to_ron();
        assert!(text.contains("replies_to"), "{text}");
        let parsed = AnnotationFile::parse(&text, "student.ron").expect("parses");
        assert_eq!(parsed.replies_to, workspace.layers[0].file.replies_to);
        let old = AnnotationFile::parse("(schema: 1, name: \"Old\", annotations: [])", "old.ron")
            .expect("an older file loads");
        assert!(old.replies_to.is_empty());
        assert!(!AnnotationFile::default().to_ron().contains("replies_to"));
    }
}

/// The edits that remove the items `ids` of one list, last place first so that each place still
/// holds when its turn comes.
fn removals<T: ListItem>(
    file: &AnnotationFile,
    ids: &[String],
) -> Result<Vec<LayerEdit>, EditError> {
    let items = T::list(file);
    let mut places = ids
        .iter()
        .map(|id| {
            (items.iter())
                .position(|item| item.id() == id)
                .ok_or_else(|| T::missing(id))
        })
        .collect::<Result<Vec<usize>, EditError>>()?;
    places.sort_unstable_by(|a, b| b.cmp(a));
    places.dedup();
    Ok(places
        .into_iter()
        .map(|at| T::edit(Slot::Remove(at)))
        .collect())
}
