//! What serde does not tell: where things are in a layer file's text.
//!
//! `ron` turns a file into values and forgets the places; messages and the read-only rules need them.
//! This module reads the same text a second time, only for its shape: where each annotation and link
//! starts, where its `id` and its anchors' provisions are, where a field ends (to step over an unknown
//! field), and where comments are. It also checks the raw text before parsing: UTF-8 (with the byte
//! order mark accepted), no control characters, each refusal with its line and column.
//!
//! The reader never panics and never recurses deeper than [`MAX_NESTING`]; on text it does not
//! understand it returns `None` and callers fall back to less precise positions.

use std::ops::Range;

/// How deeply values may be nested in a layer file (the schema itself needs 6 levels).
pub const MAX_NESTING: usize = 64;

/// The header line every saved layer starts with; it is not a comment of the user's.
pub fn header_line() -> String {
    format!(
        "// Crosswalk annotations (schema {}). Plain RON: safe to edit by hand and to merge in git.",
        super::file::SCHEMA_VERSION
    )
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

/// Why the raw bytes of a file are not text we read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextProblem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// The text of a file: UTF-8, a leading byte order mark dropped, no control characters other than
/// tab, newline and carriage return, and none of the non-characters U+FFFE and U+FFFF.
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
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| is_refused_char(c)) {
        let (line, col) = line_col(text, at);
        return Err(TextProblem {
            line,
            col,
            message: format!(
                "control character U+{:04X} is not allowed in an annotation file",
                u32::from(c)
            ),
        });
    }
    Ok(text)
}

fn is_refused_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && u32::from(c) < 0x20)
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
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

/// Where one annotation or link is: its start, its `id` value, and its anchors' `provision` values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemPlace {
    pub start: usize,
    pub id: Option<usize>,
    pub anchors: Vec<usize>,
}

impl Shape {
    /// The places of the annotations (in file order).
    pub fn annotations(&self) -> Vec<ItemPlace> {
        self.items("annotations", "anchor")
    }

    /// The places of the links (in file order).
    pub fn links(&self) -> Vec<ItemPlace> {
        self.items("links", "ends")
    }

    fn items(&self, list: &str, anchors: &str) -> Vec<ItemPlace> {
        let Some(field) = self.root.field(list) else {
            return Vec::new();
        };
        field
            .value
            .items()
            .iter()
            .map(|item| {
                let provision = |anchor: &Node| {
                    anchor
                        .field("provision")
                        .map_or(anchor.span.start, |f| f.value.span.start)
                };
                let anchors = match item.field(anchors) {
                    Some(field) if matches!(field.value.kind, NodeKind::Seq(_)) => {
                        field.value.items().iter().map(provision).collect()
                    }
                    Some(field) => vec![provision(&field.value)],
                    None => Vec::new(),
                };
                ItemPlace {
                    start: item.span.start,
                    id: item.field("id").map(|f| f.value.span.start),
                    anchors,
                }
            })
            .collect()
    }

    /// Comments other than the header line Crosswalk itself writes at the top.
    pub fn user_comments(&self, text: &str) -> Vec<Range<usize>> {
        let header = header_line();
        self.comments
            .iter()
            .filter(|range| {
                !(range.start == 0 && text.get(range.start..range.end) == Some(header.as_str()))
            })
            .cloned()
            .collect()
    }
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
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
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
        self.expect(b'\'')?;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'\'' => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "// my note\n(\n    schema: 1,\n    annotations: [\n        (id: \"a\", anchor: (provision: \"uncc:art_1\", quote: \"x // not a comment\")),\n        (anchor: (provision: \"bc:art_2\"), color: Some(\"#fff\")), /* trailing */\n    ],\n    links: [(id: \"l\", ends: [(provision: \"uncc:art_3\"), (provision: \"bc:art_4\")], relation: Custom(\"x\"))],\n)\n";

    #[test]
    fn places_of_items_ids_and_anchors() {
        let shape = shape(SAMPLE).expect("reads the sample");
        let annotations = shape.annotations();
        assert_eq!(annotations.len(), 2);
        assert_eq!(line_col(SAMPLE, annotations[0].start), (5, 9));
        assert_eq!(&SAMPLE[annotations[0].id.unwrap()..][..3], "\"a\"");
        assert_eq!(annotations[1].id, None);
        assert_eq!(&SAMPLE[annotations[1].anchors[0]..][..10], "\"bc:art_2\"");
        let links = shape.links();
        assert_eq!(links[0].anchors.len(), 2);
        assert_eq!(&SAMPLE[links[0].anchors[1]..][..10], "\"bc:art_4\"");
    }

    #[test]
    fn comments_outside_strings_are_found_and_the_header_is_not_a_user_comment() {
        let shape = shape(SAMPLE).expect("reads the sample");
        let comments: Vec<&str> = shape.comments.iter().map(|r| &SAMPLE[r.clone()]).collect();
        assert_eq!(comments, ["// my note", "/* trailing */"]);
        let saved = format!("{}\n(schema: 1)\n", header_line());
        let shape = super::shape(&saved).expect("reads a saved file");
        assert_eq!(shape.comments.len(), 1);
        assert!(shape.user_comments(&saved).is_empty());
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
}
