//! Finding a quote again after its words changed a little: the window of the provision text most like
//! it, with bounded work.
//!
//! Similarity is the ratio `2·M / (quote chars + window chars)`, M the longest common subsequence of
//! characters (what `similar`'s `TextDiff::ratio` reports for a character diff). Windows start at each
//! word and are 90 %, 100 % or 110 % as long as the quote; the most similar one wins (the first on a tie)
//! if its ratio reaches [`FUZZY_THRESHOLD`].
//!
//! Trying every window with a full diff took seconds for a thousand stale quotes, and a 1 MB quote
//! stalled the window for many seconds. So:
//! - **Prefilter**: a window's character counts bound its ratio from above (`M ≤ Σ min(count in quote,
//!   count in window)`); one sliding pass gives every window's bound. Windows are tried best bound
//!   first, and the search ends when no bound left can beat the best ratio found — the same answer as
//!   trying every window, usually after a handful.
//! - **Cheap exact ratio**: the LCS is computed bit-parallel (64 quote characters per machine word), in
//!   one pass per word start for all three lengths.
//! - **Length cap**: a quote longer than [`MAX_QUOTE_CHARS`] is matched by its first and last
//!   `MAX_QUOTE_CHARS / 2` characters (each found as above); the span between them must be about as long
//!   as the quote and have about its characters. Its ratio is the lowest of the three checks.
//! - **Budget**: each search may spend [`WORK_BUDGET`] units of work (a character visited or a machine
//!   word of the LCS updated) beyond reading the two strings once. A text too long to scan within it is
//!   not searched; when it runs out, the best window found so far (if good enough) is the answer.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// Below this similarity a window is not taken for the quote.
pub const FUZZY_THRESHOLD: f64 = 0.8;

/// Longer quotes are matched by their two ends (see the module documentation).
pub const MAX_QUOTE_CHARS: usize = 500;

/// The work one search may do: about a millisecond, enough to search a provision of 20,000 characters.
pub const WORK_BUDGET: u64 = 200_000;

/// Quotes shorter than this are not searched fuzzily: too little to tell a match from chance.
const MIN_QUOTE_CHARS: usize = 4;

/// A text character that does not occur in the quote.
const ABSENT: u32 = u32::MAX;

/// The outcome of a search and the work it took (for tests and benchmarks).
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// The byte range of the best window in the text and its ratio, if it reaches the threshold.
    pub found: Option<(Range<usize>, f64)>,
    /// Units of work spent, never more than [`WORK_BUDGET`].
    pub work: u64,
}

/// Finds the window of `text` most like `quote` (see the module documentation).
pub fn find(quote: &str, text: &str) -> Search {
    let mut budget = Budget {
        spent: 0,
        limit: WORK_BUDGET,
    };
    let quote_len = quote.chars().count();
    let text_len = text.chars().count();
    // No window can reach the threshold when the text is much shorter than the quote (the best is the
    // whole text, all of it matching): decided before anything is built, so a huge quote costs a count.
    let longest_match = text_len.min(quote_len);
    let found = if quote_len < MIN_QUOTE_CHARS
        || text_len == 0
        || f64::from(ratio(longest_match, quote_len, longest_match)) < FUZZY_THRESHOLD
    {
        None
    } else {
        let text_chars: Vec<char> = text.chars().collect();
        let window = if quote_len > MAX_QUOTE_CHARS {
            let quote_chars: Vec<char> = quote.chars().collect();
            best_window_by_ends(&quote_chars, &text_chars, &mut budget)
        } else {
            let quote_chars: Vec<char> = quote.chars().collect();
            best_window(&quote_chars, &text_chars, &mut budget)
        };
        window.map(|(chars, ratio)| {
            let byte = |char_offset: usize| {
                text.char_indices()
                    .nth(char_offset)
                    .map_or(text.len(), |(b, _)| b)
            };
            (byte(chars.start)..byte(chars.end), f64::from(ratio))
        })
    };
    Search {
        found,
        work: budget.spent,
    }
}

/// Work left for one search.
struct Budget {
    spent: u64,
    limit: u64,
}

impl Budget {
    /// Takes `amount` units if they are left; false (and nothing taken) otherwise.
    fn take(&mut self, amount: usize) -> bool {
        let amount = amount as u64;
        if self.spent + amount > self.limit {
            return false;
        }
        self.spent += amount;
        true
    }
}

/// The similarity of a window with `matches` characters in common with the quote, computed as
/// `similar` does (in `f32`), so ratios read the same as before.
fn ratio(matches: usize, quote_len: usize, window_len: usize) -> f32 {
    let total = quote_len + window_len;
    if total == 0 {
        1.0
    } else {
        2.0 * matches as f32 / total as f32
    }
}

