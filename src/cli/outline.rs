//! `crosswalk outline TREATY`: the treaty's divisions and articles (or every provision) with their IDs.

use std::io::Write;

use anyhow::Result;

use crosswalk::model::{Kind, Library, TreatyKey};

pub fn command(library: &Library, key: TreatyKey, all: bool, out: &mut dyn Write) -> Result<()> {
    let treaty = library.treaty(key);
    writeln!(out, "{}", treaty.title)?;
    for node in &treaty.nodes {
        let shown =
            all || node.kind.is_division() || matches!(node.kind, Kind::Article | Kind::Note);
        if !shown {
            continue;
        }
        let indent = "  ".repeat(usize::from(node.depth));
        writeln!(out, "{indent}{} [{}]", node.title_line(), node.id)?;
    }
    Ok(())
}
