//! The open layers and their edits, with undo and redo.

use std::fmt;
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
use super::merge::{self, Conflict};
use super::question::Question;
use crate::model::{Library, ProvisionId};

/// Where every annotation of a list of layers sits in the current texts, as the one anchor resolver
/// finds it: `[layer][annotation]` in file order. The reader's highlights, the panel and the exports
/// read the same resolutions; the workspace computes them once per revision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolutions {
    per_layer: Vec<Vec<Resolution>>,
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
                    layer
                        .file
                        .annotations
                        .iter()
                        .map(|annotation| resolve(&annotation.anchor, library))
                        .collect()
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
    pub fn get(&self, layer: usize, annotation: usize) -> Option<&Resolution> {
        self.per_layer.get(layer)?.get(annotation)
    }

    /// All resolutions of one layer, in file order.
    pub fn layer(&self, layer: usize) -> &[Resolution] {
        self.per_layer.get(layer).map_or(&[], Vec::as_slice)
    }
}

/// Why a layer may not be edited or written to its own file. The window shows it beside the layer;
/// for the reasons that come from the file's text, "Save a copy" ([`Workspace::save_copy`]) is the way
/// out, and the original is never rewritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// Opened read-only on purpose (a teacher's shared layer).
    Requested,
    /// Shipped with the app.
    Shipped,
    /// The file has fields this version does not know (each message has its `file:line:col` and a
    /// suggestion); saving would drop them.
    UnknownFields(Vec<String>),
    /// The file has comments, which saving would drop; `line:col` of the first.
    Comments {
        line: usize,
        col: usize,
        count: usize,
    },
    /// Two or more items share an ID, so an edit could not say which one it means.
    DuplicateIds(Vec<String>),
}

impl ReadOnlyReason {
    /// Whether the reason is in the file's text (so a copy saved elsewhere is a way out).
    pub fn comes_from_file(&self) -> bool {
        !matches!(self, ReadOnlyReason::Requested | ReadOnlyReason::Shipped)
    }
}

impl fmt::Display for ReadOnlyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadOnlyReason::Requested => f.write_str("opened read-only"),
            ReadOnlyReason::Shipped => f.write_str("shipped with the app, read-only"),
            ReadOnlyReason::UnknownFields(messages) => write!(
                f,
                "has {} field(s) this version does not know, which saving would drop ({}); opened read-only, use Save a copy",
                messages.len(),
                messages.first().map_or("", String::as_str)
            ),
            ReadOnlyReason::Comments { line, col, count } => write!(
                f,
                "has {count} comment(s) (the first at line {line}, column {col}), which saving would drop; opened read-only, use Save a copy"
            ),
            ReadOnlyReason::DuplicateIds(messages) => write!(
                f,
                "has duplicate IDs ({}); opened read-only until each annotation and link has its own ID",
                messages.first().map_or("", String::as_str)
            ),
        }
    }
}

