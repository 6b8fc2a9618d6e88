//! The one table of keyboard shortcuts. Key handling, the hover texts of buttons and the
//! Help → Keyboard shortcuts window all read [`SHORTCUTS`], so a key is documented where it works.

use std::cmp::Reverse;

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::command::{AppCommand, ReadingCommand, Toggle};
use super::instruments::InstrumentCommand;
use super::presentation::PresentCommand;
use super::reader::ReaderPane;
use super::zoom::Zoom;
use crate::model::Side;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    FocusSearch,
    NextMatch,
    PreviousMatch,
    NextPair,
    PreviousPair,
    Back,
    Forward,
    GoTo,
    TogglePairView,
    ToggleTerms,
    ToggleInline,
    ToggleOutline,
    ToggleSyncScroll,
    SwitchPane,
    NextProvision,
    PreviousProvision,
    NextArticle,
    PreviousArticle,
    SelectNextWord,
    SelectPreviousWord,
    CaretRight,
    CaretLeft,
    CaretNextWord,
    CaretPreviousWord,
    CopyCitation,
    CopyQuote,
    Annotate,
    Link,
    Save,
    Export,
    ImportInstrument,
    ImplementationTable,
    SearchResults,
    Undo,
    Redo,
    ZoomIn,
    ZoomOut,
    ResetZoom,
    Present,
    ShowShortcuts,
    Escape,
    // Presentation mode.
    NextStop,
    PreviousStop,
    LeavePresentation,
    RevealAnswers,
    // In a focused list (the outline, the notes, the layers, a pair's evidence, the search results)
    // and in the Safeguards matrix; the list acts on them itself.
    ListPrevious,
    ListNext,
    ListFirst,
    ListLast,
    ListActivate,
    CellLeft,
    CellRight,
}

impl Action {
    /// The command the action stands for (none for a list's keys: the focused list acts on them).
    pub fn command(self) -> Option<AppCommand> {
        use AppCommand as C;
        Some(match self {
            Action::FocusSearch => C::FocusSearch,
            Action::NextMatch => C::StepMatch { forward: true },
            Action::PreviousMatch => C::StepMatch { forward: false },
            Action::NextPair => C::StepPair { forward: true },
            Action::PreviousPair => C::StepPair { forward: false },
            Action::Back => C::Reading(ReadingCommand::Back),
            Action::Forward => C::Reading(ReadingCommand::Forward),
            Action::GoTo => C::Reading(ReadingCommand::OpenGoTo),
            Action::TogglePairView => C::Toggle(Toggle::PairView),
            Action::ToggleTerms => C::Toggle(Toggle::Terms),
            Action::ToggleInline => C::Toggle(Toggle::InlineView),
            Action::ToggleOutline => C::Toggle(Toggle::Outline),
            Action::ToggleSyncScroll => C::Toggle(Toggle::SyncScroll),
            Action::SwitchPane => C::SwitchPane,
            Action::NextProvision => C::MoveSelection {
                forward: true,
                by_article: false,
            },
            Action::PreviousProvision => C::MoveSelection {
                forward: false,
                by_article: false,
            },
            Action::NextArticle => C::MoveSelection {
                forward: true,
                by_article: true,
            },
            Action::PreviousArticle => C::MoveSelection {
                forward: false,
                by_article: true,
            },
            Action::SelectNextWord => C::ExtendWords { forward: true },
            Action::SelectPreviousWord => C::ExtendWords { forward: false },
            Action::CaretRight => C::MoveCaret {
                forward: true,
                by_word: false,
            },
            Action::CaretLeft => C::MoveCaret {
                forward: false,
                by_word: false,
            },
            Action::CaretNextWord => C::MoveCaret {
                forward: true,
                by_word: true,
            },
            Action::CaretPreviousWord => C::MoveCaret {
                forward: false,
                by_word: true,
            },
            Action::CopyCitation => C::CopySelectedCitation,
            Action::CopyQuote => C::CopyQuote,
            Action::Annotate => C::AnnotateSelection,
            Action::Link => C::LinkSelection,
            Action::Save => C::SaveAll,
            Action::Export => C::OpenExport,
            Action::ImportInstrument => C::Instruments(InstrumentCommand::OpenImport),
            Action::ImplementationTable => C::Instruments(InstrumentCommand::OpenImplementation),
            Action::SearchResults => C::ToggleSearchResults,
            Action::Undo => C::Undo,
            Action::Redo => C::Redo,
            Action::ZoomIn => C::Zoom(Zoom::In),
            Action::ZoomOut => C::Zoom(Zoom::Out),
            Action::ResetZoom => C::Zoom(Zoom::Reset),
            Action::Present => C::Present(PresentCommand::Toggle),
            Action::ShowShortcuts => C::ToggleShortcuts,
            Action::Escape => C::Escape,
            Action::NextStop => C::Present(PresentCommand::Step { forward: true }),
            Action::PreviousStop => C::Present(PresentCommand::Step { forward: false }),
            Action::LeavePresentation => C::Present(PresentCommand::Leave),
            Action::RevealAnswers => C::Present(PresentCommand::Reveal),
            Action::ListPrevious
            | Action::ListNext
            | Action::ListFirst
            | Action::ListLast
            | Action::ListActivate
            | Action::CellLeft
            | Action::CellRight => return None,
        })
    }

