//! Certificates as verifiable credentials: an Open Badges 3.0 `OpenBadgeCredential` (W3C
//! Verifiable Credentials data model 2.0) secured with a `DataIntegrityProof` of the
//! `eddsa-jcs-2022` cryptosuite (W3C vc-di-eddsa), and revocation through a W3C Bitstring Status
//! List. The server issues and revokes with these functions; the hosts verify offline through
//! WASM with the same code. The clock is always passed in.
//!
//! eddsa-jcs-2022, as the suite defines it: the proof configuration is the proof options (type,
//! cryptosuite, created, verificationMethod, proofPurpose) with the document's `@context`; the
//! signed bytes are SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document without proof));
//! the proof value is the Ed25519 signature in multibase base58-btc (`z…`). The issuer is a
//! `did:key`, so a verifier needs nothing but the credential to check the signature, and compares
//! the key with the one it trusts.

use super::jcs::canonical;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

/// The W3C Verifiable Credentials 2.0 context.
pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The Open Badges 3.0 context.
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The cryptosuite.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";
/// Bits in a status list: the W3C minimum (16 KiB), so that one credential hides in the crowd.
pub const STATUS_LIST_BITS: usize = 131_072;

/// Why a credential could not be made or read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CredentialError {
    /// The document is not what the step needs (the message says what).
    #[error("{0}")]
    Malformed(String),
}

fn malformed(message: impl Into<String>) -> CredentialError {
    CredentialError::Malformed(message.into())
}

/// `did:key` of an Ed25519 public key: multicodec `0xed 0x01` then the key, base58-btc.
pub fn did_key(key: &VerifyingKey) -> String {
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(key.as_bytes());
    format!("did:key:z{}", bs58::encode(bytes).into_string())
}

/// The verification method of a `did:key` (`did:key:z6Mk…#z6Mk…`).
pub fn verification_method(key: &VerifyingKey) -> String {
    let did = did_key(key);
    let fragment = did.trim_start_matches("did:key:").to_string();
    format!("{did}#{fragment}")
}

/// The Ed25519 key of a `did:key` verification method (or DID).
pub fn key_of_did(method: &str) -> Option<VerifyingKey> {
    let did = method.split('#').next()?;
    let encoded = did.strip_prefix("did:key:z")?;
    let bytes = bs58::decode(encoded).into_vec().ok()?;
    let key: [u8; 32] = bytes.strip_prefix(&[0xed, 0x01])?.try_into().ok()?;
    VerifyingKey::from_bytes(&key).ok()
}

