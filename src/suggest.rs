//! Suggested counterparts: the articles of the other treaty whose wording is closest to a provision,
//! by TF-IDF cosine over words folded through the term table (so "computer data" and "electronic
//! data" count as the same word) with common function words left out.

use std::collections::HashMap;

use serde::Serialize;

use crate::diff::{Normaliser, word_bag};
use crate::model::{Kind, Library, NodeIx, Side};

/// Function words that carry no meaning for matching.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "any",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "it",
    "its",
    "may",
    "of",
    "on",
    "or",
    "such",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "to",
    "which",
    "with",
    "shall",
    "other",
    "not",
    "are",
    "has",
    "have",
    "been",
    "where",
    "when",
    "if",
    "under",
    "each",
    "all",
    "article",
    "articles",
    "paragraph",
    "paragraphs",
    "convention",
    "present",
    "accordance",
];

fn stem(word: &str) -> String {
    // Plural folding only: enough for "offences"/"offence", "parties"/"party".
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() > 2) {
        return format!("{base}y");
    }
    if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// A scored candidate counterpart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub pinpoint: String,
    pub heading: String,
    pub score: f64,
}

struct Document {
    side: Side,
    node: NodeIx,
    /// Sparse unit vector: (term index, weight), sorted by term index.
    vector: Vec<(u32, f32)>,
}

/// TF-IDF vectors of every article of both treaties.
pub struct SuggestionIndex {
    normaliser: Normaliser,
    vocabulary: HashMap<String, u32>,
    idf: Vec<f32>,
    documents: Vec<Document>,
    /// Where each article's document is in `documents`.
    by_article: HashMap<(Side, NodeIx), usize>,
}

impl SuggestionIndex {
    pub fn new(library: &Library, normaliser: &Normaliser) -> SuggestionIndex {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut counts_per_document = Vec::new();
        for key in Side::ALL {
            let treaty = library.treaty(key);
            for (ix, node) in treaty
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.kind == Kind::Article)
            {
                let text = format!(
                    "{} {}",
                    node.heading.as_deref().unwrap_or(""),
                    treaty.full_text(ix)
                );
                let counts = term_counts(&text, key, normaliser, |term| {
                    let next = vocabulary.len() as u32;
                    Some(*vocabulary.entry(term.to_owned()).or_insert(next))
                });
                counts_per_document.push((key, ix, counts));
            }
        }
        let mut document_frequency = vec![0u32; vocabulary.len()];
        for (_, _, counts) in &counts_per_document {
            for &term in counts.keys() {
                document_frequency[term as usize] += 1;
            }
        }
        let total = counts_per_document.len() as f32;
        let idf: Vec<f32> = document_frequency
            .iter()
            .map(|&df| ((total + 1.0) / (df as f32 + 1.0)).ln() + 1.0)
            .collect();
        let documents: Vec<Document> = counts_per_document
            .into_iter()
            .map(|(side, node, counts)| Document {
                side,
                node,
                vector: weigh(&counts, &idf),
            })
            .collect();
        let by_article = documents
            .iter()
            .enumerate()
            .map(|(position, doc)| ((doc.side, doc.node), position))
            .collect();
        SuggestionIndex {
            normaliser: normaliser.clone(),
            vocabulary,
            idf,
            documents,
            by_article,
        }
    }

    /// The stored vector of an indexed article.
    fn article_vector(&self, key: Side, ix: NodeIx) -> Option<&[(u32, f32)]> {
        let position = *self.by_article.get(&(key, ix))?;
        self.documents
            .get(position)
            .map(|doc| doc.vector.as_slice())
    }

    /// The `top` articles of the other treaty closest to the provision `id`, best first.
    pub fn suggest(&self, library: &Library, id: &str, top: usize) -> Vec<Suggestion> {
        let Some((key, ix)) = library.resolve(id) else {
            return Vec::new();
        };
        // An article is already in the index with the vector a query would compute; anything else
        // (a paragraph, an item) is weighed now.
        let computed;
        let query = match self.article_vector(key, ix) {
            Some(vector) => vector,
            None => {
                let treaty = library.treaty(key);
                let node = treaty.node(ix);
                let text = format!(
                    "{} {}",
                    node.heading.as_deref().unwrap_or(""),
                    treaty.full_text(ix)
                );
                let counts = term_counts(&text, key, &self.normaliser, |term| {
                    self.vocabulary.get(term).copied()
                });
                computed = weigh(&counts, &self.idf);
                &computed
            }
        };
        // The query's weights spread over the vocabulary, so each document costs one pass over its
        // own terms (the sums are the same, term by term in the same order, as a merge would give).
        let mut dense = vec![0.0f32; self.idf.len()];
        for &(term, weight) in query {
            if let Some(slot) = dense.get_mut(term as usize) {
                *slot = weight;
            }
        }
        let mut scored: Vec<(f64, &Document)> = self
            .documents
            .iter()
            .filter(|doc| doc.side != key)
            .map(|doc| (dot_dense(&dense, &doc.vector), doc))
            .collect();
        // Ties break by document order so results are stable.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.node.cmp(&b.1.node)));
        scored
            .into_iter()
            .take(top)
            .map(|(score, doc)| {
                let other = library.treaty(doc.side).node(doc.node);
                Suggestion {
                    id: other.id.to_string(),
                    pinpoint: other.pinpoint.clone(),
                    heading: other.heading.clone().unwrap_or_default(),
                    score,
                }
            })
            .collect()
    }
}

