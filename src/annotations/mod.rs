//! User annotations kept in human-editable RON files: notes and tags anchored to text, typed links
//! between provisions, and safeguard marks.
//!
//! - [`anchor`]: where a note sits (provision ID, quote, context, offsets) and how it is found again in
//!   the current text — the one anchor resolver the reader and every export use.
//! - [`file`]: the schema of a layer file, parsing with `file:line:col` errors, canonical writing, `check`.
//! - [`fsio`]: bounded reads and atomic writes with a backup, also used by exports.
//! - [`workspace`]: the open layers; every edit goes through [`Workspace::apply`] with undo.
//! - [`matrix`]: the safeguards matrix, built from `SafeguardFor` links.

pub mod anchor;
pub mod file;
pub mod fsio;
pub mod matrix;
pub mod workspace;

pub use anchor::{Anchor, CONTEXT_CHARS, OrphanReason, Resolution, resolve, resolve_in, text_hash};
pub use file::{
    Annotation, AnnotationError, AnnotationFile, CheckMessage, LinkAnnotation, LinkRelation,
    MAX_FIELD_CHARS, MAX_FILE_BYTES, Reply, ReplyTo, SCHEMA_VERSION, check, now_rfc3339,
    position_of_string, rfc3339,
};
pub use fsio::{WriteError, backup_path, save_bytes_atomically, save_text_atomically};
pub use matrix::{MatrixRow, safeguards_matrix};
pub use workspace::{
    COMMENTARY_RON, EditError, Layer, LinkChange, LinkDraft, NoteDraft, Resolutions,
    SAFEGUARDS_RON, ThreadReply, Workspace, commentary_layer, safeguards_layer,
};