/// A Unix time as an XML Schema `dateTimeStamp` in UTC (`2026-12-05T10:30:00Z`).
pub fn timestamp(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // 25569 is the spreadsheet serial of 1970-01-01.
    let (y, m, d) =
        aism_ts::timeline::serial_to_ymd(days as f64 + 25_569.0).unwrap_or((1970, 1, 1));
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The Unix time of a `dateTimeStamp` (`…Z` or `…±hh:mm`, fractions of a second ignored).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    let num = |s: &str| -> Option<i64> {
        s.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if t.len() < 20 || t.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let (y, mo, d) = (num(t.get(0..4)?)?, num(t.get(5..7)?)?, num(t.get(8..10)?)?);
    let (h, mi, s) = (
        num(t.get(11..13)?)?,
        num(t.get(14..16)?)?,
        num(t.get(17..19)?)?,
    );
    let mut rest = &t[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (num(&rest[1..3])? * 3600 + num(&rest[4..6])? * 60)
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let serial = aism_ts::timeline::ymd_to_serial(i32::try_from(y).ok()?, mo as u32, d as u32)?;
    Some((serial as i64 - 25_569) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// What goes into a certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Award {
    /// The credential's id (its public verification URL).
    pub id: String,
    /// The issuer's name.
    pub issuer_name: String,
    /// The issuer's web address.
    pub issuer_url: String,
    /// The achievement's id (a URL naming the certificate, the same for every recipient).
    pub achievement_id: String,
    /// The achievement's name.
    pub name: crate::report::Text,
    /// What it certifies.
    pub description: crate::report::Text,
    /// How it is earned.
    pub criteria: crate::report::Text,
    /// The recipient's identifier (`mailto:ana@example.com`).
    pub recipient_id: String,
    /// The recipient's name as shown.
    pub recipient_name: String,
    /// Issued at (Unix seconds).
    pub valid_from: i64,
    /// Ends at (Unix seconds), if ever.
    pub valid_until: Option<i64>,
    /// Its place in a status list: the list's URL and the index.
    pub status: Option<(String, u64)>,
}

/// The unsecured `OpenBadgeCredential` of `award`, issued by the holder of `issuer`.
pub fn open_badge(award: &Award, issuer: &VerifyingKey) -> Value {
    let mut doc = json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": award.id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": did_key(issuer),
            "type": ["Profile"],
            "name": award.issuer_name,
            "url": award.issuer_url,
        },
        "validFrom": timestamp(award.valid_from),
        "name": award.name.en,
        "credentialSubject": {
            "id": award.recipient_id,
            "type": ["AchievementSubject"],
            "name": award.recipient_name,
            "achievement": {
                "id": award.achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": award.name.en,
                "description": award.description.en,
                "criteria": { "narrative": award.criteria.en },
                "inLanguage": "en",
                "es": {
                    "name": award.name.es,
                    "description": award.description.es,
                    "criteria": award.criteria.es,
                },
            },
        },
    });
    if let Some(until) = award.valid_until {
        doc["validUntil"] = json!(timestamp(until));
    }
    if let Some((list, index)) = &award.status {
        doc["credentialStatus"] = json!({
            "id": format!("{list}#{index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": index.to_string(),
            "statusListCredential": list,
        });
    }
    doc
}

/// The bytes an `eddsa-jcs-2022` proof signs: SHA-256 of the canonical proof configuration,
/// then SHA-256 of the canonical document.
fn hash_data(document: &Value, proof_config: &Value) -> Result<Vec<u8>, CredentialError> {
    let doc = canonical(document).map_err(malformed)?;
    let config = canonical(proof_config).map_err(malformed)?;
    let mut out = Sha256::digest(config.as_bytes()).to_vec();
    out.extend_from_slice(&Sha256::digest(doc.as_bytes()));
    Ok(out)
}

/// The proof options of a new proof.
fn proof_options(key: &VerifyingKey, created: i64) -> Value {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method(key),
        "proofPurpose": "assertionMethod",
    })
}

/// `document` secured with an `eddsa-jcs-2022` proof made by `key` at `created` (Unix seconds).
pub fn sign(document: &Value, key: &SigningKey, created: i64) -> Result<Value, CredentialError> {
    sign_with(document, key, proof_options(&key.verifying_key(), created))
}

/// `document` secured with a proof of the given options (the suite's "Create Proof").
pub fn sign_with(
    document: &Value,
    key: &SigningKey,
    options: Value,
) -> Result<Value, CredentialError> {
    let Value::Object(doc) = document else {
        return Err(malformed("a credential is a JSON object"));
    };
    if doc.contains_key("proof") {
        return Err(malformed("the document already has a proof"));
    }
    // The proof carries the document's @context (the suite's step 2), and the proof
    // configuration is the proof without its value.
    let mut proof = options;
    if let Some(context) = doc.get("@context") {
        proof["@context"] = context.clone();
    }
    let signature = key.sign(&hash_data(document, &proof)?);
    proof["proofValue"] = json!(format!(
        "z{}",
        bs58::encode(signature.to_bytes()).into_string()
    ));
    let mut secured = document.clone();
    secured["proof"] = proof;
    Ok(secured)
}

/// The outcome of verifying a credential.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The proof is right, the issuer is trusted, the credential is in force and not revoked.
    pub valid: bool,
    /// `valid`, `malformed`, `unsupported-proof`, `bad-signature`, `untrusted-issuer`,
    /// `not-yet-valid`, `expired`, `revoked` or `status-unavailable`.
    pub code: String,
    /// What was found, for people.
    pub reason: String,
    /// The signature verifies with the key of the issuer the credential names.
    pub signature_valid: bool,
    /// Whether the status list was consulted (false when none was given).
    pub status_checked: bool,
    /// The issuer's name.
    pub issuer: Option<String>,
    /// The recipient's name.
    pub recipient: Option<String>,
    /// The achievement's name.
    pub achievement: Option<String>,
    /// `validFrom`.
    pub valid_from: Option<String>,
    /// `validUntil`.
    pub valid_until: Option<String>,
}

