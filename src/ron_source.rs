//! Hand-edited RON files: their text, the places of their values, and messages that point at them.
//!
//! `ron` turns a file into values and forgets the places; messages and the read-only rules need them.
//! This module is the one home for what every file a user may edit by hand (annotation layers, lessons,
//! the shipped crosswalk and terms) needs besides serde: the raw text checked before parsing (UTF-8,
//! the byte order mark accepted, no control characters, each refusal with its line and column); a
//! second reading of the same text for its shape only (where each value, field and comment is); the
//! error type that names a `file:line:col`; and "did you mean" suggestions for misspelt names.
//!
//! The reader never panics and never recurses deeper than [`MAX_NESTING`]; on text it does not
//! understand it returns `None` and callers fall back to less precise positions.

use std::ops::Range;

use thiserror::Error;

/// How deeply values may be nested in a hand-edited file (the layer schema itself needs 6 levels).
pub const MAX_NESTING: usize = 64;

/// A problem at a place in a file: shown as `file:line:col: message`, as compilers and editors do.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}:{col}: {message}")]
pub struct SyntaxError {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub col: usize,
    pub message: String,
}

impl SyntaxError {
    pub fn new(file: &str, (line, col): (usize, usize), message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            file: file.to_owned(),
            line,
            col,
            message: message.into(),
        }
    }

    /// `ron`'s own error at its own place, with `ron`'s message.
    pub fn from_ron(file: &str, error: &ron::error::SpannedError) -> SyntaxError {
        SyntaxError::new(
            file,
            (error.span.start.line, error.span.start.col),
            error.code.to_string(),
        )
    }

    /// A refusal of the raw text (see [`decode`]).
    pub fn from_text_problem(file: &str, problem: TextProblem) -> SyntaxError {
        SyntaxError::new(file, (problem.line, problem.col), problem.message)
    }
}

/// Line and column (1-based, columns in characters) of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Where each line of a text starts, so that many byte offsets become lines and columns without
/// scanning the text from its start each time (a check of 10,000 items places 10,000 messages).
///
/// Columns are counted in characters. A file may be one long line (a 2 MB line of comments, 50,000
/// notes on one line), so characters are counted once, at checkpoints every [`CHECKPOINT_BYTES`]:
/// each lookup counts at most that many bytes, and placing every item of a file stays linear.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// `chars_before[k]`: the number of characters in the first `k * CHECKPOINT_BYTES` bytes.
    chars_before: Vec<usize>,
}

/// How far apart [`LineIndex`] remembers character counts.
const CHECKPOINT_BYTES: usize = 64;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: &u8) -> bool {
    byte & 0xC0 != 0x80
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut chars_before = vec![0];
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(CHECKPOINT_BYTES) {
            chars += chunk.iter().filter(|byte| starts_char(byte)).count();
            chars_before.push(chars);
        }
        LineIndex {
            text,
            starts,
            chars_before,
        }
    }

    /// The number of characters before `byte` (a character boundary).
    fn chars_up_to(&self, byte: usize) -> usize {
        if self.chars_before.last() == Some(&self.text.len()) {
            // All ASCII (most files): bytes are characters.
            return byte;
        }
        let block = byte / CHECKPOINT_BYTES;
        let counted = self.chars_before.get(block).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(block * CHECKPOINT_BYTES..byte)
            .map_or(0, |bytes| {
                bytes.iter().filter(|byte| starts_char(byte)).count()
            });
        counted + rest
    }

    /// The same as [`line_col`] of the text, found by a binary search of the line starts.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= byte);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let col = self.chars_up_to(byte) - self.chars_up_to(start) + 1;
        (line.max(1), col)
    }
}

