//! Erlang C queues (DESIGN.md §2): the recursion against the textbook formula, hand-worked
//! values, large server counts, unstable queues and per-period staffing.

use opsplan::analytics::queues::{
    MAX_SERVERS, erlang_b, erlang_c, mean_wait_min, offered_load, queues, required_servers,
    service_level, staffing_curve,
};
use opsplan::domain::{Plan, PlanSettings, Queue, QueueArrival, Resource};

/// Erlang C by direct summation of the textbook formula (Kleinrock, *Queueing Systems* vol. 1,
/// eq. 3.40): `C = [aᶜ/c! · c/(c−a)] / [Σ_{k<c} aᵏ/k! + aᶜ/c! · c/(c−a)]`, with the terms built
/// by multiplying `a/k` so small c stays exact in f64. Independent of the recursion under test.
fn erlang_c_by_summation(load: f64, servers: u32) -> f64 {
    let mut term = 1.0; // a^0 / 0!
    let mut sum_below_c = 0.0;
    for k in 0..servers {
        sum_below_c += term;
        term *= load / f64::from(k + 1); // now a^(k+1) / (k+1)!
    }
    let c = f64::from(servers);
    let waiting_term = term * c / (c - load);
    waiting_term / (sum_below_c + waiting_term)
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected} ± {tolerance}"
    );
}

/// A plan with one resource of `units` servers and one queue on it.
fn plan_with_queue(units: i64, queue: Queue, periods: i64) -> Plan {
    Plan {
        settings: PlanSettings {
            name: "Queues".to_string(),
            periods,
            ..PlanSettings::default()
        },
        resources: vec![Resource {
            code: "DESK".to_string(),
            units,
            ..Resource::default()
        }],
        queues: vec![queue],
        ..Plan::default()
    }
}

fn desk_queue(arrival_per_hour: f64, service_min: f64) -> Queue {
    Queue {
        code: "Q".to_string(),
        resource: "DESK".to_string(),
        arrival_per_hour,
        service_min,
        target_wait_min: 2.0,
        target_service_level: 0.8,
        ..Queue::default()
    }
}

#[test]
fn erlang_c_matches_direct_summation_for_small_server_counts() {
    for servers in 1..=20u32 {
        let c = f64::from(servers);
        for utilisation in [0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99] {
            let load = utilisation * c;
            let expected = erlang_c_by_summation(load, servers);
            assert_close(
                erlang_c(load, servers),
                expected,
                1e-12,
                &format!("C(a = {load}, c = {servers})"),
            );
        }
    }
}

#[test]
fn erlang_b_of_one_server_is_a_over_one_plus_a() {
    // B(1) = a·B(0)/(1 + a·B(0)) = a/(1 + a); a = 3 → 0.75.
    assert_close(erlang_b(3.0, 1), 0.75, 1e-15, "B(3, 1)");
    // M/M/1: C = ρ, so a = 0.6 with one server waits with probability 0.6.
    assert_close(erlang_c(0.6, 1), 0.6, 1e-15, "C(0.6, 1)");
}

#[test]
fn textbook_queue_thirty_per_hour_five_minutes_three_servers() {
    // λ = 30/h, service 5 min → a = 30·5/60 = 2.5 Erlangs, c = 3.
    // Erlang B by hand: B1 = 2.5/3.5 = 0.714286; B2 = 1.785714/3.785714 = 0.471698;
    // B3 = 1.179245/4.179245 = 0.282167.
    // C = 3·0.282167 / (3 − 2.5·0.717833) = 0.846501/1.205417 = 0.702247.
    // Wq = 0.702247·5/(3 − 2.5) = 7.02247 min.
    // Service level with t = 2 min: 1 − 0.702247·e^(−0.5·2/5) = 1 − 0.702247·0.818731 = 0.425048.
    let load = offered_load(30.0, 5.0);
    assert_close(load, 2.5, 1e-15, "load");
    assert_close(erlang_b(load, 3), 0.282167, 1e-6, "B(2.5, 3)");
    assert_close(erlang_c(load, 3), 0.702247, 1e-6, "P(wait)");
    let wq = mean_wait_min(load, 3, 5.0).expect("stable queue has a wait");
    assert_close(wq, 7.02247, 1e-5, "Wq");
    assert_close(service_level(load, 3, 5.0, 2.0), 0.425048, 1e-6, "SL");
}

