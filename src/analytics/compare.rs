//! Side-by-side comparison of two analyses (plan A against plan B, or the base plan against one
//! of its scenarios): unit costs, resource utilisation, bottleneck and profit, with
//! `delta = b − a` (DESIGN.md §4 `compare`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::Analysis;

/// The `compare --json` document.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Comparison {
    /// Items of A in A's order, then items only in B in B's order.
    pub items: Vec<ItemDelta>,
    /// Resources of A in A's order, then resources only in B in B's order.
    pub resources: Vec<ResourceDelta>,
    /// Bottleneck resource of A (`None` without resources).
    pub bottleneck_a: Option<String>,
    /// Bottleneck resource of B (`None` without resources).
    pub bottleneck_b: Option<String>,
    /// Plan profit of A over its horizon.
    pub profit_a: f64,
    /// Plan profit of B over its horizon.
    pub profit_b: f64,
}

/// Unit cost of one item on both sides; `None` where the item does not exist.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ItemDelta {
    /// Item code.
    pub code: String,
    /// Unit cost in A.
    pub unit_cost_a: Option<f64>,
    /// Unit cost in B.
    pub unit_cost_b: Option<f64>,
    /// unit_cost_b − unit_cost_a; `None` unless the item is on both sides.
    pub delta: Option<f64>,
}

/// Total utilisation of one resource on both sides; `None` where the resource does not exist.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ResourceDelta {
    /// Resource code.
    pub code: String,
    /// Total utilisation (Σ load / Σ available) in A.
    pub total_utilization_a: Option<f64>,
    /// Total utilisation in B.
    pub total_utilization_b: Option<f64>,
    /// total_utilization_b − total_utilization_a; `None` unless the resource is on both sides.
    pub delta: Option<f64>,
}

/// Compares two analyses; `delta = b − a` for every code present on both sides.
pub fn compare(a: &Analysis, b: &Analysis) -> Comparison {
    let unit_costs = |analysis: &Analysis| -> Vec<(String, Option<f64>)> {
        let items = &analysis.cost.items;
        items
            .iter()
            .map(|i| (i.code.clone(), Some(i.unit_cost)))
            .collect()
    };
    let utilizations = |analysis: &Analysis| -> Vec<(String, Option<f64>)> {
        let resources = &analysis.capacity.resources;
        resources
            .iter()
            .map(|r| (r.code.clone(), r.total_utilization))
            .collect()
    };
    let items = paired(&unit_costs(a), &unit_costs(b))
        .into_iter()
        .map(|pair| ItemDelta {
            code: pair.code,
            unit_cost_a: pair.a,
            unit_cost_b: pair.b,
            delta: pair.delta,
        })
        .collect();
    let resources = paired(&utilizations(a), &utilizations(b))
        .into_iter()
        .map(|pair| ResourceDelta {
            code: pair.code,
            total_utilization_a: pair.a,
            total_utilization_b: pair.b,
            delta: pair.delta,
        })
        .collect();
    Comparison {
        items,
        resources,
        bottleneck_a: a.capacity.bottleneck.clone(),
        bottleneck_b: b.capacity.bottleneck.clone(),
        profit_a: a.totals.profit,
        profit_b: b.totals.profit,
    }
}

/// One code's value on each side.
struct Pair {
    code: String,
    a: Option<f64>,
    b: Option<f64>,
    delta: Option<f64>,
}

/// Matches values by code: A's codes in order, then codes only in B in order. A value that does
/// not exist (a utilisation without hours) stays `None`, and so does its delta.
fn paired(a: &[(String, Option<f64>)], b: &[(String, Option<f64>)]) -> Vec<Pair> {
    let b_index: HashMap<&str, Option<f64>> = b
        .iter()
        .map(|(code, value)| (code.as_str(), *value))
        .collect();
    let mut pairs: Vec<Pair> = a
        .iter()
        .map(|(code, value_a)| {
            let value_b = b_index.get(code.as_str()).copied().flatten();
            Pair {
                code: code.clone(),
                a: *value_a,
                b: value_b,
                delta: value_a
                    .zip(value_b)
                    .map(|(value_a, value_b)| value_b - value_a),
            }
        })
        .collect();
    let a_codes: HashSet<&str> = a.iter().map(|(c, _)| c.as_str()).collect();
    pairs.extend(
        b.iter()
            .filter(|(code, _)| !a_codes.contains(code.as_str()))
            .map(|(code, value_b)| Pair {
                code: code.clone(),
                a: None,
                b: *value_b,
                delta: None,
            }),
    );
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(values: &[(&str, f64)]) -> Vec<(String, Option<f64>)> {
        values
            .iter()
            .map(|(c, v)| (c.to_string(), Some(*v)))
            .collect()
    }

    #[test]
    fn codes_on_one_side_only_have_no_value_and_no_delta_there() {
        // A has X = 10 and Y = 4; B has Y = 5.5 and Z = 2: Y's delta is 5.5 − 4 = 1.5.
        let pairs = paired(
            &side(&[("X", 10.0), ("Y", 4.0)]),
            &side(&[("Z", 2.0), ("Y", 5.5)]),
        );
        let codes: Vec<&str> = pairs.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["X", "Y", "Z"]);
        assert_eq!(
            (pairs[0].a, pairs[0].b, pairs[0].delta),
            (Some(10.0), None, None)
        );
        assert_eq!(
            (pairs[1].a, pairs[1].b, pairs[1].delta),
            (Some(4.0), Some(5.5), Some(1.5))
        );
        assert_eq!(
            (pairs[2].a, pairs[2].b, pairs[2].delta),
            (None, Some(2.0), None)
        );
    }
}
