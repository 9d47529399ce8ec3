//! Erlang C queues and staffing per period (DESIGN.md §2).
//!
//! A queue is an M/M/c system: Poisson arrivals at λ per hour, exponential service of
//! `service_min` minutes, `c` identical servers (the units of the queue's resource). The
//! probability of waiting comes from the Erlang B recursion, which needs no factorials or powers
//! and stays accurate for thousands of servers.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::{Plan, Queue};

/// Arrival-rate overrides by (queue code, period).
type ArrivalOverrides<'a> = HashMap<(&'a str, i64), f64>;

/// Most servers the staffing search will propose; a load beyond it reports this number.
///
/// Ten million servers is far beyond any branch, clinic or call centre, and keeps the search
/// (linear in the number of servers) well under a second even for absurd inputs.
pub const MAX_SERVERS: u32 = 10_000_000;

/// Servers needed in one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QueuePeriod {
    /// 1-based period.
    pub period: i64,
    /// Arrival rate used in the period: its `queue_arrivals` row, else the queue's base rate.
    pub arrival_per_hour: f64,
    /// Smallest number of servers meeting the target service level (0 when closed).
    pub required_servers: u32,
}

/// Erlang C results of one queue.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QueueResult {
    /// The queue's code.
    pub code: String,
    /// Offered load a = λ·service_min/60 (Erlangs).
    pub load: f64,
    /// Servers in place: the units of the queue's resource.
    pub servers: u32,
    /// False when servers ≤ load: the queue grows without bound.
    pub stable: bool,
    /// Probability that an arriving customer waits (1 when unstable).
    pub p_wait: f64,
    /// Mean wait in the queue in minutes; `None` when the queue is unstable.
    pub wq_min: Option<f64>,
    /// Share of customers waiting no longer than the target wait (0 when unstable).
    pub service_level: f64,
    /// Server utilisation a/c.
    pub utilization: f64,
    /// Smallest number of servers meeting the target service level at the base rate.
    pub required_servers: u32,
    /// Required servers in every period of the horizon.
    pub periods: Vec<QueuePeriod>,
}

/// One point of a staffing curve: how the queue performs with a given number of servers.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct StaffingPoint {
    /// Number of servers.
    pub servers: u32,
    /// Probability of waiting (1 when unstable).
    pub p_wait: f64,
    /// Share served within the target wait (0 when unstable).
    pub service_level: f64,
    /// Mean wait in minutes; `None` when unstable.
    pub wq_min: Option<f64>,
}

/// Computes the queue results of a plan, one per queue in plan order.
///
/// Meant for a validated plan, but never panics and never yields NaN on a bad one: a missing
/// resource means 0 servers, and a non-positive or non-finite rate or service time means no load.
pub fn queues(plan: &Plan) -> Vec<QueueResult> {
    let overrides: ArrivalOverrides<'_> = plan
        .queue_arrivals
        .iter()
        .map(|row| ((row.queue.as_str(), row.period), row.arrival_per_hour))
        .collect();
    plan.queues
        .iter()
        .map(|queue| queue_result(plan, queue, &overrides))
        .collect()
}

/// Offered load in Erlangs, `a = λ·service_min/60`; 0 when either input is not positive.
pub fn offered_load(arrival_per_hour: f64, service_min: f64) -> f64 {
    if arrival_per_hour > 0.0 && service_min > 0.0 {
        arrival_per_hour * service_min / 60.0
    } else {
        0.0
    }
}

/// Erlang B blocking probability with load `a` and `servers` servers.
///
/// Uses the recursion `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))`, which only ever divides
/// numbers of similar size and so neither overflows nor loses precision for large `servers`.
/// Returns 0 for a load that is not positive.
///
/// The recursion stops once `B` is exactly 0: every later step gives 0 again, so the answer is
/// known. Beyond the load `B` shrinks by at least `a/k` per step and reaches 0 within about
/// `2a + 1100` steps, so the cost is bounded by the load, not by the servers: a resource with
/// 10^12 units answers as fast as one with 10.
pub fn erlang_b(load: f64, servers: u32) -> f64 {
    erlang_b_with_steps(load, servers).0
}

/// [`erlang_b`] and the number of recursion steps it took.
fn erlang_b_with_steps(load: f64, servers: u32) -> (f64, u32) {
    if !is_positive(load) {
        return (0.0, 0);
    }
    if load.is_infinite() {
        return (1.0, 0);
    }
    let mut blocking = 1.0;
    for k in 1..=servers {
        blocking = next_erlang_b(load, blocking, k);
        if blocking == 0.0 {
            return (0.0, k);
        }
    }
    (blocking, servers)
}

/// Erlang C probability of waiting with load `a` and `servers` servers.
///
/// `C = c·B / (c − a·(1 − B))` with `B` the Erlang B value; 1 when the queue is unstable
/// (`c ≤ a`), 0 when there is no load.
pub fn erlang_c(load: f64, servers: u32) -> f64 {
    if !is_positive(load) {
        return 0.0;
    }
    if f64::from(servers) <= load {
        return 1.0;
    }
    erlang_c_from_b(load, servers, erlang_b(load, servers))
}

