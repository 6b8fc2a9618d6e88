//! Case-insensitive search over both treaties — headings, provision texts and interpretative notes — and
//! over the notes, tags and replies of annotation layers.
//!
//! Matching folds case and typographic variants (curly quotes and apostrophes, en/em dashes), so
//! "party's" finds "Party’s". Hits carry byte ranges into the original text for highlighting.
//! [`rank`] orders the matches in the texts and in the notes together, most relevant first.

use std::ops::Range;

use serde::Serialize;

use std::collections::HashMap;

use crate::annotations::Layer;
use crate::definitions::Definition;
use crate::fold::{self, Case};
use crate::instrument::Instrument;
use crate::model::{Library, NodeIx, Provision, ProvisionId, Side, Treaty};

/// Where in a provision a hit lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Field {
    Heading,
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    #[serde(rename = "treaty")]
    pub side: Side,
    pub node: NodeIx,
    pub field: Field,
    /// Byte range in the original heading or text.
    pub range: Range<usize>,
}

/// One searchable string with its folded form and a map back to original byte offsets.
struct Entry {
    side: Side,
    node: NodeIx,
    field: Field,
    folded: String,
    /// `original_offset[i]` is the original byte offset of folded byte `i` (and one past the end).
    original_offset: Vec<usize>,
}

/// Pre-folded text of both treaties, built once so each query is a plain substring scan.
pub struct SearchIndex {
    entries: Vec<Entry>,
}

/// Folds `text` as [`crate::fold`] does for search (case ignored) and records, for every folded byte,
/// the original byte offset it came from (and one past the end).
fn fold_with_offsets(text: &str) -> (String, Vec<usize>) {
    let folded = fold::fold(text, Case::Ignore);
    let offsets = (folded.origin.iter().map(|origin| origin.start))
        .chain([text.len()])
        .collect();
    (folded.text, offsets)
}

/// Folds a query the same way the index is folded.
pub fn fold_query(query: &str) -> String {
    fold::fold_typed(query, Case::Ignore)
}

/// All case-insensitive occurrences of `needle` in `haystack`, as byte ranges of `haystack`.
pub fn find_all(haystack: &str, needle: &str) -> Vec<Range<usize>> {
    let needle = fold_query(needle);
    if needle.is_empty() {
        return Vec::new();
    }
    let (folded, offsets) = fold_with_offsets(haystack);
    matches_in(&folded, &offsets, &needle)
}

fn matches_in(folded: &str, offsets: &[usize], needle: &str) -> Vec<Range<usize>> {
    folded
        .match_indices(needle)
        .map(|(start, matched)| offsets[start]..offsets[start + matched.len()])
        .collect()
}

/// The searchable fields of a provision: its heading, then its text, where it has them.
fn fields(provision: &Provision) -> impl Iterator<Item = (Field, &str)> {
    let heading = provision.heading.as_deref().map(|h| (Field::Heading, h));
    let text = (!provision.text.is_empty()).then_some((Field::Text, provision.text.as_str()));
    heading.into_iter().chain(text)
}

/// A hit in an instrument that is on neither side (an imported law the command line searches).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstrumentHit {
    pub node: NodeIx,
    pub field: Field,
    /// Byte range in the original heading or text.
    pub range: Range<usize>,
}

/// Every hit in one instrument's headings and texts, in document order. An empty query finds nothing.
pub fn search_instrument(instrument: &Instrument, query: &str) -> Vec<InstrumentHit> {
    let needle = fold_query(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (node, provision) in instrument.nodes.iter().enumerate() {
        for (field, text) in fields(provision) {
            let (folded, offsets) = fold_with_offsets(text);
            hits.extend(
                matches_in(&folded, &offsets, &needle)
                    .into_iter()
                    .map(|range| InstrumentHit { node, field, range }),
            );
        }
    }
    hits
}

impl SearchIndex {
    pub fn new(library: &Library) -> SearchIndex {
        let mut entries = Vec::new();
        for key in Side::ALL {
            let treaty = library.treaty(key);
            for (node, provision) in treaty.nodes.iter().enumerate() {
                for (field, text) in fields(provision) {
                    let (folded, original_offset) = fold_with_offsets(text);
                    entries.push(Entry {
                        side: key,
                        node,
                        field,
                        folded,
                        original_offset,
                    });
                }
            }
        }
        SearchIndex { entries }
    }

    /// Every hit in document order, UN Convention first. An empty query finds nothing.
    pub fn search(&self, query: &str) -> Vec<SearchHit> {
        let needle = fold_query(query);
        if needle.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .flat_map(|entry| {
                matches_in(&entry.folded, &entry.original_offset, &needle)
                    .into_iter()
                    .map(|range| SearchHit {
                        side: entry.side,
                        node: entry.node,
                        field: entry.field,
                        range,
                    })
            })
            .collect()
    }
}

/// Number of hits per treaty, in `Side::ALL` order.
pub fn count_by_treaty(hits: &[SearchHit]) -> [(Side, usize); 2] {
    Side::ALL.map(|key| (key, hits.iter().filter(|hit| hit.side == key).count()))
}

/// A one-line excerpt around a hit, with the match in «guillemets», for plain-text listings.
pub fn excerpt(treaty: &Treaty, hit: &SearchHit, context_chars: usize) -> String {
    excerpt_in(
        treaty.node(hit.node),
        hit.field,
        hit.range.clone(),
        context_chars,
    )
}

/// The excerpt around a range of a provision's heading or text.
pub fn excerpt_in(
    node: &Provision,
    field: Field,
    range: Range<usize>,
    context_chars: usize,
) -> String {
    let text = match field {
        Field::Heading => node.heading.as_deref().unwrap_or(""),
        Field::Text => &node.text,
    };
    excerpt_around(text, range, context_chars)
}

/// Where in an annotation layer a hit lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum NoteField {
    /// An annotation's note.
    Note,
    Tag,
    /// A reply in an annotation's thread.
    Reply,
    /// A link's note.
    LinkNote,
}

