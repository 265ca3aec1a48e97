//! The golden credentials other implementations check (`tests/node/credential.test.mjs`
//! verifies them with its own JCS canonicalisation and node:crypto's Ed25519): an Open Badges 3.0
//! credential signed with `eddsa-jcs-2022` and a status list in which it is revoked. Ed25519 is
//! deterministic, so the files are a pure function of the fixed key and times below; this test
//! fails when they drift (`AISM_UPDATE_GOLDEN=1` rewrites them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: a failure should be loud

use aism_core::course::credential::{self, Award};
use aism_core::report::Text;
use ed25519_dalek::SigningKey;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The test issuer's key (seed of 32 bytes 0x2a); its public key, base64url, is in the golden
/// file for the Node test.
fn key() -> SigningKey {
    SigningKey::from_bytes(&[0x2a; 32])
}

fn golden() -> Value {
    let k = key();
    let list_url = "https://aism.example/credentials/status/1";
    let award = Award {
        id: "https://aism.example/credentials/cred_golden".into(),
        issuer_name: "AI Spreadsheet Mastery".into(),
        issuer_url: "https://aism.example".into(),
        achievement_id: "https://aism.example/course/achievements/specialist-sales".into(),
        name: Text::new(
            "System Specialist: Daily sales monitoring",
            "Especialista en sistema: Monitoreo diario de ventas",
        ),
        description: Text::new(
            "Completed the Daily sales monitoring module — «ñ», €, 😀.",
            "Completó el módulo de Monitoreo diario de ventas.",
        ),
        criteria: Text::new("Module 3 complete.", "Módulo 3 completo."),
        recipient_id: "urn:aism:learner:usr_golden".into(),
        recipient_name: "Ana Díaz".into(),
        valid_from: 1_796_000_000,
        valid_until: Some(1_796_000_000 + 2 * 365 * 86_400),
        status: Some((list_url.into(), 4242)),
    };
    let doc = credential::open_badge(&award, &k.verifying_key());
    let signed = credential::sign(&doc, &k, 1_796_000_000).unwrap();
    let open = credential::status_list(
        list_url,
        &k.verifying_key(),
        "AI Spreadsheet Mastery",
        &[7],
        1_796_000_000,
    )
    .and_then(|l| credential::sign(&l, &k, 1_796_000_000))
    .unwrap();
    let revoked = credential::status_list(
        list_url,
        &k.verifying_key(),
        "AI Spreadsheet Mastery",
        &[7, 4242],
        1_796_050_000,
    )
    .and_then(|l| credential::sign(&l, &k, 1_796_050_000))
    .unwrap();
    use base64::Engine as _;
    json!({
        "publicKey": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k.verifying_key().to_bytes()),
        "now": 1_796_100_000_000_i64,
        "credential": signed,
        "statusList": open,
        "statusListRevoked": revoked,
    })
}

#[test]
fn golden_credentials_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/credential.json");
    let want = golden();
    // Sanity: the core verifies them as the Node test expects.
    let k = key().verifying_key();
    let now = 1_796_100_000;
    assert!(
        credential::verify(
            &want["credential"],
            now,
            Some(&k),
            Some(&want["statusList"])
        )
        .valid
    );
    assert_eq!(
        credential::verify(
            &want["credential"],
            now,
            Some(&k),
            Some(&want["statusListRevoked"])
        )
        .code,
        "revoked"
    );
    let text = serde_json::to_string_pretty(&want).unwrap() + "\n";
    if std::env::var_os("AISM_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == text,
        "{} is stale: run with AISM_UPDATE_GOLDEN=1",
        path.display()
    );
}
