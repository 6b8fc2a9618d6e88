//! A stop resolved against the texts and the link set: what presentation mode puts on the screen and
//! what a handout prints. One model, several printers (the command line's text and JSON are two).

use serde::Serialize;

use super::{Lesson, Stop};
use crate::corpus::Corpus;
use crate::crosswalk::Evidence;
use crate::links::{LinkEntry, LinkSet, cited_pinpoints};
use crate::model::{Library, PerSide, ProvisionId};
use crate::quote::{self, QuotePlace};

/// Where a stop's companions come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WithSource {
    /// Listed in the stop's `with`.
    Listed,
    /// Left out of the file: the provision's linked counterparts in the link set.
    Linked,
}

/// A provision on the screen at a stop.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShownProvision {
    pub id: ProvisionId,
    /// "UN Art. 28(4)", "Budapest Art. 19(4)"; the ID itself when it is unknown.
    pub pinpoint: String,
    /// Where it sits: "Article 28 – Search and seizure of stored electronic data", "Preamble".
    pub title: String,
    /// The exact text with everything inside it, one line per node, as `crosswalk show` prints it.
    pub text: String,
}

/// A link between the stop's provision and what it is shown with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StopLink {
    /// Index into [`LinkSet::entries`], for the window to step to the pair.
    #[serde(skip)]
    pub entry: usize,
    pub sides: PerSide<Vec<ProvisionId>>,
    /// "Adapted", "Broader", "SafeguardFor", …
    pub relation: String,
    pub theme: Option<String>,
    /// "UN Art. 28 adapts Budapest Art. 19"
    pub statement: String,
    /// The rationale of a shipped link, the note of a user's link.
    pub rationale: String,
    pub evidence: Vec<Evidence>,
    /// "shipped crosswalk" or "layer “…”".
    pub origin: String,
}

/// Why a shown provision has no counterpart in the other treaty (from the shipped crosswalk).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unmatched {
    pub id: ProvisionId,
    pub reason: String,
}

/// A highlight and where its words are.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HighlightView {
    pub provision: ProvisionId,
    pub pinpoint: String,
    pub quote: String,
    /// The parts of the quote in each node's own text; empty when the quote is not found (an error that
    /// `crosswalk lesson check` reports).
    pub places: Vec<QuotePlace>,
}

/// One stop, resolved: the provisions per treaty, the links between them, the note, the question and
/// the highlights.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StopView {
    /// 1-based, for "Stop 3 of 8".
    pub number: usize,
    pub of: usize,
    pub provision: ProvisionId,
    /// The companions actually shown: the listed ones, or the linked counterparts.
    pub with: Vec<ProvisionId>,
    pub with_source: WithSource,
    /// Cited pinpoints of the provision, then of each companion: ["UN Art. 28(4)", "Budapest Art. 19(4)"].
    pub pinpoints: Vec<String>,
    /// The stop's title, pinpoints grouped by treaty: "UN Art. 9, Art. 10 and Budapest Art. 4, Art. 5".
    pub heading: String,
    /// What is on the screen, per treaty, in document order (UN first): the two panes, and the sides to
    /// compare (`Comparisons::provisions` over [`StopView::ids`]).
    pub sides: PerSide<Vec<ShownProvision>>,
    pub links: Vec<StopLink>,
    pub unmatched: Vec<Unmatched>,
    pub note: String,
    pub question: String,
    pub highlights: Vec<HighlightView>,
}

impl StopView {
    /// Every shown provision's ID, UN side first: what to diff.
    pub fn ids(&self) -> Vec<ProvisionId> {
        self.sides
            .iter()
            .flat_map(|(_, side)| side.iter().map(|shown| shown.id.clone()))
            .collect()
    }
}

/// The linked counterparts of `id` in the other treaty: the other side of every pair touching it, in
/// treaty order, each once.
pub fn counterparts(links: &LinkSet, id: &ProvisionId) -> Vec<ProvisionId> {
    let Some(other) = id.shipped_side().map(crate::model::Side::other) else {
        return Vec::new();
    };
    let mut found: Vec<ProvisionId> = Vec::new();
    for index in links.pairs_touching(id) {
        let Some(entry) = links.get(index) else {
            continue;
        };
        for counterpart in &entry.sides[other] {
            if !found.contains(counterpart) {
                found.push(counterpart.clone());
            }
        }
    }
    found
}

fn cited(library: &Library, id: &ProvisionId) -> String {
    cited_pinpoints(library, std::slice::from_ref(id))
}

