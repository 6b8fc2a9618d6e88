//! The treaty texts embedded in the binary, and the one parser that turns the markdown layout of
//! `texts/` into provision trees — for the shipped treaties and for every imported instrument.
//!
//! The layout is the one described in each file's provenance header: `#` chapters, `##` sections,
//! `###` titles, `#### Article N – heading`; one paragraph per line; paragraph numbers ("1.") and item
//! labels ("(a)", "a)", "(i)", "–") as printed. A number or label alone on a line has no lead-in text.
//!
//! Other instruments use the same layout with the words of their own tradition: `# Part N – …`,
//! `## Division N – …` (or `## Chapter N` inside a part), `### Subdivision N – …`, `#### Section N – …`
//! or `#### § N – …` (IDs `part_2`, `dvs_1`, `sec_5`), numbered subsections "(1)" (`subsec_1` in a
//! section, `para_1` in an article), items "(a)", "(i)", "(A)", and definitions (a line opening with a
//! quoted term: `def_computer_system`). Parsed as an instrument ([`parse_instrument`]) the layout is
//! also lenient where laws differ from treaties: sections need no enclosing part, and a further
//! unnumbered paragraph of a section is kept as one (`text_2`) instead of being refused.

use thiserror::Error;

use crate::instrument::{Instrument, InstrumentInfo};
use crate::model::{
    Kind, Library, NodeIx, Provision, ProvisionId, Side, Treaty, TreatyMeta, shipped,
};

/// UN Convention against Cybercrime, English, as in `texts/`.
pub const UNCC_TEXT: &str = include_str!("../texts/un-cybercrime-convention.en.md");
/// The annex of interpretative notes to the UN Convention.
pub const UNCC_NOTES: &str =
    include_str!("../texts/un-cybercrime-convention.interpretative-notes.en.md");
/// Budapest Convention (ETS 185), English.
pub const BC_TEXT: &str = include_str!("../texts/budapest-ets185.en.md");
/// Titles, dates and sources of both treaties.
pub const TREATIES_RON: &str = include_str!("../texts/treaties.ron");

/// A text that does not follow the expected layout.
#[derive(Debug, Error, PartialEq)]
pub enum ParseError {
    #[error("{file}:{line}: expected {expected}, found {found:?}")]
    Layout {
        file: String,
        line: u32,
        expected: String,
        found: String,
    },
    #[error("{file}:{line}: duplicate provision ID {id}")]
    DuplicateId { file: String, line: u32, id: String },
    #[error("{file}: {message}")]
    Metadata { file: String, message: String },
}

/// Parses both embedded treaties.
pub fn load_embedded() -> Result<Library, ParseError> {
    let metas: Vec<TreatyMeta> =
        ron::from_str(TREATIES_RON).map_err(|error| ParseError::Metadata {
            file: "texts/treaties.ron".into(),
            message: error.to_string(),
        })?;
    let meta_for = |key: Side| {
        metas
            .iter()
            .find(|meta| meta.key == key)
            .cloned()
            .ok_or_else(|| ParseError::Metadata {
                file: "texts/treaties.ron".into(),
                message: format!("no entry for {}", shipped::prefix(key)),
            })
    };
    let uncc = parse_treaty(meta_for(Side::Revision)?, UNCC_TEXT, Some(UNCC_NOTES))?;
    let bc = parse_treaty(meta_for(Side::Base)?, BC_TEXT, None)?;
    Ok(Library::new(uncc, bc))
}

/// Parses one treaty's markdown (and the markdown of its interpretative notes, if any).
pub fn parse_treaty(
    meta: TreatyMeta,
    text: &str,
    notes: Option<&str>,
) -> Result<Treaty, ParseError> {
    let mut builder = Builder::new(shipped::prefix(meta.key), &meta.text_file, false);
    let mut provenance = Vec::new();
    provenance.push(builder.parse_main(text)?);
    if let Some(notes) = notes {
        builder.file = meta.notes_file.clone().unwrap_or_else(|| "notes".into());
        provenance.push(builder.parse_notes(notes)?);
    }
    let title = builder.title.take().ok_or_else(|| ParseError::Metadata {
        file: meta.text_file.clone(),
        message: "the treaty has no title heading".into(),
    })?;
    Ok(Treaty::new(meta, title, provenance, builder.nodes))
}

/// Parses an instrument written in the layout of `texts/` (its provenance header first), leniently as
/// described in the module documentation; `file` names it in errors.
pub fn parse_instrument(
    info: InstrumentInfo,
    file: &str,
    text: &str,
) -> Result<Instrument, ParseError> {
    parse_instrument_reporting(info, file, text).map(|(instrument, _)| instrument)
}

/// A provision numbered like an earlier one: its line, the ID its number gives, the ID it was given.
#[derive(Clone, Debug, PartialEq)]
pub struct RenamedDuplicate {
    pub line: u32,
    pub numbered: String,
    pub given: String,
}

/// [`parse_instrument`], also telling which provisions repeat an earlier number (kept, with `_2` IDs).
pub fn parse_instrument_reporting(
    info: InstrumentInfo,
    file: &str,
    text: &str,
) -> Result<(Instrument, Vec<RenamedDuplicate>), ParseError> {
    let mut builder = Builder::new(info.key.as_str(), file, true);
    let provenance = builder.parse_main(text)?;
    let title = builder.title.take().ok_or_else(|| ParseError::Metadata {
        file: file.to_owned(),
        message: "the instrument has no title heading ('# <title>' first)".into(),
    })?;
    let duplicates = std::mem::take(&mut builder.duplicates)
        .into_iter()
        .map(|(line, numbered, given)| RenamedDuplicate {
            line,
            numbered,
            given,
        })
        .collect();
    let instrument = Instrument::new(info, title, vec![provenance], builder.nodes);
    Ok((instrument, duplicates))
}

