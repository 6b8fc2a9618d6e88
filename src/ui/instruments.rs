//! The window's instruments beside the treaties. Import instrument…: a file is read and imported on a
//! worker (`import::import_file`), previewed, and saved into the user's instruments folder through
//! `import::save` (never over an existing file unless Replace is asked), then loaded into the running
//! library. The implementation table: built from the suggestions and the user's layer
//! (`implementation::build`, cached per workspace revision), each decision one undoable edit of the
//! user's layer, exported through `implementation::render`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::annotations::save_bytes_atomically;
use crate::annotations::workspace::{EditError, LinkDraft, NoteDraft};
use crate::document::DocumentId;
use crate::implementation::{self, ImplementationTable, TableFormat};
use crate::import::{self, ImportError, ImportOptions, Imported};
use crate::instrument::InstrumentKey;
use crate::model::{ProvisionId, Side};

use super::app::CrosswalkApp;
use super::command::AppCommand;
use super::task::Slot;
use super::views::implementation_window::ImplementationInput;
use super::views::import_window::Preview;
use super::views::path_prompt::PathPurpose;

/// What Import instrument… and the implementation table ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum InstrumentCommand {
    /// Open Import instrument… and ask for the file.
    OpenImport,
    /// Read this file and preview it with the facts the importer guesses.
    Preview(PathBuf),
    /// Import `source` again with the facts the user gave; with `save`, write it (`Some(true)`:
    /// replacing an instrument already there) and load it.
    Import {
        source: PathBuf,
        options: ImportOptions,
        save: Option<bool>,
    },
    /// Open the implementation table.
    OpenImplementation,
    /// Confirm: a suggested counterpart of an obligation becomes a link in the user's layer.
    Link {
        obligation: ProvisionId,
        counterpart: ProvisionId,
    },
    /// Change: another provision of the instrument becomes the counterpart — the obligation's one link
    /// to the instrument in the user's layer is pointed at it, or, without one, a link is made.
    Change {
        obligation: ProvisionId,
        counterpart: ProvisionId,
    },
    /// The user's layer records that the instrument has no counterpart of the obligation.
    NoCounterpart {
        obligation: ProvisionId,
        instrument: InstrumentKey,
    },
    /// Ask where to write the table in `format`.
    ChooseTableFile(TableFormat),
    WriteTable {
        path: PathBuf,
        format: TableFormat,
    },
}

/// What an import on the worker came back with.
pub struct ImportDone {
    source: PathBuf,
    /// The facts given (none guessed yet: a first preview).
    given: Option<ImportOptions>,
    imported: Result<Imported, ImportError>,
    /// Where it was written, if it was to be saved and was.
    saved: Option<Result<PathBuf, ImportError>>,
}

/// The workers and the table the instrument windows use.
#[derive(Default)]
pub struct InstrumentState {
    import: Slot<ImportDone>,
    write: Slot<Result<String, String>>,
    /// The table last built and what it was built from (revision, treaty, instrument, layer).
    table: Option<(TableKey, Arc<ImplementationTable>)>,
}

type TableKey = (u64, Side, String, Option<crate::document::DocumentId>);

impl InstrumentState {
    /// Whether an import is being read or written.
    pub fn importing(&self) -> bool {
        self.import.is_running()
    }

    /// Whether a table is being written.
    pub fn writing(&self) -> bool {
        self.write.is_running()
    }
}

