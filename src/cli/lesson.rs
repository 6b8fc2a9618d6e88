//! `crosswalk lesson check FILE` and `crosswalk lesson show FILE`: printers over the lesson model.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use super::{CheckFailed, Format, printable};
use crosswalk::corpus::Corpus;
use crosswalk::lesson::{self, Lesson, LessonError, StopView, WithSource};

/// Prints every problem as `file:line:col: message`; exit 1 when one of them is an error.
///
/// The exit status says whether the lesson is valid whatever happens to standard output: a closed pipe
/// (`… | head -1`) does not turn a failed check into a success.
pub fn check_command(corpus: &Corpus, path: &Path, out: &mut dyn Write) -> Result<()> {
    let name = path.display().to_string();
    let (lesson, text) = match Lesson::read(path) {
        Ok(read) => read,
        // Not readable at all (missing, a FIFO, a device, too large): said once, on standard error.
        Err(error @ LessonError::Read(_)) => return Err(error.into()),
        Err(error) => {
            let _ = writeln!(out, "{}", printable(&error.to_string()));
            return Err(CheckFailed(format!("{name}: not a valid lesson file")).into());
        }
    };
    let links = corpus.shipped_links();
    let messages = lesson::check(&lesson, &text, &corpus.library, &links);
    let errors = messages.iter().filter(|m| m.is_error).count();
    let warnings = messages.len() - errors;
    let printed = messages.iter().try_for_each(|message| {
        let severity = if message.is_error { "" } else { "warning: " };
        let line = format!(
            "{name}:{}:{}: {severity}{}",
            message.line, message.col, message.message
        );
        writeln!(out, "{}", printable(&line))
    });
    if errors > 0 {
        let noun = if errors == 1 { "error" } else { "errors" };
        return Err(CheckFailed(format!("{name}: {errors} {noun}")).into());
    }
    printed?;
    let stops = lesson.stops.len();
    let mut summary = format!(
        "{name}: ok: {stops} {}",
        if stops == 1 { "stop" } else { "stops" }
    );
    if warnings > 0 {
        summary.push_str(&format!(
            ", {warnings} {}",
            if warnings == 1 { "warning" } else { "warnings" }
        ));
    }
    writeln!(out, "{}", printable(&summary))?;
    Ok(())
}

/// Prints the lesson stop by stop (text), or the resolved stops as JSON.
pub fn show_command(
    corpus: &Corpus,
    path: &Path,
    format: Format,
    texts: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let (lesson, text) = Lesson::read(path)?;
    let links = corpus.shipped_links();
    let problems = lesson::check(&lesson, &text, &corpus.library, &links)
        .iter()
        .filter(|m| m.is_error)
        .count();
    if problems > 0 {
        eprintln!(
            "crosswalk: {} has {problems} error(s); see `crosswalk lesson check {}`",
            path.display(),
            path.display()
        );
    }
    let views = lesson.views(corpus, &links);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "title": lesson.title,
                "audience": lesson.audience,
                "stops": views,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            writeln!(out, "{}", lesson.title)?;
            if !lesson.audience.is_empty() {
                writeln!(out, "For: {}", lesson.audience)?;
            }
            let stops = views.len();
            writeln!(out, "{stops} {}", if stops == 1 { "stop" } else { "stops" })?;
            for view in &views {
                writeln!(out)?;
                print_stop(view, texts, out)?;
            }
        }
    }
    Ok(())
}

fn print_stop(view: &StopView, texts: bool, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Stop {} of {}: {}", view.number, view.of, view.heading)?;
    for (_, side) in view.sides.iter() {
        for shown in side {
            writeln!(out, "  {} [{}] {}", shown.pinpoint, shown.id, shown.title)?;
            if texts {
                for line in shown.text.lines() {
                    writeln!(out, "      {line}")?;
                }
            }
        }
    }
    if view.with.is_empty() && view.with_source == WithSource::Listed {
        writeln!(out, "  (shown alone)")?;
    }
    for link in &view.links {
        let theme = link
            .theme
            .as_ref()
            .map_or_else(String::new, |theme| format!(", {theme}"));
        writeln!(out, "  Link: {} ({}{theme})", link.statement, link.relation)?;
        if !link.rationale.is_empty() {
            writeln!(out, "    {}", link.rationale)?;
        }
    }
    for unmatched in &view.unmatched {
        writeln!(
            out,
            "  No counterpart for {}: {}",
            unmatched.id, unmatched.reason
        )?;
    }
    for highlight in &view.highlights {
        writeln!(
            out,
            "  Highlight, {}: “{}”",
            highlight.pinpoint, highlight.quote
        )?;
    }
    if !view.note.is_empty() {
        writeln!(out, "  Note: {}", view.note)?;
    }
    if !view.question.is_empty() {
        writeln!(out, "  Question: {}", view.question)?;
    }
    Ok(())
}

/// The handout `crosswalk export --lesson FILE [--teacher]` prints, through the export printers. A
/// lesson with errors is refused (its stops would print wrong), pointing at `crosswalk lesson check`.
pub fn handout(
    corpus: &Corpus,
    path: &Path,
    teacher: bool,
    format: crosswalk::export::Format,
    options: &crosswalk::export::Options,
) -> Result<crosswalk::export::Comparison> {
    use crosswalk::export::Format;
    if matches!(format, Format::Csv | Format::Xlsx | Format::W3c) {
        return Err(anyhow::anyhow!(
            "a lesson is printed as html, pdf, docx, md or json, not as {}",
            format.extension()
        ));
    }
    let (lesson, text) = Lesson::read(path)?;
    let links = corpus.shipped_links();
    let name = path.display();
    let errors = lesson::check(&lesson, &text, &corpus.library, &links)
        .iter()
        .filter(|m| m.is_error)
        .count();
    if errors > 0 {
        return Err(CheckFailed(format!(
            "{name} has {errors} error(s); see `crosswalk lesson check {name}`"
        ))
        .into());
    }
    Ok(crosswalk::export::handout::build(
        corpus, &lesson, &links, options, teacher,
    ))
}