/// Checks the `eddsa-jcs-2022` proof of `secured` (the suite's "Verify Proof"): the key of the
/// proof's `did:key` method, which must be the issuer's DID.
fn check_proof(secured: &Value) -> Result<VerifyingKey, (&'static str, String)> {
    let bad = |code: &'static str, reason: &str| (code, reason.to_string());
    let Value::Object(doc) = secured else {
        return Err(bad("malformed", "a credential is a JSON object"));
    };
    let proof = doc
        .get("proof")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("malformed", "the credential has no proof"))?;
    if proof.get("type").and_then(Value::as_str) != Some("DataIntegrityProof")
        || proof.get("cryptosuite").and_then(Value::as_str) != Some(CRYPTOSUITE)
    {
        return Err(bad(
            "unsupported-proof",
            "the proof is not a DataIntegrityProof of the eddsa-jcs-2022 cryptosuite",
        ));
    }
    let method = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .unwrap_or("");
    let key = key_of_did(method).ok_or_else(|| {
        bad(
            "unsupported-proof",
            "the proof's verification method is not an Ed25519 did:key",
        )
    })?;
    let issuer = match doc.get("issuer") {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).unwrap_or(""),
        _ => "",
    };
    if method.split('#').next() != Some(issuer) {
        return Err(bad(
            "bad-signature",
            "the proof was not made with the key of the issuer the credential names",
        ));
    }
    let signature = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix('z'))
        .and_then(|v| bs58::decode(v).into_vec().ok())
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .map(|b| ed25519_dalek::Signature::from_bytes(&b))
        .ok_or_else(|| {
            bad(
                "malformed",
                "the proof value is not a base58-btc Ed25519 signature",
            )
        })?;
    let mut options = Value::Object(proof.clone());
    if let Value::Object(o) = &mut options {
        o.remove("proofValue");
    }
    let mut unsecured = secured.clone();
    if let Value::Object(o) = &mut unsecured {
        o.remove("proof");
    }
    // A proof that carries its own @context must name the document's first contexts.
    if let Some(Value::Array(pc)) = options.get("@context") {
        let dc = unsecured
            .get("@context")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if dc.len() < pc.len() || dc[..pc.len()] != pc[..] {
            return Err(bad(
                "bad-signature",
                "the proof's @context does not match the credential's",
            ));
        }
        unsecured["@context"] = Value::Array(pc.clone());
    }
    let mut config = options;
    if let Some(context) = unsecured.get("@context") {
        config["@context"] = context.clone();
    }
    let data = hash_data(&unsecured, &config).map_err(|e| ("malformed", e.to_string()))?;
    key.verify(&data, &signature).map_err(|_| {
        bad(
            "bad-signature",
            "the signature does not match: the credential was altered after it was signed",
        )
    })?;
    Ok(key)
}

/// Verifies `secured` at `now` (Unix seconds): the proof, that the issuer's key is `trusted`
/// (when given), the validity period, and — when the credential has a status entry and
/// `status_list` is given — that its bit in the (itself verified) status list credential is not
/// set. Never fails: what is wrong is in the result.
pub fn verify(
    secured: &Value,
    now: i64,
    trusted: Option<&VerifyingKey>,
    status_list: Option<&Value>,
) -> Verification {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let mut out = Verification {
        valid: false,
        code: String::new(),
        reason: String::new(),
        signature_valid: false,
        status_checked: false,
        issuer: text(secured.pointer("/issuer/name")),
        recipient: text(secured.pointer("/credentialSubject/name")),
        achievement: text(secured.pointer("/credentialSubject/achievement/name")),
        valid_from: text(secured.get("validFrom")),
        valid_until: text(secured.get("validUntil")),
    };
    let finish = |mut out: Verification, code: &str, reason: String| {
        out.valid = code == "valid";
        out.code = code.to_string();
        out.reason = reason;
        out
    };
    let key = match check_proof(secured) {
        Ok(key) => key,
        Err((code, reason)) => return finish(out, code, reason),
    };
    out.signature_valid = true;
    if trusted.is_some_and(|t| t != &key) {
        return finish(
            out,
            "untrusted-issuer",
            "the signature is right, but the issuer's key is not the one this verifier trusts"
                .into(),
        );
    }
    let from = out.valid_from.as_deref().and_then(parse_timestamp);
    let Some(from) = from else {
        return finish(
            out,
            "malformed",
            "validFrom is missing or not a date-time".into(),
        );
    };
    if now < from {
        return finish(
            out,
            "not-yet-valid",
            format!("the credential is valid from {}", timestamp(from)),
        );
    }
    if let Some(until) = out.valid_until.clone() {
        match parse_timestamp(&until) {
            Some(u) if now >= u => {
                return finish(out, "expired", format!("the credential expired at {until}"));
            }
            Some(_) => {}
            None => return finish(out, "malformed", "validUntil is not a date-time".into()),
        }
    }
    if let Some(entry) = secured.get("credentialStatus") {
        match status_list {
            None => {
                return finish(
                    out,
                    "valid",
                    "the proof is right and the credential is in force; its revocation status was not checked (no status list given)".into(),
                );
            }
            Some(list) => match revoked(entry, list, &key, now) {
                Ok(true) => {
                    out.status_checked = true;
                    return finish(out, "revoked", "the issuer revoked this credential".into());
                }
                Ok(false) => out.status_checked = true,
                Err(reason) => return finish(out, "status-unavailable", reason),
            },
        }
    }
    let reason = if out.status_checked {
        "the proof is right, the credential is in force and not revoked"
    } else {
        "the proof is right and the credential is in force"
    };
    finish(out, "valid", reason.into())
}