/// The `schema` a file declares when it is newer than `supported`, with the `(line, col)` of its value.
/// Every versioned kind of file asks this when it cannot read a file: a newer file may fail for
/// reasons that are no error in its own version, and saying "newer" is then the true message.
pub fn newer_schema(text: &str, supported: u32) -> Option<(u32, (usize, usize))> {
    let value = shape(text)?.root.field("schema")?.value.span.clone();
    let found: u32 = text.get(value.clone())?.trim().parse().ok()?;
    (found > supported).then(|| (found, line_col(text, value.start)))
}

/// Why the raw bytes of a file are not text we read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextProblem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The text of a file: UTF-8, a leading byte order mark dropped (a second one refused), no control
/// characters other than tab, newline and carriage return, whether raw or written as string escapes
/// (`"\u{1b}[2J"` would reach a terminal or an export as the raw character), and none of the
/// non-characters U+FFFE and U+FFFF.
pub fn decode(bytes: &[u8]) -> Result<&str, TextProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let good = error.valid_up_to();
            // The valid prefix is text: count lines and columns in it.
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
            let (line, col) = line_col(prefix, good);
            let bad: Vec<String> = bytes[good..]
                .iter()
                .take(error.error_len().unwrap_or(bytes.len() - good).min(4))
                .map(|b| format!("{b:#04x}"))
                .collect();
            return Err(TextProblem {
                line,
                col,
                message: format!(
                    "not UTF-8 text (byte {} here); save the file as UTF-8",
                    bad.join(" ")
                ),
            });
        }
    };
    if text.starts_with('\u{FEFF}') {
        return Err(TextProblem {
            line: 1,
            col: 1,
            message:
                "a second byte order mark (U+FEFF) at the start; save the file with at most one"
                    .to_owned(),
        });
    }
    let refused = |at: usize, c: char, how: &str| {
        let (line, col) = line_col(text, at);
        TextProblem {
            line,
            col,
            message: format!(
                "control character U+{:04X}{how} is not allowed in a hand-edited file",
                u32::from(c)
            ),
        }
    };
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| is_refused_char(c)) {
        return Err(refused(at, c, ""));
    }
    if let Some((at, c)) = escaped_refused_char(text) {
        return Err(refused(at, c, " (written as an escape)"));
    }
    Ok(text)
}

/// Control characters (C0 other than tab, newline and carriage return; DEL; C1, which terminals also
/// obey) and the non-characters U+FFFE and U+FFFF: never part of a note, and dangerous when printed.
fn is_refused_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The first string or character literal escape (`\u{1b}`, `\x1b`) that stands for a refused
/// character, with the byte where the escape starts.
fn escaped_refused_char(text: &str) -> Option<(usize, char)> {
    refused_escapes(text)
        .first()
        .map(|(range, c)| (range.start, *c))
}

/// `text` (RON written by this app) with every escape of a refused character replaced by the escape of
/// U+FFFD, the replacement character: a control character pasted into a note is shown as `�`, and the
/// file stays one the app opens again.
pub fn replace_refused_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, _) in refused_escapes(text) {
        out.push_str(text.get(copied..range.start).unwrap_or_default());
        out.push_str("\\u{fffd}");
        copied = range.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// Every string or character literal escape that stands for a refused character, in order. Comments
/// and raw strings hold no escapes; an unclosed literal or comment ends the search (the parser
/// refuses it with its own message).
fn refused_escapes(text: &str) -> Vec<(Range<usize>, char)> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        comments: Vec::new(),
    };
    let mut found = Vec::new();
    while let Some(byte) = reader.peek() {
        match byte {
            b'/' if matches!(reader.peek_at(1), Some(b'/' | b'*')) => {
                if reader.trivia().is_none() {
                    break;
                }
            }
            b'"' | b'\'' => {
                let start = reader.at;
                if reader.quoted(byte).is_none() {
                    break;
                }
                let literal = text.get(start..reader.at).unwrap_or_default();
                found.extend(
                    refused_escapes_in(literal)
                        .into_iter()
                        .map(|(range, c)| (start + range.start..start + range.end, c)),
                );
            }
            b'r' if reader.starts_raw_string() => {
                if reader.raw_string().is_none() {
                    break;
                }
            }
            _ => reader.at += 1,
        }
    }
    found
}

