//! The command line: `crosswalk` alone starts the GUI; subcommands print plain, stable text.

mod lesson;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};

use crosswalk::annotations::{self, AnnotationFile};
use crosswalk::corpus::Corpus;
use crosswalk::diff;
use crosswalk::export::{self, csv};
use crosswalk::links::{LinkEntry, LinkOrigin, LinkSet};
use crosswalk::model::{Kind, Library, ProvisionId, TreatyKey};
use crosswalk::search::{self, Field, SearchIndex};
use crosswalk::suggest::SuggestionIndex;
use crosswalk::texts;

#[derive(Parser, Debug)]
#[command(
    name = "crosswalk",
    version,
    about = "Read the UN Convention against Cybercrime and the Budapest Convention side by side."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub startup: Startup,
}

/// How the window opens (ignored by subcommands).
#[derive(clap::Args, Debug, Default, Clone)]
pub struct Startup {
    /// Select and show a provision, e.g. --open uncc:art_24.
    #[arg(long, value_name = "ID")]
    pub open: Option<String>,
    /// Start with this search.
    #[arg(long, value_name = "QUERY")]
    pub search: Option<String>,
    /// Open annotation files as layers (repeatable).
    #[arg(long = "annotations", value_name = "FILE")]
    pub annotation_files: Vec<std::path::PathBuf>,
    /// Show the annotations panel.
    #[arg(long)]
    pub show_annotations: bool,
    /// Show the safeguards matrix.
    #[arg(long)]
    pub matrix: bool,
    /// Show the inline comparison below the panes.
    #[arg(long)]
    pub inline: bool,
    /// Open a lesson file in the lesson panel.
    #[arg(long, value_name = "FILE")]
    pub lesson: Option<std::path::PathBuf>,
    /// Start in presentation mode: the lesson's stops (with --lesson), else the pairs.
    #[arg(long)]
    pub present: bool,
    /// The lesson's stop to show first (1-based).
    #[arg(long, value_name = "N")]
    pub stop: Option<usize>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Html,
    Md,
    Docx,
    Pdf,
    Csv,
    /// The whole comparison as JSON (pairs, evidence, aligned rows and marks, notes, replies).
    Json,
    /// The notes as W3C Web Annotation JSON-LD.
    W3c,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    #[default]
    A4,
    Letter,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum NotesArg {
    /// Word comments (on screen, in the Review pane).
    Comments,
    /// Footnotes at the quoted words (survive printing and conversion to PDF).
    Footnotes,
    #[default]
    Both,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Two columns per pair, UN and Budapest side by side.
    #[default]
    Columns,
    /// One column: Budapest-only words as tracked deletions, UN-only words as tracked insertions.
    Redline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Csv,
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
    /// Compare provisions word by word: `crosswalk diff uncc:art_7 bc:art_2 --terms`.
    /// Several IDs per side may be given comma-separated (uncc:art_40 bc:art_25,bc:art_27).
    Diff {
        first: String,
        second: String,
        /// Treat equivalent terms (texts/terms.ron) as equal, so only substantive changes remain.
        #[arg(long)]
        terms: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The shipped crosswalk as a table: UN IDs, Budapest IDs, relation, theme, similarity, rationale,
    /// each link followed by its evidence rows (quotes with the provision they come from).
    Pairs {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Also list the links of these annotation files (repeatable), as the app's pair view does.
        #[arg(long = "annotations", value_name = "FILE")]
        annotation_files: Vec<std::path::PathBuf>,
    },
    /// The most similar articles of the other treaty for a provision, with scores.
    Suggest {
        id: String,
        /// How many suggestions to list.
        #[arg(long, default_value_t = 5)]
        top: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export an annotated comparison: `crosswalk export --format html --select all -o out.html`.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// all | chapter=uncc:chp_4[,…] | pairs=uncc:art_7[,bc:art_19…] | tag=safeguard/ | matrix
        #[arg(long, default_value = "all")]
        select: String,
        /// Output file; text formats go to standard output when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<std::path::PathBuf>,
        /// Annotation files whose notes are included (repeatable).
        #[arg(long = "annotations", value_name = "FILE")]
        annotation_files: Vec<std::path::PathBuf>,
        /// Include the shipped safeguards layer (notes, tags, links). It is always read for
        /// --select matrix, and for --select tag=… when no --annotations file is given.
        #[arg(long)]
        with_safeguards: bool,
        /// Compare without terminology normalisation.
        #[arg(long)]
        no_terms: bool,
        /// Only sentences with changes, instead of the full texts.
        #[arg(long)]
        excerpts: bool,
        /// Print this date as the export date (otherwise none, so output is reproducible).
        #[arg(long)]
        date: Option<String>,
        /// Paper size of PDF and DOCX exports.
        #[arg(long, value_enum, default_value_t)]
        paper: PaperArg,
        /// DOCX: notes as Word comments, footnotes, or both.
        #[arg(long, value_enum, default_value_t)]
        notes: NotesArg,
        /// DOCX: two columns per pair, or one redlined column with tracked changes.
        #[arg(long, value_enum, default_value_t)]
        layout: LayoutArg,
        /// CSV: leave out the UTF-8 byte-order mark (kept by default so Excel reads UTF-8).
        #[arg(long)]
        no_bom: bool,
        /// Print a lesson as a handout instead (each stop's texts with marks, its question with space to
        /// answer); --select and --annotations do not apply.
        #[arg(long, value_name = "FILE")]
        lesson: Option<std::path::PathBuf>,
        /// With --lesson: the teacher's edition, with the teacher's notes and each link's rationale and
        /// evidence.
        #[arg(long, requires = "lesson")]
        teacher: bool,
    },
    /// Validate an annotation file: prints `file:line:col: message` lines; exit 1 on errors.
    Check { file: std::path::PathBuf },
    /// Three-way merge of an annotation layer by annotation ID and field; a git merge driver:
    /// `git config merge.crosswalk.driver "crosswalk merge %O %A %B"`. Exit 1 on conflicts.
    Merge {
        /// The common ancestor (an empty file when there is none).
        base: std::path::PathBuf,
        /// Our version; the result is written here unless -o is given.
        ours: std::path::PathBuf,
        /// Their version.
        theirs: std::path::PathBuf,
        /// Write the result here instead of to OURS.
        #[arg(short = 'o', long = "output")]
        output: Option<std::path::PathBuf>,
    },
    /// List the annotations and links of a file.
    Annotations {
        file: std::path::PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Csv)]
        format: ListFormat,
    },
    /// Lessons for class: `crosswalk lesson check FILE`, `crosswalk lesson show FILE`.
    Lesson {
        #[command(subcommand)]
        command: LessonCommand,
    },
    /// Search both treaties (case-insensitive) and list the matches with their pinpoints.
    Search {
        query: String,
        /// Limit to one treaty: uncc or bc.
        #[arg(long)]
        treaty: Option<String>,
        /// Also search the notes, tags and replies of these annotation files (repeatable).
        #[arg(long = "annotations", value_name = "FILE")]
        annotation_files: Vec<std::path::PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Subcommand, Debug)]
