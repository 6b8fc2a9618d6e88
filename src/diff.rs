//! Word-level comparison of linked provisions, optionally terminology-aware.
//!
//! The Budapest text (2001) is the base and the UN text (2024) the revision: words only in Budapest are
//! *deleted*, words only in the UN text are *inserted*. Provisions are first cut into sentences (items
//! and paragraphs are already separate), sentences are aligned one to one by word overlap, and only
//! then are words diffed inside each aligned pair, so a sentence never borrows words from an unrelated
//! paragraph. With terminology on, equivalent terms ("computer system" ↔ "information and
//! communications technology system") compare equal and are reported as `Equivalent`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use thiserror::Error;

use crate::fold::{self, Case};
use crate::instrument::InstrumentKey;
use crate::model::{Library, NodeIx, PerSide, ProvisionId, Side};
use crate::ron_source::SyntaxError;

/// The table of equivalent terms shipped in `texts/terms.ron`.
pub const TERMS_RON: &str = include_str!("../texts/terms.ron");

/// Two phrases for one thing: the table's first instrument's and its second's. In the shipped table
/// (the UN Convention first, the Budapest Convention second) the fields are written `uncc` and `bc`;
/// a table of other instruments may write them `first` and `second`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermPair {
    /// The first instrument's phrase.
    #[serde(alias = "first")]
    pub uncc: String,
    /// The second instrument's phrase.
    #[serde(alias = "second")]
    pub bc: String,
    #[serde(default)]
    pub note: String,
}

/// A table of equivalent terms between two instruments, named by their ID prefixes. The shipped one
/// (`texts/terms.ron`) pairs the UN Convention with the Budapest Convention and leaves
/// `instruments` out; an imported instrument's table is a file beside it (see ARCHITECTURE.md,
/// "Instruments and sides").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermTable {
    pub version: u32,
    /// The first and the second instrument of every entry.
    pub instruments: (InstrumentKey, InstrumentKey),
    pub terms: Vec<TermPair>,
}

impl Default for TermTable {
    fn default() -> TermTable {
        TermTable {
            version: 1,
            instruments: (
                InstrumentKey::of_treaty(Side::Revision),
                InstrumentKey::of_treaty(Side::Base),
            ),
            terms: Vec::new(),
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum TermsError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
}

impl TermTable {
    pub fn parse(text: &str, file: &str) -> Result<TermTable, TermsError> {
        ron::from_str(text).map_err(|error| SyntaxError::from_ron(file, &error).into())
    }

    pub fn embedded() -> Result<TermTable, TermsError> {
        TermTable::parse(TERMS_RON, "texts/terms.ron")
    }

    /// The same table read from the other instrument's side: each entry's phrases swapped.
    pub fn swapped(&self) -> TermTable {
        TermTable {
            version: self.version,
            instruments: (self.instruments.1.clone(), self.instruments.0.clone()),
            terms: self
                .terms
                .iter()
                .map(|pair| TermPair {
                    uncc: pair.bc.clone(),
                    bc: pair.uncc.clone(),
                    note: pair.note.clone(),
                })
                .collect(),
        }
    }
}

/// What happened to a stretch of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Equal,
    /// Different words that the term table declares equivalent.
    Equivalent,
    /// Only in the Budapest text.
    Deleted,
    /// Only in the UN text.
    Inserted,
}

/// A word or punctuation mark with its place in the source text and its comparison key, before
/// interning. Keys borrow from the text when it is already lower case (most words are).
#[derive(Clone, Debug, PartialEq)]
struct RawToken<'a> {
    range: Range<usize>,
    key: Cow<'a, str>,
    is_word: bool,
    /// Set when several words were folded into one term token.
    is_term: bool,
}

/// A token whose key is a number standing for its text within one comparison, so the diff and the
/// sentence alignment compare integers instead of hashing strings.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    range: Range<usize>,
    key: u32,
    is_word: bool,
    is_term: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The length in bytes of a bracketed label ("(a)", "(iv)", "(12)") at the start of `text`.
fn bracketed_label_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('(')?;
    let close = inner.find(')')?;
    let label = &inner[..close];
    let short = (1..=4).contains(&label.chars().count());
    (short && label.chars().all(|c| c.is_alphanumeric())).then_some(close + 2)
}