fn shown(library: &Library, id: &ProvisionId) -> ShownProvision {
    let resolved = library.resolve(id);
    let (title, text) = resolved.map_or_else(Default::default, |(key, ix)| {
        let treaty = library.treaty(key);
        (treaty.context_title(ix), treaty.full_text(ix))
    });
    ShownProvision {
        id: id.clone(),
        pinpoint: cited(library, id),
        title,
        text,
    }
}

impl Lesson {
    /// Stop `index` (0-based) resolved against the texts and `links` (the shipped crosswalk and the
    /// visible layers' links, as the window has them; [`Corpus::shipped_links`] for the shipped ones
    /// alone). `None` when there is no such stop.
    pub fn stop_view(&self, corpus: &Corpus, links: &LinkSet, index: usize) -> Option<StopView> {
        let stop = self.stops.get(index)?;
        Some(resolve_stop(stop, index, self.stops.len(), corpus, links))
    }

    /// Every stop resolved, in order.
    pub fn views(&self, corpus: &Corpus, links: &LinkSet) -> Vec<StopView> {
        (0..self.stops.len())
            .filter_map(|index| self.stop_view(corpus, links, index))
            .collect()
    }
}

fn resolve_stop(
    stop: &Stop,
    index: usize,
    of: usize,
    corpus: &Corpus,
    links: &LinkSet,
) -> StopView {
    let library = &corpus.library;
    let (with, with_source) = match &stop.with {
        Some(with) => (with.clone(), WithSource::Listed),
        None => (counterparts(links, &stop.provision), WithSource::Linked),
    };
    let on_screen: Vec<&ProvisionId> = std::iter::once(&stop.provision).chain(&with).collect();
    let pinpoints = on_screen.iter().map(|id| cited(library, id)).collect();
    let mut ordered: Vec<ProvisionId> = on_screen.iter().map(|id| (*id).clone()).collect();
    ordered.sort_by_key(|id| {
        (
            id.shipped_side(),
            library.resolve(id).map_or(usize::MAX, |(_, ix)| ix),
        )
    });
    ordered.dedup();
    let heading = cited_pinpoints(library, &ordered);
    let sides = PerSide::from_fn(|key| {
        let mut ids: Vec<&ProvisionId> = on_screen
            .iter()
            .copied()
            .filter(|id| id.shipped_side() == Some(key))
            .collect();
        ids.sort_by_key(|id| library.resolve(id).map_or(usize::MAX, |(_, ix)| ix));
        ids.dedup();
        ids.into_iter().map(|id| shown(library, id)).collect()
    });
    // The links that join two things on the screen: the stop's provision and a companion, or two
    // companions (a stop on UN Arts 9 and 10 with Budapest Arts 4 and 5 shows both pairs).
    let joins_two_on_screen = |entry: &LinkEntry| {
        let touched: Vec<&&ProvisionId> = on_screen.iter().filter(|id| entry.touches(id)).collect();
        touched
            .iter()
            .enumerate()
            .any(|(i, a)| touched[i + 1..].iter().any(|b| !a.overlaps(b)))
    };
    let stop_links = (0..links.entries().len())
        .filter_map(|entry_index| {
            let entry = links.get(entry_index)?;
            joins_two_on_screen(entry).then(|| StopLink {
                entry: entry_index,
                sides: entry.sides.clone(),
                relation: entry.kind.to_string(),
                theme: entry.theme.map(|theme| theme.to_string()),
                statement: entry.statement(library),
                rationale: entry.note.clone(),
                evidence: entry.evidence.clone(),
                origin: entry.origin.describe(),
            })
        })
        .collect();
    let unmatched = on_screen
        .iter()
        .filter_map(|id| {
            let entry = corpus.crosswalk.unmatched_reason(id)?;
            Some(Unmatched {
                id: entry.id.clone(),
                reason: entry.reason.clone(),
            })
        })
        .collect();
    let highlights = stop
        .highlights
        .iter()
        .map(|highlight| HighlightView {
            provision: highlight.provision.clone(),
            pinpoint: cited(library, &highlight.provision),
            quote: highlight.quote.clone(),
            places: quote::locate(library, &highlight.provision, &highlight.quote)
                .unwrap_or_default(),
        })
        .collect();
    StopView {
        number: index + 1,
        of,
        provision: stop.provision.clone(),
        with,
        with_source,
        pinpoints,
        heading,
        sides,
        links: stop_links,
        unmatched,
        note: stop.note.clone(),
        question: stop.question.clone(),
        highlights,
    }
}