#[test]
fn textbook_queue_result_through_the_plan() {
    let plan = plan_with_queue(3, desk_queue(30.0, 5.0), 1);
    let results = queues(&plan);
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result.code, "Q");
    assert_eq!(result.servers, 3);
    assert!(result.stable);
    assert_close(result.load, 2.5, 1e-15, "load");
    assert_close(result.p_wait, 0.702247, 1e-6, "P(wait)");
    assert_close(result.wq_min.unwrap_or(f64::NAN), 7.02247, 1e-5, "Wq");
    assert_close(result.service_level, 0.425048, 1e-6, "SL");
    assert_close(result.utilization, 2.5 / 3.0, 1e-15, "utilisation");
    // c = 4: B4 = 0.705418/4.705418 = 0.149916; C = 0.599665/(4 − 2.5·0.850084) = 0.319857;
    // SL = 1 − 0.319857·e^(−1.5·2/5) = 1 − 0.319857·0.548812 = 0.824458 ≥ 0.8, while c = 3 gives
    // 0.425 < 0.8: 4 servers are required.
    assert_close(
        service_level(2.5, 4, 5.0, 2.0),
        0.824458,
        1e-6,
        "SL at c = 4",
    );
    assert_eq!(result.required_servers, 4);
}

#[test]
fn required_servers_is_the_smallest_count_meeting_the_target() {
    // Same queue, target 0.9: c = 4 gives 0.824458 (above); c = 5:
    // B5 = 2.5·0.149916/(5 + 0.374790) = 0.069731; C = 5·0.069731/(5 − 2.5·0.930269)
    // = 0.348655/2.674328 = 0.130371; SL = 1 − 0.130371·e^(−2.5·2/5) = 1 − 0.130371·0.367879
    // = 0.952039 ≥ 0.9 → 5 servers.
    assert_close(
        service_level(2.5, 5, 5.0, 2.0),
        0.952039,
        1e-6,
        "SL at c = 5",
    );
    assert_eq!(required_servers(2.5, 5.0, 2.0, 0.9), 5);
    // A target of 0 is met by any stable count: the smallest integer above a = 2.5 is 3.
    assert_eq!(required_servers(2.5, 5.0, 2.0, 0.0), 3);
    // Exactly integer load a = 3: c = 3 is unstable, so at least 4.
    assert_eq!(required_servers(3.0, 5.0, 2.0, 0.0), 4);
}

#[test]
fn five_hundred_and_thousand_servers_stay_finite_and_match_the_formula_trend() {
    for (servers, load) in [(500u32, 480.0), (1000, 950.0), (1000, 999.0), (1000, 10.0)] {
        let p_wait = erlang_c(load, servers);
        assert!(
            p_wait.is_finite() && (0.0..=1.0).contains(&p_wait),
            "C({load}, {servers}) = {p_wait}"
        );
        let wq = mean_wait_min(load, servers, 4.0).expect("stable");
        assert!(wq.is_finite() && wq >= 0.0, "Wq({load}, {servers}) = {wq}");
        let level = service_level(load, servers, 4.0, 0.5);
        assert!(level.is_finite() && (0.0..=1.0).contains(&level));
    }
    // Economies of scale: at the same 95 % utilisation a larger pool waits less often.
    assert!(erlang_c(950.0, 1000) < erlang_c(47.5, 50));
    // 10 Erlangs on 1000 servers: nobody waits (P(wait) underflows towards 0).
    assert!(erlang_c(10.0, 1000) < 1e-300);
}

