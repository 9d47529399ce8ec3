//! The bill of resources of §6: the run hours one good unit of an item puts on each resource,
//! and how many periods before its receipt, through its own routing and every component's.

use super::super::plan_index::PlanIndex;

/// One entry of an item's bill of resources: producing one good unit received in period u puts
/// `hours` on `resource` in period `max(1, u − offset)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorEntry {
    /// Resource index (plan order).
    pub resource: usize,
    /// Periods before receipt when the work is done (capped at the horizon: any larger offset
    /// lands in period 1 too).
    pub offset: usize,
    /// Run hours per good unit.
    pub hours: f64,
}

/// The bill of resources of every item (plan order), exploded once, children first (§6):
/// an item's own steps `(r(s), lead_time_i, e_s · run_min_s / 60)` and, for each child c with
/// qty q, every `(r, lead_time_i + o, e_1(i) · q · w)` of BOR(c). Entries with the same resource
/// and offset are merged; offsets are capped at the horizon `periods`.
pub fn bills_of_resources(index: &PlanIndex) -> Vec<Vec<BorEntry>> {
    let plan = index.plan();
    let periods = index.periods();
    let mut bills: Vec<Vec<BorEntry>> = vec![Vec::new(); index.item_count()];
    for &item in index.evaluation_order() {
        let lead = plan
            .items
            .get(item)
            .map_or(0, |row| usize::try_from(row.lead_time).unwrap_or(0));
        let own_offset = lead.min(periods);
        let mut entries: Vec<BorEntry> = index
            .steps(item)
            .iter()
            .filter_map(|step| {
                let resource = step.resource?;
                let hours = step.entering * step.run_min / 60.0;
                (hours > 0.0).then_some(BorEntry {
                    resource,
                    offset: own_offset,
                    hours,
                })
            })
            .collect();
        let starts = index.entering_first(item);
        for edge in index.children(item) {
            if edge.item == item {
                continue;
            }
            for child_entry in bills.get(edge.item).map(Vec::as_slice).unwrap_or(&[]) {
                entries.push(BorEntry {
                    resource: child_entry.resource,
                    offset: lead.saturating_add(child_entry.offset).min(periods),
                    hours: starts * edge.qty * child_entry.hours,
                });
            }
        }
        if let Some(slot) = bills.get_mut(item) {
            *slot = merge_entries(entries);
        }
    }
    bills
}

/// Sums entries of the same (resource, offset), ordered by resource then offset.
pub(super) fn merge_entries(mut entries: Vec<BorEntry>) -> Vec<BorEntry> {
    entries.sort_by_key(|e| (e.resource, e.offset));
    let mut merged: Vec<BorEntry> = Vec::with_capacity(entries.len());
    for entry in entries {
        match merged.last_mut() {
            Some(last) if last.resource == entry.resource && last.offset == entry.offset => {
                last.hours += entry.hours;
            }
            _ => merged.push(entry),
        }
    }
    merged
}

/// 0-based period in which work for a receipt in 0-based period `u` is done.
pub(super) fn load_period(u: usize, offset: usize) -> usize {
    u.saturating_sub(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_the_same_resource_and_offset_are_summed() {
        let merged = merge_entries(vec![
            BorEntry {
                resource: 1,
                offset: 0,
                hours: 0.5,
            },
            BorEntry {
                resource: 0,
                offset: 2,
                hours: 1.0,
            },
            BorEntry {
                resource: 1,
                offset: 0,
                hours: 0.25,
            },
        ]);
        assert_eq!(
            merged,
            vec![
                BorEntry {
                    resource: 0,
                    offset: 2,
                    hours: 1.0
                },
                BorEntry {
                    resource: 1,
                    offset: 0,
                    hours: 0.75
                },
            ]
        );
    }

    #[test]
    fn work_before_period_one_falls_in_period_one() {
        assert_eq!(load_period(5, 2), 3);
        assert_eq!(load_period(1, 4), 0);
    }
}
