//! Machine-readable exports.
//!
//! - `json`: the whole [`Comparison`] as the printers see it — pairs with relation, statement, origin,
//!   rationale and evidence; aligned rows with their marked segments; notes with their anchors
//!   (provision, quote, prefix, suffix, offsets), replies and evidence; the appendix and the matrix;
//!   a brief's questions (`brief`). Field names are those of the Rust types; `format` and `version`
//!   say what the file is. Every offset counts Unicode code points, as the W3C export's position
//!   selectors do.
//! - `w3c`: the notes as a W3C Web Annotation collection (JSON-LD) that annotation tools such as
//!   Hypothesis read: the target's source is the provision ID, selected by a `TextQuoteSelector`
//!   (exact words with prefix and suffix) and a `TextPositionSelector` (code-point offsets in the
//!   provision's text, as the Web Annotation model counts them); replies are annotations with the
//!   motivation `replying` whose target is the note. A brief's questions come first, each an
//!   annotation motivated by `questioning` whose bodies are the question and both answers and whose
//!   targets are the cited provisions and the evidence quotes.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Comparison, NoteKind, NoteView};

/// The version of the `json` export's layout; raised when a field changes meaning or goes away.
/// Version 2: every offset counts Unicode code points (rows' `uncc_start`/`bc_start`, redline
/// segments' `start`, notes' `start`/`end`), and a note's `prefix`/`suffix` are the context where
/// it is placed today.
pub const JSON_VERSION: u32 = 2;