#[test]
fn large_pool_agrees_with_log_space_summation() {
    // Independent check at c = 1000, a = 950 with the textbook formula evaluated in log space
    // (ln of each term aᵏ/k! accumulated as Σ ln(a/j)), scaled by the largest term.
    let (load, servers) = (950.0_f64, 1000u32);
    let mut log_terms = Vec::with_capacity(servers as usize + 1);
    let mut log_term = 0.0;
    log_terms.push(log_term);
    for k in 1..=servers {
        log_term += (load / f64::from(k)).ln();
        log_terms.push(log_term);
    }
    let c = f64::from(servers);
    let log_wait = log_terms[servers as usize] + (c / (c - load)).ln();
    let scale = log_terms.iter().copied().fold(log_wait, f64::max);
    let sum_below: f64 = log_terms[..servers as usize]
        .iter()
        .map(|t| (t - scale).exp())
        .sum();
    let wait = (log_wait - scale).exp();
    let expected = wait / (sum_below + wait);
    assert_close(erlang_c(load, servers), expected, 1e-9, "C(950, 1000)");
}

#[test]
fn required_servers_for_a_large_call_centre() {
    // a = 900 Erlangs (18,000 calls/h of 3 min), 80 % answered within 20 s. Square-root
    // staffing predicts a + β·√a with β ≈ 0.3–0.4 here, about 910; an independent Python
    // evaluation of the same formulas (Erlang B recursion in plain floats) gives 911.
    let required = required_servers(900.0, 3.0, 0.33, 0.8);
    assert_eq!(required, 911);
    assert!(service_level(900.0, required, 3.0, 0.33) >= 0.8);
    assert!(service_level(900.0, required - 1, 3.0, 0.33) < 0.8);
}

#[test]
fn unstable_queue_reports_certain_wait_and_no_mean_wait() {
    // λ = 60/h, 5 min → a = 5 Erlangs on 4 desks: c ≤ a.
    let plan = plan_with_queue(4, desk_queue(60.0, 5.0), 2);
    let result = &queues(&plan)[0];
    assert_close(result.load, 5.0, 1e-15, "load");
    assert!(!result.stable);
    assert_eq!(result.p_wait, 1.0);
    assert_eq!(result.wq_min, None);
    assert_eq!(result.service_level, 0.0);
    assert_close(result.utilization, 1.25, 1e-15, "utilisation");
    // c = 6: B1..B6 = 0.833333, 0.675676, 0.529661, 0.398343, 0.284868,
    // 1.424340/7.424340 = 0.191847; C = 6·0.191847/(6 − 5·0.808153) = 1.151082/1.959235
    // = 0.587516; SL = 1 − 0.587516·e^(−1·2/5) = 1 − 0.587516·0.670320 = 0.606176 < 0.8.
    // c = 7: B7 = 0.959235/7.959235 = 0.120519; C = 0.843633/(7 − 4.397405) = 0.324150;
    // SL = 1 − 0.324150·e^(−0.8) = 1 − 0.324150·0.449329 = 0.854350 ≥ 0.8 → 7.
    assert_close(
        service_level(5.0, 6, 5.0, 2.0),
        0.606176,
        1e-6,
        "SL at c = 6",
    );
    assert_close(
        service_level(5.0, 7, 5.0, 2.0),
        0.854350,
        1e-6,
        "SL at c = 7",
    );
    assert_eq!(result.required_servers, 7);
    // Exactly c = a is unstable too.
    assert_eq!(erlang_c(4.0, 4), 1.0);
    assert_eq!(mean_wait_min(4.0, 4, 5.0), None);
    assert_eq!(service_level(4.0, 4, 5.0, 2.0), 0.0);
}

