//! The open layers and their edits, with undo and redo.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use super::anchor::{Anchor, Resolution, resolve};
use super::file::{
    Annotation, AnnotationError, AnnotationFile, LinkAnnotation, LinkRelation, Reply, ReplyTo,
    now_rfc3339,
};
use crate::model::{Library, ProvisionId};

/// Where every annotation of a list of layers sits in the current texts, as the one anchor resolver
/// finds it: `[layer][annotation]` in file order. The reader's highlights, the panel and the exports
/// read the same resolutions; the workspace computes them once per revision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolutions {
    per_layer: Vec<Vec<Resolution>>,
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
        }
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

/// An open annotation file.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub file: AnnotationFile,
    /// Where it is saved; None for a new layer not saved yet, or a layer shipped with the app.
    pub path: Option<PathBuf>,
    pub visible: bool,
    /// Shipped layers and layers opened read-only (a teacher's set) cannot be edited.
    pub read_only: bool,
    /// Changed since the last save.
    pub dirty: bool,
}

impl Layer {
    pub fn new(name: &str) -> Layer {
        Layer {
            file: AnnotationFile {
                name: name.to_owned(),
                ..AnnotationFile::default()
            },
            path: None,
            visible: true,
            read_only: false,
            dirty: false,
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
    #[error("no link {0}")]
    NoLink(String),
    #[error("unknown provision {0}")]
    UnknownProvision(String),
    #[error("the quote is not in the text of {0}")]
    QuoteNotFound(ProvisionId),
    #[error("a link needs two different provisions")]
    LinkToItself,
    #[error("the reply is empty")]
    EmptyReply,
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
}

impl Workspace {
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Every annotation's resolution (see [`Resolutions`]), computed once per revision.
    pub fn resolutions(&mut self, library: &Library) -> Arc<Resolutions> {
        match &self.resolved {
            Some((revision, resolutions)) if *revision == self.revision => Arc::clone(resolutions),
            _ => {
                let resolutions = Arc::new(Resolutions::of_layers(&self.layers, library));
                self.resolved = Some((self.revision, Arc::clone(&resolutions)));
                resolutions
            }
        }
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

    /// Opens a file as a new layer; a file that fails to load is not opened and never written.
    pub fn open(
        &mut self,
        path: &Path,
        read_only: bool,
        library: &Library,
    ) -> Result<usize, AnnotationError> {
        let mut file = AnnotationFile::load(path)?;
        file.reanchor(library);
        let layer = Layer {
            file,
            path: Some(path.to_owned()),
            visible: true,
            read_only,
            dirty: false,
        };
        Ok(self.add_layer(layer))
    }

    /// Saves a layer to its path (or to `path`, which becomes its path).
    pub fn save(&mut self, layer: usize, path: Option<&Path>) -> Result<PathBuf, AnnotationError> {
        let entry = self
            .layers
            .get_mut(layer)
            .ok_or_else(|| AnnotationError::Io {
                file: format!("layer {layer}"),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such layer"),
            })?;
        let target = match (path, &entry.path) {
            (Some(path), _) => path.to_owned(),
            (None, Some(path)) => path.clone(),
            (None, None) => {
                return Err(AnnotationError::Io {
                    file: entry.name().to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "the layer has no file yet: use Save As",
                    ),
                });
            }
        };
        entry.file.save(&target)?;
        entry.path = Some(target.clone());
        entry.dirty = false;
        Ok(target)
    }

    /// Saves every changed layer that has a file (autosave and quit); returns the failures.
    pub fn save_dirty(&mut self) -> Vec<AnnotationError> {
        let dirty: Vec<usize> = (0..self.layers.len())
            .filter(|&i| {
                self.layers[i].dirty && !self.layers[i].read_only && self.layers[i].path.is_some()
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

    fn editable(&mut self, layer: usize) -> Result<&mut Layer, EditError> {
        let entry = self
            .layers
            .get_mut(layer)
            .ok_or(EditError::NoLayer(layer))?;
        if entry.read_only {
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

    pub fn add_link(&mut self, layer: usize, link: LinkAnnotation) -> Result<(), EditError> {
        self.edit(layer, |file| {
            file.links.push(link);
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
                    .filter(|r| r.layer == name && r.annotation == id)
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

    /// Closes a layer; the undo history of all layers is dropped, since its indices would shift.
    pub fn close(&mut self, layer: usize) {
        if layer < self.layers.len() {
            self.layers.remove(layer);
            self.undo.clear();
            self.redo.clear();
            self.revision += 1;
        }
    }
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
        path: None,
        visible,
        read_only: true,
        dirty: false,
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