pub fn render(comparison: &Comparison) -> String {
    let mut value = json!({ "format": "crosswalk-comparison", "version": JSON_VERSION });
    if let (Some(object), Ok(Value::Object(fields))) =
        (value.as_object_mut(), serde_json::to_value(comparison))
    {
        object.extend(fields);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Every note of the comparison once (a note on an article touched by several pairs is listed with
/// each of them), in order.
fn distinct_notes(comparison: &Comparison) -> Vec<&NoteView> {
    let mut seen = BTreeSet::new();
    comparison
        .sections
        .iter()
        .flat_map(|section| &section.notes)
        .chain(&comparison.appendix)
        .filter(|note| {
            note.id.is_empty()
                || seen.insert((
                    note.kind,
                    note.layer_index,
                    note.layer.clone(),
                    note.id.clone(),
                ))
        })
        .collect()
}

/// The IRI of a note: a URN of the layer and the note's ID (or its number when it has none). Layers
/// that share a name are told apart by their place among the exported layers (`Notes-2`), so no
/// two notes share an IRI.
fn note_iri(note: &NoteView, shared_names: &BTreeSet<String>) -> String {
    let mut layer: String = note
        .layer
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    if let Some(index) = note
        .layer_index
        .filter(|_| shared_names.contains(&note.layer))
    {
        layer = format!("{layer}-{}", index + 1);
    }
    let kind = match note.kind {
        NoteKind::Annotation => "annotation",
        NoteKind::Link => "link",
    };
    if note.id.is_empty() {
        format!("urn:crosswalk:{layer}:{kind}:note-{}", note.number)
    } else {
        format!("urn:crosswalk:{layer}:{kind}:{}", note.id)
    }
}

fn creator(name: &str) -> Option<Value> {
    (!name.is_empty()).then(|| json!({ "type": "Person", "name": name }))
}

fn text_body(value: &str, purpose: &str) -> Value {
    let mut body = json!({
        "type": "TextualBody",
        "value": super::normalised_lines(value).join("\n"),
        "format": "text/plain",
        "purpose": purpose,
    });
    if let Some(lang) = super::guess_lang(value) {
        body["language"] = json!(lang);
    }
    body
}

fn w3c_annotation(note: &NoteView, shared_names: &BTreeSet<String>) -> Vec<Value> {
    let id = note_iri(note, shared_names);
    let mut bodies = vec![text_body(&note.note, "commenting")];
    bodies.extend(note.tags.iter().map(|tag| text_body(tag, "tagging")));
    if note.orphan {
        // An orphan's words were not found in today's text: its selectors give what it recorded.
        bodies.push(text_body("orphan", "tagging"));
    }
    let target = match note.kind {
        NoteKind::Link => Value::Array(note.ends.iter().map(|end| json!(end)).collect()),
        NoteKind::Annotation if note.whole_provision => json!(note.provision),
        NoteKind::Annotation => {
            // The words where the note is placed today, so both selectors agree; an orphan keeps
            // the words it recorded.
            let (exact, prefix, suffix) = match &note.placed {
                Some(placed) => (&placed.quote, &placed.prefix, &placed.suffix),
                None => (&note.quote, &note.prefix, &note.suffix),
            };
            let mut selectors = vec![json!({
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": prefix,
                "suffix": suffix,
            })];
            if let (Some(start), Some(end)) = (note.start, note.end) {
                selectors
                    .push(json!({ "type": "TextPositionSelector", "start": start, "end": end }));
            }
            json!({ "source": note.provision, "selector": selectors })
        }
    };
    let mut annotation = json!({
        "id": id,
        "type": "Annotation",
        "motivation": if note.kind == NoteKind::Link { "linking" } else { "commenting" },
        "body": bodies,
        "target": target,
    });
    if let Some(creator) = creator(&note.author) {
        annotation["creator"] = creator;
    }
    if !note.created.is_empty() {
        annotation["created"] = json!(note.created);
    }
    if !note.updated.is_empty() {
        annotation["modified"] = json!(note.updated);
    }
    let mut out = vec![annotation];
    for (index, reply) in note.replies.iter().enumerate() {
        let mut value = json!({
            "id": format!("{id}:reply-{}", index + 1),
            "type": "Annotation",
            "motivation": "replying",
            "body": text_body(&reply.note, "replying"),
            "target": id,
        });
        if let Some(creator) = creator(&reply.author) {
            value["creator"] = creator;
        }
        if !reply.created.is_empty() {
            value["created"] = json!(reply.created);
        }
        out.push(value);
    }
    out
}

/// A question of a brief as an annotation: motivated by `questioning`, the question, both answers
/// (`describing`), the findings of absence and the views reported as its bodies; its targets are the
/// cited provisions and, selected by their words, the evidence quotes.
fn w3c_question(question: &super::brief::QuestionPart) -> Value {
    let mut bodies = vec![text_body(&question.question, "questioning")];
    for key in crate::model::Side::ALL {
        bodies.push(text_body(
            &format!(
                "{}: {}",
                super::brief::treaty_label(key),
                question.answers[key]
            ),
            "describing",
        ));
    }
    let cited: Vec<String> = question
        .all_cites()
        .map(|c| format!("[{}] {} ({})", c.number, c.pinpoint, c.id))
        .collect();
    bodies.push(text_body(
        &format!("Cited: {}", cited.join("; ")),
        "describing",
    ));
    bodies.extend(
        question
            .absent
            .iter()
            .map(|a| text_body(&format!("In neither treaty: {a}"), "describing")),
    );
    bodies.extend(
        question
            .sources
            .iter()
            .map(|s| text_body(&format!("{} ({})", s.view, s.source), "commenting")),
    );
    let mut targets: Vec<Value> = question.all_cites().map(|c| json!(c.id)).collect();
    targets.extend(question.evidence.iter().map(|e| {
        json!({
            "source": e.provision,
            "selector": { "type": "TextQuoteSelector", "exact": e.quote },
        })
    }));
    json!({
        "id": format!("urn:crosswalk:question:{}", question.id),
        "type": "Annotation",
        "motivation": "questioning",
        "label": question.title,
        "body": bodies,
        "target": targets,
    })
}

pub fn render_w3c(comparison: &Comparison) -> String {
    let notes = distinct_notes(comparison);
    let mut layers_of_name: std::collections::BTreeMap<&str, BTreeSet<Option<usize>>> =
        std::collections::BTreeMap::new();
    for note in &notes {
        layers_of_name
            .entry(&note.layer)
            .or_default()
            .insert(note.layer_index);
    }
    let shared_names: BTreeSet<String> = layers_of_name
        .into_iter()
        .filter(|(_, layers)| layers.len() > 1)
        .map(|(name, _)| name.to_owned())
        .collect();
    let questions = comparison.brief.iter().flat_map(|brief| &brief.questions);
    let items: Vec<Value> = questions
        .map(w3c_question)
        .chain(
            notes
                .into_iter()
                .flat_map(|note| w3c_annotation(note, &shared_names)),
        )
        .collect();
    let value = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:crosswalk:export",
        "type": "AnnotationCollection",
        "label": format!("{} — {}", comparison.title, comparison.intro()),
        "total": items.len(),
        "first": {
            "id": "urn:crosswalk:export:page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
