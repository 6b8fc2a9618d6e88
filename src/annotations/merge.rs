//! Three-way merge of a layer, by annotation and link ID and by field: what `crosswalk merge` (a git
//! merge driver) and the window's "Merge" after a change on disk do.
//!
//! - An item changed on one side only takes that side's change; fields changed on different sides
//!   combine. Tags and replies merge as sets (an addition on either side is kept, a removal on either
//!   side is applied).
//! - The same field changed two ways keeps ours; theirs is recorded beside it, so no word is lost:
//!   the item gets the tag `conflict/<field>`, and theirs is kept as a reply by "crosswalk merge"
//!   (annotations) or appended to the note (links, which have no replies). The layer's own `name` and
//!   `description` have no tags: theirs is appended to the description, marked `[conflict/name]` or
//!   `[conflict/description]`, so that a search for `conflict/` finds every one. `updated` takes the
//!   later time and is never a conflict.
//! - An item deleted on one side and unchanged on the other is deleted. Deleted on one side and changed
//!   on the other, it is kept (with the change) and tagged `conflict/deleted`.
//! - Items without an ID are matched by their whole content.
//! - Questions merge like links (a conflict goes to their working note); their lists of citations,
//!   links, notes, sources, evidence and findings of absence merge as sets.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::file::{Annotation, AnnotationFile, LinkAnnotation, Reply, SCHEMA_VERSION, now_rfc3339};
use super::question::Question;

/// The author of the replies a merge adds.
pub const MERGE_AUTHOR: &str = "crosswalk merge";

/// The [`Conflict::id`] of the layer's own fields (`name`, `description`).
pub const LAYER_CONFLICT_ID: &str = "(layer)";

/// One field changed two ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The annotation or link ID (`(layer)` for the layer's own name and description).
    pub id: String,
    /// `note`, `tags`, `anchor`, …, or `deleted`.
    pub field: String,
    pub ours: String,
    pub theirs: String,
}

/// The merged layer and its conflicts (in item order).
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub file: AnnotationFile,
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, two versions of `base`.
pub fn merge(base: &AnnotationFile, ours: &AnnotationFile, theirs: &AnnotationFile) -> Merged {
    let mut conflicts = Vec::new();
    let mut field = |name: &str, b: &String, o: &String, t: &String| -> String {
        match pick(Some(b), o, t) {
            Ok(value) => value,
            Err(()) => {
                conflicts.push(Conflict {
                    id: LAYER_CONFLICT_ID.into(),
                    field: name.into(),
                    ours: o.clone(),
                    theirs: t.clone(),
                });
                o.clone()
            }
        }
    };
    let name = field("name", &base.name, &ours.name, &theirs.name);
    let mut description = field(
        "description",
        &base.description,
        &ours.description,
        &theirs.description,
    );
    for conflict in &conflicts {
        description = with_conflict(&description, &conflict.field, &conflict.theirs);
    }
    let annotations = merge_items(
        &base.annotations,
        &ours.annotations,
        &theirs.annotations,
        |a| &a.id,
        merge_annotation,
        mark_annotation,
        &mut conflicts,
    );
    let links = merge_items(
        &base.links,
        &ours.links,
        &theirs.links,
        |l| &l.id,
        merge_link,
        mark_link,
        &mut conflicts,
    );
    let questions = merge_items(
        &base.questions,
        &ours.questions,
        &theirs.questions,
        |q| &q.id,
        merge_question,
        mark_question,
        &mut conflicts,
    );
    Merged {
        file: AnnotationFile {
            schema: SCHEMA_VERSION,
            name,
            description,
            annotations,
            links,
            // Replies kept for other layers' notes merge as a set, like a note's own replies.
            replies_to: merge_set(&base.replies_to, &ours.replies_to, &theirs.replies_to),
            questions,
        },
        conflicts,
    }
}

/// The three-way choice for one value: the side that changed it, or `Err` when both did, differently.
fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Result<T, ()> {
    if ours == theirs || base == Some(theirs) {
        Ok(ours.clone())
    } else if base == Some(ours) {
        Ok(theirs.clone())
    } else {
        Err(())
    }
}

/// Three-way merge of sets kept as lists: additions on either side kept, removals applied; order is
/// ours, then what theirs added.
fn merge_set<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| theirs.contains(x) || !base.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

fn show<T: Serialize>(value: &T) -> String {
    ron::to_string(value).unwrap_or_default()
}

/// Field-by-field merge of one item; conflicting fields are returned as (field, ours, theirs).
type FieldConflicts = Vec<(String, String, String)>;

/// Three-way merges the named fields of two versions of an item into `merged` (which starts as ours),
/// recording each field both sides changed differently as a conflict, shown by its `show` function.
macro_rules! merge_fields {
    ($base:ident, $ours:ident, $theirs:ident => $merged:ident, $conflicts:ident: $($name:ident: $show:expr),+ $(,)?) => {
        $(
            match pick($base.map(|b| &b.$name), &$ours.$name, &$theirs.$name) {
                Ok(value) => $merged.$name = value,
                Err(()) => $conflicts.push((
                    stringify!($name).to_owned(),
                    $show(&$ours.$name),
                    $show(&$theirs.$name),
                )),
            }
        )+
    };
}

