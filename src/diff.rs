//! Word-level comparison of linked provisions, optionally terminology-aware.
//!
//! The Budapest text (2001) is the base and the UN text (2024) the revision: words only in Budapest are
//! *deleted*, words only in the UN text are *inserted*. Provisions are first cut into sentences (items
//! and paragraphs are already separate), sentences are aligned one to one by word overlap, and only
//! then are words diffed inside each aligned pair, so a sentence never borrows words from an unrelated
//! paragraph. With terminology on, equivalent terms ("computer system" ↔ "information and
//! communications technology system") compare equal and are reported as `Equivalent`.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use thiserror::Error;

use crate::model::{Library, NodeIx, TreatyKey};

/// The table of equivalent terms shipped in `texts/terms.ron`.
pub const TERMS_RON: &str = include_str!("../texts/terms.ron");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermPair {
    pub uncc: String,
    pub bc: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermTable {
    pub version: u32,
    pub terms: Vec<TermPair>,
}

#[derive(Debug, Error, PartialEq)]
pub enum TermsError {
    #[error("{file}:{line}:{col}: {message}")]
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
}

impl TermTable {
    pub fn parse(text: &str, file: &str) -> Result<TermTable, TermsError> {
        ron::from_str(text).map_err(|error| TermsError::Syntax {
            file: file.to_owned(),
            line: error.span.start.line,
            col: error.span.start.col,
            message: error.code.to_string(),
        })
    }

    pub fn embedded() -> Result<TermTable, TermsError> {
        TermTable::parse(TERMS_RON, "texts/terms.ron")
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

/// A word or punctuation mark with its place in the source text and its comparison key.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    range: Range<usize>,
    key: String,
    is_word: bool,
    /// Set when several words were folded into one term token.
    is_term: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Words (letters/digits, with inner hyphens and apostrophes) and single punctuation marks.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        if c.is_whitespace() {
            index += 1;
            continue;
        }
        if is_word_char(c) {
            let mut end = index + 1;
            while end < chars.len() {
                let (_, next) = chars[end];
                let joins = matches!(next, '-' | '\'' | '\u{2019}')
                    && chars
                        .get(end + 1)
                        .is_some_and(|&(_, after)| is_word_char(after));
                if is_word_char(next) || joins {
                    end += 1;
                } else {
                    break;
                }
            }
            let byte_end = chars.get(end).map_or(text.len(), |&(offset, _)| offset);
            // Keys ignore case (list items start with a capital in the UN text, not in Budapest's)
            // and typographic apostrophes.
            let key = text[start..byte_end]
                .to_lowercase()
                .replace('\u{2019}', "'");
            tokens.push(Token {
                range: start..byte_end,
                key,
                is_word: true,
                is_term: false,
            });
            index = end;
        } else {
            let byte_end = start + c.len_utf8();
            let key = match c {
                '\u{2018}' | '\u{2019}' => "'".to_owned(),
                '\u{201C}' | '\u{201D}' => "\"".to_owned(),
                '\u{2013}' | '\u{2014}' => "-".to_owned(),
                _ => c.to_string(),
            };
            tokens.push(Token {
                range: start..byte_end,
                key,
                is_word: false,
                is_term: false,
            });
            index += 1;
        }
    }
    tokens
}

/// Folds terms of one treaty into canonical tokens, longest phrase first.
#[derive(Clone, Debug, Default)]
pub struct Normaliser {
    /// Per treaty: phrases as lower-case word lists with their canonical key, longest first.
    phrases: [Vec<(Vec<String>, String)>; 2],
    /// Per treaty: first word → indices into `phrases` (still longest first), so each token only
    /// tries the phrases that can start with it.
    by_first_word: [HashMap<String, Vec<usize>>; 2],
}

fn side(key: TreatyKey) -> usize {
    match key {
        TreatyKey::Uncc => 0,
        TreatyKey::Bc => 1,
    }
}

impl Normaliser {
    pub fn new(table: &TermTable) -> Normaliser {
        let words_of = |phrase: &str| -> Vec<String> {
            tokenize(phrase)
                .into_iter()
                .filter(|t| t.is_word)
                .map(|t| t.key)
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
        let mut phrases: [Vec<(Vec<String>, String)>; 2] = Default::default();
        for (index, pair) in table.terms.iter().enumerate() {
            let canonical = format!("\u{27E8}term{}\u{27E9}", root(&mut parent, index));
            for (key, phrase) in [(TreatyKey::Uncc, &pair.uncc), (TreatyKey::Bc, &pair.bc)] {
                let words = words_of(phrase);
                if !words.is_empty() && !phrases[side(key)].iter().any(|(known, _)| *known == words)
                {
                    phrases[side(key)].push((words, canonical.clone()));
                }
            }
        }
        for list in &mut phrases {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        let mut by_first_word: [HashMap<String, Vec<usize>>; 2] = Default::default();
        for (side, list) in phrases.iter().enumerate() {
            for (index, (words, _)) in list.iter().enumerate() {
                by_first_word[side]
                    .entry(words[0].clone())
                    .or_default()
                    .push(index);
            }
        }
        Normaliser {
            phrases,
            by_first_word,
        }
    }

    /// Replaces every term phrase in `tokens` by one token keyed by its canonical term.
    fn apply(&self, key: TreatyKey, tokens: Vec<Token>) -> Vec<Token> {
        let phrases = &self.phrases[side(key)];
        if phrases.is_empty() {
            return tokens;
        }
        let lower: Vec<&str> = tokens.iter().map(|t| t.key.as_str()).collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut index = 0;
        while index < tokens.len() {
            let candidates = self.by_first_word[side(key)]
                .get(lower[index])
                .map_or(&[][..], Vec::as_slice);
            let found = candidates
                .iter()
                .map(|&candidate| &phrases[candidate])
                .find(|(words, _)| {
                    index + words.len() <= tokens.len()
                        && words
                            .iter()
                            .zip(&lower[index..])
                            .all(|(want, got)| want == got)
                        && tokens[index..index + words.len()].iter().all(|t| t.is_word)
                });
            match found {
                Some((words, canonical)) => {
                    let range =
                        tokens[index].range.start..tokens[index + words.len() - 1].range.end;
                    out.push(Token {
                        range,
                        key: canonical.clone(),
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
    let mut bc_tokens = tokenize(bc_text);
    let mut uncc_tokens = tokenize(uncc_text);
    if let Some(normaliser) = normaliser {
        bc_tokens = normaliser.apply(TreatyKey::Bc, bc_tokens);
        uncc_tokens = normaliser.apply(TreatyKey::Uncc, uncc_tokens);
    }
    let bc_keys: Vec<&str> = bc_tokens.iter().map(|t| t.key.as_str()).collect();
    let uncc_keys: Vec<&str> = uncc_tokens.iter().map(|t| t.key.as_str()).collect();
    let count_words = |tokens: &[Token]| tokens.iter().filter(|t| t.is_word).count();
    let mut diff = WordDiff {
        pieces: Vec::new(),
        equal_words: 0,
        bc_words: count_words(&bc_tokens),
        uncc_words: count_words(&uncc_tokens),
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
                                bc: span(&bc_tokens, old_index + run_start..old_index + offset),
                                uncc: span(&uncc_tokens, new_index + run_start..new_index + offset),
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
                bc: span(&bc_tokens, old_index..old_index + old_len),
                uncc: 0..0,
            }),
            DiffOp::Insert {
                new_index, new_len, ..
            } => diff.pieces.push(Piece {
                change: Change::Inserted,
                bc: 0..0,
                uncc: span(&uncc_tokens, new_index..new_index + new_len),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                diff.pieces.push(Piece {
                    change: Change::Deleted,
                    bc: span(&bc_tokens, old_index..old_index + old_len),
                    uncc: 0..0,
                });
                diff.pieces.push(Piece {
                    change: Change::Inserted,
                    bc: 0..0,
                    uncc: span(&uncc_tokens, new_index..new_index + new_len),
                });
            }
        }
    }
    diff
}

/// A sentence of a provision: where it lives (treaty node + byte range of the node's text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sentence {
    pub treaty: TreatyKey,
    pub node: NodeIx,
    pub id: String,
    pub pinpoint: String,
    pub range: Range<usize>,
}

/// Sentences of everything inside the given provisions, in document order. Sentences end at ". "
/// followed by a capital letter; items and paragraphs are separate nodes already.
pub fn sentences(library: &Library, ids: &[String]) -> Vec<Sentence> {
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

/// Lower-case word counts after terminology folding, for alignment and suggestions.
pub(crate) fn word_bag(
    text: &str,
    key: TreatyKey,
    normaliser: &Normaliser,
) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for token in normaliser.apply(key, tokenize(text)) {
        if token.is_word {
            *bag.entry(token.key).or_insert(0) += 1;
        }
    }
    bag
}

fn bag_similarity(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> f64 {
    let shared: usize = a
        .iter()
        .map(|(word, count)| (*count).min(b.get(word).copied().unwrap_or(0)))
        .sum();
    similarity(shared, a.values().sum(), b.values().sum())
}

/// Below this overlap two sentences are not considered the same sentence.
const ALIGNMENT_THRESHOLD: f64 = 0.3;

/// Monotone one-to-one alignment maximising total overlap (Needleman–Wunsch with zero gap cost).
fn align(scores: &[Vec<f64>]) -> Vec<(Option<usize>, Option<usize>)> {
    let rows = scores.len();
    let cols = scores.first().map_or(0, Vec::len);
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
    pub fn spans(&self, key: TreatyKey) -> Vec<(NodeIx, Range<usize>, Change)> {
        let mut out = Vec::new();
        for row in &self.rows {
            let sentence = match key {
                TreatyKey::Uncc => &row.uncc,
                TreatyKey::Bc => &row.bc,
            };
            let Some(sentence) = sentence else { continue };
            for piece in &row.diff.pieces {
                let local = match key {
                    TreatyKey::Uncc => &piece.uncc,
                    TreatyKey::Bc => &piece.bc,
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

/// Compares the provisions `uncc_ids` with `bc_ids`: sentences aligned first (always with terminology
/// folding, so the toggle does not move the alignment), then words diffed with or without it.
pub fn diff_pair(
    library: &Library,
    uncc_ids: &[String],
    bc_ids: &[String],
    normaliser: &Normaliser,
    terms: bool,
) -> PairDiff {
    let aligned = align_sentences(library, uncc_ids, bc_ids, normaliser);
    diff_aligned(library, &aligned, normaliser, terms)
}

/// The comparison without and with terminology normalisation, sharing one alignment.
pub fn diff_pair_both(
    library: &Library,
    uncc_ids: &[String],
    bc_ids: &[String],
    normaliser: &Normaliser,
) -> [PairDiff; 2] {
    let aligned = align_sentences(library, uncc_ids, bc_ids, normaliser);
    [false, true].map(|terms| diff_aligned(library, &aligned, normaliser, terms))
}

type AlignedSentences = Vec<(Option<Sentence>, Option<Sentence>)>;

fn align_sentences(
    library: &Library,
    uncc_ids: &[String],
    bc_ids: &[String],
    normaliser: &Normaliser,
) -> AlignedSentences {
    let uncc_sentences = sentences(library, uncc_ids);
    let bc_sentences = sentences(library, bc_ids);
    let uncc_bags: Vec<_> = uncc_sentences
        .iter()
        .map(|s| word_bag(sentence_text(library, s), TreatyKey::Uncc, normaliser))
        .collect();
    let bc_bags: Vec<_> = bc_sentences
        .iter()
        .map(|s| word_bag(sentence_text(library, s), TreatyKey::Bc, normaliser))
        .collect();
    let scores: Vec<Vec<f64>> = bc_bags
        .iter()
        .map(|b| uncc_bags.iter().map(|u| bag_similarity(b, u)).collect())
        .collect();
    align(&scores)
        .into_iter()
        .map(|(bc_index, uncc_index)| {
            (
                bc_index.map(|i| bc_sentences[i].clone()),
                uncc_index.map(|j| uncc_sentences[j].clone()),
            )
        })
        .collect()
}

fn diff_aligned(
    library: &Library,
    aligned: &AlignedSentences,
    normaliser: &Normaliser,
    terms: bool,
) -> PairDiff {
    let word_normaliser = terms.then_some(normaliser);
    let rows = aligned
        .iter()
        .map(|(bc, uncc)| {
            let bc_text = bc.as_ref().map_or("", |s| sentence_text(library, s));
            let uncc_text = uncc.as_ref().map_or("", |s| sentence_text(library, s));
            AlignedRow {
                diff: diff_words(bc_text, uncc_text, word_normaliser),
                bc: bc.clone(),
                uncc: uncc.clone(),
            }
        })
        .collect();
    PairDiff { rows, terms }
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
            version: 1,
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
        }
    }

    #[test]
    fn tokens_keep_inner_hyphens_and_apostrophes() {
        let keys: Vec<String> = tokenize("co-operation, the Party’s data.")
            .into_iter()
            .map(|t| t.key)
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
            version: 1,
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
            align(&scores),
            vec![(Some(0), Some(0)), (None, Some(1)), (Some(1), Some(2))]
        );
        assert_eq!(align(&[]), vec![]);
    }
}
