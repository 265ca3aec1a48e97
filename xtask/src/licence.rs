//! The development licence key: an Ed25519 key pair kept in the cache (`licence-dev.key`, the
//! 32-byte seed in base64url), created on first use from the OS's randomness. Its public half is
//! built into the WASM core (`AISM_LICENCE_PUBLIC_KEY`) so that tokens signed with the seed — by
//! a development server or by the tests — verify offline. A production build sets
//! `AISM_LICENCE_PUBLIC_KEY` itself and no development key is made.

use crate::Ctx;
use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::io::Read;
use std::path::PathBuf;

/// The file holding the development seed.
pub fn dev_key_file(ctx: &Ctx) -> PathBuf {
    ctx.cache.join("licence-dev.key")
}

/// The public key to build into the WASM core: `AISM_LICENCE_PUBLIC_KEY` when set, else the
/// development key's (creating the key on first use).
pub fn public_key(ctx: &Ctx) -> Result<String> {
    if let Ok(k) = std::env::var("AISM_LICENCE_PUBLIC_KEY")
        && !k.trim().is_empty()
    {
        return Ok(k.trim().to_string());
    }
    let path = dev_key_file(ctx);
    let seed: [u8; 32] = match std::fs::read_to_string(&path) {
        Ok(text) => B64
            .decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .with_context(|| {
                format!("{} does not hold a 32-byte base64url seed", path.display())
            })?,
        Err(_) => {
            let mut seed = [0u8; 32];
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut seed))
                .context("reading /dev/urandom for the development licence key")?;
            std::fs::create_dir_all(&ctx.cache)?;
            std::fs::write(&path, B64.encode(seed))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("created the development licence key {}", path.display());
            seed
        }
    };
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    Ok(B64.encode(public.to_bytes()))
}
