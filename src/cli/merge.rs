//! `crosswalk merge BASE OURS THEIRS`: the three-way merge of an annotation layer, also git's merge
//! driver.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};

use super::InputRefused;
use crosswalk::annotations::{self, AnnotationFile};

/// `crosswalk merge BASE OURS THEIRS [-o OUT]`: see [`annotations::merge`]. Exit 1 listing the conflicts.
pub fn command(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let merged = annotations::merge::merge(
        &merge_input(base, false)?,
        &merge_input(ours, true)?,
        &merge_input(theirs, true)?,
    );
    let target = output.unwrap_or(ours);
    let name = target.display().to_string();
    let text = merged.file.savable_text(&name)?;
    // Git's OURS is a temporary copy: no `.bak` beside it. A file named with -o keeps its backup.
    let backup = if output.is_some() {
        annotations::fsio::Backup::Keep
    } else {
        annotations::fsio::Backup::None
    };
    annotations::fsio::save_bytes_atomically_with(
        target,
        text.as_bytes(),
        backup,
        &mut annotations::fsio::write_all,
    )?;
    for conflict in &merged.conflicts {
        let field = &conflict.field;
        if conflict.id == annotations::merge::LAYER_CONFLICT_ID {
            writeln!(
                out,
                "conflict: layer {field}: kept ours, theirs recorded in the layer's description after [conflict/{field}]"
            )?;
        } else {
            writeln!(
                out,
                "conflict: {} {field}: kept ours, theirs recorded with the tag conflict/{field}",
                conflict.id
            )?;
        }
    }
    if merged.conflicts.is_empty() {
        writeln!(
            out,
            "merged into {name} ({} annotations, {} links)",
            merged.file.annotations.len(),
            merged.file.links.len()
        )?;
        Ok(())
    } else {
        Err(anyhow!(
            "{} conflict(s) in {name}: search it for conflict/ (tags, and marks in notes and the description)",
            merged.conflicts.len()
        ))
    }
}

/// Reads one side of a merge; an empty file (git's base when both sides added the file) is an empty layer.
fn merge_input(path: &Path, is_output_side: bool) -> Result<AnnotationFile> {
    let (bytes, _) = annotations::fsio::read_regular_file(path, annotations::MAX_FILE_BYTES)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(AnnotationFile::default());
    }
    let name = path.display().to_string();
    let text = annotations::scan::decode(&bytes)
        .map_err(|p| anyhow!("{name}:{}:{}: {}", p.line, p.col, p.message))?;
    let (file, unknown) = AnnotationFile::parse_lenient(text, &name)?;
    if let Some(first) = unknown.first() {
        return Err(anyhow!(
            "{first}; the merge would drop it, so nothing was merged: merge this file by hand"
        ));
    }
    // Items are matched by ID: a repeated ID cannot be merged safely, and the result would be a
    // file `crosswalk check` rejects.
    if let Some(problem) = annotations::check_structure(&file, text)
        .into_iter()
        .find(|message| message.is_error)
    {
        return Err(InputRefused(format!(
            "{name}:{}:{}: {}; nothing was merged: fix this side first (see `crosswalk check`)",
            problem.line, problem.col, problem.message
        ))
        .into());
    }
    if is_output_side {
        let comments = annotations::scan::shape(text)
            .map(|shape| shape.user_comments(text, &crosswalk::annotations::scan::header_line()))
            .unwrap_or_default();
        if let Some(comment) = comments.first() {
            let (line, col) = annotations::scan::line_col(text, comment.start);
            return Err(anyhow!(
                "{name}:{line}:{col}: has comments, which the merged file would lose, so nothing was merged: merge this file by hand"
            ));
        }
    }
    Ok(file)
}
