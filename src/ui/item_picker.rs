//! The item picker shared by the pages that choose one item of the plan (routings, bills of
//! materials, materials): a filter on code and name and a list that lays out only the entries in
//! view, with the labels built once per revision of the items, when a list is first shown (plan
//! L has 20,000 items). It is shown as a drop-down ([`ItemPicker::ui`]) or as a list that stays open ([`ItemPicker::list_ui`]).

use eframe::egui::{self, RichText};

use super::style;
use crate::app::{Document, TableKind};
use crate::domain::Item;

/// Height of one entry of the item list in points.
pub const PICKER_ROW_HEIGHT: f32 = 20.0;

/// Height of the drop-down's list in points.
const PICKER_LIST_HEIGHT: f32 = 320.0;

/// The labels of the plan's items, back to back in two strings (as shown and in lower case)
/// with each item's byte spans: a handful of allocations for plan L's 20,000 items where one
/// string per code, name, label and search text took 80,000 and half the opening frame of the
/// BOM and Routings pages.
#[derive(Debug, Clone, Default)]
struct ItemLabels {
    /// "CODE — name" (or the code alone) of every item, in plan order.
    text: String,
    /// Per item: its label's span in `text`; the code is the label's first `code_len` bytes.
    spans: Vec<(std::ops::Range<usize>, usize)>,
    /// The labels in lower case, in plan order, matched against the filter.
    search_text: String,
    /// Per item: its lower-case label's span in `search_text`.
    search_spans: Vec<std::ops::Range<usize>>,
}

/// Separates an item's code from its name in a label.
const LABEL_SEPARATOR: &str = " — ";

impl ItemLabels {
    fn build(items: &[Item]) -> ItemLabels {
        let mut labels = ItemLabels {
            text: String::with_capacity(items.iter().map(label_len).sum()),
            spans: Vec::with_capacity(items.len()),
            ..ItemLabels::default()
        };
        labels.search_text.reserve(labels.text.capacity());
        labels.search_spans.reserve(items.len());
        for item in items {
            let start = labels.text.len();
            labels.text.push_str(&item.code);
            if !item.name.is_empty() {
                labels.text.push_str(LABEL_SEPARATOR);
                labels.text.push_str(&item.name);
            }
            let label = &labels.text[start..];
            let search_start = labels.search_text.len();
            if label.is_ascii() {
                labels.search_text.push_str(label);
                labels.search_text[search_start..].make_ascii_lowercase();
            } else {
                // As `str::to_lowercase` lowers the filter (a final sigma differs from `char`'s).
                labels.search_text.push_str(&label.to_lowercase());
            }
            labels
                .search_spans
                .push(search_start..labels.search_text.len());
            labels
                .spans
                .push((start..labels.text.len(), item.code.len()));
        }
        labels
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn label(&self, index: usize) -> Option<&str> {
        let (span, _) = self.spans.get(index)?;
        self.text.get(span.clone())
    }

    fn code(&self, index: usize) -> Option<&str> {
        let (span, code_len) = self.spans.get(index)?;
        self.text.get(span.start..span.start + code_len)
    }

    /// The item's name: what follows the code and the separator ("" for an unnamed item).
    fn name(&self, index: usize) -> Option<&str> {
        let (span, code_len) = self.spans.get(index)?;
        let rest = self.text.get(span.start + code_len..span.end)?;
        Some(rest.strip_prefix(LABEL_SEPARATOR).unwrap_or(rest))
    }

    fn search_text(&self, index: usize) -> Option<&str> {
        self.search_text.get(self.search_spans.get(index)?.clone())
    }

    /// True when these are the labels of `items`: same codes and names in the same order.
    fn describe(&self, items: &[Item]) -> bool {
        items.len() == self.len()
            && items.iter().enumerate().all(|(index, item)| {
                self.code(index) == Some(item.code.as_str())
                    && self.name(index) == Some(item.name.as_str())
            })
    }
}

/// Bytes of an item's label.
fn label_len(item: &Item) -> usize {
    if item.name.is_empty() {
        item.code.len()
    } else {
        item.code.len() + LABEL_SEPARATOR.len() + item.name.len()
    }
}

/// The plan's items with a filter box; see the module comment.
#[derive(Debug, Clone, Default)]
pub struct ItemPicker {
    /// The plan revision (or analysis key) the labels were built for.
    revision: Option<u64>,
    /// The items' labels and search texts, in plan order.
    labels: ItemLabels,
    /// The text typed into the filter box.
    pub filter: String,
    /// Indices of the items matching `filter` (all items when it is empty).
    matching: Vec<usize>,
    /// The filter `matching` was computed for.
    matched_filter: Option<String>,
    /// The last code [`ItemPicker::has_item`] was asked about: the Items revision, the code
    /// and the answer.
    last_asked: Option<(u64, String, bool)>,
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
        if self.labels.describe(items) {
            return;
        }
        self.labels = ItemLabels::build(items);
        self.matched_filter = None;
    }

