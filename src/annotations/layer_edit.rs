//! A change to a layer's file as an inverse edit: what undo keeps instead of a copy of the whole file.
//!
//! Each [`LayerEdit`] names the one thing it changes (a note, a link, a question, a reply kept for
//! another layer's note, the layer's name) by its place in the file, and applying it returns the edit
//! that puts it back. Undoing then redoing gives back the same file, byte for byte when saved. Only a
//! reload, a merge or a restored journal replace the whole file ([`LayerEdit::Whole`]).

use super::file::{Annotation, AnnotationFile, LinkAnnotation, ReplyTo};
use super::question::Question;
use super::workspace::EditError;
use crate::document::{InverseEdit, serialized_size};

/// A change to one item of a list of the file, at its place in the list.
#[derive(Clone, Debug, PartialEq)]
pub enum Slot<T> {
    Insert(usize, T),
    Remove(usize),
    Replace(usize, T),
}

impl<T> Slot<T> {
    /// Carries out the change on `items`; returns the change that undoes it.
    fn apply(self, items: &mut Vec<T>) -> Result<Slot<T>, EditError> {
        let out_of_range = |at: usize| EditError::NoAnnotation(format!("#{at}"));
        match self {
            Slot::Insert(at, item) if at <= items.len() => {
                items.insert(at, item);
                Ok(Slot::Remove(at))
            }
            Slot::Remove(at) if at < items.len() => Ok(Slot::Insert(at, items.remove(at))),
            Slot::Replace(at, item) => {
                let place = items.get_mut(at).ok_or_else(|| out_of_range(at))?;
                Ok(Slot::Replace(at, std::mem::replace(place, item)))
            }
            Slot::Insert(at, _) | Slot::Remove(at) => Err(out_of_range(at)),
        }
    }

    fn item(&self) -> Option<&T> {
        match self {
            Slot::Insert(_, item) | Slot::Replace(_, item) => Some(item),
            Slot::Remove(_) => None,
        }
    }
}

/// One change to a layer's file that undo can reverse.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerEdit {
    Name(String),
    Annotation(Slot<Annotation>),
    Link(Slot<LinkAnnotation>),
    Question(Slot<Question>),
    ReplyTo(Slot<ReplyTo>),
    /// The whole file at once (a reload from disk, a merge, a restored journal).
    Whole(Box<AnnotationFile>),
    /// Several changes in order, undone as one (a decision that replaces another: the old link or
    /// note removed and the new one added).
    Several(Vec<LayerEdit>),
}

impl InverseEdit for LayerEdit {
    type Target = AnnotationFile;
    type Error = EditError;

    fn apply(self, file: &mut AnnotationFile) -> Result<LayerEdit, EditError> {
        Ok(match self {
            LayerEdit::Name(name) => LayerEdit::Name(std::mem::replace(&mut file.name, name)),
            LayerEdit::Annotation(slot) => {
                LayerEdit::Annotation(slot.apply(&mut file.annotations)?)
            }
            LayerEdit::Link(slot) => LayerEdit::Link(slot.apply(&mut file.links)?),
            LayerEdit::Question(slot) => LayerEdit::Question(slot.apply(&mut file.questions)?),
            LayerEdit::ReplyTo(slot) => LayerEdit::ReplyTo(slot.apply(&mut file.replies_to)?),
            LayerEdit::Whole(whole) => LayerEdit::Whole(Box::new(std::mem::replace(file, *whole))),
            LayerEdit::Several(edits) => LayerEdit::Several(apply_all(edits, file)?),
        })
    }

    fn memory_estimate(&self) -> usize {
        let held = match self {
            LayerEdit::Name(name) => name.len(),
            LayerEdit::Annotation(slot) => slot.item().map_or(0, serialized_size),
            LayerEdit::Link(slot) => slot.item().map_or(0, serialized_size),
            LayerEdit::Question(slot) => slot.item().map_or(0, serialized_size),
            LayerEdit::ReplyTo(slot) => slot.item().map_or(0, serialized_size),
            LayerEdit::Whole(file) => serialized_size(file.as_ref()),
            LayerEdit::Several(edits) => edits.iter().map(InverseEdit::memory_estimate).sum(),
        };
        std::mem::size_of::<LayerEdit>() + held
    }
}

/// Carries out `edits` in order; returns their inverses in the reverse order. Where one fails, those
/// already carried out are undone, so the file is left as it was.
fn apply_all(
    edits: Vec<LayerEdit>,
    file: &mut AnnotationFile,
) -> Result<Vec<LayerEdit>, EditError> {
    let mut inverses: Vec<LayerEdit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(file) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    // Each inverse undoes a change just made to this same file: it applies.
                    let _ = inverse.apply(file);
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(inverses)
}

/// An item of one of a layer file's lists that edits find by its ID: a note, a link, a question.
pub trait ListItem: Clone {
    /// The list of the file that holds items of this kind.
    fn list(file: &AnnotationFile) -> &Vec<Self>;
    /// The edit of one of them.
    fn edit(slot: Slot<Self>) -> LayerEdit;
    fn id(&self) -> &str;
    /// The error for an ID none has.
    fn missing(id: &str) -> EditError;
}

impl ListItem for Annotation {
    fn list(file: &AnnotationFile) -> &Vec<Self> {
        &file.annotations
    }
    fn edit(slot: Slot<Self>) -> LayerEdit {
        LayerEdit::Annotation(slot)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn missing(id: &str) -> EditError {
        EditError::NoAnnotation(id.to_owned())
    }
}

impl ListItem for LinkAnnotation {
    fn list(file: &AnnotationFile) -> &Vec<Self> {
        &file.links
    }
    fn edit(slot: Slot<Self>) -> LayerEdit {
        LayerEdit::Link(slot)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn missing(id: &str) -> EditError {
        EditError::NoLink(id.to_owned())
    }
}

impl ListItem for Question {
    fn list(file: &AnnotationFile) -> &Vec<Self> {
        &file.questions
    }
    fn edit(slot: Slot<Self>) -> LayerEdit {
        LayerEdit::Question(slot)
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn missing(id: &str) -> EditError {
        EditError::NoQuestion(id.to_owned())
    }
}
