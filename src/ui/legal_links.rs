//! The links inside the texts as the reader shows them: each cross-reference and each use of a defined
//! term, with where a click goes and what hovering says, and each article's "Referred to by" line.
//! Built once from the corpus (the texts do not change while the window is open).

use std::ops::Range;

use crate::corpus::Corpus;
use crate::model::{Kind, Library, NodeIx, ProvisionId, Side, Treaty};

use super::marks::Mark;

/// A link in a row's text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLink {
    /// Byte range of the linked words (in the provision's own text, or in the row's text once placed).
    pub range: Range<usize>,
    /// Where a click goes: the (first) provision referred to, or the definition.
    pub target: ProvisionId,
    /// What hovering shows: the target's pinpoint and first words, or the definition(s).
    pub hover: String,
    /// `Mark::Reference` or `Mark::DefinedTerm`.
    pub mark: Mark,
}

/// Per treaty and node: the links in the node's own text, and for an article the provisions that
/// refer to it.
pub struct LegalLinks {
    in_text: crate::model::PerSide<Vec<Vec<TextLink>>>,
    referred_to_by: crate::model::PerSide<Vec<Vec<(ProvisionId, String)>>>,
}

/// How many words of a provision a hover shows.
const FIRST_WORDS: usize = 14;

impl LegalLinks {
    pub fn new(corpus: &Corpus) -> LegalLinks {
        let library = &corpus.library;
        let in_text = crate::model::PerSide::from_fn(|key| {
            let treaty = library.treaty(key);
            (0..treaty.nodes.len())
                .map(|ix| links_in(corpus, treaty, ix))
                .collect()
        });
        let referred_to_by = crate::model::PerSide::from_fn(|key| {
            let treaty = library.treaty(key);
            treaty
                .nodes
                .iter()
                .map(|node| referrers(corpus, node.kind, &node.id))
                .collect()
        });
        LegalLinks {
            in_text,
            referred_to_by,
        }
    }

    /// The links in a node's own text, in text order.
    pub fn in_text(&self, key: Side, node: NodeIx) -> &[TextLink] {
        self.in_text[key].get(node).map_or(&[], Vec::as_slice)
    }

    /// "Referred to by: Art. 16(4), Art. 17(2), …" for an article that other provisions name, with the
    /// links on each pinpoint (byte ranges of that line).
    pub fn referred_to_by_line(
        &self,
        library: &Library,
        key: Side,
        node: NodeIx,
    ) -> Option<(String, Vec<TextLink>)> {
        let sources = self.referred_to_by[key]
            .get(node)
            .filter(|list| !list.is_empty())?;
        let mut line = String::from("Referred to by: ");
        let mut links = Vec::new();
        for (index, (source, words)) in sources.iter().enumerate() {
            if index > 0 {
                line.push_str(", ");
            }
            let pinpoint = library
                .get(source)
                .map_or_else(|| source.to_string(), |n| n.pinpoint.clone());
            let start = line.len();
            line.push_str(&pinpoint);
            links.push(TextLink {
                range: start..line.len(),
                target: source.clone(),
                hover: format!(
                    "{}: “{words}”\n{}",
                    label_of(library, source),
                    first_words(library, source)
                ),
                mark: Mark::Reference,
            });
        }
        Some((line, links))
    }
}

/// The provisions outside an article that refer to it (or to something in it), once each.
fn referrers(corpus: &Corpus, kind: Kind, id: &ProvisionId) -> Vec<(ProvisionId, String)> {
    if kind != Kind::Article {
        return Vec::new();
    }
    let mut out: Vec<(ProvisionId, String)> = Vec::new();
    for reference in corpus.references.referred_to_by(id) {
        if !out.iter().any(|(source, _)| *source == reference.source) {
            out.push((reference.source.clone(), reference.words.clone()));
        }
    }
    out
}

fn links_in(corpus: &Corpus, treaty: &Treaty, ix: NodeIx) -> Vec<TextLink> {
    let library = &corpus.library;
    let id = &treaty.node(ix).id;
    let mut links: Vec<TextLink> = corpus
        .references
        .in_text_of(id)
        .filter_map(|reference| {
            let first = reference.targets.first()?;
            Some(TextLink {
                range: reference.range.clone(),
                target: first.clone(),
                hover: reference_hover(library, &reference.targets),
                mark: Mark::Reference,
            })
        })
        .collect();
    let terms = &corpus.defined_terms;
    for term_use in terms.uses_in(id) {
        // A term inside a reference ("this chapter") keeps the reference's link.
        let inside = links.iter().any(|link| {
            link.range.start < term_use.range.end && term_use.range.start < link.range.end
        });
        let Some(definition) = terms.definition(term_use.definition) else {
            continue;
        };
        if inside {
            continue;
        }
        let mut hover = format!(
            "“{}”, defined in {}:\n{}",
            definition.term,
            label_of(library, &definition.id),
            text_of(library, &definition.id)
        );
        if let Some(other) = terms.counterpart(&corpus.terms, term_use.definition) {
            hover.push_str(&format!(
                "\n\nIn the other treaty, {} (“{}”):\n{}",
                label_of(library, &other.id),
                other.term,
                text_of(library, &other.id)
            ));
        }
        links.push(TextLink {
            range: term_use.range.clone(),
            target: definition.id.clone(),
            hover,
            mark: Mark::DefinedTerm,
        });
    }
    links.sort_by_key(|link| link.range.start);
    links
}

/// "UN Art. 24(1): Each State Party shall ensure that …", a line per provision referred to.
fn reference_hover(library: &Library, targets: &[ProvisionId]) -> String {
    const SHOWN: usize = 4;
    let mut lines: Vec<String> = targets
        .iter()
        .take(SHOWN)
        .map(|target| {
            format!(
                "{}: {}",
                label_of(library, target),
                first_words(library, target)
            )
        })
        .collect();
    if targets.len() > SHOWN {
        lines.push(format!(
            "and {} more (click goes to the first)",
            targets.len() - SHOWN
        ));
    }
    lines.join("\n")
}

fn label_of(library: &Library, id: &ProvisionId) -> String {
    crate::pinpoint::label_of(library, id)
}

/// The provision's full text (definitions are short and are read whole).
fn text_of(library: &Library, id: &ProvisionId) -> String {
    library
        .resolve(id)
        .map(|(key, ix)| library.treaty(key).full_text(ix))
        .unwrap_or_default()
}

/// The first words of a provision (its heading for a chapter or section).
fn first_words(library: &Library, id: &ProvisionId) -> String {
    let Some((key, ix)) = library.resolve(id) else {
        return String::new();
    };
    let treaty = library.treaty(key);
    let node = treaty.node(ix);
    if node.kind.is_division() {
        return node.title_line();
    }
    let text = treaty.full_text(ix);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut shown = words[..words.len().min(FIRST_WORDS)].join(" ");
    if words.len() > FIRST_WORDS {
        shown.push_str(" …");
    }
    match (&node.heading, node.kind) {
        (Some(heading), Kind::Article) => format!("{heading} — {shown}"),
        _ => shown,
    }
}
