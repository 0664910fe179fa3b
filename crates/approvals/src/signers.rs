//! git's allowed-signers file (`ssh-keygen(1)`, ALLOWED SIGNERS): who may
//! approve, by key. A line is `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]`;
//! the options read are `namespaces="…"`, `valid-after="…"` and
//! `valid-before="…"` (times in UTC). A line that cannot be used (a
//! `cert-authority`, an unknown option, a garbled key) is skipped and named
//! in [`AllowedSigners::problems`], never a crash.

use rbpub_core::catalogue::Sentence;
use ssh_key::public::KeyData;
use ssh_key::PublicKey;

use crate::NAMESPACE;

/// The parsed file.
#[derive(Clone, Debug, Default)]
pub struct AllowedSigners {
    entries: Vec<Entry>,
    /// One sentence for each line skipped, naming its number.
    pub problems: Vec<Sentence>,
}

#[derive(Clone, Debug)]
struct Entry {
    principals: Vec<String>,
    key: KeyData,
    namespaces: Option<String>,
    valid_after: Option<u64>,
    valid_before: Option<u64>,
}

impl AllowedSigners {
    /// Reads the file's text (the caller bounds its size).
    pub fn parse(text: &str) -> AllowedSigners {
        let mut out = AllowedSigners::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match entry(line) {
                Ok(e) => out.entries.push(e),
                Err(why) => out.problems.push(
                    Sentence::new("approvals.signersProblem")
                        .arg("line", i + 1)
                        .part("why", why),
                ),
            }
        }
        out
    }

    /// The principals `key` may sign approvals as at `now` (seconds since the
    /// epoch); empty when the file does not allow it.
    pub fn principals_of(&self, key: &KeyData, now: u64) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entries {
            let in_namespace = e
                .namespaces
                .as_deref()
                .is_none_or(|list| matches_list(NAMESPACE, list));
            let in_time =
                e.valid_after.is_none_or(|t| now >= t) && e.valid_before.is_none_or(|t| now < t);
            if e.key == *key && in_namespace && in_time {
                for p in &e.principals {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
        }
        out
    }
}

fn entry(line: &str) -> Result<Entry, Sentence> {
    let (principals, rest) = field(line);
    if principals.is_empty() {
        return Err(Sentence::new("approvals.signersNoPrincipals"));
    }
    let rest = rest.trim_start();
    // Options come before the key when the next field is not a key type.
    let (options, key_text) = match PublicKey::from_openssh(rest) {
        Ok(_) => ("", rest),
        Err(_) => {
            let (options, key) = field(rest);
            (options, key.trim_start())
        }
    };
    let key =
        PublicKey::from_openssh(key_text).map_err(|_| Sentence::new("approvals.signersNotKey"))?;
    let mut e = Entry {
        principals: principals
            .trim_matches('"')
            .split(',')
            .map(str::to_owned)
            .collect(),
        key: key.key_data().clone(),
        namespaces: None,
        valid_after: None,
        valid_before: None,
    };
    for option in split_options(options) {
        let (name, value) = match option.split_once('=') {
            Some((n, v)) => (n.to_ascii_lowercase(), Some(v.trim_matches('"'))),
            None => (option.to_ascii_lowercase(), None),
        };
        match (name.as_str(), value) {
            ("namespaces", Some(v)) => e.namespaces = Some(v.to_string()),
            ("valid-after", Some(v)) => e.valid_after = Some(time(v)?),
            ("valid-before", Some(v)) => e.valid_before = Some(time(v)?),
            ("cert-authority", None) => return Err(Sentence::new("approvals.signersCa")),
            _ => {
                return Err(Sentence::new("approvals.signersOption")
                    .arg("option", crate::content::one_line(option)))
            }
        }
    }
    Ok(e)
}

/// The first field of `s` (a quoted one whole) and what follows it.
fn field(s: &str) -> (&str, &str) {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return (&s[..i], &s[i..]),
            _ => {}
        }
    }
    (s, "")
}

/// Comma-separated options, commas inside quotes kept.
fn split_options(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out.retain(|o| !o.is_empty());
    out
}

/// `YYYYMMDD[HHMM[SS]][Z]` as seconds since the epoch, read as UTC.
fn time(v: &str) -> Result<u64, Sentence> {
    let bad = || Sentence::new("approvals.signersTime").arg("value", crate::content::one_line(v));
    let digits = v.strip_suffix(['Z', 'z']).unwrap_or(v);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return Err(bad());
    }
    let n = |a: usize, b: usize| {
        digits
            .get(a..b)
            .map_or(0, |s| s.parse::<u64>().unwrap_or(0))
    };
    let (y, m, d) = (n(0, 4), n(4, 6), n(6, 8));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || y < 1970 {
        return Err(bad());
    }
    // Days from the civil date (Howard Hinnant's algorithm), for years from 1970.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Ok(days * 86_400 + n(8, 10) * 3600 + n(10, 12) * 60 + n(12, 14))
}

/// Whether `s` matches a pattern list: `a,b*,!c?` (OpenSSH's `match_pattern_list`).
fn matches_list(s: &str, list: &str) -> bool {
    let mut found = false;
    for pattern in list.split(',') {
        let (negated, pattern) = match pattern.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pattern),
        };
        if glob(pattern.as_bytes(), s.as_bytes()) {
            if negated {
                return false;
            }
            found = true;
        }
    }
    found
}

fn glob(pattern: &[u8], s: &[u8]) -> bool {
    // Iterative, with one backtrack point: linear in practice, never exponential.
    let (mut p, mut i, mut star, mut mark) = (0, 0, None, 0);
    while i < s.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == s[i]) {
            p += 1;
            i += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = i;
            p += 1;
        } else if let Some(sp) = star {
            p = sp + 1;
            mark += 1;
            i = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    #[test]
    fn lines_options_and_skipped_lines() {
        let text = format!(
            "# reviewers\nrita@example.com,r@x {KEY} rita's laptop\n\
             \"sam@example.com\" namespaces=\"git,rbpub-*\",valid-after=\"20260101\" {KEY}\n\
             old@example.com valid-before=\"20200101Z\" {KEY}\n\
             other@example.com namespaces=\"git\" {KEY}\n\
             ca@example.com cert-authority {KEY}\n\
             broken@example.com ssh-ed25519 AAAA\n"
        );
        let signers = AllowedSigners::parse(&text);
        let key = PublicKey::from_openssh(KEY).unwrap();
        let now = time("20261207").unwrap();
        assert_eq!(
            signers.principals_of(key.key_data(), now),
            ["rita@example.com", "r@x", "sam@example.com"]
        );
        assert_eq!(signers.problems.len(), 2, "{:?}", signers.problems);
        let said = |i: usize| signers.problems[i].say(rbpub_core::Locale::En);
        assert!(said(0).starts_with("line 6: certificate"), "{}", said(0));
        assert!(said(1).starts_with("line 7: the key"), "{}", said(1));
        assert_eq!(
            signers.problems[0].say(rbpub_core::Locale::ZhCn),
            "第 6 行：不支持证书颁发机构；请写签名人自己的公钥"
        );
    }

    #[test]
    fn times_and_patterns() {
        assert_eq!(time("19700101").unwrap(), 0);
        assert_eq!(time("20261207083000Z").unwrap(), 1_796_632_200);
        assert!(time("2026").is_err());
        assert!(matches_list("rbpub-approval", "git,rbpub-*"));
        assert!(!matches_list("rbpub-approval", "*,!rbpub-approval"));
        assert!(glob(b"a*b?c", b"axxbyc"));
        assert!(!glob(b"a*b?c", b"axxbc"));
    }
}