    /// True when the plan has an item with this code. The pages ask every frame for the item
    /// they show, so the answer for the last code is kept until the items change; finding it
    /// stops at the first match, without building the labels (reading all 20,000 items of plan
    /// L takes milliseconds).
    pub fn has_item(&mut self, doc: &Document, code: &str) -> bool {
        let revision = doc.table_revision(TableKind::Items);
        if let Some((asked_at, asked, found)) = &self.last_asked
            && *asked_at == revision
            && asked == code
        {
            return *found;
        }
        let found = doc.plan().items.iter().any(|item| item.code == code);
        self.last_asked = Some((revision, code.to_string(), found));
        found
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
            .filter(|&index| {
                needle.is_empty()
                    || self
                        .labels
                        .search_text(index)
                        .is_some_and(|text| text.contains(&needle))
            })
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
                    let (Some(code), Some(label)) =
                        (self.labels.code(index), self.labels.label(index))
                    else {
                        continue;
                    };
                    let selected = code == current;
                    let mut text = RichText::new(label);
                    // Red on the selection colour would be hard to read.
                    if marked(code) && !selected {
                        text = text.color(style::error_color(ui.visuals()));
                    }
                    let entry = egui::Button::selectable(selected, text).truncate();
                    if ui.add(entry).clicked() {
                        *chosen = Some(code.to_string());
                    }
                }
            });
    }

    /// Draws the drop-down showing `current`; the item clicked is written to `chosen`. The
    /// labels of `doc`'s items are built when the list opens, not when the page does.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
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
                self.refresh(doc);
                self.filter_ui(ui, 260.0);
                self.list_ui(ui, id, PICKER_LIST_HEIGHT, current, chosen, &|_| false);
            });
        ui.ctx().accesskit_node_builder(inner.response.id, |node| {
            node.set_label(accessible_name.to_string());
        });
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
        let labels: Vec<&str> = (0..3).filter_map(|i| picker.labels.label(i)).collect();
        assert_eq!(
            labels,
            vec!["BIKE — City bike", "FRAME", "TUBE — Steel tube"]
        );
        assert_eq!(picker.labels.code(2), Some("TUBE"));
        assert_eq!(picker.labels.name(1), Some(""));
        assert_eq!(picker.labels.name(2), Some("Steel tube"));
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
        assert!(picker.has_item(&doc, "FRAME"));
        assert!(!picker.has_item(&doc, "WHEEL"));
        assert!(
            !picker.has_item(&doc, "WHEEL"),
            "asked again: the kept answer"
        );
        // A new key rebuilds the labels only when a code or name changed.
        let mut items = doc.plan().items.clone();
        picker.refresh_keyed(7, &items);
        assert_eq!(picker.matching_count(), 1, "same items: the matches stay");
        items[1].name = "Steel frame".into();
        picker.refresh_keyed(8, &items);
        assert_eq!(picker.labels.label(1), Some("FRAME — Steel frame"));
        assert_eq!(
            picker.matching_count(),
            1,
            "\"city\" still matches BIKE only"
        );
        // Non-ASCII labels are matched in lower case too: "ÖL" holds "öl".
        let mut items = doc.plan().items.clone();
        items.push(Item {
            code: "ÖL-5".into(),
            name: "Ölfilter".into(),
            ..Item::default()
        });
        picker.refresh_keyed(9, &items);
        picker.filter = "öl".into();
        assert_eq!(picker.matching_count(), 1);
        assert_eq!(picker.labels.code(3), Some("ÖL-5"));
        assert_eq!(picker.labels.name(3), Some("Ölfilter"));
    }
}