/// A source line with its 1-based number.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: u32,
    text: &'a str,
}

/// Splits a file into its provenance header (the first HTML comment) and its non-blank content lines;
/// later HTML comments are dropped.
fn content_lines(source: &str) -> (String, Vec<Line<'_>>) {
    let mut provenance = String::new();
    let mut lines = Vec::new();
    let mut in_comment = false;
    let mut seen_content = false;
    for (index, raw) in source.lines().enumerate() {
        let text = raw.trim_end();
        let number = index as u32 + 1;
        if in_comment {
            if let Some(before) = text.strip_suffix("-->") {
                in_comment = false;
                if !seen_content {
                    provenance.push_str(before);
                }
            } else if !seen_content {
                provenance.push_str(text);
                provenance.push('\n');
            }
            continue;
        }
        if text.starts_with("<!--") {
            if !text.ends_with("-->") {
                in_comment = true;
            }
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        seen_content = true;
        lines.push(Line { number, text });
    }
    (provenance.trim().to_owned(), lines)
}

/// What a content line inside an article is, judged by its start.
#[derive(Debug, PartialEq)]
enum Marker<'a> {
    /// "1." or "1. text"
    Paragraph {
        num: &'a str,
        rest: &'a str,
    },
    /// "(a)", "(ii)" — letter or roman, resolved by context.
    Paren {
        label: &'a str,
        rest: &'a str,
    },
    /// "a)" — Budapest letter items.
    Letter {
        label: &'a str,
        rest: &'a str,
    },
    /// "(1)", "(1A)" — a numbered subsection of a law.
    Numbered {
        num: &'a str,
        rest: &'a str,
    },
    /// "(A)" — the level below roman items in a law.
    Capital {
        label: &'a str,
        rest: &'a str,
    },
    /// "– text"
    Dash {
        rest: &'a str,
    },
    Plain,
}

fn split_label(text: &str, label_len: usize) -> (&str, &str) {
    let (label, rest) = text.split_at(label_len);
    (label, rest.trim_start())
}

fn marker(text: &str) -> Marker<'_> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && text[digits..].starts_with('.')
        && (text.len() == digits + 1 || text[digits + 1..].starts_with(' '))
    {
        return Marker::Paragraph {
            num: &text[..digits],
            rest: text[digits + 1..].trim_start(),
        };
    }
    if let Some(inner) = text.strip_prefix('(') {
        let letters = inner.bytes().take_while(u8::is_ascii_lowercase).count();
        if letters > 0
            && inner[letters..].starts_with(')')
            && (inner.len() == letters + 1 || inner[letters + 1..].starts_with(' '))
        {
            let (_, rest) = split_label(text, letters + 2);
            return Marker::Paren {
                label: &inner[..letters],
                rest,
            };
        }
    }
    if let Some(found) = parenthesised_number_or_capital(text) {
        return found;
    }
    let mut chars = text.chars();
    if let (Some(letter), Some(')')) = (chars.next(), chars.next())
        && letter.is_ascii_lowercase()
        && (text.len() == 2 || text[2..].starts_with(' '))
    {
        return Marker::Letter {
            label: &text[..1],
            rest: text[2..].trim_start(),
        };
    }
    if let Some(rest) = text.strip_prefix("– ") {
        return Marker::Dash {
            rest: rest.trim_start(),
        };
    }
    Marker::Plain
}

/// "(1)" / "(12A)" or "(A)" / "(BB)" at the start of a line, followed by a space or nothing.
fn parenthesised_number_or_capital(text: &str) -> Option<Marker<'_>> {
    let inner = text.strip_prefix('(')?;
    let close = inner.find(')')?;
    let label = &inner[..close];
    let after = &inner[close + 1..];
    if !(after.is_empty() || after.starts_with(' ')) || label.is_empty() || label.len() > 4 {
        return None;
    }
    let rest = after.trim_start();
    let digits = label.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && label[digits..].bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(Marker::Numbered { num: label, rest });
    }
    let same_letter = label.bytes().all(|b| Some(b) == label.bytes().next());
    (digits == 0 && same_letter && label.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(Marker::Capital { label, rest })
}

/// Removes markdown emphasis (`*ordre public*`) and returns the plain text with the emphasised ranges.
/// A lone asterisk is kept as text.
fn strip_emphasis(text: &str) -> (String, Vec<std::ops::Range<usize>>) {
    if text.matches('*').count() < 2 {
        return (text.to_owned(), Vec::new());
    }
    let mut plain = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('*') {
        let Some(close) = rest[open + 1..].find('*') else {
            break;
        };
        plain.push_str(&rest[..open]);
        let start = plain.len();
        plain.push_str(&rest[open + 1..open + 1 + close]);
        ranges.push(start..plain.len());
        rest = &rest[open + close + 2..];
    }
    plain.push_str(rest);
    (plain, ranges)
}