/// Words (letters/digits, with inner hyphens and apostrophes), bracketed labels and single punctuation
/// marks.
fn tokenize(text: &str) -> Vec<RawToken<'_>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        // An item label or cross-reference such as "(a)", "(ii)" or "(12)" is one token, so the diff
        // never pulls its brackets away from its letters ("( a.)" in a merged reading).
        if let Some(len) = bracketed_label_len(&text[start..]) {
            for _ in 1..text[start..start + len].chars().count() {
                chars.next();
            }
            let label = &text[start..start + len];
            let key = if label.chars().any(char::is_uppercase) {
                Cow::Owned(label.to_lowercase())
            } else {
                Cow::Borrowed(label)
            };
            tokens.push(RawToken {
                range: start..start + len,
                key,
                is_word: true,
                is_term: false,
            });
            continue;
        }
        if is_word_char(c) {
            let mut byte_end = start + c.len_utf8();
            while let Some(&(offset, next)) = chars.peek() {
                let joins = matches!(next, '-' | '\'' | '\u{2019}')
                    && text[offset + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                if is_word_char(next) || joins {
                    byte_end = offset + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[start..byte_end];
            // Keys ignore case (list items start with a capital in the UN text, not in Budapest's)
            // and typographic apostrophes, as `fold` says.
            let key = if word.chars().any(|c| fold::fold_char(c, Case::Ignore) != c) {
                Cow::Owned(fold::fold_typed(word, Case::Ignore))
            } else {
                Cow::Borrowed(word)
            };
            tokens.push(RawToken {
                range: start..byte_end,
                key,
                is_word: true,
                is_term: false,
            });
        } else {
            let byte_end = start + c.len_utf8();
            // Typographic marks compare as their plain forms (the one rule of `fold`).
            let plain = fold::typographic(c);
            let key = if plain == c {
                Cow::Borrowed(&text[start..byte_end])
            } else {
                Cow::Owned(plain.to_string())
            };
            tokens.push(RawToken {
                range: start..byte_end,
                key,
                is_word: false,
                is_term: false,
            });
        }
    }
    tokens
}

/// Numbers token keys within one comparison: equal keys get equal numbers.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    fn intern(&mut self, tokens: Vec<RawToken<'a>>) -> Vec<Token> {
        tokens
            .into_iter()
            .map(|token| {
                let next = self.ids.len() as u32;
                let key = match self.ids.get(token.key.as_ref()) {
                    Some(&id) => id,
                    None => *self.ids.entry(token.key).or_insert(next),
                };
                Token {
                    range: token.range,
                    key,
                    is_word: token.is_word,
                    is_term: token.is_term,
                }
            })
            .collect()
    }
}

/// Folds terms of one treaty into canonical tokens, longest phrase first.
#[derive(Clone, Debug, Default)]
pub struct Normaliser {
    /// Per treaty: phrases as lower-case word lists with their canonical key, longest first.
    phrases: PerSide<Vec<(Vec<String>, String)>>,
    /// Per treaty: first word → indices into `phrases` (still longest first), so each token only
    /// tries the phrases that can start with it.
    by_first_word: PerSide<HashMap<String, Vec<usize>>>,
}

