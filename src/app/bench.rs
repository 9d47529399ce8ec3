//! `opsplan analyze PLAN --bench`: min and median wall time of each phase of opening and
//! analysing a plan, measured on the user's own file.

use std::path::Path;
use std::time::{Duration, Instant};

use super::files::read_plan;
use super::operations::{OperationError, analysis_json};
use crate::analytics::analyze_valid;
use crate::domain::validate;

/// Timing of one phase over several runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTiming {
    pub phase: &'static str,
    pub min: Duration,
    pub median: Duration,
}

/// Runs open → validate → analytics → JSON `runs` times (at least once) and times each phase.
pub fn bench_analyze(path: &Path, runs: usize) -> Result<Vec<PhaseTiming>, OperationError> {
    let mut samples: [Vec<Duration>; 4] = Default::default();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let plan = read_plan(path)?;
        samples[0].push(start.elapsed());

        let start = Instant::now();
        let report = validate(&plan);
        samples[1].push(start.elapsed());
        if !report.is_valid() {
            return Err(OperationError::Invalid {
                path: path.to_path_buf(),
                report,
            });
        }

        let start = Instant::now();
        let analysis = analyze_valid(&plan);
        samples[2].push(start.elapsed());

        let start = Instant::now();
        let json = analysis_json(&analysis)?;
        samples[3].push(start.elapsed());
        std::hint::black_box(json);
    }
    let phases = ["open", "validate", "analytics", "json"];
    Ok(phases
        .into_iter()
        .zip(samples)
        .map(|(phase, mut times)| {
            times.sort();
            PhaseTiming {
                phase,
                min: times[0],
                median: times[times.len() / 2],
            }
        })
        .collect())
}

/// Formats timings as an aligned table in milliseconds.
pub fn timings_table(timings: &[PhaseTiming], runs: usize) -> String {
    let mut out = format!(
        "{:<10} {:>10} {:>10}   ({runs} runs)\n",
        "phase", "min ms", "median ms"
    );
    for t in timings {
        out.push_str(&format!(
            "{:<10} {:>10.2} {:>10.2}\n",
            t.phase,
            t.min.as_secs_f64() * 1e3,
            t.median.as_secs_f64() * 1e3
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analytics::Analysis;
    use crate::analytics::capacity::ItemPeriodTable;
    use crate::app::operations::PRETTY_JSON_LIMIT;

    /// An analysis whose only content is `entries` requirements of item `C02001`.
    fn analysis_with_requirements(entries: usize) -> Analysis {
        let mut analysis = Analysis {
            totals: Default::default(),
            cost: Default::default(),
            capacity: Default::default(),
            quality: Default::default(),
            queues: Vec::new(),
        };
        // One item with `entries` periods, each requiring 12.5.
        let codes: Arc<[String]> = Arc::from(vec!["C02001".to_string()]);
        analysis.capacity.requirements =
            ItemPeriodTable::requirements(codes, entries, vec![12.5; entries]);
        analysis
    }

    #[test]
    fn small_json_is_pretty_and_large_json_is_compact_with_the_same_content() {
        let small = analysis_json(&analysis_with_requirements(3)).expect("small json");
        assert!(small.contains("\n  \"totals\""), "pretty: {small}");
        // One compact entry `{"item":"C02001","period":12,"qty":12.5},` is 41 to 42 bytes, so
        // 150,000 entries are about 6.2 MB, above the 5 MB limit.
        let large_analysis = analysis_with_requirements(150_000);
        let large = analysis_json(&large_analysis).expect("large json");
        assert!(large.len() > PRETTY_JSON_LIMIT);
        assert!(!large.contains('\n'), "compact output has no line breaks");
        let parsed: serde_json::Value = serde_json::from_str(&large).expect("valid json");
        let requirements = &parsed["capacity"]["requirements"];
        assert_eq!(requirements.as_array().map(Vec::len), Some(150_000));
        assert_eq!(requirements[51]["period"], 52);
        assert_eq!(requirements[52]["item"], "C02001");
    }
}
