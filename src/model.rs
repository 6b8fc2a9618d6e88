//! The provision tree of a treaty: every chapter, article, paragraph and item with a stable
//! Akoma Ntoso–style ID (`uncc:art_24__para_1`), a pinpoint label ("Art. 24(1)") and its exact text.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Which treaty a provision belongs to. The key is also the ID prefix (`uncc:` / `bc:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TreatyKey {
    /// United Nations Convention against Cybercrime (2024).
    Uncc,
    /// Council of Europe Convention on Cybercrime (Budapest, ETS 185, 2001).
    Bc,
}

impl TreatyKey {
    pub const ALL: [TreatyKey; 2] = [TreatyKey::Uncc, TreatyKey::Bc];

    /// The ID prefix without the colon.
    pub fn prefix(self) -> &'static str {
        match self {
            TreatyKey::Uncc => "uncc",
            TreatyKey::Bc => "bc",
        }
    }

    /// Parses `uncc` / `bc` (also accepting a few obvious aliases people type).
    pub fn parse(text: &str) -> Option<TreatyKey> {
        match text.trim().to_ascii_lowercase().as_str() {
            "uncc" | "un" | "united-nations" => Some(TreatyKey::Uncc),
            "bc" | "budapest" | "coe" | "ets185" => Some(TreatyKey::Bc),
            _ => None,
        }
    }

    /// The treaty of a full provision ID such as `bc:art_6` (see [`ProvisionId`] for the grammar).
    pub fn of_id(id: &str) -> Option<TreatyKey> {
        ProvisionId::parse(id).ok().map(|id| id.treaty())
    }

    /// The exact ID prefix (`uncc`, `bc`), without the aliases [`TreatyKey::parse`] accepts.
    fn from_prefix(prefix: &str) -> Option<TreatyKey> {
        TreatyKey::ALL
            .into_iter()
            .find(|key| key.prefix() == prefix)
    }

    /// The treaty's name in pinpoint citations: "UN Art. 24(1)", "Budapest Art. 15(1)".
    pub fn short_label(self) -> &'static str {
        match self {
            TreatyKey::Uncc => "UN",
            TreatyKey::Bc => "Budapest",
        }
    }

    pub fn other(self) -> TreatyKey {
        match self {
            TreatyKey::Uncc => TreatyKey::Bc,
            TreatyKey::Bc => TreatyKey::Uncc,
        }
    }
}

impl fmt::Display for TreatyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// Something per treaty: the one container for "the UN side and the Budapest side" (texts, pane state,
/// diff sides, table cells), indexed by [`TreatyKey`].
///
/// Read from a file it refuses other fields, so a misspelt side is an error, not a dropped value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerTreaty<T> {
    pub uncc: T,
    pub bc: T,
}

impl<T> PerTreaty<T> {
    /// Builds both sides from the treaty key.
    pub fn from_fn(mut make: impl FnMut(TreatyKey) -> T) -> PerTreaty<T> {
        PerTreaty {
            uncc: make(TreatyKey::Uncc),
            bc: make(TreatyKey::Bc),
        }
    }

    pub fn map<U>(self, mut f: impl FnMut(TreatyKey, T) -> U) -> PerTreaty<U> {
        PerTreaty {
            uncc: f(TreatyKey::Uncc, self.uncc),
            bc: f(TreatyKey::Bc, self.bc),
        }
    }

    pub fn as_ref(&self) -> PerTreaty<&T> {
        PerTreaty {
            uncc: &self.uncc,
            bc: &self.bc,
        }
    }

    /// Both sides in treaty order (UN first).
    pub fn iter(&self) -> impl Iterator<Item = (TreatyKey, &T)> {
        [(TreatyKey::Uncc, &self.uncc), (TreatyKey::Bc, &self.bc)].into_iter()
    }
}

impl<T> std::ops::Index<TreatyKey> for PerTreaty<T> {
    type Output = T;
    fn index(&self, key: TreatyKey) -> &T {
        match key {
            TreatyKey::Uncc => &self.uncc,
            TreatyKey::Bc => &self.bc,
        }
    }
}

impl<T> std::ops::IndexMut<TreatyKey> for PerTreaty<T> {
    fn index_mut(&mut self, key: TreatyKey) -> &mut T {
        match key {
            TreatyKey::Uncc => &mut self.uncc,
            TreatyKey::Bc => &mut self.bc,
        }
    }
}