fn roman_value(numeral: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let values: Option<Vec<u32>> = numeral.chars().map(digit).collect();
    let values = values?;
    let mut total = 0;
    for (index, &value) in values.iter().enumerate() {
        if values.get(index + 1).is_some_and(|&next| next > value) {
            total -= value as i64;
        } else {
            total += value as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only canonical spellings count ("iiii" is not a numeral here).
    (to_roman(total) == numeral).then_some(total)
}

/// `value` (1 to 399) in lower-case roman numerals, as the sources number items ("xiv"); chapter
/// headings use the same in capitals.
pub fn to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (amount, numeral) in TABLE {
        while value >= amount {
            out.push_str(numeral);
            value -= amount;
        }
    }
    out
}

fn next_letter(letter: &str) -> String {
    match letter.as_bytes() {
        [byte] if *byte < b'z' => ((byte + 1) as char).to_string(),
        _ => String::new(),
    }
}

/// "Part IV – Offences" → ("Part", "IV", Some("Offences")) when the heading starts with one of `words`
/// followed by a designation (letters and digits, as printed); the name after " – " is optional.
fn designated<'a>(
    heading: &'a str,
    words: &[&'static str],
) -> Option<(&'static str, &'a str, Option<&'a str>)> {
    words.iter().find_map(|&word| {
        let rest = heading.strip_prefix(word)?.strip_prefix(' ')?;
        let (num, name) = match rest.split_once(" – ") {
            Some((num, name)) => (num.trim(), Some(name.trim())),
            None => (rest.trim(), None),
        };
        let designation = !num.is_empty()
            && num.len() <= 12
            && num
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            && num.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
        designation.then_some((word, num, name))
    })
}

/// A printed designation as an ID step: roman numerals become arabic ("IV" → "4"), others are
/// lower-cased, dots as underscores ("5A" → "5a", "3.1" → "3_1").
fn id_number(num: &str) -> String {
    if let Some(value) =
        roman_to_arabic(num).filter(|_| num.chars().all(|c| c.is_ascii_uppercase()))
    {
        return value.to_string();
    }
    num.to_ascii_lowercase().replace('.', "_")
}

/// The ID step of a division word (Akoma Ntoso's names where it has one).
fn designation_step(word: &str) -> &'static str {
    match word {
        "Part" => "part",
        "Division" => "dvs",
        "Subdivision" => "subdvs",
        _ => "chp",
    }
}

/// The term a definition line defines: `“computer system” means …`, `"data" includes …`.
pub fn defined_term(text: &str) -> Option<&str> {
    let (open, close) = match text.chars().next()? {
        '“' => ('“', '”'),
        '"' => ('"', '"'),
        '‘' => ('‘', '’'),
        _ => return None,
    };
    let inner = &text[open.len_utf8()..];
    let end = inner.find(close)?;
    let term = inner[..end].trim();
    let after = inner[end + close.len_utf8()..].trim_start();
    let defines = [
        "means",
        "includes",
        "has the meaning",
        "shall mean",
        "refers to",
        "in relation to",
    ]
    .iter()
    .any(|verb| after.starts_with(verb))
        || after.starts_with(',');
    (!term.is_empty() && term.len() <= 80 && defines).then_some(term)
}

/// A term as an ID step: "computer system" → "computer_system".
fn slug(term: &str) -> String {
    let mut out = String::new();
    for word in term
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    if out.is_empty() {
        "term".to_owned()
    } else {
        out
    }
}

/// The value of a canonical roman numeral in either case ("XIV", "xiv"), up to 399.
pub fn roman_to_arabic(numeral: &str) -> Option<u32> {
    roman_value(&numeral.to_ascii_lowercase())
}

/// Builds the node list of one instrument while the lines are read.
struct Builder {
    /// The instrument's ID prefix.
    key: String,
    file: String,
    /// Parsing an imported instrument: see the module documentation.
    lenient: bool,
    nodes: Vec<Provision>,
    title: Option<String>,
    seen_ids: std::collections::HashSet<String>,
    // Open containers, innermost last in importance order.
    chapter: Option<NodeIx>,
    section: Option<NodeIx>,
    title_division: Option<NodeIx>,
    preamble: Option<NodeIx>,
    conclusions: Option<NodeIx>,
    article: Option<NodeIx>,
    paragraph: Option<NodeIx>,
    point: Option<NodeIx>,
    subpoint: Option<NodeIx>,
    /// The open definition of an instrument: items after it belong to it.
    definition: Option<NodeIx>,
    /// Unnumbered paragraphs of the open article so far (instruments only).
    unnumbered: u32,
    /// Instruments only: (line, ID as numbered, ID given) of provisions numbered like an earlier one.
    duplicates: Vec<(u32, String, String)>,
    /// An item list ended by flush-left closing words: further plain lines are errors.
    wrapped: bool,
    recitals: u32,
    formulas: u32,
    indents: u32,
}

impl Builder {
    fn new(key: &str, file: &str, lenient: bool) -> Builder {
        Builder {
            key: key.to_owned(),
            file: file.to_owned(),
            lenient,
            nodes: Vec::new(),
            title: None,
            seen_ids: Default::default(),
            chapter: None,
            section: None,
            title_division: None,
            preamble: None,
            conclusions: None,
            article: None,
            paragraph: None,
            point: None,
            subpoint: None,
            definition: None,
            unnumbered: 0,
            duplicates: Vec::new(),
            wrapped: false,
            recitals: 0,
            formulas: 0,
            indents: 0,
        }
    }

    fn error(&self, line: Line<'_>, expected: &str) -> ParseError {
        ParseError::Layout {
            file: self.file.clone(),
            line: line.number,
            expected: expected.to_owned(),
            found: line.text.chars().take(60).collect(),
        }
    }

