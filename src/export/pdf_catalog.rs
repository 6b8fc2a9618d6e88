//! One edit to the PDF krilla writes: `/ViewerPreferences << /DisplayDocTitle true >>` in the
//! document catalog, so a viewer's title bar shows the comparison's title, not the file name.
//!
//! Why a step after krilla: krilla 0.8 writes `DisplayDocTitle` only when the document is validated
//! as PDF/UA-1, and that validation refuses an export with a character no font has (a placeholder
//! glyph), which Crosswalk must still write (with a warning). So the flag is added here, to the
//! finished bytes: the catalog is a plain dictionary in a classic cross-reference table (krilla uses
//! neither object streams nor cross-reference streams), so inserting the entry means moving the
//! offsets after it by its length. Anything else leaves the bytes as they were.

/// What is added to the catalog.
const ENTRY: &[u8] = b"/ViewerPreferences<</DisplayDocTitle true>>";

/// The PDF with `DisplayDocTitle` set in its catalog; unchanged if the file is not laid out as
/// expected (no catalog, a catalog with viewer preferences already, no classic xref table).
pub fn with_display_doc_title(pdf: Vec<u8>) -> Vec<u8> {
    match insert_entry(&pdf) {
        Some(edited) => edited,
        None => pdf,
    }
}

fn insert_entry(pdf: &[u8]) -> Option<Vec<u8>> {
    let catalog = find(pdf, b"/Type/Catalog", 0)?;
    let end_object = find(pdf, b"endobj", catalog)?;
    // The catalog's dictionary closes with the last `>>` before `endobj`.
    let close = rfind(&pdf[..end_object], b">>")?;
    let dictionary = &pdf[catalog..close];
    if find(dictionary, b"/ViewerPreferences", 0).is_some() {
        return None;
    }
    let startxref = rfind(pdf, b"startxref")?;
    let xref_offset: usize = number_after(pdf, startxref + b"startxref".len())?;
    if pdf.get(xref_offset..xref_offset + 4)? != b"xref" || xref_offset < close {
        return None;
    }
    let shift = ENTRY.len();
    let mut out = Vec::with_capacity(pdf.len() + shift + 2);
    out.extend_from_slice(&pdf[..close]);
    out.extend_from_slice(ENTRY);
    out.extend_from_slice(&pdf[close..xref_offset]);
    let table_end = shift_xref_table(pdf, xref_offset, close, shift, &mut out)?;
    let trailer = &pdf[table_end..startxref];
    out.extend_from_slice(trailer);
    out.extend_from_slice(format!("startxref\n{}\n%%EOF\n", xref_offset + shift).as_bytes());
    Some(out)
}

/// Copies the xref table at `at` into `out`, moving every offset past `from` by `shift`; returns
/// where the table ends (its `trailer`).
fn shift_xref_table(
    pdf: &[u8],
    at: usize,
    from: usize,
    shift: usize,
    out: &mut Vec<u8>,
) -> Option<usize> {
    let trailer = find(pdf, b"trailer", at)?;
    let table = std::str::from_utf8(&pdf[at..trailer]).ok()?;
    for line in table.split_inclusive('\n') {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [offset, generation, "n"] if offset.len() == 10 => {
                let offset: usize = offset.parse().ok()?;
                let moved = if offset > from {
                    offset + shift
                } else {
                    offset
                };
                let ending = &line[line.trim_end().len()..];
                out.extend_from_slice(format!("{moved:010} {generation} n{ending}").as_bytes());
            }
            _ => out.extend_from_slice(line.as_bytes()),
        }
    }
    Some(trailer)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// The decimal number after `at`, past white space.
fn number_after(pdf: &[u8], at: usize) -> Option<usize> {
    let digits: String = pdf
        .get(at..)?
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PDF laid out as krilla writes one: the catalog last, then the xref table.
    fn sample() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let pages = pdf.len();
        pdf.extend_from_slice(b"1 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n");
        let catalog = pdf.len();
        pdf.extend_from_slice(
            b"2 0 obj\n<</Type/Catalog/Pages 1 0 R/MarkInfo<</Marked true>>>>\nendobj\n",
        );
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f\r\n{pages:010} 00000 n\r\n{catalog:010} 00000 n\r\ntrailer\n<</Size 3/Root 2 0 R>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn the_entry_goes_into_the_catalog_and_the_xref_still_points_at_each_object() {
        let edited = with_display_doc_title(sample());
        let text = String::from_utf8(edited.clone()).unwrap();
        assert!(text.contains(
            "<</Type/Catalog/Pages 1 0 R/MarkInfo<</Marked true>>/ViewerPreferences<</DisplayDocTitle true>>>>"
        ));
        let startxref = rfind(&edited, b"startxref").unwrap();
        let xref = number_after(&edited, startxref + 9).unwrap();
        assert_eq!(&edited[xref..xref + 4], b"xref");
        for (object, line) in text[xref..].lines().skip(3).take(2).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(text[offset..].starts_with(&format!("{} 0 obj", object + 1)));
        }
    }

    #[test]
    fn a_file_laid_out_otherwise_is_left_as_it_was() {
        let mut already = sample();
        let at = find(&already, b"/Pages 1 0 R", 0).unwrap();
        already.splice(at..at, b"/ViewerPreferences<<>>".iter().copied());
        assert_eq!(with_display_doc_title(already.clone()), already);
        let no_catalog = b"%PDF-1.7\n%%EOF\n".to_vec();
        assert_eq!(with_display_doc_title(no_catalog.clone()), no_catalog);
    }
}
