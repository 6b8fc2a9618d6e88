//! One self-contained HTML file: inline CSS, no scripts, no network. Two columns per pair with diff
//! marks (and a legend), notes as numbered footnotes, cross-references, a table of contents, and a
//! print stylesheet that keeps pairs together on A4 or Letter. A brief adds its summary table and, before
//! each question's pairs, the question with its answers, citations (linked to the cited texts) and
//! evidence.

use std::fmt::Write;

use std::ops::Range;

use crate::model::Side;

use super::brief::{self, BriefPart, QuestionPart};
use super::references::{ReferenceLink, cut_points};
use super::{CellNotes, Comparison, NoteView, PairSection, Segment, cut_segments};
use crate::diff::Change;

/// Escapes text for HTML element content and attribute values; control characters (other than tab
/// and line breaks) and noncharacters are dropped, carriage returns become line feeds.
pub fn escape(text: &str) -> String {
    let text = super::clean(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// User-written text (a note, a quote, a name) isolated from the text around it, so right-to-left
/// words or a stray direction override cannot reorder the page: `<bdi dir="auto">`, with the language
/// where the script tells it.
fn user(text: &str) -> String {
    let lang = super::guess_lang(text)
        .map(|lang| format!(" lang=\"{lang}\""))
        .unwrap_or_default();
    format!("<bdi dir=\"auto\"{lang}>{}</bdi>", escape(text))
}

/// A user's multi-line text: line breaks (CR, CRLF or LF) become `<br>`, each line isolated.
fn user_lines(text: &str) -> String {
    let lang = super::guess_lang(text)
        .map(|lang| format!(" lang=\"{lang}\""))
        .unwrap_or_default();
    let lines: Vec<String> = super::normalised_lines(text)
        .into_iter()
        .map(escape)
        .collect();
    format!("<bdi dir=\"auto\"{lang}>{}</bdi>", lines.join("<br>"))
}

const STYLE: &str = "
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.45; color: #1a1a1a; margin: 2em auto; max-width: 1100px; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #bbb; }
.meta, .sources, .legend { font-size: 0.9em; color: #444; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.pair th, table.pair td { border: 1px solid #ccc; padding: 0.4em 0.6em; vertical-align: top; text-align: left; }
table.pair th { background: #f3f3f3; font-weight: normal; font-size: 0.9em; }
.pin { display: block; font-size: 0.8em; color: #666; }
del { text-decoration: line-through; background: #ffd6d6; }
ins { text-decoration: underline; background: #d2f5d2; }
.eq { color: #777; border-bottom: 1px dotted #999; }
.rationale { font-style: italic; margin-bottom: 0.2em; }
.statement { font-weight: bold; margin: 0.3em 0; }
.evidence { font-size: 0.9em; margin: 0.1em 0 0.6em; } .evidence li { list-style: none; }
.replies { margin: 0.2em 0 0.2em 1.2em; padding: 0; } .replies li { list-style: none; }
.byline { color: #555; font-size: 0.9em; }
.whole { font-size: 0.8em; font-weight: bold; }
.notes { font-size: 0.9em; } .notes li { margin-bottom: 0.3em; }
.elided { color: #777; font-style: italic; }
a.fn { font-size: 0.8em; vertical-align: super; margin-left: 0.15em; }
a.xref { color: inherit; text-decoration: underline dashed; }
mark { background: #fff1b8; color: inherit; outline: 1px dotted #8a6d00; }
section.pair-section { break-inside: avoid; page-break-inside: avoid; }
@page { size: auto; margin: 18mm 15mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  nav.toc { page-break-after: always; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
}
";

/// A sentence's text with diff marks; the words a note quotes are marked too (`<mark>`, with a
/// dotted outline besides the tint), each note's number following its words; a cross-reference to a
/// provision the export shows links to its pair.
fn segments_html(
    segments: &[Segment],
    notes: &[(Range<usize>, String)],
    references: &[&ReferenceLink],
) -> String {
    let points = cut_points(notes.iter().map(|(r, _)| r.clone()), references);
    let mut out = String::new();
    for (range, text, change) in cut_segments(segments, &points) {
        let text = escape(text);
        let mut piece = match change {
            Change::Equal => text,
            Change::Deleted => format!("<del>{text}</del>"),
            Change::Inserted => format!("<ins>{text}</ins>"),
            Change::Equivalent => {
                format!("<span class=\"eq\" title=\"equivalent term\">{text}</span>")
            }
        };
        let noted = notes
            .iter()
            .any(|(r, _)| r.start <= range.start && range.end <= r.end);
        if noted {
            piece = format!("<mark>{piece}</mark>");
        }
        let reference = references
            .iter()
            .find(|link| link.range.start <= range.start && range.end <= link.range.end);
        if let Some(link) = reference {
            piece = format!(
                "<a class=\"xref\" href=\"#{}\" title=\"{} — {}\">{piece}</a>",
                escape(&link.anchor),
                escape(&link.target),
                escape(&link.title)
            );
        }
        out.push_str(&piece);
        for (_, reference) in notes.iter().filter(|(r, _)| r.end == range.end) {
            out.push_str(reference);
        }
    }
    out
}

/// Evidence as a list under the rationale or a note: "Evidence: Art. 24(1): “…”".
fn evidence_html(out: &mut String, evidence: &[super::EvidenceView]) {
    if evidence.is_empty() {
        return;
    }
    out.push_str("<ul class=\"evidence\">");
    for item in evidence {
        let _ = write!(
            out,
            "<li>Evidence: {}: “{}”</li>",
            escape(&item.pinpoint),
            escape(&item.quote)
        );
    }
    out.push_str("</ul>");
}

/// One note as a list item: where it sits, its text, who and when (colour in words), tags, evidence,
/// and its replies threaded under it.
fn note_html(out: &mut String, note: &NoteView, id_prefix: &str) {
    let place = if note.whole_provision {
        format!(
            "<strong>{}</strong> <span class=\"whole\">(whole provision)</span>",
            escape(&note.pinpoint)
        )
    } else {
        format!(
            "<strong>{}</strong> “{}”",
            escape(&note.pinpoint),
            user(&note.quote)
        )
    };
    let tags = if note.tags.is_empty() {
        String::new()
    } else {
        format!(" <small>[{}]</small>", user(&note.tags.join(", ")))
    };
    let orphan = if note.orphan {
        " <strong>(orphan: its text was not found)</strong>"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<li value=\"{n}\" id=\"{id_prefix}note-{n}\">{place} — {} <span class=\"byline\">({})</span>{tags}{orphan}",
        user_lines(&note.note),
        user(&note.byline()),
        n = note.number,
    );
    evidence_html(out, &note.evidence);
    if !note.replies.is_empty() {
        out.push_str("<ul class=\"replies\">");
        for reply in &note.replies {
            let _ = write!(
                out,
                "<li>↳ <span class=\"byline\">{}:</span> {}</li>",
                user(&reply.byline()),
                user_lines(&reply.note)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

fn section_html(out: &mut String, section: &PairSection) {
    let _ = writeln!(
        out,
        "<section class=\"pair-section{}\" id=\"{}\">",
        if section.stop.is_some() { " stop" } else { "" },
        escape(&section.anchor)
    );
    let _ = writeln!(out, "<h2>{}</h2>", escape(&section.title()));
    let _ = writeln!(
        out,
        "<p class=\"statement\">{}</p>",
        escape(&section.statement)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}{}</p>",
        escape(&section.meta_line()),
        if section.origin.is_empty() {
            String::new()
        } else {
            format!(" · {}", user(&section.origin))
        }
    );
    if !section.rationale.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"rationale\">{}</p>",
            user_lines(&section.rationale)
        );
    }
    evidence_html(out, &section.evidence);
    pair_table_html(out, section);
    if !section.notes.is_empty() {
        out.push_str("<ol class=\"notes\">\n");
        let prefix = format!("{}-", escape(&section.anchor));
        for note in &section.notes {
            note_html(out, note, &prefix);
        }
        out.push_str("</ol>\n");
    }
    if let Some(stop) = &section.stop {
        stop_html(out, stop);
    }
    if !section.see_also.is_empty() {
        let links: Vec<String> = section
            .see_also
            .iter()
            .map(|(anchor, title)| format!("<a href=\"#{}\">{}</a>", escape(anchor), escape(title)))
            .collect();
        let _ = writeln!(out, "<p class=\"meta\">See also: {}</p>", links.join("; "));
    }
    out.push_str("</section>\n");
}

/// The pair's texts side by side, a row per aligned sentence, with each note's reference after the
/// words it is about (or, for a whole provision, after the pinpoint).
fn pair_table_html(out: &mut String, section: &PairSection) {
    let _ = writeln!(
        out,
        "<table class=\"pair\"><thead><tr><th>{} — {}</th><th>{} — {}</th></tr></thead><tbody>",
        escape(&section.names[Side::Revision].heading),
        escape(&section.side_heading(Side::Revision)),
        escape(&section.names[Side::Base].heading),
        escape(&section.side_heading(Side::Base)),
    );
    let placements = section.note_placements();
    for (row_index, row) in section.rows.iter().enumerate() {
        if row.elided_before > 0 {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"2\" class=\"elided\">[{} unchanged sentence(s) left out]</td></tr>",
                row.elided_before
            );
        }
        let [uncc, bc] = [Side::Revision, Side::Base].map(|side| {
            note_references(section, &section.cell_notes(&placements, row_index, side))
        });
        let _ = writeln!(
            out,
            "<tr><td><span class=\"pin\">{}{}</span>{}</td><td><span class=\"pin\">{}{}</span>{}</td></tr>",
            escape(&row.uncc_pinpoint),
            uncc.1,
            segments_html(
                &row.uncc,
                &uncc.0,
                &section.cell_references(row_index, Side::Revision)
            ),
            escape(&row.bc_pinpoint),
            bc.1,
            segments_html(
                &row.bc,
                &bc.0,
                &section.cell_references(row_index, Side::Base)
            )
        );
    }
    out.push_str("</tbody></table>\n");
}

/// A cell's note references: "[n]" links to place after quoted words, and the "[n¶]" links of
/// whole-provision notes, each pointing to the note in the pair's list.
fn note_references(
    section: &PairSection,
    cell: &CellNotes,
) -> (Vec<(Range<usize>, String)>, String) {
    let quoted = cell
        .quoted
        .iter()
        .map(|(range, number)| {
            let reference = format!(
                "<a class=\"fn\" href=\"#{}-note-{number}\">[{number}]</a>",
                escape(&section.anchor)
            );
            (range.clone(), reference)
        })
        .collect();
    let whole = cell
        .whole
        .iter()
        .map(|number| {
            format!(
                "<a class=\"fn\" title=\"note on the whole provision\" href=\"#{}-note-{number}\">[{number}¶]</a>",
                escape(&section.anchor)
            )
        })
        .collect();
    (quoted, whole)
}

/// What handouts add to the style: the question's box and ruled lines, the teacher's note, a page per
/// stop when printed.
const HANDOUT_STYLE: &str = "
.question { border: 1px solid #333; padding: 0.5em 0.8em; margin-top: 1em; }
.question h3, .teacher-note h3 { font-size: 1em; margin: 0.2em 0; }
.answer { border-bottom: 1px solid #999; height: 2em; }
.teacher-note { border-left: 4px solid #555; padding: 0.2em 0.8em; background: #f4f4f4; margin-top: 1em; }
.name { margin: 1em 0; }
@media print { section.stop + section.stop { break-before: page; page-break-before: always; } }
";

/// A handout's stop: the teacher's note (teacher's edition) and the question with ruled lines to answer.
fn stop_html(out: &mut String, stop: &super::handout::StopPart) {
    if let Some(note) = &stop.teacher_note {
        let _ = writeln!(
            out,
            "<aside class=\"teacher-note\"><h3>Teacher's note</h3><p>{}</p></aside>",
            user_lines(note)
        );
    }
    if !stop.question.trim().is_empty() {
        let _ = write!(
            out,
            "<div class=\"question\"><h3>Question</h3><p>{}</p>",
            user_lines(&stop.question)
        );
        for _ in 0..super::handout::ANSWER_LINES {
            out.push_str("<div class=\"answer\" role=\"none\"></div>");
        }
        out.push_str("</div>\n");
    }
}

pub fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    head_and_front_matter(&mut out, comparison);
    if let Some(brief) = &comparison.brief {
        summary_html(&mut out, brief);
    }
    if !comparison.sections.is_empty() {
        legend_and_contents(&mut out, comparison);
    }
    for (question, sections) in comparison.groups() {
        if let Some((number, question)) = question {
            question_html(&mut out, number, question);
        }
        for section in sections {
            section_html(&mut out, section);
        }
    }
    if !comparison.matrix.is_empty() {
        matrix_html(&mut out, comparison);
    }
    if !comparison.appendix.is_empty() {
        out.push_str("<section id=\"appendix\">\n<h2>Appendix: notes on provisions outside the selection</h2>\n<ol class=\"notes\">\n");
        for note in &comparison.appendix {
            note_html(&mut out, note, "appendix-");
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A brief's summary table: each question (linked to its section) with both answers in one line.
fn summary_html(out: &mut String, brief: &BriefPart) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\"><thead><tr><th>Question</th><th>UN Convention</th><th>Budapest Convention</th></tr></thead><tbody>\n");
    for (index, question) in brief.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{}\">{}</a><br>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&question.anchor),
            user(&question.heading(index + 1)),
            user(&question.question),
            user(&question.summary.revision),
            user(&question.summary.base)
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

/// One question of a brief: the question, each answer with its citations as links to the cited
/// texts, what neither treaty provides, the views reported, the evidence, the cited texts, and the
/// links and notes it draws on. Its pairs follow.
fn question_html(out: &mut String, number: usize, question: &QuestionPart) {
    let anchor = escape(&question.anchor);
    let _ = writeln!(
        out,
        "<section class=\"question\" id=\"{anchor}\">\n<h2>{}</h2>\n<p class=\"statement\">{}</p>",
        user(&question.heading(number)),
        user(&question.question)
    );
    if question.layer != "Questions" {
        let _ = writeln!(
            out,
            "<p class=\"meta\">From the layer {}</p>",
            user(&question.layer)
        );
    }
    for key in Side::ALL {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p class=\"answer\">{}</p>",
            brief::treaty_label(key),
            user_lines(&question.answers[key])
        );
        let cites: Vec<String> = question.cites[key]
            .iter()
            .map(|cited| {
                format!(
                    "<a href=\"#{anchor}-cite-{}\">[{}] {}</a>",
                    cited.number,
                    cited.number,
                    escape(&cited.pinpoint)
                )
            })
            .collect();
        if !cites.is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">Cited: {}</p>", cites.join("; "));
        }
    }
    list_html(
        out,
        "In neither treaty",
        question.absent.iter().map(|a| user(a)),
    );
    list_html(
        out,
        "Views reported",
        question
            .sources
            .iter()
            .map(|s| format!("{} <cite>{}</cite>", user(&s.view), user(&s.source))),
    );
    if !question.evidence.is_empty() {
        out.push_str("<h3>Evidence</h3>\n");
        evidence_html(out, &question.evidence);
    }
    out.push_str("<h3>Cited provisions</h3>\n<ol class=\"cited\">\n");
    for cited in question.all_cites() {
        let _ = writeln!(
            out,
            "<li id=\"{anchor}-cite-{}\" value=\"{}\"><strong>{}</strong> <span class=\"meta\">{}</span><br>{}</li>",
            cited.number,
            cited.number,
            escape(&cited.pinpoint),
            escape(&cited.id),
            escape(&cited.text).replace('\n', "<br>")
        );
    }
    out.push_str("</ol>\n");
    list_html(
        out,
        "Crosswalk links drawn on",
        question.links.iter().map(|l| {
            format!(
                "{} ({}). {}",
                escape(&l.statement),
                escape(&l.relation),
                escape(&l.rationale)
            )
        }),
    );
    list_html(
        out,
        "Notes drawn on",
        question.notes.iter().map(|n| {
            format!(
                "<strong>{}</strong> ({}, {}): {}",
                user(&n.id),
                user(&n.layer),
                escape(&n.pinpoint),
                user(&n.note)
            )
        }),
    );
    out.push_str("</section>\n");
}

/// A heading and a list of ready-made items; nothing when there are none.
fn list_html(out: &mut String, heading: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h3>{heading}</h3>\n<ul>");
    for item in items {
        let _ = writeln!(out, "<li>{item}</li>");
    }
    out.push_str("</ul>\n");
}

/// The document's head (title, style), then the title, what it compares, a handout's edition,
/// audience and name line, and the sources.
fn head_and_front_matter(out: &mut String, comparison: &Comparison) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&comparison.title));
    let handout_style = if comparison.handout.is_some() {
        HANDOUT_STYLE
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<style>{STYLE}{handout_style}</style>\n</head>\n<body>"
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&comparison.title));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&comparison.intro()));
    if let Some(handout) = &comparison.handout {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(handout.edition()));
        if !handout.audience.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"meta\">For: {}</p>",
                user(&handout.audience)
            );
        }
        if !handout.teacher {
            out.push_str("<p class=\"name\">Name: ______________________________</p>\n");
        }
    }
    out.push_str("<ul class=\"sources\">\n");
    for source in &comparison.sources {
        let _ = writeln!(out, "<li>{}</li>", escape(source));
    }
    out.push_str("</ul>\n");
}

/// The legend (naming every mark in words, notes' marks only when there are notes) and the list of
/// pairs linked to their sections.
fn legend_and_contents(out: &mut String, comparison: &Comparison) {
    let _ = writeln!(
        out,
        "<p class=\"legend\">Legend: <del>struck through</del> = only in the {}; <ins>underlined</ins> = only in the {}; <span class=\"eq\">dotted</span> = equivalent term{}{}. Similarity = share of unchanged words.</p>",
        escape(&comparison.sides[Side::Base].name),
        escape(&comparison.sides[Side::Revision].name),
        if comparison.terms {
            " (terminology normalisation on)"
        } else {
            "s are not normalised"
        },
        if comparison.sections.iter().any(|s| !s.notes.is_empty()) {
            "; <mark>boxed</mark> with [n] = words note n is about, [n¶] = note n is on the whole provision (notes follow each pair; colours are also named in words)"
        } else {
            ""
        }
    );
    out.push_str("<nav class=\"toc\"><h2>Contents</h2><ol>\n");
    for section in &comparison.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a> — {}</li>",
            escape(&section.anchor),
            escape(&section.title()),
            escape(&section.relation)
        );
    }
    out.push_str("</ol></nav>\n");
}

/// The safeguards matrix: each power or measure, with the powers and linked safeguards per treaty.
fn matrix_html(out: &mut String, comparison: &Comparison) {
    out.push_str("<table class=\"pair\"><thead><tr><th>Power or measure</th><th>UN Convention safeguards</th><th>Budapest Convention safeguards</th></tr></thead><tbody>\n");
    for row in &comparison.matrix {
        let cell = |index: Side| {
            let powers = if row.powers[index].is_empty() {
                String::new()
            } else {
                format!(
                    "<span class=\"pin\">power: {}</span>",
                    escape(&row.powers[index])
                )
            };
            format!("{powers}{}", escape(&row.safeguard_list(index)))
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.measure),
            cell(Side::Revision),
            cell(Side::Base)
        );
    }
    out.push_str("</tbody></table>\n");
}
