//! The command line: `crosswalk` alone starts the GUI; subcommands print plain, stable text.

mod annotations;
mod check;
mod diff;
mod export;
mod implementation;
mod import;
mod instruments;
mod lesson;
mod merge;
mod outline;
mod pairs;
mod questions;
mod refs;
mod search;
mod show;
mod suggest;
mod versions;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};

use crosswalk::annotations::{AnnotationFile, Layer};
use crosswalk::corpus::Corpus;
use crosswalk::model::{Library, Side};
use crosswalk::pinpoint;

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
    /// Load an instrument (a file written by `crosswalk import`, or any law to import on the fly);
    /// repeatable. Instruments in the instruments folder are loaded without it.
    #[arg(long = "instrument", value_name = "FILE", global = true)]
    pub instruments: Vec<std::path::PathBuf>,
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
    /// Open the Questions panel on a question, e.g. --question q-dual-criminality.
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,
    /// Show this loaded instrument in the left pane, e.g. --left xl (the pane's choice, kept).
    #[arg(long, value_name = "PREFIX")]
    pub left: Option<String>,
    /// Show this loaded instrument in the right pane, e.g. --right xl (the pane's choice, kept).
    #[arg(long, value_name = "PREFIX")]
    pub right: Option<String>,
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
    /// The CSV's tables as a workbook: pairs, notes, matrix and sources sheets.
    Xlsx,
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
    /// Print a provision with its pinpoint, e.g. `crosswalk show uncc:art_24` or `crosswalk show "UN 28(4)"`.
    Show {
        /// Provision ID such as uncc:art_24, bc:art_6__para_1__point_a, or a pinpoint as typed:
        /// 28(4), "UN 28(4)", "Art. 40(8)", "bc 19 4", "Budapest Art. 15(1)", "note 4", 2(h).
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The provisions a provision refers to and those that refer to it, with the words of each
    /// reference: `crosswalk refs bc:art_15 --format json`.
    Refs {
        /// Provision ID or pinpoint, as for `show`.
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print an instrument's divisions and articles (or sections) with their IDs.
    Outline {
        /// uncc (UN Convention against Cybercrime), bc (Budapest Convention) or the prefix of a loaded
        /// instrument.
        treaty: String,
        /// Also list paragraphs and items.
        #[arg(long)]
        all: bool,
    },
    /// Compare provisions word by word: `crosswalk diff uncc:art_7 bc:art_2 --terms`.
    /// Several IDs per side may be given comma-separated (uncc:art_40 bc:art_25,bc:art_27).
    /// Two language versions of one text (`crosswalk diff xlfr xl`, or provisions of each) are set
    /// side by side provision by provision, paired by ID.
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
    /// The most similar articles of the other treaty (or of any loaded instrument) for a provision,
    /// with scores.
    Suggest {
        id: String,
        /// The instrument to look in (a prefix): by default the other treaty, and the UN Convention
        /// for a provision of another instrument.
        #[arg(long, value_name = "PREFIX")]
        against: Option<String>,
        /// How many suggestions to list.
        #[arg(long, default_value_t = 5)]
        top: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export an annotated comparison: `crosswalk export --format html --select all -o out.html`.
    Export(ExportArgs),
    /// Validate an annotation file: prints `file:line:col: message` lines; exit 1 on errors. Given an
    /// instrument file that is a language version, lists each provision whose ID does not match the
    /// original's as `file:line: warning: …` (exit 1 when any does not).
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
    /// The questions of a brief: `crosswalk questions list`, `crosswalk questions show ID`.
    Questions {
        #[command(subcommand)]
        command: QuestionsCommand,
    },
    /// Lessons for class: `crosswalk lesson check FILE`, `crosswalk lesson show FILE`.
    Lesson {
        #[command(subcommand)]
        command: LessonCommand,
    },
    /// Import a law, bill, protocol or language version (Markdown, text, DOCX, HTML, PDF) as an
    /// instrument: prints what was found and every doubtful line, then writes it to the instruments
    /// folder (or -o).
    Import(import::ImportArgs),
    /// The implementation table: every article of the treaty (and every paragraph that obliges) with
    /// the suggested counterparts in the instrument given with --instrument, their scores and, with
    /// --layer, the relation, note and evidence of your links.
    Implementation(implementation::ImplementationArgs),
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

/// The options of `crosswalk export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// all | chapter=uncc:chp_4[,…] | pairs=uncc:art_7[,bc:art_19…] (pairs touching them) |
    /// exact=uncc:art_24+bc:art_15[,…] (exactly these pairs) | tag=safeguard/ | matrix
    #[arg(long, default_value = "all")]
    pub select: String,
    /// Export another instrument beside this one (a prefix: uncc, bc or a loaded instrument's): the
    /// instrument is the one --instrument names (the last one given) or, without it, the one whose
    /// IDs --select names; by default it is set beside the UN Convention. The instrument's text is
    /// the revision (first column), this one's the base; the pairs are your layers' links between
    /// the two.
    #[arg(long, value_name = "PREFIX")]
    pub against: Option<String>,
    /// Output file; text formats go to standard output when omitted.
    #[arg(short = 'o', long = "output")]
    pub output: Option<std::path::PathBuf>,
    /// Annotation files whose notes are included (repeatable).
    #[arg(long = "annotations", value_name = "FILE")]
    pub annotation_files: Vec<std::path::PathBuf>,
    /// Include the shipped safeguards layer (notes, tags, links). It is always read for
    /// --select matrix, and for --select tag=… when no --annotations file is given.
    #[arg(long)]
    pub with_safeguards: bool,
    /// Compare without terminology normalisation.
    #[arg(long)]
    pub no_terms: bool,
    /// Only sentences with changes, instead of the full texts.
    #[arg(long)]
    pub excerpts: bool,
    /// Print this date as the export date (otherwise none, so output is reproducible).
    #[arg(long)]
    pub date: Option<String>,
    /// Paper size of PDF and DOCX exports.
    #[arg(long, value_enum, default_value_t)]
    pub paper: PaperArg,
    /// DOCX: notes as Word comments, footnotes, or both.
    #[arg(long, value_enum, default_value_t)]
    pub notes: NotesArg,
    /// DOCX: two columns per pair, or one redlined column with tracked changes.
    #[arg(long, value_enum, default_value_t)]
    pub layout: LayoutArg,
    /// CSV: leave out the UTF-8 byte-order mark (kept by default so Excel reads UTF-8).
    #[arg(long)]
    pub no_bom: bool,
    /// Print a lesson as a handout instead (each stop's texts with marks, its question with space to
    /// answer); --select and --annotations do not apply.
    #[arg(long, value_name = "FILE")]
    pub lesson: Option<std::path::PathBuf>,
    /// With --lesson: the teacher's edition, with the teacher's notes and each link's rationale and
    /// evidence.
    #[arg(long, requires = "lesson")]
    pub teacher: bool,
}

#[derive(Subcommand, Debug)]
pub enum QuestionsCommand {
    /// One line per question: ID, layer, title, question (the shipped ones, then those of the files).
    List {
        /// Layer files whose questions are listed after the shipped ones (repeatable).
        #[arg(long = "annotations", value_name = "FILE")]
        annotation_files: Vec<std::path::PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A question with both answers, findings of absence, citations, links, notes, views and evidence.
    Show {
        id: String,
        /// Layer files to look for the question in, after the shipped ones (repeatable).
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
        return match open_window(cli.startup, cli.instruments) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("crosswalk: {}", shorten_long_words(&format!("{error:#}")));
                ExitCode::FAILURE
            }
        };
    };
    let mut stdout = std::io::stdout().lock();
    match run(command, &cli.instruments, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if error.is::<InputRefused>() => {
            let _ = stdout.flush();
            eprintln!("crosswalk: {}", shorten_long_words(&format!("{error:#}")));
            ExitCode::from(2)
        }
        Err(error) => {
            let _ = stdout.flush();
            eprintln!("crosswalk: {}", shorten_long_words(&format!("{error:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Words (runs without spaces) longer than this are shortened in messages.
const MAX_WORD_CHARS: usize = 100;

/// `text` with every control character but the line break written as a Rust escape (`\u{1b}`): a
/// file name or a value printed to the terminal cannot move the cursor, clear the screen or retitle
/// the window.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A message with every overlong word (an ID, a path or a query someone pasted a page into) cut in
/// the middle, so that the point of the message stays on the screen; no control character is
/// printed raw ([`printable`]).
fn shorten_long_words(message: &str) -> String {
    let message = &printable(message);
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
fn open_window(startup: Startup, instruments: Vec<std::path::PathBuf>) -> Result<()> {
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
        question: startup.question,
        left: startup.left,
        right: startup.right,
        instruments,
    })?;
    Ok(())
}

/// A build without the `gui` feature has every subcommand but no window.
#[cfg(not(feature = "gui"))]
fn open_window(_startup: Startup, _instruments: Vec<std::path::PathBuf>) -> Result<()> {
    Err(anyhow!(
        "this build has no window (built without the `gui` feature); run a subcommand, see `crosswalk --help`"
    ))
}

/// The shipped corpus with the loaded instruments in its library and their term tables.
fn corpus_with(loaded: &instruments::Loaded) -> Result<Corpus> {
    let mut corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
    corpus.library = loaded.library.clone();
    Ok(corpus.with_term_tables(loaded.terms.clone()))
}

/// Runs one subcommand, writing its output to `out`; `instruments` are the `--instrument` values.
pub fn run(
    command: Command,
    instruments: &[std::path::PathBuf],
    out: &mut dyn Write,
) -> Result<()> {
    if let Command::Import(args) = command {
        return import::command(args, instruments, out);
    }
    let loaded = instruments::load_library(instruments)?;
    let library = &loaded.library;
    match command {
        Command::Show { id, format } => {
            let id = provision(library, &id)?;
            show::command(library, &id, format, out)
        }
        Command::Refs { id, format } => {
            let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
            let id = provision(&corpus.library, &id)?;
            refs::command(&corpus, &id, format, out)
        }
        Command::Outline { treaty, all } => {
            outline::command(instruments::instrument_named(library, &treaty)?, all, out)
        }
        Command::Search {
            query,
            treaty,
            annotation_files,
            format,
        } => search::command(
            library,
            &query,
            treaty.as_deref(),
            &annotation_files,
            format,
            out,
        ),
        Command::Diff {
            first,
            second,
            terms,
            format,
        } => diff_or_align(&loaded, &first, &second, terms, format, out),
        Command::Pairs {
            format,
            annotation_files,
        } => pairs::command(&annotation_files, format, out),
        Command::Check { file } => check_file(library, &file, out),
        Command::Merge {
            base,
            ours,
            theirs,
            output,
        } => merge::command(&base, &ours, &theirs, output.as_deref(), out),
        Command::Export(args) => export::command(args, &loaded, out),
        Command::Annotations { file, format } => annotations::command(library, &file, format, out),
        Command::Questions { command } => match command {
            QuestionsCommand::List {
                annotation_files,
                format,
            } => questions::list_command(&annotation_files, format, out),
            QuestionsCommand::Show {
                id,
                annotation_files,
                format,
            } => {
                let corpus = Corpus::embedded().context("loading the embedded crosswalk")?;
                questions::show_command(&corpus, &id, &annotation_files, format, out)
            }
        },
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
        Command::Import(_) => Ok(()),
        Command::Implementation(args) => implementation::command(args, &loaded, out),
        Command::Suggest {
            id,
            against,
            top,
            format,
        } => suggest::command(
            &corpus_with(&loaded)?,
            &id,
            against.as_deref(),
            top,
            format,
            out,
        ),
    }
}

/// `crosswalk diff`: two language versions aligned by ID, anything else compared word by word.
fn diff_or_align(
    loaded: &instruments::Loaded,
    first: &str,
    second: &str,
    terms: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    if versions::diff_command(&loaded.library, first, second, format, out)? {
        return Ok(());
    }
    diff::command(&corpus_with(loaded)?, first, second, terms, format, out)
}

/// `crosswalk check FILE`: an instrument file checked against its original, or an annotation file.
fn check_file(library: &Library, file: &std::path::Path, out: &mut dyn Write) -> Result<()> {
    if versions::is_instrument_file(file) {
        versions::check_command(library, file, out)
    } else {
        check::command(library, file, out)
    }
}

/// Annotation files as layers, in the order given; the files keep their words (anchors are resolved
/// where they are shown, never rewritten here).
fn load_layers(paths: &[std::path::PathBuf]) -> Result<Vec<Layer>> {
    paths
        .iter()
        .map(|path| {
            let file = AnnotationFile::load(path)?;
            Ok(Layer {
                file,
                path: Some(path.clone()),
                ..Layer::new("")
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

/// A share (0–1) as a percentage with one decimal, as the tables print similarity.
fn percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}

/// The provision an argument names: an ID (`uncc:art_28__para_4`, checked as before) or a pinpoint as
/// typed ("UN 28(4)", "bc 19 4"; the UN Convention when no treaty is named and both hold it).
fn provision(library: &Library, text: &str) -> Result<crosswalk::model::ProvisionId> {
    let looks_like_id = text.contains(':') || text.contains('_');
    if looks_like_id {
        let (instrument, ix) = library
            .find(text)
            .ok_or_else(|| unknown_id(library, text))?;
        return Ok(instrument.node(ix).id.clone());
    }
    pinpoint::parse(library, text, Side::Revision).map_err(|error| anyhow!("{error}"))
}

/// The error for a provision ID the texts do not have, pointing to what exists.
fn unknown_id(library: &Library, id: &str) -> anyhow::Error {
    let Some(key) = crosswalk::model::ProvisionId::parse(id)
        .ok()
        .map(|id| id.instrument().to_owned())
    else {
        return anyhow!(
            "unknown provision ID {id:?}: IDs start with uncc: or bc:, e.g. uncc:art_24 or bc:art_6__para_1"
        );
    };
    if library.instrument(&key).is_none() {
        return anyhow!(
            "unknown provision ID {id:?}: no instrument `{key}` is loaded (give --instrument FILE, or import it with `crosswalk import FILE --id {key}`)"
        );
    }
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

/// An input the command will not work on (exit status 2, as for a wrong argument): nothing was
/// written. A merge side with duplicate IDs is one; merging it would make a file `check` rejects.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputRefused(String);

/// The check failed; the messages are already printed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CheckFailed(String);