/// A provision ID such as `uncc:art_24__para_1`, parsed once.
///
/// Grammar: `TREATY:SEGMENT(__SEGMENT)*` where TREATY is `uncc` or `bc` and each segment is a kind and a
/// designation (`art_24`, `para_1`, `point_a`, `rec_3`, `chp_4`) or a bare division (`preamble`, `annex`,
/// `conclusions`). Nesting is by `__`: `uncc:art_24__para_1` lies within `uncc:art_24`. Articles are not
/// nested under their chapter, so article IDs survive any regrouping. It serialises as the plain string,
/// so files keep the form they always had; this type is the only place that reads the grammar.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvisionId {
    text: String,
    treaty: TreatyKey,
}

/// A string that is not a provision ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a provision ID (IDs look like uncc:art_24__para_1 or bc:art_6)")]
pub struct IdError {
    pub text: String,
}

const SEGMENT_SEPARATOR: &str = "__";

impl ProvisionId {
    pub fn parse(text: &str) -> Result<ProvisionId, IdError> {
        let error = || IdError {
            text: text.chars().take(80).collect(),
        };
        let (prefix, path) = text.split_once(':').ok_or_else(error)?;
        let treaty = TreatyKey::from_prefix(prefix).ok_or_else(error)?;
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
            treaty,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn treaty(&self) -> TreatyKey {
        self.treaty
    }

    /// The path after the treaty prefix: `art_24__para_1`.
    fn path(&self) -> &str {
        &self.text[self.treaty.prefix().len() + 1..]
    }

    /// The enclosing article (`uncc:art_24` for `uncc:art_24__para_1`, itself for an article), if the ID
    /// is inside an article.
    pub fn article(&self) -> Option<ProvisionId> {
        let first = self.path().split(SEGMENT_SEPARATOR).next()?;
        first.starts_with("art_").then(|| ProvisionId {
            text: format!("{}:{first}", self.treaty.prefix()),
            treaty: self.treaty,
        })
    }

    /// The ID one level up (`uncc:art_24` for `uncc:art_24__para_1`); none for a top-level ID.
    pub fn parent(&self) -> Option<ProvisionId> {
        let (parent, _) = self.text.rsplit_once(SEGMENT_SEPARATOR)?;
        Some(ProvisionId {
            text: parent.to_owned(),
            treaty: self.treaty,
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
    /// For interpretative notes: IDs of the provisions interpreted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interprets: Vec<ProvisionId>,
}

impl Provision {
    /// The heading line as shown in outlines: "Article 24 – Conditions and safeguards".
    pub fn title_line(&self) -> String {
        let name = match self.kind {
            Kind::Article => format!("Article {}", self.num.as_deref().unwrap_or("")),
            Kind::Chapter => format!("Chapter {}", self.num.as_deref().unwrap_or("")),
            Kind::Section => format!("Section {}", self.num.as_deref().unwrap_or("")),
            Kind::Title => format!("Title {}", self.num.as_deref().unwrap_or("")),
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

/// Descriptive facts about a treaty, kept in `texts/treaties.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatyMeta {
    pub key: TreatyKey,
    /// The name used in citations: "UN Convention against Cybercrime".
    pub short_name: String,
    pub adopted: String,
    pub place: String,
    pub source_document: String,
    pub text_file: String,
    #[serde(default)]
    pub notes_file: Option<String>,
}

/// A parsed treaty: its provision tree in document order plus an ID index.
#[derive(Clone, Debug)]
pub struct Treaty {
    pub key: TreatyKey,
    pub meta: TreatyMeta,
    /// Full title as printed.
    pub title: String,
    /// Provenance header of the text file (and of the notes file, if any), verbatim.
    pub provenance: Vec<String>,
    /// All nodes in document order; parents precede their children.
    pub nodes: Vec<Provision>,
    pub roots: Vec<NodeIx>,
    index: HashMap<String, NodeIx>,
}

impl Treaty {
    pub(crate) fn new(
        meta: TreatyMeta,
        title: String,
        provenance: Vec<String>,
        nodes: Vec<Provision>,
    ) -> Treaty {
        let index = nodes
            .iter()
            .enumerate()
            .map(|(ix, node)| (node.id.to_string(), ix))
            .collect();
        let roots = nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.parent.is_none())
            .map(|(ix, _)| ix)
            .collect();
        Treaty {
            key: meta.key,
            meta,
            title,
            provenance,
            nodes,
            roots,
            index,
        }
    }

    pub fn index_of(&self, id: &str) -> Option<NodeIx> {
        self.index.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Provision> {
        self.index_of(id).and_then(|ix| self.nodes.get(ix))
    }

    pub fn node(&self, ix: NodeIx) -> &Provision {
        &self.nodes[ix]
    }

    /// Articles in document order.
    pub fn articles(&self) -> impl Iterator<Item = &Provision> {
        self.nodes.iter().filter(|node| node.kind == Kind::Article)
    }

    pub fn article(&self, number: u32) -> Option<&Provision> {
        self.get(&format!("{}:art_{number}", self.key))
    }

    pub fn children_of(&self, ix: NodeIx) -> impl Iterator<Item = &Provision> {
        self.nodes[ix]
            .children
            .iter()
            .map(move |&child| &self.nodes[child])
    }

    /// The index one past the last descendant of `ix` (descendants are contiguous).
    pub fn subtree_end(&self, ix: NodeIx) -> NodeIx {
        let depth = self.nodes[ix].depth;
        self.nodes[ix + 1..]
            .iter()
            .position(|node| node.depth <= depth)
            .map_or(self.nodes.len(), |offset| ix + 1 + offset)
    }

    /// The nearest enclosing article (or the node itself), if any.
    pub fn article_of(&self, mut ix: NodeIx) -> Option<NodeIx> {
        loop {
            if self.nodes[ix].kind == Kind::Article {
                return Some(ix);
            }
            ix = self.nodes[ix].parent?;
        }
    }

    /// The exact text of a provision with everything inside it, one printed line per node,
    /// labels kept ("1. …\n(a) …"). Headings are not included.
    pub fn full_text(&self, ix: NodeIx) -> String {
        let mut lines = Vec::new();
        for (offset, node) in self.nodes[ix..self.subtree_end(ix)].iter().enumerate() {
            // The cited node's own label is implied by its pinpoint; inner labels are kept.
            let line = if offset == 0 {
                node.text.clone()
            } else {
                node.labelled_text()
            };
            if !line.is_empty() {
                lines.push(line);
            }
        }
        lines.join("\n")
    }

    /// The heading that tells a reader where a provision sits: its article ("Article 24 – Conditions and
    /// safeguards"), or for text outside articles the preamble, annex note or closing formula it is in.
    pub fn context_title(&self, mut ix: NodeIx) -> String {
        let start = ix;
        loop {
            let node = &self.nodes[ix];
            if matches!(
                node.kind,
                Kind::Article | Kind::Preamble | Kind::Note | Kind::Conclusions | Kind::Annex
            ) || node.kind.is_division()
            {
                return node.title_line();
            }
            match node.parent {
                Some(parent) => ix = parent,
                None => return self.nodes[start].title_line(),
            }
        }
    }

    /// Interpretative notes that interpret the provision `id` or one of its ancestors.
    pub fn notes_for(&self, id: &str) -> Vec<&Provision> {
        self.nodes
            .iter()
            .filter(|node| node.kind == Kind::Note)
            .filter(|note| note.interprets.iter().any(|target| is_within(id, target)))
            .collect()
    }

    /// "UN Convention against Cybercrime, Art. 24(1): …" — the citation users paste into briefs.
    pub fn citation(&self, ix: NodeIx) -> String {
        let node = &self.nodes[ix];
        format!(
            "{}, {}: {}",
            self.meta.short_name,
            node.pinpoint,
            self.full_text(ix)
        )
    }
}

/// Both treaties, as the app and the command line use them.
#[derive(Clone, Debug)]
pub struct Library {
    pub treaties: PerTreaty<Treaty>,
}

impl Library {
    pub fn new(uncc: Treaty, bc: Treaty) -> Library {
        Library {
            treaties: PerTreaty { uncc, bc },
        }
    }

    pub fn treaty(&self, key: TreatyKey) -> &Treaty {
        &self.treaties[key]
    }

    /// Looks a full ID (`uncc:art_24__para_1`) up in the right treaty.
    pub fn resolve(&self, id: &str) -> Option<(TreatyKey, NodeIx)> {
        // Only the prefix picks the treaty: the index holds nothing but well-formed IDs, so checking
        // the whole grammar (and allocating for it) on every lookup would change no answer.
        let (prefix, _) = id.split_once(':')?;
        let key = TreatyKey::from_prefix(prefix)?;
        self.treaty(key).index_of(id).map(|ix| (key, ix))
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
        self.resolve(id).map(|(key, ix)| self.treaty(key).node(ix))
    }
}