fn merge_annotation(
    base: Option<&Annotation>,
    ours: &Annotation,
    theirs: &Annotation,
) -> (Annotation, FieldConflicts) {
    let mut conflicts = Vec::new();
    let mut merged = ours.clone();
    merge_fields!(base, ours, theirs => merged, conflicts:
        anchor: show, note: String::clone, color: show, author: String::clone,
        created: String::clone, evidence: show);
    let empty = Annotation::on(ours.anchor.clone());
    let base_or_empty = base.unwrap_or(&empty);
    merged.tags = merge_set(&base_or_empty.tags, &ours.tags, &theirs.tags);
    merged.replies = merge_set(&base_or_empty.replies, &ours.replies, &theirs.replies);
    merged.updated = ours.updated.clone().max(theirs.updated.clone());
    (merged, conflicts)
}

fn merge_link(
    base: Option<&LinkAnnotation>,
    ours: &LinkAnnotation,
    theirs: &LinkAnnotation,
) -> (LinkAnnotation, FieldConflicts) {
    let mut conflicts = Vec::new();
    let mut merged = ours.clone();
    merge_fields!(base, ours, theirs => merged, conflicts:
        ends: show, relation: show, note: String::clone, author: String::clone,
        created: String::clone, evidence: show);
    let empty = LinkAnnotation::default();
    merged.tags = merge_set(&base.unwrap_or(&empty).tags, &ours.tags, &theirs.tags);
    merged.updated = ours.updated.clone().max(theirs.updated.clone());
    (merged, conflicts)
}

fn merge_question(
    base: Option<&Question>,
    ours: &Question,
    theirs: &Question,
) -> (Question, FieldConflicts) {
    let mut conflicts = Vec::new();
    let mut merged = ours.clone();
    merge_fields!(base, ours, theirs => merged, conflicts:
        title: String::clone, question: String::clone, answers: show, note: String::clone,
        author: String::clone, created: String::clone);
    // Lists a user grows item by item merge as sets: an addition on either side is kept.
    let empty = Question::default();
    let b = base.unwrap_or(&empty);
    merged.absent = merge_set(&b.absent, &ours.absent, &theirs.absent);
    merged.cites.revision = merge_set(
        &b.cites.revision,
        &ours.cites.revision,
        &theirs.cites.revision,
    );
    merged.cites.base = merge_set(&b.cites.base, &ours.cites.base, &theirs.cites.base);
    merged.links = merge_set(&b.links, &ours.links, &theirs.links);
    merged.notes = merge_set(&b.notes, &ours.notes, &theirs.notes);
    merged.sources = merge_set(&b.sources, &ours.sources, &theirs.sources);
    merged.evidence = merge_set(&b.evidence, &ours.evidence, &theirs.evidence);
    merged.tags = merge_set(&b.tags, &ours.tags, &theirs.tags);
    merged.updated = ours.updated.clone().max(theirs.updated.clone());
    (merged, conflicts)
}

/// Records a conflict in a question: the tag, and theirs appended to its working note.
fn mark_question(question: &mut Question, field: &str, theirs: &str) {
    let tag = format!("conflict/{field}");
    if !question.tags.contains(&tag) {
        question.tags.push(tag);
    }
    question.note = with_conflict(&question.note, field, theirs);
}

/// Records a conflict in an annotation: the tag, and theirs as a reply.
fn mark_annotation(annotation: &mut Annotation, field: &str, theirs: &str) {
    let tag = format!("conflict/{field}");
    if !annotation.tags.contains(&tag) {
        annotation.tags.push(tag);
    }
    let note = if field == "deleted" {
        theirs.to_owned()
    } else {
        format!("Their version of {field}: {theirs}")
    };
    annotation.replies.push(Reply {
        note,
        author: MERGE_AUTHOR.to_owned(),
        created: now_rfc3339(),
    });
}

/// Records a conflict in a link: the tag, and theirs appended to the note.
fn mark_link(link: &mut LinkAnnotation, field: &str, theirs: &str) {
    let tag = format!("conflict/{field}");
    if !link.tags.contains(&tag) {
        link.tags.push(tag);
    }
    link.note = with_conflict(&link.note, field, theirs);
}

/// A text the user reads (a note of an item that has no replies, the layer's description) with their
/// side of a conflict appended, marked `[conflict/<field>]`.
fn with_conflict(note: &str, field: &str, theirs: &str) -> String {
    let addition = if field == "deleted" {
        format!("[conflict/deleted] {theirs}")
    } else {
        format!("[conflict/{field}] their version: {theirs}")
    };
    if note.is_empty() {
        addition
    } else {
        format!("{note}\n\n{addition}")
    }
}