/// Counts of the terms of `text`, numbered by `term_index` (which returns None for terms to skip).
fn term_counts(
    text: &str,
    key: Side,
    normaliser: &Normaliser,
    mut term_index: impl FnMut(&str) -> Option<u32>,
) -> HashMap<u32, f32> {
    let mut counts = HashMap::new();
    for (word, count) in word_bag(text, key, normaliser) {
        if STOPWORDS.contains(&word.as_str()) || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some(term) = term_index(&stem(&word)) {
            *counts.entry(term).or_insert(0.0) += count as f32;
        }
    }
    counts
}

/// Log-scaled TF × IDF, normalised to unit length, sorted by term.
fn weigh(counts: &HashMap<u32, f32>, idf: &[f32]) -> Vec<(u32, f32)> {
    let mut vector: Vec<(u32, f32)> = counts
        .iter()
        .filter_map(|(&term, &count)| {
            idf.get(term as usize)
                .map(|weight| (term, (1.0 + count.ln()) * weight))
        })
        .collect();
    vector.sort_by_key(|(term, _)| *term);
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, weight) in &mut vector {
            *weight /= norm;
        }
    }
    vector
}

/// The dot product of a dense and a sparse vector (both normalised: their cosine).
fn dot_dense(dense: &[f32], sparse: &[(u32, f32)]) -> f64 {
    // A fold from +0.0 like the merge it replaces (`sum` starts from -0.0, which sorts apart).
    sparse
        .iter()
        .filter_map(|&(term, weight)| {
            let query = *dense.get(term as usize)?;
            (query != 0.0).then(|| f64::from(query * weight))
        })
        .fold(0.0, |dot, product| dot + product)
}

#[cfg(test)]
fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += f64::from(a[i].1 * b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_folding() {
        assert_eq!(stem("offences"), "offence");
        assert_eq!(stem("parties"), "party");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("data"), "data");
    }

    #[test]
    fn dense_dot_equals_the_sparse_merge() {
        let query = [(1, 0.6), (4, 0.3), (7, 0.742_16)];
        let mut dense = vec![0.0; 10];
        for &(term, weight) in &query {
            dense[term as usize] = weight;
        }
        for doc in [vec![(1, 0.5), (2, 0.5), (7, 0.7)], vec![(3, 1.0)], vec![]] {
            assert_eq!(
                dot_dense(&dense, &doc).to_bits(),
                cosine(&query, &doc).to_bits()
            );
        }
    }

    #[test]
    fn cosine_of_sparse_vectors() {
        assert!((cosine(&[(1, 0.6), (2, 0.8)], &[(1, 0.6), (2, 0.8)]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[(1, 1.0)], &[(2, 1.0)]), 0.0);
    }
}
