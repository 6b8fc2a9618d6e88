//! Handouts: a lesson as a [`Comparison`] the printers know — one section per stop with its texts
//! compared and marked, the teacher's highlights as numbered notes on their words, and a [`StopPart`]
//! with the question (printed with space to answer) and, in the teacher's edition, the teacher's note.
//! Students get neither the teacher's notes nor the links' rationales and evidence, which often
//! answer the question.

use serde::Serialize;

use super::{
    Comparison, NoteKind, NoteView, Options, PairSection, chapter_of, evidence_views,
    pinpoints_and_headings, row_views, sources,
};
use crate::corpus::Corpus;
use crate::lesson::{Lesson, StopView};
use crate::links::LinkSet;
use crate::model::{Library, PerSide, ProvisionId, Side};

/// What makes a comparison a handout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HandoutPart {
    /// The teacher's edition (notes, rationales, evidence), or the students'.
    pub teacher: bool,
    /// Who the lesson is for.
    pub audience: String,
}

impl HandoutPart {
    /// "Student handout" / "Teacher's edition".
    pub fn edition(&self) -> &'static str {
        if self.teacher {
            "Teacher's edition (with the teacher's notes, and the rationale and evidence of each link)"
        } else {
            "Student handout"
        }
    }
}

/// A lesson's stop on a handout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StopPart {
    /// 1-based, and the number of stops.
    pub number: usize,
    pub of: usize,
    /// The question for the class, printed with space to answer.
    pub question: String,
    /// The teacher's note, in the teacher's edition only.
    pub teacher_note: Option<String>,
}

/// How many ruled lines are left to answer a question.
pub const ANSWER_LINES: usize = 6;

/// The handout of `lesson`: its stops resolved against the texts and `links` (the shipped crosswalk,
/// or with the layers' links as the window has them).
pub fn build(
    corpus: &Corpus,
    lesson: &Lesson,
    links: &LinkSet,
    options: &Options,
    teacher: bool,
) -> Comparison {
    let library = &corpus.library;
    let mut note_number = 0;
    let sections = lesson
        .views(corpus, links)
        .iter()
        .map(|view| stop_section(corpus, view, options, teacher, &mut note_number))
        .collect();
    let title = match lesson.title.trim() {
        "" => "Lesson".to_owned(),
        title => title.to_owned(),
    };
    let handout = HandoutPart {
        teacher,
        audience: lesson.audience.trim().to_owned(),
    };
    Comparison {
        selection: format!("lesson “{title}”, {}", handout.edition().to_lowercase()),
        title,
        sides: super::SideNames::default(),
        sources: sources(library),
        date: options.date.clone(),
        terms: options.terms,
        full_text: true,
        sections,
        matrix: Vec::new(),
        appendix: Vec::new(),
        layers: Vec::new(),
        handout: Some(handout),
        brief: None,
    }
}

fn stop_section(
    corpus: &Corpus,
    view: &StopView,
    options: &Options,
    teacher: bool,
    note_number: &mut usize,
) -> PairSection {
    let library = &corpus.library;
    let sides: PerSide<Vec<ProvisionId>> = PerSide::from_fn(|key| {
        view.sides[key]
            .iter()
            .map(|shown| shown.id.clone())
            .collect()
    });
    let diffs = corpus.comparisons.both(library, &sides);
    let (uncc_pinpoints, uncc_headings) = pinpoints_and_headings(library, &sides.revision);
    let (bc_pinpoints, bc_headings) = pinpoints_and_headings(library, &sides.base);
    let (statement, relation) = statement_and_relation(library, view, &sides);
    let (rationale, evidence) = if teacher {
        (
            joined(
                view.links.iter().map(|l| l.rationale.clone()).collect(),
                "\n\n",
            ),
            view.links
                .iter()
                .flat_map(|l| evidence_views(library, &l.evidence))
                .collect(),
        )
    } else {
        (String::new(), Vec::new())
    };
    PairSection {
        anchor: format!("stop-{}", view.number),
        uncc_ids: sides.revision.iter().map(ToString::to_string).collect(),
        bc_ids: sides.base.iter().map(ToString::to_string).collect(),
        uncc_pinpoints,
        bc_pinpoints,
        uncc_headings,
        bc_headings,
        relation,
        theme: joined(
            view.links.iter().filter_map(|l| l.theme.clone()).collect(),
            ", ",
        ),
        chapter: chapter_of(library, view.ids().first()),
        statement,
        origin: String::new(),
        rationale,
        evidence,
        similarity: diffs.plain.similarity(),
        similarity_terms: diffs.terms.similarity(),
        rows: row_views(library, diffs.mode(options.terms), true),
        notes: highlight_notes(library, view, note_number),
        see_also: Vec::new(),
        stop: Some(StopPart {
            number: view.number,
            of: view.of,
            question: view.question.clone(),
            teacher_note: teacher
                .then(|| view.note.clone())
                .filter(|note| !note.trim().is_empty()),
        }),
        only_in: one_sided(&sides),
        side_by_side: false,
        references: Vec::new(),
        names: super::SideNames::default(),
    }
}

