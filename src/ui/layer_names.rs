//! Layer names as the window shows them: unique, the file name telling apart layers that share a name.

use crate::annotations::{Layer, Workspace};
use crate::document::DocumentId;

/// The label of layer `layer` among `labels` (made by [`layer_labels`] from `workspace`'s layers);
/// empty once the layer is closed.
pub fn label_of<'a>(workspace: &Workspace, labels: &'a [String], layer: DocumentId) -> &'a str {
    workspace
        .position(layer)
        .and_then(|position| labels.get(position))
        .map_or("", String::as_str)
}

/// One name per layer, in order. A name that several layers share gets the layer's file name
/// ("My annotations (notes.ron)"); layers without a file that still share one are numbered.
pub fn layer_labels(layers: &[Layer]) -> Vec<String> {
    let shared = |name: &str| layers.iter().filter(|l| l.name() == name).count() > 1;
    let mut labels: Vec<String> = layers
        .iter()
        .map(|layer| {
            let name = layer.name();
            let file = layer
                .path
                .as_deref()
                .and_then(|path| path.file_name())
                .map(|file| file.to_string_lossy().into_owned());
            match file {
                Some(file) if shared(name) => format!("{name} ({file})"),
                _ => name.to_owned(),
            }
        })
        .collect();
    // Whatever is still shared (two new layers, two files of the same name in different folders).
    for index in 0..labels.len() {
        let earlier = labels[..index]
            .iter()
            .filter(|label| **label == labels[index])
            .count();
        if earlier > 0 {
            labels[index] = format!("{} ({})", labels[index], earlier + 1);
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_that_share_a_name_are_told_apart_by_their_files() {
        let mut a = Layer::new("My annotations");
        a.path = Some("/tmp/one/notes.ron".into());
        let mut b = Layer::new("My annotations");
        b.path = Some("/tmp/two/teacher.ron".into());
        let mut c = Layer::new("My annotations");
        c.path = Some("/tmp/three/teacher.ron".into());
        let new = Layer::new("My annotations");
        let other = Layer::new("Safeguards");
        let labels = layer_labels(&[new.clone(), a, b, c, other, new]);
        assert_eq!(
            labels,
            [
                "My annotations",
                "My annotations (notes.ron)",
                "My annotations (teacher.ron)",
                "My annotations (teacher.ron) (2)",
                "Safeguards",
                "My annotations (2)",
            ]
        );
        let unique: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len());
    }
}