/// In one quoted literal: each escape that stands for a refused character, with its byte range.
fn refused_escapes_in(literal: &str) -> Vec<(Range<usize>, char)> {
    let bytes = literal.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes.get(at) != Some(&b'\\') {
            at += 1;
            continue;
        }
        let rest = literal.get(at + 2..).unwrap_or_default();
        let escape = match bytes.get(at + 1) {
            Some(b'x') => rest
                .get(..2)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .map(|code| (code, 4)),
            Some(b'u') => rest
                .strip_prefix('{')
                .and_then(|hex| hex.split_once('}'))
                .and_then(|(hex, _)| Some((u32::from_str_radix(hex, 16).ok()?, hex.len() + 4))),
            _ => None,
        };
        if let Some((c, len)) = escape.and_then(|(code, len)| Some((char::from_u32(code)?, len)))
            && is_refused_char(c)
        {
            found.push((at..at + len, c));
        }
        at += 2;
    }
    found
}

/// A value in the text: its byte range and, for structs and lists, what is inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub span: Range<usize>,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// `(name: value, …)` or `Name(name: value, …)`.
    Struct(Vec<Field>),
    /// `[a, b]`, `(a, b)`, `Some(a)`, `Variant(a)`.
    Seq(Vec<Node>),
    /// `{k: v}`, strings, numbers, identifiers.
    Atom,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// Byte offset of the field name.
    pub name_start: usize,
    pub value: Node,
    /// From the name to the end of the value and its trailing comma, if any.
    pub whole: Range<usize>,
}

impl Node {
    pub fn field(&self, name: &str) -> Option<&Field> {
        match &self.kind {
            NodeKind::Struct(fields) => fields.iter().find(|f| f.name == name),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// Every field at any depth, outermost first.
    pub fn all_fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match &node.kind {
                NodeKind::Struct(fields) => {
                    for field in fields {
                        out.push(field);
                        stack.push(&field.value);
                    }
                }
                NodeKind::Seq(items) => stack.extend(items.iter()),
                NodeKind::Atom => {}
            }
        }
        out
    }
}

/// The shape of a whole file: its top value and the byte ranges of its comments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    pub root: Node,
    pub comments: Vec<Range<usize>>,
}

