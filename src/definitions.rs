//! The terms each treaty defines — UN Art. 2, Budapest Art. 1, and the terms an interpretative note
//! defines ("The term “criminal investigations” covers …") — and every place their words are used,
//! found once at load. A use is the term as a whole word or phrase, in any case, singular or with a
//! plural "s"; a note's term is looked for only in the articles the note interprets. The term table
//! (`texts/terms.ron`) pairs a definition with the other treaty's ("electronic data" ↔ "computer data").

use std::ops::Range;

use crate::diff::TermTable;
use crate::model::{Kind, Library, Provision, ProvisionId, Side, Treaty};

/// A term a treaty defines, and the provision that defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub side: Side,
    /// The term as printed between the quotation marks: "Electronic data", "computer system".
    pub term: String,
    /// The provision whose words define it (`uncc:art_2__point_b`, `uncc:annex__note_4`).
    pub id: ProvisionId,
    /// The articles the definition holds for; empty for the whole treaty.
    pub scope: Vec<ProvisionId>,
}

/// A place where a defined term is used.
#[derive(Clone, Debug, PartialEq)]
pub struct TermUse {
    pub source: ProvisionId,
    /// Byte range of the words in the source's own text.
    pub range: Range<usize>,
    /// Index into [`DefinedTerms::definitions`].
    pub definition: usize,
}

/// Every definition of both treaties and every use of their terms, in document order.
#[derive(Clone, Debug, Default)]
pub struct DefinedTerms {
    definitions: Vec<Definition>,
    uses: Vec<TermUse>,
    /// Per provision, where its uses lie in `uses` (a runtime index).
    by_source: std::collections::HashMap<String, Range<usize>>,
}

impl DefinedTerms {
    pub fn new(library: &Library) -> DefinedTerms {
        let mut found = DefinedTerms::default();
        for key in Side::ALL {
            let treaty = library.treaty(key);
            let first = found.definitions.len();
            found.definitions.extend(
                treaty
                    .nodes
                    .iter()
                    .flat_map(|node| definitions_in(treaty, node)),
            );
            found.find_uses(treaty, first);
        }
        found.by_source =
            crate::references::runs_by_source(&found.uses, |term_use| &term_use.source);
        found
    }

    pub fn definitions(&self) -> &[Definition] {
        &self.definitions
    }

    pub fn definition(&self, index: usize) -> Option<&Definition> {
        self.definitions.get(index)
    }

    /// The uses of defined terms in one provision's own text, in text order.
    pub fn uses_in(&self, id: &str) -> impl Iterator<Item = &TermUse> {
        let run = self.by_source.get(id).cloned().unwrap_or_default();
        self.uses[run].iter()
    }

    /// The other treaty's definition of the same term, or of the term the table pairs with it.
    pub fn counterpart(&self, table: &TermTable, index: usize) -> Option<&Definition> {
        let definition = self.definitions.get(index)?;
        let term = definition.term.to_lowercase();
        let paired: Vec<String> = table
            .terms
            .iter()
            .filter_map(|pair| match definition.side {
                Side::Revision => {
                    (pair.revision.to_lowercase() == term).then(|| pair.base.to_lowercase())
                }
                Side::Base => {
                    (pair.base.to_lowercase() == term).then(|| pair.revision.to_lowercase())
                }
            })
            .collect();
        self.definitions.iter().find(|other| {
            let other_term = other.term.to_lowercase();
            other.side != definition.side && (other_term == term || paired.contains(&other_term))
        })
    }

    /// Finds the uses of the definitions from `first` on in every provision of `treaty`.
    fn find_uses(&mut self, treaty: &Treaty, first: usize) {
        // Longest terms first, so that a longer term is not cut by a shorter one inside it.
        let mut order: Vec<usize> = (first..self.definitions.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(self.definitions[index].term.len()));
        let terms: Vec<(usize, String)> = order
            .into_iter()
            .map(|index| (index, self.definitions[index].term.to_ascii_lowercase()))
            .collect();
        for node in &treaty.nodes {
            let lower = node.text.to_ascii_lowercase();
            let mut found: Vec<(Range<usize>, usize)> = Vec::new();
            for (index, term) in &terms {
                let definition = &self.definitions[*index];
                if !in_scope(definition, &node.id) {
                    continue;
                }
                for range in whole_word_matches(&lower, term) {
                    let overlaps = found
                        .iter()
                        .any(|(other, _)| other.start < range.end && range.start < other.end);
                    let is_the_definition = node.id == definition.id && quoted(&node.text, &range);
                    if !overlaps && !is_the_definition {
                        found.push((range, *index));
                    }
                }
            }
            found.sort_by_key(|(range, _)| range.start);
            self.uses
                .extend(found.into_iter().map(|(range, definition)| TermUse {
                    source: node.id.clone(),
                    range,
                    definition,
                }));
        }
    }
}

fn in_scope(definition: &Definition, id: &ProvisionId) -> bool {
    definition.scope.is_empty() || definition.scope.iter().any(|article| id.is_within(article))
}

/// Whether the words at `range` stand between quotation marks (the term where it is defined).
fn quoted(text: &str, range: &Range<usize>) -> bool {
    text[..range.start].ends_with('“') && text[range.end..].starts_with('”')
}

/// Where `term` (lower case) occurs in `lower` as whole words, with an optional plural "s".
fn whole_word_matches(lower: &str, term: &str) -> Vec<Range<usize>> {
    let is_word_byte =
        |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower[from..].find(term) {
        let start = from + offset;
        let mut end = start + term.len();
        from = end;
        if start > 0 && is_word_byte(bytes.get(start - 1)) {
            continue;
        }
        if bytes.get(end) == Some(&b's') && !is_word_byte(bytes.get(end + 1)) {
            end += 1;
        }
        if !is_word_byte(bytes.get(end)) {
            out.push(start..end);
        }
    }
    out
}

/// The terms a provision defines: "“Electronic data” shall mean …", "“Freezing” or “seizure” shall
/// mean …" in the definitions articles, and "The term “…” covers …" in an interpretative note.
fn definitions_in(treaty: &Treaty, node: &Provision) -> Vec<Definition> {
    let in_definitions_article = node
        .id
        .article()
        .is_some_and(|article| article.as_str() == definitions_article(treaty.key))
        && node.kind == Kind::Point;
    let (head, scope) = if in_definitions_article && node.text.starts_with('“') {
        (node.text.as_str(), Vec::new())
    } else if node.kind == Kind::Note && node.text.starts_with("The term “") {
        (&node.text["The term ".len()..], node.interprets.clone())
    } else {
        return Vec::new();
    };
    let verb = [" shall mean", " means", " covers"]
        .iter()
        .filter_map(|verb| head.find(verb))
        .min();
    let Some(verb) = verb else {
        return Vec::new();
    };
    quoted_terms(&head[..verb])
        .into_iter()
        .map(|term| Definition {
            side: treaty.key,
            term,
            id: node.id.clone(),
            scope: scope.clone(),
        })
        .collect()
}

fn definitions_article(key: Side) -> &'static str {
    match key {
        Side::Revision => "uncc:art_2",
        Side::Base => "bc:art_1",
    }
}

/// The words between each pair of curly quotation marks.
fn quoted_terms(text: &str) -> Vec<String> {
    text.split('“')
        .skip(1)
        .filter_map(|piece| piece.split_once('”').map(|(term, _)| term.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_matches_whole_words_and_its_plural() {
        let text = "the service providers, a service provider’s and serviceprovider";
        let ranges = whole_word_matches(text, "service provider");
        assert_eq!(ranges, vec![4..21, 25..41]);
    }
}