/// An open annotation file.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
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
    #[error("no layer {0}")]
    NoLayer(usize),
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
    pub stored_in: usize,
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
    pub layers: Vec<Layer>,
    /// Per edit: the layer and its state before the edit.
    undo: Vec<(usize, AnnotationFile)>,
    redo: Vec<(usize, AnnotationFile)>,
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
                anchors
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
                    .collect()
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

    pub fn set_visible(&mut self, layer: usize, visible: bool) {
        if let Some(entry) = self.layers.get_mut(layer) {
            entry.visible = visible;
            self.revision += 1;
        }
    }

    pub fn add_layer(&mut self, layer: Layer) -> usize {
        self.revision += 1;
        self.layers.push(layer);
        self.layers.len() - 1
    }

    /// The open layer saved at `path` (the same file however it is named), if any.
    pub fn find(&self, path: &Path) -> Option<usize> {
        self.layers.iter().position(|layer| {
            layer
                .path
                .as_deref()
                .is_some_and(|own| same_file(own, path))
        })
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
    ) -> Result<usize, AnnotationError> {
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
        loaded
            .comments
            .first()
            .map(|&(line, col)| ReadOnlyReason::Comments {
                line,
                col,
                count: loaded.comments.len(),
            })
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

    fn layer_or_io_error(&mut self, layer: usize) -> Result<&mut Layer, AnnotationError> {
        self.layers
            .get_mut(layer)
            .ok_or_else(|| AnnotationError::Io {
                file: format!("layer {layer}"),
                cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such layer"),
            })
    }

    /// Saves a layer to its path, or to `path` ("Save as", which then becomes its path).
    ///
    /// Saving to its own file refuses a read-only layer ([`AnnotationError::ReadOnly`]) and a file that
    /// changed on disk since it was read or written here ([`AnnotationError::ChangedOnDisk`]: the
    /// window offers [`reload`](Self::reload), [`merge_from_disk`](Self::merge_from_disk) or Save as).
    /// A file removed meanwhile is written again. "Save as" writes a new file of the app's own, so
    /// reasons that came from the old file's text no longer hold. A successful save removes the journal.
    pub fn save(&mut self, layer: usize, path: Option<&Path>) -> Result<PathBuf, AnnotationError> {
        let entry = self.layer_or_io_error(layer)?;
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
    pub fn save_copy(&self, layer: usize, path: &Path) -> Result<(), AnnotationError> {
        let entry = self.layers.get(layer).ok_or_else(|| AnnotationError::Io {
            file: format!("layer {layer}"),
            cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such layer"),
        })?;
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
        let dirty: Vec<usize> = (0..self.layers.len())
            .filter(|&i| {
                let layer = &self.layers[i];
                layer.dirty && layer.is_editable() && layer.path.is_some()
            })
            .collect();
        dirty
            .into_iter()
            .filter_map(|layer| self.save(layer, None).err())
            .collect()
    }

    /// Layers with changes that have no file to go to (the quit prompt asks about these).
    pub fn unsaved_without_file(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&i| self.layers[i].dirty && self.layers[i].path.is_none())
            .collect()
    }

    /// Whether closing this layer now would lose edits (it has changes not saved, including after a
    /// failed save): the window asks Save / Save as… / Discard / Cancel before [`close`](Self::close).
    pub fn close_would_lose_edits(&self, layer: usize) -> bool {
        self.layers.get(layer).is_some_and(|entry| entry.dirty)
    }

    /// The layers whose edits quitting now would lose (the quit prompt lists them). Call after
    /// [`save_dirty`](Self::save_dirty): what it could not save stays listed here.
    pub fn unsaved_layers(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&i| self.close_would_lose_edits(i))
            .collect()
    }

    /// Re-reads a layer's file from disk, replacing its content ("Reload" after a change on disk).
    /// It is an edit like any other: Undo brings back what was replaced.
    pub fn reload(&mut self, layer: usize) -> Result<(), AnnotationError> {
        let path =
            self.layer_or_io_error(layer)?
                .path
                .clone()
                .ok_or_else(|| AnnotationError::Io {
                    file: format!("layer {layer}"),
                    cause: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "the layer has no file",
                    ),
                })?;
        let loaded = AnnotationFile::read(&path)?;
        let reason = Self::reason_for(&loaded, &path.display().to_string());
        let mut file = loaded.file.clone();
        self.assign_missing_ids(&mut file);
        let entry = self.layer_or_io_error(layer)?;
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
            self.undo.push((layer, before));
            self.redo.clear();
        }
        self.revision += 1;
        Ok(())
    }

    /// Merges the file as it is now on disk into the layer ("Merge" after a change on disk), with the
    /// layer as last read or written as the common base (see [`merge::merge`]). The result replaces the
    /// layer's content as an undoable edit and is not saved yet; its conflicts are returned (each kept
    /// as ours, theirs recorded beside it). The next save writes over the file that was merged in.
    pub fn merge_from_disk(&mut self, layer: usize) -> Result<Vec<Conflict>, AnnotationError> {
        let entry = self.layer_or_io_error(layer)?;
        let path = entry.path.clone().ok_or_else(|| AnnotationError::Io {
            file: format!("layer {layer}"),
            cause: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the layer has no file"),
        })?;
        let theirs = AnnotationFile::read(&path)?;
        let base = entry.saved.as_deref().cloned().unwrap_or_default();
        let merged = merge::merge(&base, &entry.file, &theirs.file);
        let before = std::mem::replace(&mut entry.file, merged.file);
        entry.disk = Some(theirs.disk);
        entry.saved = Some(Arc::new(theirs.file));
        entry.dirty = true;
        self.undo.push((layer, before));
        self.redo.clear();
        self.revision += 1;
        Ok(merged.conflicts)
    }

    fn editable(&mut self, layer: usize) -> Result<&mut Layer, EditError> {
        let entry = self
            .layers
            .get_mut(layer)
            .ok_or(EditError::NoLayer(layer))?;
        if !entry.is_editable() {
            return Err(EditError::ReadOnly(entry.name().to_owned()));
        }
        Ok(entry)
    }

    /// Runs `edit` on a layer, recording its previous state for undo.
    fn edit(
        &mut self,
        layer: usize,
        edit: impl FnOnce(&mut AnnotationFile) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        let entry = self.editable(layer)?;
        let before = entry.file.clone();
        edit(&mut entry.file)?;
        entry.dirty = true;
        self.undo.push((layer, before));
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Renames a layer (the `name` its file keeps, which replies and exports cite), with undo.
    pub fn rename(&mut self, layer: usize, name: &str) -> Result<(), EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::EmptyName);
        }
        self.edit(layer, |file| {
            file.name = name.to_owned();
            Ok(())
        })
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
        layer: usize,
        annotation: Annotation,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.annotations.push(annotation);
            Ok(())
        })
    }

    pub fn update_annotation(
        &mut self,
        layer: usize,
        id: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let annotation = file
                .annotations
                .iter_mut()
                .find(|a| a.id == id)
                .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
            change(annotation);
            annotation.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Deletes the annotation `id` (only it: a link with the same ID stays).
    pub fn delete_annotation(&mut self, layer: usize, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let position = file
                .annotations
                .iter()
                .position(|a| a.id == id)
                .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
            file.annotations.remove(position);
            Ok(())
        })
    }

    /// Deletes exactly the annotation at `index` (file order).
    pub fn delete_annotation_at(&mut self, layer: usize, index: usize) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if index >= file.annotations.len() {
                return Err(EditError::NoAnnotation(format!("#{index}")));
            }
            file.annotations.remove(index);
            Ok(())
        })
    }

    /// Deletes exactly the link at `index` (file order).
    pub fn delete_link_at(&mut self, layer: usize, index: usize) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if index >= file.links.len() {
                return Err(EditError::NoAnnotation(format!("link #{index}")));
            }
            file.links.remove(index);
            Ok(())
        })
    }

    /// Adds a question at the end of the layer's brief outline.
    pub fn add_question(&mut self, layer: usize, question: Question) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.questions.push(question);
            Ok(())
        })
    }

    /// Changes question `id` (one undoable edit); `updated` is set.
    pub fn update_question(
        &mut self,
        layer: usize,
        id: &str,
        change: impl FnOnce(&mut Question),
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let question = file
                .questions
                .iter_mut()
                .find(|q| q.id == id)
                .ok_or_else(|| EditError::NoQuestion(id.to_owned()))?;
            change(question);
            question.updated = now_rfc3339();
            Ok(())
        })
    }

    /// Deletes question `id`.
    pub fn delete_question(&mut self, layer: usize, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let position = file
                .questions
                .iter()
                .position(|q| q.id == id)
                .ok_or_else(|| EditError::NoQuestion(id.to_owned()))?;
            file.questions.remove(position);
            Ok(())
        })
    }

    /// The questions of the visible layers, in layer then file order: (layer, question).
    pub fn visible_questions(&self) -> Vec<(usize, &Question)> {
        self.layers
            .iter()
            .enumerate()
            .filter(|(_, layer)| layer.visible)
            .flat_map(|(index, layer)| layer.file.questions.iter().map(move |q| (index, q)))
            .collect()
    }

    pub fn add_link(&mut self, layer: usize, link: LinkAnnotation) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.links.push(link);
            Ok(())
        })
    }

    /// "Accept" for a re-anchored quote: the anchors of annotation or link `id` that were found at
    /// another place or as a changed quote take that place and its words (an undoable edit). Until
    /// then the file keeps the user's quote.
    pub fn accept_reanchor(
        &mut self,
        layer: usize,
        id: &str,
        library: &Library,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let anchors: Vec<&mut Anchor> = match file.annotations.iter_mut().find(|a| a.id == id) {
                Some(annotation) => vec![&mut annotation.anchor],
                None => file
                    .links
                    .iter_mut()
                    .find(|l| l.id == id)
                    .map(|link| link.ends.iter_mut().collect())
                    .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?,
            };
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
        })
    }

    /// "Keep as orphan" for a re-anchored quote: the annotation's (or link's) anchors keep their words
    /// and are no longer looked for in the text (an undoable edit; see [`Anchor::orphan`]).
    pub fn keep_as_orphan(&mut self, layer: usize, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            if let Some(annotation) = file.annotations.iter_mut().find(|a| a.id == id) {
                annotation.anchor.orphan = true;
                return Ok(());
            }
            let link = file
                .links
                .iter_mut()
                .find(|l| l.id == id)
                .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
            for end in &mut link.ends {
                end.orphan = true;
            }
            Ok(())
        })
    }

    /// Copies an annotation (or link) into another layer under a new ID.
    pub fn copy_to(&mut self, from: usize, id: &str, to: usize) -> Result<(), EditError> {
        let source = self.layers.get(from).ok_or(EditError::NoLayer(from))?;
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

    /// Adds a note made from `draft` to a layer; returns its new ID.
    pub fn annotate(
        &mut self,
        layer: usize,
        draft: &NoteDraft,
        author: &str,
        library: &Library,
    ) -> Result<String, EditError> {
        let now = now_rfc3339();
        let annotation = Annotation {
            id: self.new_id("n"),
            note: draft.note.clone(),
            tags: draft.tags.clone(),
            color: draft.color.clone(),
            author: author.to_owned(),
            created: now.clone(),
            updated: now,
            ..Annotation::on(draft_anchor(draft, library)?)
        };
        let id = annotation.id.clone();
        self.add_annotation(layer, annotation)?;
        Ok(id)
    }

    /// Replaces the anchor, note, tags and colour of annotation `id` with those of `draft`.
    pub fn revise_annotation(
        &mut self,
        layer: usize,
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
        layer: usize,
        draft: &LinkDraft,
        author: &str,
        library: &Library,
    ) -> Result<String, EditError> {
        let ends = draft
            .ends
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
        let now = now_rfc3339();
        let link = LinkAnnotation {
            id: self.new_id("l"),
            ends,
            relation: draft.relation.clone(),
            tags: draft.tags.clone(),
            note: draft.note.clone(),
            author: author.to_owned(),
            created: now.clone(),
            updated: now,
            evidence: Vec::new(),
        };
        let id = link.id.clone();
        self.add_link(layer, link)?;
        Ok(id)
    }

    /// Changes the relation, note and tags of link `id`, and reverses its direction if asked.
    pub fn update_link(
        &mut self,
        layer: usize,
        id: &str,
        change: &LinkChange,
    ) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let link = file
                .links
                .iter_mut()
                .find(|l| l.id == id)
                .ok_or_else(|| EditError::NoLink(id.to_owned()))?;
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
    pub fn delete_link(&mut self, layer: usize, id: &str) -> Result<(), EditError> {
        self.edit(layer, |file| {
            let position = file
                .links
                .iter()
                .position(|l| l.id == id)
                .ok_or_else(|| EditError::NoLink(id.to_owned()))?;
            file.links.remove(position);
            Ok(())
        })
    }

    /// Replies to note `id` of layer `layer`, keeping the reply in layer `into`: in the note's own thread
    /// when `into` is its layer, else in `into`'s file, pointing at the note by its layer's name and ID
    /// (how a student answers a teacher's read-only note). Undone like any edit of `into`.
    pub fn reply(
        &mut self,
        layer: usize,
        id: &str,
        into: usize,
        note: &str,
        author: &str,
    ) -> Result<(), EditError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(EditError::EmptyReply);
        }
        let owner = self.layers.get(layer).ok_or(EditError::NoLayer(layer))?;
        if !owner.file.annotations.iter().any(|a| a.id == id) {
            return Err(EditError::NoAnnotation(id.to_owned()));
        }
        let reply = Reply {
            note: note.to_owned(),
            author: author.to_owned(),
            created: now_rfc3339(),
        };
        if into == layer {
            return self.edit(layer, |file| {
                let annotation = file
                    .annotations
                    .iter_mut()
                    .find(|a| a.id == id)
                    .ok_or_else(|| EditError::NoAnnotation(id.to_owned()))?;
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
            file.replies_to.push(target);
            Ok(())
        })
    }

    /// The thread of note `id` of layer `layer`: the replies in the note itself, then those other open
    /// layers keep for it (matched by the note's layer name and ID), oldest first.
    pub fn thread(&self, layer: usize, id: &str) -> Vec<ThreadReply> {
        let Some(owner) = self.layers.get(layer) else {
            return Vec::new();
        };
        let own = owner
            .file
            .annotations
            .iter()
            .filter(|a| a.id == id)
            .flat_map(|a| a.replies.iter())
            .map(|reply| ThreadReply {
                reply: reply.clone(),
                stored_in: layer,
            });
        let name = owner.name();
        let elsewhere = self
            .layers
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != layer)
            .flat_map(|(index, other)| {
                other
                    .file
                    .replies_to
                    .iter()
                    .filter(|r| r.answers(name, id))
                    .map(move |r| ThreadReply {
                        reply: r.reply(),
                        stored_in: index,
                    })
            });
        let mut thread: Vec<ThreadReply> = own.chain(elsewhere).collect();
        // Stable: replies with the same time keep their order (own thread first).
        thread.sort_by(|a, b| a.reply.created.cmp(&b.reply.created));
        thread
    }

    /// The first layer that can be edited (new notes and links go there unless the user picks another).
    pub fn first_editable(&self) -> Option<usize> {
        self.layers.iter().position(|layer| !layer.read_only)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        let restored = Self::restore(&mut self.layers, &mut self.undo, &mut self.redo);
        self.revision += u64::from(restored);
        restored
    }

    /// Redoes the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        let restored = Self::restore(&mut self.layers, &mut self.redo, &mut self.undo);
        self.revision += u64::from(restored);
        restored
    }

    /// Puts the newest file state of `from` back into its layer and keeps the replaced state on `to`.
    fn restore(
        layers: &mut [Layer],
        from: &mut Vec<(usize, AnnotationFile)>,
        to: &mut Vec<(usize, AnnotationFile)>,
    ) -> bool {
        let Some((layer, state)) = from.pop() else {
            return false;
        };
        let Some(entry) = layers.get_mut(layer) else {
            return false;
        };
        let replaced = std::mem::replace(&mut entry.file, state);
        entry.dirty = true;
        to.push((layer, replaced));
        true
    }

    /// Closes a layer as it is (the window asks first when [`close_would_lose_edits`](Self::close_would_lose_edits)),
    /// removing its journal. The undo history of the other layers is kept.
    pub fn close(&mut self, layer: usize) {
        if layer >= self.layers.len() {
            return;
        }
        let mut closed = self.layers.remove(layer);
        closed.discard_journals();
        for stack in [&mut self.undo, &mut self.redo] {
            stack.retain(|(index, _)| *index != layer);
            for (index, _) in stack.iter_mut() {
                if *index > layer {
                    *index -= 1;
                }
            }
        }
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
            };
            match self.journal_places(index, data_dir) {
                Some(places) => match write_first(&places, &entry) {
                    Ok(written) => self.layers[index].journal = Some(written),
                    Err(error) => errors.push(error),
                },
                None => continue,
            }
        }
        let beside: Vec<PathBuf> = self
            .layers
            .iter()
            .filter(|layer| layer.journal.is_some())
            .filter_map(|layer| layer.path.clone())
            .collect();
        if let Err(error) = journal::record_open_files(data_dir, &self.window, &beside) {
            errors.push(error);
        }
        errors
    }

    /// Where layer `index` may be journaled, in order of preference.
    fn journal_places(&mut self, index: usize, data_dir: &Path) -> Option<Vec<PathBuf>> {
        let layer = self.layers.get(index)?;
        Some(match (&layer.journal, &layer.path) {
            (Some(path), _) => vec![path.clone()],
            (None, Some(path)) => vec![
                journal::path_beside(path, &self.window),
                journal::path_in_data_dir_for(data_dir, path, &self.window),
            ],
            (None, None) => {
                let key = format!("{}-{}", self.new_id("untitled"), self.window.as_str());
                vec![journal::path_in(data_dir, &key)]
            }
        })
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
    pub fn restore_journal(&mut self, recovered: Recovered) -> usize {
        let entry = recovered.journal_entry;
        if let Some(existing) = entry.layer.as_deref().and_then(|path| self.find(path)) {
            let layer = &mut self.layers[existing];
            let base = entry.base.or_else(|| layer.saved.as_deref().cloned());
            let merged = merge::merge(&base.unwrap_or_default(), &layer.file, &entry.edited);
            let before = std::mem::replace(&mut layer.file, merged.file);
            layer.dirty = true;
            layer.absorbed_journals.push(recovered.journal);
            self.undo.push((existing, before));
            self.redo.clear();
            self.revision += 1;
            return existing;
        }
        let disk = match (entry.base_len, &entry.base_hash) {
            (Some(len), Some(hash)) => u64::from_str_radix(hash, 16).ok().map(|hash| DiskState {
                len,
                modified: None,
                hash,
            }),
            _ => None,
        };
        let layer = self.add_layer(Layer {
            file: entry.edited,
            path: entry.layer,
            dirty: true,
            disk,
            saved: entry.base.map(Arc::new),
            journal: Some(recovered.journal),
            ..Layer::new("")
        });
        let stale = self.layers[layer]
            .path
            .as_deref()
            .zip(self.layers[layer].disk.as_ref())
            .is_some_and(|(path, disk)| disk.check_unchanged(path).is_err());
        if stale && path_exists(self.layers[layer].path.as_deref()) {
            // A file that cannot be read now keeps the journal's base: the save will say why.
            let _ = self.merge_from_disk(layer);
        }
        layer
    }
}

