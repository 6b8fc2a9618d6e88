//! Cross-references inside the treaties: "articles 7 to 16 of this Convention", "subject to Articles 14
//! and 15", "paragraph 1 (a) of this article", "this chapter", found in every provision's own words
//! (both treaties and the interpretative notes) and resolved to provision IDs once, at load.
//!
//! A reference is read as a phrase of levels (article, paragraph, subparagraph) and designations
//! (numbers, item letters) joined by commas, "and", "or" and "to"/"through", closed by an optional
//! tail that fixes what the numbers count in ("of this article", "of this paragraph", "of this
//! Convention", "above"). The phrase walks a path down the provision tree: a designation at a level
//! replaces the path from that level on, a letter right after a designation goes one level deeper, and
//! every path closed by a later one (or by the end) is a target. A number after a comma returns to the
//! phrase's first level ("Articles 2, 3, 6, paragraph 1.b, 7" names Art. 7, not paragraph 7). A word
//! "article" with no designation after it is never a reference. What a phrase names but the tree does
//! not hold is kept as [`Unresolved`], never linked.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{Kind, Library, NodeIx, Provision, ProvisionId, Side, Treaty};
use crate::texts::roman_to_arabic;

/// One reference in a provision's own text, with every provision it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The provision whose words hold the reference.
    pub source: ProvisionId,
    /// Byte range of the reference in the source's own text (`Provision::text`).
    pub range: Range<usize>,
    /// The words of the reference as printed ("paragraph 1 of this article").
    pub words: String,
    /// The provisions named, in the order the words name them.
    pub targets: Vec<ProvisionId>,
}

/// Words that read as a reference but name nothing the texts hold (or another instrument).
#[derive(Clone, Debug, PartialEq)]
pub struct Unresolved {
    pub source: ProvisionId,
    pub range: Range<usize>,
    pub words: String,
    /// Why it is not linked: "no provision bc:art_27__point_a", "refers to another instrument".
    pub reason: String,
}

/// Every cross-reference of both treaties, in document order (UN first).
#[derive(Clone, Debug, Default)]
pub struct CrossReferences {
    references: Vec<Reference>,
    unresolved: Vec<Unresolved>,
    /// Per source provision, where its references lie in `references` (a runtime index).
    by_source: HashMap<String, Range<usize>>,
}

impl CrossReferences {
    /// Finds and resolves the references in every provision of both treaties.
    pub fn new(library: &Library) -> CrossReferences {
        let mut found = CrossReferences::default();
        for key in Side::ALL {
            let treaty = library.treaty(key);
            for ix in 0..treaty.nodes.len() {
                PhraseReader::new(treaty, ix).read(&mut found);
            }
        }
        found.by_source = runs_by_source(&found.references, |reference| &reference.source);
        found
    }

    /// All resolved references, in document order.
    pub fn all(&self) -> &[Reference] {
        &self.references
    }

    /// The references that name nothing the texts hold, in document order.
    pub fn unresolved(&self) -> &[Unresolved] {
        &self.unresolved
    }

    /// The references in one provision's own text (not its children's), in text order.
    pub fn in_text_of(&self, id: &str) -> impl Iterator<Item = &Reference> {
        let run = self.by_source.get(id).cloned().unwrap_or_default();
        self.references[run].iter()
    }

    /// The references made by `id` or by anything inside it.
    pub fn refers_to(&self, id: &str) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|reference| crate::model::is_within(&reference.source, id))
            .collect()
    }

    /// The references from outside `id` that name `id` or something inside it ("referred to by").
    pub fn referred_to_by(&self, id: &str) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|reference| !crate::model::is_within(&reference.source, id))
            .filter(|reference| {
                reference
                    .targets
                    .iter()
                    .any(|target| crate::model::is_within(target, id))
            })
            .collect()
    }
}