/// Reads the shape of a RON text; `None` when the text is not RON this reader follows.
pub fn shape(text: &str) -> Option<Shape> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        comments: Vec::new(),
    };
    reader.trivia()?;
    // Extensions such as `#![enable(implicit_some)]` may precede the value.
    while reader.peek() == Some(b'#') {
        reader.at += 1;
        reader.expect(b'!')?;
        reader.expect(b'[')?;
        reader.skip_balanced(b']')?;
        reader.trivia()?;
    }
    let root = reader.value(0)?;
    reader.trivia()?;
    (reader.at == reader.bytes.len()).then_some(Shape {
        root,
        comments: reader.comments,
    })
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    comments: Vec<Range<usize>>,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// Skips whitespace and comments, recording the comments; `None` on an unclosed block comment.
    fn trivia(&mut self) -> Option<()> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    let start = self.at;
                    let end = self.text[start..]
                        .find('\n')
                        .map_or(self.bytes.len(), |n| start + n);
                    // The comment's text, without a carriage return before the newline.
                    let text_end = if end > start && self.bytes.get(end - 1) == Some(&b'\r') {
                        end - 1
                    } else {
                        end
                    };
                    self.comments.push(start..text_end);
                    self.at = end;
                }
                (Some(b'/'), Some(b'*')) => {
                    let start = self.at;
                    self.at += 2;
                    // Block comments nest in RON.
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.peek()?, self.peek_at(1)) {
                            (b'/', Some(b'*')) => {
                                depth += 1;
                                self.at += 2;
                            }
                            (b'*', Some(b'/')) => {
                                depth -= 1;
                                self.at += 2;
                            }
                            _ => self.at += 1,
                        }
                    }
                    self.comments.push(start..self.at);
                }
                _ => return Some(()),
            }
        }
    }

    /// Skips to the matching `close`, stepping over strings; used for `#![…]`.
    fn skip_balanced(&mut self, close: u8) -> Option<()> {
        loop {
            match self.peek()? {
                b'"' => self.string()?,
                byte if byte == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.quoted(b'"')
    }

    /// A string or character literal between two `quote` bytes, stepping over backslash escapes.
    fn quoted(&mut self, quote: u8) -> Option<()> {
        self.expect(quote)?;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                byte if byte == quote => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    /// Whether the reader is on the `r` of `r"…"` or `r#"…"#` (not of an identifier or `r#name`).
    fn starts_raw_string(&self) -> bool {
        let after_word = self.at > 0
            && self
                .bytes
                .get(self.at - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        let hashes = self
            .bytes
            .get(self.at + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        !after_word && self.peek_at(1 + hashes) == Some(b'"')
    }

    /// `r"…"`, `r#"…"#`, …: the reader is on the `r`.
    fn raw_string(&mut self) -> Option<()> {
        self.at += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.at += 1;
        }
        self.expect(b'"')?;
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        let end = self.text.get(self.at..)?.find(&closing)?;
        self.at += end + closing.len();
        Some(())
    }

    fn char_literal(&mut self) -> Option<()> {
        self.quoted(b'\'')
    }

    fn identifier(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.at += 2;
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        {
            // Identifiers are ASCII in practice; step over whole characters all the same.
            let len = self.text.get(self.at..)?.chars().next()?.len_utf8();
            self.at += len;
        }
        (self.at > start).then_some(start..self.at)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_NESTING {
            return None;
        }
        self.trivia()?;
        let start = self.at;
        let kind = match self.peek()? {
            b'(' => self.parenthesised(depth)?,
            b'[' => {
                self.at += 1;
                NodeKind::Seq(self.sequence(b']', depth)?)
            }
            b'{' => {
                self.at += 1;
                self.map(depth)?;
                NodeKind::Atom
            }
            b'"' => {
                self.string()?;
                NodeKind::Atom
            }
            b'\'' => {
                self.char_literal()?;
                NodeKind::Atom
            }
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#'))
                && !(self.peek_at(1) == Some(b'#')
                    && self.peek_at(2).is_some_and(|b| b.is_ascii_alphabetic())) =>
            {
                self.raw_string()?;
                NodeKind::Atom
            }
            b'b' if self.peek_at(1) == Some(b'"') => {
                self.at += 1;
                self.string()?;
                NodeKind::Atom
            }
            b'b' if self.peek_at(1) == Some(b'\'') => {
                self.at += 1;
                self.char_literal()?;
                NodeKind::Atom
            }
            b'b' if self.peek_at(1) == Some(b'r')
                && matches!(self.peek_at(2), Some(b'"' | b'#')) =>
            {
                self.at += 1;
                self.raw_string()?;
                NodeKind::Atom
            }
            byte if byte.is_ascii_alphabetic() || byte == b'_' => {
                self.identifier()?;
                let after_name = self.at;
                self.trivia()?;
                if self.peek() == Some(b'(') {
                    self.parenthesised(depth)?
                } else {
                    self.at = after_name;
                    NodeKind::Atom
                }
            }
            _ => {
                // Numbers and anything else up to the next delimiter.
                while self.peek().is_some_and(|b| {
                    !matches!(
                        b,
                        b',' | b')' | b']' | b'}' | b':' | b' ' | b'\t' | b'\n' | b'\r' | b'/'
                    )
                }) {
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
                NodeKind::Atom
            }
        };
        Some(Node {
            span: start..self.at,
            kind,
        })
    }

    /// After an optional name: `(…)` holding fields, values or nothing.
    fn parenthesised(&mut self, depth: usize) -> Option<NodeKind> {
        self.expect(b'(')?;
        self.trivia()?;
        // A struct when the first thing is `name:` (and not `name::`, which RON does not have anyway).
        let save = self.at;
        let is_struct = self.identifier().is_some() && {
            self.trivia()?;
            self.peek() == Some(b':') && self.peek_at(1) != Some(b':')
        };
        self.at = save;
        if !is_struct {
            return Some(NodeKind::Seq(self.sequence(b')', depth)?));
        }
        let mut fields = Vec::new();
        loop {
            self.trivia()?;
            if self.peek()? == b')' {
                self.at += 1;
                return Some(NodeKind::Struct(fields));
            }
            let name = self.identifier()?;
            self.trivia()?;
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            let end_of_value = value.span.end;
            self.trivia()?;
            let whole_end = if self.peek() == Some(b',') {
                self.at += 1;
                self.at
            } else {
                end_of_value
            };
            fields.push(Field {
                name: self
                    .text
                    .get(name.clone())?
                    .trim_start_matches("r#")
                    .to_owned(),
                name_start: name.start,
                value,
                whole: name.start..whole_end,
            });
            if whole_end == end_of_value {
                self.trivia()?;
                self.expect(b')')?;
                return Some(NodeKind::Struct(fields));
            }
        }
    }

    /// Values separated by commas up to `close` (already past the opening bracket).
    fn sequence(&mut self, close: u8, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.trivia()?;
            if self.peek()? == close {
                self.at += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.trivia()?;
            match self.peek()? {
                b',' => self.at += 1,
                byte if byte == close => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    fn map(&mut self, depth: usize) -> Option<()> {
        loop {
            self.trivia()?;
            if self.peek()? == b'}' {
                self.at += 1;
                return Some(());
            }
            self.value(depth + 1)?;
            self.trivia()?;
            self.expect(b':')?;
            self.value(depth + 1)?;
            self.trivia()?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// One step of a path into a file: a struct field or a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Field(&'a str),
    Item(usize),
}

/// The places of a RON text's values, for problems found after parsing (an unknown ID, a quote that
/// is not in the text), so that each is reported at its own `line:col`, not at the first occurrence of
/// the same words.
#[derive(Clone, Debug)]
pub struct SourceMap<'a> {
    text: &'a str,
    root: Option<Node>,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> SourceMap<'a> {
        SourceMap {
            text,
            root: shape(text).map(|shape| shape.root),
        }
    }

    /// The 1-based line and column of the value at `path`, or of its nearest ancestor that was found
    /// (the start of the file when the text could not be read at all).
    pub fn line_col(&self, path: &[Step<'_>]) -> (usize, usize) {
        let Some(mut node) = self.root.as_ref() else {
            return (1, 1);
        };
        for step in path {
            let next = match *step {
                Step::Field(name) => node.field(name).map(|field| &field.value),
                Step::Item(index) => node.items().get(index),
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        line_col(self.text, node.span.start)
    }
}

/// The edit distance between two names (insertions, deletions, substitutions and swaps of two
/// neighbouring letters), for "did you mean" suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

/// The known name nearest to `found`, if it is near enough to be a slip of the keyboard: a few
/// letters off (a third of the name), or the start of the name typed short (`quest` for `question`).
pub fn nearest_name<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    known
        .into_iter()
        .map(|name| (edit_distance(&found_lower, &name.to_lowercase()), name))
        .filter(|(distance, name)| {
            let near = *distance <= (name.chars().count().max(found.chars().count()) / 3).max(1);
            let shortened = found_lower.chars().count() >= 3 && name.starts_with(&found_lower);
            near || shortened
        })
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_line_col_at_every_byte() {
        // Long lines of mixed widths cross several checkpoints, and lines start inside a checkpoint.
        let long = format!(
            "{}\n{}\nend",
            "\u{e9}a\u{1F600}".repeat(700),
            "xy\u{4e2d}".repeat(500)
        );
        for text in [
            "",
            "a",
            "\n",
            "ab\ncd\n\n\u{e9}f\u{1F600}\ng",
            "\n\nx",
            &long,
        ] {
            let index = LineIndex::new(text);
            for byte in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(byte),
                    line_col(text, byte),
                    "{text:?} at {byte}"
                );
            }
        }
    }

    #[test]
    fn refused_text_is_located() {
        assert_eq!(decode(b"\xEF\xBB\xBF(schema: 1)"), Ok("(schema: 1)"));
        let error = decode(b"(\n  name: \"caf\xE9\"\n)").unwrap_err();
        assert_eq!((error.line, error.col), (2, 13));
        assert!(error.message.contains("0xe9"), "{}", error.message);
        let error = decode("(\n\tname: \"a\u{7}b\"\n)".as_bytes()).unwrap_err();
        assert_eq!((error.line, error.col), (2, 10));
        assert!(decode("(name: \"\u{FFFE}\")".as_bytes()).is_err());
        assert!(decode(b"(name: \"tab\there\r\n\")").is_ok());
    }

    #[test]
    fn deep_nesting_and_garbage_give_none_not_a_panic() {
        let deep = "[".repeat(100_000);
        assert_eq!(shape(&deep), None);
        for text in ["", "(", "(a:", "\"", "r#\"", "/*", "(a: 1 b: 2)", "[1 2]"] {
            assert_eq!(shape(text), None, "{text:?}");
        }
    }

    const TEXT: &str = r##"// A comment with "quotes" and (parens).
#![enable(implicit_some)]
Lesson(
    schema: 1,
    title: "A \"quoted\" title",
    stops: [
        (provision: "uncc:art_7", note: r#"raw "note""#, /* nested /* block */ */ question: "Why?"),
        (
            provision: "uncc:art_9",
            highlights: [(provision: "uncc:art_9", quote: "serious harm"), (provision: "bc:art_4", quote: 'x')],
        ),
    ],
    extra: { "key": [1, 2.5, -3], },
)
"##;

    #[test]
    fn fields_and_items_are_found_at_their_own_place() {
        let map = SourceMap::new(TEXT);
        assert_eq!(map.line_col(&[Step::Field("schema")]), (4, 13));
        assert_eq!(map.line_col(&[Step::Field("title")]), (5, 12));
        let stops = Step::Field("stops");
        assert_eq!(
            map.line_col(&[stops, Step::Item(0), Step::Field("question")]),
            (7, 93)
        );
        assert_eq!(
            map.line_col(&[
                stops,
                Step::Item(1),
                Step::Field("highlights"),
                Step::Item(1),
                Step::Field("provision")
            ]),
            (10, 88)
        );
    }

    #[test]
    fn a_path_that_is_not_there_falls_back_to_its_nearest_ancestor() {
        let map = SourceMap::new(TEXT);
        assert_eq!(
            map.line_col(&[Step::Field("stops"), Step::Item(1), Step::Field("with")]),
            (8, 9)
        );
        assert_eq!(map.line_col(&[Step::Field("missing")]), (3, 1));
    }

    #[test]
    fn errors_read_as_file_line_col_and_names_are_suggested_for_slips_only() {
        let error = SyntaxError::new("notes.ron", (3, 7), "expected `:`");
        assert_eq!(error.to_string(), "notes.ron:3:7: expected `:`");
        let fields = ["annotations", "note", "tags", "color", "question"];
        assert_eq!(nearest_name("anotations", fields), Some("annotations"));
        assert_eq!(nearest_name("notes", fields), Some("note"));
        assert_eq!(nearest_name("tag", fields), Some("tags"));
        assert_eq!(nearest_name("colour", fields), Some("color"));
        assert_eq!(nearest_name("quest", fields), Some("question"));
        assert_eq!(nearest_name("author", fields), None);
    }
}
