//! User annotations kept in human-editable RON files: notes and tags anchored to text, typed links
//! between provisions, and safeguard marks.
//!
//! - [`anchor`]: where a note sits (provision ID, quote, context, offsets) and how it is found again in
//!   the current text — the one anchor resolver the reader and every export use.
//! - [`fuzzy`]: the close match for a quote whose words changed, with bounded work.
//! - [`file`]: the schema of a layer file, parsing with `file:line:col` errors, canonical writing, `check`.
//! - [`scan`]: where things are in a file's text (items, comments), and the text checks before parsing.
//! - [`fsio`]: bounded reads, atomic writes with a backup (also used by exports), [`DiskState`].
//! - [`workspace`]: the open layers, named by their `DocumentId`; every edit goes through one function
//!   with undo; saving, close prompts, changes on disk, read-only reasons.
//! - [`layer_edit`]: an edit of a layer's file as an inverse edit, what undo keeps.
//! - [`journal`]: unsaved edits kept on disk, offered back after a crash.
//! - [`merge`]: three-way merge of a layer (the git merge driver and the window's Merge).
//! - [`matrix`]: the safeguards matrix, built from `SafeguardFor` links.
//! - [`question`]: a question of a brief, answered for both treaties (kept in layers beside notes).

pub mod anchor;
pub mod file;
pub mod fsio;
pub mod fuzzy;
pub mod journal;
pub mod layer_edit;
pub mod matrix;
pub mod merge;
pub mod question;
pub mod scan;
pub mod workspace;

pub use anchor::{Anchor, CONTEXT_CHARS, OrphanReason, Resolution, resolve, resolve_in, text_hash};
pub use file::{
    Annotation, AnnotationError, AnnotationFile, CheckMessage, LinkAnnotation, LinkRelation,
    LoadedFile, MAX_FIELD_CHARS, MAX_FILE_BYTES, Reply, ReplyTo, SCHEMA_VERSION, check,
    check_structure, now_rfc3339, position_of_string, rfc3339,
};
pub use fsio::{
    ChangedOnDisk, DiskChange, DiskState, ReadError, WriteError, backup_path,
    save_bytes_atomically, save_text_atomically,
};
pub use journal::{Journal, JournalError, Recovered, Recovery};
pub use matrix::{MatrixRow, safeguards_matrix};
pub use merge::{Conflict, Merged};
pub use question::{Question, QuestionDraft, Source};
pub use workspace::{
    COMMENTARY_RON, EditError, Layer, LinkChange, LinkDraft, NoteDraft, QUESTIONS_RON,
    ReadOnlyReason, Resolutions, SAFEGUARDS_RON, ThreadReply, Workspace, commentary_layer,
    questions_layer, safeguards_layer,
};
