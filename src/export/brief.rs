//! Briefs: questions of layers as a [`Comparison`] the printers know — a title page, a summary table
//! (each question with the UN and the Budapest answer in one line), then per question its answers
//! with their citations, what neither treaty provides, the views it reports, its evidence, the cited
//! provisions compared side by side (one [`PairSection`] per crosswalk link it draws on, or its
//! citations compared when it names no link) and the notes it draws on.

use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

use super::{Comparison, NoteView, Options, PairSection, evidence_views, pair_section, sources};
use crate::annotations::question::{Question, Source, crosswalk_link};
use crate::annotations::{Layer, LinkRelation, Resolutions};
use crate::corpus::Corpus;
use crate::links::{LinkEntry, LinkKind, LinkOrigin, LinkSet};
use crate::model::{Library, PerSide, ProvisionId, Side};

/// A provision a question cites: its pinpoint (with the treaty) and its full text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CitedView {
    pub id: String,
    /// "UN Art. 24(1)" / "Budapest Art. 15(1)".
    pub pinpoint: String,
    pub text: String,
    /// Numbered through the question (1, 2, …): the footnote or link number of the citation.
    pub number: usize,
}

/// A crosswalk link a question draws on, as a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkRefView {
    pub statement: String,
    pub relation: String,
    pub rationale: String,
}

/// A note a question draws on (a safeguard or commentary note, or one of the user's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteRefView {
    pub id: String,
    pub layer: String,
    pub pinpoint: String,
    pub note: String,
}

impl LinkRefView {
    /// The link as plain text, as the printers without markup (DOCX, PDF) list it.
    pub fn plain(&self) -> String {
        format!("{} ({}). {}", self.statement, self.relation, self.rationale)
    }
}

impl NoteRefView {
    /// The note as plain text, as the printers without markup (DOCX, PDF) list it.
    pub fn plain(&self) -> String {
        format!(
            "{} ({}, {}): {}",
            self.id, self.layer, self.pinpoint, self.note
        )
    }
}

/// One question of a brief, resolved against the texts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionPart {
    pub id: String,
    /// The HTML/PDF anchor of the question's heading.
    pub anchor: String,
    /// The layer the question is kept in.
    pub layer: String,
    pub title: String,
    pub question: String,
    pub answers: PerSide<String>,
    /// Each answer in one line (its first sentence), for the summary table.
    pub summary: PerSide<String>,
    pub absent: Vec<String>,
    pub cites: PerSide<Vec<CitedView>>,
    pub links: Vec<LinkRefView>,
    pub notes: Vec<NoteRefView>,
    pub sources: Vec<Source>,
    pub evidence: Vec<super::EvidenceView>,
    /// The comparison's sections that compare its cited provisions.
    pub sections: Range<usize>,
}

impl QuestionPart {
    /// The citations of both treaties in order, UN first.
    pub fn all_cites(&self) -> impl Iterator<Item = &CitedView> {
        self.cites.revision.iter().chain(&self.cites.base)
    }

    /// "Q3. Grounds for refusing assistance".
    pub fn heading(&self, number: usize) -> String {
        format!("Q{number}. {}", self.title)
    }
}

/// What makes a comparison a brief.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BriefPart {
    pub questions: Vec<QuestionPart>,
}

/// A question ID no layer holds.
#[derive(Debug, Error, PartialEq, Eq)]
#[error(
    "no question {0} in the shipped questions or the given layers (see `crosswalk questions list`)"
)]
pub struct UnknownQuestion(pub String);

/// The questions of `layers` with their layer's name, in layer then file order.
pub fn questions_of<'a>(layers: &[&'a Layer]) -> Vec<(&'a str, &'a Question)> {
    layers
        .iter()
        .flat_map(|layer| layer.file.questions.iter().map(|q| (layer.name(), q)))
        .collect()
}

/// The questions chosen by ID (all when `ids` is empty), in the order asked for.
pub fn choose<'a>(
    layers: &[&'a Layer],
    ids: &[String],
) -> Result<Vec<(&'a str, &'a Question)>, UnknownQuestion> {
    let all = questions_of(layers);
    if ids.is_empty() {
        return Ok(all);
    }
    ids.iter()
        .map(|id| {
            all.iter()
                .find(|(_, q)| q.id == *id)
                .copied()
                .ok_or_else(|| UnknownQuestion(id.clone()))
        })
        .collect()
}