/// For items kept in document order, the run of items each source provision has (items of one source
/// are consecutive), so that looking up one provision's items does not walk them all.
pub(crate) fn runs_by_source<T>(
    items: &[T],
    source: impl Fn(&T) -> &ProvisionId,
) -> HashMap<String, Range<usize>> {
    let mut runs: HashMap<String, Range<usize>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        runs.entry(source(item).to_string())
            .and_modify(|run| run.end = index + 1)
            .or_insert(index..index + 1);
    }
    runs
}

/// What a tail after the designations says they count in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tail {
    /// No tail, or "above": the nearest container that fits.
    None,
    /// "of this Convention", "of the present Convention", "of the convention".
    Treaty,
    Article,
    Paragraph,
    /// "of the … Convention" naming another instrument.
    Elsewhere,
}

/// The levels a phrase's designations count at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Article,
    Paragraph,
    Point,
}

/// A piece of a reference phrase.
#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Level(Level),
    Number(u32),
    Letter(String),
    Comma,
    AndOr,
    Through,
}

/// A word, number, bracketed label or punctuation mark of a provision's text, with its byte range.
#[derive(Clone, Debug, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Number(u32),
    /// "(a)", "(ii)", or Budapest's ".b" glued to a number ("paragraph 1.b").
    Label(&'a str),
    Comma,
    Mark(char),
}

fn tokens(text: &str) -> Vec<(Token<'_>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let start = at;
        let next_char = text[at..].chars().next().unwrap_or(' ');
        if next_char.is_whitespace() {
            at += next_char.len_utf8();
            continue;
        }
        if byte.is_ascii_digit() {
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            let number = text[start..at].parse().unwrap_or(u32::MAX);
            out.push((Token::Number(number), start..at));
            // Budapest glues an item to its paragraph: "paragraph 1.b", "paragraph 9.e.".
            let glued = bytes.get(at) == Some(&b'.')
                && bytes.get(at + 1).is_some_and(u8::is_ascii_lowercase)
                && !bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic);
            if glued {
                out.push((Token::Label(&text[at + 1..at + 2]), at..at + 2));
                at += 2;
            }
            continue;
        }
        if byte == b'(' {
            let inner_end = text[at + 1..]
                .find(')')
                .map(|offset| at + 1 + offset)
                .filter(|&end| end > at + 1 && end - at <= 5);
            if let Some(end) = inner_end
                && text[at + 1..end].bytes().all(|b| b.is_ascii_lowercase())
            {
                out.push((Token::Label(&text[at + 1..end]), at..end + 1));
                at = end + 1;
                continue;
            }
        }
        if byte.is_ascii_alphabetic() {
            while at < bytes.len()
                && (bytes[at].is_ascii_alphabetic()
                    || (bytes[at] == b'-'
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic)))
            {
                at += 1;
            }
            out.push((Token::Word(&text[start..at]), start..at));
            continue;
        }
        let mark = next_char;
        at += mark.len_utf8();
        let token = if mark == ',' {
            Token::Comma
        } else {
            Token::Mark(mark)
        };
        out.push((token, start..at));
    }
    out
}

fn level_word(word: &str) -> Option<Level> {
    match word.to_ascii_lowercase().as_str() {
        "article" | "articles" => Some(Level::Article),
        "paragraph" | "paragraphs" => Some(Level::Paragraph),
        "subparagraph" | "subparagraphs" | "sub-paragraph" | "sub-paragraphs" => Some(Level::Point),
        _ => None,
    }
}

