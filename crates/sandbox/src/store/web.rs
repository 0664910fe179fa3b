//! The store's own web page for an app, where a store without the account
//! extension has its publisher add packages and list the app by hand. The app
//! opens it in the browser (`appDetailURL`). The sandbox takes the visitor for
//! the app's owner, as the real store does for a signed-in publisher.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::apps::app_row;
use super::packages::{add_package, PackageBody};
use super::shelf::put_on_shelf;
use crate::reply::StoreError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/apps/{app_id}", get(page))
        .route("/apps/{app_id}/packages", post(package))
        .route("/apps/{app_id}/shelf", post(shelf))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page, with the last action's refusal (if any) above the forms.
async fn render(s: &AppState, app_id: &str, problem: &str) -> Result<Html<String>, StoreError> {
    let app = app_row(s, app_id).await?;
    let versions: Vec<(String,)> = sqlx::query_as(
        "SELECT version FROM store_versions WHERE app_key_id = ? ORDER BY create_time",
    )
    .bind(app_id)
    .fetch_all(&s.db)
    .await?;
    let packages: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, version FROM store_packages WHERE app_key_id = ? ORDER BY name",
    )
    .bind(app_id)
    .fetch_all(&s.db)
    .await?;
    let id = escape(app_id);
    let options: String = versions
        .iter()
        .map(|(v,)| format!("<option>{}</option>", escape(v)))
        .collect();
    let listed: String = packages
        .iter()
        .map(|(n, v)| format!("<li>{} ({})</li>", escape(n), escape(v)))
        .collect();
    let problem = if problem.is_empty() {
        String::new()
    } else {
        format!("<p role=alert style=color:#b00>{}</p>", escape(problem))
    };
    let (shelf, next) = if app.listed {
        ("Listed: visible in the store.", "false")
    } else {
        ("Not listed.", "true")
    };
    Ok(Html(format!(
        "<!doctype html><meta charset=utf-8><title>{name} · Sandbox Store</title>
<h1>{name}</h1>{problem}
<p>Versions: {versions}</p>
<h2>Packages</h2><ul>{listed}</ul>
<form method=post action=/apps/{id}/packages>
<label>Name <input name=name required></label>
<label>Version <select name=version>{options}</select></label>
<label>Description <input name=description></label>
<button>Add a free package</button></form>
<h2>Shelf</h2><p>{shelf}</p>
<form method=post action=/apps/{id}/shelf><input type=hidden name=listed value={next}>
<button>{verb}</button></form>",
        name = escape(&app.name),
        versions = escape(
            &versions
                .iter()
                .map(|(v,)| v.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        verb = if app.listed {
            "Take it off the shelf"
        } else {
            "List the app"
        },
    )))
}

async fn page(State(s): State<AppState>, Path(app_id): Path<String>) -> Response {
    match render(&s, &app_id, "").await {
        Ok(page) => page.into_response(),
        Err(e) => e.into_response(),
    }
}

/// After a form: back to the page, or the page with the store's refusal.
async fn answer(s: &AppState, app_id: &str, done: Result<(), StoreError>) -> Response {
    match done {
        Ok(()) => Redirect::to(&format!("/apps/{app_id}")).into_response(),
        Err(StoreError(status, why)) => match render(s, app_id, &why).await {
            Ok(page) => (status, page).into_response(),
            Err(e) => e.into_response(),
        },
    }
}

async fn package(
    State(s): State<AppState>,
    Path(app_id): Path<String>,
    Form(body): Form<PackageBody>,
) -> Response {
    let done = add_package(&s, app_id.clone(), body).await.map(drop);
    answer(&s, &app_id, done).await
}

#[derive(Deserialize)]
struct ShelfForm {
    listed: bool,
}

async fn shelf(
    State(s): State<AppState>,
    Path(app_id): Path<String>,
    Form(form): Form<ShelfForm>,
) -> Response {
    let done = put_on_shelf(&s, &app_id, form.listed).await;
    answer(&s, &app_id, done).await
}
