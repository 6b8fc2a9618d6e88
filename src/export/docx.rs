//! DOCX as plain Office Open XML in a deflate-compressed package, for lawyers' briefs:
//!
//! - a summary of changes (one row per pair or provision without counterpart, linked to it, with
//!   its page) and a departures table (one row per
//!   aligned sentence: pinpoints, the redlined text, the pair's rationale and evidence, the notes, and
//!   an empty "Comments" column for the team);
//! - per pair its statement, rationale and evidence, then the texts: two columns with deletions struck
//!   through, insertions underlined and equivalent terms with a dotted underline (never colour alone),
//!   or, with [`Layout::Redline`], one column where Budapest-only words are tracked deletions and
//!   UN-only words tracked insertions by "Budapest Convention → UN Convention", so Word's Review pane
//!   steps through every difference;
//! - each note as a Word comment and/or a footnote (see [`NotesMode`]) on exactly the words it quotes,
//!   a whole-provision note at the start of its provision's first sentence; replies, evidence, tags and
//!   the colour in words in the note; notes outside the selection in an appendix;
//! - a running header naming the selection and "Page n of m" in the footer, on A4 or Letter;
//! - for a brief, a title page, a summary table of the questions, and per question (on a page of its
//!   own) its answers with each cited provision as a footnote, then its pairs.

use std::fmt::Write;

use std::ops::Range;

use crate::model::Side;

use super::brief::{self, BriefPart, LinkRefView, NoteRefView, QuestionPart};

use super::{
    CellNotes, Comparison, InlineSegment, Layout, NoteView, NotesMode, PairSection, Paper,
    RenderOptions, SideNames, cut_segments,
};
use crate::diff::Change;

/// The author of the redline's tracked changes: reading them accepts the UN wording.
pub const REDLINE_AUTHOR: &str = "Budapest Convention → UN Convention";

/// The redline's author for any pair ([`REDLINE_AUTHOR`] for the two treaties): from the base to the
/// revision, so accepting the changes gives the revision's wording.
fn redline_author(sides: &SideNames) -> String {
    format!(
        "{} → {}",
        sides[Side::Base].name,
        sides[Side::Revision].name
    )
}

/// Run properties of what the redline adds around the texts (pinpoints, note marks): a style of its
/// own, so that a reader (or a test) can set it apart from the treaties' words.
const LABEL: &str = "<w:rStyle w:val=\"Label\"/><w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>";

/// Escapes text for XML; drops characters XML 1.0 cannot carry; line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in super::clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Run properties for a user's text: right-to-left and its language where the script tells them.
fn user_properties(text: &str) -> String {
    let mut props = String::new();
    if super::is_rtl(text) {
        props.push_str("<w:rtl/>");
    }
    if let Some(lang) = super::guess_lang(text) {
        if super::is_rtl(text) {
            let _ = write!(props, "<w:lang w:bidi=\"{lang}\"/>");
        } else if matches!(lang, "zh" | "ja" | "ko") {
            let _ = write!(props, "<w:lang w:eastAsia=\"{lang}\"/>");
        } else {
            let _ = write!(props, "<w:lang w:val=\"{lang}\"/>");
        }
    }
    props
}

fn run(text: &str, properties: &str) -> String {
    let props = if properties.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{properties}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    )
}

/// A run of a user's text (a note, a name): with direction and language.
fn user_run(text: &str, properties: &str) -> String {
    run(text, &format!("{properties}{}", user_properties(text)))
}

fn paragraph(style: Option<&str>, runs: &str) -> String {
    let props = style.map_or(String::new(), |s| {
        format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
    });
    format!("<w:p>{props}{runs}</w:p>")
}

/// A paragraph of a user's text: right-to-left paragraphs get `w:bidi`.
fn user_paragraph(style: Option<&str>, text: &str, runs: &str) -> String {
    let style = style.map_or(String::new(), |s| format!("<w:pStyle w:val=\"{s}\"/>"));
    let bidi = if super::is_rtl(text) { "<w:bidi/>" } else { "" };
    format!("<w:p><w:pPr>{style}{bidi}</w:pPr>{runs}</w:p>")
}

fn change_properties(change: Change) -> &'static str {
    match change {
        Change::Equal => "",
        Change::Deleted => "<w:strike/><w:color w:val=\"B71C1C\"/>",
        Change::Inserted => "<w:u w:val=\"single\"/><w:color w:val=\"1B5E20\"/>",
        // Dotted underline: the cue for equivalent terms that does not rely on the grey.
        Change::Equivalent => "<w:color w:val=\"666666\"/><w:u w:val=\"dotted\"/>",
    }
}

/// The paragraphs of a note, as a comment or a footnote shows it: where it sits, its lines, who and
/// when (colour in words), tags, evidence, then its replies, each on its own paragraph.
fn note_paragraphs(
    note: &NoteView,
    style: Option<&str>,
    first_runs: &str,
    with_replies: bool,
) -> String {
    let mut out = String::new();
    let place = if note.whole_provision {
        format!("[{}] {} (whole provision): ", note.number, note.pinpoint)
    } else {
        format!("[{}] {} “{}”: ", note.number, note.pinpoint, note.quote)
    };
    for (index, line) in note.lines().into_iter().enumerate() {
        let mut runs = String::new();
        if index == 0 {
            runs.push_str(first_runs);
            runs.push_str(&run(&place, "<w:b/>"));
        }
        runs.push_str(&user_run(line, ""));
        out.push_str(&user_paragraph(style, line, &runs));
    }
    let mut details = note.byline();
    if !note.tags.is_empty() {
        let _ = write!(details, " · tags: {}", note.tags.join(", "));
    }
    if note.orphan {
        details.push_str(" · orphan: its text was not found");
    }
    out.push_str(&paragraph(style, &user_run(&details, "<w:i/>")));
    for evidence in &note.evidence {
        out.push_str(&paragraph(
            style,
            &run(&format!("Evidence: {}", evidence.cited()), ""),
        ));
    }
    for reply in note.replies.iter().filter(|_| with_replies) {
        let mut lines = super::normalised_lines(&reply.note).into_iter();
        let first = lines.next().unwrap_or_default();
        let runs = format!(
            "{}{}",
            run(&format!("↳ {}: ", reply.byline()), "<w:b/>"),
            user_run(first, "")
        );
        out.push_str(&user_paragraph(style, first, &runs));
        for line in lines {
            out.push_str(&user_paragraph(style, line, &user_run(line, "")));
        }
    }
    out
}

