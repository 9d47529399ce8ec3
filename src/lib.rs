//! Opsplan: an operations manager's plan (products, processes, resources, demand, quality data)
//! in one file, with cost, capacity and quality analytics.
//!
//! Layers, and the only imports allowed between them: `ui → app, analytics`; `app → store,
//! analytics, io, report`; `report → analytics`; everything → `domain`.
//!
//! Outside tests, `unwrap` and `expect` are refused by clippy: user data must never panic the app;
//! every failure is a typed error naming its place.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod analytics;
pub mod app;
pub mod domain;
pub mod io;
pub mod report;
pub mod store;
pub mod ui;
