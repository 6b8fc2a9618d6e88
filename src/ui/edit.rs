//! How commands change the annotations: notes, links and layers, always through the workspace (which
//! builds the annotations and links and records undo). The views only draft and ask.

use crate::annotations::{self, EditError, Layer, LinkChange, LinkDraft, NoteDraft, Workspace};
use crate::document::DocumentId;
use crate::links::{LinkEntry, LinkOrigin};
use crate::model::ProvisionId;

use super::app::CrosswalkApp;
use super::command::QuestionCommand;
use super::views::annotate_dialog::AnnotateDraft;
use crate::annotations::Question;
use crate::crosswalk::Evidence;

/// The name of the layer made for the user's first note, reply, link or question.
pub const USER_LAYER_NAME: &str = "My annotations";

/// The layers the window opens with: the shipped Safeguards layer (shown), the Published commentary
/// (off until turned on) and the shipped Questions (shown in the Questions panel; they mark no text);
/// and what went wrong reading the shipped ones. The user's own layer is made when it is first needed
/// ([`CrosswalkApp::editable_layer`]), so a start adds no empty layer.
pub(super) fn opening_workspace() -> (Workspace, String) {
    let mut workspace = Workspace::default();
    let mut problems = Vec::new();
    for (name, layer) in [
        ("safeguards", annotations::safeguards_layer()),
        ("commentary", annotations::commentary_layer()),
        ("questions", annotations::questions_layer()),
    ] {
        match layer {
            Ok(layer) => {
                workspace.add_layer(layer);
            }
            Err(error) => problems.push(format!(
                "The shipped {name} layer could not be read: {error}"
            )),
        }
    }
    (workspace, problems.join("\n"))
}

impl CrosswalkApp {
    /// The layer new notes, replies, links and questions go to: the first editable one, made (as
    /// "My annotations") when the user first annotates, replies, links or asks.
    pub(super) fn editable_layer(&mut self) -> DocumentId {
        match self.workspace.first_editable() {
            Some(layer) => layer,
            None => self.workspace.add_layer(Layer::new(USER_LAYER_NAME)),
        }
    }

    /// Carries out `edit` in the layer `chosen`, or (`None`) in the user's layer, made only now that
    /// something is written ([`Self::editable_layer`]). A layer made for an edit that was then refused
    /// holds nothing and is closed again at once, so a refusal adds no empty layer.
    pub(super) fn in_layer(
        &mut self,
        chosen: Option<DocumentId>,
        edit: impl FnOnce(&mut Self, DocumentId),
    ) {
        let made_now = chosen.is_none() && self.workspace.first_editable().is_none();
        let layer = chosen.unwrap_or_else(|| self.editable_layer());
        let before = self.workspace.revision();
        edit(self, layer);
        if made_now && self.workspace.revision() == before {
            self.workspace.close(layer);
        }
    }

    /// A new, empty question in `layer`, chosen in the Questions panel.
    fn new_question(&mut self, layer: DocumentId) -> Result<(), EditError> {
        let id = self.workspace.new_id("q");
        let question = Question {
            id: id.clone(),
            title: "New question".to_owned(),
            author: self.settings.author().to_owned(),
            created: annotations::now_rfc3339(),
            ..Question::default()
        };
        let result = self.workspace.add_question(layer, question);
        if result.is_ok() {
            self.views.questions.choose(layer, &id);
        }
        result
    }

    /// Carries out what the Questions panel asked; the outcome is said in the panel.
    pub(super) fn apply_question(&mut self, command: QuestionCommand) {
        let (result, done) = match command {
            QuestionCommand::New => {
                let mut result = Ok(());
                self.in_layer(None, |app, layer| result = app.new_question(layer));
                (result, "Question added: write it, then Save question.")
            }
            QuestionCommand::Save { layer, id, draft } => (
                self.workspace
                    .update_question(layer, &id, |q| draft.apply_to(q)),
                "Question saved (Undo takes it back).",
            ),
            QuestionCommand::CiteSelection { layer, id } => match self.selected_provision() {
                Some(provision) => (
                    self.workspace.update_question(layer, &id, |q| {
                        q.cite(&provision);
                    }),
                    "Provision cited.",
                ),
                None => (Err(EditError::NothingSelected), ""),
            },
            QuestionCommand::AddEvidenceFromSelection { layer, id } => {
                match self.selected_words_as_evidence() {
                    Some(evidence) => (
                        self.workspace
                            .update_question(layer, &id, |q| q.evidence.push(evidence)),
                        "Evidence added.",
                    ),
                    None => (Err(EditError::NoWordsSelected), ""),
                }
            }
            QuestionCommand::Delete { layer, id } => (
                self.workspace.delete_question(layer, &id),
                "Question deleted (Undo brings it back).",
            ),
        };
        self.questions_message = match result {
            Ok(()) => done.to_owned(),
            Err(error) => error.to_string(),
        };
    }