/// Mean wait in the queue in minutes, `Wq = P(wait)·service_min / (c − a)`.
///
/// `None` when the queue is unstable (`c ≤ a` with a positive load); 0 without load.
pub fn mean_wait_min(load: f64, servers: u32, service_min: f64) -> Option<f64> {
    staffing_point(load, servers, service_min, 0.0).wq_min
}

/// Share of customers who wait at most `target_wait_min`:
/// `1 − P(wait)·exp(−(c − a)·t / service_min)`; 0 when unstable, 1 without load.
pub fn service_level(load: f64, servers: u32, service_min: f64, target_wait_min: f64) -> f64 {
    staffing_point(load, servers, service_min, target_wait_min).service_level
}

/// Smallest number of servers `c > a` whose service level reaches `target_service_level` for
/// the given wait target; 0 when there is no load. Capped at [`MAX_SERVERS`].
///
/// Walks the Erlang B recursion upward once, so the cost is linear in the answer.
pub fn required_servers(
    load: f64,
    service_min: f64,
    target_wait_min: f64,
    target_service_level: f64,
) -> u32 {
    if !is_positive(load) || !is_positive(service_min) {
        return 0;
    }
    if load >= f64::from(MAX_SERVERS) {
        return MAX_SERVERS;
    }
    // A NaN target or one above 1 could never be met; the strictest real target (1) still ends
    // the search, because the service level rounds to exactly 1.0 once P(wait) is negligible.
    let target = if target_service_level.is_nan() {
        1.0
    } else {
        target_service_level.min(1.0)
    };
    let mut blocking = 1.0;
    for servers in 1..=MAX_SERVERS {
        blocking = next_erlang_b(load, blocking, servers);
        if f64::from(servers) <= load {
            continue;
        }
        let p_wait = erlang_c_from_b(load, servers, blocking);
        if level_from_p_wait(load, servers, p_wait, service_min, target_wait_min) >= target {
            return servers;
        }
    }
    MAX_SERVERS
}

/// Service level, P(wait) and mean wait of a queue for every server count from 1 to
/// `max_servers`, at the queue's base arrival rate; feeds the staffing chart.
pub fn staffing_curve(queue: &Queue, max_servers: u32) -> Vec<StaffingPoint> {
    let load = offered_load(queue.arrival_per_hour, queue.service_min);
    let mut blocking = 1.0;
    (1..=max_servers)
        .map(|servers| {
            if load > 0.0 {
                blocking = next_erlang_b(load, blocking, servers);
            }
            point_from_blocking(
                load,
                servers,
                blocking,
                queue.service_min,
                queue.target_wait_min,
            )
        })
        .collect()
}

/// Full performance of a queue with `servers` servers.
fn staffing_point(
    load: f64,
    servers: u32,
    service_min: f64,
    target_wait_min: f64,
) -> StaffingPoint {
    // An unstable queue or one without load needs no Erlang B value (`point_from_blocking`
    // does not read it), so the recursion is not run at all.
    let stable = is_positive(load) && f64::from(servers) > load;
    let blocking = if stable { erlang_b(load, servers) } else { 1.0 };
    point_from_blocking(load, servers, blocking, service_min, target_wait_min)
}

/// Performance of a queue given the Erlang B value already computed for `servers`.
fn point_from_blocking(
    load: f64,
    servers: u32,
    blocking: f64,
    service_min: f64,
    target_wait_min: f64,
) -> StaffingPoint {
    if !is_positive(load) {
        return StaffingPoint {
            servers,
            p_wait: 0.0,
            service_level: 1.0,
            wq_min: Some(0.0),
        };
    }
    if f64::from(servers) <= load {
        return StaffingPoint {
            servers,
            p_wait: 1.0,
            service_level: 0.0,
            wq_min: None,
        };
    }
    let p_wait = erlang_c_from_b(load, servers, blocking);
    let spare_servers = f64::from(servers) - load;
    StaffingPoint {
        servers,
        p_wait,
        service_level: level_from_p_wait(load, servers, p_wait, service_min, target_wait_min),
        wq_min: Some(p_wait * service_min / spare_servers),
    }
}

/// True for a number above zero; false for zero, negatives and NaN.
fn is_positive(value: f64) -> bool {
    value > 0.0
}

/// One step of the Erlang B recursion: `B(k)` from `B(k−1)`.
fn next_erlang_b(load: f64, previous: f64, servers: u32) -> f64 {
    let numerator = load * previous;
    numerator / (f64::from(servers) + numerator)
}

/// Erlang C from Erlang B for a stable queue (`c > a > 0`, so the denominator is positive).
fn erlang_c_from_b(load: f64, servers: u32, blocking: f64) -> f64 {
    let c = f64::from(servers);
    (c * blocking / (c - load * (1.0 - blocking))).clamp(0.0, 1.0)
}