fn is_word(token: Option<&(Token<'_>, Range<usize>)>, wanted: &str) -> bool {
    matches!(token, Some((Token::Word(word), _)) if word.eq_ignore_ascii_case(wanted))
}

/// Reads the references in one provision's own text.
struct PhraseReader<'a> {
    treaty: &'a Treaty,
    ix: NodeIx,
    node: &'a Provision,
    tokens: Vec<(Token<'a>, Range<usize>)>,
    /// The targets found so far in this text: a bare "subparagraph (ii)" in an interpretative note
    /// continues the last of them ("article 2 (e) includes, in subparagraph (ii), …").
    last_target: Option<ProvisionId>,
}

impl<'a> PhraseReader<'a> {
    fn new(treaty: &'a Treaty, ix: NodeIx) -> PhraseReader<'a> {
        let node = treaty.node(ix);
        PhraseReader {
            treaty,
            ix,
            node,
            tokens: tokens(&node.text),
            last_target: None,
        }
    }

    fn read(mut self, found: &mut CrossReferences) {
        let mut at = 0;
        while at < self.tokens.len() {
            at = self.reference_at(at, found).unwrap_or(at + 1);
        }
    }

    /// Reads a reference starting at token `at`; the index after it, or `None` when none starts there.
    fn reference_at(&mut self, at: usize, found: &mut CrossReferences) -> Option<usize> {
        let (token, range) = self.tokens.get(at)?.clone();
        let Token::Word(word) = token else {
            return None;
        };
        if word.eq_ignore_ascii_case("this") {
            return self.this_reference(at, found);
        }
        if word.eq_ignore_ascii_case("chapter") {
            return self.chapter_reference(at, found);
        }
        let level = level_word(word)?;
        let starts = match (level, self.tokens.get(at + 1)) {
            (Level::Point, Some((Token::Label(_), _))) => true,
            // "paragraphs a.i or ii above" (Budapest Art. 6(1)(b)) counts items of this paragraph.
            (Level::Point | Level::Paragraph, Some((Token::Word(next), _))) => {
                next.len() == 1 && is_bare_letter(next)
            }
            (_, Some((Token::Number(_), _))) => level != Level::Point,
            _ => false,
        };
        if !starts {
            return None;
        }
        let (atoms, tail, end) = self.phrase(at);
        let range = range.start..self.tokens[end - 1].1.end;
        self.resolve_phrase(&atoms, tail, range, found);
        Some(end)
    }

    /// "this article", "this paragraph", "this chapter", "this section" ("this Convention" names the
    /// whole treaty and is not linked).
    fn this_reference(&mut self, at: usize, found: &mut CrossReferences) -> Option<usize> {
        let (Token::Word(noun), noun_range) = self.tokens.get(at + 1)?.clone() else {
            return None;
        };
        let kind = match noun.to_ascii_lowercase().as_str() {
            "article" => Kind::Article,
            "paragraph" => Kind::Paragraph,
            "chapter" => Kind::Chapter,
            "section" => Kind::Section,
            _ => return None,
        };
        let range = self.tokens[at].1.start..noun_range.end;
        match self.enclosing(kind) {
            Some(target) => self.push(found, range, vec![target]),
            None => self.unresolved(found, range, format!("not inside a {noun}")),
        }
        Some(at + 2)
    }

    /// "Chapter II of this Convention", "under Chapter III".
    fn chapter_reference(&mut self, at: usize, found: &mut CrossReferences) -> Option<usize> {
        let (Token::Word(numeral), numeral_range) = self.tokens.get(at + 1)?.clone() else {
            return None;
        };
        let is_upper_roman = numeral.bytes().all(|b| b"IVX".contains(&b));
        let number = roman_to_arabic(numeral).filter(|_| is_upper_roman)?;
        let mut end = at + 2;
        let (tail, tail_end) = self.tail(end);
        if tail != Tail::None {
            end = tail_end;
        }
        let range = self.tokens[at].1.start..self.tokens[end - 1].1.end.max(numeral_range.end);
        let id = format!("{}:chp_{number}", self.treaty.instrument.key());
        self.resolve_ids(found, range, vec![id], tail);
        Some(end)
    }

    /// The atoms of the phrase starting with a level word at `at`, its tail and the index after it.
    fn phrase(&self, at: usize) -> (Vec<Atom>, Tail, usize) {
        let mut atoms = Vec::new();
        // Separators are kept only once a designation follows them.
        let mut pending = Vec::new();
        let mut end = at;
        let mut i = at;
        while let Some((token, range)) = self.tokens.get(i) {
            let previous = atoms.last();
            let atom = match token {
                Token::Word(word) => {
                    if let Some(level) = level_word(word) {
                        Atom::Level(level)
                    } else if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
                        Atom::AndOr
                    } else if word.eq_ignore_ascii_case("to")
                        || word.eq_ignore_ascii_case("through")
                    {
                        Atom::Through
                    } else if is_bare_letter(word) && letter_may_follow(previous, &pending)
                        || self.glued_after_dot(i, previous, &pending)
                    {
                        Atom::Letter(word.to_ascii_lowercase())
                    } else {
                        break;
                    }
                }
                Token::Number(number) => Atom::Number(*number),
                Token::Label(label) => Atom::Letter((*label).to_owned()),
                Token::Comma => Atom::Comma,
                Token::Mark('.')
                    if matches!(previous, Some(Atom::Letter(_))) && pending.is_empty() =>
                {
                    // Budapest's "sub-paragraphs d. and e" and "paragraph 1 a.ii": the full stop
                    // belongs to the label.
                    i += 1;
                    let _ = range;
                    continue;
                }
                Token::Mark(_) => break,
            };
            let is_separator = matches!(atom, Atom::Comma | Atom::AndOr | Atom::Through);
            if is_separator || matches!(atom, Atom::Level(_)) {
                pending.push(atom);
            } else {
                atoms.append(&mut pending);
                atoms.push(atom);
                end = i + 1;
            }
            i += 1;
        }
        // "Article 20.d. of the Statute": the label's full stop comes before the tail.
        let tail_at = match (self.tokens.get(end), self.tokens.get(end + 1)) {
            (Some((Token::Mark('.'), _)), next) if is_word(next, "of") => end + 1,
            _ => end,
        };
        if let [Atom::Level(level @ Level::Paragraph), Atom::Letter(_), ..] = atoms.as_mut_slice() {
            *level = Level::Point;
        }
        let (tail, tail_end) = self.tail(tail_at);
        // A trailing comma before "of this Convention" ("article 31, paragraph 1, of this Convention").
        let (tail, tail_end) =
            if tail == Tail::None && matches!(self.tokens.get(end), Some((Token::Comma, _))) {
                let (after_comma, after_end) = self.tail(end + 1);
                if after_comma == Tail::None {
                    (tail, tail_end)
                } else {
                    (after_comma, after_end)
                }
            } else {
                (tail, tail_end)
            };
        (atoms, tail, tail_end.max(end))
    }

    /// A roman item glued to a letter by a full stop: the "ii" of Budapest's "paragraph 1 a.ii".
    fn glued_after_dot(&self, i: usize, previous: Option<&Atom>, pending: &[Atom]) -> bool {
        let Some((Token::Word(word), range)) = self.tokens.get(i) else {
            return false;
        };
        let after_dot = i
            .checked_sub(1)
            .and_then(|before| self.tokens.get(before))
            .is_some_and(|(token, dot)| *token == Token::Mark('.') && dot.end == range.start);
        after_dot
            && pending.is_empty()
            && matches!(previous, Some(Atom::Letter(_)))
            && roman_to_arabic(word).is_some()
            && word.bytes().all(|b| b.is_ascii_lowercase())
    }

    /// The tail at `at`: "of this article", "of this paragraph", "of this Convention", "of the present
    /// Convention", "of the convention", "above", "of the … Convention" (another instrument).
    fn tail(&self, at: usize) -> (Tail, usize) {
        let token = |offset: usize| self.tokens.get(at + offset);
        if is_word(token(0), "above") {
            return (Tail::None, at + 1);
        }
        if !is_word(token(0), "of") {
            return (Tail::None, at);
        }
        if is_word(token(1), "this") {
            let tail = match token(2) {
                Some((Token::Word(noun), _)) => match noun.to_ascii_lowercase().as_str() {
                    "article" => Tail::Article,
                    "paragraph" => Tail::Paragraph,
                    "convention" => Tail::Treaty,
                    _ => return (Tail::None, at),
                },
                _ => return (Tail::None, at),
            };
            return (tail, at + 3);
        }
        if is_word(token(1), "the") {
            if is_word(token(2), "present") && is_word(token(3), "convention") {
                return (Tail::Treaty, at + 4);
            }
            if is_word(token(2), "convention") {
                return (Tail::Treaty, at + 3);
            }
            if matches!(token(2), Some((Token::Word(word), _)) if word.starts_with(char::is_uppercase))
            {
                return (Tail::Elsewhere, at + 2);
            }
        }
        (Tail::None, at)
    }

    fn resolve_phrase(
        &mut self,
        atoms: &[Atom],
        tail: Tail,
        range: Range<usize>,
        found: &mut CrossReferences,
    ) {
        if tail == Tail::Elsewhere {
            self.unresolved(found, range, "refers to another instrument".to_owned());
            return;
        }
        let Some(Atom::Level(top)) = atoms.first() else {
            return;
        };
        let bases = self.bases(*top, tail, atoms);
        let Some(base) = bases.first().cloned() else {
            let reason = format!("no {} to count {:?} designations in", tail_name(tail), top);
            self.unresolved(found, range, reason.to_lowercase());
            return;
        };
        let mut walk = Walk::new(self.treaty, base, *top);
        for atom in atoms {
            walk.step(atom);
        }
        walk.finish();
        self.resolve_ids(found, range, walk.targets, tail);
    }

    /// The provision a phrase's designations count in, best first: the treaty for articles, an
    /// article for paragraphs, a paragraph (or an article without paragraphs, or the provision last
    /// named) for subparagraphs.
    fn bases(&self, top: Level, tail: Tail, atoms: &[Atom]) -> Vec<String> {
        let treaty_root = format!("{}:", self.treaty.instrument.key());
        let article = self.enclosing(Kind::Article).map(|id| id.to_string());
        let paragraph = self.enclosing(Kind::Paragraph).map(|id| id.to_string());
        let candidates: Vec<Option<String>> = match (top, tail) {
            (Level::Article, _) => vec![Some(treaty_root)],
            (Level::Paragraph, Tail::None | Tail::Article) => vec![article],
            (Level::Paragraph, _) => vec![],
            (Level::Point, Tail::Paragraph) => vec![paragraph],
            (Level::Point, Tail::Article) => vec![article, paragraph],
            (Level::Point, _) => vec![
                self.last_target.as_ref().map(|id| id.to_string()),
                self.last_target
                    .as_ref()
                    .and_then(|id| id.parent())
                    .map(|id| id.to_string()),
                paragraph,
                article,
            ],
        };
        let first_letter = atoms.iter().find_map(|atom| match atom {
            Atom::Letter(letter) => Some(letter.as_str()),
            _ => None,
        });
        let candidates: Vec<String> = candidates.into_iter().flatten().collect();
        if top != Level::Point {
            return candidates;
        }
        // A subparagraph counts in the first candidate that has it ("sub-paragraph a. of this
        // article" in Budapest Art. 27(9)(c) names 27(9)(a)).
        let holds = |base: &String| {
            first_letter.is_some_and(|letter| {
                self.treaty
                    .get(&format!("{base}__point_{letter}"))
                    .is_some()
            })
        };
        match candidates.iter().find(|base| holds(base)) {
            Some(base) => vec![base.clone()],
            None => candidates.into_iter().take(1).collect(),
        }
    }

    /// The nearest provision of `kind` holding this one (itself included).
    fn enclosing(&self, kind: Kind) -> Option<ProvisionId> {
        let mut ix = Some(self.ix);
        while let Some(current) = ix {
            let node = self.treaty.node(current);
            if node.kind == kind {
                return Some(node.id.clone());
            }
            ix = node.parent;
        }
        None
    }

    fn resolve_ids(
        &mut self,
        found: &mut CrossReferences,
        range: Range<usize>,
        ids: Vec<String>,
        tail: Tail,
    ) {
        if tail == Tail::Elsewhere {
            self.unresolved(found, range, "refers to another instrument".to_owned());
            return;
        }
        let mut targets = Vec::new();
        for id in ids {
            match self.treaty.get(&id) {
                Some(node) => targets.push(node.id.clone()),
                None => self.unresolved(found, range.clone(), format!("no provision {id}")),
            }
        }
        if !targets.is_empty() {
            self.push(found, range, targets);
        }
    }

    fn push(
        &mut self,
        found: &mut CrossReferences,
        range: Range<usize>,
        targets: Vec<ProvisionId>,
    ) {
        self.last_target = targets.last().cloned();
        found.references.push(Reference {
            source: self.node.id.clone(),
            words: self.node.text[range.clone()].to_owned(),
            range,
            targets,
        });
    }

    fn unresolved(&self, found: &mut CrossReferences, range: Range<usize>, reason: String) {
        found.unresolved.push(Unresolved {
            source: self.node.id.clone(),
            words: self.node.text[range.clone()].to_owned(),
            range,
            reason,
        });
    }
}

fn tail_name(tail: Tail) -> &'static str {
    match tail {
        Tail::Paragraph => "paragraph",
        _ => "article",
    }
}