impl CrosswalkApp {
    pub(super) fn apply_instruments(&mut self, command: InstrumentCommand) {
        use InstrumentCommand as C;
        match command {
            C::OpenImport => {
                self.views.import.open = true;
                self.ask_for_path(
                    PathPurpose::ImportInstrument,
                    "Import an instrument".to_owned(),
                    String::new(),
                );
            }
            C::Preview(source) => self.start_import(source, None, None),
            C::Import {
                source,
                options,
                save,
            } => self.import_again(source, options, save),
            C::OpenImplementation => self.views.implementation.open = true,
            C::Link {
                obligation,
                counterpart,
            } => self.link_counterpart(&obligation, &counterpart),
            C::Change {
                obligation,
                counterpart,
            } => self.change_counterpart(&obligation, &counterpart),
            C::NoCounterpart {
                obligation,
                instrument,
            } => self.record_no_counterpart(&obligation, &instrument),
            C::ChooseTableFile(format) => self.ask_for_path(
                PathPurpose::ImplementationTable(format),
                "Export the implementation table".to_owned(),
                format!("implementation.{}", format.extension()),
            ),
            C::WriteTable { path, format } => self.write_table(path, format),
        }
    }

    /// Update preview, Save, Replace: the facts the user gave; never saved under the prefix of an
    /// instrument on a side (the folder would then stop every command from loading).
    fn import_again(&mut self, source: PathBuf, options: ImportOptions, save: Option<bool>) {
        let library = &self.corpus.library;
        let on_a_side =
            (options.id.as_ref()).and_then(|id| library.side_of_instrument(id.as_str()));
        match on_a_side {
            Some(side) if save.is_some() => {
                let title = &library.treaty(side).info.short_name;
                self.views.import.message =
                    format!("That ID prefix is the {title}'s: give another one.");
            }
            _ => self.start_import(source, Some(options), save),
        }
    }

    /// Reads (and, with `save`, writes) an instrument on the worker; the window shows the result.
    fn start_import(&mut self, source: PathBuf, given: Option<ImportOptions>, save: Option<bool>) {
        let folder = crate::folders::instruments_dir_in(&self.data_dir);
        self.views.import.open = true;
        self.views.import.message = format!("Reading {}…", source.display());
        let started = self.instruments.import.start(&self.egui_ctx, move || {
            let options = given.clone().unwrap_or_default();
            let imported = import::import_file(&source, &options);
            let saved = match (&imported, save) {
                (Ok(imported), Some(replace)) => {
                    let target = import::file_in(&folder, imported.instrument.key());
                    Some(import::save(imported, &target, replace).map(|()| target))
                }
                _ => None,
            };
            ImportDone {
                source,
                given,
                imported,
                saved,
            }
        });
        if !started {
            self.views.import.message = "An import is already being read.".to_owned();
        }
    }

    /// Picks up what the workers finished: an import to preview or load, a table written.
    pub(super) fn finish_instrument_tasks(&mut self) {
        match self.instruments.import.poll() {
            Some(Ok(done)) => self.import_finished(done),
            Some(Err(_)) => {
                self.views.import.message =
                    "The import stopped unexpectedly; nothing was written.".to_owned();
            }
            None => {}
        }
        if let Some(result) = self.instruments.write.poll() {
            self.views.implementation.message = match result {
                Ok(Ok(message) | Err(message)) => message,
                Err(_) => "The export stopped unexpectedly.".to_owned(),
            };
        }
    }

    fn import_finished(&mut self, done: ImportDone) {
        let window = &mut self.views.import;
        let imported = match done.imported {
            Ok(imported) => imported,
            Err(error) => {
                window.preview = None;
                window.message = format!("{error}\nNothing was written.");
                return;
            }
        };
        let original = imported.instrument.info.version_of.clone();
        let loaded =
            (original.as_ref()).and_then(|key| self.corpus.library.instrument(key.as_str()));
        let version_warnings = loaded
            .map(|original| imported.version_warnings(original))
            .unwrap_or_default();
        let not_compared = original.filter(|_| loaded.is_none()).map(|key| {
            format!("Version of `{key}`, which is not loaded: its IDs were not compared.")
        });
        let target = crate::folders::instruments_dir_in(&self.data_dir);
        let target = import::file_in(&target, imported.instrument.key());
        let saved = done.saved;
        let preview = Preview::new(done.source, imported, version_warnings, target);
        let window = &mut self.views.import;
        window.show(preview, done.given.is_none());
        window.message = not_compared.unwrap_or_default();
        match saved {
            None => {}
            Some(Ok(path)) => self.load_saved_instrument(&path),
            Some(Err(ImportError::Exists { path })) => {
                let window = &mut self.views.import;
                window.exists = true;
                window.message = format!(
                    "An instrument is already saved at {path}. Replace it, or give another ID prefix."
                );
            }
            Some(Err(error)) => {
                self.views.import.message = format!("Not saved: {error}");
            }
        }
    }