/// A quote over [`MAX_QUOTE_CHARS`]: its first and last halves of that length are found on their own,
/// and the span from the one to the other must be as long as the quote give or take 10 % and hold about
/// its characters.
fn best_window_by_ends(
    quote: &[char],
    text: &[char],
    budget: &mut Budget,
) -> Option<(Range<usize>, f32)> {
    let half = MAX_QUOTE_CHARS / 2;
    let q = quote.len();
    let (head, head_ratio) = best_window(quote.get(..half)?, text, budget)?;
    // The tail is looked for only where it can end a span of 90 % to 110 % of the quote's length, so a
    // repeated passage elsewhere cannot be taken for it.
    let region =
        (head.start + q * 9 / 10).saturating_sub(half)..(head.start + q * 11 / 10).min(text.len());
    let (tail, tail_ratio) =
        best_window(quote.get(q - half..)?, text.get(region.clone())?, budget)?;
    let span = head.start..region.start + tail.end;
    let span_len = span.end.checked_sub(span.start)?;
    if span_len * 10 < q * 9 || span_len * 10 > q * 11 {
        return None;
    }
    if !budget.take(quote.len() + span_len) {
        return None;
    }
    let mut index = FxHashMap::default();
    let quote_ix = dense_indices(quote, &mut index);
    let mut counts = vec![0u32; index.len()];
    for &c in &quote_ix {
        counts[c as usize] += 1;
    }
    let mut common = 0;
    for c in text.get(span.clone())? {
        if let Some(&c) = index.get(c) {
            let count = &mut counts[c as usize];
            if *count > 0 {
                *count -= 1;
                common += 1;
            }
        }
    }
    let middle_bound = ratio(common, quote.len(), span_len);
    let ratio = head_ratio.min(tail_ratio).min(middle_bound);
    (f64::from(ratio) >= FUZZY_THRESHOLD).then_some((span, ratio))
}

/// Numbers the distinct characters of `chars` from 0 in order of appearance (recorded in `index`).
fn dense_indices(chars: &[char], index: &mut FxHashMap<char, u32>) -> Vec<u32> {
    chars
        .iter()
        .map(|&c| {
            let next = index.len() as u32;
            *index.entry(c).or_insert(next)
        })
        .collect()
}

/// The best window for a quote of at most [`MAX_QUOTE_CHARS`], as a character range with its ratio.
fn best_window(quote: &[char], text: &[char], budget: &mut Budget) -> Option<(Range<usize>, f32)> {
    let q = quote.len();
    let n = text.len();
    if q < MIN_QUOTE_CHARS || n == 0 {
        return None;
    }
    // Mapping the text and sliding three windows over it: each character enters and leaves each once.
    if !budget.take(7 * n) {
        return None;
    }
    let lengths = [q, q * 9 / 10, q * 11 / 10];
    let longest = lengths[2];
    let mut index = FxHashMap::default();
    let quote_ix = dense_indices(quote, &mut index);
    let text_ix: Vec<u32> = text
        .iter()
        .map(|c| index.get(c).copied().unwrap_or(ABSENT))
        .collect();
    let mut quote_counts = vec![0u32; index.len()];
    for &c in &quote_ix {
        quote_counts[c as usize] += 1;
    }

    // Upper bounds of every word start's three windows.
    let mut windows: [CountWindow; 3] = std::array::from_fn(|_| CountWindow::new(index.len()));
    let mut candidates: Vec<(f32, usize)> = Vec::new();
    for start in (0..n).filter(|&i| i == 0 || text[i - 1].is_whitespace()) {
        let mut bound = 0.0f32;
        for (window, &length) in windows.iter_mut().zip(&lengths) {
            let end = (start + length).min(n);
            window.slide(start..end, &text_ix, &quote_counts);
            bound = bound.max(ratio(window.common, q, end - start));
        }
        if f64::from(bound) >= FUZZY_THRESHOLD {
            candidates.push((bound, start));
        }
    }
    // Best bound first; on equal bounds the earlier start, as a scan from the left would find.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let bits = QuoteBits::new(&quote_ix, index.len());
    let mut state = Vec::new();
    // (start, length index, end, ratio) of the best window so far.
    let mut best: Option<(usize, usize, usize, f32)> = None;
    for (bound, start) in candidates {
        if let Some((best_start, _, _, best_ratio)) = best
            && (bound < best_ratio || (bound == best_ratio && start > best_start))
        {
            break;
        }
        let window_end = (start + longest).min(n);
        if !budget.take((window_end - start) * bits.words) {
            break;
        }
        let ends = lengths.map(|length| (start + length).min(n) - start);
        let common = bits.lcs_of_prefixes(&text_ix[start..window_end], ends, &mut state);
        for (slot, (&length, &matches)) in ends.iter().zip(&common).enumerate() {
            let candidate = ratio(matches, q, length);
            let better = best.is_none_or(|(best_start, best_slot, _, best_ratio)| {
                candidate > best_ratio
                    || (candidate == best_ratio && (start, slot) < (best_start, best_slot))
            });
            if better {
                best = Some((start, slot, start + length, candidate));
            }
        }
    }
    best.filter(|&(_, _, _, r)| f64::from(r) >= FUZZY_THRESHOLD)
        .map(|(start, _, end, r)| (start..end, r))
}