impl NoteField {
    pub fn label(self) -> &'static str {
        match self {
            NoteField::Note => "note",
            NoteField::Tag => "tag",
            NoteField::Reply => "reply",
            NoteField::LinkNote => "link note",
        }
    }
}

/// A match in the words of an annotation layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteHit {
    /// Index of the layer in the list searched.
    pub layer: usize,
    /// The annotation's or link's ID.
    pub item: String,
    /// The provision the annotation is on (a link's first end).
    pub provision: ProvisionId,
    pub field: NoteField,
    /// The searched words (the note, tag or reply) and the match in them.
    pub text: String,
    pub range: Range<usize>,
}

impl NoteHit {
    /// A one-line excerpt around the match, as [`excerpt`] gives for the texts.
    pub fn excerpt(&self, context_chars: usize) -> String {
        excerpt_around(&self.text, self.range.clone(), context_chars)
    }
}

/// Every match of `query` in the notes, tags and replies of `layers`, in layer and file order. A reply
/// a layer keeps to another layer's note (`replies_to`) is found under that note, when its layer is among
/// `layers`.
pub fn search_layers<'a>(layers: impl IntoIterator<Item = &'a Layer>, query: &str) -> Vec<NoteHit> {
    let mut hits = Vec::new();
    if fold_query(query).is_empty() {
        return hits;
    }
    let layers: Vec<&Layer> = layers.into_iter().collect();
    for (layer_index, layer) in layers.iter().enumerate() {
        let mut push = |item: &str, provision: &ProvisionId, field: NoteField, text: &str| {
            for range in find_all(text, query) {
                hits.push(NoteHit {
                    layer: layer_index,
                    item: item.to_owned(),
                    provision: provision.clone(),
                    field,
                    text: text.to_owned(),
                    range,
                });
            }
        };
        for annotation in &layer.file.annotations {
            let provision = &annotation.anchor.provision;
            push(&annotation.id, provision, NoteField::Note, &annotation.note);
            for tag in &annotation.tags {
                push(&annotation.id, provision, NoteField::Tag, tag);
            }
            for reply in &annotation.replies {
                push(&annotation.id, provision, NoteField::Reply, &reply.note);
            }
        }
        for link in &layer.file.links {
            let Some(first) = link.ends.first() else {
                continue;
            };
            push(&link.id, &first.provision, NoteField::LinkNote, &link.note);
            for tag in &link.tags {
                push(&link.id, &first.provision, NoteField::Tag, tag);
            }
        }
        for reply in &layer.file.replies_to {
            let answered = layers
                .iter()
                .enumerate()
                .filter(|&(index, _)| index != layer_index)
                .flat_map(|(_, other)| {
                    other
                        .file
                        .annotations
                        .iter()
                        .filter(|a| reply.answers(other.name(), &a.id))
                })
                .next();
            if let Some(annotation) = answered {
                let provision = &annotation.anchor.provision;
                push(&annotation.id, provision, NoteField::Reply, &reply.note);
            }
        }
    }
    hits
}

/// A match found by a search: in a treaty (index into the text hits) or in a layer's words (index into
/// the note hits). Text matches come before note matches where relevance is equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Found {
    Text(usize),
    Note(usize),
}

/// A match with its relevance ([`rank`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub found: Found,
    pub score: u32,
}

/// How much one match weighs, by where it lies: a heading, a term where its definition names it, or
/// a tag say what the place is about (3); a note, reply or link note is someone's reading of the
/// place (2); a provision's text may use the word in passing (1).
fn weight_of_place(heading_term_or_tag: bool, note: bool) -> u32 {
    match (heading_term_or_tag, note) {
        (true, _) => 3,
        (false, true) => 2,
        (false, false) => 1,
    }
}

