//! The page interface: every page of the navigation implements [`PageView`] and is listed once,
//! as data, in [`Page::ALL`] (its key, title, section and how to create its view).
//!
//! A page reads the document through its [`PageContext`] and asks for changes by pushing plan
//! edits ([`Command`]) and app-level actions ([`AppCommand`], such as "go to the Cost page")
//! into the context's two queues; the app applies both once, at the end of the frame. Adding a
//! page is one file with a type that implements [`PageView`], plus its line in [`Page::ALL`].

use std::any::Any;

use eframe::egui;

use super::app_command::AppCommand;
use super::{
    capacity_view, compare_view, cost_view, demand, forecast_view, level_view, materials_view,
    mix_view, oee_view, overview, plan_views, quality_view, queues_view, settings, table_editor,
};
use crate::app::{Command, Document, TableKind};

/// What a page gets while it draws: the document to read and the two queues to write.
pub struct PageContext<'a> {
    /// The open document (read-only here: changes go through `edits`).
    pub doc: &'a Document,
    /// Plan edits, applied in order after the frame, each one undo step.
    pub edits: &'a mut Vec<Command>,
    /// App-level actions (navigate, save, open a dialog…), run after the frame.
    pub commands: &'a mut Vec<AppCommand>,
}

impl PageContext<'_> {
    /// Asks the app to carry out `command` after the frame.
    pub fn send(&mut self, command: AppCommand) {
        self.commands.push(command);
    }

    /// Asks the app to go to `target` after the frame.
    pub fn navigate(&mut self, target: Navigate) {
        self.commands.push(AppCommand::Navigate(target));
    }
}

/// One page of the navigation list: draws itself from the document and emits commands.
///
/// `Any` lets the app reach a page's own state by type (the Compare page's target after
/// File ▸ Compare with plan file…).
pub trait PageView: Any {
    /// Draws the page into `ui`; edits and app commands go into `cx`.
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>);

    /// Shows row `row` (0-based) of `table`, or the table itself when `row` is `None`, if this
    /// page edits that table (a jump from a validation problem). True when it does; the app
    /// then switches to this page. Pages that edit no table keep the default.
    fn reveal(&mut self, _doc: &Document, _table: TableKind, _row: Option<usize>) -> bool {
        false
    }
}

/// The headings of the navigation list, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The overview.
    Summary,
    /// The editors of the plan's tables.
    PlanData,
    /// Results computed from the plan: cost, capacity, quality.
    Dashboards,
    /// Decisions: queues and staffing, product mix, comparisons, and the planning pages.
    Planning,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 4] = [
        Section::Summary,
        Section::PlanData,
        Section::Dashboards,
        Section::Planning,
    ];

    /// Heading shown above the section's pages.
    pub fn title(self) -> &'static str {
        match self {
            Section::Summary => "Summary",
            Section::PlanData => "Plan data",
            Section::Dashboards => "Dashboards",
            Section::Planning => "Planning",
        }
    }
}

/// One entry of the navigation: which page, where it sits and how to make its view.
#[derive(Clone, Copy)]
pub struct Page {
    /// Short stable name (`OPSPLAN_START_PAGE`, tests); unique.
    pub key: &'static str,
    /// Name shown in the navigation list and as the page heading.
    pub title: &'static str,
    /// The navigation heading it is listed under.
    pub section: Section,
    /// Creates the page's view with its initial UI state (a new one for every plan opened).
    pub create: fn() -> Box<dyn PageView>,
}

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Page {}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Page({})", self.key)
    }
}

