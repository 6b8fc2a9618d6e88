//! What every hand-edited file the app opens has in common, whatever its kind (a layer, a lesson, the
//! kinds coming next): a [`DocumentId`] that names it for as long as it is open, and an undo
//! [`History`] of inverse edits bounded by memory.
//!
//! A document is never named by its position in a list: dialogs, drafts, background tasks and links
//! hold its ID, and an ID whose document was closed finds nothing (the caller says so) instead of
//! finding the neighbour that moved into its place.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// The name of one open document for the whole run: allocated once when the document is opened or
/// made, never reused (not even after the document is closed), so a command or dialog that outlives
/// its document refers to nothing rather than to another document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(u64);

/// The next ID to hand out; process-wide, so two workspaces never share one either.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl DocumentId {
    /// A new ID, different from every other handed out in this run.
    pub fn fresh() -> DocumentId {
        DocumentId(NEXT_ID.fetch_add(1, Ordering::Relaxed))
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "document #{}", self.0)
    }
}

/// Why a document (a layer, a lesson) may not be edited or written to its own file. The window shows it
/// beside the document; for the reasons that come from the file's text, saving a copy elsewhere is the
/// way out, and the original is never rewritten.
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
    /// The reason for a file with the user's comments at these places (`line:col`), if it has any.
    pub fn for_comments(comments: &[(usize, usize)]) -> Option<ReadOnlyReason> {
        comments
            .first()
            .map(|&(line, col)| ReadOnlyReason::Comments {
                line,
                col,
                count: comments.len(),
            })
    }

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

/// A change to a document that can be carried out and that gives back the change that undoes it.
pub trait InverseEdit: Sized {
    /// What the edit changes (a layer's file, a lesson).
    type Target;
    type Error;
    /// Carries out the edit and returns its inverse; on an error the target is unchanged.
    fn apply(self, target: &mut Self::Target) -> Result<Self, Self::Error>;
    /// About how many bytes the edit keeps in memory (its own size and the text it holds).
    fn memory_estimate(&self) -> usize;
}

/// How much memory the undo history of one window may hold: 8 MiB. When a new edit would pass it,
/// the oldest edits are forgotten first (the newest one is always kept, however large, so the last
/// change can always be undone).
pub const UNDO_MEMORY_BUDGET: usize = 8 * 1024 * 1024;

/// One remembered edit: the document it belongs to and what undoes (or redoes) it.
#[derive(Clone, Debug)]
struct Entry<E> {
    document: DocumentId,
    edit: E,
    bytes: usize,
}

/// Which way a step through the history goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Undo,
    Redo,
}

/// The undo and redo stacks of every open document of one kind, as inverse edits. Each entry keeps only
/// what its edit changed (one note, one name), never a copy of the whole file, and the whole history
/// stays within a memory budget ([`UNDO_MEMORY_BUDGET`] unless told otherwise), the oldest edits going
/// first.
#[derive(Clone, Debug)]
pub struct History<E> {
    undo: VecDeque<Entry<E>>,
    redo: Vec<Entry<E>>,
    /// The estimated bytes of `undo` and of `redo`.
    undo_bytes: usize,
    redo_bytes: usize,
    budget: usize,
}

impl<E: InverseEdit> Default for History<E> {
    fn default() -> Self {
        History::with_budget(UNDO_MEMORY_BUDGET)
    }
}