/// Whether `range` of `text` is whole words: no letter or digit touches either end.
fn is_whole_words(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).and_then(|t| t.chars().next_back());
    let after = text.get(range.end..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether a text hit is a defined term in the provision that defines it ("service provider" in UN
/// Art. 2(e)).
fn is_defined_term(library: &Library, definitions: &[Definition], hit: &SearchHit) -> bool {
    let node = library.treaty(hit.side).node(hit.node);
    let Some(words) = node.text.get(hit.range.clone()) else {
        return false;
    };
    definitions
        .iter()
        .any(|d| d.id == node.id && fold_query(&d.term) == fold_query(words))
}

/// The text and note matches of one search ranked together, most relevant first. Relevance, one rule
/// for the window and `crosswalk search`:
/// - a match weighs 3 in a heading, on a term where it is defined, or in a tag; 2 in a note, a reply
///   or a link note; 1 in a provision's text; twice that when it is whole words ("encryption", not
///   inside "preencryption");
/// - a match scores the weights of every match in its provision or note together, so a place with
///   more (or weightier) matches ranks higher and its matches stay together;
/// - equal scores keep document order: the treaties (UN first), then the layers in file order.
pub fn rank(
    library: &Library,
    definitions: &[Definition],
    hits: &[SearchHit],
    note_hits: &[NoteHit],
) -> Vec<Ranked> {
    let text_weight = |hit: &SearchHit| {
        let node = library.treaty(hit.side).node(hit.node);
        let text = match hit.field {
            Field::Heading => node.heading.as_deref().unwrap_or(""),
            Field::Text => &node.text,
        };
        let strong = hit.field == Field::Heading || is_defined_term(library, definitions, hit);
        weight_of_place(strong, false) * (1 + u32::from(is_whole_words(text, &hit.range)))
    };
    let note_weight = |hit: &NoteHit| {
        weight_of_place(hit.field == NoteField::Tag, true)
            * (1 + u32::from(is_whole_words(&hit.text, &hit.range)))
    };
    // Per place: the summed weight of its matches, and its first match (where the place stands in
    // document order).
    let mut provisions: HashMap<(Side, NodeIx), (u32, usize)> = HashMap::new();
    for (index, hit) in hits.iter().enumerate() {
        provisions
            .entry((hit.side, hit.node))
            .or_insert((0, index))
            .0 += text_weight(hit);
    }
    let mut notes: HashMap<(usize, &str), (u32, usize)> = HashMap::new();
    for (index, hit) in note_hits.iter().enumerate() {
        notes
            .entry((hit.layer, hit.item.as_str()))
            .or_insert((0, index))
            .0 += note_weight(hit);
    }
    let mut keyed: Vec<(std::cmp::Reverse<u32>, Found, Found)> = hits
        .iter()
        .enumerate()
        .map(|(index, hit)| {
            let (score, first) = provisions[&(hit.side, hit.node)];
            (
                std::cmp::Reverse(score),
                Found::Text(first),
                Found::Text(index),
            )
        })
        .chain(note_hits.iter().enumerate().map(|(index, hit)| {
            let (score, first) = notes[&(hit.layer, hit.item.as_str())];
            (
                std::cmp::Reverse(score),
                Found::Note(first),
                Found::Note(index),
            )
        }))
        .collect();
    // By score, then by where the place first occurs, so that one place's matches stay together.
    keyed.sort_unstable();
    keyed
        .into_iter()
        .map(|(std::cmp::Reverse(score), _, found)| Ranked { found, score })
        .collect()
}

/// `context_chars` characters on each side of `range` in `text`, the match in «guillemets», the line
/// breaks of notes shown as spaces.
fn excerpt_around(text: &str, range: Range<usize>, context_chars: usize) -> String {
    let flat = |part: &str| part.replace(['\n', '\r', '\t'], " ");
    let before: String = {
        let chars: Vec<char> = text[..range.start].chars().collect();
        let skip = chars.len().saturating_sub(context_chars);
        let prefix = if skip > 0 { "…" } else { "" };
        format!("{prefix}{}", chars[skip..].iter().collect::<String>())
    };
    let after: String = {
        let rest = &text[range.end..];
        let taken: String = rest.chars().take(context_chars).collect();
        let suffix = if taken.len() < rest.len() { "…" } else { "" };
        format!("{taken}{suffix}")
    };
    flat(&format!("{before}«{}»{after}", &text[range]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_folds_case_and_typography() {
        let text = "the communication’s origin and the Service Provider";
        let ranges = find_all(text, "service provider");
        assert_eq!(ranges.len(), 1);
        assert_eq!(&text[ranges[0].clone()], "Service Provider");
        let ranges = find_all(text, "COMMUNICATION'S");
        assert_eq!(&text[ranges[0].clone()], "communication’s");
        assert!(find_all(text, "   ").is_empty());
    }

    #[test]
    fn a_match_is_whole_words_when_no_letter_or_digit_touches_it() {
        let text = "preencryption, encryption and encryption2";
        let whole: Vec<bool> = find_all(text, "encryption")
            .iter()
            .map(|range| is_whole_words(text, range))
            .collect();
        assert_eq!(whole, [false, true, false]);
    }

    #[test]
    fn search_collapses_query_whitespace() {
        assert_eq!(
            find_all("service provider", "service   provider"),
            vec![0..16]
        );
    }
}