    /// The ID of the selected provision.
    fn selected_provision(&self) -> Option<ProvisionId> {
        let (key, node) = self.selected?;
        Some(self.corpus.library.treaty(key).node(node).id.clone())
    }

    /// A layer's new name (the panel says why when it is refused).
    pub(super) fn rename_layer(&mut self, layer: DocumentId, name: &str) {
        if let Err(error) = self.workspace.rename(layer, name) {
            self.notes_message = format!("Not renamed: {error}");
        }
    }

    /// The words selected in the selected provision, as evidence.
    fn selected_words_as_evidence(&self) -> Option<Evidence> {
        let (key, node) = self.selected?;
        let treaty = self.corpus.library.treaty(key);
        let provision = treaty.node(node);
        let words = self.panes[key].selected_words(treaty, node)?;
        let quote = provision.text.get(words)?.to_owned();
        Some(Evidence {
            provision: provision.id.clone(),
            quote,
        })
    }

    /// Shows the outcome of an edit in the annotations panel.
    fn report(&mut self, result: Result<(), EditError>, done: &str) {
        self.notes_message = match result {
            Ok(()) => done.to_owned(),
            Err(error) => error.to_string(),
        };
    }

    pub(super) fn start_annotation(
        &mut self,
        provision: ProvisionId,
        quote: String,
        quote_at: Option<usize>,
    ) {
        // The user's layer is not made for a dialog that may be cancelled: Save makes it.
        let layer = self.workspace.first_editable();
        let draft = AnnotateDraft::new(provision, quote, quote_at, layer);
        self.views.annotate.open(draft);
    }

    pub(super) fn edit_annotation(&mut self, layer: DocumentId, id: &str) {
        let annotation = self
            .workspace
            .layer(layer)
            .and_then(|l| l.file.annotations.iter().find(|a| a.id == id));
        match annotation {
            Some(annotation) => self
                .views
                .annotate
                .open(AnnotateDraft::of(annotation, Some(layer))),
            None => self.notes_message = EditError::NoAnnotation(id.to_owned()).to_string(),
        }
    }

    /// The Annotate dialog's Save: the workspace builds (or revises) the note, in `layer` or (`None`)
    /// in the user's layer, made now; a refusal stays in the dialog with its reason.
    pub(super) fn save_annotation(
        &mut self,
        layer: Option<DocumentId>,
        editing: Option<&str>,
        draft: &NoteDraft,
    ) {
        self.in_layer(layer, |app, layer| {
            let library = &app.corpus.library;
            let result = match editing {
                Some(id) => app.workspace.revise_annotation(layer, id, draft, library),
                None => (app.workspace)
                    .annotate(layer, draft, app.settings.author(), library)
                    .map(drop),
            };
            match result {
                Ok(()) => app.views.annotate.close(),
                Err(error) => app.views.annotate.refuse(error.to_string()),
            }
        });
    }

    pub(super) fn delete_annotation(&mut self, layer: DocumentId, id: &str) {
        let result = self.workspace.delete_annotation(layer, id);
        self.report(result, "Note deleted (Undo brings it back).");
    }

    pub(super) fn copy_to_layer(&mut self, from: DocumentId, id: &str, to: DocumentId) {
        let result = self.workspace.copy_to(from, id, to);
        self.report(result, "Copied.");
    }

    /// Ctrl+M: the Annotate dialog on the selected provision, quoting the words selected in it.
    pub(super) fn annotate_selection(&mut self) {
        let Some((key, node)) = self.selected else {
            self.status = "Select a provision to annotate first.".to_owned();
            return;
        };
        let treaty = self.corpus.library.treaty(key);
        let provision = treaty.node(node);
        let words = self.panes[key].selected_words(treaty, node);
        let quote = words
            .as_ref()
            .and_then(|range| provision.text.get(range.clone()))
            .unwrap_or_default()
            .to_owned();
        let id = provision.id.clone();
        self.start_annotation(id, quote, words.map(|range| range.start));
    }

