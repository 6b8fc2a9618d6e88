//! The one set of links every view reads: the shipped crosswalk and the links in the user's layers.
//!
//! The pair bar, the annotations panel, the command line and every export take their links from a
//! [`LinkSet`], so a link made in the app shows, with its own relation and direction, wherever a shipped
//! link does. A link between the two treaties is a *pair* (pair view steps through them and exports
//! compare them); a link inside one treaty (a safeguard for a power) is listed with the pairs it touches.

use std::collections::HashMap;
use std::fmt;

use crate::annotations::{Layer, LinkRelation};
use crate::crosswalk::{Crosswalk, Evidence, Relation, Theme};
use crate::document::DocumentId;
use crate::model::{Kind, Library, PerSide, ProvisionId, Side, top_level};

/// Where a link comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkOrigin {
    /// The shipped crosswalk (`texts/crosswalk.ron`), by its position in the file.
    Shipped { index: usize },
    /// A link annotation in an open layer, named by the layer's ID (which outlives any rebuild of
    /// the set and never names another layer).
    Layer {
        layer: DocumentId,
        layer_name: String,
        link_id: String,
    },
    /// The provisions a question of a brief cites, compared as one pair (it names no link).
    Question { question_id: String },
    /// The same provision in two language versions shown side by side (one instrument's `Version
    /// of:` names the other): paired by their matching IDs, named by the first side's ID.
    LanguageVersion { provision: ProvisionId },
}

impl LinkOrigin {
    /// Whether the link comes with the texts (the shipped crosswalk, or the matching IDs of two
    /// language versions) rather than from a layer or a question: exports and lists treat it as
    /// the texts' own, never as a user's note.
    pub fn is_shipped(&self) -> bool {
        matches!(
            self,
            LinkOrigin::Shipped { .. } | LinkOrigin::LanguageVersion { .. }
        )
    }

    /// "shipped crosswalk" / "layer “Teacher”", for lists and exports.
    pub fn describe(&self) -> String {
        match self {
            LinkOrigin::Shipped { .. } => "shipped crosswalk".to_owned(),
            LinkOrigin::Layer { layer_name, .. } => format!("layer “{layer_name}”"),
            LinkOrigin::Question { question_id } => format!("question {question_id}"),
            LinkOrigin::LanguageVersion { .. } => "the language versions' matching IDs".to_owned(),
        }
    }
}

/// What a link asserts: a crosswalk relation (read from the UN side) or a user's typed relation (read
/// from the first end).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Crosswalk(Relation),
    User(LinkRelation),
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkKind::Crosswalk(relation) => relation.fmt(f),
            LinkKind::User(relation) => relation.fmt(f),
        }
    }
}

/// One link of the set.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkEntry {
    pub origin: LinkOrigin,
    /// The ends in the stated order: for a user link, `ends[0]` is the subject of the relation
    /// ("Art. 24(1) is a safeguard for Art. 28(4)"); for a shipped link, the UN ends then the Budapest ones.
    pub ends: Vec<ProvisionId>,
    /// The same ends sorted by treaty (document order within each), for comparing the two sides.
    pub sides: PerSide<Vec<ProvisionId>>,
    pub kind: LinkKind,
    /// The crosswalk's theme; none for user links.
    pub theme: Option<Theme>,
    pub tags: Vec<String>,
    /// The rationale of a shipped link, the note of a user link.
    pub note: String,
    pub evidence: Vec<Evidence>,
    pub author: String,
}

impl LinkEntry {
    /// A link with ends in both treaties: pair view and exports compare its two sides.
    pub fn is_pair(&self) -> bool {
        !self.sides.revision.is_empty() && !self.sides.base.is_empty()
    }

    /// The pair as its two sides cite it: "UN Art. 24 | Budapest Art. 15", "UN Art. 7 | Cybercrime
    /// Bill Section 4".
    pub fn pair_name(&self, library: &Library) -> String {
        format!(
            "{} {} | {} {}",
            library.treaty(Side::Revision).citation_label(),
            library.pinpoint_list(&self.sides.revision),
            library.treaty(Side::Base).citation_label(),
            library.pinpoint_list(&self.sides.base)
        )
    }