/// Whether the status `entry` is set in `list`, a status list credential that must be signed by
/// the same issuer, be the one the entry names and be in force.
fn revoked(entry: &Value, list: &Value, issuer: &VerifyingKey, now: i64) -> Result<bool, String> {
    let named = entry.get("statusListCredential").and_then(Value::as_str);
    if named.is_none() || list.get("id").and_then(Value::as_str) != named {
        return Err("the status list given is not the one the credential names".into());
    }
    let check = verify(list, now, Some(issuer), None);
    if !check.valid {
        return Err(format!("the status list does not verify: {}", check.reason));
    }
    if entry.get("statusPurpose") != list.pointer("/credentialSubject/statusPurpose") {
        return Err("the status list is for another purpose".into());
    }
    let index: u64 = entry
        .get("statusListIndex")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or("the status entry has no statusListIndex")?;
    let encoded = list
        .pointer("/credentialSubject/encodedList")
        .and_then(Value::as_str)
        .ok_or("the status list has no encodedList")?;
    bit(encoded, index).map_err(|e| e.to_string())
}

/// The `encodedList` of a bitstring of `bits` bits with `set` set: GZIP, then multibase
/// base64url without padding (`u…`). Bit 0 is the most significant bit of the first byte.
pub fn encode_bits(set: &[u64], bits: usize) -> Result<String, CredentialError> {
    use std::io::Write as _;
    let mut bytes = vec![0u8; bits.div_ceil(8)];
    for &i in set {
        let byte = usize::try_from(i / 8)
            .ok()
            .and_then(|b| bytes.get_mut(b))
            .ok_or_else(|| malformed(format!("status index {i} is beyond the list")))?;
        *byte |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).map_err(|e| malformed(e.to_string()))?;
    let zipped = gz.finish().map_err(|e| malformed(e.to_string()))?;
    Ok(format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(zipped)
    ))
}

/// Bit `index` of an `encodedList`.
pub fn bit(encoded: &str, index: u64) -> Result<bool, CredentialError> {
    use std::io::Read as _;
    let zipped = encoded
        .strip_prefix('u')
        .and_then(|s| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .ok()
        })
        .ok_or_else(|| malformed("encodedList is not multibase base64url"))?;
    // A bound on what the list may inflate to (16 MiB, far above the 16 KiB minimum), so a
    // hostile list cannot exhaust memory.
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(zipped.as_slice())
        .take(16 << 20)
        .read_to_end(&mut bytes)
        .map_err(|e| malformed(format!("encodedList is not GZIP: {e}")))?;
    let byte = usize::try_from(index / 8)
        .ok()
        .and_then(|b| bytes.get(b))
        .ok_or_else(|| malformed(format!("status index {index} is beyond the list")))?;
    Ok(byte & (0x80 >> (index % 8)) != 0)
}