impl<E: InverseEdit> History<E> {
    /// An empty history that keeps at most about `budget` bytes of edits.
    pub fn with_budget(budget: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            undo_bytes: 0,
            redo_bytes: 0,
            budget,
        }
    }

    /// Remembers the inverse of a new edit of `document`; what could be redone is forgotten (the new
    /// edit starts another branch), and the oldest edits go while the history is over its budget.
    pub fn record(&mut self, document: DocumentId, inverse: E) {
        self.redo.clear();
        self.redo_bytes = 0;
        self.push(Step::Undo, document, inverse);
    }

    /// Takes the newest edit that undoes (or redoes) a change: its document and the edit.
    pub fn pop(&mut self, step: Step) -> Option<(DocumentId, E)> {
        let entry = match step {
            Step::Undo => self.undo.pop_back().inspect(|e| self.undo_bytes -= e.bytes),
            Step::Redo => self.redo.pop().inspect(|e| self.redo_bytes -= e.bytes),
        }?;
        Some((entry.document, entry.edit))
    }

    /// Keeps the inverse of an undo for redo (or of a redo for undo), without forgetting the other way.
    pub fn push(&mut self, step: Step, document: DocumentId, edit: E) {
        let bytes = std::mem::size_of::<Entry<E>>() + edit.memory_estimate();
        let entry = Entry {
            document,
            edit,
            bytes,
        };
        match step {
            Step::Undo => {
                self.undo_bytes += bytes;
                self.undo.push_back(entry);
            }
            Step::Redo => {
                self.redo_bytes += bytes;
                self.redo.push(entry);
            }
        }
        self.trim();
    }

    /// Forgets the oldest undo entries while the history is over its budget, keeping the newest.
    fn trim(&mut self) {
        while self.undo_bytes + self.redo_bytes > self.budget && self.undo.len() > 1 {
            if let Some(oldest) = self.undo.pop_front() {
                self.undo_bytes -= oldest.bytes;
            }
        }
    }

    /// Forgets every edit of a closed document (the others keep theirs).
    pub fn forget(&mut self, document: DocumentId) {
        self.undo.retain(|entry| entry.document != document);
        self.redo.retain(|entry| entry.document != document);
        self.undo_bytes = self.undo.iter().map(|entry| entry.bytes).sum();
        self.redo_bytes = self.redo.iter().map(|entry| entry.bytes).sum();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many edits can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// About how many bytes the history holds (see [`InverseEdit::memory_estimate`]).
    pub fn memory_estimate(&self) -> usize {
        self.undo_bytes + self.redo_bytes
    }

    /// Carries out the newest entry of `step` on the document `target` finds, keeping its inverse for
    /// the other way; the document it changed, or None when there was nothing to do. An entry whose
    /// document is gone or that no longer applies is dropped (the next call tries the one before).
    pub fn step<'a>(
        &mut self,
        step: Step,
        target: impl FnOnce(DocumentId) -> Option<&'a mut E::Target>,
    ) -> Option<DocumentId>
    where
        E::Target: 'a,
    {
        let (document, edit) = self.pop(step)?;
        let inverse = edit.apply(target(document)?).ok()?;
        let other = match step {
            Step::Undo => Step::Redo,
            Step::Redo => Step::Undo,
        };
        self.push(other, document, inverse);
        Some(document)
    }
}

/// About how many bytes a value holds, counting the text of its serialized form (close to the bytes of
/// its strings) and its own size: an estimate for [`InverseEdit::memory_estimate`], not an exact count.
pub fn serialized_size<T: serde::Serialize>(value: &T) -> usize {
    std::mem::size_of::<T>() + ron::to_string(value).map_or(0, |text| text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appends a word; undone by removing it.
    #[derive(Debug)]
    enum Words {
        Push(String),
        Pop,
    }

    impl InverseEdit for Words {
        type Target = Vec<String>;
        type Error = ();
        fn apply(self, target: &mut Vec<String>) -> Result<Words, ()> {
            match self {
                Words::Push(word) => {
                    target.push(word);
                    Ok(Words::Pop)
                }
                Words::Pop => target.pop().map(Words::Push).ok_or(()),
            }
        }
        fn memory_estimate(&self) -> usize {
            match self {
                Words::Push(word) => word.len(),
                Words::Pop => 0,
            }
        }
    }

    #[test]
    fn ids_are_never_reused() {
        let ids: Vec<DocumentId> = (0..100).map(|_| DocumentId::fresh()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
    }

    #[test]
    fn the_oldest_edits_go_first_when_over_budget_and_the_newest_stays() {
        let document = DocumentId::fresh();
        let entry = std::mem::size_of::<Entry<Words>>();
        let budget = 3 * (entry + 1000);
        let mut history = History::with_budget(budget);
        for word in ["a", "b", "c", "d", "e"] {
            history.record(document, Words::Push(word.repeat(1000)));
        }
        assert_eq!(history.undo_len(), 3);
        assert!(history.memory_estimate() <= budget);
        let kept: Vec<String> = std::iter::from_fn(|| history.pop(Step::Undo))
            .filter_map(|(_, edit)| match edit {
                Words::Push(word) => word.get(..1).map(str::to_owned),
                Words::Pop => None,
            })
            .collect();
        assert_eq!(kept, ["e", "d", "c"], "the oldest went first");
        let mut small = History::with_budget(10);
        small.record(document, Words::Push("x".repeat(100)));
        assert_eq!(small.undo_len(), 1, "the newest edit is kept over budget");
    }

    #[test]
    fn undo_then_redo_gives_back_the_same_state() {
        let document = DocumentId::fresh();
        let mut words = Vec::new();
        let mut history = History::default();
        for word in ["one", "two"] {
            let inverse = Words::Push(word.to_owned()).apply(&mut words).unwrap();
            history.record(document, inverse);
        }
        let after = words.clone();
        assert_eq!(
            history.step(Step::Undo, |_| Some(&mut words)),
            Some(document)
        );
        assert_eq!(words, ["one"]);
        assert_eq!(
            history.step(Step::Redo, |_| Some(&mut words)),
            Some(document)
        );
        assert_eq!(words, after);
        history.forget(document);
        assert!(!history.can_undo() && !history.can_redo());
        assert_eq!(history.memory_estimate(), 0);
    }
}