/// Comments and footnotes as they are written, with their IDs.
///
/// Footnotes are numbered 2, 3, 4, … in the order their references stand (0 and 1 are Word's
/// separators): LibreOffice gives footnote n the text of the n-th footnote it reads, so a gap in the
/// sequence shifts every later footnote's text. Comments, bookmarks and tracked changes share a
/// second sequence, unique across the document, that starts after the last footnote ID: LibreOffice
/// also mixes up a comment and a footnote with the same ID (the footnote then prints empty).
struct NoteParts<'a> {
    mode: NotesMode,
    comments: String,
    /// `commentsExtended`: which comment replies to which.
    extended: String,
    footnotes: String,
    last_footnote: u32,
    last_annotation: u32,
    /// Who made the redline's tracked changes ([`redline_author`]).
    redline_author: String,
    _notes: std::marker::PhantomData<&'a NoteView>,
}

impl<'a> NoteParts<'a> {
    /// Parts for at most `notes` footnotes.
    fn new(mode: NotesMode, notes: usize) -> NoteParts<'a> {
        let last_footnote = 1;
        NoteParts {
            mode,
            comments: String::new(),
            extended: String::new(),
            footnotes: String::new(),
            last_footnote,
            last_annotation: last_footnote + u32::try_from(notes).unwrap_or(u32::MAX / 2),
            redline_author: REDLINE_AUTHOR.to_owned(),
            _notes: std::marker::PhantomData,
        }
    }

    /// A new ID for a comment, a bookmark or a tracked change.
    fn annotation_id(&mut self) -> u32 {
        self.last_annotation += 1;
        self.last_annotation
    }

    /// Registers a note; returns its comment's IDs (with its replies') and its footnote ID, as the
    /// mode asks.
    fn add(&mut self, note: &'a NoteView) -> NoteIds {
        let (comment, replies) = match self.mode.comments() {
            true => {
                let (id, replies) = self.add_comment(note);
                (Some(id), replies)
            }
            false => (None, 0),
        };
        let footnote = self.mode.footnotes().then(|| {
            self.last_footnote += 1;
            let id = self.last_footnote;
            let _ = write!(
                self.footnotes,
                "<w:footnote w:id=\"{id}\">{}</w:footnote>",
                note_paragraphs(
                    note,
                    Some("FootnoteText"),
                    "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
                    true
                )
            );
            id
        });
        NoteIds {
            comment,
            replies,
            footnote,
        }
    }

    /// A note as a comment, and each reply as a comment threaded under it as Word threads them
    /// (`commentsExtended`: a reply's last paragraph names its parent's). Returns the comment's ID
    /// and how many replies follow it (their IDs are the next ones).
    fn add_comment(&mut self, note: &NoteView) -> (u32, u32) {
        const REFERENCE: &str =
            "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>";
        let id = self.annotation_id();
        let parent = para_id(id);
        // Word shows who wrote a comment and when: the layer stands in for a missing author.
        let author = |name: &str| {
            if name.trim().is_empty() {
                note.layer.clone()
            } else {
                name.to_owned()
            }
        };
        let paragraphs = note_paragraphs(note, None, REFERENCE, false);
        self.write_comment(id, &author(&note.author), &note.created, &paragraphs);
        let _ = write!(
            self.extended,
            "<w15:commentEx w15:paraId=\"{parent}\" w15:done=\"0\"/>"
        );
        for reply in &note.replies {
            let reply_id = self.annotation_id();
            let paragraphs: String = super::normalised_lines(&reply.note)
                .into_iter()
                .enumerate()
                .map(|(index, line)| {
                    let reference = if index == 0 { REFERENCE } else { "" };
                    user_paragraph(None, line, &format!("{reference}{}", user_run(line, "")))
                })
                .collect();
            self.write_comment(
                reply_id,
                &author(&reply.author),
                &reply.created,
                &paragraphs,
            );
            let _ = write!(
                self.extended,
                "<w15:commentEx w15:paraId=\"{}\" w15:paraIdParent=\"{parent}\" w15:done=\"0\"/>",
                para_id(reply_id)
            );
        }
        (id, u32::try_from(note.replies.len()).unwrap_or(0))
    }

    /// One `w:comment`; its last paragraph carries the paragraph ID threads refer to.
    fn write_comment(&mut self, id: u32, author: &str, created: &str, paragraphs: &str) {
        let initials: String = author.chars().take(1).collect();
        let date = comment_date(created)
            .map(|date| format!(" w:date=\"{date}\""))
            .unwrap_or_default();
        let mut paragraphs = paragraphs.to_owned();
        if let Some(last) = paragraphs.rfind("<w:p>") {
            paragraphs.replace_range(
                last..last + "<w:p>".len(),
                &format!("<w:p w14:paraId=\"{}\">", para_id(id)),
            );
        }
        let _ = write!(
            self.comments,
            "<w:comment w:id=\"{id}\" w:author=\"{}\"{date} w:initials=\"{}\">{paragraphs}</w:comment>",
            escape(author),
            escape(&initials),
        );
    }
}

impl NoteParts<'_> {
    /// A footnote with `text` (a citation in a brief), written whatever the notes mode; its ID.
    fn citation(&mut self, text: &str) -> u32 {
        self.last_footnote += 1;
        let id = self.last_footnote;
        let _ = write!(
            self.footnotes,
            "<w:footnote w:id=\"{id}\">{}</w:footnote>",
            user_paragraph(
                Some("FootnoteText"),
                text,
                &format!(
                    "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>{}",
                    user_run(&format!(" {text}"), "")
                )
            )
        );
        id
    }
}

/// The paragraph ID of a comment's last paragraph (`w14:paraId`: eight hex digits below 0x80000000).
fn para_id(comment: u32) -> String {
    format!("{:08X}", 0x1000_0000 + (comment & 0x0FFF_FFFF))
}

/// A note's IDs in the document: its comment (the replies' comments take the IDs after it) and its
/// footnote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NoteIds {
    comment: Option<u32>,
    replies: u32,
    footnote: Option<u32>,
}

impl NoteIds {
    fn comment_only(self) -> NoteIds {
        NoteIds {
            footnote: None,
            ..self
        }
    }

    fn footnote_only(self) -> NoteIds {
        NoteIds {
            comment: None,
            replies: 0,
            ..self
        }
    }

    /// The comment and its replies' comments.
    fn comments(self) -> impl Iterator<Item = u32> {
        self.comment
            .into_iter()
            .flat_map(move |id| id..=id + self.replies)
    }
}

/// A note's creation time as a comment date (`w:date` is an xsd:dateTime, "2026-11-20T09:00:00Z");
/// a bare date gets midnight; anything else is left out rather than make Word refuse the file.
fn comment_date(created: &str) -> Option<String> {
    let created = created.trim();
    let digits_at = |text: &str, places: &[usize]| {
        places
            .iter()
            .all(|&at| text.as_bytes().get(at).is_some_and(u8::is_ascii_digit))
    };
    let is_date = created.len() >= 10
        && digits_at(created, &[0, 1, 2, 3, 5, 6, 8, 9])
        && created.get(4..5) == Some("-")
        && created.get(7..8) == Some("-");
    if !is_date {
        return None;
    }
    match created.len() {
        10 => Some(format!("{created}T00:00:00Z")),
        _ if created.get(10..11) == Some("T")
            && digits_at(created, &[11, 12, 14, 15, 17, 18])
            && created.is_ascii() =>
        {
            Some(created.to_owned())
        }
        _ => None,
    }
}

