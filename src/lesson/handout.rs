//! Handouts: a lesson printed for the class as one self-contained HTML file (inline CSS, no scripts, no
//! network), one section per stop — the texts side by side with their marks, what links them, and the
//! question with space to answer. The teacher's edition adds the teacher's notes and each link's
//! rationale and evidence (which often answer the question, so students do not get them).
//!
//! A printer over the same model as presentation mode ([`StopView`] and [`StopView::marked`]).

use std::fmt::Write;

use super::{Lesson, Mark, MarkedText, StopView};
use crate::corpus::Corpus;
use crate::links::LinkSet;
use crate::model::TreatyKey;

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandoutOptions {
    /// The teacher's edition: notes, rationales and evidence.
    pub teacher: bool,
    /// Equivalent terms count as equal in the marks.
    pub terms: bool,
}

const STYLE: &str = "
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.45; color: #111; margin: 2em auto; max-width: 1000px; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; margin: 0.4em 0; }
.audience, .edition, .legend { color: #333; font-size: 0.95em; }
.sides { display: flex; gap: 1.5em; } .side { flex: 1; min-width: 0; }
.where { color: #444; font-size: 0.9em; margin-top: 0; }
p.line { margin: 0.3em 0; } .label { color: #444; }
.depth-1 { margin-left: 1.5em; } .depth-2 { margin-left: 3em; } .depth-3 { margin-left: 4.5em; }
del { text-decoration: line-through; background: #ffd6d6; }
ins { text-decoration: underline; background: #d2f5d2; }
.eq { color: #555; border-bottom: 1px dotted #777; }
mark { background: #fff1b8; color: inherit; outline: 1px solid #a07d00; }
.statement { font-weight: bold; margin-bottom: 0; } .relation { color: #444; margin-top: 0; font-size: 0.9em; }
.rationale { font-style: italic; }
aside.teacher-note { border-left: 4px solid #555; padding: 0.2em 0.8em; background: #f4f4f4; }
.question { border: 1px solid #333; padding: 0.5em 0.8em; margin-top: 1em; }
.answer { min-height: 9em; border-top: 1px dashed #777; margin-top: 0.5em; }
.name { margin: 1em 0; }
section.stop { break-before: page; page-break-before: always; }
section.stop:first-of-type { break-before: auto; page-break-before: auto; }
@page { size: auto; margin: 18mm 15mm; }
@media print { body { max-width: none; margin: 0; font-size: 11pt; } .sides { display: flex; } }
";

/// The handout of `lesson`, its stops resolved against the texts and `links`.
pub fn html(lesson: &Lesson, corpus: &Corpus, links: &LinkSet, options: HandoutOptions) -> String {
    let views = lesson.views(corpus, links);
    let mut out = String::new();
    let title = match lesson.title.trim() {
        "" => "Lesson",
        title => title,
    };
    let edition = if options.teacher {
        "Teacher's edition: with the teacher's notes, and the rationale and evidence of each link"
    } else {
        "Student handout"
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    );
    if !lesson.audience.trim().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"audience\">{}</p>",
            escape(&lesson.audience)
        );
    }
    let _ = writeln!(out, "<p class=\"edition\">{edition}</p>");
    let _ = writeln!(
        out,
        "<p class=\"legend\">Marks: <del>only in the Budapest Convention</del> (struck through) · <ins>only in the UN Convention</ins> (underlined) · <span class=\"eq\">equivalent term</span> (dotted) · <mark>highlighted by the teacher</mark> (outlined).</p>"
    );
    if !options.teacher {
        out.push_str("<p class=\"name\">Name: ______________________________</p>\n");
    }
    out.push_str("</header>\n");
    for view in &views {
        stop_html(&mut out, view, corpus, options);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn stop_html(out: &mut String, view: &StopView, corpus: &Corpus, options: HandoutOptions) {
    let marked = view.marked(corpus, options.terms);
    let _ = writeln!(
        out,
        "<section class=\"stop\" id=\"stop-{}\">\n<h2>Stop {} of {}: {}</h2>",
        view.number,
        view.number,
        view.of,
        escape(&view.heading)
    );
    out.push_str("<div class=\"sides\">\n");
    for key in TreatyKey::ALL {
        let texts = &marked.sides[key];
        if texts.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<div class=\"side {}\">", key.prefix());
        for text in texts {
            text_html(out, text);
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    for link in &view.links {
        let _ = writeln!(
            out,
            "<div class=\"link\">\n<p class=\"statement\">{}</p>\n<p class=\"relation\">Relation: {}</p>",
            escape(&link.statement),
            escape(&link.relation)
        );
        if options.teacher {
            if !link.rationale.is_empty() {
                let _ = writeln!(
                    out,
                    "<p class=\"rationale\">Rationale: {}</p>",
                    escape(&link.rationale)
                );
            }
            if !link.evidence.is_empty() {
                out.push_str("<ul class=\"evidence\">\n");
                for evidence in &link.evidence {
                    let pinpoint = crate::links::cited_pinpoints(
                        &corpus.library,
                        std::slice::from_ref(&evidence.provision),
                    );
                    let _ = writeln!(
                        out,
                        "<li>Evidence, {}: “{}”</li>",
                        escape(&pinpoint),
                        escape(&evidence.quote)
                    );
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("</div>\n");
    }
    for unmatched in &view.unmatched {
        let _ = writeln!(
            out,
            "<p class=\"unmatched\">No counterpart for {}: {}</p>",
            escape(unmatched.id.as_str()),
            escape(&unmatched.reason)
        );
    }
    if options.teacher && !view.note.trim().is_empty() {
        let _ = writeln!(
            out,
            "<aside class=\"teacher-note\">\n<h3>Teacher's note</h3>\n{}</aside>",
            paragraphs(&view.note)
        );
    }
    if !view.question.trim().is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"question\">\n<h3>Question</h3>\n{}<div class=\"answer\" role=\"note\" aria-label=\"Space for your answer\"></div>\n</div>",
            paragraphs(&view.question)
        );
    }
    out.push_str("</section>\n");
}

fn text_html(out: &mut String, text: &MarkedText) {
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<p class=\"where\">{}</p>",
        escape(&text.pinpoint),
        escape(&text.title)
    );
    for line in &text.lines {
        let _ = write!(out, "<p class=\"line depth-{}\">", line.depth.min(3));
        if !line.label.is_empty() {
            let _ = write!(out, "<span class=\"label\">{}</span> ", escape(&line.label));
        }
        for (words, marks) in line.runs() {
            let mut piece = escape(words);
            for mark in &marks {
                piece = match mark {
                    Mark::Deleted => format!("<del>{piece}</del>"),
                    Mark::Inserted => format!("<ins>{piece}</ins>"),
                    Mark::Equivalent => {
                        format!("<span class=\"eq\" title=\"equivalent term\">{piece}</span>")
                    }
                    Mark::Highlight => format!("<mark>{piece}</mark>"),
                };
            }
            out.push_str(&piece);
        }
        out.push_str("</p>\n");
    }
}

/// Text with blank-line paragraphs, escaped.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| format!("<p>{}</p>\n", escape(part).replace('\n', "<br>")))
        .collect()
}

/// Escapes text for HTML element content and attribute values (as the export printers do; kept here
/// so the handout printer stands on its own while the export code is reworked).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
