//! The store's account extension: register, sign in, profile.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::user::StoreUser;
use crate::reply::StoreError;
use crate::AppState;

type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterBody {
    phone: String,
    password: String,
    sms_code: String,
    #[serde(default)]
    nickname: String,
}

#[derive(Deserialize)]
pub struct LoginBody {
    phone: String,
    password: String,
}

#[derive(Deserialize, sqlx::FromRow)]
pub struct Profile {
    nickname: String,
    phone: String,
    email: String,
    bio: String,
}

fn profile_json(p: &Profile) -> Value {
    json!({"nickname": p.nickname, "phone": p.phone, "email": p.email, "bio": p.bio})
}

async fn profile_of(s: &AppState, id: i64) -> Result<Profile> {
    Ok(
        sqlx::query_as("SELECT nickname, phone, email, bio FROM store_users WHERE id = ?")
            .bind(id)
            .fetch_one(&s.db)
            .await?,
    )
}

fn valid_phone(phone: &str) -> bool {
    phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())
}

pub async fn register(
    State(s): State<AppState>,
    Json(body): Json<RegisterBody>,
) -> Result<Json<Value>> {
    eprintln!(
        "sandbox: SMS code for {} is {}",
        body.phone, s.settings.sms_code
    );
    if !valid_phone(&body.phone) {
        return Err(StoreError::new(400, "phone: 11 digits, starting with 1"));
    }
    if body.password.chars().count() < 8 {
        return Err(StoreError::new(400, "password: at least 8 characters"));
    }
    if body.sms_code.trim() != s.settings.sms_code {
        return Err(StoreError::new(400, "smsCode: the SMS code is wrong"));
    }
    let key = format!("sk-{}", uuid::Uuid::now_v7().simple());
    let inserted = sqlx::query(
        "INSERT INTO store_users (phone, password, nickname, access_key) VALUES (?, ?, ?, ?)",
    )
    .bind(&body.phone)
    .bind(&body.password)
    .bind(body.nickname.trim())
    .bind(&key)
    .execute(&s.db)
    .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::new(
            400,
            "phone: an account with this phone number exists; sign in instead",
        )),
        Err(e) => Err(e.into()),
        Ok(done) => {
            let user = profile_of(&s, done.last_insert_rowid()).await?;
            Ok(Json(json!({"accessKey": key, "user": profile_json(&user)})))
        }
    }
}

pub async fn login(State(s): State<AppState>, Json(body): Json<LoginBody>) -> Result<Json<Value>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, password, access_key FROM store_users WHERE phone = ?")
            .bind(&body.phone)
            .fetch_optional(&s.db)
            .await?;
    match row {
        Some((id, password, key)) if password == body.password => {
            let user = profile_of(&s, id).await?;
            Ok(Json(json!({"accessKey": key, "user": profile_json(&user)})))
        }
        _ => Err(StoreError::new(
            401,
            "the phone number or the password is wrong",
        )),
    }
}

pub async fn profile(State(s): State<AppState>, user: StoreUser) -> Result<Json<Value>> {
    Ok(Json(profile_json(&profile_of(&s, user.id).await?)))
}

pub async fn update_profile(
    State(s): State<AppState>,
    user: StoreUser,
    Json(p): Json<Profile>,
) -> Result<Json<Value>> {
    if p.nickname.trim().is_empty() || p.nickname.chars().count() > 32 {
        return Err(StoreError::new(400, "nickname: 1 to 32 characters"));
    }
    if !p.email.is_empty()
        && !p
            .email
            .split_once('@')
            .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
    {
        return Err(StoreError::new(400, "email: not an email address"));
    }
    if p.bio.chars().count() > 255 {
        return Err(StoreError::new(400, "bio: at most 255 characters"));
    }
    sqlx::query("UPDATE store_users SET nickname = ?, email = ?, bio = ? WHERE id = ?")
        .bind(p.nickname.trim())
        .bind(p.email.trim())
        .bind(&p.bio)
        .bind(user.id)
        .execute(&s.db)
        .await?;
    Ok(Json(profile_json(&profile_of(&s, user.id).await?)))
}