pub enum LessonCommand {
    /// Validate a lesson file: prints `file:line:col: message` lines; exit 1 on errors.
    Check { file: std::path::PathBuf },
    /// Print a lesson stop by stop: provisions with pinpoints, links, highlights, note and question.
    Show {
        file: std::path::PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Also print the full text of every provision shown (text format).
        #[arg(long)]
        texts: bool,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match open_window(cli.startup) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("crosswalk: {}", shorten_long_words(&format!("{error:#}")));
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
            eprintln!("crosswalk: {}", shorten_long_words(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Words (runs without spaces) longer than this are shortened in messages.
const MAX_WORD_CHARS: usize = 100;

/// A message with every overlong word (an ID, a path or a query someone pasted a page into) cut in
/// the middle, so that the point of the message stays on the screen.
fn shorten_long_words(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let chars = word.chars().count();
        if chars > MAX_WORD_CHARS {
            let head: String = word.chars().take(60).collect();
            let tail: String = word.chars().skip(chars - 20).collect();
            out.push_str(&format!("{head}…{tail} ({chars} characters)"));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in message.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(feature = "gui")]
fn open_window(startup: Startup) -> Result<()> {
    crosswalk::ui::run_native(crosswalk::ui::StartupOptions {
        open: startup.open,
        search: startup.search,
        annotation_files: startup.annotation_files,
        show_annotations: startup.show_annotations,
        matrix: startup.matrix,
        inline: startup.inline,
        lesson: startup.lesson,
        present: startup.present,
        stop: startup.stop,
    })
}

/// A build without the `gui` feature has every subcommand but no window.
#[cfg(not(feature = "gui"))]
fn open_window(_startup: Startup) -> Result<()> {
    Err(anyhow!(
        "this build has no window (built without the `gui` feature); run a subcommand, see `crosswalk --help`"
    ))
}

/// The comparison `crosswalk export --select …` prints: the selection, with the layers it needs.
fn comparison_of(
    corpus: &Corpus,
    select: &str,
    annotation_files: &[std::path::PathBuf],
    with_safeguards: bool,
    options: &export::Options,
) -> Result<export::Comparison> {
    let selection = export::Selection::parse(select, corpus)?;
    let mut layers = Vec::new();
    // The matrix is made of the shipped safeguards layer's links; a tag selection with no file of the
    // user's can only mean the shipped tags (as in the app, where that layer is visible).
    let needs_safeguards = match selection {
        export::Selection::Matrix => true,
        export::Selection::Tag(_) => annotation_files.is_empty(),
        _ => false,
    };
    if with_safeguards || needs_safeguards {
        layers.push(annotations::safeguards_layer()?);
    }
    layers.extend(load_layers(annotation_files)?);
    let layer_refs: Vec<&annotations::Layer> = layers.iter().collect();
    Ok(export::build(corpus, &selection, options, &layer_refs))
}

/// Annotation files as layers, in the order given; the files keep their words (anchors are resolved
/// where they are shown, never rewritten here).
fn load_layers(paths: &[std::path::PathBuf]) -> Result<Vec<annotations::Layer>> {
    paths
        .iter()
        .map(|path| {
            let file = AnnotationFile::load(path)?;
            Ok(annotations::Layer {
                file,
                path: Some(path.clone()),
                ..annotations::Layer::new("")
            })
        })
        .collect()
}

/// `crosswalk outline uncc | head` closes the pipe early; that is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn parse_treaty_key(text: &str) -> Result<TreatyKey> {
    TreatyKey::parse(text).ok_or_else(|| {
        anyhow!("unknown treaty {text:?}: use uncc (UN Convention) or bc (Budapest Convention)")
    })
}

/// Runs one subcommand, writing its output to `out`.
pub fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    let library = texts::load_embedded().context("parsing the embedded treaty texts")?;
    match command {
        Command::Show { id, format } => show(&library, &id, format, out),
        Command::Outline { treaty, all } => outline(&library, parse_treaty_key(&treaty)?, all, out),
        Command::Search {
            query,
            treaty,
            annotation_files,
            format,
        } => {
            let only = treaty.as_deref().map(parse_treaty_key).transpose()?;
            let layers = load_layers(&annotation_files)?;
            let search = SearchRequest {
                query: &query,
                only,
                layers: &layers,
            };
            search_command(&library, &search, format, out)
        }
        Command::Diff {
            first,
            second,
            terms,
            format,
        } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            diff_command(&corpus, &first, &second, terms, format, out)
        }
        Command::Pairs {
            format,
            annotation_files,
        } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            let layers = load_layers(&annotation_files)?;
            let links = LinkSet::new(&corpus.crosswalk, &layers, &corpus.library);
            pairs_command(&corpus, &links, format, out)
        }
        Command::Check { file } => check_command(&library, &file, out),
        Command::Merge {
            base,
            ours,
            theirs,
            output,
        } => merge_command(&base, &ours, &theirs, output.as_deref(), out),
        Command::Export {
            format,
            select,
            output,
            annotation_files,
            with_safeguards,
            no_terms,
            excerpts,
            date,
            paper,
            notes,
            layout,
            no_bom,
            lesson,
            teacher,
        } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            let format = match format {
                ExportFormat::Html => export::Format::Html,
                ExportFormat::Md => export::Format::Markdown,
                ExportFormat::Docx => export::Format::Docx,
                ExportFormat::Pdf => export::Format::Pdf,
                ExportFormat::Csv => export::Format::Csv,
                ExportFormat::Json => export::Format::Json,
                ExportFormat::W3c => export::Format::W3c,
            };
            if output.is_none() && format.is_binary() {
                return Err(anyhow!(
                    "{} is a binary format: give an output file with -o FILE",
                    format.extension()
                ));
            }
            let options = export::Options {
                terms: !no_terms,
                full_text: !excerpts,
                date,
            };
            let comparison = match &lesson {
                Some(path) => lesson::handout(&corpus, path, teacher, format, &options)?,
                None => comparison_of(
                    &corpus,
                    &select,
                    &annotation_files,
                    with_safeguards,
                    &options,
                )?,
            };
            let render_options = export::RenderOptions {
                format,
                paper: match paper {
                    PaperArg::A4 => export::Paper::A4,
                    PaperArg::Letter => export::Paper::Letter,
                },
                notes: match notes {
                    NotesArg::Comments => export::NotesMode::Comments,
                    NotesArg::Footnotes => export::NotesMode::Footnotes,
                    NotesArg::Both => export::NotesMode::Both,
                },
                layout: match layout {
                    LayoutArg::Columns => export::Layout::Columns,
                    LayoutArg::Redline => export::Layout::Redline,
                },
                bom: !no_bom,
            };
            let rendered = export::render_with(&comparison, &render_options);
            for warning in &rendered.warnings {
                eprintln!("crosswalk: warning: {warning}");
            }
            if lesson.is_none() && comparison.sections.is_empty() && comparison.matrix.is_empty() {
                eprintln!("crosswalk: the selection \"{select}\" matched no pairs");
            }
            let outside = comparison.appendix.len();
            if outside > 0 {
                eprintln!(
                    "crosswalk: {outside} {} on provisions outside the selection, listed in the appendix",
                    if outside == 1 { "note is" } else { "notes are" }
                );
            }
            if rendered.bytes.is_empty() {
                return Err(anyhow!(
                    "the {} export could not be written",
                    format.extension()
                ));
            }
            match output {
                Some(path) => {
                    annotations::save_bytes_atomically(&path, &rendered.bytes)?;
                    let pairs = comparison.sections.len();
                    let noun = match (&comparison.handout, pairs) {
                        (Some(_), 1) => "stop",
                        (Some(_), _) => "stops",
                        (None, 1) => "pair",
                        (None, _) => "pairs",
                    };
                    let edition = comparison
                        .handout
                        .as_ref()
                        .map(|h| format!(", {}", h.edition().to_lowercase()))
                        .unwrap_or_default();
                    eprintln!(
                        "crosswalk: wrote {} ({pairs} {noun}{edition}, {} bytes)",
                        path.display(),
                        rendered.bytes.len()
                    );
                }
                None => out.write_all(&rendered.bytes)?,
            }
            Ok(())
        }
        Command::Annotations { file, format } => annotations_command(&library, &file, format, out),
        Command::Lesson { command } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            match command {
                LessonCommand::Check { file } => lesson::check_command(&corpus, &file, out),
                LessonCommand::Show {
                    file,
                    format,
                    texts,
                } => lesson::show_command(&corpus, &file, format, texts, out),
            }
        }
        Command::Suggest { id, top, format } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            suggest_command(&corpus, &id, top, format, out)
        }
    }
}