    /// Whether the link names `id`, something inside it or something around it.
    pub fn touches(&self, id: &str) -> bool {
        self.ends
            .iter()
            .any(|end| crate::model::is_within(end, id) || crate::model::is_within(id, end))
    }

    /// The link's direction in words, with pinpoints: "UN Art. 24(1) is a safeguard for UN Art. 28(4)".
    pub fn statement(&self, library: &Library) -> String {
        match &self.kind {
            LinkKind::Crosswalk(relation) => format!(
                "{} {} {}",
                cited_pinpoints(library, &self.sides.revision),
                crosswalk_verb(*relation),
                cited_pinpoints(library, &self.sides.base)
            ),
            LinkKind::User(relation) => user_link_statement(library, relation, &self.ends),
        }
    }
}

/// A user link's direction in words, `ends[0]` being the subject: "UN Art. 24(1) is a safeguard for
/// UN Art. 28(4)". The same sentence where a link is made, listed and exported.
pub fn user_link_statement(
    library: &Library,
    relation: &LinkRelation,
    ends: &[ProvisionId],
) -> String {
    let (subject, object) = match ends.split_first() {
        Some((first, rest)) => (std::slice::from_ref(first), rest),
        None => (&[][..], &[][..]),
    };
    let subject = cited_pinpoints(library, subject);
    let object = cited_pinpoints(library, object);
    match relation {
        LinkRelation::Corresponds => format!("{subject} corresponds to {object}"),
        LinkRelation::SafeguardFor => format!("{subject} is a safeguard for {object}"),
        LinkRelation::Limits => format!("{subject} limits {object}"),
        LinkRelation::Expands => format!("{subject} expands {object}"),
        LinkRelation::Contradicts => format!("{subject} contradicts {object}"),
        LinkRelation::SeeAlso => format!("{subject}: see also {object}"),
        LinkRelation::Custom(label) => format!("{subject} — {label} — {object}"),
    }
}

pub fn crosswalk_verb(relation: Relation) -> &'static str {
    match relation {
        Relation::Equivalent => "is equivalent to",
        Relation::Adapted => "adapts",
        Relation::Broader => "is broader than",
        Relation::Narrower => "is narrower than",
        Relation::Partial => "partly overlaps",
        Relation::Related => "is related to",
    }
}

/// "UN Art. 24(1), Art. 24(2)" — pinpoints grouped by instrument (the two sides first, then in the
/// order named), each group named once by the name it is cited with.
pub fn cited_pinpoints(library: &Library, ids: &[ProvisionId]) -> String {
    let mut prefixes: Vec<&str> = Side::ALL
        .iter()
        .map(|&key| library.treaty(key).instrument.key().as_str())
        .collect();
    for id in ids {
        if !prefixes.contains(&id.instrument()) {
            prefixes.push(id.instrument());
        }
    }
    let mut groups = Vec::new();
    for prefix in prefixes {
        let of_instrument: Vec<&ProvisionId> =
            ids.iter().filter(|id| id.instrument() == prefix).collect();
        if !of_instrument.is_empty() {
            groups.push(format!(
                "{} {}",
                library.cited_name(prefix),
                library.pinpoint_list(&of_instrument)
            ));
        }
    }
    if groups.is_empty() {
        "(nothing)".to_owned()
    } else {
        groups.join(" and ")
    }
}

/// The shipped crosswalk and the links of the visible layers, with pairs in treaty order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkSet {
    entries: Vec<LinkEntry>,
    /// Indices of the pairs (links across the two treaties) in treaty order.
    pairs: Vec<usize>,
    /// Per top-level provision (an ID up to its first `__`: `uncc:art_24`, `bc:preamble`), the entries
    /// with an end inside it, in set order. Two IDs of which one lies within the other share it, so
    /// these are the only entries that can touch a provision: lookups need not try every link (the
    /// badges of every article ask once each).
    by_top: HashMap<String, Vec<usize>>,
    /// Each entry's place in `pairs`; none for a link within one treaty.
    pair_rank: Vec<Option<usize>>,
}

impl LinkSet {
    /// The shipped crosswalk alone.
    pub fn shipped(crosswalk: &Crosswalk, library: &Library) -> LinkSet {
        LinkSet::new(crosswalk, &[], library)
    }