/// Where a note ends: the comment ranges (the note's and its replies') close, their references and
/// the footnote mark follow the words.
fn note_end(out: &mut String, ids: NoteIds) {
    // Replies close before their note: the note's range holds theirs, so LibreOffice (which lists
    // comments on the same words outermost first) lists the note, then its replies.
    let comments: Vec<u32> = ids.comments().collect();
    for &id in comments.iter().rev() {
        let _ = write!(
            out,
            "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
        );
    }
    if let Some(id) = ids.footnote {
        let _ = write!(
            out,
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        );
    }
}

fn note_start(out: &mut String, ids: NoteIds) {
    for id in ids.comments() {
        let _ = write!(out, "<w:commentRangeStart w:id=\"{id}\"/>");
    }
}

/// Words a note is on (a byte range of the shown text) with the note's comment and footnote numbers.
type NoteMark = (Range<usize>, NoteIds);

/// Runs of a text made of pieces (byte range in the shown text, text, change) with notes opened and
/// closed exactly at their words; `write_piece` writes one piece's runs.
fn runs_with_notes(
    pieces: &[(Range<usize>, String, Change)],
    marks: &[NoteMark],
    write_piece: &mut dyn FnMut(&mut String, &str, Change),
) -> String {
    let mut out = String::new();
    let boundary = |out: &mut String, at: usize| {
        // Comments ending here close last-opened first, so that LibreOffice, which lists comments on
        // the same words outermost first, lists them in the notes' order; footnote references
        // follow in that order.
        for (_, ids) in marks.iter().rev().filter(|(r, _)| r.end == at) {
            note_end(out, ids.comment_only());
        }
        for (_, ids) in marks.iter().filter(|(r, _)| r.end == at) {
            note_end(out, ids.footnote_only());
        }
        for (_, ids) in marks.iter().filter(|(r, _)| r.start == at) {
            note_start(out, *ids);
        }
    };
    // Zero-width pieces (deleted words in a redline) share their offset with the next piece: each
    // boundary is written once.
    let mut written: Option<usize> = None;
    let mut end = 0;
    for (range, text, change) in pieces {
        if written != Some(range.start) {
            boundary(&mut out, range.start);
            written = Some(range.start);
        }
        write_piece(&mut out, text, *change);
        end = range.end;
    }
    if written != Some(end) {
        boundary(&mut out, end);
    }
    out
}

/// Whole-provision notes at the start of a cell: "[n¶]" with its comment and footnote.
fn whole_markers<'a>(
    parts: &mut NoteParts<'a>,
    section: &'a PairSection,
    numbers: &[usize],
) -> String {
    let mut out = String::new();
    for number in numbers {
        let Some(note) = section.notes.iter().find(|n| n.number == *number) else {
            continue;
        };
        let ids = parts.add(note);
        note_start(&mut out, ids);
        out.push_str(&run(
            &format!("[{number}¶]"),
            "<w:rStyle w:val=\"Label\"/><w:b/><w:sz w:val=\"16\"/>",
        ));
        note_end(&mut out, ids);
    }
    out
}

fn cell(content: &str, width: u32, merge: Option<&str>) -> String {
    let merge = merge.map_or(String::new(), |m| m.to_owned());
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{merge}</w:tcPr>{content}</w:tc>")
}

fn table(rows: &[String], widths: &[u32]) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:left w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:right w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:color=\"BBBBBB\"/>\
</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn row(cells: &[String], header: bool) -> String {
    let props = if header {
        "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    } else {
        "<w:trPr><w:cantSplit/></w:trPr>"
    };
    format!("<w:tr>{props}{}</w:tr>", cells.concat())
}

