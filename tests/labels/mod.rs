//! What a screen reader would read in the window, and the check that none of it is an internal ID
//! (a provision ID of any instrument, a generated or shipped note ID): shared by the window tests.

// Each test file uses the part it needs.
#![allow(dead_code)]

use crosswalk::ui::CrosswalkApp;
use egui_kittest::Harness;

/// Whether `text` shows an internal ID: a provision ID (`uncc:art_24`), a generated note, link or
/// question ID (`n-18eefa7e9638734a-1`), a shipped item's ID (`sg-uncc-2-h`, `sgl-…`, `cm-…`,
/// `q-…`) or a measure's tag slug as a name (a matrix row `measure/search-and-seizure`).
pub fn internal_id_in(text: &str) -> Option<&str> {
    let generated = |word: &str| {
        let parts: Vec<&str> = word.split('-').collect();
        parts.len() == 3
            && parts[0].chars().all(|c| c.is_ascii_lowercase())
            && parts[1].len() >= 8
            && parts[1].chars().all(|c| c.is_ascii_hexdigit())
            && parts[2].chars().all(|c| c.is_ascii_digit())
    };
    let shipped = |word: &str| {
        ["sg-", "sgl-", "cm-", "q-"]
            .iter()
            .any(|prefix| word.starts_with(prefix))
            && word.split('-').count() >= 3
    };
    // Any instrument's provision ID: a prefix (`uncc`, `bc`, `xl`, `ke-cyber`), a colon and a path.
    let provision = |word: &str| {
        word.split_once(':').is_some_and(|(prefix, rest)| {
            crosswalk::instrument::InstrumentKey::is_valid(prefix)
                && rest.starts_with(|c: char| c.is_ascii_lowercase())
                && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    if text.starts_with("measure/") {
        // A tag slug where a name belongs (a tag list, "Tags: measure/…", shows tags as typed).
        return Some(text);
    }
    text.split(|c: char| c.is_whitespace() || "()[]“”\"',;.«»".contains(c))
        .find(|word| generated(word) || shipped(word) || provision(word))
}

#[test]
fn the_internal_id_matcher_knows_each_kind_of_id() {
    for id in [
        "Edit n-18eefa7e9638734a-1",
        "pairs touching uncc:art_24",
        "Go to bc:art_15__para_1",
        "Go to xl:sec_4__subsec_1",
        "Reply to sg-uncc-2-h",
        "Copy sgl-uncc-6-to-50 to…",
        "question q-dual-criminality",
        "measure/search-and-seizure",
    ] {
        assert!(internal_id_in(id).is_some(), "{id}");
    }
    for label in [
        "Edit the note by Sam on UN Art. 24(1)",
        "Tags: safeguard/proportionality, measure/search-and-seizure",
        "24/7 network",
        "co-operation",
        "well-known",
        "Note: see s. 4",
        "https://example.org",
    ] {
        assert_eq!(internal_id_in(label), None, "{label}");
    }
}

/// Every name and value a screen reader would read, with the node's role.
pub fn every_label(harness: &Harness<'_, CrosswalkApp>) -> Vec<(String, String)> {
    use egui_kittest::kittest::NodeT;
    harness
        .root()
        .children_recursive()
        .flat_map(|node| {
            let access = node.accesskit_node();
            let role = format!("{:?}", access.role());
            [access.label(), access.value(), access.description()]
                .into_iter()
                .flatten()
                .map(move |text| (role.clone(), text.to_owned()))
        })
        .collect()
}
