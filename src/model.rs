//! The provision tree of a treaty: every chapter, article, paragraph and item with a stable
//! Akoma Ntoso–style ID (`uncc:art_24__para_1`), a pinpoint label ("Art. 24(1)") and its exact text.

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::instrument::{Instrument, InstrumentError, InstrumentInfo, InstrumentKey};

/// One of the two sides of a comparison: the revision and the base. Which instrument is on a side is
/// the [`Library`]'s business ([`Library::pair`]); in the shipped library the UN Convention is the
/// revision and the Budapest Convention the base ([`shipped`]). Files keep the old names `Uncc`/`Bc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// The revision side, read first and shown left by default (the UN Convention in the shipped
    /// library). Serialised as `Uncc`, the name files have always used.
    #[serde(rename = "Uncc")]
    Revision,
    /// The base side the revision is compared with (the Budapest Convention in the shipped library).
    /// Serialised as `Bc`.
    #[serde(rename = "Bc")]
    Base,
}

impl Side {
    /// Both sides, revision first.
    pub const ALL: [Side; 2] = [Side::Revision, Side::Base];

    pub fn other(self) -> Side {
        match self {
            Side::Revision => Side::Base,
            Side::Base => Side::Revision,
        }
    }
}

/// The shipped library: the UN Convention (prefix `uncc`) on the revision side and the Budapest
/// Convention (`bc`) on the base side. Code that means "the two treaties" (the safeguards matrix,
/// questions, lessons, the term table, the names people type) asks here, so that a [`Side`] itself
/// names no treaty: on another pair a side shows whatever instrument [`Library::pair`] put there.
pub mod shipped {
    use super::{ProvisionId, Side};

    /// The ID prefix of the shipped treaty on `side`: `uncc` (revision) or `bc` (base).
    pub fn prefix(side: Side) -> &'static str {
        match side {
            Side::Revision => "uncc",
            Side::Base => "bc",
        }
    }

    /// The side of the shipped treaty with exactly this prefix (`uncc`, `bc`); none for another
    /// instrument's prefix. Unlike [`parse_treaty`] it takes no aliases.
    pub fn side_of_prefix(prefix: &str) -> Option<Side> {
        Side::ALL
            .into_iter()
            .find(|&side| self::prefix(side) == prefix)
    }

    /// Reads a shipped treaty as people type it: its prefix (`uncc`, `bc`) or an obvious alias
    /// (`un`, `united-nations`; `budapest`, `coe`, `ets185`), in any case.
    pub fn parse_treaty(text: &str) -> Option<Side> {
        match text.trim().to_ascii_lowercase().as_str() {
            "uncc" | "un" | "united-nations" => Some(Side::Revision),
            "bc" | "budapest" | "coe" | "ets185" => Some(Side::Base),
            _ => None,
        }
    }

    /// The side of the shipped treaty a full provision ID such as `bc:art_6` belongs to (see
    /// [`ProvisionId`] for the grammar); none for an ID of another instrument.
    pub fn side_of_id(id: &str) -> Option<Side> {
        ProvisionId::parse(id).ok().and_then(|id| id.shipped_side())
    }

    /// The shipped treaty's name in pinpoint citations: "UN Art. 24(1)", "Budapest Art. 15(1)".
    /// An instrument's own is [`crate::instrument::Instrument::citation_label`].
    pub fn citation_label(side: Side) -> &'static str {
        match side {
            Side::Revision => "UN",
            Side::Base => "Budapest",
        }
    }
}

/// Something per side: the one container for "the revision side and the base side" of a comparison
/// (texts, pane state, diff sides, table cells), indexed by [`Side`]. In files its fields keep the
/// names of the shipped treaties on them, `uncc` and `bc`.
///
/// Read from a file it refuses other fields, so a misspelt side is an error, not a dropped value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerSide<T> {
    /// Serialised as `uncc`, the name files have always used.
    #[serde(rename = "uncc")]
    pub revision: T,
    /// Serialised as `bc`.
    #[serde(rename = "bc")]
    pub base: T,
}

