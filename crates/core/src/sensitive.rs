//! A value that must never be printed: access keys, tokens, passwords.

use std::fmt;

/// Holds a secret. `Debug` and `Display` print `[redacted]`; it has no
/// `Serialize`, so it cannot slip into JSON, logs or error text by accident.
/// Read it with [`Sensitive::expose`] at the one place it is sent.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret, for the one place that sends it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The secret, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::Sensitive;

    #[test]
    fn never_prints_its_value() {
        let key = Sensitive::new("sk-very-secret".to_owned());
        assert_eq!(format!("{key}"), "[redacted]");
        assert_eq!(format!("{key:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&key)), "Some([redacted])");
        assert_eq!(key.expose(), "sk-very-secret");
    }
}