#[test]
fn closed_period_needs_no_servers_and_missing_rows_use_the_base_rate() {
    let mut plan = plan_with_queue(3, desk_queue(30.0, 5.0), 3);
    plan.queue_arrivals = vec![
        QueueArrival {
            queue: "Q".to_string(),
            period: 2,
            arrival_per_hour: 0.0,
        },
        QueueArrival {
            queue: "Q".to_string(),
            period: 3,
            arrival_per_hour: 60.0,
        },
    ];
    let periods = &queues(&plan)[0].periods;
    let summary: Vec<(i64, f64, u32)> = periods
        .iter()
        .map(|p| (p.period, p.arrival_per_hour, p.required_servers))
        .collect();
    // Period 1 has no row: base 30/h → 4 servers (see the textbook test).
    // Period 2 is closed: 0 servers. Period 3: 60/h → a = 5 → 7 servers (see the unstable test).
    assert_eq!(summary, vec![(1, 30.0, 4), (2, 0.0, 0), (3, 60.0, 7)]);
}

#[test]
fn zero_wait_target_uses_the_probability_of_no_wait() {
    // t = 0: SL = 1 − P(wait). a = 2.5, c = 4: 1 − 0.319857 = 0.680143.
    assert_close(
        service_level(2.5, 4, 5.0, 0.0),
        0.680143,
        1e-6,
        "SL with t = 0",
    );
}

#[test]
fn degenerate_inputs_never_give_nan() {
    assert_eq!(offered_load(0.0, 5.0), 0.0);
    assert_eq!(offered_load(-3.0, 5.0), 0.0);
    assert_eq!(offered_load(30.0, 0.0), 0.0);
    assert_eq!(offered_load(f64::NAN, 5.0), 0.0);
    assert_eq!(required_servers(0.0, 5.0, 2.0, 0.8), 0);
    assert_eq!(required_servers(2.5, 0.0, 2.0, 0.8), 0);
    // A NaN target is treated as the strictest one and still ends with a finite answer.
    let strict = required_servers(2.5, 5.0, 2.0, f64::NAN);
    assert!(strict > 4 && strict < 100, "strict {strict}");
    // An impossible target above 1 is treated the same way.
    assert_eq!(required_servers(2.5, 5.0, 2.0, 1.5), strict);
    // A load beyond the search cap reports the cap instead of looping for ever.
    assert_eq!(required_servers(1e12, 5.0, 2.0, 0.8), MAX_SERVERS);
    // An infinite load blocks everyone and can never be stable.
    assert_eq!(erlang_b(f64::INFINITY, 3), 1.0);
    assert_eq!(erlang_c(f64::INFINITY, 3), 1.0);
    let flooded = staffing_curve(&desk_queue(f64::INFINITY, 5.0), 3);
    assert!(
        flooded
            .iter()
            .all(|p| p.p_wait == 1.0 && p.wq_min.is_none())
    );

    // Bad queue rows (rejected by validation, but analysed safely here): zero service time,
    // a resource that does not exist.
    let mut plan = plan_with_queue(2, desk_queue(30.0, 0.0), 1);
    plan.queues.push(Queue {
        code: "LOST".to_string(),
        resource: "NOWHERE".to_string(),
        ..desk_queue(30.0, 5.0)
    });
    let results = queues(&plan);
    let idle = &results[0];
    assert_eq!(
        (idle.load, idle.p_wait, idle.service_level),
        (0.0, 0.0, 1.0)
    );
    assert_eq!(idle.wq_min, Some(0.0));
    assert_eq!(idle.required_servers, 0);
    let lost = &results[1];
    assert_eq!(lost.servers, 0);
    assert!(!lost.stable);
    assert_eq!(lost.utilization, 0.0);
    for result in &results {
        for value in [result.load, result.p_wait, result.service_level] {
            assert!(value.is_finite());
        }
    }
}