    /// The instrument just saved joins the running library (replacing one with its prefix).
    fn load_saved_instrument(&mut self, path: &std::path::Path) {
        let Some(preview) = self.views.import.preview.as_ref() else {
            return;
        };
        let instrument = preview.imported.instrument.clone();
        let key = instrument.key().clone();
        let corpus = Arc::make_mut(&mut self.corpus);
        let window = &mut self.views.import;
        window.exists = false;
        match corpus.library.load_imported(instrument) {
            Ok(()) => {
                self.workspace.library_changed();
                window.message = format!("Saved {} and loaded it as `{key}`.", path.display());
                self.views.implementation.instrument = Some(key.to_string());
            }
            Err(error) => {
                window.message = format!("Saved {}, but not loaded: {error}", path.display());
            }
        }
    }

    /// Confirm (or Change where there was no link yet): a new link in the user's layer.
    fn link_counterpart(&mut self, obligation: &ProvisionId, counterpart: &ProvisionId) {
        let draft = implementation::counterpart_link(obligation, counterpart);
        let before = self.workspace.revision();
        self.in_layer(None, |app, layer| {
            app.link_counterpart_in(layer, &draft, obligation, counterpart)
        });
        if self.workspace.revision() == before {
            // Why is on the status line ("Link not made: …").
            self.views.implementation.message = self.status.clone();
            return;
        }
        self.say_linked(obligation, counterpart, "Linked");
    }

    /// The link of a Confirm in `layer`, replacing a "no counterpart" recorded before in the same
    /// edit.
    fn link_counterpart_in(
        &mut self,
        layer: DocumentId,
        draft: &LinkDraft,
        obligation: &ProvisionId,
        counterpart: &ProvisionId,
    ) {
        let replaced: Vec<String> = (self.workspace.layer(layer))
            .map(|entry| {
                implementation::no_counterpart_notes(
                    &entry.file,
                    obligation.as_str(),
                    counterpart.instrument(),
                )
                .map(|note| note.id.clone())
                .collect()
            })
            .unwrap_or_default();
        self.create_link_replacing(layer, draft, &replaced);
    }