    /// Adds a node under `parent`; `local` is the ID step ("para_1"), or a full ID when `parent` is None.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        line: Line<'_>,
        parent: Option<NodeIx>,
        kind: Kind,
        local: &str,
        num: Option<String>,
        label: Option<&str>,
        heading: Option<String>,
        text: &str,
        pinpoint: String,
    ) -> Result<NodeIx, ParseError> {
        let (id, depth) = match parent {
            Some(parent_ix) => {
                let parent_node = &self.nodes[parent_ix];
                // Articles keep short IDs (uncc:art_24) although they sit inside chapters.
                let id = if kind == Kind::Article {
                    format!("{}:{local}", self.key)
                } else {
                    format!("{}__{local}", parent_node.id)
                };
                (id, parent_node.depth + 1)
            }
            None => (format!("{}:{local}", self.key), 0),
        };
        let id = if self.lenient && self.seen_ids.contains(&id) {
            self.renamed_duplicate(line, id)
        } else {
            id
        };
        if !self.seen_ids.insert(id.clone()) {
            return Err(ParseError::DuplicateId {
                file: self.file.clone(),
                line: line.number,
                id,
            });
        }
        let id = ProvisionId::parse(&id).map_err(|error| self.error(line, &error.to_string()))?;
        let ix = self.nodes.len();
        let (text, emphasis) = strip_emphasis(text);
        self.nodes.push(Provision {
            id,
            kind,
            num,
            label: label.map(str::to_owned),
            heading,
            text,
            emphasis,
            pinpoint,
            parent,
            children: Vec::new(),
            depth,
            line: line.number,
            designation: None,
            interprets: Vec::new(),
        });
        if let Some(parent_ix) = parent {
            self.nodes[parent_ix].children.push(ix);
        }
        Ok(ix)
    }

    /// An instrument's second provision with the same number ("Section 5" twice) keeps its words and
    /// number and gets the first free ID `…_2`, `…_3`; the line is remembered so import can warn there.
    fn renamed_duplicate(&mut self, line: Line<'_>, id: String) -> String {
        let free = (2..)
            .map(|n| format!("{id}_{n}"))
            .find(|candidate| !self.seen_ids.contains(candidate))
            .unwrap_or_default();
        self.duplicates.push((line.number, id, free.clone()));
        free
    }

    fn close_article(&mut self) {
        self.article = None;
        self.unnumbered = 0;
        self.close_paragraph();
    }

    fn close_paragraph(&mut self) {
        self.paragraph = None;
        self.definition = None;
        self.point = None;
        self.subpoint = None;
        self.wrapped = false;
        self.indents = 0;
    }

    fn parse_main(&mut self, source: &str) -> Result<String, ParseError> {
        let (provenance, lines) = content_lines(source);
        for (index, &line) in lines.iter().enumerate() {
            let next = lines.get(index + 1).copied();
            if let Some(heading) = line.text.strip_prefix("#### ") {
                self.article_heading(line, heading)?;
            } else if let Some(heading) = line.text.strip_prefix("### ") {
                self.title_heading(line, heading)?;
            } else if let Some(heading) = line.text.strip_prefix("## ") {
                self.section_heading(line, heading)?;
            } else if let Some(heading) = line.text.strip_prefix("# ") {
                self.top_heading(line, heading)?;
            } else if line.text == "---" {
                self.close_article();
                self.preamble = None;
                let ix = self.add(
                    line,
                    None,
                    Kind::Conclusions,
                    "conclusions",
                    None,
                    None,
                    None,
                    "",
                    "Closing formula".into(),
                )?;
                self.conclusions = Some(ix);
            } else if self.article.is_some() {
                self.article_line(line, next)?;
            } else if let Some(preamble) = self.preamble {
                self.preamble_line(line, preamble)?;
            } else if let Some(conclusions) = self.conclusions {
                self.conclusions_line(line, conclusions)?;
            } else {
                return Err(self.error(line, "a heading (the text starts with '# <title>')"));
            }
        }
        Ok(provenance)
    }

    fn top_heading(&mut self, line: Line<'_>, heading: &str) -> Result<(), ParseError> {
        self.close_article();
        self.preamble = None;
        if self.lenient
            && self.title.is_some()
            && let Some((word, num, name)) = designated(heading, &["Part", "Chapter"])
        {
            let ix = self.add_division(line, None, Kind::Chapter, word, num, name)?;
            self.chapter = Some(ix);
            self.section = None;
            self.title_division = None;
            return Ok(());
        }
        if heading == "Preamble" {
            let ix = self.add(
                line,
                None,
                Kind::Preamble,
                "preamble",
                None,
                None,
                None,
                "",
                "Preamble".into(),
            )?;
            self.preamble = Some(ix);
        } else if let Some(rest) = heading.strip_prefix("Chapter ") {
            let (numeral, name) = rest
                .split_once(" – ")
                .ok_or_else(|| self.error(line, "'# Chapter <roman> – <name>'"))?;
            let number = roman_to_arabic(numeral)
                .ok_or_else(|| self.error(line, "a roman chapter number"))?;
            let ix = self.add(
                line,
                None,
                Kind::Chapter,
                &format!("chp_{number}"),
                Some(numeral.to_owned()),
                None,
                Some(name.to_owned()),
                "",
                format!("Chapter {numeral}"),
            )?;
            self.chapter = Some(ix);
            self.section = None;
            self.title_division = None;
        } else if self.title.is_none() {
            self.title = Some(heading.to_owned());
        } else {
            return Err(self.error(line, "'# Preamble' or '# Chapter <roman> – <name>'"));
        }
        Ok(())
    }

    /// A division of an instrument ("Part II – Offences", "Division 1"): its ID step from the printed
    /// word ("part_2", "dvs_1", "chp_3"), the word kept for its heading line.
    fn add_division(
        &mut self,
        line: Line<'_>,
        parent: Option<NodeIx>,
        kind: Kind,
        word: &str,
        num: &str,
        name: Option<&str>,
    ) -> Result<NodeIx, ParseError> {
        let step = designation_step(word);
        let pinpoint = match parent {
            Some(parent) => format!("{}, {word} {num}", self.nodes[parent].pinpoint),
            None => format!("{word} {num}"),
        };
        let ix = self.add(
            line,
            parent,
            kind,
            &format!("{step}_{}", id_number(num)),
            Some(num.to_owned()),
            None,
            name.map(str::to_owned),
            "",
            pinpoint,
        )?;
        let own_word = match kind {
            Kind::Chapter => "Chapter",
            Kind::Section => "Section",
            _ => "Title",
        };
        if word != own_word {
            self.nodes[ix].designation = Some(word.to_owned());
        }
        Ok(ix)
    }

    /// "## Section 1 – Substantive criminal law"; in an instrument also "## Division 1 – …" and
    /// "## Chapter 3 – …" inside a part.
    fn section_heading(&mut self, line: Line<'_>, heading: &str) -> Result<(), ParseError> {
        self.close_article();
        if self.lenient
            && let Some((word, num, name)) = designated(heading, &["Division", "Chapter"])
        {
            let ix = self.add_division(line, self.chapter, Kind::Section, word, num, name)?;
            self.section = Some(ix);
            self.title_division = None;
            return Ok(());
        }
        let (num, name) = heading
            .strip_prefix("Section ")
            .and_then(|rest| rest.split_once(" – "))
            .ok_or_else(|| self.error(line, "'## Section <n> – <name>'"))?;
        let chapter = self
            .chapter
            .ok_or_else(|| self.error(line, "a chapter before this section"))?;
        let pinpoint = format!("{}, Section {num}", self.nodes[chapter].pinpoint);
        let ix = self.add(
            line,
            Some(chapter),
            Kind::Section,
            &format!("sec_{num}"),
            Some(num.to_owned()),
            None,
            Some(name.to_owned()),
            "",
            pinpoint,
        )?;
        self.section = Some(ix);
        self.title_division = None;
        Ok(())
    }

    /// "### Title 1 – Common provisions"; in an instrument also "### Subdivision 1 – …".
    fn title_heading(&mut self, line: Line<'_>, heading: &str) -> Result<(), ParseError> {
        self.close_article();
        if self.lenient
            && let Some((word, num, name)) = designated(heading, &["Subdivision"])
        {
            let parent = self.section.or(self.chapter);
            let ix = self.add_division(line, parent, Kind::Title, word, num, name)?;
            self.title_division = Some(ix);
            return Ok(());
        }
        let (num, name) = heading
            .strip_prefix("Title ")
            .and_then(|rest| rest.split_once(" – "))
            .ok_or_else(|| self.error(line, "'### Title <n> – <name>'"))?;
        let parent = self
            .section
            .or(self.chapter)
            .ok_or_else(|| self.error(line, "a section before this title"))?;
        let pinpoint = format!("{}, Title {num}", self.nodes[parent].pinpoint);
        let ix = self.add(
            line,
            Some(parent),
            Kind::Title,
            &format!("title_{num}"),
            Some(num.to_owned()),
            None,
            Some(name.to_owned()),
            "",
            pinpoint,
        )?;
        self.title_division = Some(ix);
        Ok(())
    }

    /// "#### Section 5 – Unauthorised access", "#### § 5", "#### Paragraph 3", "#### Article 5A": the
    /// article-level provisions of an instrument, which need no enclosing division.
    fn instrument_provision_heading(
        &mut self,
        line: Line<'_>,
        heading: &str,
    ) -> Result<bool, ParseError> {
        let Some((word, num, name)) =
            designated(heading, &["Article", "Section", "§", "Paragraph"])
        else {
            return Ok(false);
        };
        let (step, pinpoint) = match word {
            "Article" => ("art", format!("Art. {num}")),
            "Section" => ("sec", format!("s. {num}")),
            "§" => ("sec", format!("§ {num}")),
            _ => ("para", format!("para. {num}")),
        };
        let parent = self.title_division.or(self.section).or(self.chapter);
        let ix = self.add(
            line,
            parent,
            Kind::Article,
            &format!("{step}_{}", id_number(num)),
            Some(num.to_owned()),
            None,
            name.map(str::to_owned),
            "",
            pinpoint,
        )?;
        if word != "Article" {
            self.nodes[ix].designation = Some(word.to_owned());
        }
        self.article = Some(ix);
        Ok(true)
    }

    /// "#### Article 24 – Conditions and safeguards"
    fn article_heading(&mut self, line: Line<'_>, heading: &str) -> Result<(), ParseError> {
        self.close_article();
        if self.lenient && self.instrument_provision_heading(line, heading)? {
            return Ok(());
        }
        let (num, name) = heading
            .strip_prefix("Article ")
            .and_then(|rest| rest.split_once(" – "))
            .filter(|(num, _)| !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| self.error(line, "'#### Article <n> – <heading>'"))?;
        let parent = self.title_division.or(self.section).or(self.chapter);
        if parent.is_none() {
            return Err(self.error(line, "a chapter heading before the first article"));
        }
        let ix = self.add(
            line,
            parent,
            Kind::Article,
            &format!("art_{num}"),
            Some(num.to_owned()),
            None,
            Some(name.to_owned()),
            "",
            format!("Art. {num}"),
        )?;
        self.article = Some(ix);
        Ok(())
    }

    fn preamble_line(&mut self, line: Line<'_>, preamble: NodeIx) -> Result<(), ParseError> {
        let is_first = self.nodes[preamble].children.is_empty();
        if is_first || line.text.starts_with("Have agreed") {
            self.formulas += 1;
            let (local, pinpoint) = if is_first {
                ("formula_1", "Preamble, opening words")
            } else {
                ("formula_2", "Preamble, closing words")
            };
            self.add(
                line,
                Some(preamble),
                Kind::Formula,
                local,
                None,
                None,
                None,
                line.text,
                pinpoint.into(),
            )?;
        } else {
            self.recitals += 1;
            let n = self.recitals;
            self.add(
                line,
                Some(preamble),
                Kind::Recital,
                &format!("rec_{n}"),
                Some(n.to_string()),
                None,
                None,
                line.text,
                format!("Preamble, recital {n}"),
            )?;
        }
        Ok(())
    }

    fn conclusions_line(&mut self, line: Line<'_>, conclusions: NodeIx) -> Result<(), ParseError> {
        // "[^1]: footnote text" — a markdown footnote to the closing formula.
        if let Some(rest) = line.text.strip_prefix("[^") {
            let (num, body) = rest
                .split_once("]:")
                .ok_or_else(|| self.error(line, "a footnote '[^n]: text'"))?;
            let label = format!("[^{num}]:");
            self.add(
                line,
                Some(conclusions),
                Kind::Footnote,
                &format!("fn_{num}"),
                Some(num.to_owned()),
                Some(&label),
                None,
                body.trim_start(),
                format!("Closing formula, footnote {num}"),
            )?;
        } else {
            let n = self.nodes[conclusions]
                .children
                .iter()
                .filter(|&&c| self.nodes[c].kind == Kind::Formula)
                .count()
                + 1;
            self.add(
                line,
                Some(conclusions),
                Kind::Formula,
                &format!("formula_{n}"),
                Some(n.to_string()),
                None,
                None,
                line.text,
                format!("Closing formula, para. {n}"),
            )?;
        }
        Ok(())
    }

    /// The container of items at paragraph level: the open definition or paragraph, else the article.
    fn item_container(&self) -> Option<NodeIx> {
        self.definition.or(self.paragraph).or(self.article)
    }

    /// "(1) text": a numbered subsection (`subsec_1` in a law's section, `para_1` in an article).
    fn add_subsection(&mut self, line: Line<'_>, num: &str, rest: &str) -> Result<(), ParseError> {
        let article = self.article.ok_or_else(|| self.error(line, "an article"))?;
        self.close_paragraph();
        let in_section = self.nodes[article]
            .id
            .article()
            .is_some_and(|id| id.as_str().contains(":sec_"));
        let step = if in_section { "subsec" } else { "para" };
        let pinpoint = format!("{}({num})", self.nodes[article].pinpoint);
        let ix = self.add(
            line,
            Some(article),
            Kind::Paragraph,
            &format!("{step}_{}", num.to_ascii_lowercase()),
            Some(num.to_owned()),
            Some(&line.text[..num.len() + 2]),
            None,
            rest,
            pinpoint,
        )?;
        self.paragraph = Some(ix);
        Ok(())
    }

    /// "(A) text": an item below a roman item (or below a lettered one where no roman is open).
    fn add_capital(&mut self, line: Line<'_>, label: &str, rest: &str) -> Result<(), ParseError> {
        let parent = self
            .subpoint
            .or(self.point)
            .or_else(|| self.item_container())
            .ok_or_else(|| self.error(line, "an article before a capital-letter item"))?;
        let pinpoint = format!("{}({label})", self.nodes[parent].pinpoint);
        self.add(
            line,
            Some(parent),
            Kind::Point,
            &format!("point_{label}"),
            Some(label.to_owned()),
            Some(&line.text[..label.len() + 2]),
            None,
            rest,
            pinpoint,
        )?;
        Ok(())
    }

    fn article_line(&mut self, line: Line<'_>, next: Option<Line<'_>>) -> Result<(), ParseError> {
        let article = self.article.ok_or_else(|| self.error(line, "an article"))?;
        match marker(line.text) {
            Marker::Paragraph { num, rest } => {
                self.close_paragraph();
                let pinpoint = format!("{}({num})", self.nodes[article].pinpoint);
                let ix = self.add(
                    line,
                    Some(article),
                    Kind::Paragraph,
                    &format!("para_{num}"),
                    Some(num.to_owned()),
                    Some(&line.text[..num.len() + 1]),
                    None,
                    rest,
                    pinpoint,
                )?;
                self.paragraph = Some(ix);
            }
            Marker::Letter { label, rest } => {
                let printed = &line.text[..2];
                self.add_point(line, label, printed, rest)?;
            }
            Marker::Numbered { num, rest } if self.lenient => {
                self.add_subsection(line, num, rest)?
            }
            Marker::Capital { label, rest } if self.lenient => {
                self.add_capital(line, label, rest)?
            }
            Marker::Numbered { .. } | Marker::Capital { .. } => {
                self.plain_article_line(line, next, article)?
            }
            Marker::Paren { label, rest } => {
                let printed = &line.text[..label.len() + 2];
                if self.paren_is_roman(label, next) {
                    self.add_subpoint(line, label, printed, rest)?;
                } else {
                    self.add_point(line, label, printed, rest)?;
                }
            }
            Marker::Dash { rest } => {
                let container = self
                    .item_container()
                    .ok_or_else(|| self.error(line, "an article"))?;
                self.indents += 1;
                let n = self.indents;
                let pinpoint = format!("{}, indent {n}", self.nodes[container].pinpoint);
                self.add(
                    line,
                    Some(container),
                    Kind::Indent,
                    &format!("indent_{n}"),
                    Some(n.to_string()),
                    Some("–"),
                    None,
                    rest,
                    pinpoint,
                )?;
            }
            Marker::Plain => self.plain_article_line(line, next, article)?,
        }
        Ok(())
    }

    fn add_point(
        &mut self,
        line: Line<'_>,
        label: &str,
        printed: &str,
        rest: &str,
    ) -> Result<(), ParseError> {
        let container = self
            .item_container()
            .ok_or_else(|| self.error(line, "an article"))?;
        if self.wrapped && self.point.is_none() {
            return Err(self.error(line, "a new paragraph after the closing words of a list"));
        }
        let pinpoint = format!("{}({label})", self.nodes[container].pinpoint);
        let ix = self.add(
            line,
            Some(container),
            Kind::Point,
            &format!("point_{label}"),
            Some(label.to_owned()),
            Some(printed),
            None,
            rest,
            pinpoint,
        )?;
        self.point = Some(ix);
        self.subpoint = None;
        self.wrapped = false;
        Ok(())
    }

    fn add_subpoint(
        &mut self,
        line: Line<'_>,
        label: &str,
        printed: &str,
        rest: &str,
    ) -> Result<(), ParseError> {
        let point = self
            .point
            .ok_or_else(|| self.error(line, "a lettered item before a roman item"))?;
        let pinpoint = format!("{}({label})", self.nodes[point].pinpoint);
        let ix = self.add(
            line,
            Some(point),
            Kind::Point,
            &format!("point_{label}"),
            Some(label.to_owned()),
            Some(printed),
            None,
            rest,
            pinpoint,
        )?;
        self.subpoint = Some(ix);
        Ok(())
    }

    /// A plain line of an instrument that is a definition (`“computer system” means …`) or, where no
    /// list is open for it to close, a further unnumbered paragraph. False: the treaty rules apply
    /// (closing words after a list).
    fn instrument_plain_line(
        &mut self,
        line: Line<'_>,
        article: NodeIx,
    ) -> Result<bool, ParseError> {
        if let Some(term) = defined_term(line.text) {
            let container = self.paragraph.unwrap_or(article);
            let slug = slug(term);
            let pinpoint = format!("{}, “{term}”", self.nodes[container].pinpoint);
            let ix = self.add(
                line,
                Some(container),
                Kind::Point,
                &format!("def_{slug}"),
                None,
                None,
                None,
                line.text,
                pinpoint,
            )?;
            self.nodes[ix].designation = Some("definition".to_owned());
            self.definition = Some(ix);
            self.point = None;
            self.subpoint = None;
            self.wrapped = false;
            return Ok(true);
        }
        if self.point.is_some() && !self.wrapped {
            return Ok(false);
        }
        self.close_paragraph();
        self.unnumbered += 1;
        let n = self.unnumbered + 1;
        let pinpoint = format!("{}, unnumbered para. {n}", self.nodes[article].pinpoint);
        let ix = self.add(
            line,
            Some(article),
            Kind::Paragraph,
            &format!("text_{n}"),
            None,
            None,
            None,
            line.text,
            pinpoint,
        )?;
        self.paragraph = Some(ix);
        Ok(true)
    }

    /// "(i)" can be the ninth letter or the first roman numeral; "(v)", "(x)" likewise. Decide from the
    /// open lettered item and, when both readings fit, from the next label.
    fn paren_is_roman(&self, label: &str, next: Option<Line<'_>>) -> bool {
        let Some(point) = self.point else {
            return false;
        };
        if roman_value(label).is_none() {
            return false;
        }
        let point_node = &self.nodes[point];
        // Budapest letters are printed "a)"; a parenthesised label under them is always roman.
        if point_node
            .label
            .as_deref()
            .is_some_and(|l| !l.starts_with('('))
        {
            return true;
        }
        let expected_letter = next_letter(point_node.num.as_deref().unwrap_or(""));
        let expected_roman = match self.subpoint {
            Some(sub) => self.nodes[sub]
                .num
                .as_deref()
                .and_then(roman_value)
                .map_or(String::new(), |v| to_roman(v + 1)),
            None => "i".to_owned(),
        };
        match (label == expected_roman, label == expected_letter) {
            (true, false) => true,
            (false, true) => false,
            (true, true) => {
                next.is_some_and(|n| matches!(marker(n.text), Marker::Paren { label: "ii", .. }))
            }
            (false, false) => self.subpoint.is_some(),
        }
    }

    fn plain_article_line(
        &mut self,
        line: Line<'_>,
        next: Option<Line<'_>>,
        article: NodeIx,
    ) -> Result<(), ParseError> {
        let article_node = &self.nodes[article];
        if article_node.text.is_empty() && article_node.children.is_empty() {
            self.nodes[article].text = line.text.to_owned();
            return Ok(());
        }
        if self.lenient && self.instrument_plain_line(line, article)? {
            return Ok(());
        }
        if self.point.is_none() || self.wrapped {
            return Err(self.error(line, "a paragraph number or item label"));
        }
        // Flush-left words after a list close the sentence the list belongs to. When another
        // lettered item follows, they close the lettered item holding the roman list (Art. 6(1)(a));
        // otherwise they close the paragraph (Art. 20(1): "traffic data, in real-time, …" governs
        // both (a) and (b)).
        let next_is_letter = next.is_some_and(|n| match marker(n.text) {
            Marker::Letter { .. } => true,
            Marker::Paren { label, .. } => !self.paren_is_roman(label, None),
            _ => false,
        });
        let container = match (self.subpoint, self.point) {
            (Some(_), Some(point)) if next_is_letter => point,
            _ => self
                .item_container()
                .ok_or_else(|| self.error(line, "an article"))?,
        };
        let pinpoint = format!("{}, closing words", self.nodes[container].pinpoint);
        self.add(
            line,
            Some(container),
            Kind::WrapUp,
            "wrapup",
            None,
            None,
            None,
            line.text,
            pinpoint,
        )?;
        self.subpoint = None;
        if container != self.point.unwrap_or(usize::MAX) {
            self.point = None;
        }
        self.wrapped = true;
        Ok(())
    }

    /// The annex of interpretative notes: "# Annex – <title>", "## Article 2", "1. note text".
    fn parse_notes(&mut self, source: &str) -> Result<String, ParseError> {
        self.close_article();
        self.preamble = None;
        self.conclusions = None;
        let (provenance, lines) = content_lines(source);
        let mut annex = None;
        let mut interprets: Vec<ProvisionId> = Vec::new();
        let mut group = String::new();
        for line in lines {
            if let Some(title) = line.text.strip_prefix("# ") {
                let name = title.strip_prefix("Annex – ").unwrap_or(title);
                annex = Some(self.add(
                    line,
                    None,
                    Kind::Annex,
                    "annex",
                    None,
                    None,
                    Some(name.to_owned()),
                    "",
                    "Annex".into(),
                )?);
            } else if let Some(reference) = line.text.strip_prefix("## ") {
                // "Articles 23 and 35, with regard to the term …" → art_23, art_35
                let numbers_part = reference.split(',').next().unwrap_or("");
                interprets = numbers_part
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|part| !part.is_empty())
                    .filter_map(|num| ProvisionId::parse(&format!("{}:art_{num}", self.key)).ok())
                    .collect();
                if interprets.is_empty() {
                    return Err(
                        self.error(line, "'## Article <n>' naming the articles interpreted")
                    );
                }
                group = reference.to_owned();
            } else if let Marker::Paragraph { num, rest } = marker(line.text) {
                let annex = annex.ok_or_else(|| self.error(line, "'# Annex – <title>' first"))?;
                if interprets.is_empty() {
                    return Err(self.error(line, "'## Article <n>' before the first note"));
                }
                let ix = self.add(
                    line,
                    Some(annex),
                    Kind::Note,
                    &format!("note_{num}"),
                    Some(num.to_owned()),
                    Some(&line.text[..num.len() + 1]),
                    Some(group.clone()),
                    rest,
                    format!("Interpretative note {num}"),
                )?;
                self.nodes[ix].interprets = interprets.clone();
            } else {
                return Err(self.error(line, "a numbered interpretative note"));
            }
        }
        Ok(provenance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised() {
        assert_eq!(
            marker("1. Each Party"),
            Marker::Paragraph {
                num: "1",
                rest: "Each Party"
            }
        );
        assert_eq!(marker("3."), Marker::Paragraph { num: "3", rest: "" });
        assert_eq!(
            marker("(a) Any input"),
            Marker::Paren {
                label: "a",
                rest: "Any input"
            }
        );
        assert_eq!(
            marker("(ii) A password"),
            Marker::Paren {
                label: "ii",
                rest: "A password"
            }
        );
        assert_eq!(
            marker("(a)"),
            Marker::Paren {
                label: "a",
                rest: ""
            }
        );
        assert_eq!(
            marker("a) the production"),
            Marker::Letter {
                label: "a",
                rest: "the production"
            }
        );
        assert_eq!(
            marker("– the European"),
            Marker::Dash {
                rest: "the European"
            }
        );
        assert_eq!(marker("1981 Council"), Marker::Plain);
        assert_eq!(marker("with intent that"), Marker::Plain);
    }

    #[test]
    fn emphasis_markup_is_stripped_and_remembered() {
        let (plain, ranges) = strip_emphasis("security, *ordre public* or other");
        assert_eq!(plain, "security, ordre public or other");
        assert_eq!(&plain[ranges[0].clone()], "ordre public");
        assert_eq!(strip_emphasis("a * b"), ("a * b".to_owned(), vec![]));
    }

    #[test]
    fn roman_numerals_round_trip() {
        for value in 1..60 {
            assert_eq!(roman_value(&to_roman(value)), Some(value));
        }
        assert_eq!(roman_value("a"), None);
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_to_arabic("IX"), Some(9));
    }

    #[test]
    fn layout_errors_name_file_and_line() {
        let meta = TreatyMeta {
            key: Side::Base,
            short_name: "Test".into(),
            language: "en".into(),
            adopted: String::new(),
            place: String::new(),
            source_document: String::new(),
            text_file: "test.md".into(),
            notes_file: None,
        };
        let text = "# Test treaty\n\n# Chapter I – One\n\n#### Article 1 – First\n\nIntro.\n\nStray text.\n";
        let error = parse_treaty(meta, text, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "test.md:9: expected a paragraph number or item label, found \"Stray text.\""
        );
    }
}