impl Normaliser {
    pub fn new(table: &TermTable) -> Normaliser {
        let words_of = |phrase: &str| -> Vec<String> {
            tokenize(phrase)
                .into_iter()
                .filter(|t| t.is_word)
                .map(|t| t.key.into_owned())
                .collect()
        };
        // Pairs that share a phrase on the same side get one canonical key (union–find), so
        // "as criminal offences" (Budapest) can stand for both "as criminal offences" and "as a criminal
        // offence" in the UN text, while "State Party"/"Party" and "States Parties"/"Parties" stay apart.
        let count = table.terms.len();
        let mut parent: Vec<usize> = (0..count).collect();
        fn root(parent: &mut [usize], mut at: usize) -> usize {
            while parent[at] != at {
                parent[at] = parent[parent[at]];
                at = parent[at];
            }
            at
        }
        for a in 0..count {
            for b in a + 1..count {
                let (x, y) = (&table.terms[a], &table.terms[b]);
                if words_of(&x.uncc) == words_of(&y.uncc) || words_of(&x.bc) == words_of(&y.bc) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut phrases: PerSide<Vec<(Vec<String>, String)>> = PerSide::default();
        for (index, pair) in table.terms.iter().enumerate() {
            let canonical = format!("\u{27E8}term{}\u{27E9}", root(&mut parent, index));
            for (key, phrase) in [(Side::Revision, &pair.uncc), (Side::Base, &pair.bc)] {
                let words = words_of(phrase);
                if !words.is_empty() && !phrases[key].iter().any(|(known, _)| *known == words) {
                    phrases[key].push((words, canonical.clone()));
                }
            }
        }
        for key in Side::ALL {
            phrases[key].sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        let by_first_word = phrases.as_ref().map(|_, list| {
            let mut index_by_word: HashMap<String, Vec<usize>> = HashMap::new();
            for (index, (words, _)) in list.iter().enumerate() {
                index_by_word
                    .entry(words[0].clone())
                    .or_default()
                    .push(index);
            }
            index_by_word
        });
        Normaliser {
            phrases,
            by_first_word,
        }
    }

    /// Replaces every term phrase in `tokens` by one token keyed by its canonical term.
    fn apply<'a>(&'a self, key: Side, tokens: &[RawToken<'a>]) -> Vec<RawToken<'a>> {
        let phrases = &self.phrases[key];
        let mut out = Vec::with_capacity(tokens.len());
        let mut index = 0;
        while index < tokens.len() {
            let candidates = self.by_first_word[key]
                .get(tokens[index].key.as_ref())
                .map_or(&[][..], Vec::as_slice);
            let found = candidates
                .iter()
                .map(|&candidate| &phrases[candidate])
                .find(|(words, _)| {
                    index + words.len() <= tokens.len()
                        && words
                            .iter()
                            .zip(&tokens[index..])
                            .all(|(want, got)| got.is_word && *want == got.key)
                });
            match found {
                Some((words, canonical)) => {
                    let range =
                        tokens[index].range.start..tokens[index + words.len() - 1].range.end;
                    out.push(RawToken {
                        range,
                        key: Cow::Borrowed(canonical.as_str()),
                        is_word: true,
                        is_term: true,
                    });
                    index += words.len();
                }
                None => {
                    out.push(tokens[index].clone());
                    index += 1;
                }
            }
        }
        out
    }
}

/// One piece of a word diff, in the order of the merged (inline) reading.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    pub change: Change,
    /// Byte range in the Budapest sentence (empty for insertions).
    pub bc: Range<usize>,
    /// Byte range in the UN sentence (empty for deletions).
    pub uncc: Range<usize>,
}

/// Word diff of two strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WordDiff {
    pub pieces: Vec<Piece>,
    /// Words counted equal (including equivalent terms, each counted as one word on each side).
    pub equal_words: usize,
    pub bc_words: usize,
    pub uncc_words: usize,
}

impl WordDiff {
    /// Share of unchanged words: 2·equal / (words in both), 1.0 for two empty texts.
    pub fn similarity(&self) -> f64 {
        similarity(self.equal_words, self.bc_words, self.uncc_words)
    }

    /// The merged (inline) reading of the two sentences: the UN wording, with the Budapest words it
    /// replaces before it. Pieces are joined as their words stood in the treaty text (no space where
    /// there was none), so an item label such as "(a)" or "(ii)" is never pulled apart.
    pub fn merged<'a>(&self, bc_text: &'a str, uncc_text: &'a str) -> Vec<MergedPiece<'a>> {
        self.pieces
            .iter()
            .enumerate()
            .map(|(position, piece)| {
                let text = match piece.change {
                    Change::Deleted => bc_text.get(piece.bc.clone()),
                    _ => uncc_text.get(piece.uncc.clone()),
                }
                .unwrap_or_default();
                let space_before =
                    position > 0 && self.space_before(position, piece, bc_text, uncc_text);
                let replaces = match piece.change {
                    Change::Equivalent => bc_text.get(piece.bc.clone()).unwrap_or_default(),
                    _ => "",
                };
                MergedPiece {
                    space_before,
                    text,
                    replaces,
                    change: piece.change,
                }
            })
            .collect()
    }

    /// Whether the merged reading needs a space before piece `position`: where the piece's own text
    /// had whitespace before it, or where it follows a piece from the other text (a deletion next to
    /// an insertion), unless it is closing punctuation.
    fn space_before(&self, position: usize, piece: &Piece, bc_text: &str, uncc_text: &str) -> bool {
        let (text, start) = match piece.change {
            Change::Deleted => (bc_text, piece.bc.start),
            _ => (uncc_text, piece.uncc.start),
        };
        let previous = position
            .checked_sub(1)
            .and_then(|p| self.pieces.get(p))
            .map(|p| p.change);
        let switches_text = matches!(
            (previous, piece.change),
            (
                Some(Change::Deleted),
                Change::Inserted | Change::Equal | Change::Equivalent
            ) | (
                Some(Change::Inserted | Change::Equal | Change::Equivalent),
                Change::Deleted
            )
        );
        let spaced = text
            .get(..start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(char::is_whitespace);
        let closing = text
            .get(start..)
            .is_some_and(|rest| rest.starts_with([',', '.', ';', ':', ')']));
        spaced || switches_text && !closing
    }
}

/// One piece of the merged reading of two sentences ([`WordDiff::merged`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MergedPiece<'a> {
    /// Whether a space goes before it.
    pub space_before: bool,
    /// Its words, from the UN sentence (from the Budapest one for a deletion).
    pub text: &'a str,
    /// For an equivalent term, the Budapest words it stands for ("Party" for "State Party"), so that
    /// the merged reading can show both; empty otherwise.
    pub replaces: &'a str,
    pub change: Change,
}

impl<'a> MergedPiece<'a> {
    /// The words as every merged reading shows them (the reader's inline view and presentation
    /// mode): an equivalent term after the Budapest words it stands for, "Party » State Party" (a
    /// glyph every font has), so that the change is never read as no change; other pieces as they are.
    pub fn shown(&self) -> std::borrow::Cow<'a, str> {
        if self.change == Change::Equivalent
            && !self.replaces.is_empty()
            && self.replaces != self.text
        {
            std::borrow::Cow::Owned(format!("{} » {}", self.replaces, self.text))
        } else {
            std::borrow::Cow::Borrowed(self.text)
        }
    }
}

fn similarity(equal: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        1.0
    } else {
        2.0 * equal as f64 / (a + b) as f64
    }
}

fn span(tokens: &[Token], range: Range<usize>) -> Range<usize> {
    match (
        tokens.get(range.start),
        range.end.checked_sub(1).and_then(|last| tokens.get(last)),
    ) {
        (Some(first), Some(last)) if range.start < range.end => first.range.start..last.range.end,
        _ => 0..0,
    }
}

