//! Anchors: where an annotation sits in a provision, and how it is found again when the text changes.
//!
//! An anchor is the provision ID, the exact quote with up to [`CONTEXT_CHARS`] characters of context on
//! each side, character offsets and a hash of the provision text. Resolving tries the offsets (checked
//! against the quote), then the exact quote (the occurrence whose context fits best), then a close match;
//! what fails is an orphan. This is the only resolver: the reader's highlights and every export's note
//! placement come from it.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::{Library, ProvisionId};

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Where an annotation sits: a whole provision (empty quote) or a quoted range inside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub provision: ProvisionId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// Character offsets of the quote in the provision text.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub end: usize,
    /// FNV-1a hash of the provision text when the anchor was made (hex), to notice changed texts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_hash: String,
    /// The user decided the quote no longer has a place in the text ("Keep as orphan"): it is not
    /// looked for again, and stays in the file as written.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphan: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

// Empty fields are left out of saved files: shorter files, and hand-written ones look the same.
fn is_zero(value: &usize) -> bool {
    *value == 0
}

/// 64-bit FNV-1a of a text ([`super::fsio::hash_bytes`], the one FNV), as 16 hex digits: stable
/// across platforms and versions.
pub fn text_hash(text: &str) -> String {
    format!("{:016x}", super::fsio::hash_bytes(text.as_bytes()))
}

fn char_to_byte(text: &str, char_offset: usize) -> Option<usize> {
    match text.char_indices().nth(char_offset) {
        Some((byte, _)) => Some(byte),
        None => (text.chars().count() == char_offset).then_some(text.len()),
    }
}

fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

impl Anchor {
    /// An anchor on a provision with nothing else recorded (as a hand-written file may have it).
    pub fn bare(provision: ProvisionId) -> Anchor {
        Anchor {
            provision,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 0,
            text_hash: String::new(),
            orphan: false,
        }
    }

    /// An anchor on the whole provision.
    pub fn whole(provision: &ProvisionId, text: &str) -> Anchor {
        Anchor {
            text_hash: text_hash(text),
            ..Anchor::bare(provision.clone())
        }
    }

    /// An anchor on `byte_range` of the provision's `text`.
    pub fn quote(provision: &ProvisionId, text: &str, byte_range: Range<usize>) -> Anchor {
        let start = byte_to_char(text, byte_range.start);
        let end = byte_to_char(text, byte_range.end);
        let prefix: String = {
            let before: Vec<char> = text[..byte_range.start].chars().collect();
            before[before.len().saturating_sub(CONTEXT_CHARS)..]
                .iter()
                .collect()
        };
        let suffix: String = text[byte_range.end..].chars().take(CONTEXT_CHARS).collect();
        Anchor {
            provision: provision.clone(),
            quote: text[byte_range].to_owned(),
            prefix,
            suffix,
            start,
            end,
            text_hash: text_hash(text),
            orphan: false,
        }
    }

    pub fn is_whole_provision(&self) -> bool {
        self.quote.is_empty()
    }
}

/// How an anchor was found in the current text.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// At its recorded offsets (byte range in the provision text; empty range = whole provision).
    Exact(Range<usize>),
    /// The exact quote, somewhere else in the provision.
    Moved(Range<usize>),
    /// A slightly different quote (similarity 0..1).
    Fuzzy(Range<usize>, f64),
    Orphan(OrphanReason),
    /// Not looked for yet: the window looks for anchors within a time budget per frame (see
    /// [`crate::annotations::Workspace::resolutions_within`]) and finds this one on a later frame.
    /// Never returned by [`resolve`], nor seen by exports or the command line.
    Searching,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrphanReason {
    UnknownProvision,
    /// The provision's instrument (its ID prefix) is not loaded: the note is kept as written and found
    /// again when the instrument is.
    InstrumentNotLoaded(String),
    QuoteNotFound,
    /// Marked "Keep as orphan" by the user ([`Anchor::orphan`]).
    KeptByUser,
}

impl fmt::Display for OrphanReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrphanReason::UnknownProvision => f.write_str("the provision ID does not exist"),
            OrphanReason::InstrumentNotLoaded(prefix) => write!(
                f,
                "its instrument `{prefix}` is not loaded (open it with --instrument FILE, or import it)"
            ),
            OrphanReason::QuoteNotFound => {
                f.write_str("the quoted text is no longer in the provision")
            }
            OrphanReason::KeptByUser => f.write_str("kept as an orphan by its author"),
        }
    }
}

impl Resolution {
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Resolution::Exact(range) | Resolution::Moved(range) | Resolution::Fuzzy(range, _) => {
                Some(range.clone())
            }
            Resolution::Orphan(_) | Resolution::Searching => None,
        }
    }

    pub fn is_orphan(&self) -> bool {
        matches!(self, Resolution::Orphan(_))
    }
}

/// Finds `anchor` in the provision `text`.
pub fn resolve_in(anchor: &Anchor, text: &str) -> Resolution {
    if anchor.orphan {
        return Resolution::Orphan(OrphanReason::KeptByUser);
    }
    if anchor.is_whole_provision() {
        return Resolution::Exact(0..0);
    }
    // 1. Recorded position, checked against the quote.
    if let (Some(start), Some(end)) = (
        char_to_byte(text, anchor.start),
        char_to_byte(text, anchor.end),
    ) && start <= end
        && text.get(start..end) == Some(anchor.quote.as_str())
    {
        return Resolution::Exact(start..end);
    }
    // 2. The exact quote elsewhere; with several, the one whose context matches best, then the nearest.
    let occurrences: Vec<usize> = text
        .match_indices(anchor.quote.as_str())
        .map(|(at, _)| at)
        .collect();
    if !occurrences.is_empty() {
        let score = |&at: &usize| {
            let end = at + anchor.quote.len();
            let prefix_ok = text[..at].ends_with(anchor.prefix.as_str());
            let suffix_ok = text[end..].starts_with(anchor.suffix.as_str());
            let distance = byte_to_char(text, at).abs_diff(anchor.start);
            (
                !(prefix_ok && suffix_ok),
                !(prefix_ok || suffix_ok),
                distance,
            )
        };
        if let Some(&at) = occurrences.iter().min_by_key(|at| score(at)) {
            return Resolution::Moved(at..at + anchor.quote.len());
        }
    }
    // 3. A slightly changed quote: the window of similar length most like it, found with bounded work
    //    (see `fuzzy`).
    fuzzy_find(anchor, text).map_or(
        Resolution::Orphan(OrphanReason::QuoteNotFound),
        |(range, ratio)| Resolution::Fuzzy(range, ratio),
    )
}

fn fuzzy_find(anchor: &Anchor, text: &str) -> Option<(Range<usize>, f64)> {
    super::fuzzy::find(&anchor.quote, text).found
}

/// Resolves an anchor against the library.
pub fn resolve(anchor: &Anchor, library: &Library) -> Resolution {
    match library.get(&anchor.provision) {
        Some(provision) => resolve_in(anchor, &provision.text),
        None if library.instrument(anchor.provision.instrument()).is_none() => Resolution::Orphan(
            OrphanReason::InstrumentNotLoaded(anchor.provision.instrument().to_owned()),
        ),
        None => Resolution::Orphan(OrphanReason::UnknownProvision),
    }
}