fn percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}

fn split_ids(library: &Library, list: &str) -> Result<Vec<ProvisionId>> {
    list.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            library
                .get(id)
                .map(|node| node.id.clone())
                .ok_or_else(|| unknown_id(library, id))
        })
        .collect()
}

fn diff_command(
    corpus: &Corpus,
    first: &str,
    second: &str,
    terms: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    let mut ids = split_ids(library, first)?;
    ids.extend(split_ids(library, second)?);
    let has = |key| ids.iter().any(|id| id.treaty() == key);
    if !has(TreatyKey::Uncc) || !has(TreatyKey::Bc) {
        return Err(anyhow!(
            "diff compares a UN provision (uncc:…) with a Budapest provision (bc:…)"
        ));
    }
    let pair = corpus.comparisons.provisions(library, &ids, terms);
    let other = corpus.comparisons.provisions(library, &ids, !terms);
    let (plain, folded) = if terms {
        (other.similarity(), pair.similarity())
    } else {
        (pair.similarity(), other.similarity())
    };
    let names = |key: TreatyKey| {
        ids.iter()
            .filter(|id| TreatyKey::of_id(id) == Some(key))
            .filter_map(|id| library.get(id))
            .map(|n| n.pinpoint.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match format {
        Format::Json => {
            let rows: Vec<_> = pair
                .rows
                .iter()
                .map(|row| {
                    let bc_text = row.bc.as_ref().map_or("", |s| diff::text_of(library, s));
                    let uncc_text = row.uncc.as_ref().map_or("", |s| diff::text_of(library, s));
                    serde_json::json!({
                        "uncc": row.uncc.as_ref().map(|s| &s.id),
                        "bc": row.bc.as_ref().map(|s| &s.id),
                        "similarity": row.diff.similarity(),
                        "pieces": row.diff.pieces.iter().map(|piece| serde_json::json!({
                            "change": piece.change,
                            "bc": &bc_text[piece.bc.clone()],
                            "uncc": &uncc_text[piece.uncc.clone()],
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let value = serde_json::json!({
                "uncc": ids.iter().filter(|id| TreatyKey::of_id(id) == Some(TreatyKey::Uncc)).collect::<Vec<_>>(),
                "bc": ids.iter().filter(|id| TreatyKey::of_id(id) == Some(TreatyKey::Bc)).collect::<Vec<_>>(),
                "terms": terms,
                "similarity": plain,
                "similarity_with_terms": folded,
                "rows": rows,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            writeln!(
                out,
                "{}, {} <> {}, {}",
                library.treaty(TreatyKey::Uncc).meta.short_name,
                names(TreatyKey::Uncc),
                library.treaty(TreatyKey::Bc).meta.short_name,
                names(TreatyKey::Bc)
            )?;
            writeln!(
                out,
                "similarity: {} (with terminology normalisation: {})",
                percent(plain),
                percent(folded)
            )?;
            writeln!(
                out,
                "terminology normalisation: {}",
                if terms { "on" } else { "off" }
            )?;
            writeln!(
                out,
                "legend: [-only in Budapest-] {{+only in UN+}} {{=Budapest => UN=}} equivalent terms"
            )?;
            for row in &pair.rows {
                let label = |sentence: &Option<diff::Sentence>| {
                    sentence
                        .as_ref()
                        .map_or("-".to_owned(), |s| s.pinpoint.clone())
                };
                writeln!(out)?;
                writeln!(
                    out,
                    "{} <> {} ({})",
                    label(&row.uncc),
                    label(&row.bc),
                    percent(row.diff.similarity())
                )?;
                let bc_text = row.bc.as_ref().map_or("", |s| diff::text_of(library, s));
                let uncc_text = row.uncc.as_ref().map_or("", |s| diff::text_of(library, s));
                writeln!(
                    out,
                    "{}",
                    diff::render_marked(&row.diff, bc_text, uncc_text)
                )?;
            }
        }
    }
    Ok(())
}

fn pairs_command(
    corpus: &Corpus,
    links: &LinkSet,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    let crosswalk = &corpus.crosswalk;
    let similarity = |link: &LinkEntry| corpus.comparisons.link(library, link, true).similarity();
    let pairs = links.pairs().iter().map(|&index| &links.entries()[index]);
    match format {
        Format::Json => {
            let links: Vec<_> = pairs
                .map(|link| {
                    let mut entry = serde_json::json!({
                        "uncc": link.sides.uncc, "bc": link.sides.bc, "relation": link.kind.to_string(),
                        "theme": link.theme.map(|theme| theme.to_string()),
                        "similarity_with_terms": similarity(link), "rationale": link.note,
                        "statement": link.statement(library), "evidence": link.evidence,
                    });
                    if let LinkOrigin::Layer { layer_name, link_id, .. } = &link.origin {
                        entry["origin"] = serde_json::json!({ "layer": layer_name, "id": link_id });
                    }
                    entry
                })
                .collect();
            let unmatched: Vec<_> = crosswalk
                .unmatched
                .iter()
                .map(|u| serde_json::json!({ "id": u.id, "theme": u.theme.to_string(), "reason": u.reason }))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "links": links, "unmatched": unmatched })
                )?
            )?;
        }
        Format::Text => {
            writeln!(out, "uncc\tbc\trelation\ttheme\tsimilarity\trationale")?;
            for link in pairs {
                let join = |ids: &[ProvisionId]| {
                    ids.iter()
                        .map(ProvisionId::as_str)
                        .collect::<Vec<_>>()
                        .join(",")
                };
                let theme = match (&link.theme, &link.origin) {
                    (Some(theme), _) => theme.to_string(),
                    (None, origin) => origin.describe(),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    join(&link.sides.uncc),
                    join(&link.sides.bc),
                    link.kind,
                    theme,
                    percent(similarity(link)),
                    link.note
                )?;
                // Evidence rows continue the link above: empty ID columns, "evidence" as the relation.
                for evidence in &link.evidence {
                    writeln!(
                        out,
                        "\t\tevidence\t\t\t{}: “{}”",
                        evidence.provision, evidence.quote
                    )?;
                }
            }
            for entry in &crosswalk.unmatched {
                let (uncc, bc) = match entry.id.treaty() {
                    TreatyKey::Uncc => (entry.id.as_str(), "-"),
                    TreatyKey::Bc => ("-", entry.id.as_str()),
                };
                writeln!(
                    out,
                    "{uncc}\t{bc}\tNone\t{}\t-\t{}",
                    entry.theme, entry.reason
                )?;
            }
        }
    }
    Ok(())
}

fn suggest_command(
    corpus: &Corpus,
    id: &str,
    top: usize,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let library = &corpus.library;
    library.get(id).ok_or_else(|| unknown_id(library, id))?;
    let index = SuggestionIndex::new(library, corpus.comparisons.normaliser());
    let suggestions = index.suggest(library, id, top);
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&suggestions)?)?,
        Format::Text => {
            for suggestion in suggestions {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{:.3}",
                    suggestion.id, suggestion.pinpoint, suggestion.heading, suggestion.score
                )?;
            }
        }
    }
    Ok(())
}

fn unknown_id(library: &Library, id: &str) -> anyhow::Error {
    let Some(key) = TreatyKey::of_id(id) else {
        return anyhow!(
            "unknown provision ID {id:?}: IDs start with uncc: or bc:, e.g. uncc:art_24 or bc:art_6__para_1"
        );
    };
    // Suggest the longest existing ancestor ID, which is usually what was meant.
    let mut candidate = id.to_owned();
    while let Some((head, _)) = candidate.rsplit_once("__") {
        candidate = head.to_owned();
        if library.get(&candidate).is_some() {
            return anyhow!(
                "unknown provision ID {id:?}; {candidate} exists (see `crosswalk outline {key} --all`)"
            );
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
                (Some(heading), Kind::Article | Kind::Chapter | Kind::Section | Kind::Title) => {
                    format!(" – {heading}")
                }
                _ => String::new(),
            };
            writeln!(
                out,
                "{}, {}{heading}",
                treaty.meta.short_name, node.pinpoint
            )?;
            writeln!(out, "{}", node.id)?;
            let body = treaty.full_text(ix);
            if !body.is_empty() {
                writeln!(out)?;
                writeln!(out, "{body}")?;
            }
            for note in notes {
                writeln!(out)?;
                writeln!(
                    out,
                    "{} ({}, {}): {}",
                    note.pinpoint,
                    note.heading.as_deref().unwrap_or(""),
                    note.id,
                    note.text
                )?;
            }
        }
    }
    Ok(())
}

fn outline(library: &Library, key: TreatyKey, all: bool, out: &mut dyn Write) -> Result<()> {
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

/// What `crosswalk search` looks for, and where.
struct SearchRequest<'a> {
    query: &'a str,
    only: Option<TreatyKey>,
    layers: &'a [annotations::Layer],
}

fn search_command(
    library: &Library,
    request: &SearchRequest<'_>,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let only = request.only;
    let index = SearchIndex::new(library);
    let hits: Vec<_> = index
        .search(request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.treaty == key))
        .collect();
    let note_hits: Vec<_> = search::search_layers(request.layers, request.query)
        .into_iter()
        .filter(|hit| only.is_none_or(|key| hit.provision.treaty() == key))
        .collect();
    let heading_of = |id: &str| {
        library
            .resolve(id)
            .map(|(key, ix)| library.treaty(key).context_title(ix))
            .unwrap_or_default()
    };
    let pinpoint_of = |id: &ProvisionId| {
        library
            .get(id)
            .map_or_else(|| id.to_string(), |node| node.pinpoint.clone())
    };
    let layer_name = |hit: &search::NoteHit| {
        request
            .layers
            .get(hit.layer)
            .map_or_else(String::new, |layer| layer.name().to_owned())
    };
    let counts = search::count_by_treaty(&hits);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "query": request.query,
                "counts": counts.iter().filter(|(key, _)| only.is_none_or(|o| o == *key)).map(|(key, count)| (key.prefix().to_owned(), serde_json::Value::from(*count))).collect::<serde_json::Map<_, _>>(),
                "hits": hits.iter().map(|hit| {
                    let node = library.treaty(hit.treaty).node(hit.node);
                    serde_json::json!({
                        "id": node.id,
                        "pinpoint": node.pinpoint,
                        "heading": library.treaty(hit.treaty).context_title(hit.node),
                        "field": match hit.field { Field::Heading => "heading", Field::Text => "text" },
                        "start": hit.range.start,
                        "end": hit.range.end,
                        "excerpt": search::excerpt(library.treaty(hit.treaty), hit, 40),
                    })
                }).collect::<Vec<_>>(),
                "notes": note_hits.iter().map(|hit| serde_json::json!({
                    "layer": layer_name(hit),
                    "item": hit.item,
                    "id": hit.provision,
                    "pinpoint": pinpoint_of(&hit.provision),
                    "heading": heading_of(&hit.provision),
                    "field": hit.field.label(),
                    "excerpt": hit.excerpt(40),
                })).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        }
        Format::Text => {
            for (key, count) in counts {
                if only.is_none_or(|o| o == key) {
                    writeln!(
                        out,
                        "{key}: {count} {} ({})",
                        plural(count, "match", "matches"),
                        library.treaty(key).meta.short_name
                    )?;
                }
            }
            if !request.layers.is_empty() {
                let count = note_hits.len();
                writeln!(
                    out,
                    "notes: {count} {} (annotation layers)",
                    plural(count, "match", "matches")
                )?;
            }
            for hit in &hits {
                let treaty = library.treaty(hit.treaty);
                let node = treaty.node(hit.node);
                let place = match hit.field {
                    Field::Heading => format!("{} (heading)", node.pinpoint),
                    Field::Text => node.pinpoint.clone(),
                };
                writeln!(
                    out,
                    "{}\t{place}\t{}\t{}",
                    node.id,
                    search::excerpt(treaty, hit, 40),
                    treaty.context_title(hit.node)
                )?;
            }
            for hit in &note_hits {
                writeln!(
                    out,
                    "{}\t{} ({} {}, {})\t{}\t{}",
                    hit.provision,
                    pinpoint_of(&hit.provision),
                    layer_name(hit),
                    hit.field.label(),
                    hit.item,
                    hit.excerpt(40),
                    heading_of(&hit.provision)
                )?;
            }
        }
    }
    Ok(())
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// The check failed; the messages are already printed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CheckFailed(String);

