//! What the UI is sent: domain data with the findings and wizard state the core
//! derived from it, so the UI never re-implements a rule.

use rbpub_core::{Finding, ListingDraft, Publisher, StepState, StepStatus};
use serde::Serialize;
use ts_rs::TS;

/// One line of the portfolio home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    #[ts(type = "number")]
    pub updated_at: i64,
    #[ts(type = "number")]
    pub version_count: i64,
    /// Status of each of the seven steps, in order.
    pub steps: Vec<StepStatus>,
}

/// A listing as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingView {
    pub draft: ListingDraft,
    /// Every finding of the listing, in a stable order.
    pub findings: Vec<Finding>,
    /// All seven steps, in order.
    pub steps: Vec<StepState>,
}

/// The publisher (steps 1 and 2) as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublisherView {
    pub publisher: Publisher,
    pub findings: Vec<Finding>,
    /// Steps 1–3.
    pub steps: Vec<StepState>,
}

/// Where the app keeps its data, shown in the app and used by support.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    pub data_dir: String,
    pub database: String,
    /// The copy taken before this start migrated an older database.
    pub backup: Option<String>,
}
