//! Brief-ready Markdown (CommonMark with GitHub's strikethrough and tables): per pair a heading with
//! pinpoints, both texts as block quotes with `~~deleted~~` (only in Budapest), `**inserted**` (only
//! in the UN text) and `*equivalent terms*`, `[n]` after the words note n is about and `[n¶]` at the
//! start of a sentence for a note on the whole provision, then the notes with replies and evidence.
//!
//! Every mark must render as a mark: CommonMark only reads `**` as emphasis where it "flanks" a word
//! (e.g. not between a letter and a comma: `intent~~,~~` stays literal). Each mark is checked against
//! the characters around it and falls back to the equivalent inline HTML (`<del>`, `<strong>`, `<em>`)
//! where the delimiters would not be read. User text is escaped and kept on one line, so no note can
//! start a heading, a list or a table.
//!
//! A brief adds a summary table and, before each question's pairs, the question with its answers, its
//! citations as links to the cited texts (anchored with inline `<a id>`), findings of absence, views
//! and evidence.

use std::fmt::Write;

use crate::model::Side;

use super::brief::{self, BriefPart, QuestionPart};
use super::{
    CellNotes, Comparison, EvidenceView, NotePlacement, NoteView, PairSection, Segment,
    cut_segments,
};
use crate::diff::Change;

