//! Text folded for matching: the one place that says which characters count as the same when words
//! a user typed are looked for in the treaties and in notes — search, evidence quotes and lesson
//! highlights ([`crate::quote`]), tag filters, and the diff's keys for punctuation.
//!
//! The UN text prints ’ “ ” and –, the Budapest text ' " and -, and users type either: curly quotation
//! marks count as straight ones and en and em dashes as hyphens everywhere; runs of whitespace count as
//! one space; letter case counts where the words must be exact (quotes) and not where the user
//! searches or filters.

use std::ops::Range;

/// Whether letter case counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Quotes: the words as the treaty writes them.
    Keep,
    /// Search and filters: "Article" finds "article".
    Ignore,
}

/// Curly quotation marks as straight ones, en and em dashes as hyphens; any other character as it is.
pub fn typographic(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        _ => c,
    }
}

/// One character folded (typographic marks, and case when it does not count).
pub fn fold_char(c: char, case: Case) -> char {
    let c = typographic(c);
    match case {
        Case::Keep => c,
        Case::Ignore => c.to_lowercase().next().unwrap_or(c),
    }
}

/// A text folded for matching, and for each of its bytes the byte range of the original character it
/// came from (so a match maps back to the original text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<Range<usize>>,
}

impl Folded {
    /// The original byte range of the folded bytes `range` (which must not be empty).
    pub fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let first = self.origin.get(range.start)?;
        let last = self.origin.get(range.end.checked_sub(1)?)?;
        Some(first.start..last.end)
    }
}

/// Folds `text`: every run of whitespace becomes one space, and each character is folded by
/// [`fold_char`].
pub fn fold(text: &str, case: Case) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        let source = at..at + c.len_utf8();
        if c.is_whitespace() {
            if !in_space {
                folded.push(' ');
                origin.push(source);
            }
            in_space = true;
        } else {
            in_space = false;
            let f = fold_char(c, case);
            folded.push(f);
            origin.extend(std::iter::repeat_n(source, f.len_utf8()));
        }
    }
    Folded {
        text: folded,
        origin,
    }
}

/// What the user typed, folded as the texts are: trimmed, runs of whitespace as one space.
pub fn fold_typed(typed: &str, case: Case) -> String {
    let folded = fold(typed.trim(), case);
    folded.text
}

/// Whether any of `tags` starts with the filter `prefix` (case and typographic marks not counting):
/// the annotations panel's tag filter and an export's `tag=` selection ask this, so they agree. An
/// empty filter matches everything.
pub fn tags_match(tags: &[String], prefix: &str) -> bool {
    let prefix = fold_typed(prefix, Case::Ignore);
    prefix.is_empty()
        || tags
            .iter()
            .any(|tag| fold_typed(tag, Case::Ignore).starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_spaces_and_case_fold_and_map_back() {
        let text = "the “Party’s”  law – Art.\n5";
        let folded = fold(text, Case::Ignore);
        assert_eq!(folded.text, "the \"party's\" law - art. 5");
        let at = folded.text.find("law - art").expect("found");
        let range = folded
            .original(at..at + "law - art".len())
            .expect("maps back");
        assert_eq!(&text[range], "law – Art");
        assert_eq!(fold(text, Case::Keep).text, "the \"Party's\" law - Art. 5");
    }

    #[test]
    fn tags_match_by_prefix_whatever_the_case() {
        let tags = ["Safeguard/Proportionality".to_owned()];
        assert!(tags_match(&tags, "safeguard/"));
        assert!(tags_match(&tags, " SAFEGUARD "));
        assert!(tags_match(&tags, ""));
        assert!(!tags_match(&tags, "power/"));
    }
}