    /// The shipped crosswalk and the links of the visible `layers`.
    pub fn new(crosswalk: &Crosswalk, layers: &[Layer], library: &Library) -> LinkSet {
        let shipped = crosswalk
            .links
            .iter()
            .enumerate()
            .map(|(index, link)| LinkEntry {
                origin: LinkOrigin::Shipped { index },
                ends: link.uncc.iter().chain(&link.bc).cloned().collect(),
                sides: shipped_sides(&link.uncc, &link.bc, library),
                kind: LinkKind::Crosswalk(link.relation),
                theme: Some(link.theme),
                tags: Vec::new(),
                note: link.rationale.clone(),
                evidence: link.evidence.clone(),
                author: String::new(),
            });
        let from_layers = layers
            .iter()
            .filter(|layer| layer.visible)
            .flat_map(|layer| {
                layer.file.links.iter().map(move |link| {
                    let ends: Vec<ProvisionId> =
                        link.ends.iter().map(|end| end.provision.clone()).collect();
                    LinkEntry {
                        origin: LinkOrigin::Layer {
                            layer: layer.id,
                            layer_name: layer.name().to_owned(),
                            link_id: link.id.clone(),
                        },
                        sides: split_by_treaty(&ends, library),
                        ends,
                        kind: LinkKind::User(link.relation.clone()),
                        theme: None,
                        tags: link.tags.clone(),
                        note: link.note.clone(),
                        evidence: link.evidence.clone(),
                        author: link.author.clone(),
                    }
                })
            });
        let entries: Vec<LinkEntry> = shipped
            .chain(from_layers)
            .chain(language_version_pairs(library))
            .collect();
        let pairs = treaty_order(&entries, library);
        let mut by_top: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            for end in &entry.ends {
                let list = by_top.entry(top_level(end).to_owned()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        let mut pair_rank = vec![None; entries.len()];
        for (rank, &index) in pairs.iter().enumerate() {
            if let Some(slot) = pair_rank.get_mut(index) {
                *slot = Some(rank);
            }
        }
        LinkSet {
            entries,
            pairs,
            by_top,
            pair_rank,
        }
    }

    /// The entries that touch `id`, in set order.
    fn touching_entries<'a>(&'a self, id: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.by_top
            .get(top_level(id))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&index| self.entries[index].touches(id))
    }

    pub fn entries(&self) -> &[LinkEntry] {
        &self.entries
    }

    pub fn get(&self, index: usize) -> Option<&LinkEntry> {
        self.entries.get(index)
    }

    /// Pairs (links across the treaties) in treaty order, as indices into [`LinkSet::entries`].
    pub fn pairs(&self) -> &[usize] {
        &self.pairs
    }

    /// Pairs touching the provision `id` (it, its parts or what contains it), in treaty order.
    pub fn pairs_touching(&self, id: &str) -> Vec<usize> {
        let mut ranked: Vec<(usize, usize)> = self
            .touching_entries(id)
            .filter_map(|index| Some((self.pair_rank[index]?, index)))
            .collect();
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, index)| index).collect()
    }

    /// Whether a provision (article or part) has a counterpart: a pair touches it.
    pub fn has_counterpart(&self, id: &str) -> bool {
        self.touching_entries(id)
            .any(|index| self.pair_rank[index].is_some())
    }

    /// Every link touching `id`, pairs and links within one treaty, in set order.
    pub fn touching(&self, id: &str) -> Vec<usize> {
        self.touching_entries(id).collect()
    }

    /// The entry with this origin, if it is still in the set.
    pub fn find(&self, origin: &LinkOrigin) -> Option<usize> {
        self.entries
            .iter()
            .position(|entry| entry.origin == *origin)
    }

    /// The pair with exactly these sides, if any (keeps pair view on a link across rebuilds).
    pub fn find_pair(&self, sides: &PerSide<Vec<ProvisionId>>) -> Option<usize> {
        self.pairs
            .iter()
            .copied()
            .find(|&index| self.entries[index].sides == *sides)
    }

    /// The user's links (not the shipped crosswalk), in set order.
    pub fn user_links(&self) -> impl Iterator<Item = (usize, &LinkEntry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| !entry.origin.is_shipped())
    }
}

