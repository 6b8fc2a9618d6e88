//! Instruments as data: any legal text Crosswalk can read — the two shipped conventions, a national law,
//! a draft bill, a protocol, another language version — described by the same few facts (ID prefix,
//! title, short name, language, source line, which instrument it is a version of) and holding its
//! provision tree.
//!
//! Every instrument is written in the Markdown layout of `texts/` and read by the one parser in
//! [`crate::texts`]; `crosswalk import` (see [`crate::import`]) turns other formats into that layout.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{Kind, NodeIx, Provision, Side, is_within, shipped};

/// The ID prefix of an instrument (`uncc`, `bc`, `ke-cyber`): lower-case ASCII letters first, then
/// letters, digits or hyphens, at most [`InstrumentKey::MAX_LEN`] characters. It is the part of a
/// provision ID before the colon, so it names the instrument in every file that refers to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InstrumentKey(String);

/// A string that cannot be an instrument's ID prefix.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error(
    "`{0}` cannot be an instrument ID: use lower-case letters, digits and hyphens, starting with a letter (e.g. ke-cyber)"
)]
pub struct KeyError(pub String);

impl InstrumentKey {
    pub const MAX_LEN: usize = 32;

    /// Whether `text` follows the prefix grammar (the one check [`crate::model::ProvisionId`] uses too).
    pub fn is_valid(text: &str) -> bool {
        let mut chars = text.chars();
        chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && text.len() <= Self::MAX_LEN
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    pub fn parse(text: &str) -> Result<InstrumentKey, KeyError> {
        if Self::is_valid(text) {
            Ok(InstrumentKey(text.to_owned()))
        } else {
            Err(KeyError(text.chars().take(40).collect()))
        }
    }

    /// The prefix of the shipped treaty on `side` of the shipped library.
    pub fn of_treaty(side: Side) -> InstrumentKey {
        InstrumentKey(shipped::prefix(side).to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The side of the shipped library the treaty with this prefix is on, if it is one of the two.
    pub fn shipped_side(&self) -> Option<Side> {
        shipped::side_of_prefix(&self.0)
    }
}

impl TryFrom<String> for InstrumentKey {
    type Error = KeyError;
    fn try_from(text: String) -> Result<InstrumentKey, KeyError> {
        InstrumentKey::parse(&text)
    }
}

impl From<InstrumentKey> for String {
    fn from(key: InstrumentKey) -> String {
        key.0
    }
}

impl fmt::Display for InstrumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an instrument is: the facts shown beside its text and written in its file's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstrumentInfo {
    pub key: InstrumentKey,
    /// Full title as printed ("Computer Misuse and Cybercrimes Act, 2018").
    pub title: String,
    /// The name used in citations ("UN Convention against Cybercrime", "Cybercrime Bill").
    pub short_name: String,
    /// BCP 47 language tag of the text ("en", "fr").
    pub language: String,
    /// Where the text comes from (provenance), one line.
    pub source: String,
    /// The instrument this text is a language version of; its provision IDs then match the original's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<InstrumentKey>,
}

/// The header fields of an instrument file, in the order written.
const HEADER_FIELDS: [&str; 6] = [
    "Instrument",
    "Title",
    "Short name",
    "Language",
    "Version of",
    "Source",
];

impl InstrumentInfo {
    /// Whether one of the two is a language version of the other (its `Version of:` names the other):
    /// their provision IDs then match after the prefix.
    pub fn is_version_pair(&self, other: &InstrumentInfo) -> bool {
        self.version_of.as_ref() == Some(&other.key) || other.version_of.as_ref() == Some(&self.key)
    }

    /// The provenance header of an instrument file: one `Field: value` line per fact, then how the file
    /// is laid out. [`InstrumentInfo::from_header`] reads it back.
    pub fn header(&self) -> String {
        let version_of = self.version_of.as_ref().map(InstrumentKey::as_str);
        let values = [
            Some(self.key.as_str()),
            Some(self.title.as_str()),
            Some(self.short_name.as_str()),
            Some(self.language.as_str()),
            version_of,
            Some(self.source.as_str()),
        ];
        let mut header = String::from("<!--\n");
        for (field, value) in HEADER_FIELDS.iter().zip(values) {
            if let Some(value) = value {
                // A value may not end the comment early or span lines.
                let value = value.replace("-->", "-- >").replace(['\n', '\r'], " ");
                header.push_str(&format!("{field}: {value}\n"));
            }
        }
        header.push_str(
            "Layout: the Markdown layout of Crosswalk's texts/: '# Part N – name', '## Division N – name', '#### Section N – heading' (or Article, §); one paragraph per line with its number or label as printed. Correct the structure here and the IDs follow.\n-->\n",
        );
        header
    }

    /// The facts of an instrument file's provenance header; `None` for a file without an
    /// `Instrument:` line (not written by import).
    pub fn from_header(provenance: &str) -> Result<Option<InstrumentInfo>, KeyError> {
        let field = |name: &str| {
            provenance.lines().find_map(|line| {
                line.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .map(|value| value.trim().to_owned())
            })
        };
        let Some(key) = field("Instrument") else {
            return Ok(None);
        };
        let key = InstrumentKey::parse(&key)?;
        let title = field("Title").unwrap_or_default();
        Ok(Some(InstrumentInfo {
            short_name: field("Short name").unwrap_or_else(|| title.clone()),
            language: field("Language").unwrap_or_else(|| "en".to_owned()),
            version_of: field("Version of")
                .map(|original| InstrumentKey::parse(&original))
                .transpose()?,
            source: field("Source").unwrap_or_default(),
            key,
            title,
        }))
    }
}

/// A parsed instrument: what it is, its provision tree in document order and an ID index.
#[derive(Clone, Debug)]
pub struct Instrument {
    pub info: InstrumentInfo,
    /// Full title as printed in the text.
    pub title: String,
    /// Provenance header of the text file (and of the notes file, if any), verbatim.
    pub provenance: Vec<String>,
    /// All nodes in document order; parents precede their children.
    pub nodes: Vec<Provision>,
    pub roots: Vec<NodeIx>,
    index: HashMap<String, NodeIx>,
}

impl Instrument {
    pub fn new(
        info: InstrumentInfo,
        title: String,
        provenance: Vec<String>,
        nodes: Vec<Provision>,
    ) -> Instrument {
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
        Instrument {
            info,
            title,
            provenance,
            nodes,
            roots,
            index,
        }
    }

    /// The ID prefix.
    pub fn key(&self) -> &InstrumentKey {
        &self.info.key
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

    /// Articles (or sections, for a national law) in document order.
    pub fn articles(&self) -> impl Iterator<Item = &Provision> {
        self.nodes.iter().filter(|node| node.kind == Kind::Article)
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

    /// The name before a pinpoint: "UN", "Budapest" for the shipped treaties, else the short name.
    pub fn citation_label(&self) -> &str {
        match self.key().shipped_side() {
            Some(side) => shipped::citation_label(side),
            None => &self.info.short_name,
        }
    }

    /// "UN Convention against Cybercrime, Art. 24(1): …" — the citation users paste into briefs.
    pub fn citation(&self, ix: NodeIx) -> String {
        let node = &self.nodes[ix];
        format!(
            "{}, {}: {}",
            self.info.short_name,
            node.pinpoint,
            self.full_text(ix)
        )
    }
}

/// A provision of a language version whose ID does not match the original's (the IDs of a version must
/// be the original's with the version's prefix, provision by provision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionMismatch {
    /// The ID as the version has it, or (for a provision the version lacks) as it would have it.
    pub id: String,
    /// The line of the version's file: the provision's own, or, where the version lacks it, the line of
    /// the version's provision it would follow (0 when there is none).
    pub line: u32,
    /// True when the original has the provision and the version does not; false when the version has
    /// a provision the original does not.
    pub missing: bool,
}

impl VersionMismatch {
    /// What is wrong, in words ("fr:sec_9 has no counterpart in xl").
    pub fn message(&self, original: &InstrumentKey) -> String {
        if self.missing {
            format!(
                "{} is missing: the original ({original}) has this provision",
                self.id
            )
        } else {
            format!(
                "{} does not match the original ({original}): it has no provision with this ID",
                self.id
            )
        }
    }
}

/// The provisions of `version` (a language version of `original`) whose IDs do not match the
/// original's, in the version's document order: the version's provisions without a counterpart in the
/// original, and the original's provisions the version lacks (at the place they would be).
pub fn version_mismatches(original: &Instrument, version: &Instrument) -> Vec<VersionMismatch> {
    let path = |id: &str| id.split_once(':').map_or(id, |(_, path)| path).to_owned();
    let mut mismatches: Vec<VersionMismatch> = version
        .nodes
        .iter()
        .filter(|node| {
            let in_original = format!("{}:{}", original.key(), path(node.id.as_str()));
            original.index_of(&in_original).is_none()
        })
        .map(|node| VersionMismatch {
            id: node.id.to_string(),
            line: node.line,
            missing: false,
        })
        .collect();
    // A provision the version lacks is placed after the last provision before it that both have.
    let mut line_before = 0;
    for node in &original.nodes {
        let in_version = format!("{}:{}", version.key(), path(node.id.as_str()));
        match version.get(&in_version) {
            Some(found) => line_before = found.line,
            None => mismatches.push(VersionMismatch {
                id: in_version,
                line: line_before,
                missing: true,
            }),
        }
    }
    mismatches.sort_by_key(|mismatch| mismatch.line);
    mismatches
}

/// Instruments that cannot be loaded together.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum InstrumentError {
    #[error(
        "two instruments have the ID prefix `{key}`: {first} and {second}; give one another prefix (`crosswalk import FILE --id PREFIX`)"
    )]
    DuplicateKey {
        key: InstrumentKey,
        first: String,
        second: String,
    },
}

