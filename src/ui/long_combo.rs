//! A drop-down over a long list (plan L has 1,000 resources): its list lays out only the rows in
//! view, so opening it costs the same whatever the length. Shared by the pages that choose one
//! resource (Capacity, Level the plan).

use eframe::egui;

/// Height of the open list in points.
const LIST_HEIGHT: f32 = 300.0;

/// Shows `combo` with `count` entries, `label(i)` the text of entry i and `selected(i)` whether
/// it is the chosen one; returns the entry clicked this frame, if any, and the combo's response.
pub fn long_combo_ui(
    ui: &mut egui::Ui,
    combo: egui::ComboBox,
    count: usize,
    label: impl Fn(usize) -> String,
    selected: impl Fn(usize) -> bool,
) -> (Option<usize>, egui::Response) {
    let mut clicked = None;
    let response = combo
        .height(LIST_HEIGHT)
        .show_ui(ui, |ui| {
            let row_height = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical().show_rows(ui, row_height, count, |ui, rows| {
                for index in rows {
                    if ui.selectable_label(selected(index), label(index)).clicked() {
                        clicked = Some(index);
                    }
                }
            });
        })
        .response;
    (clicked, response)
}
