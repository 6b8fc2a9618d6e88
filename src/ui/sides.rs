//! Which instrument each side of the window shows. The window loads the shipped treaties, the
//! instruments of the user's instruments folder and those given with `--instrument FILE`; each pane
//! chooses one of them, and the library every view reads is the loaded one with those two on its sides
//! (`Library::with_sides`), rebuilt only when a choice changes. The choice is kept in the settings by
//! prefix and found again at start; one that is no longer loaded falls back to the shipped treaty of
//! that side, with a message.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::corpus::Corpus;
use crate::import;
use crate::instrument::{Instrument, InstrumentKey};
use crate::model::{Library, PerSide, ProvisionId, Side};

use super::app::CrosswalkApp;
use super::legal_links::LegalLinks;
use super::navigate::Seen;
use super::pairs::PairState;
use super::reader::ReaderPane;
use super::search::SearchState;
use super::views::instrument_choice::InstrumentEntry;

/// The shipped library with the instruments of `folder` and the files `given` loaded. Nothing stops
/// at a file that cannot be loaded: each one is named with its reason in the messages returned, and
/// the rest are loaded. A file given replaces a folder instrument with the same prefix (as on the
/// command line); two files given, or two in the folder, with one prefix load the first and name the
/// second.
pub fn load_instruments(
    library: Library,
    given: &[PathBuf],
    folder: &Path,
) -> (Library, Vec<String>) {
    let mut messages = Vec::new();
    // Each loaded instrument with whether it was given (else found in the folder).
    let mut loaded: Vec<(Instrument, bool)> = Vec::new();
    // A word that is no file but could be a prefix names an instrument of the folder (as on the
    // command line): nothing to load, only to check below.
    let is_prefix =
        |path: &PathBuf| !path.exists() && path.to_str().is_some_and(InstrumentKey::is_valid);
    let given_files = (given.iter().filter(|path| !is_prefix(path)))
        .map(|path| (path.clone(), import::load_instrument(path), true));
    let folder_files =
        (import::load_folder(folder).into_iter()).map(|(path, result)| (path, result, false));
    for (path, result, was_given) in given_files.chain(folder_files) {
        let instrument = match result {
            Ok(instrument) => instrument,
            Err(error) => {
                messages.push(format!("Not loaded: {}: {error}", path.display()));
                continue;
            }
        };
        let key = instrument.key().clone();
        let first = loaded.iter().find(|(other, _)| *other.key() == key);
        if library.instrument(key.as_str()).is_some() {
            messages.push(format!(
                "Not loaded: {}: its prefix {key} is a shipped treaty's.",
                path.display()
            ));
        } else if let Some((first, first_given)) = first {
            // A folder file under a given one is replaced without a word.
            if was_given || !first_given {
                messages.push(format!(
                    "Not loaded: {}: the prefix {key} is taken by {}.",
                    path.display(),
                    first.title
                ));
            }
        } else {
            loaded.push((instrument, was_given));
        }
    }
    for prefix in given.iter().filter(|path| is_prefix(path)) {
        let named = prefix.display().to_string();
        let known = library.instrument(&named).is_some()
            || loaded
                .iter()
                .any(|(instrument, _)| instrument.key().as_str() == named);
        if !known {
            messages.push(format!(
                "Not loaded: {named}: no such file, and no instrument in {} has that prefix.",
                folder.display()
            ));
        }
    }
    let instruments = loaded
        .into_iter()
        .map(|(instrument, _)| instrument)
        .collect();
    match library.clone().with_imported(instruments) {
        Ok(library) => (library, messages),
        Err(error) => {
            messages.push(format!("Instruments not loaded: {error}"));
            (library, messages)
        }
    }
}

/// The prefixes of the shipped library's sides: the UN Convention on the revision side, the Budapest
/// Convention on the base side.
pub fn default_sides() -> PerSide<InstrumentKey> {
    PerSide::from_fn(InstrumentKey::of_treaty)
}

impl CrosswalkApp {
    /// Every loaded instrument, the two shipped treaties first, then the others by prefix.
    pub fn loaded_instruments(&self) -> impl Iterator<Item = &Instrument> {
        self.loaded.library.instruments()
    }

    /// The loaded instruments as the panes' choices list them.
    pub(super) fn instrument_entries(&self) -> Vec<InstrumentEntry> {
        self.loaded_instruments()
            .map(|instrument| InstrumentEntry {
                key: instrument.key().clone(),
                label: choice_label(instrument),
                short_name: instrument.info.short_name.clone(),
            })
            .collect()
    }