/// Whether two instruments are language versions of one text: one declares itself a version of the
/// other (`Version of:` in its header), or both are versions of the same original.
pub fn are_versions(a: &Instrument, b: &Instrument) -> bool {
    let original = |instrument: &Instrument| {
        instrument
            .info
            .version_of
            .clone()
            .unwrap_or_else(|| instrument.key().clone())
    };
    a.key() != b.key() && original(a) == original(b)
}

/// One row of two language versions set side by side: the provision of each whose ID, after the
/// prefix, is `path` (`sec_4__subsec_1`); `None` on the side without one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignedById {
    pub path: String,
    pub first: Option<NodeIx>,
    pub second: Option<NodeIx>,
}

/// The provisions of two language versions paired by ID, in `first`'s document order; a provision
/// only `second` has follows the row of the provision before it in `second`, so each side reads in
/// its own order.
pub fn aligned_by_id(first: &Instrument, second: &Instrument) -> Vec<AlignedById> {
    let path_of = |provision: &Provision| {
        provision
            .id
            .as_str()
            .split_once(':')
            .map_or("", |(_, path)| path)
            .to_owned()
    };
    let mut rows: Vec<AlignedById> = first
        .nodes
        .iter()
        .enumerate()
        .map(|(ix, node)| {
            let path = path_of(node);
            let second_ix = second.index_of(&format!("{}:{path}", second.key()));
            AlignedById {
                path,
                first: Some(ix),
                second: second_ix,
            }
        })
        .collect();
    let mut previous: Option<NodeIx> = None;
    for (ix, node) in second.nodes.iter().enumerate() {
        if !rows.iter().any(|row| row.second == Some(ix)) {
            let at = previous
                .and_then(|before| rows.iter().position(|row| row.second == Some(before)))
                .map_or(0, |row| row + 1);
            let row = AlignedById {
                path: path_of(node),
                first: None,
                second: Some(ix),
            };
            rows.insert(at, row);
        }
        previous = Some(ix);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProvisionId;
    use crate::texts::{load_embedded, parse_instrument};

    const LAW: &str = "<!--\nSynthetic test law.\n-->\n\n# Test Act\n\n# Part I – Preliminary\n\n#### Section 1 – Interpretation\n\nIn this Act—\n\n“computer” means a device that—\n\n(a) stores data; or\n\n(b) processes data;\n\n“data” includes programs.\n\n# Part II – Offences\n\n## Division 1 – Access\n\n#### Section 2 – Unauthorised access\n\n(1) A person who—\n\n(a) accesses a computer; and\n\n(i) knows it; or\n\n(ii) ought to know it,\n\n(A) in any manner; or\n\n(B) by any means,\n\ncommits an offence.\n\n(2) A person who attempts commits an offence.\n\nThis section binds the State.\n\n#### § 3\n\nA section without heading.\n";

    fn info(key: &str) -> InstrumentInfo {
        InstrumentInfo {
            key: InstrumentKey::parse(key).unwrap(),
            title: "Test Act".into(),
            short_name: "Test Act".into(),
            language: "en".into(),
            source: "synthetic".into(),
            version_of: None,
        }
    }

    #[test]
    fn an_imported_instruments_id_names_its_instrument_and_no_treaty() {
        let id = ProvisionId::parse("ke:sec_5__subsec_1").unwrap();
        assert_eq!(id.instrument(), "ke");
        assert_eq!(id.shipped_side(), None);
        assert_eq!(id.article().unwrap().as_str(), "ke:sec_5");
        assert_eq!(
            ProvisionId::parse("uncc:art_24").unwrap().shipped_side(),
            Some(Side::Revision)
        );
        for bad in [
            "Ke:sec_5",
            "1ke:sec_5",
            "k e:sec_5",
            ":sec_5",
            "ke:",
            "ke:sec_5__",
        ] {
            assert!(ProvisionId::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_law_in_the_texts_layout_parses_with_parts_sections_subsections_items_and_definitions() {
        let law = parse_instrument(info("tl"), "law.md", LAW).unwrap();
        let expect = [
            ("tl:part_1", "Part I"),
            ("tl:sec_1", "s. 1"),
            ("tl:sec_1__def_computer", "s. 1, “computer”"),
            ("tl:sec_1__def_computer__point_b", "s. 1, “computer”(b)"),
            ("tl:sec_1__def_data", "s. 1, “data”"),
            ("tl:part_2__dvs_1", "Part II, Division 1"),
            ("tl:sec_2__subsec_1", "s. 2(1)"),
            ("tl:sec_2__subsec_1__point_a__point_ii", "s. 2(1)(a)(ii)"),
            (
                "tl:sec_2__subsec_1__point_a__point_ii__point_B",
                "s. 2(1)(a)(ii)(B)",
            ),
            ("tl:sec_2__subsec_1__wrapup", "s. 2(1), closing words"),
            ("tl:sec_2__text_2", "s. 2, unnumbered para. 2"),
            ("tl:sec_3", "§ 3"),
        ];
        for (id, pinpoint) in expect {
            let node = law.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(node.pinpoint, pinpoint, "{id}");
        }
        assert_eq!(law.get("tl:sec_3").unwrap().title_line(), "§ 3");
        assert_eq!(
            law.get("tl:sec_2").unwrap().title_line(),
            "Section 2 – Unauthorised access"
        );
        assert_eq!(
            law.get("tl:part_2").unwrap().title_line(),
            "Part II – Offences"
        );
        assert_eq!(law.get("tl:sec_2__subsec_1").unwrap().text, "A person who—");
        assert_eq!(law.provenance, vec!["Synthetic test law.".to_owned()]);
    }

    #[test]
    fn two_language_versions_align_by_id_each_side_in_its_own_order() {
        let original = parse_instrument(info("tl"), "law.md", LAW).unwrap();
        let mut version_info = info("tlfr");
        version_info.version_of = Some(InstrumentKey::parse("tl").unwrap());
        let version_text = LAW
            .replace("#### § 3\n\nA section without heading.\n", "")
            .replace("(2) A person who attempts", "(3) Une personne qui tente");
        let version = parse_instrument(version_info, "loi.md", &version_text).unwrap();
        assert!(are_versions(&version, &original) && are_versions(&original, &version));
        assert!(!are_versions(&original, &original));
        let rows = aligned_by_id(&original, &version);
        let row = |path: &str| rows.iter().position(|row| row.path == path).unwrap();
        let both = &rows[row("sec_2__subsec_1")];
        assert_eq!(original.node(both.first.unwrap()).id, "tl:sec_2__subsec_1");
        assert_eq!(
            version.node(both.second.unwrap()).id,
            "tlfr:sec_2__subsec_1"
        );
        assert_eq!(rows[row("sec_3")].second, None);
        assert_eq!(rows[row("sec_2__subsec_2")].second, None);
        // The version's own subsection (3) stands where the version has it: after the closing words
        // of subsection (1).
        assert_eq!(rows[row("sec_2__subsec_3")].first, None);
        assert_eq!(row("sec_2__subsec_3"), row("sec_2__subsec_1__wrapup") + 1);
        assert_eq!(rows.len(), original.nodes.len() + 1);
    }

    #[test]
    fn the_shipped_treaties_are_the_two_shipped_instruments() {
        let library = load_embedded().unwrap();
        let keys: Vec<&str> = library.instruments().map(|i| i.key().as_str()).collect();
        assert_eq!(keys, ["uncc", "bc"]);
        let uncc = library.instrument("uncc").unwrap();
        assert_eq!(uncc.info.short_name, "UN Convention against Cybercrime");
        assert_eq!(uncc.info.language, "en");
        assert!(uncc.info.source.starts_with("A/RES/79/243"));
    }

    #[test]
    fn an_imported_instrument_is_found_compared_and_never_shadows_another() {
        let law = parse_instrument(info("tl"), "law.md", LAW).unwrap();
        let library = load_embedded()
            .unwrap()
            .with_imported(vec![law.clone()])
            .unwrap();
        let (found, ix) = library.find("tl:sec_2__subsec_2").unwrap();
        assert_eq!(found.node(ix).pinpoint, "s. 2(2)");
        assert_eq!(library.resolve("tl:sec_2"), None, "not on a side");
        let pair = library.pair("tl", "bc").unwrap();
        assert_eq!(pair.side_of("tl:sec_2"), Some(Side::Revision));
        assert!(pair.resolve("bc:art_2").is_some());
        let error = library.with_imported(vec![law]).unwrap_err();
        assert!(error.to_string().contains("`tl`"), "{error}");
        let bc = parse_instrument(info("bc"), "bc.md", LAW).unwrap();
        assert!(load_embedded().unwrap().with_imported(vec![bc]).is_err());
    }

    #[test]
    fn a_language_versions_ids_that_do_not_match_its_original_are_listed_at_their_lines() {
        let original = parse_instrument(info("tl"), "law.md", LAW).unwrap();
        // The version lacks § 3 and has a section 4 the original does not.
        let version_text = LAW.replace(
            "#### § 3\n\nA section without heading.\n",
            "#### Section 4 – Extra\n\nA section the original lacks.\n",
        );
        let version = parse_instrument(info("tf"), "loi.md", &version_text).unwrap();
        assert!(version_mismatches(&original, &original).is_empty());
        let mismatches = version_mismatches(&original, &version);
        let extra = version.get("tf:sec_4").unwrap().line;
        let before = version.get("tf:sec_2__text_2").unwrap().line;
        assert_eq!(
            mismatches,
            [
                VersionMismatch {
                    id: "tf:sec_3".into(),
                    line: before,
                    missing: true,
                },
                VersionMismatch {
                    id: "tf:sec_4".into(),
                    line: extra,
                    missing: false,
                },
            ]
        );
        let key = original.key();
        assert_eq!(
            mismatches[0].message(key),
            "tf:sec_3 is missing: the original (tl) has this provision"
        );
        assert_eq!(
            mismatches[1].message(key),
            "tf:sec_4 does not match the original (tl): it has no provision with this ID"
        );
    }
}
