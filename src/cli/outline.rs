//! `crosswalk outline PREFIX`: an instrument's divisions and articles (or every provision) with their IDs.

use std::io::Write;

use anyhow::Result;

use crosswalk::instrument::Instrument;
use crosswalk::model::Kind;

pub fn command(instrument: &Instrument, all: bool, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "{}", instrument.title)?;
    for node in &instrument.nodes {
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