    /// Change: the obligation's one link to the instrument now ends at `counterpart` (one edit).
    fn change_counterpart(&mut self, obligation: &ProvisionId, counterpart: &ProvisionId) {
        let layer = self.workspace.first_editable();
        let links: Vec<String> = (layer.and_then(|layer| self.workspace.layer(layer)))
            .map(|layer| {
                let instrument = counterpart.instrument();
                implementation::decision_links(&layer.file, obligation.as_str(), instrument)
                    .map(|link| link.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let (Some(layer), [link]) = (layer, links.as_slice()) else {
            // None yet, or several (each kept): a link of its own.
            self.link_counterpart(obligation, counterpart);
            return;
        };
        let ends = [obligation.clone(), counterpart.clone()];
        let changed = (self.workspace).set_link_ends(layer, link, &ends, &self.corpus.library);
        match changed {
            Ok(()) => self.say_linked(obligation, counterpart, "Changed: linked"),
            Err(error) => self.views.implementation.message = format!("Not changed: {error}"),
        }
    }

    fn say_linked(&mut self, obligation: &ProvisionId, counterpart: &ProvisionId, done: &str) {
        let library = &self.corpus.library;
        let pinpoint = |id: &ProvisionId| library.pinpoint_list(std::slice::from_ref(id));
        self.views.implementation.message = format!(
            "{done} {} to {} (Ctrl+Z undoes it).",
            pinpoint(obligation),
            pinpoint(counterpart)
        );
    }

    /// "No counterpart": a tagged note on the obligation in the user's layer (one undoable edit).
    fn record_no_counterpart(&mut self, obligation: &ProvisionId, instrument: &InstrumentKey) {
        let Some(loaded) = self.corpus.library.instrument(instrument.as_str()) else {
            self.views.implementation.message =
                format!("The instrument `{instrument}` is not loaded.");
            return;
        };
        let draft = implementation::no_counterpart_note(
            obligation,
            instrument.as_str(),
            &loaded.info.short_name,
        );
        let mut result = Ok(());
        self.in_layer(None, |app, layer| {
            result = app.no_counterpart_in(layer, &draft, obligation, instrument);
        });
        self.views.implementation.message = match result {
            Ok(_) => "Recorded: no counterpart (Ctrl+Z undoes it).".to_owned(),
            Err(error) => format!("Not recorded: {error}"),
        };
    }

    /// The "no counterpart" note in `layer`, replacing the links confirmed before in the same edit.
    fn no_counterpart_in(
        &mut self,
        layer: DocumentId,
        draft: &NoteDraft,
        obligation: &ProvisionId,
        instrument: &InstrumentKey,
    ) -> Result<(), EditError> {
        let replaced: Vec<String> = (self.workspace.layer(layer))
            .map(|entry| {
                implementation::decision_links(
                    &entry.file,
                    obligation.as_str(),
                    instrument.as_str(),
                )
                .map(|link| link.id.clone())
                .collect()
            })
            .unwrap_or_default();
        let result = self.workspace.annotate_replacing_links(
            layer,
            draft,
            self.settings.author(),
            &self.corpus.library,
            &replaced,
        );
        result.map(|_| ())
    }

    /// The table of the treaty and instrument chosen in the window, with the user's layer's
    /// decisions; built again only when the layers, the choice or the library changed.
    pub(super) fn implementation_table(&mut self) -> Option<Arc<ImplementationTable>> {
        let window = &self.views.implementation;
        let instrument = window.instrument.clone()?;
        let layer = self.workspace.first_editable();
        let key: TableKey = (self.workspace.revision(), window.treaty, instrument, layer);
        if let Some((built, table)) = &self.instruments.table
            && *built == key
        {
            return Some(Arc::clone(table));
        }
        let file = layer
            .and_then(|layer| self.workspace.layer(layer))
            .map(|layer| &layer.file);
        let table = implementation::build(
            &self.corpus.library,
            key.1,
            &key.2,
            file,
            self.corpus.comparisons.normaliser(),
            implementation::DEFAULT_TOP,
        )?;
        let table = Arc::new(table);
        self.instruments.table = Some((key, Arc::clone(&table)));
        Some(table)
    }

    /// Writes the table on the worker, atomically.
    fn write_table(&mut self, path: PathBuf, format: TableFormat) {
        let Some(table) = self.implementation_table() else {
            self.views.implementation.message = "Choose an instrument first.".to_owned();
            return;
        };
        self.views.implementation.message = format!("Writing {}…", path.display());
        self.instruments.write.start(&self.egui_ctx, move || {
            let bytes = implementation::render(&table, format).map_err(|e| e.to_string())?;
            save_bytes_atomically(&path, &bytes).map_err(|e| format!("Not written: {e}"))?;
            Ok(format!(
                "Wrote {} ({} obligations)",
                path.display(),
                table.rows.len()
            ))
        });
    }

    /// Draws Import instrument… and the implementation table when they are open.
    pub(super) fn instrument_windows_ui(&mut self, ctx: &egui::Context, out: &mut Vec<AppCommand>) {
        let importing = self.instruments.importing();
        self.views.import.ui(ctx, importing, out);
        if !self.views.implementation.open {
            return;
        }
        let table = self.implementation_table();
        let input = ImplementationInput {
            library: &self.corpus.library,
            table: table.as_deref(),
            writing: self.instruments.writing(),
        };
        self.views.implementation.ui(ctx, &input, out);
    }
}
