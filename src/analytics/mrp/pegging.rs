//! Pegging: where each gross requirement of an item comes from. A child's gross requirement in
//! period t is its own demand plus, for each BOM parent p, `R_p,t · e_1(p) · qty_(p,i)`
//! (DESIGN.md §5); pegging splits `GR_i,t` back into those parts, so a planner can follow a
//! requirement up to the parent release that makes it, and down to the children a release needs.

use super::MaterialPlan;
use crate::analytics::plan_index::PlanIndex;

/// One BOM line as the material plan uses it: the item at the other end, the BOM quantity and
/// the units of the child each unit released of the parent needs, `e_1(parent) · qty`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BomLink {
    /// Index of the item at the other end (plan order).
    pub item: usize,
    /// Quantity of the child per unit of the parent started (the BOM row's `qty`).
    pub qty: f64,
    /// Units of the child per unit of the parent's planned release: `e_1(parent) · qty`.
    pub per_release: f64,
}

/// The BOM lines of every item from both ends, stored flat: the parents of item `i` are
/// `parents[parent_offsets[i]..parent_offsets[i + 1]]`, likewise its children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BomLinks {
    parent_offsets: Vec<usize>,
    parents: Vec<BomLink>,
    child_offsets: Vec<usize>,
    children: Vec<BomLink>,
}

impl BomLinks {
    /// The links of every item of an indexed plan, in BOM row order; a self-reference (only in
    /// an invalid plan) is left out, as the netting leaves it out.
    pub fn new(index: &PlanIndex<'_>) -> Self {
        let item_count = index.item_count();
        let mut links = BomLinks {
            parent_offsets: Vec::with_capacity(item_count + 1),
            child_offsets: Vec::with_capacity(item_count + 1),
            ..BomLinks::default()
        };
        links.parent_offsets.push(0);
        links.child_offsets.push(0);
        for item in 0..item_count {
            let started = index.entering_first(item);
            for edge in index.parents(item) {
                if edge.item != item {
                    links.parents.push(BomLink {
                        item: edge.item,
                        qty: edge.qty,
                        per_release: index.entering_first(edge.item) * edge.qty,
                    });
                }
            }
            for edge in index.children(item) {
                if edge.item != item {
                    links.children.push(BomLink {
                        item: edge.item,
                        qty: edge.qty,
                        per_release: started * edge.qty,
                    });
                }
            }
            links.parent_offsets.push(links.parents.len());
            links.child_offsets.push(links.children.len());
        }
        links
    }

    /// The BOM parents of an item (the link's `item` is the parent); empty for an unknown index.
    pub fn parents(&self, item: usize) -> &[BomLink] {
        slice_of(&self.parent_offsets, &self.parents, item)
    }

    /// The BOM children of an item (the link's `item` is the child); empty for an unknown index.
    pub fn children(&self, item: usize) -> &[BomLink] {
        slice_of(&self.child_offsets, &self.children, item)
    }
}

/// Where one part of a gross requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PegSource {
    /// The item's own demand rows (independent demand).
    Demand,
    /// A parent's planned release in the same period.
    Parent {
        /// Index of the parent (plan order).
        item: usize,
        /// The parent's planned release in that period, `R_p,t`.
        release: f64,
        /// Units of this item per unit released of the parent, `e_1(p) · qty`.
        per_release: f64,
    },
}

/// One part of a gross requirement: `qty` units in `period`, made by `source`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeggedRequirement {
    /// 1-based period of the gross requirement.
    pub period: i64,
    /// Units of the gross requirement this source makes.
    pub qty: f64,
    /// Demand or a parent's release.
    pub source: PegSource,
}

/// The pegging of one item: the parts of its gross requirements and its BOM neighbours.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pegging {
    /// Every non-zero part of the gross requirements, by period, demand first and then the
    /// parents in BOM row order.
    pub requirements: Vec<PeggedRequirement>,
    /// The item's BOM parents (whose releases make its dependent requirements).
    pub parents: Vec<BomLink>,
    /// The item's BOM children (which its own releases need).
    pub children: Vec<BomLink>,
}

/// Splits item `item`'s gross requirements into independent demand and the requirements each
/// parent's planned release makes: `R_p,t · e_1(p) · qty_(p,i)` per parent and period, and
/// demand as what is left of `GR_i,t` (a remainder within rounding of zero is none). An unknown
/// index gives an empty pegging.
pub fn pegging(material: &MaterialPlan, item: usize) -> Pegging {
    let links = &material.links;
    let parents = links.parents(item).to_vec();
    let children = links.children(item).to_vec();
    if item >= material.item_count() {
        return Pegging::default();
    }
    let mut requirements = Vec::new();
    for (t, &gross) in material.gross.row(item).iter().enumerate() {
        let period = t as i64 + 1;
        let mut dependent = Vec::new();
        let mut from_parents = 0.0;
        for link in &parents {
            let release = material.releases(link.item).get(t).copied().unwrap_or(0.0);
            let qty = release * link.per_release;
            if qty > 0.0 {
                from_parents += qty;
                dependent.push(PeggedRequirement {
                    period,
                    qty,
                    source: PegSource::Parent {
                        item: link.item,
                        release,
                        per_release: link.per_release,
                    },
                });
            }
        }
        let demand = gross - from_parents;
        if demand > PEG_TOLERANCE * gross.abs().max(1.0) {
            requirements.push(PeggedRequirement {
                period,
                qty: demand,
                source: PegSource::Demand,
            });
        }
        requirements.extend(dependent);
    }
    Pegging {
        requirements,
        parents,
        children,
    }
}

/// A remainder of a gross requirement below this share of it is rounding, not demand.
const PEG_TOLERANCE: f64 = 1e-9;

/// Entries `offsets[item]..offsets[item + 1]` of a flat table; empty for an unknown index.
fn slice_of<'a>(offsets: &[usize], entries: &'a [BomLink], item: usize) -> &'a [BomLink] {
    match (offsets.get(item), offsets.get(item + 1)) {
        (Some(&start), Some(&end)) => entries.get(start..end).unwrap_or(&[]),
        _ => &[],
    }
}