    /// Ctrl+L: starts a link from the selected provision; while a link is being made, creates it to
    /// the provision selected now.
    pub(super) fn link_selection(&mut self) {
        let library = &self.corpus.library;
        let selected = self
            .selected
            .map(|(key, node)| library.treaty(key).node(node).id.clone());
        if self.views.link_bar.is_active() {
            match self.views.link_bar.finish(selected.as_ref()) {
                Some(command) => self.apply(command),
                None => {
                    self.status =
                        "Select the provision to link to, then press Ctrl+L again.".to_owned()
                }
            }
            return;
        }
        match selected {
            Some(from) => self.start_link(from),
            None => self.status = "Select a provision to link from first.".to_owned(),
        }
    }

    /// "Link to…": the link bar takes over until the link is made or cancelled.
    pub(super) fn start_link(&mut self, from: ProvisionId) {
        // The user's layer is not made for a link that may be cancelled: making the link makes it.
        let layer = self.workspace.first_editable();
        self.views.link_bar.start(from, layer);
    }

    /// Makes a link through the workspace; a new pair is shown at once, and its direction is stated
    /// in the status line.
    pub(super) fn create_link(&mut self, layer: DocumentId, draft: &LinkDraft) {
        self.create_link_replacing(layer, draft, &[]);
    }

    /// Makes a link and removes the notes `replaced` in the same undoable edit (a decision of the
    /// implementation table that replaces a "no counterpart"), shown and stated as `create_link`.
    pub(super) fn create_link_replacing(
        &mut self,
        layer: DocumentId,
        draft: &LinkDraft,
        replaced: &[String],
    ) {
        let author = self.settings.author().to_owned();
        let created = self.workspace.create_link_replacing_notes(
            layer,
            draft,
            &author,
            &self.corpus.library,
            replaced,
        );
        let id = match created {
            Ok(id) => id,
            Err(error) => {
                self.status = format!("Link not made: {error}");
                return;
            }
        };
        self.refresh_links();
        let links = &self.pairs.links;
        let index = links
            .entries()
            .iter()
            .position(|entry| is_link(entry, layer, &id));
        let Some(entry) = index.and_then(|index| links.get(index)) else {
            // The layer is hidden: the link is saved with it but not shown.
            self.status = "Linked (in a hidden layer).".to_owned();
            return;
        };
        self.status = format!("Linked: {}.", entry.statement(&self.corpus.library));
        if entry.is_pair() {
            self.pairs.current = index;
            let library = &self.corpus.library;
            if let Some(key) = draft
                .ends
                .first()
                .and_then(|subject| library.side_of(subject))
            {
                self.reveal_counterpart(key);
            }
            self.push_highlights();
        }
    }

    pub(super) fn edit_link(&mut self, layer: DocumentId, id: &str) {
        let link = self
            .workspace
            .layer(layer)
            .and_then(|l| l.file.links.iter().find(|link| link.id == id));
        match link {
            Some(link) => self.views.link_editor.open(layer, link),
            None => self.notes_message = EditError::NoLink(id.to_owned()).to_string(),
        }
    }

    pub(super) fn update_link(&mut self, layer: DocumentId, id: &str, change: &LinkChange) {
        match self.workspace.update_link(layer, id, change) {
            Ok(()) => {
                self.views.link_editor.close();
                self.notes_message = "Link saved.".to_owned();
            }
            Err(error) => self.views.link_editor.refuse(error.to_string()),
        }
    }

    pub(super) fn delete_link(&mut self, layer: DocumentId, id: &str) {
        let result = self.workspace.delete_link(layer, id);
        self.report(result, "Link deleted (Undo brings it back).");
    }

    pub(super) fn new_layer(&mut self) {
        let count = self.workspace.layers.len() + 1;
        self.workspace
            .add_layer(Layer::new(&format!("Layer {count}")));
    }

    pub(super) fn undo(&mut self) {
        if !self.workspace.undo() {
            self.notes_message = "Nothing to undo.".to_owned();
        }
    }

    pub(super) fn redo(&mut self) {
        if !self.workspace.redo() {
            self.notes_message = "Nothing to redo.".to_owned();
        }
    }
}

/// Whether an entry is the user link `id` of layer `layer`.
fn is_link(entry: &LinkEntry, layer: DocumentId, id: &str) -> bool {
    matches!(&entry.origin, LinkOrigin::Layer { layer: l, link_id, .. } if *l == layer && link_id == id)
}
