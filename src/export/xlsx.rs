//! XLSX: the CSV's tables as sheets a spreadsheet opens without an import dialog — `pairs` (one
//! row per pair or provision without counterpart), `notes` (notes and replies), `matrix` and
//! `sources` (title, selection, sources), and a brief's `questions` first — each with a frozen, filterable header row and wrapped
//! text. The implementation table ([`crate::implementation`]) is written by the same [`workbook`].
//! Cells are written as text, so nothing in them runs as a formula, and the document's
//! creation date is fixed: the same comparison gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::Comparison;
use super::csv::{ABOUT_HEADER, HEADER, MATRIX_HEADER, QUESTION_HEADER, Tables, tables};

/// Column widths (characters) of the wide text columns; the others stay narrow.
fn column_width(name: &str) -> f64 {
    match name {
        "statement" | "rationale" | "evidence" | "note" | "text" | "obliging text" => 60.0,
        "quote" | "uncc_safeguards" | "bc_safeguards" | "measure" | "national provisions" => 30.0,
        _ => 14.0,
    }
}

/// The workbook, or why it could not be written.
pub fn render(comparison: &Comparison) -> Result<Vec<u8>, XlsxError> {
    let Tables {
        questions,
        rows,
        matrix,
        about,
    } = tables(comparison);
    let (pairs, notes): (Vec<Vec<String>>, Vec<Vec<String>>) = rows
        .into_iter()
        .partition(|row| row.first().is_some_and(|kind| kind == "pair"));
    let brief = (!questions.is_empty()).then_some(("questions", &QUESTION_HEADER[..], questions));
    workbook(
        &comparison.title,
        brief.into_iter().chain([
            ("pairs", &HEADER[..], pairs),
            ("notes", &HEADER[..], notes),
            ("matrix", &MATRIX_HEADER[..], matrix),
            ("sources", &ABOUT_HEADER[..], about),
        ]),
    )
}

/// A workbook titled `title` with one sheet per (name, header, rows), in order, each filled as
/// [`fill`] does; its creation date is fixed, so the same tables give the same bytes.
pub(crate) fn workbook<'a>(
    title: &str,
    sheets: impl IntoIterator<Item = (&'a str, &'a [&'a str], Vec<Vec<String>>)>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_text_wrap();
    for (name, columns, body) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        fill(sheet, columns, &body, &header, &text)?;
    }
    workbook.save_to_buffer()
}

/// One sheet: the header row frozen with an autofilter over the table, then the rows as text.
fn fill(
    sheet: &mut Worksheet,
    columns: &[&str],
    body: &[Vec<String>],
    header: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    for (column, name) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, column, *name, header)?;
        sheet.set_column_width(column, column_width(name))?;
    }
    for (row, cells) in (1u32..).zip(body) {
        for (column, cell) in (0u16..).zip(cells) {
            if !cell.is_empty() {
                sheet.write_string_with_format(row, column, super::clean(cell), text)?;
            }
        }
    }
    let last_row = u32::try_from(body.len()).unwrap_or(u32::MAX - 1);
    let last_column = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_column)?;
    Ok(())
}