/// Diffs a Budapest sentence against a UN sentence.
pub fn diff_words(bc_text: &str, uncc_text: &str, normaliser: Option<&Normaliser>) -> WordDiff {
    let mut interner = Interner::default();
    let mut prepare = |key: Side, text| {
        let raw = tokenize(text);
        interner.intern(match normaliser {
            Some(normaliser) => normaliser.apply(key, &raw),
            None => raw,
        })
    };
    let bc_tokens = prepare(Side::Base, bc_text);
    let uncc_tokens = prepare(Side::Revision, uncc_text);
    diff_tokens(bc_text, uncc_text, &bc_tokens, &uncc_tokens)
}

/// Diffs tokens interned by the same [`Interner`].
fn diff_tokens(
    bc_text: &str,
    uncc_text: &str,
    bc_tokens: &[Token],
    uncc_tokens: &[Token],
) -> WordDiff {
    let bc_keys: Vec<u32> = bc_tokens.iter().map(|t| t.key).collect();
    let uncc_keys: Vec<u32> = uncc_tokens.iter().map(|t| t.key).collect();
    let count_words = |tokens: &[Token]| tokens.iter().filter(|t| t.is_word).count();
    let mut diff = WordDiff {
        pieces: Vec::new(),
        equal_words: 0,
        bc_words: count_words(bc_tokens),
        uncc_words: count_words(uncc_tokens),
    };
    // Patience diff anchors on words that occur once in both sentences; on treaty prose it lines up
    // clauses better than Myers (which, e.g., pairs Budapest's "International Covenant" with the UN's
    // "international human rights law" in Art. 24(1)), at about twice the cost.
    for op in capture_diff_slices(Algorithm::Patience, &bc_keys, &uncc_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                diff.equal_words += bc_tokens[old_index..old_index + len]
                    .iter()
                    .filter(|t| t.is_word)
                    .count();
                // Split equal runs where a term token sits, so equivalents can be shown on their own.
                let mut run_start = 0;
                for offset in 0..=len {
                    let at_end = offset == len;
                    let is_term = !at_end
                        && (bc_tokens[old_index + offset].is_term
                            || uncc_tokens[new_index + offset].is_term);
                    let same_text = !at_end
                        && bc_text[bc_tokens[old_index + offset].range.clone()]
                            == uncc_text[uncc_tokens[new_index + offset].range.clone()];
                    if at_end || (is_term && !same_text) {
                        if offset > run_start {
                            diff.pieces.push(Piece {
                                change: Change::Equal,
                                bc: span(bc_tokens, old_index + run_start..old_index + offset),
                                uncc: span(uncc_tokens, new_index + run_start..new_index + offset),
                            });
                        }
                        if !at_end {
                            diff.pieces.push(Piece {
                                change: Change::Equivalent,
                                bc: bc_tokens[old_index + offset].range.clone(),
                                uncc: uncc_tokens[new_index + offset].range.clone(),
                            });
                        }
                        run_start = offset + 1;
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => diff.pieces.push(Piece {
                change: Change::Deleted,
                bc: span(bc_tokens, old_index..old_index + old_len),
                uncc: 0..0,
            }),
            DiffOp::Insert {
                new_index, new_len, ..
            } => diff.pieces.push(Piece {
                change: Change::Inserted,
                bc: 0..0,
                uncc: span(uncc_tokens, new_index..new_index + new_len),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => replace_pieces(
                &mut diff,
                (bc_text, &bc_tokens[old_index..old_index + old_len]),
                (uncc_text, &uncc_tokens[new_index..new_index + new_len]),
            ),
        }
    }
    diff
}

/// A replaced stretch, compared again by the words as written. Terminology folding can turn the same
/// words into different tokens on the two sides — Budapest's "Parties" is the treaty term (UN "States
/// Parties"), so "third parties" in Budapest Art. 15(3) folds to the term while UN Art. 24(3)'s does not —
/// and the words would be marked both deleted and inserted. Words equal as written stay equal.
fn replace_pieces(diff: &mut WordDiff, bc: (&str, &[Token]), uncc: (&str, &[Token])) {
    let written = |(text, tokens): (&str, &[Token])| -> Vec<String> {
        tokens
            .iter()
            .map(|t| fold::fold_typed(text.get(t.range.clone()).unwrap_or_default(), Case::Ignore))
            .collect()
    };
    let (bc_words, uncc_words) = (written(bc), written(uncc));
    let (bc_tokens, uncc_tokens) = (bc.1, uncc.1);
    let mut push = |change: Change, bc_range: Range<usize>, uncc_range: Range<usize>| {
        let (bc, uncc) = (span(bc_tokens, bc_range), span(uncc_tokens, uncc_range));
        if bc.is_empty() && uncc.is_empty() {
            return;
        }
        diff.pieces.push(Piece { change, bc, uncc });
    };
    for op in capture_diff_slices(Algorithm::Myers, &bc_words, &uncc_words) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                diff.equal_words += bc_tokens[old_index..old_index + len]
                    .iter()
                    .filter(|t| t.is_word)
                    .count();
                push(
                    Change::Equal,
                    old_index..old_index + len,
                    new_index..new_index + len,
                );
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(Change::Deleted, old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(Change::Inserted, 0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(Change::Deleted, old_index..old_index + old_len, 0..0);
                push(Change::Inserted, 0..0, new_index..new_index + new_len);
            }
        }
    }
}

/// A sentence of a provision: where it lives (treaty node + byte range of the node's text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sentence {
    pub treaty: Side,
    pub node: NodeIx,
    pub id: ProvisionId,
    pub pinpoint: String,
    pub range: Range<usize>,
}

/// Sentences of everything inside the given provisions, in document order. Sentences end at ". "
/// followed by a capital letter; items and paragraphs are separate nodes already.
pub fn sentences(library: &Library, ids: &[ProvisionId]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for id in ids {
        let Some((key, root)) = library.resolve(id) else {
            continue;
        };
        let treaty = library.treaty(key);
        for ix in root..treaty.subtree_end(root) {
            let node = treaty.node(ix);
            let text = &node.text;
            let mut start = 0;
            let bytes = text.as_bytes();
            for (offset, _) in text.match_indices(". ") {
                let next = bytes.get(offset + 2).copied().unwrap_or(b'a');
                if next.is_ascii_uppercase() {
                    out.push(Sentence {
                        treaty: key,
                        node: ix,
                        id: node.id.clone(),
                        pinpoint: node.pinpoint.clone(),
                        range: start..offset + 1,
                    });
                    start = offset + 2;
                }
            }
            if start < text.len() {
                out.push(Sentence {
                    treaty: key,
                    node: ix,
                    id: node.id.clone(),
                    pinpoint: node.pinpoint.clone(),
                    range: start..text.len(),
                });
            }
        }
    }
    out
}

fn sentence_text<'a>(library: &'a Library, sentence: &Sentence) -> &'a str {
    &library.treaty(sentence.treaty).node(sentence.node).text[sentence.range.clone()]
}

