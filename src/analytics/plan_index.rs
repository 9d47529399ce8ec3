//! An indexed view of a plan, built once per analysis so that the hot loops of cost and capacity
//! work on integer indices and flat slices instead of looking codes up in string maps.
//!
//! Items and resources are numbered by their row in the plan (plan order). Rows that reference an
//! unknown code are left out; on duplicate codes the first row wins. The view never panics on an
//! invalid plan: a BOM cycle only leaves its items (and their ancestors) out of the topological
//! order, where [`PlanIndex::evaluation_order`] appends them in plan order.

use std::sync::Arc;

use crate::domain::Plan;
use crate::domain::code_index::{CodeIndex, RunLookup};
use crate::domain::grouping::{owner_offsets, rows_by_owner};

/// Rows grouped by an owner index, stored flat (compressed sparse rows): the rows of owner `i`
/// are `entries[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq)]
struct Grouped<T> {
    offsets: Vec<usize>,
    entries: Vec<T>,
}

impl<T> Grouped<T> {
    /// Groups rows by owner: `owners[k]` is the owner of `rows[k]` (`None`, or an owner out of
    /// range, leaves the row out). Rows keep their order within an owner. When the rows already
    /// come grouped in owner order (a plan written item by item) they are kept as they are;
    /// otherwise a counting sort on row numbers places each row once.
    fn new(owner_count: usize, owners: &[Option<usize>], rows: Vec<T>) -> Self
    where
        T: Clone,
    {
        let offsets = owner_offsets(owner_count, owners);
        let running_total = offsets.last().copied().unwrap_or(0);
        let already_grouped = running_total == rows.len()
            && owners.len() == rows.len()
            && owners.windows(2).all(|pair| pair[0] <= pair[1]);
        if already_grouped {
            return Grouped {
                offsets,
                entries: rows,
            };
        }
        let rows_in_order = rows_by_owner(&offsets, owners);
        Grouped {
            offsets,
            entries: rows_in_order
                .into_iter()
                .filter_map(|row| rows.get(row).cloned())
                .collect(),
        }
    }

    /// The rows of one owner, mutable; `None` for an index out of range.
    fn of_mut(&mut self, owner: usize) -> Option<&mut [T]> {
        let start = *self.offsets.get(owner)?;
        let end = *self.offsets.get(owner + 1)?;
        self.entries.get_mut(start..end)
    }