/// Keys items by ID (a repeated ID gets `#2`, `#3`, …; no ID: the whole content), in order.
fn keyed<T: Serialize>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<(String, &T)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let key = match id(item) {
                id if id.is_empty() => format!("content:{}", show(item)),
                id => id.clone(),
            };
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            let key = if *count > 1 {
                format!("{key}#{count}")
            } else {
                key
            };
            (key, item)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn merge_items<T: Clone + PartialEq + Serialize>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String + Copy,
    merge_one: impl Fn(Option<&T>, &T, &T) -> (T, FieldConflicts),
    mark: impl Fn(&mut T, &str, &str),
    conflicts: &mut Vec<Conflict>,
) -> Vec<T> {
    let base: BTreeMap<String, &T> = keyed(base, id).into_iter().collect();
    let theirs_keyed = keyed(theirs, id);
    let theirs_map: BTreeMap<String, &T> = theirs_keyed.iter().cloned().collect();
    let ours_keyed = keyed(ours, id);
    let ours_map: BTreeMap<String, &T> = ours_keyed.iter().cloned().collect();
    let mut out = Vec::new();
    let mut record = |item: &mut T, key: &str, field: &str, ours: String, theirs: String| {
        mark(item, field, &theirs);
        conflicts.push(Conflict {
            id: key.to_owned(),
            field: field.to_owned(),
            ours,
            theirs,
        });
    };
    // Ours in order, then what only theirs has.
    for (key, o) in &ours_keyed {
        let b = base.get(key).copied();
        match (b, theirs_map.get(key).copied()) {
            (_, Some(t)) => {
                let (mut merged, fields) = merge_one(b, o, t);
                for (field, ours_value, theirs_value) in fields {
                    record(&mut merged, key, &field, ours_value, theirs_value);
                }
                out.push(merged);
            }
            // Deleted by theirs: gone, unless ours changed it.
            (Some(b), None) if *b == **o => {}
            (Some(_), None) => {
                let mut kept = (*o).clone();
                record(
                    &mut kept,
                    key,
                    "deleted",
                    "changed".into(),
                    "Deleted in their version, changed in ours; kept.".into(),
                );
                out.push(kept);
            }
            (None, None) => out.push((*o).clone()),
        }
    }
    for (key, t) in &theirs_keyed {
        if ours_map.contains_key(key) {
            continue;
        }
        match base.get(key).copied() {
            // Deleted by ours: gone, unless theirs changed it.
            Some(b) if *b == **t => {}
            Some(_) => {
                let mut kept = (*t).clone();
                record(
                    &mut kept,
                    key,
                    "deleted",
                    "deleted".into(),
                    "Deleted in our version, changed in theirs; kept.".into(),
                );
                out.push(kept);
            }
            None => out.push((*t).clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::Anchor;
    use crate::model::ProvisionId;

    fn note(id: &str, text: &str) -> Annotation {
        let provision = ProvisionId::parse("uncc:art_24").expect("a well-formed ID");
        Annotation {
            id: id.into(),
            note: text.into(),
            ..Annotation::on(Anchor::bare(provision))
        }
    }

    fn layer(annotations: Vec<Annotation>) -> AnnotationFile {
        AnnotationFile {
            annotations,
            ..AnnotationFile::default()
        }
    }

    #[test]
    fn independent_edits_combine() {
        let base = layer(vec![note("a", "one"), note("b", "two")]);
        let mut ours = base.clone();
        ours.annotations[0].note = "ONE".into();
        ours.annotations.push(note("c", "ours"));
        let mut theirs = base.clone();
        theirs.annotations[0].tags.push("x".into());
        theirs.annotations.retain(|a| a.id != "b");
        theirs.annotations.push(note("d", "theirs"));
        let merged = merge(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
        let ids: Vec<&str> = merged
            .file
            .annotations
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["a", "c", "d"],
            "b deleted by theirs, unchanged by ours"
        );
        assert_eq!(merged.file.annotations[0].note, "ONE");
        assert_eq!(merged.file.annotations[0].tags, ["x"]);
    }

    #[test]
    fn the_same_field_changed_two_ways_keeps_ours_and_records_theirs() {
        let base = layer(vec![note("a", "one")]);
        let mut ours = base.clone();
        ours.annotations[0].note = "ours".into();
        let mut theirs = base.clone();
        theirs.annotations[0].note = "theirs".into();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].field, "note");
        let a = &merged.file.annotations[0];
        assert_eq!(a.note, "ours");
        assert!(a.tags.contains(&"conflict/note".to_owned()));
        assert_eq!(a.replies[0].note, "Their version of note: theirs");
        assert_eq!(a.replies[0].author, MERGE_AUTHOR);
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other_is_kept_as_a_conflict() {
        let base = layer(vec![note("a", "one")]);
        let ours = layer(Vec::new());
        let mut theirs = base.clone();
        theirs.annotations[0].note = "changed".into();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.file.annotations.len(), 1);
        assert_eq!(merged.conflicts[0].field, "deleted");
    }
}