/// Character counts of a window sliding to the right, with how many of its characters the quote can
/// match (`Σ min(count in quote, count in window)`).
struct CountWindow {
    counts: Vec<u32>,
    range: Range<usize>,
    common: usize,
}

impl CountWindow {
    fn new(distinct: usize) -> CountWindow {
        CountWindow {
            counts: vec![0; distinct],
            range: 0..0,
            common: 0,
        }
    }

    /// Moves to `to` (neither end moves left).
    fn slide(&mut self, to: Range<usize>, text: &[u32], quote_counts: &[u32]) {
        // Add before removing: the new start may lie past the old end.
        for &c in &text[self.range.end.max(to.start)..to.end] {
            if c != ABSENT {
                let count = &mut self.counts[c as usize];
                if *count < quote_counts[c as usize] {
                    self.common += 1;
                }
                *count += 1;
            }
        }
        for &c in &text[self.range.start..to.start.min(self.range.end)] {
            if c != ABSENT {
                let count = &mut self.counts[c as usize];
                *count -= 1;
                if *count < quote_counts[c as usize] {
                    self.common -= 1;
                }
            }
        }
        self.range = to;
    }
}

/// The quote as bit masks for the bit-parallel LCS of Allison–Dix / Hyyrö: for each distinct character,
/// bit `i` is set where the quote's `i`-th character is that one.
struct QuoteBits {
    words: usize,
    /// `words` machine words per distinct character.
    masks: Vec<u64>,
    /// The bits of the last word that belong to the quote.
    last_word: u64,
}

impl QuoteBits {
    fn new(quote: &[u32], distinct: usize) -> QuoteBits {
        let words = quote.len().div_ceil(64);
        let mut masks = vec![0u64; distinct * words];
        for (i, &c) in quote.iter().enumerate() {
            masks[c as usize * words + i / 64] |= 1u64 << (i % 64);
        }
        let last_word = match quote.len() % 64 {
            0 => u64::MAX,
            bits => (1u64 << bits) - 1,
        };
        QuoteBits {
            words,
            masks,
            last_word,
        }
    }

    /// The LCS of the quote with `window[..end]` for each of `ends`.
    fn lcs_of_prefixes(
        &self,
        window: &[u32],
        ends: [usize; 3],
        state: &mut Vec<u64>,
    ) -> [usize; 3] {
        state.clear();
        state.resize(self.words, u64::MAX);
        let mut out = [0; 3];
        for (slot, &end) in ends.iter().enumerate() {
            if end == 0 {
                out[slot] = 0;
            }
        }
        for (position, &c) in window.iter().enumerate() {
            if c != ABSENT {
                let mask = &self.masks[c as usize * self.words..(c as usize + 1) * self.words];
                let mut carry = false;
                for (v, &m) in state.iter_mut().zip(mask) {
                    let u = *v & m;
                    let (sum, carry_a) = v.overflowing_add(u);
                    let (sum, carry_b) = sum.overflowing_add(u64::from(carry));
                    carry = carry_a || carry_b;
                    *v = sum | (*v - u);
                }
            }
            for (slot, &end) in ends.iter().enumerate() {
                if end == position + 1 {
                    out[slot] = self.matched(state);
                }
            }
        }
        out
    }

