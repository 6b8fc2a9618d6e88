//! The safeguards matrix: powers and cooperation measures against the safeguards linked to them.

use super::file::LinkRelation;
use super::workspace::Layer;
use crate::model::{Library, PerSide, ProvisionId, Side};

/// One row of the safeguards matrix: a power or cooperation measure and, per treaty, the safeguard
/// provisions linked to it.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The measure tag without its `measure/` prefix, e.g. `search-and-seizure`.
    pub measure: String,
    /// Per treaty (UN, Budapest): the power provisions and their safeguard provisions, sorted, unique.
    pub powers: PerSide<Vec<ProvisionId>>,
    pub safeguards: PerSide<Vec<ProvisionId>>,
}

impl MatrixRow {
    /// The measure as people write it ("search and seizure", "24/7 network"), not its tag slug.
    pub fn measure_name(&self) -> String {
        self.measure.replace("24-7", "24/7").replace('-', " ")
    }
}

/// Builds the safeguards matrix from `SafeguardFor` links (ends[0] = safeguard, the rest = powers)
/// carrying a `measure/…` tag, in the given layers. Rows are sorted by measure name.
pub fn safeguards_matrix<'a>(
    layers: impl IntoIterator<Item = &'a Layer>,
    library: &Library,
) -> Vec<MatrixRow> {
    let mut rows: std::collections::BTreeMap<String, MatrixRow> = std::collections::BTreeMap::new();
    for layer in layers {
        for link in layer
            .file
            .links
            .iter()
            .filter(|l| l.relation == LinkRelation::SafeguardFor)
        {
            let Some(measure) = link
                .tags
                .iter()
                .find_map(|tag| tag.strip_prefix("measure/"))
            else {
                continue;
            };
            let Some((safeguard, powers)) = link.ends.split_first() else {
                continue;
            };
            let row = rows.entry(measure.to_owned()).or_insert_with(|| MatrixRow {
                measure: measure.to_owned(),
                powers: PerSide::default(),
                safeguards: PerSide::default(),
            });
            for power in powers {
                // The matrix reads the two treaties; a link to another instrument stays in its layer.
                let Some(key) = power.provision.shipped_side() else {
                    continue;
                };
                row.powers[key].push(power.provision.clone());
                row.safeguards[key].push(safeguard.provision.clone());
            }
        }
    }
    let order = |id: &ProvisionId| {
        library
            .resolve(id)
            .map_or((id.shipped_side(), usize::MAX), |(key, ix)| (Some(key), ix))
    };
    rows.into_values()
        .map(|mut row| {
            for key in Side::ALL {
                for list in [&mut row.powers[key], &mut row.safeguards[key]] {
                    list.sort_by_key(order);
                    list.dedup();
                }
            }
            row
        })
        .collect()
}