    /// The rows of one owner; empty for an index out of range.
    fn of(&self, owner: usize) -> &[T] {
        match (self.offsets.get(owner), self.offsets.get(owner + 1)) {
            (Some(&start), Some(&end)) => self.entries.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One routing step of an item, with its resource resolved to an index and the number of units
/// entering the step per good unit of the item (`e_s` of DESIGN.md §2).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedStep {
    /// Row of the step in `plan.routing`, to reach its name.
    pub row: usize,
    /// Order of the step within its item.
    pub seq: i64,
    /// Index of the step's resource in `plan.resources`; `None` when the code is unknown.
    pub resource: Option<usize>,
    /// Set-up minutes per lot.
    pub setup_min: f64,
    /// Run minutes per unit entering the step.
    pub run_min: f64,
    /// Good share out of the step.
    pub yield_: f64,
    /// `e_s = 1 / (y_s · … · y_n)`: units entering this step per good unit of the item.
    pub entering: f64,
}

/// One BOM line seen from one end: the item at the other end and the quantity per parent unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BomEdge {
    /// Index of the other item (the child in a children list, the parent in a parents list).
    pub item: usize,
    /// Quantity of the child per unit of the parent started.
    pub qty: f64,
}

/// The part of a [`PlanIndex`] that depends only on the items' and resources' codes, the bill of
/// materials and the routings: code → index maps, routing steps per item in `seq` order, BOM
/// children and parents per item, and a topological order computed once.
///
/// It owns its data, so it can serve the next revision of a plan whose edits left those tables
/// alone (a demand edit in the GUI): see [`PlanIndex::reusing`].
#[derive(Debug)]
pub struct PlanStructure {
    item_by_code: CodeIndex,
    resource_by_code: CodeIndex,
    steps: Grouped<IndexedStep>,
    children: Grouped<BomEdge>,
    parents: Grouped<BomEdge>,
    rty: Vec<f64>,
    /// `e_1` of every item, dense: the material plan and the explosions read it item by item in
    /// BOM order, and a miss into the 64-byte steps of 170,000 routing rows was a sixth of the
    /// material plan's time on plan L.
    entering_first: Vec<f64>,
    evaluation_order: Vec<usize>,
    ordered_count: usize,
    /// Each item's low-level code (shared with the material plan's records).
    low_level_codes: Arc<[u32]>,
    /// The items level by level, for the material plan.
    planning_order: Vec<usize>,
    /// Rows of items, resources, bom and routing it was built from.
    rows: [usize; 4],
}

impl PlanStructure {
    /// Indexes the structure of `plan`. Runs in time linear in the plan's rows (plus sorting
    /// steps).
    pub fn new(plan: &Plan) -> Self {
        let item_by_code = CodeIndex::new(plan.items.iter().map(|i| i.code.as_str()));
        let resource_by_code = CodeIndex::new(plan.resources.iter().map(|r| r.code.as_str()));
        let item_count = plan.items.len();
        let steps = index_steps(plan, &item_by_code, &resource_by_code);
        let (children, parents) = index_bom(plan, &item_by_code);
        let rty = (0..item_count)
            .map(|item| steps.of(item).iter().map(|s| s.yield_).product())
            .collect();
        let entering_first = (0..item_count)
            .map(|item| steps.of(item).first().map_or(1.0, |step| step.entering))
            .collect();
        let (evaluation_order, ordered_count) =
            children_first_order(item_count, &children, &parents);
        let levels = low_level_codes(item_count, &evaluation_order, &children);
        let planning_order = level_by_level(&levels);
        PlanStructure {
            item_by_code,
            resource_by_code,
            steps,
            children,
            parents,
            rty,
            entering_first,
            evaluation_order,
            ordered_count,
            low_level_codes: levels.into(),
            planning_order,
            rows: structure_rows(plan),
        }
    }
}

/// Rows of the tables a [`PlanStructure`] is built from.
fn structure_rows(plan: &Plan) -> [usize; 4] {
    [
        plan.items.len(),
        plan.resources.len(),
        plan.bom.len(),
        plan.routing.len(),
    ]
}

/// Integer-indexed view of a plan: its [`PlanStructure`] and the plan itself, for the fields
/// every result reads row by row (costs, lead times, demand).
#[derive(Debug, Clone)]
pub struct PlanIndex<'a> {
    plan: &'a Plan,
    structure: Arc<PlanStructure>,
    periods: usize,
}

impl<'a> PlanIndex<'a> {
    /// Builds the view of `plan`. Runs in time linear in the plan's rows (plus sorting steps).
    pub fn new(plan: &'a Plan) -> Self {
        Self::with_structure(plan, Arc::new(PlanStructure::new(plan)))
    }

    /// The view of `plan` on `structure`, built from an earlier revision of it, when the caller
    /// knows that items' and resources' codes, the BOM and the routings are unchanged since.
    /// A structure of other row counts cannot be that one and is built again.
    pub fn reusing(plan: &'a Plan, structure: Arc<PlanStructure>) -> Self {
        if structure.rows == structure_rows(plan) {
            Self::with_structure(plan, structure)
        } else {
            Self::new(plan)
        }
    }

    fn with_structure(plan: &'a Plan, structure: Arc<PlanStructure>) -> Self {
        PlanIndex {
            plan,
            structure,
            periods: usize::try_from(plan.settings.periods).unwrap_or(0),
        }
    }

    /// The structure this view stands on, to keep for the next revision of the plan.
    pub fn structure(&self) -> &Arc<PlanStructure> {
        &self.structure
    }

