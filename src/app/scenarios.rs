//! Scenarios: named what-if copies of the plan kept inside the plan file (DESIGN.md §1). The GUI's
//! scenario panel and the CLI's `--scenario` both go through these functions, so the rules
//! (non-empty unique names, no nesting) live in one place.

use thiserror::Error;

use crate::domain::{Plan, Scenario};

/// Why a scenario operation was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScenarioError {
    /// Scenario names must contain something other than spaces.
    #[error("a scenario needs a name")]
    EmptyName,
    /// Scenario names are unique within a plan.
    #[error("a scenario named \"{0}\" already exists; choose another name or delete it first")]
    DuplicateName(String),
    /// No scenario has that name; lists the names there are.
    #[error("no scenario named \"{name}\" (the plan has: {available})")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The plan's scenario names, comma-separated, or "none".
        available: String,
    },
}

/// Names of the plan's scenarios, in the order they are stored.
pub fn scenario_names(plan: &Plan) -> Vec<&str> {
    plan.scenarios.iter().map(|s| s.name.as_str()).collect()
}

/// Saves a copy of the base plan (without its scenarios, which never nest) as a new scenario
/// named `name` (trimmed) at the end of the list, and returns its position.
pub fn save_as_scenario(plan: &mut Plan, name: &str) -> Result<usize, ScenarioError> {
    let scenario = new_scenario(plan, name)?;
    plan.scenarios.push(scenario);
    Ok(plan.scenarios.len() - 1)
}

/// A copy of the base plan (without its scenarios) named `name` (trimmed), checked against the
/// plan's scenario names but not yet stored: the undoable GUI command stores it as one edit.
pub fn new_scenario(plan: &Plan, name: &str) -> Result<Scenario, ScenarioError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ScenarioError::EmptyName);
    }
    if plan.scenarios.iter().any(|s| s.name == name) {
        return Err(ScenarioError::DuplicateName(name.to_string()));
    }
    let copy = Plan {
        scenarios: Vec::new(),
        ..plan.clone()
    };
    Ok(Scenario {
        name: name.to_string(),
        plan: Box::new(copy),
    })
}

/// Removes the scenario `name` and returns it with its position, so that an undo can put it
/// back with [`restore_scenario`].
pub fn delete_scenario(plan: &mut Plan, name: &str) -> Result<(usize, Scenario), ScenarioError> {
    let position = position_of(plan, name)?;
    Ok((position, plan.scenarios.remove(position)))
}

/// Puts a deleted scenario back at `position` (clamped to the end of the list): the inverse of
/// [`delete_scenario`].
pub fn restore_scenario(
    plan: &mut Plan,
    position: usize,
    scenario: Scenario,
) -> Result<(), ScenarioError> {
    if plan.scenarios.iter().any(|s| s.name == scenario.name) {
        return Err(ScenarioError::DuplicateName(scenario.name));
    }
    let position = position.min(plan.scenarios.len());
    plan.scenarios.insert(position, scenario);
    Ok(())
}

/// The scenario `name` as a plan of its own, ready to analyse, optimise or compare.
pub fn scenario_plan(plan: &Plan, name: &str) -> Result<Plan, ScenarioError> {
    let position = position_of(plan, name)?;
    Ok(plan.scenarios[position].plan.as_ref().clone())
}

/// Position of the scenario `name` in the plan's list, or an error listing the names there are.
pub fn position_of(plan: &Plan, name: &str) -> Result<usize, ScenarioError> {
    plan.scenarios
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| ScenarioError::Unknown {
            name: name.to_string(),
            available: available_names(plan),
        })
}

fn available_names(plan: &Plan) -> String {
    let names = scenario_names(plan);
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;

    fn plan_with_item(price: f64) -> Plan {
        Plan {
            items: vec![Item {
                code: "A".to_string(),
                price,
                ..Item::default()
            }],
            ..Plan::default()
        }
    }

    #[test]
    fn a_saved_scenario_is_an_independent_copy_without_nested_scenarios() {
        let mut plan = plan_with_item(10.0);
        assert_eq!(save_as_scenario(&mut plan, " cheap "), Ok(0));
        assert_eq!(save_as_scenario(&mut plan, "dear"), Ok(1));
        plan.items[0].price = 99.0;
        let cheap = scenario_plan(&plan, "cheap").expect("saved");
        assert_eq!(cheap.items[0].price, 10.0);
        assert!(cheap.scenarios.is_empty());
        let dear = scenario_plan(&plan, "dear").expect("saved");
        assert!(
            dear.scenarios.is_empty(),
            "the second copy must not hold the first"
        );
        assert_eq!(scenario_names(&plan), ["cheap", "dear"]);
    }

    #[test]
    fn names_must_be_present_and_unique() {
        let mut plan = plan_with_item(1.0);
        assert_eq!(
            save_as_scenario(&mut plan, "  "),
            Err(ScenarioError::EmptyName)
        );
        save_as_scenario(&mut plan, "x").expect("first");
        assert_eq!(
            save_as_scenario(&mut plan, "x"),
            Err(ScenarioError::DuplicateName("x".to_string()))
        );
    }

    #[test]
    fn delete_then_restore_puts_the_scenario_back_in_place() {
        let mut plan = plan_with_item(1.0);
        for name in ["a", "b", "c"] {
            save_as_scenario(&mut plan, name).expect("saved");
        }
        let (position, removed) = delete_scenario(&mut plan, "b").expect("exists");
        assert_eq!((position, removed.name.as_str()), (1, "b"));
        assert_eq!(scenario_names(&plan), ["a", "c"]);
        restore_scenario(&mut plan, position, removed).expect("restored");
        assert_eq!(scenario_names(&plan), ["a", "b", "c"]);
    }

    #[test]
    fn an_unknown_name_lists_the_scenarios_there_are() {
        let mut plan = plan_with_item(1.0);
        let error = scenario_plan(&plan, "x").expect_err("no scenarios yet");
        assert_eq!(
            error.to_string(),
            "no scenario named \"x\" (the plan has: none)"
        );
        save_as_scenario(&mut plan, "low").expect("saved");
        save_as_scenario(&mut plan, "high").expect("saved");
        let error = delete_scenario(&mut plan, "mid").expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "no scenario named \"mid\" (the plan has: low, high)"
        );
    }
}