impl Page {
    /// Key figures, each linking to its view.
    pub const OVERVIEW: Page = Page {
        key: "overview",
        title: "Overview",
        section: Section::Summary,
        create: || Box::new(overview::OverviewView::default()),
    };
    /// Plan name, currency, horizon, start date.
    pub const SETTINGS: Page = Page {
        key: "settings",
        title: "Plan settings",
        section: Section::PlanData,
        create: || Box::new(settings::SettingsView),
    };
    /// Items table.
    pub const ITEMS: Page = Page {
        key: "items",
        title: "Items",
        section: Section::PlanData,
        create: || Box::new(table_editor::TableEditor::new(TableKind::Items)),
    };
    /// Bills of materials per parent, with the tree.
    pub const BOM: Page = Page {
        key: "bom",
        title: "Bills of materials",
        section: Section::PlanData,
        create: || Box::new(plan_views::BomView::default()),
    };
    /// Routing steps per item.
    pub const ROUTING: Page = Page {
        key: "routing",
        title: "Routings",
        section: Section::PlanData,
        create: || Box::new(plan_views::RoutingView::default()),
    };
    /// Resources table.
    pub const RESOURCES: Page = Page {
        key: "resources",
        title: "Resources",
        section: Section::PlanData,
        create: || Box::new(table_editor::TableEditor::new(TableKind::Resources)),
    };
    /// Demand grid, item × period.
    pub const DEMAND: Page = Page {
        key: "demand",
        title: "Demand",
        section: Section::PlanData,
        create: || Box::new(demand::DemandView::default()),
    };
    /// Characteristics, measurements, inspections, defects and limits.
    pub const QUALITY_DATA: Page = Page {
        key: "quality-data",
        title: "Quality & queues",
        section: Section::PlanData,
        create: || Box::new(plan_views::QualityDataView::default()),
    };
    /// Cost dashboard.
    pub const COST: Page = Page {
        key: "cost",
        title: "Cost",
        section: Section::Dashboards,
        create: || Box::new(cost_view::CostView::default()),
    };
    /// Capacity dashboard.
    pub const CAPACITY: Page = Page {
        key: "capacity",
        title: "Capacity",
        section: Section::Dashboards,
        create: || Box::new(capacity_view::CapacityView::default()),
    };
    /// Quality dashboard: control charts, capability, attribute charts, Pareto and RTY.
    pub const QUALITY: Page = Page {
        key: "quality",
        title: "Quality",
        section: Section::Dashboards,
        create: || Box::new(quality_view::QualityView::default()),
    };
    /// Erlang C figures and staffing per queue, with the queue and arrival editors.
    pub const QUEUES: Page = Page {
        key: "queues",
        title: "Queues & staffing",
        section: Section::Planning,
        create: || Box::new(queues_view::QueuesView::default()),
    };
    /// Demand forecasts from sales history, with their errors and Apply to demand.
    pub const FORECAST: Page = Page {
        key: "forecast",
        title: "Forecast",
        section: Section::Planning,
        create: || Box::new(forecast_view::ForecastView::default()),
    };
    /// The time-phased material plan: each item's record, pegging, exceptions and stock value.
    pub const MATERIALS: Page = Page {
        key: "materials",
        title: "Materials",
        section: Section::Planning,
        create: || Box::new(materials_view::MaterialsView::default()),
    };
    /// Product mix that earns the most contribution.
    pub const MIX: Page = Page {
        key: "mix",
        title: "What to make",
        section: Section::Planning,
        create: || Box::new(mix_view::MixView::default()),
    };
    /// OEE and downtime from the production log, measured against planned efficiency.
    pub const OEE: Page = Page {
        key: "oee",
        title: "OEE",
        section: Section::Dashboards,
        create: || Box::new(oee_view::OeeView::default()),
    };
    /// Base plan against a scenario or another plan file.
    pub const COMPARE: Page = Page {
        key: "compare",
        title: "Compare",
        section: Section::Planning,
        create: || Box::new(compare_view::CompareView::default()),
    };