/// A Word bookmark name for a pair's anchor (letters, digits and underscores).
fn bookmark(anchor: &str) -> String {
    anchor
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// The namespaces of Word 2010's paragraph IDs and Word 2012's comment threads.
const W14: &str = "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"";
const W15: &str = "xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"";

const SMALL: &str = "<w:sz w:val=\"18\"/>";

/// The summary of changes: one row per pair and per provision without counterpart, its title
/// linked to its heading, and the page it starts on (a PAGEREF field to its bookmark, which Word and
/// LibreOffice fill in when they lay the document out).
fn differences_table(comparison: &Comparison) -> String {
    let widths = [2600, 1700, 1500, 700, 2000, 700];
    let header = row(
        &["Pair", "Relation", "Similarity", "Notes", "Tags", "Page"]
            .into_iter()
            .zip(widths)
            .map(|(h, w)| cell(&paragraph(None, &run(h, "<w:b/>")), w, None))
            .collect::<Vec<_>>(),
        true,
    );
    let mut rows = vec![header];
    for section in &comparison.sections {
        let tags: std::collections::BTreeSet<&str> = section
            .notes
            .iter()
            .flat_map(|n| n.tags.iter().map(String::as_str))
            .collect();
        let link = format!(
            "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">{}</w:hyperlink>",
            bookmark(&section.anchor),
            run(
                &section.title(),
                &format!("<w:rStyle w:val=\"Hyperlink\"/>{SMALL}")
            )
        );
        let texts = [
            format!("{} ({})", section.relation, section.theme),
            section.similarity_cell(),
            section.notes.len().to_string(),
            tags.into_iter().collect::<Vec<_>>().join(", "),
        ];
        let mut cells = vec![cell(&paragraph(None, &link), widths[0], None)];
        for (text, width) in texts.iter().zip(&widths[1..]) {
            cells.push(cell(&paragraph(None, &run(text, SMALL)), *width, None));
        }
        let page = field(&format!("PAGEREF {} \\h", bookmark(&section.anchor)));
        cells.push(cell(&paragraph(None, &page), widths[5], None));
        rows.push(row(&cells, false));
    }
    table(&rows, &widths)
}

/// A row's redline as formatted runs (struck through / underlined / dotted), for the departures table.
fn formatted_inline(inline: &[InlineSegment]) -> String {
    inline
        .iter()
        .map(|piece| {
            run(
                &piece.text,
                &format!("{}{SMALL}", change_properties(piece.change)),
            )
        })
        .collect()
}

/// The departures table: one row per aligned sentence with changed words — pinpoints, the redlined text,
/// the pair's rationale and evidence (one merged cell per pair), the notes on the row, and an empty
/// column for the team's comments.
fn departures_table(comparison: &Comparison) -> String {
    let widths = [1100, 3300, 2000, 2000, 1200];
    let header = row(
        &[
            "Pinpoints",
            "Redlined text",
            "Rationale and evidence",
            "Notes",
            "Comments",
        ]
        .into_iter()
        .zip(widths)
        .map(|(h, w)| cell(&paragraph(None, &run(h, "<w:b/>")), w, None))
        .collect::<Vec<_>>(),
        true,
    );
    let mut rows = vec![header];
    for section in &comparison.sections {
        let placements = section.note_placements();
        // Only rows whose words changed: a Related pair is two different texts, not a departure.
        let departures = section.rows.iter().enumerate().filter(|(_, view)| {
            !section.side_by_side
                && view
                    .inline
                    .iter()
                    .any(|piece| matches!(piece.change, Change::Deleted | Change::Inserted))
        });
        for (shown, (row_index, view)) in departures.enumerate() {
            let pinpoints = [&view.uncc_pinpoint, &view.bc_pinpoint]
                .into_iter()
                .zip([
                    &section.names[Side::Revision].label,
                    &section.names[Side::Base].label,
                ])
                .filter(|(p, _)| !p.is_empty())
                .map(|(p, treaty)| paragraph(None, &run(&format!("{treaty} {p}"), SMALL)))
                .collect::<String>();
            let rationale = if shown == 0 {
                let mut content = paragraph(None, &user_run(&section.rationale, SMALL));
                for evidence in &section.evidence {
                    content.push_str(&paragraph(
                        None,
                        &run(&format!("Evidence: {}", evidence.cited()), SMALL),
                    ));
                }
                cell(&content, widths[2], Some("<w:vMerge w:val=\"restart\"/>"))
            } else {
                cell(&paragraph(None, ""), widths[2], Some("<w:vMerge/>"))
            };
            let notes: String = placements
                .iter()
                .filter(|p| p.row == row_index)
                .filter_map(|p| section.notes.get(p.note))
                .map(|note| {
                    let text = note_excerpt(&super::one_line(&note.note), note.number);
                    paragraph(
                        None,
                        &format!(
                            "{}{}",
                            run(&format!("[{}] ", note.number), &format!("<w:b/>{SMALL}")),
                            user_run(&text, SMALL)
                        ),
                    )
                })
                .collect();
            let cells = [
                cell(&pinpoints, widths[0], None),
                cell(
                    &paragraph(None, &formatted_inline(&view.inline)),
                    widths[1],
                    None,
                ),
                rationale,
                cell(
                    if notes.is_empty() {
                        "<w:p/>"
                    } else {
                        notes.as_str()
                    },
                    widths[3],
                    None,
                ),
                cell("<w:p/>", widths[4], None),
            ];
            rows.push(row(&cells, false));
        }
    }
    table(&rows, &widths)
}

/// A note as the departures table's Notes column shows it: up to 200 characters, then a pointer to
/// the note in full, so that one long note does not stretch a row over pages.
fn note_excerpt(text: &str, number: usize) -> String {
    const SHOWN: usize = 200;
    match text.char_indices().nth(SHOWN) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let cut = text[..cut]
                .rfind(' ')
                .filter(|&at| at > cut / 2)
                .unwrap_or(cut);
            format!("{}… (see note {number} in full)", text[..cut].trim_end())
        }
    }
}

/// The marks (notes on quoted words) of a cell, registered as comments/footnotes.
fn cell_marks<'a>(
    parts: &mut NoteParts<'a>,
    section: &'a PairSection,
    cell: &CellNotes,
) -> Vec<NoteMark> {
    cell.quoted
        .iter()
        .filter_map(|(range, number)| {
            let note = section.notes.iter().find(|n| n.number == *number)?;
            Some((range.clone(), parts.add(note)))
        })
        .collect()
}

/// One pair in two columns.
fn pair_columns<'a>(body: &mut String, parts: &mut NoteParts<'a>, section: &'a PairSection) {
    let header = row(
        &[
            format!(
                "{}, {}",
                section.names[Side::Revision].heading,
                section.side_heading(Side::Revision)
            ),
            format!(
                "{}, {}",
                section.names[Side::Base].heading,
                section.side_heading(Side::Base)
            ),
        ]
        .map(|h| cell(&paragraph(None, &run(&h, "<w:b/>")), 4650, None)),
        true,
    );
    let mut rows = vec![header];
    let placements = section.note_placements();
    for (row_index, view) in section.rows.iter().enumerate() {
        let mut sides = Vec::new();
        for (side, pinpoint, segments) in [
            (Side::Revision, &view.uncc_pinpoint, &view.uncc),
            (Side::Base, &view.bc_pinpoint, &view.bc),
        ] {
            let notes = section.cell_notes(&placements, row_index, side);
            let mut content = run(
                &format!("{pinpoint} "),
                "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>",
            );
            content.push_str(&whole_markers(parts, section, &notes.whole));
            let marks = cell_marks(parts, section, &notes);
            let references = section.cell_references(row_index, side);
            let points =
                super::references::cut_points(marks.iter().map(|(r, _)| r.clone()), &references);
            let pieces: Vec<(Range<usize>, String, Change)> = cut_segments(segments, &points)
                .into_iter()
                .map(|(range, text, change)| (range, text.to_owned(), change))
                .collect();
            // A cross-reference to a pair of the export links to that pair's bookmark.
            let mut anchors = pieces.iter().map(|(range, _, _)| {
                references
                    .iter()
                    .find(|link| link.range.start <= range.start && range.end <= link.range.end)
                    .map(|link| bookmark(&link.anchor))
            });
            content.push_str(&runs_with_notes(
                &pieces,
                &marks,
                &mut |out, text, change| {
                    let piece = run(text, change_properties(change));
                    match anchors.next().flatten() {
                        Some(name) => {
                            let _ = write!(out, "<w:hyperlink w:anchor=\"{name}\" w:history=\"1\">{piece}</w:hyperlink>");
                        }
                        None => out.push_str(&piece),
                    }
                },
            ));
            sides.push(cell(&paragraph(None, &content), 4650, None));
        }
        rows.push(row(&sides, false));
    }
    body.push_str(&table(&rows, &[4650, 4650]));
}