/// `crosswalk check`: the report goes to standard output, one `file:line:col: message` per problem
/// (every unknown field, each message at its own item's line); the exit status says whether the
/// file is valid, whether or not the report could be written. A file that cannot be read at all is
/// one message on standard error.
fn check_command(library: &Library, path: &std::path::Path, out: &mut dyn Write) -> Result<()> {
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
                report.push_str(&format!(
                    "{name}: ok ({} annotations, {} links)\n",
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
    if let Err(error) = out.write_all(report.as_bytes()).and_then(|()| out.flush()) {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("crosswalk: could not print the report: {error}");
        }
    }
    Ok(valid?)
}

/// Reads one side of a merge; an empty file (git's base when both sides added the file) is an empty layer.
fn merge_input(path: &std::path::Path, is_output_side: bool) -> Result<AnnotationFile> {
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
    if is_output_side {
        let comments = annotations::scan::shape(text)
            .map(|shape| shape.user_comments(text))
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

/// `crosswalk merge BASE OURS THEIRS [-o OUT]`: see [`annotations::merge`]. Exit 1 listing the conflicts.
fn merge_command(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    output: Option<&std::path::Path>,
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
        writeln!(
            out,
            "conflict: {} {}: kept ours, theirs recorded with the tag conflict/{}",
            conflict.id, conflict.field, conflict.field
        )?;
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
            "{} conflict(s) in {name}: search it for tags starting with conflict/",
            merged.conflicts.len()
        ))
    }
}