/// A question resolved against the texts: pinpoints, cited texts, link sentences and the notes of
/// `note_layers` it names.
pub fn question_part(
    corpus: &Corpus,
    layer: &str,
    question: &Question,
    note_layers: &[&Layer],
) -> QuestionPart {
    let library = &corpus.library;
    let mut number = 0;
    let cites = question.cites.as_ref().map(|_, ids| {
        ids.iter()
            .map(|id| {
                number += 1;
                cited_view(library, id, number)
            })
            .collect()
    });
    let links = question
        .links
        .iter()
        .filter_map(|link| crosswalk_link(&corpus.crosswalk, link))
        .filter_map(|index| corpus.crosswalk.links.get(index))
        .map(|link| LinkRefView {
            statement: format!(
                "{} {} {}",
                crate::links::cited_pinpoints(library, &link.uncc),
                crate::links::crosswalk_verb(link.relation),
                crate::links::cited_pinpoints(library, &link.bc)
            ),
            relation: link.relation.to_string(),
            rationale: link.rationale.clone(),
        })
        .collect();
    QuestionPart {
        id: question.id.clone(),
        anchor: format!("question-{}", anchor_safe(&question.id)),
        layer: layer.to_owned(),
        title: question.title.clone(),
        question: question.question.clone(),
        answers: question.answers.clone(),
        summary: PerSide::from_fn(|key| question.answer_in_one_line(key)),
        absent: question.absent.clone(),
        cites,
        links,
        notes: note_refs(library, &question.notes, note_layers),
        sources: question.sources.clone(),
        evidence: evidence_views(library, &question.evidence),
        sections: 0..0,
    }
}

fn cited_view(library: &Library, id: &ProvisionId, number: usize) -> CitedView {
    CitedView {
        id: id.to_string(),
        pinpoint: crate::links::cited_pinpoints(library, std::slice::from_ref(id)),
        text: library
            .resolve(id.as_str())
            .map(|(key, ix)| library.treaty(key).full_text(ix))
            .unwrap_or_else(|| "(not in the texts)".to_owned()),
        number,
    }
}

/// An ID as an HTML anchor: letters, digits, `-` and `_` kept, anything else `-`.
fn anchor_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The notes and links named by `ids`, found in `layers` (the first layer holding each); an ID found
/// in none is listed as such, so nothing the question names is dropped.
fn note_refs(library: &Library, ids: &[String], layers: &[&Layer]) -> Vec<NoteRefView> {
    ids.iter()
        .map(|id| {
            let found = layers.iter().find_map(|layer| {
                let note = layer.file.annotations.iter().find(|a| a.id == *id);
                let from_note = note.map(|a| {
                    let pinpoint = crate::links::cited_pinpoints(
                        library,
                        std::slice::from_ref(&a.anchor.provision),
                    );
                    (pinpoint, a.note.clone())
                });
                let from_link = || {
                    let link = layer.file.links.iter().find(|l| l.id == *id)?;
                    let ends: Vec<ProvisionId> =
                        link.ends.iter().map(|end| end.provision.clone()).collect();
                    let statement =
                        crate::links::user_link_statement(library, &link.relation, &ends);
                    Some((crate::links::cited_pinpoints(library, &ends), {
                        if link.note.is_empty() {
                            format!("{statement}.")
                        } else {
                            format!("{statement}. {}", link.note)
                        }
                    }))
                };
                from_note
                    .or_else(from_link)
                    .map(|(pinpoint, note)| (layer.name().to_owned(), pinpoint, note))
            });
            let (layer, pinpoint, note) = found.unwrap_or_else(|| {
                (
                    String::new(),
                    String::new(),
                    "(not in the layers exported)".to_owned(),
                )
            });
            NoteRefView {
                id: id.clone(),
                layer,
                pinpoint,
                note,
            }
        })
        .collect()
}

/// The pairs that compare a question's cited provisions: the crosswalk links it draws on, or, when it
/// names none, its citations of both treaties compared as one pair (a question citing one treaty only
/// gets none).
fn comparison_links(
    corpus: &Corpus,
    question: &Question,
    links: &LinkSet,
) -> Vec<(usize, LinkEntry)> {
    let mut chosen: Vec<(usize, LinkEntry)> = Vec::new();
    for reference in &question.links {
        let Some(index) = crosswalk_link(&corpus.crosswalk, reference) else {
            continue;
        };
        let origin = LinkOrigin::Shipped { index };
        let Some(at) = links.find(&origin) else {
            continue;
        };
        if chosen.iter().all(|(seen, _)| *seen != at) {
            chosen.push((at, links.entries()[at].clone()));
        }
    }
    let sides = question.cites.clone();
    if chosen.is_empty() && !sides.revision.is_empty() && !sides.base.is_empty() {
        let ends = sides.revision.iter().chain(&sides.base).cloned().collect();
        chosen.push((
            links.entries().len(),
            LinkEntry {
                origin: LinkOrigin::Question {
                    question_id: question.id.clone(),
                },
                ends,
                sides,
                kind: LinkKind::User(LinkRelation::Custom("cited with".to_owned())),
                theme: None,
                tags: Vec::new(),
                note: String::new(),
                evidence: Vec::new(),
                author: String::new(),
            },
        ));
    }
    chosen
}