/// A single lower-case letter or a short lower-case roman numeral: Budapest's unbracketed item labels
/// ("sub-paragraphs d. and e").
fn is_bare_letter(word: &str) -> bool {
    let lower = word.bytes().all(|b| b.is_ascii_lowercase());
    lower && (word.len() == 1 || (word.len() <= 4 && roman_to_arabic(word).is_some()))
}

/// A bare letter is a label only right after "sub-paragraph(s)" or after a separator that follows
/// another label, never a stray "a" after "paragraph 1,".
fn letter_may_follow(previous: Option<&Atom>, pending: &[Atom]) -> bool {
    match pending.last() {
        Some(Atom::Level(Level::Point)) => true,
        Some(Atom::Level(Level::Paragraph)) => previous.is_none(),
        Some(Atom::AndOr | Atom::Through) => matches!(previous, Some(Atom::Letter(_))),
        // "paragraph 1 a.ii of this article".
        None => matches!(previous, Some(Atom::Number(_))),
        _ => false,
    }
}

/// Walks a phrase's atoms down the provision tree, collecting the IDs it names.
struct Walk<'a> {
    treaty: &'a Treaty,
    /// The ID the path hangs from: `uncc:` for articles, an article or paragraph ID otherwise.
    base: String,
    top: Level,
    /// The open path below the base: (level, segment).
    path: Vec<(Level, String)>,
    /// The path is named and not yet collected.
    open: bool,
    /// The first end of a range ("articles 7 to 16") until the last end is complete.
    range_from: Option<Vec<(Level, String)>>,
    /// The level of the last keyword, and whether a designation has come since.
    keyword: Option<Level>,
    level: Level,
    comma: bool,
    separated: bool,
    through: bool,
    targets: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(treaty: &'a Treaty, base: String, top: Level) -> Walk<'a> {
        Walk {
            treaty,
            base,
            top,
            path: Vec::new(),
            open: false,
            range_from: None,
            keyword: None,
            level: top,
            comma: false,
            separated: false,
            through: false,
            targets: Vec::new(),
        }
    }

    fn step(&mut self, atom: &Atom) {
        match atom {
            Atom::Level(level) => self.keyword = Some(*level),
            Atom::Comma => {
                self.comma = true;
                self.separated = true;
            }
            Atom::AndOr => self.separated = true,
            Atom::Through => {
                self.separated = true;
                self.through = true;
            }
            Atom::Number(number) => {
                let level = match self.keyword {
                    Some(level) => level,
                    None if self.comma => self.top,
                    None => self.level,
                };
                let segment = match level {
                    Level::Article => format!("art_{number}"),
                    _ => format!("para_{number}"),
                };
                let keep = self.path.iter().take_while(|(at, _)| *at < level).count();
                self.replace(keep, (level, segment));
                self.level = level;
            }
            Atom::Letter(letter) => self.letter(letter),
        }
    }

    fn letter(&mut self, letter: &str) {
        let segment = format!("point_{letter}");
        let after_keyword = self.keyword.is_some();
        if !self.separated || after_keyword {
            // "paragraph 1 (a)", "(a) (i)", "sub-paragraphs d": one level deeper.
            let keep = self.path.len();
            self.replace(keep, (Level::Point, segment));
            return;
        }
        // "(b) and (c)", "(a) (i) or (ii) or (b)": a sibling of the deepest item that has it.
        let first_point = self
            .path
            .iter()
            .position(|(level, _)| *level == Level::Point)
            .unwrap_or(self.path.len());
        let keep = (first_point..self.path.len())
            .rev()
            .find(|&keep| {
                let mut candidate = self.path[..keep].to_vec();
                candidate.push((Level::Point, segment.clone()));
                self.treaty.get(&self.id_of(&candidate)).is_some()
            })
            .unwrap_or(self.path.len().saturating_sub(1).max(first_point));
        self.replace(keep, (Level::Point, segment));
    }

    /// Keeps the first `keep` segments of the path and adds `segment`, collecting the path it closes.
    fn replace(&mut self, keep: usize, segment: (Level, String)) {
        let closes = keep < self.path.len();
        let previous = self.path.clone();
        self.path.truncate(keep);
        self.path.push(segment);
        if self.through && self.open {
            // The range closes once its last end is complete ("paragraphs 1.b through 1.d").
            self.range_from = Some(previous);
        } else if closes && self.open {
            self.close(&previous);
        }
        self.open = true;
        self.keyword = None;
        self.comma = false;
        self.separated = false;
        self.through = false;
    }

    /// Collects a closed path, or the range it ends.
    fn close(&mut self, path: &[(Level, String)]) {
        match self.range_from.take() {
            Some(first) => self.collect_range(&first, path),
            None => self.targets.push(self.id_of(path)),
        }
    }

    /// "articles 7 to 16", "subparagraphs (a) to (c)": every provision from the first to the last.
    fn collect_range(&mut self, first: &[(Level, String)], last: &[(Level, String)]) {
        let first_id = self.id_of(first);
        let last_id = self.id_of(last);
        let (Some(from), Some(to)) = (
            self.treaty.index_of(&first_id),
            self.treaty.index_of(&last_id),
        ) else {
            self.targets.push(first_id);
            self.targets.push(last_id);
            return;
        };
        let from_node = self.treaty.node(from);
        let to_node = self.treaty.node(to);
        if to < from || from_node.kind != to_node.kind {
            self.targets.push(first_id);
            self.targets.push(last_id);
            return;
        }
        let same_level = |node: &Provision| {
            node.kind == from_node.kind
                && (node.kind == Kind::Article || node.parent == from_node.parent)
        };
        for node in &self.treaty.nodes[from..=to] {
            if same_level(node) {
                self.targets.push(node.id.to_string());
            }
        }
    }

    fn finish(&mut self) {
        if self.open {
            let path = self.path.clone();
            self.close(&path);
            self.open = false;
        }
    }

    fn id_of(&self, path: &[(Level, String)]) -> String {
        let segments: Vec<&str> = path.iter().map(|(_, segment)| segment.as_str()).collect();
        let joined = segments.join("__");
        if self.base.ends_with(':') {
            format!("{}{joined}", self.base)
        } else {
            format!("{}__{joined}", self.base)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glued_budapest_item_is_a_label() {
        let kinds: Vec<_> = tokens("paragraph 1.b, 7")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            kinds,
            vec![
                Token::Word("paragraph"),
                Token::Number(1),
                Token::Label("b"),
                Token::Comma,
                Token::Number(7)
            ]
        );
    }
}