    /// The plan this view indexes.
    pub fn plan(&self) -> &'a Plan {
        self.plan
    }

    /// Number of items (rows of `plan.items`).
    pub fn item_count(&self) -> usize {
        self.plan.items.len()
    }

    /// Number of resources (rows of `plan.resources`).
    pub fn resource_count(&self) -> usize {
        self.plan.resources.len()
    }

    /// Number of periods of the horizon (0 when the plan's count is not positive).
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Index of the item with this code (its first row on duplicates).
    pub fn item(&self, code: &str) -> Option<usize> {
        self.structure.item_by_code.get(code)
    }

    /// Index of the resource with this code (its first row on duplicates).
    pub fn resource(&self, code: &str) -> Option<usize> {
        self.structure.resource_by_code.get(code)
    }

    /// Item indices of a sequence of codes (`None` for unknown ones). Rows of one item usually
    /// come together, so a code equal to the previous one reuses its index without hashing.
    pub fn resolve_items<'q>(
        &self,
        codes: impl IntoIterator<Item = &'q str>,
    ) -> Vec<Option<usize>> {
        self.structure.item_by_code.resolve_runs(codes)
    }

    /// A lookup of item indices one code at a time, for a loop that reads each row's other
    /// fields as it goes; a code equal to the previous one reuses its index without hashing.
    pub fn item_runs<'q>(&self) -> RunLookup<'_, 'q> {
        self.structure.item_by_code.runs()
    }

    /// Routing steps of an item in ascending `seq` (ties keep plan order).
    pub fn steps(&self, item: usize) -> &[IndexedStep] {
        self.structure.steps.of(item)
    }

    /// BOM children of an item, in BOM row order.
    pub fn children(&self, item: usize) -> &[BomEdge] {
        self.structure.children.of(item)
    }

    /// BOM parents of an item, in BOM row order.
    pub fn parents(&self, item: usize) -> &[BomEdge] {
        self.structure.parents.of(item)
    }

    /// `e_1`: units started per good unit of the item (1 without routing).
    pub fn entering_first(&self, item: usize) -> f64 {
        self.structure
            .entering_first
            .get(item)
            .copied()
            .unwrap_or(1.0)
    }

    /// Rolled throughput yield of the item's routing, `y_1 · … · y_n` (1 without routing).
    pub fn rty(&self, item: usize) -> f64 {
        self.structure.rty.get(item).copied().unwrap_or(1.0)
    }

    /// Every item exactly once, children before parents. Items that sit on a BOM cycle, or above
    /// one, cannot be ordered; they come last, in plan order (see [`PlanIndex::unordered`]).
    pub fn evaluation_order(&self) -> &[usize] {
        &self.structure.evaluation_order
    }

    /// Low-level code of every item: 0 for an item without parents, else one more than its
    /// deepest parent's (the textbook MRP level).
    pub fn low_level_codes(&self) -> &Arc<[u32]> {
        &self.structure.low_level_codes
    }

    /// Every item once, level by level from level 0, in plan order within a level: parents
    /// before children, the order the material plan nets them in.
    pub fn planning_order(&self) -> &[usize] {
        &self.structure.planning_order
    }

    /// Items left out of the topological order because of a BOM cycle (empty for a valid plan).
    pub fn unordered(&self) -> &[usize] {
        self.structure
            .evaluation_order
            .get(self.structure.ordered_count..)
            .unwrap_or(&[])
    }
}

/// Groups routing steps by item, sorted by `seq`, with `e_s` computed from the yields.
fn index_steps(
    plan: &Plan,
    item_by_code: &CodeIndex,
    resource_by_code: &CodeIndex,
) -> Grouped<IndexedStep> {
    // One pass over the routing table: each step's item (runs of one item hash once), its
    // resource and its numbers.
    let mut owners = Vec::with_capacity(plan.routing.len());
    let mut rows = Vec::with_capacity(plan.routing.len());
    let mut items = item_by_code.runs();
    for (row, step) in plan.routing.iter().enumerate() {
        owners.push(items.get(&step.item));
        rows.push(IndexedStep {
            row,
            seq: step.seq,
            resource: resource_by_code.get(&step.resource),
            setup_min: step.setup_min,
            run_min: step.run_min,
            yield_: step.yield_,
            entering: 1.0,
        });
    }
    let mut steps = Grouped::new(plan.items.len(), &owners, rows);
    for item in 0..plan.items.len() {
        if let Some(item_steps) = steps.of_mut(item) {
            // Stable: steps with an equal seq (invalid plan) keep their plan order.
            item_steps.sort_by_key(|step| step.seq);
            set_entering_units(item_steps);
        }
    }
    steps
}

/// Sets `e_s = 1 / (y_s · … · y_n)` on the steps of one item (given in `seq` order). A product
/// that is not positive (only possible in an invalid plan) gives 0 instead of infinity.
fn set_entering_units(steps: &mut [IndexedStep]) {
    let mut yield_from_here = 1.0;
    for step in steps.iter_mut().rev() {
        yield_from_here *= step.yield_;
        step.entering = if yield_from_here > 0.0 {
            1.0 / yield_from_here
        } else {
            0.0
        };
    }
}

