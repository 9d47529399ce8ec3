//! The queues section: Erlang C figures per queue and per period.

use super::*;

/// Erlang C results per queue.
pub fn queues_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "queues",
        "Queues",
        &[
            text("code", "Queue"),
            text("name", "Name"),
            num("load", "Load (Erlang)", 3),
            num("servers", "Servers", 0),
            text("stable", "Stable"),
            num("p_wait", "P(wait)", 1),
            num("wq_min", "Mean wait min", 2),
            num("service_level", "Service level", 1),
            num("utilization", "Utilization", 1),
            num("required_servers", "Required servers", 0),
        ],
    );
    let names: HashMap<&str, &str> = input
        .plan
        .queues
        .iter()
        .map(|q| (q.code.as_str(), q.name.as_str()))
        .collect();
    for queue in &input.analysis.queues {
        table.rows.push(vec![
            Cell::text(queue.code.clone()),
            Cell::text(names.get(queue.code.as_str()).copied().unwrap_or("")),
            Cell::Number(queue.load),
            Cell::Number(f64::from(queue.servers)),
            Cell::text(if queue.stable { "yes" } else { "no" }),
            Cell::Ratio(queue.p_wait),
            Cell::number(queue.wq_min),
            Cell::Ratio(queue.service_level),
            Cell::Ratio(queue.utilization),
            Cell::Number(f64::from(queue.required_servers)),
        ]);
    }
    table
}

/// Arrival rate and required servers per queue and period shown.
pub fn queue_periods_table(input: &ReportInput) -> Table {
    let mut table = Table::new(
        "queue_periods",
        "Staffing by period",
        &[
            text("queue", "Queue"),
            num("period", "Period", 0),
            num("arrival_per_hour", "Arrivals per hour", 2),
            num("required_servers", "Required servers", 0),
        ],
    );
    for queue in &input.analysis.queues {
        for period in queue
            .periods
            .iter()
            .filter(|p| input.range.contains(p.period))
        {
            table.rows.push(vec![
                Cell::text(queue.code.clone()),
                Cell::Number(period.period as f64),
                Cell::Number(period.arrival_per_hour),
                Cell::Number(f64::from(period.required_servers)),
            ]);
        }
    }
    table
}

pub(super) fn queues_section(input: &ReportInput) -> DocSection {
    let mut blocks = Vec::new();
    if input.analysis.queues.is_empty() {
        blocks.push(Block::Note("The plan has no queues.".to_string()));
    } else {
        blocks.push(Block::Table(queues_table(input)));
        blocks.push(Block::Table(queue_periods_table(input)));
    }
    DocSection {
        id: "queues",
        title: "Queues",
        blocks,
    }
}