/// The non-empty parts, each once, in order, joined.
fn joined(parts: Vec<String>, separator: &str) -> String {
    let mut unique: Vec<String> = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if !unique.contains(&part) {
            unique.push(part);
        }
    }
    unique.join(separator)
}

/// What a stop's links say ("UN Art. 7 adapts Budapest Art. 2."), or why its provisions have no
/// counterpart; and the links' relations, or the treaty a one-sided stop shows.
fn statement_and_relation(
    library: &Library,
    view: &StopView,
    sides: &PerSide<Vec<ProvisionId>>,
) -> (String, String) {
    let statement = if view.links.is_empty() {
        joined(
            view.unmatched
                .iter()
                .map(|u| {
                    let cited = crate::links::cited_pinpoints(library, std::slice::from_ref(&u.id));
                    format!("No counterpart for {cited}: {}", u.reason)
                })
                .collect(),
            " ",
        )
    } else {
        joined(
            view.links
                .iter()
                .map(|l| format!("{}.", l.statement))
                .collect(),
            " ",
        )
    };
    let relation = match joined(
        view.links.iter().map(|l| l.relation.clone()).collect(),
        ", ",
    ) {
        relation if relation.is_empty() => match one_sided(sides) {
            Some(only) => format!("Only in the {}", super::long_name(only)),
            None => "no link".to_owned(),
        },
        relation => relation,
    };
    (statement, relation)
}

/// The treaty a stop shows alone, when it shows provisions of one treaty only.
fn one_sided(sides: &PerSide<Vec<ProvisionId>>) -> Option<Side> {
    match (sides.revision.is_empty(), sides.base.is_empty()) {
        (false, true) => Some(Side::Revision),
        (true, false) => Some(Side::Base),
        _ => None,
    }
}

/// The stop's highlights as notes on their words (one per node a quote runs through), so every printer
/// marks them where it marks noted words.
fn highlight_notes(library: &Library, view: &StopView, number: &mut usize) -> Vec<NoteView> {
    let mut notes = Vec::new();
    for highlight in &view.highlights {
        for place in &highlight.places {
            let Some(text) = library.get(&place.node).map(|node| node.text.as_str()) else {
                continue;
            };
            let Some(quote) = text.get(place.range.clone()) else {
                continue;
            };
            let chars = |byte: usize| text.get(..byte).map(|before| before.chars().count());
            *number += 1;
            notes.push(NoteView {
                number: *number,
                kind: NoteKind::Annotation,
                id: format!("highlight-{number}"),
                layer: "Lesson".to_owned(),
                layer_index: None,
                provision: place.node.to_string(),
                pinpoint: crate::links::cited_pinpoints(library, std::slice::from_ref(&place.node)),
                quote: quote.to_owned(),
                prefix: String::new(),
                suffix: String::new(),
                range: Some(place.range.clone()),
                start: chars(place.range.start),
                end: chars(place.range.end),
                placed: None,
                whole_provision: false,
                note: "Highlighted for this stop.".to_owned(),
                relation: String::new(),
                ends: Vec::new(),
                tags: Vec::new(),
                author: String::new(),
                created: String::new(),
                updated: String::new(),
                color: None,
                color_name: None,
                replies: Vec::new(),
                evidence: Vec::new(),
                orphan: false,
            });
        }
    }
    notes
}