/// One pair as one redlined column: Budapest-only words tracked deletions, UN-only words tracked
/// insertions, so that "Accept all" leaves the UN text and "Reject all" the Budapest text of every
/// row. Equivalent terms are tracked too, with a dotted underline that says "terminology". Each
/// note sits on its own treaty's words; whole-provision notes at the start of the sentence. The
/// pinpoints and note marks are in the "Label (not treaty text)" style, apart from the texts.
fn pair_redline<'a>(body: &mut String, parts: &mut NoteParts<'a>, section: &'a PairSection) {
    let placements = section.note_placements();
    for (row_index, view) in section.rows.iter().enumerate() {
        let uncc = section.cell_notes(&placements, row_index, Side::Revision);
        let bc = section.cell_notes(&placements, row_index, Side::Base);
        let (revision, base) = (
            &section.names[Side::Revision].label,
            &section.names[Side::Base].label,
        );
        let pinpoint = match (view.uncc_pinpoint.is_empty(), view.bc_pinpoint.is_empty()) {
            (false, false) => format!(
                "{revision} {} / {base} {} ",
                view.uncc_pinpoint, view.bc_pinpoint
            ),
            (false, true) => format!("{revision} {} ", view.uncc_pinpoint),
            _ => format!("{base} {} ", view.bc_pinpoint),
        };
        let mut content = run(&pinpoint, LABEL);
        let mut at_start: Vec<usize> = uncc.whole.clone();
        at_start.extend(&bc.whole);
        content.push_str(&whole_markers(parts, section, &at_start));
        let marks = [
            (Side::Revision, cell_marks(parts, section, &uncc)),
            (Side::Base, cell_marks(parts, section, &bc)),
        ];
        let pieces = redline_pieces(&view.inline, &marks);
        content.push_str(&redline_runs(parts, &pieces, &marks));
        body.push_str(&paragraph(None, &content));
    }
}

/// A stretch of a redline with where it lies in each sentence it belongs to (equal text in both).
struct RedlinePiece<'a> {
    segment: &'a InlineSegment,
    text: &'a str,
    uncc: Option<Range<usize>>,
    bc: Option<Range<usize>>,
}

/// The redline's segments cut where a note on either side starts or ends. A segment's offsets in
/// each sentence are what comes before it on that side: the sentences are rebuilt exactly.
fn redline_pieces<'a>(
    inline: &'a [InlineSegment],
    marks: &[(Side, Vec<NoteMark>); 2],
) -> Vec<RedlinePiece<'a>> {
    let points = |key: Side| -> Vec<usize> {
        marks
            .iter()
            .filter(|(side, _)| *side == key)
            .flat_map(|(_, marks)| marks.iter().flat_map(|(r, _)| [r.start, r.end]))
            .collect()
    };
    let (uncc_points, bc_points) = (points(Side::Revision), points(Side::Base));
    let (mut uncc_at, mut bc_at) = (0, 0);
    let mut pieces = Vec::new();
    for segment in inline {
        let len = segment.text.len();
        let in_uncc = segment.change != Change::Deleted;
        let in_bc = segment.change != Change::Inserted;
        let mut cuts: Vec<usize> = Vec::new();
        if in_uncc {
            cuts.extend(uncc_points.iter().filter_map(|p| p.checked_sub(uncc_at)));
        }
        if in_bc {
            cuts.extend(bc_points.iter().filter_map(|p| p.checked_sub(bc_at)));
        }
        cuts.retain(|&cut| cut > 0 && cut < len && segment.text.is_char_boundary(cut));
        cuts.push(len);
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = 0;
        for cut in cuts {
            let Some(text) = segment.text.get(from..cut) else {
                continue;
            };
            pieces.push(RedlinePiece {
                segment,
                text,
                uncc: in_uncc.then(|| uncc_at + from..uncc_at + cut),
                bc: in_bc.then(|| bc_at + from..bc_at + cut),
            });
            from = cut;
        }
        if in_uncc {
            uncc_at += len;
        }
        if in_bc {
            bc_at += len;
        }
    }
    pieces
}

/// The runs of a redline: tracked deletions and insertions (dotted for terminology), with each
/// note's comment opened where its words start on its own side and closed where they end.
fn redline_runs(
    parts: &mut NoteParts<'_>,
    pieces: &[RedlinePiece<'_>],
    marks: &[(Side, Vec<NoteMark>); 2],
) -> String {
    let on_side = |key: Side, piece: &RedlinePiece<'_>| match key {
        Side::Revision => piece.uncc.clone(),
        Side::Base => piece.bc.clone(),
    };
    let mut out = String::new();
    let mut open: Vec<bool> = marks
        .iter()
        .flat_map(|(_, m)| m.iter().map(|_| false))
        .collect();
    let mut closed = open.clone();
    for piece in pieces {
        let mut index = 0;
        for (key, side_marks) in marks {
            for (range, ids) in side_marks {
                if !open[index] && on_side(*key, piece).is_some_and(|r| r.start >= range.start) {
                    note_start(&mut out, *ids);
                    open[index] = true;
                }
                index += 1;
            }
        }
        out.push_str(&tracked_run(parts, piece.segment, piece.text));
        let mut ending = Vec::new();
        let mut index = 0;
        for (key, side_marks) in marks {
            for (range, ids) in side_marks {
                let ends_here = on_side(*key, piece).is_some_and(|r| r.end >= range.end);
                if open[index] && !closed[index] && ends_here {
                    ending.push(*ids);
                    closed[index] = true;
                }
                index += 1;
            }
        }
        // As in the columns: comments close last-opened first, footnote references in order.
        for ids in ending.iter().rev() {
            note_end(&mut out, ids.comment_only());
        }
        for ids in &ending {
            note_end(&mut out, ids.footnote_only());
        }
    }
    // A note whose words run to the end of the sentence closes with it.
    let all = marks.iter().flat_map(|(_, side_marks)| side_marks);
    for ((_, ids), (&opened, &done)) in all.zip(open.iter().zip(&closed)) {
        if opened && !done {
            note_end(&mut out, *ids);
        }
    }
    out
}

/// One piece of a redline as a run: equal text plain, a deletion or insertion tracked.
fn tracked_run(parts: &mut NoteParts<'_>, segment: &InlineSegment, text: &str) -> String {
    let escaped = escape(text);
    let term = if segment.term {
        "<w:rPr><w:u w:val=\"dotted\"/><w:color w:val=\"555555\"/></w:rPr>"
    } else {
        ""
    };
    match segment.change {
        Change::Deleted => format!(
            "<w:del w:id=\"{}\" w:author=\"{}\"><w:r>{term}<w:delText xml:space=\"preserve\">{escaped}</w:delText></w:r></w:del>",
            parts.annotation_id(),
            escape(&parts.redline_author)
        ),
        Change::Inserted => format!(
            "<w:ins w:id=\"{}\" w:author=\"{}\"><w:r>{term}<w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:ins>",
            parts.annotation_id(),
            escape(&parts.redline_author)
        ),
        change => run(text, change_properties(change)),
    }
}