/// Where the two sides are language versions of each other, every provision with words (and every
/// article) paired with the provision of the same ID in the other version, in document order: the
/// panes read them provision by provision. None for any other two instruments.
fn language_version_pairs(library: &Library) -> Vec<LinkEntry> {
    let revision = library.treaty(Side::Revision);
    let base = library.treaty(Side::Base);
    if !revision.info.is_version_pair(&base.info) {
        return Vec::new();
    }
    let base_prefix = base.key().as_str();
    revision
        .nodes
        .iter()
        .filter(|node| node.kind == Kind::Article || !node.text.is_empty())
        .filter_map(|node| {
            let (_, path) = node.id.split_once(':')?;
            let other = base.get(&format!("{base_prefix}:{path}"))?;
            let ends = vec![node.id.clone(), other.id.clone()];
            Some(LinkEntry {
                origin: LinkOrigin::LanguageVersion {
                    provision: node.id.clone(),
                },
                sides: PerSide {
                    revision: vec![node.id.clone()],
                    base: vec![other.id.clone()],
                },
                ends,
                kind: LinkKind::Crosswalk(Relation::Equivalent),
                theme: None,
                tags: Vec::new(),
                note: "The same provision in the other language version.".to_owned(),
                evidence: Vec::new(),
                author: String::new(),
            })
        })
        .collect()
}

/// A shipped link's ends on the sides that show their treaties, in the crosswalk's order; a treaty
/// that is on neither side (an imported instrument is shown instead) leaves its side empty, so the
/// link is no pair there.
fn shipped_sides(
    uncc: &[ProvisionId],
    bc: &[ProvisionId],
    library: &Library,
) -> PerSide<Vec<ProvisionId>> {
    PerSide::from_fn(|key| {
        (uncc.iter().chain(bc))
            .filter(|id| library.side_of(id) == Some(key))
            .cloned()
            .collect()
    })
}

/// Ends sorted into the sides that show their instruments, each side in document order.
fn split_by_treaty(ends: &[ProvisionId], library: &Library) -> PerSide<Vec<ProvisionId>> {
    // By the side the library puts each instrument on, so a link between an imported instrument
    // and a treaty is a pair in the library comparing the two.
    PerSide::from_fn(|key| {
        let mut side: Vec<ProvisionId> = ends
            .iter()
            .filter(|id| library.side_of(id) == Some(key))
            .cloned()
            .collect();
        side.sort_by_key(|id| document_position(library, id));
        side.dedup();
        side
    })
}

fn document_position(library: &Library, id: &str) -> usize {
    library.resolve(id).map_or(usize::MAX, |(_, ix)| ix)
}

/// Pairs in treaty order: by the first UN provision, then by the first Budapest one, then as listed.
fn treaty_order(entries: &[LinkEntry], library: &Library) -> Vec<usize> {
    let first = |ids: &[ProvisionId]| {
        ids.first()
            .map_or(usize::MAX, |id| document_position(library, id))
    };
    let mut order: Vec<usize> = (0..entries.len())
        .filter(|&index| entries[index].is_pair())
        .collect();
    order.sort_by_key(|&index| {
        let sides = &entries[index].sides;
        (first(&sides.revision), first(&sides.base), index)
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    #[test]
    fn indexed_lookups_answer_as_a_scan_of_every_link_would() {
        let corpus = Corpus::embedded().expect("embedded data loads");
        let links = corpus.shipped_links();
        let scan = |id: &str| -> Vec<usize> {
            (0..links.entries.len())
                .filter(|&index| links.entries[index].touches(id))
                .collect()
        };
        let mut checked = 0;
        for key in Side::ALL {
            for node in &corpus.library.treaty(key).nodes {
                let id = node.id.as_str();
                let touching = scan(id);
                assert_eq!(links.touching(id), touching, "{id}");
                let pairs: Vec<usize> = links
                    .pairs()
                    .iter()
                    .copied()
                    .filter(|index| touching.contains(index))
                    .collect();
                assert_eq!(links.pairs_touching(id), pairs, "{id}");
                assert_eq!(links.has_counterpart(id), !pairs.is_empty(), "{id}");
                checked += usize::from(!touching.is_empty());
            }
        }
        assert!(checked > 500, "only {checked} provisions touched by a link");
    }
}
