//! CSV as spreadsheets read it (RFC 4180): fields with commas, quotes or line breaks are quoted,
//! quotes doubled. Cells starting with `=`, `+`, `-` or `@` are prefixed with `'` so a spreadsheet
//! does not run user text as a formula.

/// One CSV field.
pub fn field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
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

/// The comparison for spreadsheets: one row per pair, then one row per note, with a `kind` column.
pub fn render(comparison: &super::Comparison) -> String {
    let mut out = String::new();
    let header = [
        "kind",
        "pair",
        "uncc",
        "bc",
        "uncc_pinpoint",
        "bc_pinpoint",
        "relation",
        "theme",
        "similarity",
        "similarity_terms",
        "rationale",
        "layer",
        "provision",
        "pinpoint",
        "quote",
        "note",
        "tags",
    ];
    out.push_str(&row(header));
    out.push_str("\r\n");
    for section in &comparison.sections {
        let uncc = section.uncc_ids.join(";");
        let bc = section.bc_ids.join(";");
        let similarity = format!("{:.3}", section.similarity);
        let similarity_terms = format!("{:.3}", section.similarity_terms);
        let fields = [
            "pair",
            &section.anchor,
            &uncc,
            &bc,
            &section.uncc_pinpoints,
            &section.bc_pinpoints,
            &section.relation,
            &section.theme,
            &similarity,
            &similarity_terms,
            &section.rationale,
            "",
            "",
            "",
            "",
            "",
            "",
        ];
        out.push_str(&row(fields.iter().map(|f| &**f)));
        out.push_str("\r\n");
        for note in &section.notes {
            let tags = note.tags.join(";");
            let fields = [
                "annotation",
                &section.anchor,
                &uncc,
                &bc,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                &note.layer,
                &note.provision,
                &note.pinpoint,
                &note.quote,
                &note.note,
                &tags,
            ];
            out.push_str(&row(fields.iter().map(|f| &**f)));
            out.push_str("\r\n");
        }
    }
    for line in &comparison.matrix {
        let fields = [
            "matrix",
            &line.measure,
            &line.powers.uncc,
            &line.powers.bc,
            &line.safeguards.uncc.join(";"),
            &line.safeguards.bc.join(";"),
        ];
        let mut padded: Vec<&str> = fields.iter().map(|f| &**f).collect();
        padded.resize(header.len(), "");
        out.push_str(&row(padded));
        out.push_str("\r\n");
    }
    out
}
