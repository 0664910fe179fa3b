//! The store template or library model a release goes to, found (by the id
//! the listing is linked to, else by name) or made, and whether it has the
//! version already. One way for the window and `rbpub` alike: through the
//! console, which holds the bound store's key.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::StoreTemplate;
use rbpub_core::Destination;
use rbpub_remote::{valid_template_name, ConsoleClient, NewTemplate};

use super::{NewRelease, RunOptions};
use crate::error::{Code, Error, Params, Result};
use crate::information::Information;
use crate::share::ShareTarget;

/// A store template found or made for a release.
#[derive(Clone, Debug)]
pub struct TemplateFound {
    /// The template.
    pub template: StoreTemplate,
    /// Made now (else found).
    pub created: bool,
    /// Made now with a logo the store did not get: the console drops it
    /// without a word when it cannot read the upload (a console that keeps
    /// uploads in object storage). Push it to the store directly.
    pub logo_dropped: bool,
}

/// The store's template through the console: the one `known` names (the
/// store app the listing is linked to), else the one named like the listing.
async fn find_template(
    console: &ConsoleClient,
    enterprise: &str,
    store_name: &str,
    name: &str,
    known: Option<&str>,
) -> Result<Option<StoreTemplate>> {
    let existing = console.templates(enterprise, store_name).await?;
    let by_id = known.and_then(|id| existing.iter().position(|t| t.id == id));
    let at = by_id.or_else(|| existing.iter().position(|t| t.name == name.trim()));
    Ok(at.map(|i| existing[i].clone()))
}

/// The store template for a listing: the one it is linked to or with its name,
/// or a new one. Looking first is what keeps a retried create from making a
/// second template.
pub async fn ensure_template(
    console: &ConsoleClient,
    enterprise: &str,
    store_name: &str,
    info: &Information,
    known: Option<&str>,
) -> Result<TemplateFound> {
    if let Some(template) =
        find_template(console, enterprise, store_name, &info.name, known).await?
    {
        return Ok(TemplateFound {
            template,
            created: false,
            logo_dropped: false,
        });
    }
    if !valid_template_name(info.name.trim()) {
        return Err(Error::because(
            Code::Invalid,
            Sentence::new("publish.templateName").arg("name", info.name.trim()),
        ));
    }
    let logo = info.upload_logo(console).await?;
    let template = NewTemplate {
        name: info.name.trim(),
        description: &info.description,
        logo: &logo,
        tags: &info.tags,
        introduction: &info.introduction,
    };
    let (created, kept_logo) = console
        .create_template(enterprise, store_name, &template)
        .await?;
    Ok(TemplateFound {
        template: created,
        created: true,
        logo_dropped: !logo.is_empty() && kept_logo.is_empty(),
    })
}

/// A version number the library's app model has already: the console takes
/// it again (another row, which installs then take), so it is overwritten
/// only when the user agreed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IfExists {
    /// Leave it: the release is "there already" (rbpub run again).
    #[default]
    Keep,
    /// Stop with [`Code::VersionExists`] for the user to decide (the window).
    Ask,
    /// Publish it again (`--overwrite`, or the window's confirmed dialog).
    Overwrite,
}

/// The template a release to `target` goes to as far as it exists, without
/// making one: what a plan and a give-up compare records with.
pub async fn existing_target(
    console: &ConsoleClient,
    enterprise: &str,
    target: &ShareTarget,
    name: &str,
    known: Option<&str>,
) -> Result<Option<StoreTemplate>> {
    Ok(match &target.to {
        Destination::Store { name: store } => {
            find_template(console, enterprise, store, name, known).await?
        }
        Destination::Library { scope } => {
            crate::library::find_model(console, enterprise, *scope, &target.team, name)
                .await?
                .map(|m| model_as_template(&m))
        }
    })
}

/// The store template or library model a release goes to, found or made:
/// `(template, made now, logo dropped by the console)`.
pub async fn release_target(
    console: &ConsoleClient,
    enterprise: &str,
    target: &ShareTarget,
    info: &Information,
    known: Option<&str>,
) -> Result<(StoreTemplate, bool, bool)> {
    Ok(match &target.to {
        Destination::Store { name } => {
            let found = ensure_template(console, enterprise, name, info, known).await?;
            (found.template, found.created, found.logo_dropped)
        }
        Destination::Library { scope } => {
            let found =
                crate::library::ensure_model(console, enterprise, &target.team, *scope, info)
                    .await?;
            (model_as_template(&found.model), found.created, false)
        }
    })
}

/// Whether the release is there already, so nothing is to be sent. A
/// library takes a version number again (another row, which installs take):
/// that is done only when the user agreed, and an overwrite under way (its
/// share kept) goes on; [`IfExists::Ask`] stops with [`Code::VersionExists`].
pub fn release_exists(
    template: &StoreTemplate,
    target: &ShareTarget,
    release: &NewRelease,
    run: &RunOptions,
    share_kept: bool,
) -> Result<bool> {
    let library = matches!(target.to, Destination::Library { .. });
    if !template.versions.contains(&release.version) || (library && share_kept) {
        return Ok(false);
    }
    match (library, run.if_exists) {
        (true, IfExists::Overwrite) => Ok(false),
        (true, IfExists::Ask) => Err(Error {
            params: Box::new(Params {
                version: Some(release.version.clone()),
                ..Default::default()
            }),
            ..Error::new(
                Code::VersionExists,
                format!(
                    "the {} library's {} has {} already: publishing overwrites it",
                    target.to, template.name, release.version
                ),
            )
        }),
        _ => Ok(true),
    }
}

/// A library model as the release names it: its id, name and complete versions.
fn model_as_template(m: &rbpub_core::AppModel) -> StoreTemplate {
    StoreTemplate {
        id: m.id.clone(),
        name: m.name.clone(),
        versions: m
            .versions
            .iter()
            .filter(|v| v.complete)
            .map(|v| v.version.clone())
            .collect(),
    }
}
