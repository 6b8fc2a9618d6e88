//! What serde does not tell about a layer file: where each annotation and link is in its text.
//!
//! The reading itself (text checks, shape, positions) is [`crate::ron_source`]'s; this module knows
//! the layer schema: where each annotation and link starts, where its `id` and its anchors'
//! provisions are, and which comments are the user's rather than Crosswalk's own header line.

pub use crate::ron_source::{
    MAX_NESTING, Node, NodeKind, Shape, TextProblem, decode, line_col, shape,
};

/// The header line every saved layer starts with; it is not a comment of the user's.
pub fn header_line() -> String {
    format!(
        "// Crosswalk annotations (schema {}). Plain RON: safe to edit by hand and to merge in git.",
        super::file::SCHEMA_VERSION
    )
}

/// Where one annotation or link is: its start, its `id` value, and its anchors' `provision` values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemPlace {
    pub start: usize,
    pub id: Option<usize>,
    pub anchors: Vec<usize>,
}

impl Shape {
    /// The places of the annotations (in file order).
    pub fn annotations(&self) -> Vec<ItemPlace> {
        self.items("annotations", "anchor")
    }

    /// The places of the links (in file order).
    pub fn links(&self) -> Vec<ItemPlace> {
        self.items("links", "ends")
    }

    /// The places of the questions (in file order; they have no anchors).
    pub fn questions(&self) -> Vec<ItemPlace> {
        self.items("questions", "")
    }

    fn items(&self, list: &str, anchors: &str) -> Vec<ItemPlace> {
        let Some(field) = self.root.field(list) else {
            return Vec::new();
        };
        field
            .value
            .items()
            .iter()
            .map(|item| {
                let provision = |anchor: &Node| {
                    anchor
                        .field("provision")
                        .map_or(anchor.span.start, |f| f.value.span.start)
                };
                let anchors = match item.field(anchors) {
                    Some(field) if matches!(field.value.kind, NodeKind::Seq(_)) => {
                        field.value.items().iter().map(provision).collect()
                    }
                    Some(field) => vec![provision(&field.value)],
                    None => Vec::new(),
                };
                ItemPlace {
                    start: item.span.start,
                    id: item.field("id").map(|f| f.value.span.start),
                    anchors,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "// my note\n(\n    schema: 1,\n    annotations: [\n        (id: \"a\", anchor: (provision: \"uncc:art_1\", quote: \"x // not a comment\")),\n        (anchor: (provision: \"bc:art_2\"), color: Some(\"#fff\")), /* trailing */\n    ],\n    links: [(id: \"l\", ends: [(provision: \"uncc:art_3\"), (provision: \"bc:art_4\")], relation: Custom(\"x\"))],\n)\n";

    #[test]
    fn places_of_items_ids_and_anchors() {
        let shape = shape(SAMPLE).expect("reads the sample");
        let annotations = shape.annotations();
        assert_eq!(annotations.len(), 2);
        assert_eq!(line_col(SAMPLE, annotations[0].start), (5, 9));
        assert_eq!(&SAMPLE[annotations[0].id.unwrap()..][..3], "\"a\"");
        assert_eq!(annotations[1].id, None);
        assert_eq!(&SAMPLE[annotations[1].anchors[0]..][..10], "\"bc:art_2\"");
        let links = shape.links();
        assert_eq!(links[0].anchors.len(), 2);
        assert_eq!(&SAMPLE[links[0].anchors[1]..][..10], "\"bc:art_4\"");
    }

    #[test]
    fn comments_outside_strings_are_found_and_the_header_is_not_a_user_comment() {
        let shape = shape(SAMPLE).expect("reads the sample");
        let comments: Vec<&str> = shape.comments.iter().map(|r| &SAMPLE[r.clone()]).collect();
        assert_eq!(comments, ["// my note", "/* trailing */"]);
        let saved = format!("{}\n(schema: 1)\n", header_line());
        let shape = super::shape(&saved).expect("reads a saved file");
        assert_eq!(shape.comments.len(), 1);
        assert!(shape.user_comments(&saved, &header_line()).is_empty());
    }
}