/// Whether `path` names something on disk.
fn path_exists(path: Option<&Path>) -> bool {
    path.is_some_and(Path::exists)
}

/// Writes `entry` to the first of `places` that takes it: the journal's path, or the first error.
fn write_first(places: &[PathBuf], entry: &Journal) -> Result<PathBuf, JournalError> {
    let mut first_error = None;
    for place in places {
        match journal::write(place, entry) {
            Ok(()) => return Ok(place.clone()),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| JournalError::Syntax {
        file: String::new(),
        message: "no place to write the journal".to_owned(),
    }))
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

    #[test]
    fn a_reply_to_a_read_only_note_is_kept_in_the_students_layer_and_undone() {
        let mut workspace = classroom();
        let teacher_before = workspace.layers[1].clone();
        workspace
            .reply(1, "t1", 0, "  Art. 15 names the ECHR.  ", "Sam")
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
        let thread = workspace.thread(1, "t1");
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].stored_in, 0);
        assert_eq!(thread[0].reply.note, "Art. 15 names the ECHR.");
        assert!(workspace.undo());
        assert!(workspace.layers[0].file.replies_to.is_empty());
        assert!(workspace.thread(1, "t1").is_empty());
    }

    #[test]
    fn a_reply_to_an_editable_note_joins_its_own_thread() {
        let mut workspace = classroom();
        workspace.add_annotation(0, note("s1")).expect("add a note");
        workspace.reply(0, "s1", 0, "First.", "Sam").expect("reply");
        workspace
            .reply(0, "s1", 0, "Second.", "Kim")
            .expect("reply");
        let replies = &workspace.layers[0].file.annotations[0].replies;
        assert_eq!(replies.len(), 2);
        let thread: Vec<String> = workspace
            .thread(0, "s1")
            .into_iter()
            .map(|item| item.reply.note)
            .collect();
        assert_eq!(thread, ["First.", "Second."]);
    }

    #[test]
    fn replies_are_refused_when_empty_missing_or_into_a_read_only_layer() {
        let mut workspace = classroom();
        assert_eq!(
            workspace.reply(1, "t1", 0, "   ", "Sam"),
            Err(EditError::EmptyReply)
        );
        assert_eq!(
            workspace.reply(1, "nope", 0, "Hello", "Sam"),
            Err(EditError::NoAnnotation("nope".into()))
        );
        assert_eq!(
            workspace.reply(1, "t1", 1, "Hello", "Sam"),
            Err(EditError::ReadOnly("Teacher".into()))
        );
        assert!(!workspace.can_undo());
    }

    #[test]
    fn replies_to_other_layers_survive_a_save_and_older_files_load_without_them() {
        let mut workspace = classroom();
        workspace.reply(1, "t1", 0, "Kept.", "Sam").expect("reply");
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
