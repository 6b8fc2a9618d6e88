//! Where a value sits in a RON file, so a problem found after parsing (an unknown ID, a quote that is
//! not in the text) is reported at its own `line:col`, not at the first occurrence of the same words.
//!
//! `ron` keeps no positions once a value is deserialised, so this walks the source once more and records
//! where each struct field and list item starts. It runs only on text that `ron` has already accepted,
//! and anything it does not understand ends the walk: a value it cannot place falls back to its parent.

/// One step of a path into the file: a struct field or a list item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Field(&'a str),
    Item(usize),
}

/// A value of the file and where it starts (a byte offset).
#[derive(Clone, Debug, Default)]
struct Located {
    start: usize,
    fields: Vec<(String, Located)>,
    items: Vec<Located>,
}

/// The positions of every struct field and list item of a RON text.
#[derive(Clone, Debug)]
pub struct SourceMap<'a> {
    text: &'a str,
    root: Located,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> SourceMap<'a> {
        let mut walker = Walker { text, at: 0 };
        walker.skip_attributes();
        let root = walker.value().unwrap_or_default();
        SourceMap { text, root }
    }

    /// The 1-based line and column of the value at `path`, or of its nearest ancestor that was found.
    pub fn line_col(&self, path: &[Step<'_>]) -> (usize, usize) {
        let mut node = &self.root;
        for step in path {
            let next = match *step {
                Step::Field(name) => node
                    .fields
                    .iter()
                    .find(|(field, _)| field == name)
                    .map(|(_, value)| value),
                Step::Item(index) => node.items.get(index),
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        line_col(self.text, node.start)
    }
}

/// Line and column (1-based, columns in characters) of a byte offset, as `ron` counts them.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Walker<'a> {
    text: &'a str,
    at: usize,
}

impl Walker<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.at += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Whitespace and comments (`// …`, `/* … */`, which nest in RON).
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            if rest.starts_with("//") {
                self.at += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                let mut depth = 0usize;
                let bytes = rest.as_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                self.at += i;
            } else if self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    /// `#![enable(…)]` lines before the value.
    fn skip_attributes(&mut self) {
        loop {
            self.skip_trivia();
            if !self.rest().starts_with("#!") {
                return;
            }
            match self.rest().find(']') {
                Some(end) => self.at += end + 1,
                None => return,
            }
        }
    }

    fn identifier(&mut self) -> Option<String> {
        let rest = self.rest();
        let rest = rest.strip_prefix("r#").unwrap_or(rest);
        let skipped = self.rest().len() - rest.len();
        let len: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return None;
        }
        let name = rest[..len].to_owned();
        self.at += skipped + len;
        Some(name)
    }

    fn value(&mut self) -> Option<Located> {
        self.skip_trivia();
        let start = self.at;
        let mut located = Located {
            start,
            ..Located::default()
        };
        match self.peek()? {
            '"' => self.string()?,
            '\'' => self.char_literal()?,
            'r' if self.rest().starts_with("r\"") || self.rest().starts_with("r#\"") => {
                self.raw_string()?
            }
            'b' if self.rest().starts_with("b\"") || self.rest().starts_with("b'") => {
                self.bump();
                return self.value().map(|inner| Located { start, ..inner });
            }
            '[' => {
                self.bump();
                located.items = self.items(']')?;
            }
            '{' => {
                // A map: keys and values alike are kept as items.
                self.bump();
                located.items = self.map_entries()?;
            }
            '(' => self.group(&mut located)?,
            c if c.is_alphabetic() || c == '_' => {
                self.identifier()?;
                // A struct name (`Lesson(…)`) or an enum variant with content (`Some(…)`).
                let after_name = self.at;
                self.skip_trivia();
                if self.peek() == Some('(') {
                    self.group(&mut located)?;
                } else {
                    self.at = after_name;
                }
            }
            _ => {
                // A number or another bare token.
                while self
                    .peek()
                    .is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | ')' | ']' | '}'))
                {
                    self.bump();
                }
            }
        }
        Some(located)
    }

    /// `( … )`: named fields, or the items of a tuple.
    fn group(&mut self, located: &mut Located) -> Option<()> {
        self.eat('(').then_some(())?;
        let checkpoint = self.at;
        self.skip_trivia();
        let named = self.identifier().is_some() && {
            self.skip_trivia();
            self.rest().starts_with(':') && !self.rest().starts_with("::")
        };
        self.at = checkpoint;
        if named {
            located.fields = self.fields()?;
        } else {
            located.items = self.items(')')?;
        }
        Some(())
    }

    fn fields(&mut self) -> Option<Vec<(String, Located)>> {
        let mut fields = Vec::new();
        loop {
            self.skip_trivia();
            if self.eat(')') {
                return Some(fields);
            }
            let name = self.identifier()?;
            self.skip_trivia();
            self.eat(':').then_some(())?;
            let value = self.value()?;
            fields.push((name, value));
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return self.eat(')').then_some(fields);
            }
        }
    }

    fn items(&mut self, close: char) -> Option<Vec<Located>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return self.eat(close).then_some(items);
            }
        }
    }

    fn map_entries(&mut self) -> Option<Vec<Located>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.eat('}') {
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_trivia();
            self.eat(':').then_some(())?;
            items.push(self.value()?);
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return self.eat('}').then_some(items);
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        self.eat('"').then_some(())?;
        loop {
            match self.peek()? {
                '\\' => {
                    self.bump();
                    self.bump();
                }
                '"' => {
                    self.bump();
                    return Some(());
                }
                _ => self.bump(),
            }
        }
    }

    fn char_literal(&mut self) -> Option<()> {
        self.eat('\'').then_some(())?;
        loop {
            match self.peek()? {
                '\\' => {
                    self.bump();
                    self.bump();
                }
                '\'' => {
                    self.bump();
                    return Some(());
                }
                _ => self.bump(),
            }
        }
    }

    fn raw_string(&mut self) -> Option<()> {
        self.eat('r').then_some(())?;
        let hashes = self.rest().chars().take_while(|c| *c == '#').count();
        self.at += hashes;
        self.eat('"').then_some(())?;
        let closing = format!("\"{}", "#".repeat(hashes));
        let end = self.rest().find(&closing)?;
        self.at += end + closing.len();
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
