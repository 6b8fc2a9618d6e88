//! What an export is asked for, in the one struct that the command line (`crosswalk export`) and the
//! window's Export dialog both fill: the pairs, how they are compared, how they are printed, and
//! whether the shipped layers' notes come along. From it both get the same layers, the same
//! [`Comparison`] and the same bytes.

use crate::annotations::Layer;
use crate::corpus::Corpus;

use super::{Comparison, Options, RenderOptions, Rendered, Selection};

/// Everything an export of pairs depends on besides the layers themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportChoices {
    pub selection: Selection,
    pub options: Options,
    pub render: RenderOptions,
    /// Also the shipped layers (the safeguards layer's notes, tags and links). Off by default: an
    /// export shows the user's own notes, not the hundreds that ship with the app.
    pub with_shipped: bool,
}

impl ExportChoices {
    /// Whether the export reads the shipped layers: when asked; for the matrix, which is made of the
    /// safeguards layer's links; and for a tag selection when the user has no layer of their own,
    /// where only the shipped tags can be meant. (A brief of questions reads the shipped layers
    /// itself.)
    pub fn reads_shipped(&self, user_layers: usize) -> bool {
        self.with_shipped
            || match self.selection {
                Selection::Matrix => true,
                Selection::Tag(_) => user_layers == 0,
                _ => false,
            }
    }

    /// The layers the export reads, in the order notes are numbered: the shipped ones (when read),
    /// then the user's.
    pub fn layers<'a>(&self, shipped: &[&'a Layer], user: &[&'a Layer]) -> Vec<&'a Layer> {
        let mut layers = Vec::with_capacity(shipped.len() + user.len());
        if self.reads_shipped(user.len()) {
            layers.extend_from_slice(shipped);
        }
        layers.extend_from_slice(user);
        layers
    }

    /// Builds the comparison of the chosen pairs (or the brief of the chosen questions) with the
    /// chosen layers, and prints it.
    pub fn export(
        &self,
        corpus: &Corpus,
        shipped: &[&Layer],
        user: &[&Layer],
    ) -> Result<(Comparison, Rendered), super::brief::UnknownQuestion> {
        let layers = self.layers(shipped, user);
        let comparison = super::build_selection(corpus, &self.selection, &self.options, &layers)?;
        let rendered = super::render_with(&comparison, &self.render);
        Ok((comparison, rendered))
    }
}