/// Lower-case word counts after terminology folding, for suggestions; in word order, so that the
/// suggestion index numbers its terms, and sums its scores, the same way on every run.
pub(crate) fn word_bag(text: &str, key: Side, normaliser: &Normaliser) -> BTreeMap<String, usize> {
    let mut bag = BTreeMap::new();
    for token in normaliser.apply(key, &tokenize(text)) {
        if token.is_word {
            *bag.entry(token.key.into_owned()).or_insert(0) += 1;
        }
    }
    bag
}

/// The word keys of a sentence, sorted, so two bags intersect in one merge.
fn sorted_words(tokens: &[Token]) -> Vec<u32> {
    let mut words: Vec<u32> = tokens.iter().filter(|t| t.is_word).map(|t| t.key).collect();
    words.sort_unstable();
    words
}

/// Overlap of two word multisets given as sorted keys: 2·shared / (words in both).
fn bag_similarity(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    similarity(shared, a.len(), b.len())
}

/// Below this overlap two sentences are not considered the same sentence.
const ALIGNMENT_THRESHOLD: f64 = 0.3;

/// Monotone one-to-one alignment maximising total overlap (Needleman–Wunsch with zero gap cost) of
/// `scores.len()` Budapest sentences with `cols` UN sentences. The count is given, not read from the
/// scores: with no Budapest sentence there is no row to read it from, and every UN sentence is a row
/// of its own.
fn align(scores: &[Vec<f64>], cols: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let rows = scores.len();
    let mut best = vec![vec![0.0f64; cols + 1]; rows + 1];
    for i in (0..rows).rev() {
        for j in (0..cols).rev() {
            let matched = if scores[i][j] >= ALIGNMENT_THRESHOLD {
                scores[i][j] + best[i + 1][j + 1]
            } else {
                f64::MIN
            };
            best[i][j] = matched.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < rows || j < cols {
        if i < rows
            && j < cols
            && scores[i][j] >= ALIGNMENT_THRESHOLD
            && (best[i][j] - (scores[i][j] + best[i + 1][j + 1])).abs() < 1e-12
        {
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j < cols && (i == rows || (best[i][j] - best[i][j + 1]).abs() < 1e-12) {
            out.push((None, Some(j)));
            j += 1;
        } else {
            out.push((Some(i), None));
            i += 1;
        }
    }
    out
}

/// One aligned row of a pair comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedRow {
    pub bc: Option<Sentence>,
    pub uncc: Option<Sentence>,
    pub diff: WordDiff,
}

/// The comparison of a UN provision set with a Budapest provision set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairDiff {
    pub rows: Vec<AlignedRow>,
    pub terms: bool,
}

impl PairDiff {
    pub fn similarity(&self) -> f64 {
        let (equal, bc, uncc) = self.rows.iter().fold((0, 0, 0), |(e, b, u), row| {
            (
                e + row.diff.equal_words,
                b + row.diff.bc_words,
                u + row.diff.uncc_words,
            )
        });
        similarity(equal, bc, uncc)
    }

    /// Highlight spans per side: node → (byte range in the node's text, change), sorted.
    pub fn spans(&self, key: Side) -> Vec<(NodeIx, Range<usize>, Change)> {
        let mut out = Vec::new();
        for row in &self.rows {
            let sentence = match key {
                Side::Revision => &row.uncc,
                Side::Base => &row.bc,
            };
            let Some(sentence) = sentence else { continue };
            for piece in &row.diff.pieces {
                let local = match key {
                    Side::Revision => &piece.uncc,
                    Side::Base => &piece.bc,
                };
                if local.start < local.end && piece.change != Change::Equal {
                    let start = sentence.range.start + local.start;
                    out.push((
                        sentence.node,
                        start..sentence.range.start + local.end,
                        piece.change,
                    ));
                }
            }
        }
        out.sort_by_key(|(node, range, _)| (*node, range.start));
        out
    }
}

/// Compares the UN provisions `uncc_ids` with the Budapest provisions `bc_ids`, without and with
/// terminology normalisation: sentences are aligned once (always with terminology folding, so the toggle
/// does not move the alignment), then words are diffed in each mode. Views reach this through the
/// comparison service (`compare::Comparisons`), which caches the result per pair.
pub(crate) fn diff_pair_both(
    library: &Library,
    uncc_ids: &[ProvisionId],
    bc_ids: &[ProvisionId],
    normaliser: &Normaliser,
) -> [PairDiff; 2] {
    let prepared = PreparedPair::new(library, uncc_ids, bc_ids, normaliser);
    let with_terms = prepared.diff(library, true, None);
    [prepared.diff(library, false, Some(&with_terms)), with_terms]
}

/// A sentence tokenized once for alignment and for both diff modes.
struct PreparedSentence {
    sentence: Sentence,
    plain: Vec<Token>,
    folded: Vec<Token>,
    /// Whether folding replaced any phrase; if not, `folded` and `plain` compare the same.
    has_terms: bool,
}

impl PreparedSentence {
    fn tokens(&self, terms: bool) -> &[Token] {
        if terms { &self.folded } else { &self.plain }
    }
}

/// Both sides of a comparison, tokenized with one interner, and their sentence alignment.
struct PreparedPair {
    bc: Vec<PreparedSentence>,
    uncc: Vec<PreparedSentence>,
    /// Indices into `bc` and `uncc`.
    alignment: Vec<(Option<usize>, Option<usize>)>,
}

impl PreparedPair {
    fn new(
        library: &Library,
        uncc_ids: &[ProvisionId],
        bc_ids: &[ProvisionId],
        normaliser: &Normaliser,
    ) -> PreparedPair {
        let mut interner = Interner::default();
        let mut prepare = |key: Side, ids: &[ProvisionId]| -> Vec<PreparedSentence> {
            sentences(library, ids)
                .into_iter()
                .map(|sentence| {
                    let raw = tokenize(sentence_text(library, &sentence));
                    let folded = interner.intern(normaliser.apply(key, &raw));
                    let plain = interner.intern(raw);
                    let has_terms = folded.iter().any(|t| t.is_term);
                    PreparedSentence {
                        sentence,
                        plain,
                        folded,
                        has_terms,
                    }
                })
                .collect()
        };
        let uncc = prepare(Side::Revision, uncc_ids);
        let bc = prepare(Side::Base, bc_ids);
        let uncc_bags: Vec<Vec<u32>> = uncc.iter().map(|s| sorted_words(&s.folded)).collect();
        let bc_bags: Vec<Vec<u32>> = bc.iter().map(|s| sorted_words(&s.folded)).collect();
        let scores: Vec<Vec<f64>> = bc_bags
            .iter()
            .map(|b| uncc_bags.iter().map(|u| bag_similarity(b, u)).collect())
            .collect();
        PreparedPair {
            alignment: align(&scores, uncc.len()),
            bc,
            uncc,
        }
    }

    /// Word diffs of every aligned row. `other_mode` is this pair's diff in the other terminology
    /// mode: rows where no term was folded on either side are the same in both and are copied.
    fn diff(&self, library: &Library, terms: bool, other_mode: Option<&PairDiff>) -> PairDiff {
        let rows = self
            .alignment
            .iter()
            .enumerate()
            .map(|(row, &(bc_index, uncc_index))| {
                let bc = bc_index.map(|i| &self.bc[i]);
                let uncc = uncc_index.map(|j| &self.uncc[j]);
                let folds = bc.is_some_and(|s| s.has_terms) || uncc.is_some_and(|s| s.has_terms);
                let diff = match other_mode.and_then(|other| other.rows.get(row)) {
                    Some(same) if !folds => same.diff.clone(),
                    _ => {
                        let bc_text = bc.map_or("", |s| sentence_text(library, &s.sentence));
                        let uncc_text = uncc.map_or("", |s| sentence_text(library, &s.sentence));
                        diff_tokens(
                            bc_text,
                            uncc_text,
                            bc.map_or(&[][..], |s| s.tokens(terms)),
                            uncc.map_or(&[][..], |s| s.tokens(terms)),
                        )
                    }
                };
                AlignedRow {
                    diff,
                    bc: bc.map(|s| s.sentence.clone()),
                    uncc: uncc.map(|s| s.sentence.clone()),
                }
            })
            .collect();
        PairDiff { rows, terms }
    }
}

/// Renders a word diff as plain text: `[-deleted-]`, `{+inserted+}`, `{=Budapest => UN=}` for equivalents.
pub fn render_marked(diff: &WordDiff, bc_text: &str, uncc_text: &str) -> String {
    let mut out = String::new();
    for piece in &diff.pieces {
        if !out.is_empty() {
            out.push(' ');
        }
        match piece.change {
            Change::Equal => out.push_str(&uncc_text[piece.uncc.clone()]),
            Change::Equivalent => out.push_str(&format!(
                "{{={} => {}=}}",
                &bc_text[piece.bc.clone()],
                &uncc_text[piece.uncc.clone()]
            )),
            Change::Deleted => out.push_str(&format!("[-{}-]", &bc_text[piece.bc.clone()])),
            Change::Inserted => out.push_str(&format!("{{+{}+}}", &uncc_text[piece.uncc.clone()])),
        }
    }
    // Pieces are joined with spaces; put punctuation back against its word.
    for mark in [" ,", " ;", " :", " .", " )"] {
        out = out.replace(mark, &mark[1..]);
    }
    out.replace("( ", "(")
}

/// The text of a sentence (for printers).
pub fn text_of<'a>(library: &'a Library, sentence: &Sentence) -> &'a str {
    sentence_text(library, sentence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TermTable {
        TermTable {
            terms: vec![
                TermPair {
                    uncc: "information and communications technology system".into(),
                    bc: "computer system".into(),
                    note: String::new(),
                },
                TermPair {
                    uncc: "electronic data".into(),
                    bc: "computer data".into(),
                    note: String::new(),
                },
                TermPair {
                    uncc: "State Party".into(),
                    bc: "Party".into(),
                    note: String::new(),
                },
            ],
            ..TermTable::default()
        }
    }

    #[test]
    fn item_labels_are_one_token_and_never_split_by_the_diff() {
        let keys: Vec<String> = tokenize("paragraph 1 (a) (ii) or (B), (see x)")
            .iter()
            .map(|t| t.key.to_string())
            .collect();
        assert_eq!(
            keys,
            [
                "paragraph",
                "1",
                "(a)",
                "(ii)",
                "or",
                "(b)",
                ",",
                "(",
                "see",
                "x",
                ")"
            ]
        );
        // UN 11(1)(b) against Budapest 6(1)(b): the labels are changed whole.
        let uncc = "referred to in paragraph 1 (a) (i) or (ii) of this article";
        let bc = "referred to in paragraphs a.i or ii above";
        let diff = diff_words(bc, uncc, None);
        for piece in &diff.pieces {
            for (text, range) in [(uncc, &piece.uncc), (bc, &piece.bc)] {
                let part = &text[range.clone()];
                assert_eq!(
                    part.matches('(').count(),
                    part.matches(')').count(),
                    "{part:?} splits a label"
                );
            }
        }
    }

    #[test]
    fn tokens_keep_inner_hyphens_and_apostrophes() {
        let keys: Vec<String> = tokenize("co-operation, the Party’s data.")
            .into_iter()
            .map(|t| t.key.into_owned())
            .collect();
        assert_eq!(keys, ["co-operation", ",", "the", "party's", "data", "."]);
    }

    #[test]
    fn plain_diff_marks_changed_words() {
        let diff = diff_words(
            "access to a computer system",
            "access to an information and communications technology system",
            None,
        );
        let changes: Vec<Change> = diff.pieces.iter().map(|p| p.change).collect();
        assert_eq!(
            changes,
            [
                Change::Equal,
                Change::Deleted,
                Change::Inserted,
                Change::Equal
            ]
        );
        assert!(diff.similarity() < 0.7);
    }

    #[test]
    fn terminology_makes_equivalent_terms_equal() {
        let normaliser = Normaliser::new(&table());
        let bc = "Each Party shall protect computer data in a computer system.";
        let uncc = "Each State Party shall protect electronic data in an information and communications technology system.";
        let diff = diff_words(bc, uncc, Some(&normaliser));
        let changed: Vec<(&str, Change)> = diff
            .pieces
            .iter()
            .filter(|p| p.change != Change::Equal)
            .map(|p| {
                (
                    if p.uncc.is_empty() {
                        &bc[p.bc.clone()]
                    } else {
                        &uncc[p.uncc.clone()]
                    },
                    p.change,
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                ("State Party", Change::Equivalent),
                ("electronic data", Change::Equivalent),
                ("a", Change::Deleted),
                ("an", Change::Inserted),
                (
                    "information and communications technology system",
                    Change::Equivalent
                ),
            ]
        );
        assert_eq!(
            render_marked(&diff, bc, uncc),
            "Each {=Party => State Party=} shall protect {=computer data => electronic data=} in [-a-] {+an+} {=computer system => information and communications technology system=}."
        );
    }

    #[test]
    fn pairs_sharing_a_phrase_share_a_key() {
        let table = TermTable {
            terms: vec![
                TermPair {
                    uncc: "as criminal offences".into(),
                    bc: "as criminal offences".into(),
                    note: String::new(),
                },
                TermPair {
                    uncc: "as a criminal offence".into(),
                    bc: "as criminal offences".into(),
                    note: String::new(),
                },
            ],
            ..TermTable::default()
        };
        let normaliser = Normaliser::new(&table);
        let diff = diff_words(
            "to establish as criminal offences under",
            "to establish as a criminal offence under",
            Some(&normaliser),
        );
        assert!(
            diff.pieces
                .iter()
                .all(|p| matches!(p.change, Change::Equal | Change::Equivalent)),
            "{:?}",
            diff.pieces
        );
    }

    #[test]
    fn case_differences_are_not_changes() {
        let diff = diff_words("any input of data", "Any input of data", None);
        assert_eq!(
            diff.pieces.iter().map(|p| p.change).collect::<Vec<_>>(),
            [Change::Equal]
        );
    }

    #[test]
    fn alignment_pairs_similar_sentences_in_order() {
        let scores = vec![vec![0.9, 0.1, 0.0], vec![0.0, 0.2, 0.8]];
        assert_eq!(
            align(&scores, 3),
            vec![(Some(0), Some(0)), (None, Some(1)), (Some(1), Some(2))]
        );
        assert_eq!(align(&[], 0), vec![]);
        assert_eq!(
            align(&[], 2),
            vec![(None, Some(0)), (None, Some(1))],
            "a provision with no counterpart keeps its sentences"
        );
    }
}

#[cfg(test)]
mod both_modes {
    use super::*;
    use crate::corpus::Corpus;

    /// One mode computed alone, as the reference for the shared computation.
    fn diff_one_mode(
        corpus: &Corpus,
        uncc: &[ProvisionId],
        bc: &[ProvisionId],
        terms: bool,
    ) -> PairDiff {
        let prepared =
            PreparedPair::new(&corpus.library, uncc, bc, corpus.comparisons.normaliser());
        prepared.diff(&corpus.library, terms, None)
    }

    #[test]
    fn both_modes_at_once_equal_each_mode_alone_for_every_link() {
        // `diff_pair_both` shares tokens and copies rows without folded terms between modes;
        // it must give exactly what each mode computed alone gives.
        let corpus = Corpus::embedded().expect("embedded data loads");
        for link in &corpus.crosswalk.links {
            let [plain, terms] = diff_pair_both(
                &corpus.library,
                &link.uncc,
                &link.bc,
                corpus.comparisons.normaliser(),
            );
            assert_eq!(
                plain,
                diff_one_mode(&corpus, &link.uncc, &link.bc, false),
                "{link:?}"
            );
            assert_eq!(
                terms,
                diff_one_mode(&corpus, &link.uncc, &link.bc, true),
                "{link:?}"
            );
        }
    }

    /// The words of a sentence with a given change, joined.
    fn marked_words(text: &str, diff: &WordDiff, change: Change, key: Side) -> Vec<String> {
        diff.pieces
            .iter()
            .filter(|p| p.change == change)
            .map(|p| match key {
                Side::Base => text[p.bc.clone()].to_owned(),
                Side::Revision => text[p.uncc.clone()].to_owned(),
            })
            .collect()
    }

    #[test]
    fn third_parties_is_not_marked_deleted_and_inserted_in_terminology_mode() {
        // Budapest's "Parties" is the treaty term (UN "States Parties"); the common noun in "third
        // parties" (UN Art. 24(3), Budapest Art. 15(3)) is the same words on both sides. With a term
        // table that folds "Parties" alone, the replaced stretch is compared again as written.
        let table = TermTable::parse(
            r#"(version: 1, terms: [
                (uncc: "State Party", bc: "Party", note: ""),
                (uncc: "States Parties", bc: "Parties", note: ""),
            ])"#,
            "terms.ron",
        )
        .expect("a valid table");
        let normaliser = Normaliser::new(&table);
        let bc = "each Party shall consider the legitimate interests of third parties.";
        let uncc = "each State Party shall consider the legitimate interests of third parties.";
        let diff = diff_words(bc, uncc, Some(&normaliser));
        let deleted = marked_words(bc, &diff, Change::Deleted, Side::Base);
        let inserted = marked_words(uncc, &diff, Change::Inserted, Side::Revision);
        assert!(deleted.is_empty(), "deleted: {deleted:?}");
        assert!(inserted.is_empty(), "inserted: {inserted:?}");
        assert!(
            diff.pieces
                .iter()
                .any(|p| p.change == Change::Equivalent && &bc[p.bc.clone()] == "Party"),
            "the term itself is still folded"
        );
        assert!((diff.similarity() - 1.0).abs() < 1e-9);
        // And in the shipped texts.
        let corpus = Corpus::embedded().expect("embedded data loads");
        let text = |id: &str| {
            corpus
                .library
                .get(id)
                .expect("provision exists")
                .text
                .clone()
        };
        let (uncc, bc) = (text("uncc:art_24__para_3"), text("bc:art_15__para_3"));
        let diff = diff_words(&bc, &uncc, Some(corpus.comparisons.normaliser()));
        let marked: Vec<String> = marked_words(&bc, &diff, Change::Deleted, Side::Base)
            .into_iter()
            .chain(marked_words(&uncc, &diff, Change::Inserted, Side::Revision))
            .collect();
        assert!(!marked.iter().any(|w| w.contains("parties")), "{marked:?}");
    }
}