/// Service level of a stable queue from its probability of waiting.
fn level_from_p_wait(
    load: f64,
    servers: u32,
    p_wait: f64,
    service_min: f64,
    target_wait_min: f64,
) -> f64 {
    let wait = target_wait_min.max(0.0);
    let decay = (-(f64::from(servers) - load) * wait / service_min).exp();
    (1.0 - p_wait * decay).clamp(0.0, 1.0)
}

/// Results of one queue: base-rate performance and per-period staffing.
fn queue_result(plan: &Plan, queue: &Queue, overrides: &ArrivalOverrides<'_>) -> QueueResult {
    let load = offered_load(queue.arrival_per_hour, queue.service_min);
    let servers = servers_of(plan, &queue.resource);
    let point = staffing_point(load, servers, queue.service_min, queue.target_wait_min);
    QueueResult {
        code: queue.code.clone(),
        load,
        servers,
        stable: point.wq_min.is_some(),
        p_wait: point.p_wait,
        wq_min: point.wq_min,
        service_level: point.service_level,
        utilization: if servers > 0 {
            load / f64::from(servers)
        } else {
            0.0
        },
        required_servers: required_for_queue(queue, queue.arrival_per_hour),
        periods: queue_periods(plan.settings.periods, queue, overrides),
    }
}

/// Units of the resource serving a queue; 0 when the resource does not exist.
fn servers_of(plan: &Plan, resource_code: &str) -> u32 {
    plan.resources
        .iter()
        .find(|resource| resource.code == resource_code)
        .map_or(0, |resource| {
            u32::try_from(resource.units.max(0)).unwrap_or(u32::MAX)
        })
}

/// Required servers of a queue at a given arrival rate, with the queue's own targets.
fn required_for_queue(queue: &Queue, arrival_per_hour: f64) -> u32 {
    required_servers(
        offered_load(arrival_per_hour, queue.service_min),
        queue.service_min,
        queue.target_wait_min,
        queue.target_service_level,
    )
}

/// Arrival rate and required servers in every period; a period without a `queue_arrivals` row
/// uses the queue's base rate.
fn queue_periods(
    periods: i64,
    queue: &Queue,
    overrides: &ArrivalOverrides<'_>,
) -> Vec<QueuePeriod> {
    (1..=periods.max(0))
        .map(|period| {
            let arrival_per_hour = overrides
                .get(&(queue.code.as_str(), period))
                .copied()
                .unwrap_or(queue.arrival_per_hour);
            QueuePeriod {
                period,
                arrival_per_hour,
                required_servers: required_for_queue(queue, arrival_per_hour),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_matches_the_recursion_by_hand() {
        // a = 1, c = 2: B(1) = 1·1/(1 + 1) = 0.5, B(2) = 1·0.5/(2 + 0.5) = 0.2.
        assert!((erlang_b(1.0, 2) - 0.2).abs() < 1e-15);
        // a = 2.5, c = 3: B(1) = 2.5/3.5 = 0.714286, B(2) = 1.785714/3.785714 = 0.471698,
        // B(3) = 1.179245/4.179245 = 0.282167 (Erlang B tables: 0.2822).
        assert!((erlang_b(2.5, 3) - 0.282_167).abs() < 1e-6);
    }

    #[test]
    fn erlang_b_stops_once_the_blocking_probability_underflows() {
        // Beyond the load B(k) ≈ B(k−1)·a/k, so with a = 2.5 it is below the smallest f64
        // (5e-324) once 2.5^k/k! is, at k ≈ 180; every later step stays 0. Before the early exit
        // the recursion ran all 4,294,967,295 steps (about 30 s for a resource of 10^12 units).
        let (blocking, steps) = erlang_b_with_steps(2.5, u32::MAX);
        assert_eq!(blocking, 0.0);
        assert!(steps < 400, "took {steps} steps");
        // A heavy but valid load (the 10,000 Erlangs validation accepts) still ends within about
        // 2a + 1100 steps.
        let (blocking, steps) = erlang_b_with_steps(10_000.0, u32::MAX);
        assert_eq!(blocking, 0.0);
        assert!(steps < 21_100, "took {steps} steps");
    }

    #[test]
    fn queue_on_a_resource_of_a_trillion_units_never_waits() {
        // a = 30/h · 5 min / 60 = 2.5 Erlangs on 10^12 servers: P(wait) underflows to 0, so
        // Wq = 0 and every customer is served within the target: service level 1.
        let plan = Plan {
            resources: vec![crate::domain::Resource {
                code: "DESK".to_string(),
                units: 1_000_000_000_000,
                ..crate::domain::Resource::default()
            }],
            queues: vec![Queue {
                code: "HELP".to_string(),
                resource: "DESK".to_string(),
                arrival_per_hour: 30.0,
                service_min: 5.0,
                ..Queue::default()
            }],
            ..Plan::default()
        };
        let result = &queues(&plan)[0];
        assert_eq!(result.servers, u32::MAX);
        assert!(result.stable);
        assert_eq!(result.p_wait, 0.0);
        assert_eq!(result.wq_min, Some(0.0));
        assert_eq!(result.service_level, 1.0);
        // Required servers at the default 80 % within 1 min is a small number (c > a = 2.5).
        assert!((3..=6).contains(&result.required_servers));
    }
}
