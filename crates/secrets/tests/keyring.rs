//! The real OS keyring: on Linux, the Secret Service that `scripts/with-keyring`
//! starts (GNOME Keyring on a private D-Bus session). Outside such a session
//! the test says so and fails, rather than pass without a keyring.

use rbpub_secrets::{OsKeyring, SecretId, Secrets, Sensitive};

#[test]
fn secrets_round_trip_through_the_os_keyring() {
    let keyring = OsKeyring::open()
        .unwrap_or_else(|e| panic!("{e}: run the tests through scripts/with-keyring"));
    let id = SecretId::StoreKey {
        store_url: format!("http://127.0.0.1:1/{}", std::process::id()),
    };
    let other = SecretId::ConsoleToken {
        console_url: "http://127.0.0.1:1".into(),
        user: "demo".into(),
    };

    assert_eq!(keyring.get(&id).unwrap(), None);
    keyring
        .set(&id, &Sensitive::new("sk-first".to_owned()))
        .unwrap();
    keyring
        .set(&other, &Sensitive::new("token".to_owned()))
        .unwrap();
    assert_eq!(keyring.get(&id).unwrap().unwrap().expose(), "sk-first");

    keyring
        .set(&id, &Sensitive::new("sk-second 密钥".to_owned()))
        .unwrap();
    assert_eq!(
        keyring.get(&id).unwrap().unwrap().expose(),
        "sk-second 密钥",
        "replaced, not added"
    );
    assert_eq!(
        keyring.get(&other).unwrap().unwrap().expose(),
        "token",
        "items are kept apart"
    );

    // A second handle (as a second process would) sees the same item.
    let again = OsKeyring::open().unwrap();
    assert_eq!(again.get(&id).unwrap().unwrap().expose(), "sk-second 密钥");

    keyring.delete(&id).unwrap();
    keyring.delete(&id).unwrap();
    assert_eq!(keyring.get(&id).unwrap(), None);
    keyring.delete(&other).unwrap();
}

#[test]
fn item_names_say_what_and_where() {
    let id = SecretId::ConsolePassword {
        console_url: "https://console.example.org/".into(),
        user: "ada".into(),
    };
    assert_eq!(
        id.account(),
        "console-password:ada@https://console.example.org"
    );
}