    /// Whether the window's key works in presentation mode too (the rest would act on the hidden
    /// reader).
    fn works_in_presentation(self) -> bool {
        matches!(
            self,
            Action::ZoomIn | Action::ZoomOut | Action::ResetZoom | Action::Present
        )
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Shortcut {
    pub action: Action,
    pub keys: KeyboardShortcut,
    pub description: &'static str,
    /// Whether the key works while a text field has the focus (otherwise the field keeps it: arrows
    /// move the cursor, Ctrl+Z undoes typing).
    pub in_text_fields: bool,
}

const fn row(
    action: Action,
    modifiers: Modifiers,
    key: Key,
    description: &'static str,
    in_text_fields: bool,
) -> Shortcut {
    Shortcut {
        action,
        keys: KeyboardShortcut::new(modifiers, key),
        description,
        in_text_fields,
    }
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;

/// Every keyboard shortcut of the window, in the order the shortcuts window lists them.
#[rustfmt::skip]
pub const SHORTCUTS: &[Shortcut] = &[
    row(Action::FocusSearch, CTRL, Key::F, "Search both texts", true),
    row(Action::SearchResults, CTRL_SHIFT, Key::F, "Show or hide the list of search results (texts and notes)", true),
    row(Action::NextMatch, NONE, Key::F3, "Next search result, most relevant first (Enter in the search box)", true),
    row(Action::PreviousMatch, Modifiers::SHIFT, Key::F3, "Previous search result (Shift+Enter in the search box)", true),
    row(Action::NextPair, Modifiers::ALT, Key::ArrowDown, "Next pair", true),
    row(Action::PreviousPair, Modifiers::ALT, Key::ArrowUp, "Previous pair", true),
    row(Action::Back, Modifiers::ALT, Key::ArrowLeft, "Back to where you were before the last jump (also mouse button 4)", false),
    row(Action::Forward, Modifiers::ALT, Key::ArrowRight, "Forward again (also mouse button 5)", false),
    row(Action::GoTo, CTRL, Key::G, "Go to a pinpoint: 28(4), UN 28(4), Art. 40(8), bc 19 4, note 4", true),
    row(Action::TogglePairView, NONE, Key::F7, "Pair view on or off", true),
    row(Action::ToggleTerms, CTRL, Key::T, "Terminology-aware comparison on or off", true),
    row(Action::ToggleInline, CTRL, Key::I, "Inline view on or off", true),
    row(Action::ToggleOutline, NONE, Key::F9, "Show or hide the outline", true),
    row(Action::ToggleSyncScroll, NONE, Key::F8, "Pause or resume sync scrolling", true),
    row(Action::SwitchPane, NONE, Key::F6, "Switch the active pane", true),
    row(Action::NextProvision, NONE, Key::ArrowDown, "Next provision in the active pane", false),
    row(Action::PreviousProvision, NONE, Key::ArrowUp, "Previous provision in the active pane", false),
    row(Action::NextArticle, CTRL, Key::ArrowDown, "Next article in the active pane", false),
    row(Action::PreviousArticle, CTRL, Key::ArrowUp, "Previous article in the active pane", false),
    row(Action::CaretRight, NONE, Key::ArrowRight, "Move the caret one character right in the selected provision's text", false),
    row(Action::CaretLeft, NONE, Key::ArrowLeft, "Move the caret one character left", false),
    row(Action::CaretNextWord, CTRL, Key::ArrowRight, "Move the caret to the end of the next word", false),
    row(Action::CaretPreviousWord, CTRL, Key::ArrowLeft, "Move the caret to the start of the word before", false),
    row(Action::SelectNextWord, SHIFT, Key::ArrowRight, "Select one more word from the caret (or the start of the text)", false),
    row(Action::SelectPreviousWord, SHIFT, Key::ArrowLeft, "Select one word fewer", false),
    row(Action::CopyCitation, CTRL_SHIFT, Key::C, "Copy the citation of the selected provision (pinpoint and text)", true),
    row(Action::CopyQuote, CTRL, Key::C, "Copy the words selected in a pane as a quote with the pinpoint", false),
    row(Action::Annotate, CTRL, Key::M, "Annotate the selected provision or words", true),
    row(Action::Link, CTRL, Key::L, "Link to…: start a link from the selected provision; again: create it to the provision selected now", true),
    row(Action::Save, CTRL, Key::S, "Save the changed annotation layers", true),
    row(Action::Export, CTRL, Key::E, "Export the comparison (HTML, Markdown, DOCX, PDF, CSV)", true),
    row(Action::ImportInstrument, CTRL_SHIFT, Key::I, "Import instrument…: a national law, a bill, a protocol or a language version, previewed before it is saved", true),
    row(Action::ImplementationTable, CTRL_SHIFT, Key::T, "The implementation table: a treaty's obligations against an imported instrument, with your decisions", true),
    row(Action::Undo, CTRL, Key::Z, "Undo the last change to the annotations", false),
    row(Action::Redo, CTRL_SHIFT, Key::Z, "Redo", false),
    row(Action::Redo, CTRL, Key::Y, "Redo", false),
    row(Action::ZoomIn, CTRL, Key::Plus, "Zoom in: the whole window, bars and text together", true),
    row(Action::ZoomIn, CTRL, Key::Equals, "Zoom in: the whole window, bars and text together", true),
    row(Action::ZoomOut, CTRL, Key::Minus, "Zoom out", true),
    row(Action::ResetZoom, CTRL, Key::Num0, "Zoom back to 100%", true),
    row(Action::Present, NONE, Key::F5, "Present the lesson (or the pairs) full screen; F5 again leaves", true),
    row(Action::ShowShortcuts, NONE, Key::F1, "Show or hide this list of shortcuts", true),
    row(Action::Escape, NONE, Key::Escape, "Close the window or dialog in front (or stop making a link); otherwise drop the selected words", true),
];

/// The keys of presentation mode (where the reader's keys, but zoom and F5, rest). Listed in the
/// shortcuts window under their own heading.
#[rustfmt::skip]
pub const PRESENTATION_SHORTCUTS: &[Shortcut] = &[
    row(Action::NextStop, NONE, Key::ArrowRight, "Next stop (or pair)", true),
    row(Action::NextStop, NONE, Key::PageDown, "Next stop (or pair)", true),
    row(Action::NextStop, NONE, Key::Space, "Next stop (or pair)", true),
    row(Action::PreviousStop, NONE, Key::ArrowLeft, "Previous stop (or pair)", true),
    row(Action::PreviousStop, NONE, Key::PageUp, "Previous stop (or pair)", true),
    row(Action::RevealAnswers, NONE, Key::R, "Show or hide the answers: the links' rationale and evidence, and the teacher's note", true),
    row(Action::LeavePresentation, NONE, Key::Escape, "Leave presentation mode", true),
];

/// The keys of a focused list (one Tab stop: the outline, the notes and links, the layers, a pair's
/// evidence, the search results) and of the Safeguards matrix's cells. Listed in the shortcuts window
/// under their own heading.
#[rustfmt::skip]
pub const LIST_SHORTCUTS: &[Shortcut] = &[
    row(Action::ListNext, NONE, Key::ArrowDown, "In a list: the next entry (in the matrix: the cell below)", true),
    row(Action::ListPrevious, NONE, Key::ArrowUp, "In a list: the entry before (in the matrix: the cell above)", true),
    row(Action::ListFirst, NONE, Key::Home, "In a list: the first entry", true),
    row(Action::ListLast, NONE, Key::End, "In a list: the last entry", true),
    row(Action::ListActivate, NONE, Key::Enter, "In a list: show the entry's provision, open the article or chapter, show or hide the layer; Tab then reaches the entry's buttons", true),
    row(Action::ListActivate, NONE, Key::Space, "In a list: as Enter", true),
    row(Action::CellRight, NONE, Key::ArrowRight, "In the Safeguards matrix: the cell to the right", true),
    row(Action::CellLeft, NONE, Key::ArrowLeft, "In the Safeguards matrix: the cell to the left", true),
];

/// The list key pressed this frame, if any (consumed): for the focused list or matrix to act on.
pub fn list_key_pressed(ui: &Ui) -> Option<Action> {
    ui.input_mut(|input| {
        LIST_SHORTCUTS
            .iter()
            .find(|shortcut| input.consume_shortcut(&shortcut.keys))
            .map(|shortcut| shortcut.action)
    })
}

/// The commands for the shortcuts pressed this frame (their keys are consumed). In presentation mode
/// its own keys apply, and of the window's only zoom and F5.
pub fn pressed(ui: &Ui, presenting: bool) -> Vec<AppCommand> {
    // A focused widget keeps its keys (a text field its arrows, a drop-down its Up and Down), except a
    // reader pane, whose arrows move the selection.
    let reader = [Side::Revision, Side::Base].map(ReaderPane::focus_id);
    let typing = ui
        .ctx()
        .memory(|memory| memory.focused())
        .is_some_and(|id| !reader.contains(&id));
    // A drop-down list that is open takes Escape (and its arrows) for itself.
    let popup_open = egui::Popup::is_any_open(ui.ctx());
    let table: Vec<&Shortcut> = if presenting {
        PRESENTATION_SHORTCUTS
            .iter()
            .chain(
                SHORTCUTS
                    .iter()
                    .filter(|s| s.action.works_in_presentation()),
            )
            .collect()
    } else {
        SHORTCUTS.iter().collect()
    };
    // egui matches extra Shift/Alt loosely: try the shortcuts with more modifiers first, so Ctrl+Shift+Z
    // is Redo and not Undo.
    let mut order: Vec<&Shortcut> = table
        .into_iter()
        .filter(|shortcut| shortcut.in_text_fields || !typing)
        .filter(|shortcut| !(popup_open && shortcut.action == Action::Escape))
        .collect();
    order.sort_by_key(|shortcut| Reverse(modifier_count(shortcut.keys.modifiers)));
    let mut actions: Vec<Action> = Vec::new();
    ui.input_mut(|input| {
        for shortcut in order {
            let presses = if shortcut.action == Action::CopyQuote {
                // Ctrl+C arrives as a Copy event, not as a key.
                usize::from(input.events.contains(&egui::Event::Copy))
            } else {
                // Each press counts (two quick presses of Shift+Right select two words).
                let keys = shortcut.keys;
                input.count_and_consume_key(keys.modifiers, keys.logical_key)
            };
            actions.extend(std::iter::repeat_n(shortcut.action, presses));
        }
    });
    // The mouse's back and forward buttons, as in a browser.
    ui.input(|input| {
        if input.pointer.button_pressed(egui::PointerButton::Extra1) {
            actions.push(Action::Back);
        }
        if input.pointer.button_pressed(egui::PointerButton::Extra2) {
            actions.push(Action::Forward);
        }
    });
    actions.into_iter().filter_map(Action::command).collect()
}

fn modifier_count(modifiers: Modifiers) -> usize {
    [
        modifiers.alt,
        modifiers.shift,
        modifiers.command || modifiers.ctrl || modifiers.mac_cmd,
    ]
    .into_iter()
    .filter(|&on| on)
    .count()
}

/// The keys of an action as people write them: "Ctrl+Plus or Ctrl+=".
pub fn keys_of(action: Action, is_mac: bool) -> String {
    SHORTCUTS
        .iter()
        .chain(PRESENTATION_SHORTCUTS)
        .chain(LIST_SHORTCUTS)
        .filter(|shortcut| shortcut.action == action)
        .map(|shortcut| format_keys(shortcut.keys, is_mac))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A hover text with the action's keys: "Next pair (Alt+Right)".
pub fn hover(ui: &Ui, text: &str, action: Action) -> String {
    format!("{text} ({})", keys_of(action, ui.ctx().os().is_mac()))
}

/// "Ctrl+Shift+Z", "Alt+Right", "F3".
fn format_keys(keys: KeyboardShortcut, is_mac: bool) -> String {
    let modifiers = keys.modifiers;
    let mut parts: Vec<&str> = Vec::new();
    if modifiers.command || modifiers.ctrl || modifiers.mac_cmd {
        parts.push(if is_mac { "Cmd" } else { "Ctrl" });
    }
    if modifiers.alt {
        parts.push(if is_mac { "Option" } else { "Alt" });
    }
    if modifiers.shift {
        parts.push("Shift");
    }
    parts.push(match keys.logical_key {
        Key::Plus => "Plus",
        Key::Equals => "=",
        Key::Minus => "Minus",
        Key::Num0 => "0",
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        Key::Escape => "Escape",
        Key::Enter => "Enter",
        Key::PageDown => "Page Down",
        Key::PageUp => "Page Up",
        Key::Home => "Home",
        Key::End => "End",
        Key::Space => "Space",
        other => other.name(),
    });
    parts.join("+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_key_and_no_key_does_two_things() {
        for table in [SHORTCUTS, PRESENTATION_SHORTCUTS, LIST_SHORTCUTS] {
            for (index, shortcut) in table.iter().enumerate() {
                assert!(!shortcut.description.is_empty());
                for other in &table[..index] {
                    assert!(
                        other.keys != shortcut.keys,
                        "{:?} is bound twice",
                        shortcut.keys
                    );
                }
            }
        }
        // In presentation mode, the window's keys that still work do not clash with its own.
        for shortcut in SHORTCUTS
            .iter()
            .filter(|s| s.action.works_in_presentation())
        {
            assert!(
                PRESENTATION_SHORTCUTS
                    .iter()
                    .all(|p| p.keys != shortcut.keys),
                "{:?} is bound twice in presentation mode",
                shortcut.keys
            );
        }
        assert_eq!(keys_of(Action::Redo, false), "Ctrl+Shift+Z or Ctrl+Y");
        assert_eq!(keys_of(Action::ImportInstrument, false), "Ctrl+Shift+I");
        assert_eq!(keys_of(Action::ImplementationTable, false), "Ctrl+Shift+T");
        assert_eq!(keys_of(Action::ZoomIn, false), "Ctrl+Plus or Ctrl+=");
        assert_eq!(keys_of(Action::NextPair, false), "Alt+Down");
        assert_eq!(keys_of(Action::Back, false), "Alt+Left");
        assert_eq!(
            keys_of(Action::NextStop, false),
            "Right or Page Down or Space"
        );
    }
}
