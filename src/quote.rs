//! Finding quoted words in a provision — evidence quotes, lesson highlights: up to whitespace,
//! quotation marks and dashes (folded by [`crate::fold`]), over the provision and everything inside it, and mapped back to byte ranges of each
//! node's own text so the reader can mark them. The one place quotes are matched against the texts.

use std::ops::Range;

use serde::Serialize;

use crate::fold::{self, Case};
use crate::model::{Library, ProvisionId};

/// Part of a quote in one node of the provision tree: bytes `range` of that node's `text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotePlace {
    pub node: ProvisionId,
    pub range: Range<usize>,
}

/// The quote as it is matched: trimmed, inner whitespace folded to single spaces.
pub fn normalise(quote: &str) -> String {
    quote.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte range of the first occurrence of `quote` in `text`, up to runs of whitespace and curly versus
/// straight quotation marks.
pub fn find_normalised(text: &str, quote: &str) -> Option<Range<usize>> {
    let needle = fold::fold_typed(quote, Case::Keep);
    if needle.is_empty() {
        return None;
    }
    let folded = fold::fold(text, Case::Keep);
    let start = folded.text.find(&needle)?;
    folded.original(start..start + needle.len())
}

/// Where `quote` occurs in the provision `id` and everything inside it (as `crosswalk show` prints it,
/// one node per line, inner labels kept): the parts of the first occurrence in each node's own text.
/// `None` when the provision is unknown or the quote is not there.
pub fn locate(library: &Library, id: &str, quote: &str) -> Option<Vec<QuotePlace>> {
    let (key, ix) = library.resolve(id)?;
    let treaty = library.treaty(key);
    // The provision's text as one string, remembering where each node's own words lie in it.
    let mut joined = String::new();
    let mut segments: Vec<(usize, Range<usize>)> = Vec::new();
    for (offset, node) in treaty.nodes[ix..treaty.subtree_end(ix)].iter().enumerate() {
        let label = match (&node.label, offset) {
            (Some(label), 1..) => format!("{label} "),
            _ => String::new(),
        };
        if label.is_empty() && node.text.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push('\n');
        }
        joined.push_str(label.trim_end());
        if !node.text.is_empty() {
            if !label.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            joined.push_str(&node.text);
            segments.push((ix + offset, start..joined.len()));
        }
    }
    let found = find_normalised(&joined, quote)?;
    let places = segments
        .into_iter()
        .filter_map(|(node_ix, segment)| {
            let start = found.start.max(segment.start);
            let end = found.end.min(segment.end);
            (start < end).then(|| QuotePlace {
                node: treaty.node(node_ix).id.clone(),
                range: start - segment.start..end - segment.start,
            })
        })
        .collect();
    Some(places)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_and_line_breaks_match_one_space() {
        let text = "with the  intent\nof obtaining electronic data";
        let range = find_normalised(text, " intent of\tobtaining ").expect("found");
        assert_eq!(&text[range], "intent\nof obtaining");
        assert_eq!(find_normalised(text, "intent to obtain"), None);
        assert_eq!(find_normalised(text, "   "), None);
    }

    #[test]
    fn straight_quotation_marks_match_curly_ones() {
        let text = "the person’s “intimate image”";
        let range = find_normalised(text, "person's \"intimate image\"").expect("found");
        assert_eq!(&text[range], "person’s “intimate image”");
    }

    #[test]
    fn multibyte_characters_keep_their_bytes() {
        let text = "the “child pornography” term’s use";
        let range = find_normalised(text, "pornography” term’s").expect("found");
        assert_eq!(&text[range], "pornography” term’s");
    }

    #[test]
    fn a_quote_and_a_search_agree_on_dashes_but_only_a_search_ignores_case() {
        let text = "offences – as defined";
        let typed = "offences - as";
        let quoted = find_normalised(text, typed).expect("a hyphen finds an en dash");
        assert_eq!(&text[quoted.clone()], "offences – as");
        let searched = crate::search::find_all(text, typed);
        assert_eq!(searched, [0..quoted.end]);
        assert_eq!(find_normalised(text, "Offences - as"), None);
        assert_eq!(crate::search::find_all(text, "Offences - as").len(), 1);
    }
}