/// Escapes Markdown (and inline HTML) special characters in user and treaty text; line breaks of any
/// kind (CR, CRLF, LF) become spaces, control characters are dropped.
pub fn escape(text: &str) -> String {
    let text = super::clean(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '|' | '<' | '>' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A user's text that may have several lines: each line escaped, joined by `<br>` on one source line.
fn escape_lines(text: &str) -> String {
    super::normalised_lines(text)
        .into_iter()
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// One piece of a sentence before it is written out.
enum Part {
    /// Text written as is (already escaped).
    Plain(String),
    /// Marked words: spaces outside the mark, the escaped words inside.
    Mark {
        change: Change,
        leading: String,
        inner: String,
        trailing: String,
    },
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            unicode_general_category(c),
            GeneralCategory::Punctuation | GeneralCategory::Symbol
        )
}

#[derive(PartialEq)]
enum GeneralCategory {
    Punctuation,
    Symbol,
    Other,
}

/// CommonMark's "Unicode punctuation" (general categories P and S), for the characters treaty texts
/// and notes use: typographic quotes, dashes, the section sign, currency and maths symbols.
fn unicode_general_category(c: char) -> GeneralCategory {
    match c {
        '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{00A1}'
        | '\u{00A7}'
        | '\u{00AB}'
        | '\u{00B6}'
        | '\u{00B7}'
        | '\u{00BB}'
        | '\u{00BF}'
        | '\u{3000}'..='\u{303F}' => GeneralCategory::Punctuation,
        '\u{00A2}'..='\u{00A6}'
        | '\u{00A8}'
        | '\u{00A9}'
        | '\u{00AC}'
        | '\u{00AE}'..='\u{00B1}'
        | '\u{00B4}'
        | '\u{00B8}'
        | '\u{00D7}'
        | '\u{00F7}'
        | '\u{2100}'..='\u{23FF}' => GeneralCategory::Symbol,
        _ => GeneralCategory::Other,
    }
}

/// CommonMark's left-flanking rule for a delimiter run between `before` and `after` (None = line edge).
fn left_flanking(before: Option<char>, after: Option<char>) -> bool {
    let Some(after) = after else { return false };
    if after.is_whitespace() {
        return false;
    }
    !is_punctuation(after) || before.is_none_or(|b| b.is_whitespace() || is_punctuation(b))
}

fn right_flanking(before: Option<char>, after: Option<char>) -> bool {
    let Some(before) = before else { return false };
    if before.is_whitespace() {
        return false;
    }
    !is_punctuation(before) || after.is_none_or(|a| a.is_whitespace() || is_punctuation(a))
}

/// The delimiters and the inline HTML that say the same thing, per change.
fn marks(change: Change) -> (&'static str, &'static str, &'static str) {
    match change {
        Change::Deleted => ("~~", "<del>", "</del>"),
        Change::Inserted => ("**", "<strong>", "</strong>"),
        _ => ("*", "<em>", "</em>"),
    }
}

/// Writes parts out, choosing for each mark the delimiters where CommonMark reads them as emphasis
/// and inline HTML where it would not.
fn write_parts(parts: &[Part]) -> String {
    let mut out = String::new();
    for (index, part) in parts.iter().enumerate() {
        match part {
            Part::Plain(text) => out.push_str(text),
            Part::Mark {
                change,
                leading,
                inner,
                trailing,
            } => {
                out.push_str(leading);
                let (delimiter, open_html, close_html) = marks(*change);
                let before = out.chars().next_back();
                // What follows the closing delimiter: the trailing space, or the next part's first
                // character (a mark's own delimiter or tag counts as punctuation).
                let after = trailing
                    .chars()
                    .next()
                    .or_else(|| match parts.get(index + 1) {
                        Some(Part::Plain(text)) => text.chars().next(),
                        Some(Part::Mark { leading, .. }) => leading.chars().next().or(Some('*')),
                        None => None,
                    });
                // Two star delimiters side by side ("**a***b*") would run together into one.
                let star = delimiter.starts_with('*');
                let next_is_star_mark = trailing.is_empty()
                    && matches!(
                        parts.get(index + 1),
                        Some(Part::Mark { leading, change: next, .. })
                            if leading.is_empty() && marks(*next).0.starts_with('*')
                    );
                let touches_same = star && (before == Some('*') || next_is_star_mark);
                let opens = left_flanking(before, inner.chars().next());
                let closes = right_flanking(inner.chars().next_back(), after);
                if opens && closes && !touches_same {
                    let _ = write!(out, "{delimiter}{inner}{delimiter}");
                } else {
                    let _ = write!(out, "{open_html}{inner}{close_html}");
                }
                out.push_str(trailing);
            }
        }
    }
    out
}

/// A sentence with diff marks; quoted notes put `[n]` right after their words, whole-provision notes
/// `[n¶]` at the start.
fn marked(segments: &[Segment], cell: &CellNotes) -> String {
    let points: Vec<usize> = cell.quoted.iter().map(|(range, _)| range.end).collect();
    let mut parts = Vec::new();
    for number in &cell.whole {
        parts.push(Part::Plain(format!("\\[{number}¶\\] ")));
    }
    for (range, text, change) in cut_segments(segments, &points) {
        let trimmed = text.trim();
        if trimmed.is_empty() || change == Change::Equal {
            parts.push(Part::Plain(escape(text)));
        } else {
            let leading = &text[..text.len() - text.trim_start().len()];
            let trailing = &text[text.trim_end().len()..];
            parts.push(Part::Mark {
                change,
                leading: escape(leading),
                inner: escape(trimmed),
                trailing: escape(trailing),
            });
        }
        for (_, number) in cell.quoted.iter().filter(|(r, _)| r.end == range.end) {
            parts.push(Part::Plain(format!("\\[{number}\\]")));
        }
    }
    write_parts(&parts)
}

fn evidence_lines(out: &mut String, evidence: &[EvidenceView], indent: &str) {
    for item in evidence {
        let _ = writeln!(
            out,
            "{indent}- Evidence: {}: “{}”",
            escape(&item.pinpoint),
            escape(&item.quote)
        );
    }
}

/// One note as an item of an ordered list, with its evidence and replies as a nested list.
fn note_item(out: &mut String, note: &NoteView) {
    let place = if note.whole_provision {
        format!("{} (whole provision)", escape(&note.pinpoint))
    } else {
        format!("{} “{}”", escape(&note.pinpoint), escape(&note.quote))
    };
    let tags = if note.tags.is_empty() {
        String::new()
    } else {
        format!(" \\[{}\\]", escape(&note.tags.join(", ")))
    };
    let orphan = if note.orphan {
        " (orphan: its text was not found)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{}. {place}: {} ({}){tags}{orphan}",
        note.number,
        escape_lines(&note.note),
        escape(&note.byline()),
    );
    // Nested items are indented past the widest list marker ("1234. ").
    let indent = " ".repeat(note.number.to_string().len() + 2);
    evidence_lines(out, &note.evidence, &indent);
    for reply in &note.replies {
        let _ = writeln!(
            out,
            "{indent}- ↳ {}: {}",
            escape(&reply.byline()),
            escape_lines(&reply.note)
        );
    }
}

/// The notes as an ordered list (each item numbered as the note).
fn notes_list(out: &mut String, notes: &[NoteView]) {
    for note in notes {
        note_item(out, note);
    }
    out.push('\n');
}

pub fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    front_matter(&mut out, comparison);
    if let Some(brief) = &comparison.brief {
        summary_md(&mut out, brief);
    }
    if !comparison.sections.is_empty() {
        let _ = writeln!(
            out,
            "Legend: ~~struck through~~ = only in the {}; **bold** = only in the {}; *italics* = equivalent terms{}; \\[n\\] after words = note n on those words, \\[n¶\\] = note n on the whole provision, listed after the pair (colours are named in words).\n",
            escape(&comparison.sides[Side::Base].name),
            escape(&comparison.sides[Side::Revision].name),
            if comparison.terms {
                " (terminology normalisation on)"
            } else {
                " (not normalised)"
            }
        );
    }
    for (question, sections) in comparison.groups() {
        if let Some((number, question)) = question {
            question_md(&mut out, number, question);
        }
        for section in sections {
            section_md(&mut out, section);
        }
    }
    if !comparison.matrix.is_empty() {
        matrix_md(&mut out, comparison);
    }
    if !comparison.appendix.is_empty() {
        out.push_str("## Appendix: notes on provisions outside the selection\n\n");
        notes_list(&mut out, &comparison.appendix);
    }
    out
}

/// The title, what the document compares, a handout's edition, audience and name line, and the
/// sources.
fn front_matter(out: &mut String, comparison: &Comparison) {
    let _ = writeln!(out, "# {}\n", escape(&comparison.title));
    out.push_str(&escape(&comparison.intro()));
    if let Some(handout) = &comparison.handout {
        let _ = write!(out, "\n\n{}", escape(handout.edition()));
        if !handout.audience.is_empty() {
            let _ = write!(out, "\n\nFor: {}", escape(&handout.audience));
        }
        if !handout.teacher {
            out.push_str("\n\nName: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_");
        }
    }
    out.push_str("\n\nSources:\n\n");
    for source in &comparison.sources {
        let _ = writeln!(out, "- {}", escape(source));
    }
    out.push('\n');
}

/// A brief's summary table: each question (linked to its heading) with both answers in one line.
fn summary_md(out: &mut String, brief: &BriefPart) {
    out.push_str(
        "## Summary\n\n| Question | UN Convention | Budapest Convention |\n| --- | --- | --- |\n",
    );
    for (index, question) in brief.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "| [{}](#{}): {} | {} | {} |",
            cell(&question.heading(index + 1)),
            question.anchor,
            cell(&question.question),
            cell(&question.summary.revision),
            cell(&question.summary.base)
        );
    }
    out.push('\n');
}

