//! The store's seven steps, a folder each, numbered as the store's guide
//! numbers them (`1-account` … `7-list`): the use cases of the step and what
//! only they use. What several steps share stays at the crate's root: the
//! outbox and what it sends (`pushes.rs`), the connection (`online.rs`), the
//! views, the errors.
//!
//! [`folder`] is the one table from [`Step`] to its folder and its screen;
//! the compiler holds it whole (a step without a folder does not build), and
//! a test holds it to the files.

use rbpub_core::Step;

#[path = "1-account/mod.rs"]
mod account;
#[path = "5-app-info/mod.rs"]
pub(crate) mod app_info;
#[path = "3-connect/mod.rs"]
mod connect;
#[path = "7-list/mod.rs"]
pub(crate) mod list;
#[path = "6-packages/mod.rs"]
pub(crate) mod packages;
#[path = "2-profile/mod.rs"]
mod profile;
#[path = "4-publish/mod.rs"]
pub(crate) mod publish_template;

/// Where a step is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepFiles {
    /// Its folder under `crates/service/src/steps/`.
    pub folder: &'static str,
    /// Its screen under `ui/src/components/steps/`.
    pub screen: &'static str,
}

/// The step's folder and screen.
pub const fn folder(step: Step) -> StepFiles {
    let (folder, screen) = match step {
        Step::Account => ("1-account", "Account.svelte"),
        Step::Profile => ("2-profile", "Profile.svelte"),
        Step::Connect => ("3-connect", "Connect.svelte"),
        Step::PublishTemplate => ("4-publish", "Publish.svelte"),
        Step::AppInfo => ("5-app-info", "AppInfo.svelte"),
        Step::Packages => ("6-packages", "Packages.svelte"),
        Step::List => ("7-list", "List.svelte"),
    };
    StepFiles { folder, screen }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_its_numbered_folder_and_its_screen_and_nothing_else_is_a_step() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let steps = root.join("src/steps");
        let screens = root.join("../../ui/src/components/steps");
        for step in Step::ALL {
            let files = folder(step);
            assert!(
                files.folder.starts_with(&format!("{}-", step.number())),
                "{step:?} is step {} but its folder is {}",
                step.number(),
                files.folder
            );
            assert!(
                steps.join(files.folder).join("mod.rs").is_file(),
                "{files:?}"
            );
            assert!(screens.join(files.screen).is_file(), "{files:?}");
        }
        let mut folders: Vec<String> = std::fs::read_dir(&steps)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let named: Vec<String> = Step::ALL.map(|s| folder(s).folder.to_owned()).into();
        assert_eq!(folders, named, "a folder under steps/ that is no step's");
        let mut screens_there: Vec<String> = std::fs::read_dir(&screens)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        screens_there.sort();
        let mut named: Vec<String> = Step::ALL.map(|s| folder(s).screen.to_owned()).into();
        named.sort();
        assert_eq!(
            screens_there, named,
            "a screen under steps/ that is no step's"
        );
    }
}