    /// Shows `instrument` on `side`. Choosing the instrument the other side shows swaps the two, so the
    /// panes never show one instrument twice.
    pub fn choose_instrument(&mut self, side: Side, instrument: InstrumentKey) {
        if self
            .loaded
            .library
            .instrument(instrument.as_str())
            .is_none()
        {
            self.status = format!("{instrument} is not loaded.");
            return;
        }
        let mut sides = self.settings.sides.clone();
        if sides[side.other()] == instrument {
            sides[side.other()] = sides[side].clone();
        }
        sides[side] = instrument;
        self.settings.sides = sides;
        self.show_sides();
    }

    /// Checks the sides the settings name against what is loaded (a missing one falls back to the
    /// shipped treaty of its side, and the status line says so), then shows them.
    pub(super) fn restore_sides(&mut self) {
        let library = &self.loaded.library;
        let defaults = default_sides();
        let mut messages = Vec::new();
        for key in Side::ALL {
            let chosen = &self.settings.sides[key];
            if library.instrument(chosen.as_str()).is_none() {
                messages.push(format!(
                    "The instrument {chosen} shown last time is not loaded (not in the instruments folder {} nor given with --instrument); showing {} instead.",
                    crate::folders::instruments_dir().display(),
                    library.treaty(key).info.short_name
                ));
                self.settings.sides[key] = defaults[key].clone();
            }
        }
        if self.settings.sides.revision == self.settings.sides.base {
            self.settings.sides = defaults;
        }
        if !messages.is_empty() {
            self.status = messages.join(" ");
        }
        self.show_sides();
    }

    /// Makes the library the views read show the chosen sides, when it does not yet: the corpus, the
    /// panes, the pairs and the search are built again for it. The selection and each pane's reading
    /// position are kept by ID where their instrument is still shown.
    fn show_sides(&mut self) {
        let sides = self.settings.sides.clone();
        let showing = self
            .corpus
            .library
            .treaties
            .as_ref()
            .map(|_, t| t.instrument.key().clone());
        if showing == sides {
            return;
        }
        let Some(library) = self
            .loaded
            .library
            .with_sides(sides.revision.as_str(), sides.base.as_str())
        else {
            return;
        };
        let selected = self.selected_id();
        let tops = self.top_ids();
        self.corpus = if sides == default_sides() {
            Arc::clone(&self.loaded)
        } else {
            Arc::new(self.loaded.with_library(library))
        };
        self.rebuild_for_corpus();
        self.selected = selected.and_then(|id| self.corpus.library.resolve(&id));
        for (key, top) in tops.iter() {
            // A pane that shows another instrument starts at its beginning (the scroll offset is
            // the side's and would otherwise stay where the last instrument was read).
            let node = match top
                .as_deref()
                .and_then(|id| self.corpus.library.resolve(id))
            {
                Some((side, node)) if side == key => node,
                _ => 0,
            };
            if !self.corpus.library.treaty(key).nodes.is_empty() {
                self.panes[key].scroll_to(node);
            }
        }
    }

    /// The state built from the corpus, built again for a new one.
    fn rebuild_for_corpus(&mut self) {
        let corpus = Arc::clone(&self.corpus);
        let links = LegalLinks::new(&corpus);
        self.panes = PerSide::from_fn(|key| {
            ReaderPane::new(&corpus.library, corpus.library.treaty(key), &links)
        });
        self.pairs = PairState::new(&corpus);
        let query = self.search.query.clone();
        self.search = SearchState::new(&corpus.library);
        self.search.set_query(query);
        let dark_mode = self.seen.dark_mode;
        self.seen = Seen {
            dark_mode,
            ..Seen::default()
        };
    }

    /// The selected provision's ID.
    fn selected_id(&self) -> Option<ProvisionId> {
        let (key, node) = self.selected?;
        Some(self.corpus.library.treaty(key).node(node).id.clone())
    }

    /// The ID of the provision at the top of each pane.
    fn top_ids(&self) -> PerSide<Option<ProvisionId>> {
        PerSide::from_fn(|key| {
            let node = self.panes[key].top_node?;
            Some(self.corpus.library.treaty(key).node(node).id.clone())
        })
    }
}

/// The name an instrument is listed by in a pane's choice: its short name, and its title where that
/// says more.
pub fn choice_label(instrument: &Instrument) -> String {
    let info = &instrument.info;
    if info.title.is_empty() || info.title == info.short_name {
        info.short_name.clone()
    } else {
        format!("{} — {}", info.short_name, info.title)
    }
}

/// Loads a library the way the window does at start, for callers that hold a corpus (the window's
/// start and the tests): the folder is the user's instruments folder.
pub fn corpus_with_instruments(corpus: Corpus, given: &[PathBuf]) -> (Corpus, Vec<String>) {
    let (library, messages) = load_instruments(
        corpus.library.clone(),
        given,
        &crate::folders::instruments_dir(),
    );
    (corpus.with_library(library), messages)
}
