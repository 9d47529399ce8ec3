//! egui views: one file per view; views read `app` state and emit commands.
