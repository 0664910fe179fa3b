//! The store's seven publishing steps, by name and number: what a listing, a
//! rule and the wizard all point at.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
)]
/// One of the store's seven publishing steps.
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// 1. Register an account on the store.
    Account,
    /// 2. Complete the profile.
    Profile,
    /// 3. Connect the store to Rainbond.
    Connect,
    /// 4. Publish a running Rainbond app as an app template.
    PublishTemplate,
    /// 5. Fill in the app's information.
    #[default]
    AppInfo,
    /// 6. Manage packages (versions).
    Packages,
    /// 7. List the app.
    List,
}

impl Step {
    /// The seven steps, in order.
    pub const ALL: [Step; 7] = [
        Step::Account,
        Step::Profile,
        Step::Connect,
        Step::PublishTemplate,
        Step::AppInfo,
        Step::Packages,
        Step::List,
    ];

    /// 1 to 7, as the store's guide numbers them.
    pub fn number(self) -> u8 {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i as u8 + 1)
    }

    /// The step's name as the UI and the drafts write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Account => "account",
            Step::Profile => "profile",
            Step::Connect => "connect",
            Step::PublishTemplate => "publishTemplate",
            Step::AppInfo => "appInfo",
            Step::Packages => "packages",
            Step::List => "list",
        }
    }

    /// The step [`Step::as_str`] names.
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == s)
    }
}