impl<T> PerSide<T> {
    /// Builds both sides from the side.
    pub fn from_fn(mut make: impl FnMut(Side) -> T) -> PerSide<T> {
        PerSide {
            revision: make(Side::Revision),
            base: make(Side::Base),
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(Side, T) -> U) -> PerSide<U> {
        PerSide {
            revision: f(Side::Revision, self.revision),
            base: f(Side::Base, self.base),
        }
    }

    pub fn as_ref(&self) -> PerSide<&T> {
        PerSide {
            revision: &self.revision,
            base: &self.base,
        }
    }

    /// Both sides, revision first.
    pub fn iter(&self) -> impl Iterator<Item = (Side, &T)> {
        [(Side::Revision, &self.revision), (Side::Base, &self.base)].into_iter()
    }
}

impl<T> std::ops::Index<Side> for PerSide<T> {
    type Output = T;
    fn index(&self, key: Side) -> &T {
        match key {
            Side::Revision => &self.revision,
            Side::Base => &self.base,
        }
    }
}

impl<T> std::ops::IndexMut<Side> for PerSide<T> {
    fn index_mut(&mut self, key: Side) -> &mut T {
        match key {
            Side::Revision => &mut self.revision,
            Side::Base => &mut self.base,
        }
    }
}

/// A provision ID such as `uncc:art_24__para_1`, parsed once.
///
/// Grammar: `PREFIX:SEGMENT(__SEGMENT)*` where PREFIX names the instrument (`uncc` or `bc` for the
/// shipped treaties, any [`InstrumentKey`] for another instrument: `ke:sec_5__subsec_1`) and each segment is a kind and a
/// designation (`art_24`, `para_1`, `point_a`, `rec_3`, `chp_4`) or a bare division (`preamble`, `annex`,
/// `conclusions`). Nesting is by `__`: `uncc:art_24__para_1` lies within `uncc:art_24`. Articles are not
/// nested under their chapter, so article IDs survive any regrouping. It serialises as the plain string,
/// so files keep the form they always had; this type is the only place that reads the grammar.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvisionId {
    text: String,
    /// Length of the instrument prefix before the colon.
    prefix_len: usize,
}

/// A string that is not a provision ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a provision ID (IDs look like uncc:art_24__para_1 or bc:art_6)")]
pub struct IdError {
    pub text: String,
}

const SEGMENT_SEPARATOR: &str = "__";

/// The first segments of article-level provisions: treaty articles (`art_24`), a law's sections (`sec_5`,
/// at the top level: a section division sits inside a chapter), and the numbered paragraphs of a text
/// imported without structure (`para_3`, at the top level).
const ARTICLE_LEVEL: [&str; 3] = ["art", "sec", "para"];