#[test]
fn staffing_curve_lists_every_server_count() {
    let curve = staffing_curve(&desk_queue(30.0, 5.0), 5);
    let servers: Vec<u32> = curve.iter().map(|p| p.servers).collect();
    assert_eq!(servers, vec![1, 2, 3, 4, 5]);
    // c = 1, 2 are unstable (a = 2.5); c = 3, 4, 5 match the hand values above.
    assert_eq!(curve[0].wq_min, None);
    assert_eq!(curve[1].service_level, 0.0);
    assert_close(curve[2].p_wait, 0.702247, 1e-6, "curve P(wait) at 3");
    assert_close(
        curve[2].wq_min.unwrap_or(f64::NAN),
        7.02247,
        1e-5,
        "Wq at 3",
    );
    assert_close(curve[3].service_level, 0.824458, 1e-6, "curve SL at 4");
    assert_close(curve[4].service_level, 0.952039, 1e-6, "curve SL at 5");
}

/// Reads the bundled bank-branch sample (DESIGN.md §3 envelope stripped).
fn service_sample() -> Plan {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/service.json");
    let text = std::fs::read_to_string(path).expect("sample file is readable");
    let mut document: serde_json::Value = serde_json::from_str(&text).expect("sample is JSON");
    let envelope = document.as_object_mut().expect("sample is a JSON object");
    envelope.remove("format");
    envelope.remove("version");
    serde_json::from_value(document).expect("sample matches the plan model")
}

#[test]
fn bank_branch_sample_counter_queue() {
    let results = queues(&service_sample());
    let codes: Vec<&str> = results.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, vec!["COUNTER", "RECEPTION", "WALKIN"]);
    let counter = &results[0];
    // λ = 23/h, 4.8 min, 3 tellers: a = 23·4.8/60 = 1.84.
    // B1 = 1.84/2.84 = 0.647887; B2 = 1.192113/3.192113 = 0.373456;
    // B3 = 0.687159/3.687159 = 0.186365; C = 0.559096/(3 − 1.84·0.813635) = 0.559096/1.502912
    // = 0.372008; Wq = 0.372008·4.8/1.16 = 1.53935 min; SL(5 min) = 1 − 0.372008·e^(−1.16·5/4.8)
    // = 1 − 0.372008·0.298695 = 0.888883 ≥ 0.8, so the 3 tellers are enough on an average day.
    assert_eq!(counter.servers, 3);
    assert!(counter.stable);
    assert_close(counter.load, 1.84, 1e-12, "load");
    assert_close(counter.p_wait, 0.372008, 1e-6, "P(wait)");
    assert_close(counter.wq_min.unwrap_or(f64::NAN), 1.53935, 1e-5, "Wq");
    assert_close(counter.service_level, 0.888883, 1e-6, "SL");
    assert_eq!(counter.required_servers, 3);
    // Monday (period 1) at 28.8/h: a = 2.304; B3 = 0.254911, C = 0.764733/1.283315 = 0.595904,
    // SL = 1 − 0.595904·e^(−0.696·5/4.8) = 1 − 0.595904·0.484325 = 0.711389 < 0.8 → 4 tellers.
    // Sunday (period 7) is closed → 0. Values per day from tools/check_plan.py.
    assert_close(
        service_level(2.304, 3, 4.8, 5.0),
        0.711389,
        1e-6,
        "Monday SL",
    );
    let per_day: Vec<u32> = counter.periods.iter().map(|p| p.required_servers).collect();
    assert_eq!(per_day, vec![4, 3, 3, 3, 4, 3, 0, 3, 3, 3, 3, 4]);
    // Reception: a = 14·2.5/60 = 0.583333 on one desk, P(wait) = a = 0.583333 (M/M/1),
    // SL(1 min) = 1 − 0.583333·e^(−0.416667·1/2.5) = 1 − 0.583333·0.846482 = 0.506219:
    // under target, a second desk is needed.
    let reception = &results[1];
    assert_close(reception.p_wait, 0.583333, 1e-6, "reception P(wait)");
    assert_close(reception.service_level, 0.506219, 1e-6, "reception SL");
    assert_eq!(reception.required_servers, 2);
    assert_eq!(reception.periods[6].required_servers, 0);
}