/// The brief of the questions chosen from `question_layers` (all when `ids` is empty): each question's
/// pairs with the notes of `note_layers` on them, numbered through the brief.
pub fn build(
    corpus: &Corpus,
    ids: &[String],
    options: &Options,
    question_layers: &[&Layer],
    note_layers: &[&Layer],
) -> Result<Comparison, UnknownQuestion> {
    let library = &corpus.library;
    let chosen = choose(question_layers, ids)?;
    let owned: Vec<Layer> = note_layers.iter().map(|layer| (*layer).clone()).collect();
    let links = LinkSet::new(&corpus.crosswalk, &owned, library);
    let resolutions = Resolutions::of_layers(note_layers.iter().copied(), library);
    let mut note_number = 0;
    let mut sections: Vec<PairSection> = Vec::new();
    let mut questions = Vec::new();
    for (layer, question) in chosen {
        let mut part = question_part(corpus, layer, question, note_layers);
        let start = sections.len();
        for (index, link) in comparison_links(corpus, question, &links) {
            let notes: Vec<NoteView> = super::notes_on_pair(
                library,
                &link,
                note_layers,
                &resolutions,
                &links,
                &mut note_number,
            );
            let mut section = pair_section(corpus, index, &link, options, notes);
            section.anchor = format!("{}-{}", part.anchor, section.anchor);
            if section.origin.starts_with("Your link") {
                section.origin = format!("The provisions “{}” cites", question.title);
            }
            sections.push(section);
        }
        part.sections = start..sections.len();
        questions.push(part);
    }
    let count = questions.len();
    Ok(Comparison {
        title: "Brief: the questions presented under the UN Convention against Cybercrime and the Budapest Convention".to_owned(),
        selection: if ids.is_empty() {
            format!("all {count} questions")
        } else {
            let titles: Vec<String> = questions.iter().map(|q| format!("“{}”", q.title)).collect();
            format!("questions {}", titles.join(", "))
        },
        sides: super::SideNames::default(),
        sources: sources(library),
        date: options.date.clone(),
        terms: options.terms,
        full_text: options.full_text,
        sections,
        matrix: Vec::new(),
        appendix: Vec::new(),
        layers: note_layers.iter().map(|l| l.name().to_owned()).collect(),
        handout: None,
        brief: Some(BriefPart { questions }),
    })
}

/// The brief of `ids` (all when empty) from the shipped questions and those of `layers`; the notes of
/// the shipped safeguards and commentary layers and of `layers` are placed on the pairs and looked
/// up for the notes a question draws on.
pub fn for_layers(
    corpus: &Corpus,
    ids: &[String],
    options: &Options,
    layers: &[&Layer],
) -> Result<Comparison, UnknownQuestion> {
    // The window passes its open layers, the shipped ones among them: each is read once.
    let shipped_questions = crate::annotations::questions_layer()
        .ok()
        .filter(|shipped| layers.iter().all(|layer| layer.name() != shipped.name()));
    let shipped_notes: Vec<Layer> = [
        crate::annotations::safeguards_layer(),
        crate::annotations::commentary_layer(),
    ]
    .into_iter()
    .filter_map(Result::ok)
    .filter(|shipped| layers.iter().all(|layer| layer.name() != shipped.name()))
    .collect();
    let question_layers: Vec<&Layer> = shipped_questions
        .iter()
        .chain(layers.iter().copied())
        .collect();
    let note_layers: Vec<&Layer> = shipped_notes.iter().chain(layers.iter().copied()).collect();
    build(corpus, ids, options, &question_layers, &note_layers)
}

/// The side of a citation, for printers that label them.
pub fn treaty_label(key: Side) -> &'static str {
    match key {
        Side::Revision => "UN Convention",
        Side::Base => "Budapest Convention",
    }
}