impl ProvisionId {
    pub fn parse(text: &str) -> Result<ProvisionId, IdError> {
        let error = || IdError {
            text: text.chars().take(80).collect(),
        };
        let (prefix, path) = text.split_once(':').ok_or_else(error)?;
        if !InstrumentKey::is_valid(prefix) {
            return Err(error());
        }
        let well_formed = path.split(SEGMENT_SEPARATOR).all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !well_formed {
            return Err(error());
        }
        Ok(ProvisionId {
            text: text.to_owned(),
            prefix_len: prefix.len(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The side of the shipped library the ID's treaty is on; none for another instrument's ID.
    pub fn shipped_side(&self) -> Option<Side> {
        shipped::side_of_prefix(self.instrument())
    }

    /// The instrument prefix: `uncc` for `uncc:art_24`, `ke` for `ke:sec_5__subsec_1`.
    pub fn instrument(&self) -> &str {
        &self.text[..self.prefix_len]
    }

    /// The path after the instrument prefix: `art_24__para_1`.
    fn path(&self) -> &str {
        &self.text[self.prefix_len + 1..]
    }

    /// The enclosing article (`uncc:art_24` for `uncc:art_24__para_1`, itself for an article; `ke:sec_5`
    /// for a national law's section), if the ID is inside one.
    pub fn article(&self) -> Option<ProvisionId> {
        let first = self.path().split(SEGMENT_SEPARATOR).next()?;
        ARTICLE_LEVEL
            .iter()
            .any(|kind| {
                first
                    .strip_prefix(kind)
                    .is_some_and(|rest| rest.starts_with('_'))
            })
            .then(|| ProvisionId {
                text: format!("{}:{first}", self.instrument()),
                prefix_len: self.prefix_len,
            })
    }

    /// The ID one level up (`uncc:art_24` for `uncc:art_24__para_1`); none for a top-level ID.
    pub fn parent(&self) -> Option<ProvisionId> {
        let (parent, _) = self.text.rsplit_once(SEGMENT_SEPARATOR)?;
        Some(ProvisionId {
            text: parent.to_owned(),
            prefix_len: self.prefix_len,
        })
    }

    /// True when this is `ancestor` or lies inside it.
    pub fn is_within(&self, ancestor: &ProvisionId) -> bool {
        is_within(&self.text, &ancestor.text)
    }

    /// Whether one of the two lies inside the other (a link on an article touches its paragraphs).
    pub fn overlaps(&self, other: &ProvisionId) -> bool {
        self.is_within(other) || other.is_within(self)
    }
}

/// The top-level provision of an ID on plain strings: `uncc:art_24` for `uncc:art_24__para_1__point_a`.
/// An ID and everything within it share it, so it can key an index of what may overlap.
pub fn top_level(id: &str) -> &str {
    id.split_once(SEGMENT_SEPARATOR).map_or(id, |(top, _)| top)
}

/// The nesting rule of the ID grammar on plain strings (for lookups keyed by string).
pub fn is_within(id: &str, ancestor: &str) -> bool {
    id == ancestor
        || id
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with(SEGMENT_SEPARATOR))
}

impl std::ops::Deref for ProvisionId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for ProvisionId {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl std::borrow::Borrow<str> for ProvisionId {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ProvisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for ProvisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl PartialEq<str> for ProvisionId {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for ProvisionId {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for ProvisionId {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl std::str::FromStr for ProvisionId {
    type Err = IdError;
    fn from_str(text: &str) -> Result<ProvisionId, IdError> {
        ProvisionId::parse(text)
    }
}

impl Serialize for ProvisionId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ProvisionId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ProvisionId, D::Error> {
        let text = String::deserialize(deserializer)?;
        ProvisionId::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a node of the provision tree is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Preamble,
    /// Opening or closing words of the preamble ("The States Parties …", "Have agreed as follows:").
    Formula,
    Recital,
    Chapter,
    Section,
    Title,
    Article,
    Paragraph,
    /// A lettered item "(a)" / "a)", or a roman item "(i)" nested inside one.
    Point,
    /// A dash item ("–") as in Budapest Art. 39(1).
    Indent,
    /// Flush-left words that close a list of items ("with intent that …").
    WrapUp,
    /// The testimonium after the last article ("IN WITNESS WHEREOF …").
    Conclusions,
    Footnote,
    /// The annex of interpretative notes to the UN Convention.
    Annex,
    Note,
}

impl Kind {
    /// Structural containers that are shown as headings in the outline.
    pub fn is_division(self) -> bool {
        matches!(
            self,
            Kind::Preamble
                | Kind::Chapter
                | Kind::Section
                | Kind::Title
                | Kind::Conclusions
                | Kind::Annex
        )
    }
}

/// Index of a node inside its treaty's `nodes`.
pub type NodeIx = usize;

/// One node of the provision tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provision {
    /// Stable ID with treaty prefix, e.g. `uncc:art_24__para_1`.
    pub id: ProvisionId,
    pub kind: Kind,
    /// Designation as numbered in the ID: "24", "1", "a", "ii", "I" (chapters keep their roman numeral).
    pub num: Option<String>,
    /// The label exactly as printed before the text: "1.", "(a)", "a)", "(ii)", "–".
    pub label: Option<String>,
    /// Heading of an article or division ("Conditions and safeguards").
    pub heading: Option<String>,
    /// The node's own words, exactly as in the source; empty when it has no lead-in text.
    pub text: String,
    /// Human pinpoint: "Art. 24(1)", "Art. 6(1)(a)(ii)", "Preamble, recital 3".
    pub pinpoint: String,
    pub parent: Option<NodeIx>,
    pub children: Vec<NodeIx>,
    /// 0 for top-level nodes.
    pub depth: u8,
    /// 1-based line in the source file.
    pub line: u32,
    /// Byte ranges of `text` printed in italics (markdown `*…*` in the source; the asterisks are markup,
    /// not words, so they are not part of `text`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emphasis: Vec<std::ops::Range<usize>>,
    /// The word printed before the number where it is not the kind's own: "Part", "Division",
    /// "Section" (a law's section is article-level), "§", "Paragraph"; `None` for the treaties' Chapter,
    /// Section, Title and Article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation: Option<String>,
    /// For interpretative notes: IDs of the provisions interpreted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interprets: Vec<ProvisionId>,
}

impl Provision {
    /// The heading line as shown in outlines: "Article 24 – Conditions and safeguards".
    pub fn title_line(&self) -> String {
        let num = self.num.as_deref().unwrap_or("");
        let word = |own: &'static str| self.designation.as_deref().unwrap_or(own);
        let name = match self.kind {
            Kind::Article => format!("{} {num}", word("Article")),
            Kind::Chapter => format!("{} {num}", word("Chapter")),
            Kind::Section => format!("{} {num}", word("Section")),
            Kind::Title => format!("{} {num}", word("Title")),
            Kind::Preamble => "Preamble".to_owned(),
            Kind::Conclusions => "Closing formula".to_owned(),
            Kind::Note => format!("Interpretative note {}", self.num.as_deref().unwrap_or("")),
            _ => self.pinpoint.clone(),
        };
        match &self.heading {
            Some(heading) if self.kind != Kind::Preamble && self.kind != Kind::Annex => {
                format!("{name} – {heading}")
            }
            Some(heading) => heading.clone(),
            None => name,
        }
    }

    /// The own text with its printed label in front ("(a) Any input …").
    pub fn labelled_text(&self) -> String {
        match (&self.label, self.text.is_empty()) {
            (Some(label), false) => format!("{label} {}", self.text),
            (Some(label), true) => label.clone(),
            (None, _) => self.text.clone(),
        }
    }
}

fn english() -> String {
    "en".to_owned()
}

/// Descriptive facts about a treaty, kept in `texts/treaties.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatyMeta {
    pub key: Side,
    /// The name used in citations: "UN Convention against Cybercrime".
    pub short_name: String,
    /// BCP 47 language tag of the text.
    #[serde(default = "english")]
    pub language: String,
    pub adopted: String,
    pub place: String,
    pub source_document: String,
    pub text_file: String,
    #[serde(default)]
    pub notes_file: Option<String>,
}

/// A shipped treaty: one of the two shipped instruments ([`Instrument`]) with the facts kept about it in
/// `texts/treaties.ron`, placed on one of the library's two sides ([`Side`]). Everything about its
/// text (nodes, lookups, full text, citations) is the instrument's; `treaty.nodes` and `treaty.get(..)`
/// reach it through `Deref`.
#[derive(Clone, Debug)]
pub struct Treaty {
    pub key: Side,
    pub meta: TreatyMeta,
    pub instrument: Instrument,
}

impl Treaty {
    pub(crate) fn new(
        meta: TreatyMeta,
        title: String,
        provenance: Vec<String>,
        nodes: Vec<Provision>,
    ) -> Treaty {
        let info = InstrumentInfo {
            key: InstrumentKey::of_treaty(meta.key),
            title: title.clone(),
            short_name: meta.short_name.clone(),
            language: meta.language.clone(),
            source: meta.source_document.clone(),
            version_of: None,
        };
        Treaty {
            key: meta.key,
            meta,
            instrument: Instrument::new(info, title, provenance, nodes),
        }
    }

    /// An instrument placed on one side of a comparison: the side's key and the instrument's own
    /// facts (its provision IDs keep their own prefix).
    pub fn on_side(key: Side, instrument: Instrument) -> Treaty {
        let meta = TreatyMeta {
            key,
            short_name: instrument.info.short_name.clone(),
            language: instrument.info.language.clone(),
            adopted: String::new(),
            place: String::new(),
            source_document: instrument.info.source.clone(),
            text_file: String::new(),
            notes_file: None,
        };
        Treaty {
            key,
            meta,
            instrument,
        }
    }

    pub fn article(&self, number: u32) -> Option<&Provision> {
        self.get(&format!("{}:art_{number}", self.instrument.key()))
    }
}

impl std::ops::Deref for Treaty {
    type Target = Instrument;
    fn deref(&self) -> &Instrument {
        &self.instrument
    }
}

impl std::ops::DerefMut for Treaty {
    fn deref_mut(&mut self) -> &mut Instrument {
        &mut self.instrument
    }
}

/// The two sides and every other loaded instrument, as the app and the command line use them.
///
/// `treaties` holds the two sides a comparison reads (the shipped library: the UN Convention and the
/// Budapest Convention); `imported` holds the other loaded instruments, sorted by prefix. A comparison
/// between any two instruments is a library whose sides are those two ([`Library::pair`]).
#[derive(Clone, Debug)]
pub struct Library {
    pub treaties: PerSide<Treaty>,
    pub imported: Vec<Instrument>,
}

impl Library {
    pub fn new(uncc: Treaty, bc: Treaty) -> Library {
        Library {
            treaties: PerSide {
                revision: uncc,
                base: bc,
            },
            imported: Vec::new(),
        }
    }

    /// This library with more instruments loaded; refuses a prefix that is already taken.
    pub fn with_imported(
        mut self,
        instruments: Vec<Instrument>,
    ) -> Result<Library, InstrumentError> {
        for instrument in instruments {
            if let Some(loaded) = self.instrument(instrument.key().as_str()) {
                return Err(InstrumentError::DuplicateKey {
                    key: instrument.key().clone(),
                    first: loaded.title.clone(),
                    second: instrument.title.clone(),
                });
            }
            self.imported.push(instrument);
        }
        self.imported.sort_by(|a, b| a.key().cmp(b.key()));
        Ok(self)
    }

    /// Loads one more instrument into this library (an import in the running window): a new prefix
    /// is added, an imported instrument with the same prefix is replaced (its file was replaced), and
    /// the prefix of an instrument on a side is refused.
    pub fn load_imported(&mut self, instrument: Instrument) -> Result<(), InstrumentError> {
        if let Some(side) = self.side_of_instrument(instrument.key().as_str()) {
            return Err(InstrumentError::DuplicateKey {
                key: instrument.key().clone(),
                first: self.treaties[side].title.clone(),
                second: instrument.title.clone(),
            });
        }
        self.imported
            .retain(|loaded| loaded.key() != instrument.key());
        self.imported.push(instrument);
        self.imported.sort_by(|a, b| a.key().cmp(b.key()));
        Ok(())
    }

    pub fn treaty(&self, key: Side) -> &Treaty {
        &self.treaties[key]
    }

    /// Every loaded instrument: the two sides first, then the imported ones by prefix.
    pub fn instruments(&self) -> impl Iterator<Item = &Instrument> {
        self.treaties
            .iter()
            .map(|(_, treaty)| &treaty.instrument)
            .chain(&self.imported)
    }

    /// The loaded instrument with this ID prefix.
    pub fn instrument(&self, prefix: &str) -> Option<&Instrument> {
        self.instruments()
            .find(|instrument| instrument.key().as_str() == prefix)
    }

    /// The side an ID's instrument is on, if it is one of the two sides.
    pub fn side_of(&self, id: &str) -> Option<Side> {
        let (prefix, _) = id.split_once(':')?;
        self.side_of_instrument(prefix)
    }

    /// The side the instrument with this prefix is on, if it is on one.
    pub fn side_of_instrument(&self, prefix: &str) -> Option<Side> {
        Side::ALL
            .into_iter()
            .find(|&key| self.treaties[key].instrument.key().as_str() == prefix)
    }

    /// Looks a full ID (`uncc:art_24__para_1`) up on the side that holds its instrument.
    pub fn resolve(&self, id: &str) -> Option<(Side, NodeIx)> {
        // Only the prefix picks the side: the index holds nothing but well-formed IDs, so checking
        // the whole grammar (and allocating for it) on every lookup would change no answer.
        let key = self.side_of(id)?;
        self.treaty(key).index_of(id).map(|ix| (key, ix))
    }

    /// Looks a full ID up in any loaded instrument.
    pub fn find(&self, id: &str) -> Option<(&Instrument, NodeIx)> {
        let (prefix, _) = id.split_once(':')?;
        let instrument = self.instrument(prefix)?;
        instrument.index_of(id).map(|ix| (instrument, ix))
    }

    /// The library that compares two loaded instruments: `revision` on the first side (where the UN
    /// Convention is in the shipped library), `base` on the second. Diffs, suggestions and the
    /// implementation table run on it unchanged.
    pub fn pair(&self, revision: &str, base: &str) -> Option<Library> {
        let revision = self.instrument(revision)?.clone();
        let base = self.instrument(base)?.clone();
        Some(Library::new(
            Treaty::on_side(Side::Revision, revision),
            Treaty::on_side(Side::Base, base),
        ))
    }

    /// This library with `revision` and `base` on the two sides and every other loaded instrument (the
    /// treaties not on a side among them) kept loaded, so IDs of any of them are still found. A shipped
    /// treaty on its own side keeps its facts (`treaties.ron`); the same two sides give the same library.
    pub fn with_sides(&self, revision: &str, base: &str) -> Option<Library> {
        if revision == base {
            return None;
        }
        let on_side = |key: Side, prefix: &str| -> Option<Treaty> {
            let own = &self.treaties[key];
            if own.instrument.key().as_str() == prefix {
                return Some(own.clone());
            }
            Some(Treaty::on_side(key, self.instrument(prefix)?.clone()))
        };
        let revision = on_side(Side::Revision, revision)?;
        let base = on_side(Side::Base, base)?;
        let shown = [
            revision.instrument.key().clone(),
            base.instrument.key().clone(),
        ];
        let mut others: Vec<Instrument> = self
            .instruments()
            .filter(|instrument| !shown.contains(instrument.key()))
            .cloned()
            .collect();
        others.sort_by(|a, b| a.key().cmp(b.key()));
        Some(Library {
            treaties: PerSide {
                revision: revision,
                base: base,
            },
            imported: others,
        })
    }

    /// The name an ID's instrument is cited with ("UN", "Budapest", "Cybercrime Bill":
    /// [`Instrument::citation_label`]); the prefix of an instrument that is not loaded.
    pub fn cited_name<'a>(&'a self, id: &'a str) -> &'a str {
        let prefix = id.split_once(':').map_or(id, |(prefix, _)| prefix);
        self.instrument(prefix)
            .map_or(prefix, |instrument| instrument.citation_label())
    }

    /// Pinpoints of provisions for a citation line: "Art. 40(8), Art. 40(21)". Unknown IDs print as
    /// themselves, so nothing a user linked disappears from what is shown.
    pub fn pinpoint_list<I: AsRef<str>>(&self, ids: &[I]) -> String {
        ids.iter()
            .map(|id| {
                let id = id.as_ref();
                self.get(id)
                    .map_or_else(|| id.to_owned(), |node| node.pinpoint.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn get(&self, id: &str) -> Option<&Provision> {
        self.find(id).map(|(instrument, ix)| instrument.node(ix))
    }
}