/// A handout's stop: the teacher's note (teacher's edition), then the question with ruled lines to
/// write the answer on.
fn stop_paragraphs(body: &mut String, stop: &super::handout::StopPart) {
    if let Some(note) = &stop.teacher_note {
        body.push_str(&paragraph(None, &run("Teacher's note", "<w:b/>")));
        for line in super::normalised_lines(note) {
            if !line.is_empty() {
                body.push_str(&user_paragraph(None, line, &user_run(line, "")));
            }
        }
    }
    if stop.question.trim().is_empty() {
        return;
    }
    // The question and its lines stay on one page (each paragraph kept with the next).
    let keep = "<w:pPr><w:keepNext/></w:pPr>";
    body.push_str(&format!("<w:p>{keep}{}</w:p>", run("Question", "<w:b/>")));
    for line in super::normalised_lines(&stop.question) {
        if !line.is_empty() {
            let bidi = if super::is_rtl(line) { "<w:bidi/>" } else { "" };
            body.push_str(&format!(
                "<w:p><w:pPr><w:keepNext/>{bidi}</w:pPr>{}</w:p>",
                user_run(line, "")
            ));
        }
    }
    // Empty paragraphs with a rule under each: lines to write on. Word and LibreOffice draw one
    // border around paragraphs that share it, so the rules between them are `between` borders.
    let lines = super::handout::ANSWER_LINES;
    for number in 1..=lines {
        let keep_next = if number < lines { "<w:keepNext/>" } else { "" };
        body.push_str(&format!(
            "<w:p><w:pPr>{keep_next}<w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"999999\"/><w:between w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"999999\"/></w:pBdr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"480\" w:lineRule=\"exact\"/></w:pPr></w:p>"
        ));
    }
}

fn styles() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}>\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Arial\" w:eastAsia=\"Noto Sans CJK SC\"/><w:sz w:val=\"20\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"80\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"30\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"26\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"22\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:color w:val=\"555555\"/><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Label\"><w:name w:val=\"Label (not treaty text)\"/><w:rPr><w:color w:val=\"666666\"/><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"1F4E9A\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>"
    )
}

/// The section properties: paper, margins, header and footer.
fn section_properties(paper: Paper, landscape: bool) -> String {
    let (width, height) = match paper {
        Paper::A4 => (11906, 16838),
        Paper::Letter => (12240, 15840),
    };
    let (width, height, orient) = match landscape {
        true => (height, width, " w:orient=\"landscape\""),
        false => (width, height, ""),
    };
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
<w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient}/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    )
}

/// A field (PAGE, NUMPAGES) as Word and LibreOffice read it, with a placeholder result.
fn field(instruction: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

pub fn render(comparison: &Comparison, options: &RenderOptions) -> Vec<u8> {
    // Every footnote: one per note, and a brief's citations.
    let citations: usize = comparison
        .brief
        .iter()
        .flat_map(|brief| &brief.questions)
        .map(|question| question.cites.revision.len() + question.cites.base.len())
        .sum();
    let notes = comparison
        .sections
        .iter()
        .map(|s| s.notes.len())
        .sum::<usize>()
        + citations;
    let mut parts = NoteParts::new(options.notes, notes);
    parts.redline_author = redline_author(&comparison.sides);
    let body = document_body(comparison, options.layout, &mut parts);
    package_document(&Frame::of(comparison, options.paper), &body, &parts)
}

/// The document's body: title and front matter, the overview tables, each pair (or stop), the
/// safeguards matrix and the appendix; notes go to `parts` as they are met.
fn document_body<'a>(
    comparison: &'a Comparison,
    layout: Layout,
    parts: &mut NoteParts<'a>,
) -> String {
    let mut body = String::new();
    front_matter(&mut body, comparison);
    if let Some(brief) = &comparison.brief {
        summary_table(&mut body, brief);
    }
    // A handout goes straight to its stops, a brief to its questions: the overview tables are for
    // comparisons.
    if !comparison.sections.is_empty() && comparison.handout.is_none() && comparison.brief.is_none()
    {
        overview_tables(&mut body, comparison, layout);
    }
    for (question, sections) in comparison.groups() {
        if let Some((number, question)) = question {
            question_paragraphs(&mut body, parts, number, question);
        }
        for section in sections {
            section_paragraphs(&mut body, parts, section, layout);
        }
    }
    if !comparison.matrix.is_empty() {
        body.push_str(&paragraph(Some("Heading1"), &run("Safeguards matrix", "")));
        body.push_str(&matrix_table(comparison));
    }
    if !comparison.appendix.is_empty() {
        body.push_str(&paragraph(
            Some("Heading1"),
            &run("Appendix: notes on provisions outside the selection", ""),
        ));
        // In the body whatever the notes mode: these notes have no words of the export to sit on.
        for note in &comparison.appendix {
            body.push_str(&note_paragraphs(note, None, "", true));
        }
    }
    body
}

/// A brief's title page ends here; then its summary table: each question (linked to it) with both
/// answers in one line.
fn summary_table(body: &mut String, brief: &BriefPart) {
    body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    body.push_str(&paragraph(Some("Heading1"), &run("Summary", "")));
    let widths = [3000, 3250, 3250];
    let header = row(
        &["Question", "UN Convention", "Budapest Convention"]
            .into_iter()
            .zip(widths)
            .map(|(h, w)| cell(&paragraph(None, &run(h, "<w:b/>")), w, None))
            .collect::<Vec<_>>(),
        true,
    );
    let mut rows = vec![header];
    for (index, question) in brief.questions.iter().enumerate() {
        let link = format!(
            "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">{}</w:hyperlink>",
            bookmark(&question.anchor),
            user_run(
                &question.heading(index + 1),
                &format!("<w:rStyle w:val=\"Hyperlink\"/>{SMALL}")
            )
        );
        let first = format!(
            "{}{}",
            paragraph(None, &link),
            user_paragraph(
                None,
                &question.question,
                &user_run(&question.question, SMALL)
            )
        );
        let mut cells = vec![cell(&first, widths[0], None)];
        for (key, width) in Side::ALL.into_iter().zip(&widths[1..]) {
            let text = &question.summary[key];
            cells.push(cell(
                &user_paragraph(None, text, &user_run(text, SMALL)),
                *width,
                None,
            ));
        }
        rows.push(row(&cells, false));
    }
    body.push_str(&table(&rows, &widths));
}

