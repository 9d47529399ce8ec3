//! The bill of materials as a graph of numbered items: its lines checked on integers, and its
//! cycles found (validation and the BOM editor both name them).

use super::super::code_index::CodeIndex;
use super::super::grouping::{owner_offsets, rows_by_owner};
use super::super::model::Plan;

/// Finds the cycles of the bill of materials, each as the item codes along it, first repeated
/// at the end (`BIKE → FRAME → BIKE`). Self-references are reported separately.
pub fn bom_cycles(plan: &Plan) -> Vec<Vec<String>> {
    let items = CodeIndex::new(plan.items.iter().map(|i| i.code.as_str()));
    BomGraph::new(plan, &items).cycles()
}

/// The bill of materials with every code numbered: items by their row, codes that name no item
/// (an invalid plan) after the items, so lines, duplicates and cycles are checked on integers.
pub(super) struct BomGraph<'a> {
    /// Code of each number.
    names: Vec<&'a str>,
    /// Numbers below this one are items.
    item_count: usize,
    /// `(parent, child)` numbers of each BOM line, in BOM order.
    pub(super) lines: Vec<(usize, usize)>,
}

impl<'a> BomGraph<'a> {
    pub(super) fn new(plan: &'a Plan, items: &CodeIndex) -> Self {
        let item_count = plan.items.len();
        let mut graph = BomGraph {
            names: plan.items.iter().map(|i| i.code.as_str()).collect(),
            item_count,
            lines: Vec::with_capacity(plan.bom.len()),
        };
        let parents = items.resolve_runs(plan.bom.iter().map(|l| l.parent.as_str()));
        let mut unknown = CodeIndex::default();
        for (line, parent) in plan.bom.iter().zip(parents) {
            let parent = graph.number(parent, &line.parent, &mut unknown);
            let child = graph.number(items.get(&line.child), &line.child, &mut unknown);
            graph.lines.push((parent, child));
        }
        graph
    }

    /// The number of a code: its item row, or a new number after the items for an unknown code.
    fn number(&mut self, item: Option<usize>, code: &'a str, unknown: &mut CodeIndex) -> usize {
        if let Some(item) = item {
            return item;
        }
        let next = self.names.len();
        if unknown.insert(code, next) {
            self.names.push(code);
            next
        } else {
            unknown.get(code).unwrap_or(next)
        }
    }

    /// The item row of a number; `None` for a code that names no item.
    pub(super) fn item(&self, number: usize) -> Option<usize> {
        (number < self.item_count).then_some(number)
    }

    /// Children of every number in BOM line order, self-references left out (flat rows).
    fn children(&self) -> (Vec<usize>, Vec<usize>) {
        let owners: Vec<Option<usize>> = (self.lines.iter())
            .map(|&(parent, child)| (parent != child).then_some(parent))
            .collect();
        let offsets = owner_offsets(self.names.len(), &owners);
        let children = rows_by_owner(&offsets, &owners)
            .into_iter()
            .filter_map(|row| self.lines.get(row).map(|&(_, child)| child))
            .collect();
        (offsets, children)
    }

    /// The cycles, found by a depth-first search from each line's parent in BOM order.
    pub(super) fn cycles(&self) -> Vec<Vec<String>> {
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let (offsets, children) = self.children();
        let kids = |node: usize| -> &[usize] {
            match (offsets.get(node), offsets.get(node + 1)) {
                (Some(&start), Some(&end)) => children.get(start..end).unwrap_or(&[]),
                _ => &[],
            }
        };
        let mut colour = vec![0u8; self.names.len()];
        let mut cycles = Vec::new();
        for &(root, _) in &self.lines {
            if colour.get(root) != Some(&0) {
                continue;
            }
            let mut path: Vec<usize> = vec![root];
            let mut next_child: Vec<usize> = vec![0];
            colour[root] = ON_PATH;
            while let (Some(&node), Some(position)) = (path.last(), next_child.last_mut()) {
                if let Some(&child) = kids(node).get(*position) {
                    *position += 1;
                    match colour.get(child) {
                        Some(0) => {
                            colour[child] = ON_PATH;
                            path.push(child);
                            next_child.push(0);
                        }
                        Some(&ON_PATH) => cycles.push(self.cycle_names(&path, child)),
                        _ => {}
                    }
                } else {
                    colour[node] = DONE;
                    path.pop();
                    next_child.pop();
                }
            }
        }
        cycles
    }

    /// The codes of the cycle that closes at `child` on the current path.
    fn cycle_names(&self, path: &[usize], child: usize) -> Vec<String> {
        let start = path.iter().position(|&p| p == child).unwrap_or(0);
        let name = |number: usize| self.names.get(number).copied().unwrap_or("").to_string();
        let mut cycle: Vec<String> = path[start..].iter().map(|&n| name(n)).collect();
        cycle.push(name(child));
        cycle
    }
}