    /// Every page, in navigation order within its section. A new page is one line here (a
    /// `Page { .. }` literal, or a named constant above when other pages link to it).
    pub const ALL: &'static [Page] = &[
        Page::OVERVIEW,
        Page::SETTINGS,
        Page::ITEMS,
        Page::BOM,
        Page::ROUTING,
        Page::RESOURCES,
        Page::DEMAND,
        // The time-phased planning tables (DESIGN §1), each in the generic table editor.
        Page {
            key: "receipts",
            title: "Scheduled receipts",
            section: Section::PlanData,
            create: || Box::new(table_editor::TableEditor::new(TableKind::Receipts)),
        },
        Page {
            key: "master_schedule",
            title: "Master schedule",
            section: Section::PlanData,
            create: || Box::new(table_editor::TableEditor::new(TableKind::MasterSchedule)),
        },
        Page {
            key: "calendar",
            title: "Calendar",
            section: Section::PlanData,
            create: || Box::new(table_editor::TableEditor::new(TableKind::Calendar)),
        },
        Page {
            key: "resource_periods",
            title: "Resource periods",
            section: Section::PlanData,
            create: || Box::new(table_editor::TableEditor::new(TableKind::ResourcePeriods)),
        },
        Page::QUALITY_DATA,
        Page::COST,
        Page::CAPACITY,
        Page::QUALITY,
        Page::OEE,
        Page::QUEUES,
        Page::FORECAST,
        Page::MATERIALS,
        Page {
            key: "level",
            title: "Level the plan",
            section: Section::Planning,
            create: || Box::new(level_view::LevelView::default()),
        },
        Page::MIX,
        Page::COMPARE,
    ];

    /// Position of the page in [`Page::ALL`] (the app keeps one view per entry).
    pub fn index(self) -> usize {
        Page::ALL
            .iter()
            .position(|page| *page == self)
            .unwrap_or_default()
    }

    /// The pages of one section, in navigation order.
    pub fn in_section(section: Section) -> impl Iterator<Item = Page> {
        Page::ALL
            .iter()
            .copied()
            .filter(move |page| page.section == section)
    }

    /// Every page in the order the navigation list shows them (sections in order).
    pub fn in_navigation_order() -> impl Iterator<Item = Page> {
        Section::ALL.into_iter().flat_map(Page::in_section)
    }

    /// The page named by `OPSPLAN_START_PAGE` (screenshots and demos start on it): its key
    /// (`quality`, `queues`, `mix`, …) or its title, ignoring case.
    pub fn from_start_name(name: &str) -> Option<Page> {
        let name = name.trim();
        Page::ALL.iter().copied().find(|page| {
            page.key.eq_ignore_ascii_case(name) || page.title.eq_ignore_ascii_case(name)
        })
    }
}

/// Where a page asks the app to go (a linked figure, a problem's row).
#[derive(Debug, Clone, PartialEq)]
pub enum Navigate {
    /// Show a page.
    Page(Page),
    /// Open the list of validation problems.
    Problems,
    /// Show a table row (0-based) in its editor.
    Row(TableKind, usize),
    /// Show the editor of a table (a problem about the table as a whole).
    Table(TableKind),
    /// Show the plan settings (problems of the `plan` row).
    Settings,
    /// Show the Materials page with its exception list.
    MaterialExceptions,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_unique_key_and_title_and_the_navigation_lists_each_once() {
        let keys: std::collections::HashSet<&str> = Page::ALL.iter().map(|p| p.key).collect();
        let titles: std::collections::HashSet<&str> = Page::ALL.iter().map(|p| p.title).collect();
        assert_eq!(keys.len(), Page::ALL.len(), "one key per page");
        assert_eq!(titles.len(), Page::ALL.len(), "one title per page");
        let navigation: Vec<Page> = Page::in_navigation_order().collect();
        assert_eq!(navigation.len(), Page::ALL.len());
        assert!(Page::ALL.iter().all(|page| navigation.contains(page)));
    }

    #[test]
    fn start_names_match_keys_or_titles_ignoring_case() {
        assert_eq!(Page::from_start_name("quality"), Some(Page::QUALITY));
        assert_eq!(Page::from_start_name(" What to make "), Some(Page::MIX));
        assert_eq!(Page::from_start_name("ROUTINGS"), Some(Page::ROUTING));
        assert_eq!(Page::from_start_name("nowhere"), None);
        assert_eq!(Page::COMPARE.index(), Page::ALL.len() - 1);
    }

    #[test]
    fn every_table_is_revealed_by_exactly_one_page() {
        let doc = Document::default();
        for table in TableKind::ALL {
            let claimed = Page::ALL
                .iter()
                .filter(|page| (page.create)().reveal(&doc, table, None))
                .count();
            assert_eq!(claimed, 1, "{table:?} is edited on one page");
        }
    }
}