/// Groups BOM lines by parent (children lists) and by child (parents lists).
fn index_bom(plan: &Plan, item_by_code: &CodeIndex) -> (Grouped<BomEdge>, Grouped<BomEdge>) {
    let parents = item_by_code.resolve_runs(plan.bom.iter().map(|line| line.parent.as_str()));
    let children = plan.bom.iter().map(|line| item_by_code.get(&line.child));
    // A line joins the lists only when both of its items are known.
    let (by_parent, by_child): (Vec<Option<usize>>, Vec<Option<usize>>) = parents
        .into_iter()
        .zip(children)
        .map(|ends| match ends {
            (Some(parent), Some(child)) => (Some(parent), Some(child)),
            _ => (None, None),
        })
        .unzip();
    // Only rows with both ends known are grouped, so the other end is always found.
    let edges = |other_end: &[Option<usize>]| -> Vec<BomEdge> {
        plan.bom
            .iter()
            .zip(other_end)
            .map(|(line, item)| BomEdge {
                item: item.unwrap_or(0),
                qty: line.qty,
            })
            .collect()
    };
    let item_count = plan.items.len();
    (
        Grouped::new(item_count, &by_parent, edges(&by_child)),
        Grouped::new(item_count, &by_child, edges(&by_parent)),
    )
}

/// Low-level codes from the children-first `order`, walked parents first.
fn low_level_codes(item_count: usize, order: &[usize], children: &Grouped<BomEdge>) -> Vec<u32> {
    let mut levels = vec![0u32; item_count];
    for &item in order.iter().rev() {
        let parent_level = levels.get(item).copied().unwrap_or(0);
        for edge in children.of(item) {
            if let Some(level) = levels.get_mut(edge.item) {
                *level = (*level).max(parent_level + 1);
            }
        }
    }
    levels
}

/// Every item once, by ascending level, in plan order within a level (a counting sort).
fn level_by_level(levels: &[u32]) -> Vec<usize> {
    let deepest = levels.iter().copied().max().unwrap_or(0) as usize;
    let owners: Vec<Option<usize>> = levels.iter().map(|&l| Some(l as usize)).collect();
    let offsets = owner_offsets(deepest + 1, &owners);
    rows_by_owner(&offsets, &owners)
}