/// One question of a brief, on a new page: the question, each answer with its citations as
/// footnotes (each giving the cited provision's pinpoint, ID and text), findings of absence, views,
/// evidence, and the links and notes it draws on. Its pairs follow.
fn question_paragraphs(
    body: &mut String,
    parts: &mut NoteParts<'_>,
    number: usize,
    question: &QuestionPart,
) {
    body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    let name = bookmark(&question.anchor);
    // Bookmark IDs of questions are kept apart from the pairs' (which count from 0).
    let id = 100_000 + number;
    body.push_str(&paragraph(
        Some("Heading1"),
        &format!(
            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>{}<w:bookmarkEnd w:id=\"{id}\"/>",
            user_run(&question.heading(number), "")
        ),
    ));
    body.push_str(&user_paragraph(
        None,
        &question.question,
        &user_run(&question.question, "<w:b/>"),
    ));
    for key in Side::ALL {
        body.push_str(&paragraph(
            Some("Heading3"),
            &run(brief::treaty_label(key), ""),
        ));
        let mut runs = user_run(&super::one_line(&question.answers[key]), "");
        for cited in &question.cites[key] {
            let id = parts.citation(&format!(
                "[{}] {} ({}): {}",
                cited.number,
                cited.pinpoint,
                cited.id,
                super::one_line(&cited.text)
            ));
            let _ = write!(
                runs,
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
            );
        }
        body.push_str(&user_paragraph(None, &question.answers[key], &runs));
    }
    let mut list = |heading: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        body.push_str(&paragraph(Some("Heading3"), &run(heading, "")));
        for item in items {
            body.push_str(&user_paragraph(
                None,
                &item,
                &user_run(&format!("• {item}"), ""),
            ));
        }
    };
    list("In neither treaty", question.absent.clone());
    list(
        "Views reported",
        question
            .sources
            .iter()
            .map(|s| format!("{} ({})", s.view, s.source))
            .collect(),
    );
    list(
        "Evidence",
        question.evidence.iter().map(|e| e.cited()).collect(),
    );
    list(
        "Crosswalk links drawn on",
        question.links.iter().map(LinkRefView::plain).collect(),
    );
    list(
        "Notes drawn on",
        question.notes.iter().map(NoteRefView::plain).collect(),
    );
}

/// The title, what the document compares, the sources and, for a handout, its edition, audience and
/// a line for the student's name.
fn front_matter(body: &mut String, comparison: &Comparison) {
    body.push_str(&paragraph(Some("Title"), &run(&comparison.title, "")));
    body.push_str(&paragraph(None, &run(&comparison.intro(), "")));
    for source in &comparison.sources {
        body.push_str(&paragraph(None, &run(source, SMALL)));
    }
    if let Some(handout) = &comparison.handout {
        body.push_str(&paragraph(None, &run(handout.edition(), "<w:b/>")));
        if !handout.audience.is_empty() {
            body.push_str(&user_paragraph(
                None,
                &handout.audience,
                &user_run(&format!("For: {}", handout.audience), ""),
            ));
        }
        if !handout.teacher {
            body.push_str(&paragraph(
                None,
                &run("Name: ______________________________", ""),
            ));
        }
    }
}

/// The legend (worded for the layout), the differences table and the departures table.
fn overview_tables(body: &mut String, comparison: &Comparison, layout: Layout) {
    let sides = &comparison.sides;
    let (revision, base) = (&sides[Side::Revision], &sides[Side::Base]);
    let (revision_name, base_name) = (&revision.name, &base.name);
    let legend = match layout {
        Layout::Columns => format!(
            "Legend: struck through = only in the {base_name}; underlined = only in the {revision_name}; dotted underline = equivalent terms; [n] after words = note n on them, [n¶] = note n on the whole provision (notes as footnotes and/or comments)."
        ),
        Layout::Redline => format!(
            "Legend: the {revision_name}'s text with tracked changes by “{}”: deletions = only in the {base_name}, insertions = only in the {revision_name} (Review ▸ Next steps through them): Accept all gives the {} text, Reject all the {} text; a dotted underline on a tracked change = equivalent terms (a change of terminology, not of substance); a comment sits on the words of its own treaty, [n¶] = note n on a whole provision.",
            redline_author(sides),
            revision.label,
            base.label
        ),
    };
    body.push_str(&paragraph(None, &run(&legend, &format!("<w:i/>{SMALL}"))));
    body.push_str(&paragraph(Some("Heading1"), &run("Summary of changes", "")));
    body.push_str(&differences_table(comparison));
    body.push_str(&paragraph(Some("Heading1"), &run("Departures table", "")));
    body.push_str(&paragraph(
        None,
        &run(
            &format!(
                "One row per aligned sentence: the {} text with {}-only words struck through and {}-only words underlined; the Comments column is left for the team.",
                revision.label, base.label, revision.label
            ),
            &format!("<w:i/>{SMALL}"),
        ),
    ));
    body.push_str(&departures_table(comparison));
}

/// One pair (or a handout's stop): its heading, bookmarked for the differences table's link, what it
/// states and why, its texts in the chosen layout, notes no row shows, and the stop's question.
fn section_paragraphs<'a>(
    body: &mut String,
    parts: &mut NoteParts<'a>,
    section: &'a PairSection,
    layout: Layout,
) {
    if section.stop.as_ref().is_some_and(|stop| stop.number > 1) {
        // Each stop of a handout on a page of its own.
        body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }
    let name = bookmark(&section.anchor);
    let id = parts.annotation_id();
    body.push_str(&paragraph(
        Some("Heading2"),
        &format!(
            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>{}<w:bookmarkEnd w:id=\"{id}\"/>",
            run(&section.title(), "")
        ),
    ));
    body.push_str(&paragraph(None, &run(&section.statement, "<w:b/>")));
    let mut meta = section.meta_line();
    if !section.origin.is_empty() {
        let _ = write!(meta, " · {}", section.origin);
    }
    body.push_str(&paragraph(None, &run(&meta, SMALL)));
    for line in super::normalised_lines(&section.rationale) {
        if !line.is_empty() {
            body.push_str(&user_paragraph(None, line, &user_run(line, "<w:i/>")));
        }
    }
    for evidence in &section.evidence {
        body.push_str(&paragraph(
            None,
            &run(&format!("Evidence: {}", evidence.cited()), SMALL),
        ));
    }
    match layout {
        Layout::Columns => pair_columns(body, parts, section),
        Layout::Redline => pair_redline(body, parts, section),
    }
    unplaced_notes(body, parts, section);
    if let Some(stop) = &section.stop {
        stop_paragraphs(body, stop);
    }
}

/// Notes on the pair that no row shows (e.g. excerpts left their sentence out): a paragraph each,
/// carrying the comment and footnote.
fn unplaced_notes<'a>(body: &mut String, parts: &mut NoteParts<'a>, section: &'a PairSection) {
    let placements = section.note_placements();
    for index in section.unplaced_notes(&placements) {
        let Some(note) = section.notes.get(index) else {
            continue;
        };
        let ids = parts.add(note);
        let mut runs = String::new();
        note_start(&mut runs, ids);
        runs.push_str(&run(
            &format!(
                "[{}] Note on {} (not shown above)",
                note.number, note.pinpoint
            ),
            SMALL,
        ));
        note_end(&mut runs, ids);
        body.push_str(&paragraph(None, &runs));
    }
}

