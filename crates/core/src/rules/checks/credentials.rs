//! Whether a value a template ships looks like a credential: every installer
//! of the template gets it as written (rainbond-console copies env values as
//! they are; only a connection value of `**None**` becomes a random one per
//! install). Judged by the name and the value together, so that a switch named
//! like a password setting, an empty value, a number, a path or a plain URL is
//! not taken for one.

/// Words that make a variable's name a secret's.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "secret",
    "token",
    "credential",
    "credentials",
    "jwt",
    "salt",
    "apikey",
];
/// Words that, with `key`, make a secret's name (`API_KEY`, `SECRET_KEY_BASE`).
const KEY_WORDS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "auth",
    "encryption",
    "master",
    "signing",
];
/// Words that make a name about a secret without being one (`PASSWORD_FILE`,
/// `ALLOW_EMPTY_PASSWORD`, `TOKEN_TTL`).
const NOT_SECRET_WORDS: &[&str] = &[
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "host",
    "port",
    "user",
    "username",
    "name",
    "length",
    "min",
    "max",
    "expire",
    "expires",
    "expiry",
    "ttl",
    "timeout",
    "policy",
    "mode",
    "type",
    "allow",
    "enable",
    "enabled",
    "disable",
    "disabled",
    "required",
    "use",
    "algorithm",
    "hash",
    "count",
    "header",
    "field",
];

/// The `**None**` the console turns into a random value at each install.
pub fn is_generated_per_install(value: &str) -> bool {
    let v = value.trim();
    v == "**None**" || (v.starts_with("**None:") && v.ends_with("**"))
}

/// The name's words, lower case: `MYSQL_ROOT_PASSWORD`, `apiKey`, `db.pass`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            last_lower = false;
            continue;
        }
        if c.is_uppercase() && last_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        last_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn is_secret_name(name: &str) -> bool {
    let w = words(name);
    let has = |set: &[&str]| w.iter().any(|x| set.contains(&x.as_str()));
    if has(NOT_SECRET_WORDS) {
        return false;
    }
    has(SECRET_WORDS)
        || (w.iter().any(|x| x == "key") && has(KEY_WORDS))
        || w.windows(2).any(|p| p[0] == "api" && p[1] == "key")
}

/// A value no installer would keep secret: a switch, a number, a path, a plain
/// URL, a reference to another variable.
fn is_plain_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let switch = ["yes", "no", "true", "false", "on", "off", "none", "null"];
    switch.contains(&lower.as_str())
        || v.chars().all(|c| c.is_ascii_digit()) && v.len() < 6
        || v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with('~')
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.contains("://") && !url_has_password(v))
}

/// `scheme://user:password@host`: a password inside a URL.
fn url_has_password(v: &str) -> bool {
    let Some((_, rest)) = v.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.split_once(':').is_some_and(|(_, p)| !p.is_empty()))
}

/// A value shaped like a well-known kind of key, whatever its name.
fn is_key_shaped(v: &str) -> bool {
    let long_tail = |prefix: &str, min: usize| {
        v.strip_prefix(prefix).is_some_and(|t| {
            t.len() >= min
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
    };
    v.contains("PRIVATE KEY-----")
        || long_tail("ghp_", 30)
        || long_tail("github_pat_", 30)
        || long_tail("glpat-", 20)
        || long_tail("sk-", 20)
        || long_tail("xoxb-", 20)
        || long_tail("xoxp-", 20)
        || (v.len() == 20
            && v.starts_with("AKIA")
            && v[4..]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        || (v.starts_with("eyJ") && v.matches('.').count() == 2 && v.len() > 30)
}

/// Whether `name=value`, shipped in a template, is a credential every
/// installer would share.
pub fn looks_like_credential(name: &str, value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_generated_per_install(v) {
        return false;
    }
    if is_key_shaped(v) || url_has_password(v) {
        return true;
    }
    is_secret_name(name) && !is_plain_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_tokens_and_passwords_are_credentials() {
        for (name, value) in [
            ("MYSQL_ROOT_PASSWORD", "rainbond123"),
            ("MYSQL_ROOT_PASSWORD", "change-me"),
            ("REDIS_PASS", "s3cr3t"),
            ("GITEA__security__SECRET_KEY", "b1f0c9a7e2"),
            ("apiKey", "4f2a9c1d"),
            ("API_KEY", "4f2a9c1d"),
            ("SECRET_KEY_BASE", "a9f3"),
            ("ADMIN_TOKEN", "token-for-everyone"),
            ("JWT_SECRET", "hunter2hunter2"),
            ("DB_PWD", "123456"),
            ("ANY_NAME", "ghp_0123456789abcdefghijklmnopqrstuvwx"),
            ("AWS", "AKIAIOSFODNN7EXAMPLE"),
            ("DATABASE_URL", "postgres://gitea:gitea-pass@db:5432/gitea"),
        ] {
            assert!(looks_like_credential(name, value), "{name}={value}");
        }
    }

    #[test]
    fn what_is_not_a_credential_is_not_reported() {
        for (name, value) in [
            ("ALLOW_EMPTY_PASSWORD", "yes"),
            ("MYSQL_ROOT_PASSWORD", ""),
            ("MYSQL_ROOT_PASSWORD", "**None**"),
            ("MYSQL_ROOT_PASSWORD", "**None:16**"),
            ("MYSQL_PASSWORD", "${MYSQL_ROOT_PASSWORD}"),
            ("MYSQL_PORT", "3306"),
            ("REDIS_PASSWORD_PORT", "6379"),
            ("PASSWORD_FILE", "/run/secrets/db"),
            ("TOKEN_TTL", "3600"),
            ("PASSWORD_MIN_LENGTH", "12"),
            ("AUTH_URL", "https://sso.example.org/auth"),
            ("DATABASE_URL", "postgres://gitea@db:5432/gitea"),
            ("MYSQL_USER", "wordpress"),
            ("KEYCLOAK_HOST", "keycloak"),
            ("MONKEY_COUNT", "3"),
            ("PASSWORD_HASH_ALGORITHM", "argon2"),
            ("USE_TOKEN", "true"),
        ] {
            assert!(!looks_like_credential(name, value), "{name}={value}");
        }
    }

    #[test]
    fn names_split_into_words_as_people_write_them() {
        assert_eq!(words("MYSQL_ROOT_PASSWORD"), ["mysql", "root", "password"]);
        assert_eq!(words("apiKey"), ["api", "key"]);
        assert_eq!(words("db.pass"), ["db", "pass"]);
        assert_eq!(
            words("GITEA__security__SECRET_KEY"),
            ["gitea", "security", "secret", "key"]
        );
    }
}
