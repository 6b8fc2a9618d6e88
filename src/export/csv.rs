//! CSV as spreadsheets read it (RFC 4180): fields with commas, quotes or line breaks are quoted,
//! quotes doubled. Cells starting with `=`, `+`, `-` or `@` are prefixed with `'` so a spreadsheet
//! does not run user text as a formula.

/// One CSV field.
pub fn field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_owned() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// One CSV line (without the line break).
pub fn row<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    fields.into_iter().map(field).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(row(["a", "b,c"]), "a,\"b,c\"");
    }
}
