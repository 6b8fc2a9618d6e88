//! `crosswalk check FILE`: an annotation file validated, one `file:line:col: message` per problem.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::CheckFailed;
use crosswalk::annotations::{self, AnnotationFile};
use crosswalk::model::Library;

/// `crosswalk check`: the report goes to standard output, one `file:line:col: message` per problem
/// (every unknown field, each message at its own item's line); the exit status says whether the
/// file is valid, whether or not the report could be written. A file that cannot be read at all is
/// one message on standard error.
pub fn command(library: &Library, path: &Path, out: &mut dyn Write) -> Result<()> {
    let name = path.display().to_string();
    let mut report = String::new();
    let valid = match AnnotationFile::read(path) {
        Ok(loaded) => {
            let mut messages: Vec<(usize, usize, String, bool)> = loaded
                .unknown_fields
                .iter()
                .filter_map(|error| {
                    let (line, col) = error.position()?;
                    let text = error.to_string();
                    let message = text
                        .splitn(4, ':')
                        .nth(3)
                        .unwrap_or(&text)
                        .trim()
                        .to_owned();
                    Some((line, col, message, true))
                })
                .collect();
            messages.extend(
                annotations::check(&loaded.file, &loaded.text, library)
                    .into_iter()
                    .map(|m| (m.line, m.col, m.message, m.is_error)),
            );
            messages.sort_by_key(|(line, col, _, _)| (*line, *col));
            for (line, col, message, is_error) in &messages {
                let severity = if *is_error { "" } else { "warning: " };
                report.push_str(&format!("{name}:{line}:{col}: {severity}{message}\n"));
            }
            let errors = messages.iter().filter(|m| m.3).count();
            if errors == 0 {
                // Questions are counted only where there are some: older reports stay as they were.
                let questions = match loaded.file.questions.len() {
                    0 => String::new(),
                    count => format!(", {count} questions"),
                };
                report.push_str(&format!(
                    "{name}: ok ({} annotations, {} links{questions})\n",
                    loaded.file.annotations.len(),
                    loaded.file.links.len()
                ));
                Ok(())
            } else {
                Err(CheckFailed(format!("{name}: {errors} error(s)")))
            }
        }
        Err(error)
            if error.position().is_some()
                || matches!(error, annotations::AnnotationError::NewerSchema { .. }) =>
        {
            report.push_str(&format!("{error}\n"));
            Err(CheckFailed(format!("{name}: not a valid annotation file")))
        }
        // Not readable at all: said once, on standard error.
        Err(error) => return Err(error.into()),
    };
    if let Err(error) = out.write_all(report.as_bytes()).and_then(|()| out.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("crosswalk: could not print the report: {error}");
    }
    Ok(valid?)
}