/// Text for a table cell: escaped, with its pipes escaped too.
fn cell(text: &str) -> String {
    escape(text).replace('|', "\\|")
}

/// One question of a brief: its heading (anchored), the question, each answer with its citations as
/// links to the cited texts, findings of absence, views, evidence, the cited texts, links and notes.
fn question_md(out: &mut String, number: usize, question: &QuestionPart) {
    let anchor = &question.anchor;
    let _ = writeln!(
        out,
        "<a id=\"{anchor}\"></a>\n\n## {}\n\n**{}**\n",
        escape(&question.heading(number)),
        escape(&question.question)
    );
    for key in Side::ALL {
        let _ = writeln!(
            out,
            "### {}\n\n{}\n",
            brief::treaty_label(key),
            escape_lines(&question.answers[key])
        );
        let cites: Vec<String> = question.cites[key]
            .iter()
            .map(|c| {
                format!(
                    "[\\[{}\\] {}](#{anchor}-cite-{})",
                    c.number,
                    escape(&c.pinpoint),
                    c.number
                )
            })
            .collect();
        if !cites.is_empty() {
            let _ = writeln!(out, "Cited: {}\n", cites.join("; "));
        }
    }
    list_md(
        out,
        "In neither treaty",
        question.absent.iter().map(|a| escape(a)),
    );
    list_md(
        out,
        "Views reported",
        question
            .sources
            .iter()
            .map(|s| format!("{} ({})", escape(&s.view), escape(&s.source))),
    );
    if !question.evidence.is_empty() {
        out.push_str("### Evidence\n\n");
        evidence_lines(out, &question.evidence, "");
        out.push('\n');
    }
    list_md(
        out,
        "Cited provisions",
        question.all_cites().map(|c| {
            format!(
                "<a id=\"{anchor}-cite-{}\"></a>\\[{}\\] **{}** ({}): {}",
                c.number,
                c.number,
                escape(&c.pinpoint),
                escape(&c.id),
                escape(&c.text)
            )
        }),
    );
    list_md(
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
    list_md(
        out,
        "Notes drawn on",
        question.notes.iter().map(|n| {
            format!(
                "**{}** ({}, {}): {}",
                escape(&n.id),
                escape(&n.layer),
                escape(&n.pinpoint),
                escape(&n.note)
            )
        }),
    );
}

/// A heading and a bullet list of ready-made items; nothing when there are none.
fn list_md(out: &mut String, heading: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {heading}\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

/// One pair (or a handout's stop): heading, statement, rationale and evidence, each treaty's text as
/// a block quote, the notes, and the stop's teacher's note and question.
fn section_md(out: &mut String, section: &PairSection) {
    let _ = writeln!(out, "## {}\n", escape(&section.title()));
    let _ = writeln!(out, "{}\n", escape(&section.statement));
    let origin = if section.origin.is_empty() {
        String::new()
    } else {
        format!(" · {}", escape(&section.origin))
    };
    let _ = writeln!(out, "{}{origin}\n", escape(&section.meta_line()));
    if !section.rationale.is_empty() {
        let _ = writeln!(out, "*{}*\n", escape_lines(&section.rationale));
    }
    if !section.evidence.is_empty() {
        evidence_lines(out, &section.evidence, "");
        out.push('\n');
    }
    let placements = section.note_placements();
    for key in [Side::Revision, Side::Base] {
        if section.has_side(key) {
            treaty_text(out, section, &placements, key);
        }
    }
    if !section.notes.is_empty() {
        out.push_str("Notes:\n\n");
        notes_list(out, &section.notes);
    }
    if let Some(stop) = &section.stop {
        if let Some(note) = &stop.teacher_note {
            let _ = writeln!(out, "**Teacher's note:** {}\n", escape_lines(note));
        }
        if !stop.question.trim().is_empty() {
            let _ = writeln!(out, "**Question:** {}\n", escape_lines(&stop.question));
            for _ in 0..super::handout::ANSWER_LINES {
                out.push_str("\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n\n");
            }
        }
    }
}

/// One treaty's side of a pair: a bold line naming it, then its sentences as a block quote with the
/// changes and note references marked; left-out sentences show as "[…]" once, on the UN side.
fn treaty_text(out: &mut String, section: &PairSection, placements: &[NotePlacement], key: Side) {
    let label = section.names[key].heading.as_str();
    let (pinpoints, headings) = match key {
        Side::Revision => (&section.uncc_pinpoints, &section.uncc_headings),
        Side::Base => (&section.bc_pinpoints, &section.bc_headings),
    };
    let headings = if headings.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(headings))
    };
    let _ = writeln!(out, "**{label}, {}**{headings}\n", escape(pinpoints));
    for (row_index, row) in section.rows.iter().enumerate() {
        let (pinpoint, segments) = match key {
            Side::Revision => (&row.uncc_pinpoint, &row.uncc),
            Side::Base => (&row.bc_pinpoint, &row.bc),
        };
        if key == Side::Revision && row.elided_before > 0 {
            let _ = writeln!(out, "> \\[…\\]\n>");
        }
        if !segments.is_empty() {
            let cell = section.cell_notes(placements, row_index, key);
            let _ = writeln!(out, "> {} {}\n>", escape(pinpoint), marked(segments, &cell));
        }
    }
    out.push('\n');
}