/// The unsecured status list credential `id` of the issuer `issuer`, with the `revoked` indices
/// set, valid from `now`.
pub fn status_list(
    id: &str,
    issuer: &VerifyingKey,
    issuer_name: &str,
    revoked: &[u64],
    now: i64,
) -> Result<Value, CredentialError> {
    Ok(json!({
        "@context": [VC_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": { "id": did_key(issuer), "name": issuer_name },
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(revoked, STATUS_LIST_BITS)?,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Text;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn award(status: Option<(String, u64)>) -> Award {
        Award {
            id: "https://aism.example/credentials/cred_1".into(),
            issuer_name: "AI Spreadsheet Mastery".into(),
            issuer_url: "https://aism.example".into(),
            achievement_id: "https://aism.example/achievements/expert".into(),
            name: Text::new("AI Spreadsheet Expert", "Experto"),
            description: Text::new("Completed the programme.", "Completó el programa."),
            criteria: Text::new("All 12 modules.", "Los 12 módulos."),
            recipient_id: "mailto:ana@example.com".into(),
            recipient_name: "Ana Díaz".into(),
            valid_from: 1_796_000_000,
            valid_until: Some(1_796_000_000 + 3 * 365 * 86_400),
            status,
        }
    }

    const NOW: i64 = 1_796_100_000;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The eddsa-jcs-2022 test vector of W3C "Data Integrity EdDSA Cryptosuites v1.0"
    /// (Recommendation, 15 May 2025), Appendix B.3: the key pair, the unsecured credential and
    /// the proof options give exactly the published proofValue; Ed25519 is deterministic, so
    /// every byte of the canonical forms and hashes is pinned by it.
    #[test]
    fn w3c_eddsa_jcs_2022_test_vector() {
        let seed: [u8; 32] =
            hex("c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6")
                .try_into()
                .unwrap();
        let k = SigningKey::from_bytes(&seed);
        assert_eq!(
            did_key(&k.verifying_key()),
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        );
        let doc: Value = serde_json::from_str(
            r#"{
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "name": "Alumni Credential",
            "description": "A minimum viable example of an Alumni Credential.",
            "issuer": "https://vc.example/issuers/5678",
            "validFrom": "2023-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
        }"#,
        )
        .unwrap();
        let options = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "proofPurpose": "assertionMethod"
        });
        let mut config = options.clone();
        config["@context"] = doc["@context"].clone();
        assert_eq!(
            hash_data(&doc, &config).unwrap(),
            hex(
                "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
            )
        );
        let signed = sign_with(&doc, &k, options).unwrap();
        assert_eq!(
            signed["proof"]["proofValue"],
            "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
        );
        assert_eq!(signed["proof"]["@context"], doc["@context"]);
        // The vector's issuer is a URL, not the did:key of the proof: our verifier, which
        // binds the proof to the issuer it names, says so, although the signature is right.
        assert_eq!(
            verify(&signed, 1_700_000_000, None, None).code,
            "bad-signature"
        );
        let mut bound = doc.clone();
        bound["issuer"] = json!(did_key(&k.verifying_key()));
        let signed = sign(&bound, &k, 1_677_281_798).unwrap();
        assert!(verify(&signed, 1_700_000_000, Some(&k.verifying_key()), None).valid);
    }

    #[test]
    fn timestamps_round_trip() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_733_400_000), "2024-12-05T12:00:00Z");
        for t in [0, 951_782_400, 1_733_400_000, 4_102_444_799] {
            assert_eq!(parse_timestamp(&timestamp(t)), Some(t));
        }
        assert_eq!(
            parse_timestamp("2024-12-05T13:00:00.123+01:00"),
            Some(1_733_400_000)
        );
        for bad in [
            "",
            "2024-12-05",
            "2024-13-05T00:00:00Z",
            "2024-12-05T00:00:00",
            "x".repeat(30).as_str(),
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn did_key_round_trips() {
        let k = key().verifying_key();
        let did = did_key(&k);
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        assert_eq!(key_of_did(&verification_method(&k)), Some(k));
        assert_eq!(key_of_did("did:key:zabc"), None);
        assert_eq!(key_of_did("did:web:example.com"), None);
    }

    #[test]
    fn signed_badge_verifies_and_any_change_fails() {
        let k = key();
        let doc = open_badge(&award(None), &k.verifying_key());
        let signed = sign(&doc, &k, 1_796_000_000).unwrap();
        let ok = verify(&signed, NOW, Some(&k.verifying_key()), None);
        assert!(ok.valid, "{ok:?}");
        assert_eq!(ok.recipient.as_deref(), Some("Ana Díaz"));
        // Member order does not matter (JCS), so a re-serialised credential still verifies.
        let reparsed: Value = serde_json::from_str(&signed.to_string()).unwrap();
        assert!(verify(&reparsed, NOW, None, None).valid);
        // Tampering with any string or number anywhere fails.
        fn paths(v: &Value, at: String, out: &mut Vec<String>) {
            match v {
                Value::Object(o) => o
                    .iter()
                    .for_each(|(k, v)| paths(v, format!("{at}/{k}"), out)),
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| paths(v, format!("{at}/{i}"), out)),
                _ => out.push(at),
            }
        }
        let mut all = Vec::new();
        paths(&signed, String::new(), &mut all);
        assert!(all.len() > 25, "{}", all.len());
        for p in &all {
            let mut t = signed.clone();
            let v = t.pointer_mut(p).unwrap();
            let changed = match &*v {
                Value::String(s) => json!(format!("{s}x")),
                other => json!(format!("{other}x")),
            };
            *v = changed;
            let r = verify(&t, NOW, Some(&k.verifying_key()), None);
            assert!(!r.valid, "tampering with {p} went unnoticed");
        }
        // An added member fails too.
        let mut t = signed.clone();
        t["credentialSubject"]["achievement"]["extra"] = json!(1);
        assert_eq!(verify(&t, NOW, None, None).code, "bad-signature");
        // Another issuer's key, signed correctly, is not trusted.
        let other = SigningKey::from_bytes(&[9u8; 32]);
        let forged = sign(&open_badge(&award(None), &other.verifying_key()), &other, 0).unwrap();
        assert!(verify(&forged, NOW, None, None).valid);
        assert_eq!(
            verify(&forged, NOW, Some(&k.verifying_key()), None).code,
            "untrusted-issuer"
        );
        // Someone else's key under our issuer id.
        let mut stolen = forged.clone();
        stolen["issuer"]["id"] = json!(did_key(&k.verifying_key()));
        assert_eq!(verify(&stolen, NOW, None, None).code, "bad-signature");
        // Validity period.
        assert_eq!(
            verify(&signed, 1_795_000_000, None, None).code,
            "not-yet-valid"
        );
        assert_eq!(verify(&signed, 1_900_000_000, None, None).code, "expired");
        // Garbage never panics.
        for g in [
            json!(null),
            json!([]),
            json!({"proof": 1}),
            json!({"proof": {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "verificationMethod": 5}}),
        ] {
            assert!(!verify(&g, NOW, None, None).valid);
        }
        assert!(sign(&json!([1]), &k, 0).is_err());
        assert!(sign(&signed, &k, 0).is_err());
    }

    #[test]
    fn revocation_through_the_status_list() {
        let k = key();
        let list_url = "https://aism.example/credentials/status/1";
        let doc = open_badge(&award(Some((list_url.into(), 4242))), &k.verifying_key());
        let signed = sign(&doc, &k, 1_796_000_000).unwrap();
        assert_eq!(signed["credentialStatus"]["statusListIndex"], "4242");
        let list = |revoked: &[u64]| {
            sign(
                &status_list(list_url, &k.verifying_key(), "AISM", revoked, NOW - 10).unwrap(),
                &k,
                NOW - 10,
            )
            .unwrap()
        };
        let fine = verify(
            &signed,
            NOW,
            Some(&k.verifying_key()),
            Some(&list(&[1, 4241, 4243])),
        );
        assert!(fine.valid && fine.status_checked, "{fine:?}");
        let gone = verify(&signed, NOW, Some(&k.verifying_key()), Some(&list(&[4242])));
        assert_eq!(gone.code, "revoked");
        // Without a list the credential verifies but says the status was not checked.
        let unchecked = verify(&signed, NOW, None, None);
        assert!(unchecked.valid && !unchecked.status_checked);
        // A list signed by someone else, or altered, is not taken.
        let mut altered = list(&[]);
        altered["credentialSubject"]["encodedList"] =
            json!(encode_bits(&[4242], STATUS_LIST_BITS).unwrap());
        assert_eq!(
            verify(&signed, NOW, None, Some(&altered)).code,
            "status-unavailable"
        );
        // Bit order: index 0 is the most significant bit of the first byte.
        let e = encode_bits(&[0, 9], 16).unwrap();
        assert!(
            bit(&e, 0).unwrap()
                && bit(&e, 9).unwrap()
                && !bit(&e, 1).unwrap()
                && !bit(&e, 8).unwrap()
        );
        assert!(bit(&e, 16).is_err() && bit("xyz", 0).is_err() && bit("uAAAA", 0).is_err());
        assert!(encode_bits(&[16], 16).is_err());
        // The minimum-size empty list compresses to a short text.
        assert!(encode_bits(&[], STATUS_LIST_BITS).unwrap().len() < 100);
    }
}
