//! The command line: `crosswalk` alone starts the GUI; subcommands print plain, stable text.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Kind, Library, TreatyKey};
use crate::search::{self, Field, SearchIndex};
use crate::texts;

#[derive(Parser, Debug)]
#[command(name = "crosswalk", version, about = "Read the UN Convention against Cybercrime and the Budapest Convention side by side.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print a provision with its pinpoint, e.g. `crosswalk show uncc:art_24`.
    Show {
        /// Provision ID such as uncc:art_24, bc:art_6__para_1__point_a.
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print a treaty's chapters, sections, titles and articles with their IDs.
    Outline {
        /// uncc (UN Convention against Cybercrime) or bc (Budapest Convention).
        treaty: String,
        /// Also list paragraphs and items.
        #[arg(long)]
        all: bool,
    },
    /// Search both treaties (case-insensitive) and list the matches with their pinpoints.
    Search {
        query: String,
        /// Limit to one treaty: uncc or bc.
        #[arg(long)]
        treaty: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match crate::ui::run_native() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("crosswalk: {error:#}");
                ExitCode::FAILURE
            }
        };
    };
    let mut stdout = std::io::stdout().lock();
    match run(command, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = stdout.flush();
            eprintln!("crosswalk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `crosswalk outline uncc | head` closes the pipe early; that is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn parse_treaty_key(text: &str) -> Result<TreatyKey> {
    TreatyKey::parse(text).ok_or_else(|| anyhow!("unknown treaty {text:?}: use uncc (UN Convention) or bc (Budapest Convention)"))
}

/// Runs one subcommand, writing its output to `out`.
pub fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    let library = texts::load_embedded().context("parsing the embedded treaty texts")?;
    match command {
        Command::Show { id, format } => show(&library, &id, format, out),
        Command::Outline { treaty, all } => outline(&library, parse_treaty_key(&treaty)?, all, out),
        Command::Search { query, treaty, format } => {
            let only = treaty.as_deref().map(parse_treaty_key).transpose()?;
            search_command(&library, &query, only, format, out)
        }
    }
}

fn unknown_id(library: &Library, id: &str) -> anyhow::Error {
    let Some(key) = TreatyKey::of_id(id) else {
        return anyhow!("unknown provision ID {id:?}: IDs start with uncc: or bc:, e.g. uncc:art_24 or bc:art_6__para_1");
    };
    // Suggest the longest existing ancestor ID, which is usually what was meant.
    let mut candidate = id.to_owned();
    while let Some((head, _)) = candidate.rsplit_once("__") {
        candidate = head.to_owned();
        if library.get(&candidate).is_some() {
            return anyhow!("unknown provision ID {id:?}; {candidate} exists (see `crosswalk outline {key} --all`)");
        }
    }
    anyhow!("unknown provision ID {id:?} (see `crosswalk outline {key}`)")
}

fn show(library: &Library, id: &str, format: Format, out: &mut dyn Write) -> Result<()> {
    let (key, ix) = library.resolve(id).ok_or_else(|| unknown_id(library, id))?;
    let treaty = library.treaty(key);
    let node = treaty.node(ix);
    let notes = treaty.notes_for(&node.id);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "id": node.id,
                "treaty": treaty.meta.short_name,
                "pinpoint": node.pinpoint,
                "heading": node.heading,
                "text": treaty.full_text(ix),
                "interpretative_notes": notes.iter().map(|note| serde_json::json!({
                    "id": note.id, "pinpoint": note.pinpoint, "text": note.text,
                })).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            let heading = match (&node.heading, node.kind) {
                (Some(heading), Kind::Article | Kind::Chapter | Kind::Section | Kind::Title) => format!(" – {heading}"),
                _ => String::new(),
            };
            writeln!(out, "{}, {}{heading}", treaty.meta.short_name, node.pinpoint)?;
            writeln!(out, "{}", node.id)?;
            let body = treaty.full_text(ix);
            if !body.is_empty() {
                writeln!(out)?;
                writeln!(out, "{body}")?;
            }
            for note in notes {
                writeln!(out)?;
                writeln!(out, "{} ({}, {}): {}", note.pinpoint, note.heading.as_deref().unwrap_or(""), note.id, note.text)?;
            }
        }
    }
    Ok(())
}

fn outline(library: &Library, key: TreatyKey, all: bool, out: &mut dyn Write) -> Result<()> {
    let treaty = library.treaty(key);
    writeln!(out, "{}", treaty.title)?;
    for node in &treaty.nodes {
        let shown = all || node.kind.is_division() || matches!(node.kind, Kind::Article | Kind::Note);
        if !shown {
            continue;
        }
        let indent = "  ".repeat(usize::from(node.depth));
        writeln!(out, "{indent}{} [{}]", node.title_line(), node.id)?;
    }
    Ok(())
}

fn search_command(library: &Library, query: &str, only: Option<TreatyKey>, format: Format, out: &mut dyn Write) -> Result<()> {
    let index = SearchIndex::new(library);
    let hits: Vec<_> = index.search(query).into_iter().filter(|hit| only.is_none_or(|key| hit.treaty == key)).collect();
    let counts = search::count_by_treaty(&hits);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "query": query,
                "counts": counts.iter().filter(|(key, _)| only.is_none_or(|o| o == *key)).map(|(key, count)| (key.prefix().to_owned(), serde_json::Value::from(*count))).collect::<serde_json::Map<_, _>>(),
                "hits": hits.iter().map(|hit| {
                    let node = library.treaty(hit.treaty).node(hit.node);
                    serde_json::json!({
                        "id": node.id,
                        "pinpoint": node.pinpoint,
                        "field": match hit.field { Field::Heading => "heading", Field::Text => "text" },
                        "start": hit.range.start,
                        "end": hit.range.end,
                        "excerpt": search::excerpt(library.treaty(hit.treaty), hit, 40),
                    })
                }).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            for (key, count) in counts {
                if only.is_none_or(|o| o == key) {
                    let noun = if count == 1 { "match" } else { "matches" };
                    writeln!(out, "{key}: {count} {noun} ({})", library.treaty(key).meta.short_name)?;
                }
            }
            for hit in &hits {
                let treaty = library.treaty(hit.treaty);
                let node = treaty.node(hit.node);
                let place = match hit.field {
                    Field::Heading => format!("{} (heading)", node.pinpoint),
                    Field::Text => node.pinpoint.clone(),
                };
                writeln!(out, "{}\t{place}\t{}", node.id, search::excerpt(treaty, hit, 40))?;
            }
        }
    }
    Ok(())
}