/// The safeguards matrix as a table: each power or measure with the safeguards linked per treaty.
fn matrix_md(out: &mut String, comparison: &Comparison) {
    // Blank lines around the table: without one before it, CommonMark reads it as text.
    out.push_str("\n| Power or measure | UN Convention safeguards | Budapest Convention safeguards |\n| --- | --- | --- |\n");
    for row in &comparison.matrix {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape(&row.measure),
            escape(&row.safeguard_list(Side::Revision)),
            escape(&row.safeguard_list(Side::Base))
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flanking_follows_commonmark() {
        assert!(left_flanking(Some(' '), Some('a')));
        assert!(!left_flanking(Some('t'), Some(',')), "intent~~,~~");
        assert!(left_flanking(Some(' '), Some(',')));
        assert!(right_flanking(Some(','), Some(' ')));
        assert!(!right_flanking(Some(' '), Some('a')));
    }

    #[test]
    fn a_mark_that_delimiters_cannot_carry_becomes_html() {
        let parts = [
            Part::Plain("intent".into()),
            Part::Mark {
                change: Change::Deleted,
                leading: String::new(),
                inner: ",".into(),
                trailing: " ".into(),
            },
            Part::Plain("or".into()),
        ];
        assert_eq!(write_parts(&parts), "intent<del>,</del> or");
        let parts = [
            Part::Plain("the ".into()),
            Part::Mark {
                change: Change::Inserted,
                leading: String::new(),
                inner: "chapter".into(),
                trailing: String::new(),
            },
            Part::Plain(",".into()),
        ];
        assert_eq!(write_parts(&parts), "the **chapter**,");
    }

    #[test]
    fn line_breaks_of_every_kind_become_spaces() {
        assert_eq!(escape("a\r# b\r\nc\nd"), "a \\# b c d");
        assert_eq!(escape_lines("one\rtwo\r\nthree"), "one<br>two<br>three");
    }
}