    /// Quote characters matched so far: the zero bits of the state.
    fn matched(&self, state: &[u64]) -> usize {
        let last = state.len().saturating_sub(1);
        state
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let valid = if i == last { self.last_word } else { u64::MAX };
                (!v & valid).count_ones() as usize
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: the LCS ratio of every window, computed by `similar` (the earlier implementation).
    fn exhaustive(quote: &str, text: &str) -> Option<(Range<usize>, f64)> {
        let q = quote.chars().count();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let lengths = [q, q * 9 / 10, q * 11 / 10];
        let mut best: Option<(Range<usize>, f64)> = None;
        for start in (0..chars.len()).filter(|&i| i == 0 || chars[i - 1].1.is_whitespace()) {
            for &length in &lengths {
                let end = (start + length).min(chars.len());
                let candidate: String = chars[start..end].iter().map(|(_, c)| c).collect();
                let r = f64::from(similar::TextDiff::from_chars(quote, candidate.as_str()).ratio());
                if best.as_ref().is_none_or(|(_, b)| r > *b) {
                    let byte_end = chars.get(end).map_or(text.len(), |(b, _)| *b);
                    best = Some((chars[start].0..byte_end, r));
                }
            }
        }
        best.filter(|(_, r)| *r >= FUZZY_THRESHOLD)
    }

    const TEXT: &str = "Each State Party shall adopt such legislative and other measures as may be \
        necessary to establish as criminal offences under its domestic law, when committed \
        intentionally, the access to the whole or any part of an information and communications \
        technology system without right.";

    #[test]
    fn slightly_edited_quote_is_found_where_the_full_search_finds_it() {
        for (quote, expected) in [
            (
                "legislative and further measures",
                "legislative and other measures",
            ),
            (
                "criminal offense under its domestic law",
                "criminal offences under its domestic law",
            ),
            (
                "informaton and communication technology system",
                "information and communications technology system",
            ),
            (
                "the acess to the whole or any part",
                "the access to the whole or any part",
            ),
        ] {
            let search = find(quote, TEXT);
            let Some((range, ratio)) = search.found.clone() else {
                panic!("{quote:?} not found");
            };
            assert!(
                TEXT[range.clone()].starts_with(&expected[..12]),
                "{quote:?} → {:?}",
                &TEXT[range]
            );
            assert_eq!(search.found, exhaustive(quote, TEXT), "{quote:?}");
            assert!(ratio >= FUZZY_THRESHOLD);
        }
    }

    #[test]
    fn same_answer_as_trying_every_window() {
        // Quotes cut from the text and edited in several ways, some beyond recognition.
        let words: Vec<&str> = TEXT.split(' ').collect();
        for start in (0..words.len() - 6).step_by(2) {
            for len in [3, 6] {
                let original = words[start..start + len].join(" ");
                let edits = [
                    original.replacen('e', "", 1),
                    original.replacen(' ', " very ", 1),
                    original.to_uppercase(),
                    original.split(' ').rev().collect::<Vec<_>>().join(" "),
                ];
                for quote in edits {
                    assert_eq!(
                        find(&quote, TEXT).found,
                        exhaustive(&quote, TEXT),
                        "{quote:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn lcs_spans_several_machine_words() {
        let quote: Vec<char> = TEXT.chars().take(150).collect();
        let mut text: Vec<char> = quote.clone();
        text.remove(70);
        text.insert(100, 'x');
        let mut index = FxHashMap::default();
        let quote_ix = dense_indices(&quote, &mut index);
        let text_ix: Vec<u32> = text
            .iter()
            .map(|c| index.get(c).copied().unwrap_or(ABSENT))
            .collect();
        let bits = QuoteBits::new(&quote_ix, index.len());
        let lcs = bits.lcs_of_prefixes(&text_ix, [text.len(), 10, 0], &mut Vec::new());
        assert_eq!(lcs, [149, 10, 0]);
    }

    #[test]
    fn long_edited_quote_is_found_by_its_ends() {
        let text = TEXT.repeat(4);
        let quote = text[11..900].replace("domestic", "national");
        assert!(quote.chars().count() > MAX_QUOTE_CHARS);
        let search = find(&quote, &text);
        let (range, ratio) = search.found.expect("found");
        assert_eq!(range.start, 11);
        assert!((895..=905).contains(&range.end), "{range:?}");
        assert!(ratio >= FUZZY_THRESHOLD);
    }

    #[test]
    fn one_megabyte_stale_quote_is_an_orphan_after_bounded_work() {
        let quote = "a stale quote of many words ".repeat(40_000);
        assert!(quote.len() > 1_000_000);
        // Against a treaty paragraph: decided by length alone.
        let search = find(&quote, TEXT);
        assert_eq!(search.found, None);
        assert_eq!(search.work, 0);
        // Against a text as long as itself, with the same letters in another order: the budget ends it.
        let text = "words many of quote stale a ".repeat(40_000);
        let search = find(&quote, &text);
        assert_eq!(search.found, None);
        assert!(search.work <= WORK_BUDGET, "{}", search.work);
        // Through the resolver, as a layer file would have it: an orphan.
        let anchor = crate::annotations::Anchor {
            quote,
            start: 3,
            end: 1_000_003,
            ..crate::annotations::Anchor::bare(
                crate::model::ProvisionId::parse("uncc:art_7").expect("an ID"),
            )
        };
        assert_eq!(
            crate::annotations::resolve_in(&anchor, TEXT),
            crate::annotations::Resolution::Orphan(crate::annotations::OrphanReason::QuoteNotFound)
        );
    }

    #[test]
    fn short_stale_quote_in_a_huge_text_stays_within_budget() {
        let text = TEXT.repeat(1_000);
        let search = find("no such words at all in there", &text);
        assert_eq!(search.found, None);
        assert!(search.work <= WORK_BUDGET);
    }
}