/// Kahn's algorithm with children before parents: an item is ready once every child line is done.
/// Returns every item once (unorderable ones appended in plan order) and the ordered count.
fn children_first_order(
    item_count: usize,
    children: &Grouped<BomEdge>,
    parents: &Grouped<BomEdge>,
) -> (Vec<usize>, usize) {
    let mut children_left: Vec<usize> = (0..item_count).map(|i| children.of(i).len()).collect();
    let mut order: Vec<usize> = (0..item_count)
        .filter(|&i| children_left.get(i) == Some(&0))
        .collect();
    let mut next = 0;
    while let Some(&item) = order.get(next) {
        next += 1;
        for edge in parents.of(item) {
            if let Some(left) = children_left.get_mut(edge.item) {
                *left = left.saturating_sub(1);
                if *left == 0 {
                    order.push(edge.item);
                }
            }
        }
    }
    let ordered_count = order.len();
    let mut placed = vec![false; item_count];
    for &item in &order {
        if let Some(flag) = placed.get_mut(item) {
            *flag = true;
        }
    }
    order.extend((0..item_count).filter(|&i| placed.get(i) == Some(&false)));
    (order, ordered_count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BomLine, Item, Resource, RoutingStep};

    fn item(code: &str) -> Item {
        Item {
            code: code.to_string(),
            ..Item::default()
        }
    }

    fn bom(parent: &str, child: &str, qty: f64) -> BomLine {
        BomLine {
            parent: parent.to_string(),
            child: child.to_string(),
            qty,
        }
    }

    fn step(item: &str, seq: i64, resource: &str, yield_: f64) -> RoutingStep {
        RoutingStep {
            item: item.to_string(),
            seq,
            resource: resource.to_string(),
            yield_,
            ..RoutingStep::default()
        }
    }

    #[test]
    fn steps_are_sorted_by_seq_with_entering_units_from_the_yields() {
        let plan = Plan {
            items: vec![item("A")],
            resources: vec![Resource {
                code: "M".to_string(),
                ..Resource::default()
            }],
            routing: vec![
                step("A", 30, "M", 0.5),
                step("A", 10, "M", 0.8),
                step("A", 20, "X", 1.0),
            ],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        let rows: Vec<usize> = index.steps(0).iter().map(|s| s.row).collect();
        assert_eq!(rows, vec![1, 2, 0]);
        // e_3 = 1/0.5 = 2, e_2 = 1/(1·0.5) = 2, e_1 = 1/(0.8·1·0.5) = 2.5; rty = 0.4.
        let entering: Vec<f64> = index.steps(0).iter().map(|s| s.entering).collect();
        assert_eq!(entering, vec![2.5, 2.0, 2.0]);
        assert_eq!(index.entering_first(0), 2.5);
        assert!((index.rty(0) - 0.4).abs() < 1e-12);
        // Step 20 names an unknown resource: it stays, without a resource index.
        assert_eq!(index.steps(0)[1].resource, None);
        assert_eq!(index.steps(0)[0].resource, Some(0));
    }

    #[test]
    fn item_without_routing_starts_one_unit_per_good_unit() {
        let plan = Plan {
            items: vec![item("A")],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        assert_eq!(index.entering_first(0), 1.0);
        assert_eq!(index.rty(0), 1.0);
        assert!(index.steps(0).is_empty());
        assert!(index.steps(7).is_empty());
    }

    #[test]
    fn items_are_planned_level_by_level_in_plan_order() {
        // Stevenson's structure A = B + 2C + D, C = 2D + 3E, with the rows shuffled: D sits
        // under A (level 1) and under C (level 2), so its low-level code is 2.
        let plan = Plan {
            items: ["D", "A", "E", "C", "B"].map(item).to_vec(),
            bom: vec![
                bom("A", "B", 1.0),
                bom("A", "C", 2.0),
                bom("A", "D", 1.0),
                bom("C", "D", 2.0),
                bom("C", "E", 3.0),
            ],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        assert_eq!(&index.low_level_codes()[..], [2, 0, 2, 1, 1]);
        // Level 0: A (row 1); level 1: C, B (rows 3, 4); level 2: D, E (rows 0, 2).
        assert_eq!(index.planning_order(), [1, 3, 4, 0, 2]);
    }

    #[test]
    fn topological_order_puts_children_before_parents() {
        // Plan order: TOP, LEAF, MID; BOM TOP → MID → LEAF, TOP → LEAF.
        let plan = Plan {
            items: vec![item("TOP"), item("LEAF"), item("MID")],
            bom: vec![
                bom("TOP", "MID", 1.0),
                bom("MID", "LEAF", 2.0),
                bom("TOP", "LEAF", 3.0),
            ],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        assert_eq!(index.evaluation_order(), &[1, 2, 0]);
        assert!(index.unordered().is_empty());
        assert_eq!(
            index.children(0),
            &[BomEdge { item: 2, qty: 1.0 }, BomEdge { item: 1, qty: 3.0 }]
        );
        assert_eq!(
            index.parents(1),
            &[BomEdge { item: 2, qty: 2.0 }, BomEdge { item: 0, qty: 3.0 }]
        );
    }

    #[test]
    fn cycle_items_and_their_ancestors_come_last_in_plan_order() {
        // TOP → A → B → A is a cycle; LEAF under B still orders; SELF references itself.
        let plan = Plan {
            items: vec![
                item("TOP"),
                item("A"),
                item("B"),
                item("LEAF"),
                item("SELF"),
            ],
            bom: vec![
                bom("TOP", "A", 1.0),
                bom("A", "B", 1.0),
                bom("B", "A", 1.0),
                bom("B", "LEAF", 1.0),
                bom("SELF", "SELF", 1.0),
            ],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        assert_eq!(index.evaluation_order(), &[3, 0, 1, 2, 4]);
        assert_eq!(index.unordered(), &[0, 1, 2, 4]);
    }

    #[test]
    fn resolving_runs_of_codes_matches_single_lookups() {
        let plan = Plan {
            items: vec![item("A"), item("B"), item("LONG-CODE-OVER-8-BYTES")],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        let codes = [
            "A",
            "A",
            "B",
            "GHOST",
            "GHOST",
            "A",
            "LONG-CODE-OVER-8-BYTES",
        ];
        let resolved = index.resolve_items(codes);
        assert_eq!(
            resolved,
            vec![Some(0), Some(0), Some(1), None, None, Some(0), Some(2)]
        );
        assert_eq!(index.item("LONG-CODE-OVER-8-BYTES"), Some(2));
        assert_eq!(index.item("LONG-CODE-OVER-8-BYTE"), None);
    }

    #[test]
    fn duplicate_codes_resolve_to_the_first_row_and_unknown_codes_to_none() {
        let plan = Plan {
            items: vec![item("A"), item("A")],
            bom: vec![bom("A", "GHOST", 1.0)],
            ..Plan::default()
        };
        let index = PlanIndex::new(&plan);
        assert_eq!(index.item("A"), Some(0));
        assert_eq!(index.item("GHOST"), None);
        assert!(index.children(0).is_empty());
    }
}
