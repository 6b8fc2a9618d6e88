//! Rules of the code's shape that the compiler does not check.
//!
//! No function outside drawing code is over 100 lines: a long function is several steps that deserve
//! names. Drawing code is exempt only by name, in [`DRAWING_ALLOWED`], because laying out a row of widgets
//! top to bottom reads best as one piece, the way it appears on screen.

use std::path::{Path, PathBuf};

/// The most lines a function may span, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 100;

/// Drawing functions in `src/ui/` allowed to be longer: (file under `src/`, function name). Each must
/// lay out or paint widgets; logic they need lives in functions of its own. None needs it today: the
/// reader's rows and the toolbar read well as named steps too.
const DRAWING_ALLOWED: &[(&str, &str)] = &[];

#[test]
fn no_function_outside_drawing_code_is_over_100_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut too_long = Vec::new();
    let mut allowed_and_long = Vec::new();
    for path in rust_files(&root.join("src")) {
        let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
        let file = path
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for function in functions(&text) {
            if function.lines <= MAX_FUNCTION_LINES {
                continue;
            }
            let allowed = DRAWING_ALLOWED.iter().find(|(allowed_file, name)| {
                file.strip_prefix("src/") == Some(*allowed_file) && *name == function.name
            });
            match allowed {
                Some(entry) => allowed_and_long.push(entry),
                None => too_long.push(format!(
                    "{file}:{}: fn {} is {} lines",
                    function.line, function.name, function.lines
                )),
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them into named steps, or, for drawing code in \
         src/ui/, add them to DRAWING_ALLOWED in tests/architecture.rs):\n{}",
        too_long.join("\n")
    );
    let stale: Vec<_> = DRAWING_ALLOWED
        .iter()
        .filter(|entry| !allowed_and_long.contains(entry))
        .collect();
    assert!(
        stale.is_empty(),
        "DRAWING_ALLOWED names functions that are no longer over {MAX_FUNCTION_LINES} lines (or no longer \
         exist); remove them: {stale:?}"
    );
    assert!(
        DRAWING_ALLOWED
            .iter()
            .all(|(file, _)| file.starts_with("ui/")),
        "only drawing code in src/ui/ may be allowed"
    );
}

#[test]
fn the_function_finder_measures_bodies_and_skips_strings_comments_and_declarations() {
    let source = r##"
/// fn in_a_doc_comment() {
fn one() {
    let s = "fn not_a_function() { {";
    let r = r#"}"#;
    let c = '{';
    let lifetime: &'static str = "}";
    /* fn nested() { /* } */ } */
}

trait Shape {
    fn area(&self) -> [u8; 2];
    fn with_default(&self) -> Vec<fn(u8) -> u8> {
        vec![]
    }
}
"##;
    let found: Vec<_> = functions(source)
        .into_iter()
        .map(|f| (f.name, f.line, f.lines))
        .collect();
    assert_eq!(
        found,
        [("one".to_owned(), 3, 7), ("with_default".to_owned(), 13, 3)]
    );
}

/// Every `.rs` file under `dir`, sorted so that the report reads the same on every machine.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder is readable") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A function with a body: its name, the line of its `fn` (1-based) and how many lines it spans.
#[derive(Debug)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// The functions with bodies in a Rust source text, found by matching braces in the code with comments
/// and string and character literals blanked out (so a `{` in a format string does not count).
fn functions(source: &str) -> Vec<Function> {
    let code = blank_comments_and_literals(source);
    let line_of = |at: usize| code[..at].iter().filter(|&&c| c == '\n').count() + 1;
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = find_keyword(&code, at, "fn") {
        at = start + 2;
        let Some((name, after_name)) = identifier_after(&code, at) else {
            continue; // A function pointer type, `fn(u8) -> u8`.
        };
        let Some(open) = body_start(&code, after_name) else {
            continue; // A declaration without a body, `fn area(&self) -> f64;`.
        };
        let Some(close) = matching_brace(&code, open) else {
            continue;
        };
        let line = line_of(start);
        found.push(Function {
            name,
            line,
            lines: line_of(close) - line + 1,
        });
    }
    found
}

/// The source as characters, with comments and the insides of string and character literals replaced by
/// spaces; line breaks are kept so that line numbers stay right.
fn blank_comments_and_literals(source: &str) -> Vec<char> {
    let chars: Vec<char> = source.chars().collect();
    let mut code = chars.clone();
    let blank = |code: &mut Vec<char>, range: std::ops::Range<usize>| {
        for c in &mut code[range] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let end = match (chars[i], next) {
            ('/', Some('/')) => chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |n| i + n),
            ('/', Some('*')) => block_comment_end(&chars, i),
            ('"', _) => string_end(&chars, i + 1),
            ('r', Some('"' | '#')) if is_raw_string_start(&chars, i + 1) => {
                raw_string_end(&chars, i + 1)
            }
            ('\'', _) => match char_literal_end(&chars, i) {
                Some(end) => end,
                None => i + 1, // A lifetime, `'a`.
            },
            _ => i + 1,
        };
        if end > i + 1 {
            blank(&mut code, i..end);
        }
        i = end;
    }
    code
}

fn block_comment_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// The index after the closing quote of a string whose contents start at `i`.
fn string_end(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// Whether `r` followed by what starts at `i` opens a raw string: `r"…"`, `r#"…"#`.
fn is_raw_string_start(chars: &[char], i: usize) -> bool {
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    // The `r` at `i - 1` starts a word, or follows the `b` of a byte string that does.
    let starts_word = |at: usize| at == 0 || !is_identifier_char(chars[at - 1]);
    let prefix_starts_word = starts_word(i - 1) || (chars[i - 2] == 'b' && starts_word(i - 2));
    chars.get(i + hashes) == Some(&'"') && prefix_starts_word
}

fn raw_string_end(chars: &[char], i: usize) -> usize {
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    let mut j = i + hashes + 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    chars.len()
}

/// The index after a character literal starting at `i` (`'a'`, `'\n'`, `'\u{7b}'`), or `None` for a
/// lifetime.
fn char_literal_end(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => {
            let close = chars[i + 2..].iter().position(|&c| c == '\'')?;
            Some(i + 2 + close + 1)
        }
        _ if chars.get(i + 2) == Some(&'\'') => Some(i + 3),
        _ => None,
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The index of the next `keyword` standing as a word at or after `from`.
fn find_keyword(code: &[char], from: usize, keyword: &str) -> Option<usize> {
    let word: Vec<char> = keyword.chars().collect();
    (from..code.len().saturating_sub(word.len() - 1)).find(|&i| {
        code[i..i + word.len()] == word[..]
            && (i == 0 || !is_identifier_char(code[i - 1]))
            && code
                .get(i + word.len())
                .is_none_or(|&c| !is_identifier_char(c))
    })
}

/// The identifier after optional white space at `from`, and the index after it.
fn identifier_after(code: &[char], from: usize) -> Option<(String, usize)> {
    let start = from
        + code[from..]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
    let length = code[start..]
        .iter()
        .take_while(|&&c| is_identifier_char(c))
        .count();
    (length > 0).then(|| (code[start..start + length].iter().collect(), start + length))
}

/// The index of the `{` that opens a function's body, or `None` when a `;` ends the signature first.
/// Brackets are skipped, so `-> [u8; 2]` is not taken for the end.
fn body_start(code: &[char], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in code.iter().enumerate().skip(from) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '{' if depth == 0 => return Some(i),
            ';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

fn matching_brace(code: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in code.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