fn annotations_command(
    library: &Library,
    path: &std::path::Path,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let mut file = AnnotationFile::load(path)?;
    file.sort();
    let pinpoint = |id: &str| {
        library
            .get(id)
            .map_or_else(|| "(orphan)".to_owned(), |node| node.pinpoint.clone())
    };
    match format {
        ListFormat::Json => {
            let annotations: Vec<_> = file
                .annotations
                .iter()
                .map(|a| {
                    serde_json::json!({
                        "id": a.id, "provision": a.anchor.provision, "pinpoint": pinpoint(&a.anchor.provision),
                        "quote": a.anchor.quote, "note": a.note, "tags": a.tags, "color": a.color, "author": a.author,
                        "created": a.created, "updated": a.updated, "replies": a.replies.len(),
                        "orphan": annotations::resolve(&a.anchor, library).is_orphan(),
                    })
                })
                .collect();
            let links: Vec<_> = file
                .links
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "id": l.id, "relation": l.relation.to_string(), "ends": l.ends.iter().map(|e| &e.provision).collect::<Vec<_>>(),
                        "tags": l.tags, "note": l.note, "author": l.author, "created": l.created,
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({ "name": file.name, "annotations": annotations, "links": links })
                )?
            )?;
        }
        ListFormat::Csv => {
            let header = [
                "kind",
                "id",
                "provision",
                "pinpoint",
                "quote",
                "note",
                "tags",
                "relation",
                "ends",
                "author",
                "created",
                "updated",
                "orphan",
            ];
            writeln!(out, "{}", csv::row(header.iter().copied()))?;
            for a in &file.annotations {
                let orphan = annotations::resolve(&a.anchor, library)
                    .is_orphan()
                    .to_string();
                let tags = a.tags.join(";");
                let fields = [
                    "annotation",
                    &a.id,
                    &a.anchor.provision,
                    &pinpoint(&a.anchor.provision),
                    &a.anchor.quote,
                    &a.note,
                    &tags,
                    "",
                    "",
                    &a.author,
                    &a.created,
                    &a.updated,
                    &orphan,
                ];
                writeln!(out, "{}", csv::row(fields.iter().map(|f| &**f)))?;
            }
            for l in &file.links {
                let ends = l
                    .ends
                    .iter()
                    .map(|e| e.provision.as_str())
                    .collect::<Vec<_>>()
                    .join(";");
                let first = l
                    .ends
                    .first()
                    .map_or(String::new(), |e| e.provision.to_string());
                let orphan = l
                    .ends
                    .iter()
                    .any(|e| annotations::resolve(e, library).is_orphan())
                    .to_string();
                let tags = l.tags.join(";");
                let relation = l.relation.to_string();
                let fields = [
                    "link",
                    &l.id,
                    &first,
                    &pinpoint(&first),
                    "",
                    &l.note,
                    &tags,
                    &relation,
                    &ends,
                    &l.author,
                    &l.created,
                    &l.updated,
                    &orphan,
                ];
                writeln!(out, "{}", csv::row(fields.iter().map(|f| &**f)))?;
            }
        }
    }
    Ok(())
}
