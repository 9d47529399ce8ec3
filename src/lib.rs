//! Opsplan: an operations manager's plan (products, processes, resources, demand, quality data)
//! in one file, with cost, capacity and quality analytics.
//!
//! Layers, and the only imports allowed between them: `ui → app, analytics`; `app → store,
//! analytics, io, report`; `report → analytics`; everything → `domain`.

pub mod analytics;
pub mod app;
pub mod domain;
pub mod io;
pub mod report;
pub mod store;
pub mod ui;