/// The safeguards matrix: each power or measure with the safeguards linked to it in either treaty.
fn matrix_table(comparison: &Comparison) -> String {
    let header = row(
        &["Power or measure", "UN Convention", "Budapest Convention"]
            .map(|h| cell(&paragraph(None, &run(h, "<w:b/>")), 3100, None)),
        true,
    );
    let mut rows = vec![header];
    for line in &comparison.matrix {
        let cells = [
            line.measure.clone(),
            line.safeguard_list(Side::Revision),
            line.safeguard_list(Side::Base),
        ]
        .map(|text| cell(&paragraph(None, &run(&text, "")), 3100, None));
        rows.push(row(&cells, false));
    }
    table(&rows, &[3100, 3100, 3100])
}

/// What a document says around its body: title and subject (document properties), the running
/// header, the footer's line after "Page n of m", and the page.
struct Frame {
    title: String,
    subject: String,
    header: String,
    footer: String,
    paper: Paper,
    landscape: bool,
}

impl Frame {
    fn of(comparison: &Comparison, paper: Paper) -> Frame {
        Frame {
            title: comparison.title.clone(),
            subject: comparison.intro(),
            header: format!(
                "Crosswalk: UN Convention and Budapest Convention — {}",
                comparison.selection
            ),
            footer: comparison.edition_line(),
            paper,
            landscape: false,
        }
    }
}

/// A landscape A4 document of one table under its title as a heading, for tables other than the
/// comparison's (the implementation table): a header row Word and LibreOffice repeat on every page,
/// then one row per entry, every cell a user's text (escaped, with its direction and language).
/// Each column gets its `(name, weight)`'s share of the page's width, so long texts get wide columns.
pub(crate) fn table_document(
    title: &str,
    columns: &[(&str, u32)],
    rows: &[Vec<String>],
) -> Vec<u8> {
    // Text width of landscape A4 with the margins of `section_properties`.
    let total: u32 = columns.iter().map(|(_, weight)| weight).sum::<u32>().max(1);
    let widths: Vec<u32> = columns
        .iter()
        .map(|(_, weight)| (16838 - 2 * 1134) * weight / total)
        .collect();
    let header = row(
        &columns
            .iter()
            .zip(&widths)
            .map(|((name, _), width)| cell(&paragraph(None, &run(name, "<w:b/>")), *width, None))
            .collect::<Vec<_>>(),
        true,
    );
    let mut table_rows = vec![header];
    for cells in rows {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(text, width)| cell(&text_paragraphs(text), *width, None))
            .collect();
        table_rows.push(row(&cells, false));
    }
    let body = format!(
        "{}{}",
        user_paragraph(Some("Heading1"), title, &user_run(title, "")),
        table(&table_rows, &widths)
    );
    let frame = Frame {
        title: title.to_owned(),
        subject: title.to_owned(),
        header: format!("Crosswalk — {title}"),
        footer: format!("Crosswalk {}", env!("CARGO_PKG_VERSION")),
        paper: Paper::A4,
        landscape: true,
    };
    package_document(&frame, &body, &NoteParts::new(NotesMode::default(), 0))
}

/// A cell's text as paragraphs, one per line (a provision's sub-paragraphs stay apart); an empty
/// text still gives the one paragraph a cell must hold.
fn text_paragraphs(text: &str) -> String {
    text.split('\n')
        .map(|line| user_paragraph(None, line, &user_run(line, SMALL)))
        .collect()
}

/// The DOCX package around a body: the document with its section properties, the comments and
/// footnotes the notes became, header, footer, styles, settings and document properties.
fn package_document(frame: &Frame, body: &str, parts: &NoteParts<'_>) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}{}</w:body></w:document>",
        section_properties(frame.paper, frame.landscape)
    );
    let comments_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments {NS} {W14}>{}</w:comments>",
        parts.comments
    );
    let extended_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w15:commentsEx {W15}>{}</w15:commentsEx>",
        parts.extended
    );
    let footnotes_xml = footnotes_xml(&parts.footnotes);
    let header_xml = header_xml(&frame.header);
    let footer_xml = footer_xml(&frame.footer);
    let settings_xml = settings_xml();
    let core = core_properties(&frame.title, &frame.subject);
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles().as_bytes()),
        ("word/settings.xml", settings_xml.as_bytes()),
        ("word/comments.xml", comments_xml.as_bytes()),
        ("word/commentsExtended.xml", extended_xml.as_bytes()),
        ("word/footnotes.xml", footnotes_xml.as_bytes()),
        ("word/header1.xml", header_xml.as_bytes()),
        ("word/footer1.xml", footer_xml.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
    ])
}

/// The footnotes part: Word's two separators (IDs 0 and 1), then the notes' footnotes.
fn footnotes_xml(footnotes: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes {NS}>\
<w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
<w:footnote w:type=\"continuationSeparator\" w:id=\"1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>",
        footnotes
    )
}

/// The running header: what the document compares, and which selection.
fn header_xml(header: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {NS}>{}</w:hdr>",
        paragraph(Some("Header"), &run(header, ""))
    )
}

/// The footer: "Page n of m", with fields the word processor fills in.
/// "Page n of m · Crosswalk 0.1.0 · exported …" on every page.
fn footer_xml(edition: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}{}{}{}{}</w:p></w:ftr>",
        run("Page ", ""),
        field("PAGE"),
        run(" of ", ""),
        field("NUMPAGES"),
        run(&format!(" · {edition}"), "")
    )
}

/// The settings part: the footnote separators, and the current compatibility mode (Word 2013 and
/// later), so Word does not open the document in compatibility mode.
fn settings_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings {NS}><w:footnotePr><w:footnote w:id=\"0\"/><w:footnote w:id=\"1\"/></w:footnotePr><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

/// The document properties: title, subject and the creating application.
fn core_properties(title: &str, subject: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>Crosswalk</dc:creator></cp:coreProperties>",
        escape(title),
        escape(subject)
    )
}

/// The package's parts and their content types.
const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>\
<Override PartName=\"/word/commentsExtended.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml\"/>\
<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>";

/// The package's relationships: the document and its properties.
const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>";

/// The document's relationships to its other parts.
const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>\
<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId5\" Type=\"http://schemas.microsoft.com/office/2011/relationships/commentsExtended\" Target=\"commentsExtended.xml\"/>\
<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
</Relationships>";

/// A deflate-compressed ZIP package with every entry dated 1980-01-01 (the format's epoch), so the
/// same document gives the same bytes.
fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // Writing to memory only fails on sizes a DOCX never reaches (4 GiB without ZIP64).
        if writer.start_file(*name, options).is_err() || writer.write_all(bytes).is_err() {
            break;
        }
    }
    writer
        .finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}
