//! The item picker shared by the pages that choose one item of the plan (routings, bills of
//! materials, materials): a filter on code and name and a list that lays out only the entries in
//! view, with the labels built once per plan revision (plan L has 20,000 items). It is shown as a
//! drop-down ([`ItemPicker::ui`]) or as a list that stays open ([`ItemPicker::list_ui`]).

use eframe::egui::{self, RichText};

use super::style;
use crate::app::{Document, TableKind};
use crate::domain::Item;

/// Height of one entry of the item list in points.
pub const PICKER_ROW_HEIGHT: f32 = 20.0;

/// Height of the drop-down's list in points.
const PICKER_LIST_HEIGHT: f32 = 320.0;

/// The plan's items with a filter box; see the module comment.
#[derive(Debug, Clone, Default)]
pub struct ItemPicker {
    /// The plan revision (or analysis key) the labels were built for.
    revision: Option<u64>,
    /// Item codes in plan order.
    codes: Vec<String>,
    /// Item names in plan order.
    names: Vec<String>,
    /// "CODE — name" (or the code alone) per item, in plan order.
    labels: Vec<String>,
    /// Lower-case labels, matched against the filter.
    search_texts: Vec<String>,
    /// The text typed into the filter box.
    pub filter: String,
    /// Indices of the items matching `filter` (all items when it is empty).
    matching: Vec<usize>,
    /// The filter `matching` was computed for.
    matched_filter: Option<String>,
}

impl ItemPicker {
    /// Rebuilds the labels when the items may have changed since the last call.
    pub fn refresh(&mut self, doc: &Document) {
        self.refresh_keyed(doc.table_revision(TableKind::Items), &doc.plan().items);
    }

    /// Rebuilds the labels from `items` when `key` differs from the last call's (a page showing
    /// the analysed items passes `doc.analysis_key()`, which a large plan's edit leaves alone
    /// until its new results are in). One picker always uses the same kind of key.
    pub fn refresh_keyed(&mut self, key: u64, items: &[Item]) {
        if self.revision == Some(key) {
            return;
        }
        self.revision = Some(key);
        // A new key with the same codes and names (most edits) keeps the labels: comparing is
        // a fraction of rebuilding them.
        let unchanged = items.len() == self.codes.len()
            && (items.iter().zip(&self.codes).zip(&self.names))
                .all(|((item, code), name)| item.code == *code && item.name == *name);
        if unchanged {
            return;
        }
        self.codes = items.iter().map(|i| i.code.clone()).collect();
        self.names = items.iter().map(|i| i.name.clone()).collect();
        self.labels = items.iter().map(item_label).collect();
        self.search_texts = self.labels.iter().map(|l| l.to_lowercase()).collect();
        self.matched_filter = None;
    }

    /// True when the plan has an item with this code.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }

    /// How many items match the filter.
    pub fn matching_count(&mut self) -> usize {
        self.refresh_matches();
        self.matching.len()
    }

    fn refresh_matches(&mut self) {
        if self.matched_filter.as_deref() == Some(self.filter.as_str()) {
            return;
        }
        let needle = self.filter.trim().to_lowercase();
        self.matching = (0..self.labels.len())
            .filter(|&i| needle.is_empty() || self.search_texts[i].contains(&needle))
            .collect();
        self.matched_filter = Some(self.filter.clone());
    }

    /// The filter box, `width` points wide.
    pub fn filter_ui(&mut self, ui: &mut egui::Ui, width: f32) -> egui::Response {
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter items")
                .desired_width(width),
        )
    }

    /// The items matching the filter, at most `max_height` points tall; only the entries in view
    /// are laid out. The entry clicked is written to `chosen`; entries whose code `marked`
    /// accepts are drawn in the error colour.
    pub fn list_ui(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        max_height: f32,
        current: &str,
        chosen: &mut Option<String>,
        marked: &dyn Fn(&str) -> bool,
    ) {
        self.refresh_matches();
        egui::ScrollArea::vertical()
            .id_salt((id, "list"))
            .max_height(max_height)
            .auto_shrink([false, true])
            .show_rows(ui, PICKER_ROW_HEIGHT, self.matching.len(), |ui, range| {
                for &index in self.matching.get(range).unwrap_or(&[]) {
                    let (Some(code), Some(label)) = (self.codes.get(index), self.labels.get(index))
                    else {
                        continue;
                    };
                    let selected = code == current;
                    let mut text = RichText::new(label.as_str());
                    // Red on the selection colour would be hard to read.
                    if marked(code) && !selected {
                        text = text.color(style::error_color(ui.visuals()));
                    }
                    let entry = egui::Button::selectable(selected, text).truncate();
                    if ui.add(entry).clicked() {
                        *chosen = Some(code.clone());
                    }
                }
            });
    }

    /// Draws the drop-down showing `current`; the item clicked is written to `chosen`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        id: &str,
        accessible_name: &str,
        current: &str,
        chosen: &mut Option<String>,
    ) {
        let inner = egui::ComboBox::from_id_salt(id)
            .selected_text(current)
            .width(180.0)
            .height(PICKER_LIST_HEIGHT + 40.0)
            .show_ui(ui, |ui| {
                self.filter_ui(ui, 260.0);
                self.list_ui(ui, id, PICKER_LIST_HEIGHT, current, chosen, &|_| false);
            });
        ui.ctx().accesskit_node_builder(inner.response.id, |node| {
            node.set_label(accessible_name.to_string());
        });
    }
}

/// "CODE — name", or the code alone for an unnamed item.
pub fn item_label(item: &Item) -> String {
    if item.name.is_empty() {
        item.code.clone()
    } else {
        format!("{} — {}", item.code, item.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Plan;

    #[test]
    fn the_item_picker_filters_codes_and_names_ignoring_case() {
        let mut plan = Plan::default();
        for (code, name) in [("BIKE", "City bike"), ("FRAME", ""), ("TUBE", "Steel tube")] {
            plan.items.push(Item {
                code: code.to_string(),
                name: name.to_string(),
                ..Item::default()
            });
        }
        let doc = Document::from_plan(plan);
        let mut picker = ItemPicker::default();
        picker.refresh(&doc);
        assert_eq!(
            picker.labels,
            vec!["BIKE — City bike", "FRAME", "TUBE — Steel tube"]
        );
        picker.refresh_matches();
        assert_eq!(picker.matching, vec![0, 1, 2]);
        picker.filter = "TUBE".into();
        picker.refresh_matches();
        assert_eq!(picker.matching, vec![2]);
        picker.filter = "e".into();
        picker.refresh_matches();
        // "BIKE — City bike", "FRAME" and "TUBE — Steel tube" all hold an e.
        assert_eq!(picker.matching, vec![0, 1, 2]);
        picker.filter = "city".into();
        assert_eq!(picker.matching_count(), 1);
        assert!(picker.contains("FRAME"));
        assert!(!picker.contains("WHEEL"));
        // A new key rebuilds the labels only when a code or name changed.
        let mut items = doc.plan().items.clone();
        picker.refresh_keyed(7, &items);
        assert_eq!(picker.matching_count(), 1, "same items: the matches stay");
        items[1].name = "Steel frame".into();
        picker.refresh_keyed(8, &items);
        assert_eq!(picker.labels[1], "FRAME — Steel frame");
        assert_eq!(
            picker.matching_count(),
            1,
            "\"city\" still matches BIKE only"
        );
    }
}
