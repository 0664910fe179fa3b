//! The TypeScript types of everything that crosses IPC are generated from the
//! Rust types. This test fails when the committed file is stale;
//! `UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings` rewrites it.

use std::path::PathBuf;

use rbpub_core::catalogue::Sentence;
use rbpub_core::diff::{Change, ChangeKind, DiffLine, LineTag, ListingDiff};
use rbpub_core::online::*;
use rbpub_core::share::{
    DroppedDependency, EventKey, OmissionReason, Omissions, OmittedComponent, PlanPlugin,
    PublishMode, Snapshot, SnapshotChanges, SnapshotMade,
};
use rbpub_core::template::{Component, EnvVar, PluginImage, Port, Volume};
use rbpub_core::upgrade::{ComponentUpgrade, Fate, UpgradeChange, UpgradeReport};
use rbpub_core::*;
use rbpub_core::{ListingId, PackageId, VersionId};
use rbpub_service::approvals::{ApprovalState, CheckedApproval, ListingApprovals};
use rbpub_service::pull::{PullOutcome, PullProgress};
use rbpub_service::rehearse::{
    ComponentResult, ComponentState, Disagreement, Generated, KeptValue, Outcome, Problem,
    RehearsalReport, RehearsalStep,
};
use rbpub_service::{
    Code, ConnectionView, Diagnostics, Error, ExportAs, FileOutcome, FileResult, ImageAdded,
    ImageCheck, KitImport, LastRehearsal, ListingSummary, ListingView, LogoFix, Need, Params,
    PlanFinding, PlanGate, PlanView, PublishTo, PublisherView, SharePhase, ShareProgress,
    ShareWait, SnapshotList, SnapshotOutcome, Startup, UpgradeLine, UpgradeView,
};
use ts_rs::{Config, TS};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

fn generated() -> String {
    let cfg = Config::new();
    let decls = declarations![&cfg;
        Locale, PublishType, Step, StepStatus, WaitingOn, StepState,
        ImageFormat, ImageInfo, ImageNote, Inspection, Screenshot, LogoFixes, SquareBy,
        ListingId, VersionId, PackageId,
        Listing, ListingField, ShareChoice, TemplateSource, Version, VersionDestination, VersionField, Package, PackageField, ListingDraft,
        LibraryScope, Destination, NoStore, Offered, DestinationState, OfferedDestination, VersionPublishing,
        Publisher, PublisherField,
        RuleId, Level, RuleLevels, Field, FieldRef, Fix, Finding, ReviewNote,
        Template, Component, PluginImage, Port, EnvVar, Volume, Fate, UpgradeChange, ComponentUpgrade, UpgradeReport,
        ChangeKind, LineTag, DiffLine, Change, ListingDiff,
        Capability, StoreInfo, StoreProfile, Team, RunningApp, BoundStore, PushStatus, PushEvent,
        LiveApp, LivePackage, LiveListing, OutboxAction, OutboxItem,
        EventKey, PublishMode, PlanPlugin, OmissionReason, OmittedComponent, DroppedDependency, Omissions,
        SnapshotChanges, Snapshot, SnapshotMade,
        Sentence, Code, Need, Params, Error, ListingSummary, ListingView, PublisherView, Startup, ConnectionView, Diagnostics, SharePhase,
        ShareWait, ShareProgress, PlanView, PlanGate, PlanFinding, UpgradeView, UpgradeLine, PublishTo, SnapshotList, SnapshotOutcome,
        ImageCheck, ImageAdded, FileOutcome, FileResult, KitImport, LogoFix, ExportAs, PullOutcome, PullProgress,
        Outcome, ComponentState, KeptValue, ComponentResult, Problem, Disagreement, RehearsalStep, RehearsalReport,
        LastRehearsal, Generated,
        SignedApproval, ListingApprovals, CheckedApproval, ApprovalState, rbpub_service::approvals::Change, rbpub_service::library::LibraryMark,
    ];
    // The seven steps in their order: generated, not copied, so the window's
    // list cannot drift from the core's.
    let steps: Vec<String> = Step::ALL
        .iter()
        .map(|s| format!("\"{}\"", s.as_str()))
        .collect();
    format!(
        "// Generated from the Rust types by crates/service/tests/bindings.rs. Do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings\n\n{}\n\n\
         /** The store's seven publishing steps, in order (`Step::ALL`). */\n\
         export const STEPS: readonly Step[] = [{}];\n",
        decls.join("\n\n"),
        steps.join(", ")
    )
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let fresh = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p rbpub-service --test bindings` and commit it",
        path.display()
    );
}
