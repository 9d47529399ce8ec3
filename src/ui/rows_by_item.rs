//! The rows of a table grouped by the item they belong to (a BOM line's parent, a routing
//! step's item), for the pages that show one item's rows: built once per revision of the table,
//! not per frame. Codes are numbered with the domain's [`CodeIndex`] and the rows kept in one
//! array, so building it copies no code: on plan L (17,000 BOM parents, 170,000 routing steps)
//! a map of copied codes to row lists took 20 ms of the BOM page's opening frame.

use std::ops::Range;

use crate::app::{Document, TableKind};
use crate::domain::Plan;
use crate::domain::code_index::CodeIndex;

/// See the module comment.
#[derive(Debug, Clone, Default)]
pub struct RowsByItem {
    /// The table revision the rows were grouped for.
    revision: Option<u64>,
    /// Item code → its number, in order of first appearance in the table.
    items: CodeIndex,
    /// Table rows grouped by item number; within an item, in table order.
    rows: Vec<usize>,
    /// Where each item's rows start in `rows`, plus the end of the last.
    starts: Vec<usize>,
    /// The first item in plan order with rows, and the table and Items revisions it was found
    /// for.
    first: Option<((u64, u64), Option<String>)>,
}

impl RowsByItem {
    /// Regroups the rows of `table` when it changed since the last call; `owners` gives each
    /// row's item code, in row order.
    pub fn refresh<'p, I>(
        &mut self,
        doc: &'p Document,
        table: TableKind,
        owners: impl FnOnce(&'p Plan) -> I,
    ) where
        I: Iterator<Item = &'p str>,
    {
        let revision = doc.table_revision(table);
        if self.revision != Some(revision) {
            self.group(owners(doc.plan()));
            self.revision = Some(revision);
        }
        let key = (revision, doc.table_revision(TableKind::Items));
        if self
            .first
            .as_ref()
            .is_none_or(|(found_for, _)| *found_for != key)
        {
            let first = doc
                .plan()
                .items
                .iter()
                .find(|item| self.contains(&item.code))
                .map(|item| item.code.clone());
            self.first = Some((key, first));
        }
    }

    fn group<'p>(&mut self, owners: impl Iterator<Item = &'p str>) {
        self.items = CodeIndex::default();
        let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
        for (code, rows) in code_runs(owners) {
            let number = match self.items.get(code) {
                Some(number) => number,
                None => {
                    let number = self.items.len();
                    self.items.insert(code, number);
                    number
                }
            };
            runs.push((number, rows));
        }
        // Stable: an item's runs stay in table order. Rows grouped by item are sorted already.
        runs.sort_by_key(|(number, _)| *number);
        self.rows.clear();
        self.starts.clear();
        for (number, rows) in runs {
            if self.starts.len() == number {
                self.starts.push(self.rows.len());
            }
            self.rows.extend(rows);
        }
        self.starts.push(self.rows.len());
    }

    /// The rows of `code`, in table order (none for an item without rows).
    pub fn rows_of(&self, code: &str) -> &[usize] {
        self.items
            .get(code)
            .and_then(|number| Some(*self.starts.get(number)?..*self.starts.get(number + 1)?))
            .and_then(|span| self.rows.get(span))
            .unwrap_or(&[])
    }

    /// True when `code` has rows in the table.
    pub fn contains(&self, code: &str) -> bool {
        self.items.get(code).is_some()
    }

    /// The first item in plan order that has rows.
    pub fn first_in_plan_order(&self) -> Option<&str> {
        self.first.as_ref()?.1.as_deref()
    }
}

/// Consecutive runs of equal codes, each with its row range: an item's rows usually sit
/// together, so grouping over the runs looks each item up once, not once per row.
fn code_runs<'a>(
    codes: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, Range<usize>)> {
    let mut codes = codes.enumerate().peekable();
    std::iter::from_fn(move || {
        let (start, code) = codes.next()?;
        let mut end = start + 1;
        while codes.next_if(|&(_, next)| next == code).is_some() {
            end += 1;
        }
        Some((code, start..end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;
    use crate::domain::{BomLine, Item};

    #[test]
    fn code_runs_group_consecutive_equal_codes_with_their_rows() {
        let runs: Vec<(&str, Range<usize>)> =
            code_runs(["A", "A", "B", "A", "A", "A"].into_iter()).collect();
        assert_eq!(runs, vec![("A", 0..2), ("B", 2..3), ("A", 3..6)]);
        assert_eq!(code_runs(std::iter::empty()).count(), 0);
    }

    #[test]
    fn bom_rows_are_grouped_by_parent_and_the_first_parent_follows_plan_order() {
        let mut plan = Plan::default();
        for code in ["TUBE", "BIKE", "FRAME"] {
            plan.items.push(Item {
                code: code.to_string(),
                ..Item::default()
            });
        }
        for (parent, child) in [("FRAME", "TUBE"), ("BIKE", "FRAME"), ("FRAME", "SEAT")] {
            plan.bom.push(BomLine {
                parent: parent.to_string(),
                child: child.to_string(),
                qty: 1.0,
            });
        }
        let mut doc = Document::from_plan(plan);
        let mut index = RowsByItem::default();
        fn parents(plan: &Plan) -> impl Iterator<Item = &str> {
            plan.bom.iter().map(|line| line.parent.as_str())
        }
        index.refresh(&doc, TableKind::Bom, parents);
        // FRAME's lines are rows 0 and 2, apart: both are found, in table order.
        assert_eq!(index.rows_of("FRAME"), &[0, 2]);
        assert_eq!(index.rows_of("BIKE"), &[1]);
        assert_eq!(index.rows_of("TUBE"), &[] as &[usize]);
        assert!(!index.contains("SEAT"), "a child is not a parent");
        // Plan order of the items: TUBE (no BOM), BIKE, FRAME.
        assert_eq!(index.first_in_plan_order(), Some("BIKE"));
        // Deleting BIKE's line (row 1) regroups on the new revision.
        doc.apply(Command::DeleteRows {
            table: TableKind::Bom,
            rows: vec![1],
        })
        .expect("row deletes");
        index.refresh(&doc, TableKind::Bom, parents);
        assert_eq!(index.rows_of("FRAME"), &[0, 1]);
        assert_eq!(index.first_in_plan_order(), Some("FRAME"));
    }
}
