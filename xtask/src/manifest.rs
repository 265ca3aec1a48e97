//! The Office add-in manifest: `office-manifest/manifest.template.xml` holds the placeholder
//! `{{BASE_URL}}` in every URL; [`render`] fills it in. `office-manifest/manifest.xml` (committed,
//! for sideloading against `cargo xtask serve`) uses [`DEV_BASE_URL`]; `dist/web/manifest.xml`
//! uses the origin in `AISM_PUBLIC_URL` ([`public_base_url`]).

use anyhow::Result;

/// The placeholder every URL of the template starts with.
pub const PLACEHOLDER: &str = "{{BASE_URL}}";

/// The origin `cargo xtask serve` serves on, and the default of `AISM_PUBLIC_URL`.
pub const DEV_BASE_URL: &str = "https://localhost:3000";
/// Placeholder of the host (and port) of the base URL, for the SSO resource `api://host/id`.
pub const HOST_PLACEHOLDER: &str = "{{BASE_HOST}}";
/// Placeholder of the add-in's Microsoft application (client) id.
pub const CLIENT_ID_PLACEHOLDER: &str = "{{OFFICE_CLIENT_ID}}";
/// The client id of the committed manifest and of builds without `AISM_OFFICE_CLIENT_ID`: no
/// application has it, so Office SSO fails and the task pane signs in through its dialog.
pub const DEV_CLIENT_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Where the template lives, relative to the repository root.
pub const TEMPLATE: &str = "office-manifest/manifest.template.xml";

/// Where the committed development manifest lives, relative to the repository root.
pub const DEV_MANIFEST: &str = "office-manifest/manifest.xml";

/// The manifest for `base_url` (an origin as [`check_origin`] accepts).
pub fn render(template: &str, base_url: &str, client_id: &str) -> String {
    template
        .replace(PLACEHOLDER, base_url)
        .replace(HOST_PLACEHOLDER, host_of(base_url))
        .replace(CLIENT_ID_PLACEHOLDER, client_id)
}

/// The host (and port) of a base URL: `https://addin.example.com:8443` → `addin.example.com:8443`.
pub fn host_of(base_url: &str) -> &str {
    base_url.split_once("://").map_or(base_url, |(_, h)| h)
}

/// The add-in's Microsoft application (client) id for Office SSO, from `AISM_OFFICE_CLIENT_ID`
/// (a GUID), else [`DEV_CLIENT_ID`].
pub fn office_client_id(env: Option<String>) -> Result<String> {
    match env.as_deref().map(str::trim) {
        None | Some("") => Ok(DEV_CLIENT_ID.to_string()),
        Some(id) => {
            let guid = id.len() == 36
                && id.char_indices().all(|(i, c)| {
                    if [8, 13, 18, 23].contains(&i) {
                        c == '-'
                    } else {
                        c.is_ascii_hexdigit()
                    }
                });
            anyhow::ensure!(
                guid,
                "AISM_OFFICE_CLIENT_ID={id:?} is not an application (client) id (a GUID)"
            );
            Ok(id.to_ascii_lowercase())
        }
    }
}

/// The paths (after the origin, without the leading `/`) of every URL in the template that
/// names a file: what the served directory must hold.
pub fn served_paths(template: &str) -> Vec<String> {
    let mut out: Vec<String> = template
        .split(PLACEHOLDER)
        .skip(1)
        .filter_map(|rest| rest.strip_prefix('/'))
        .map(|rest| {
            rest.split(['"', '<', '\'', '?', '#', ' '])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The base URL of the published manifest: `AISM_PUBLIC_URL` when set (checked by
/// [`check_origin`]), else [`DEV_BASE_URL`].
pub fn public_base_url(env: Option<String>) -> Result<String> {
    match env {
        None => Ok(DEV_BASE_URL.to_string()),
        Some(v) if v.trim().is_empty() => Ok(DEV_BASE_URL.to_string()),
        Some(v) => {
            check_origin(&v)?;
            Ok(v)
        }
    }
}

/// Accepts an origin the add-in can be served from: `https://HOST[:PORT]`, or
/// `http://localhost[:PORT]` for local testing. No path, query, user info or trailing slash
/// (the manifest appends `/taskpane.html` and so on).
pub fn check_origin(url: &str) -> Result<()> {
    let explain = |why: &str| {
        anyhow::anyhow!(
            "AISM_PUBLIC_URL={url:?} {why}: give an origin such as https://addin.example.com or \
             https://localhost:3000 (http:// only for localhost), without a trailing slash"
        )
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| explain("has no scheme"))?;
    if rest.is_empty() {
        return Err(explain("has no host"));
    }
    if rest.contains(['/', '?', '#', '@', '\\']) {
        return Err(explain("is not a bare origin"));
    }
    // A colon inside an unbracketed host is not a port separator (and fails the host check).
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (rest, None),
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(explain("has an invalid port"));
    }
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':')
    } else {
        !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    if !host_ok {
        return Err(explain("has an invalid host"));
    }
    match scheme {
        "https" => Ok(()),
        "http" if host.eq_ignore_ascii_case("localhost") => Ok(()),
        "http" => Err(explain(
            "uses http:// for a host other than localhost (Office needs https)",
        )),
        _ => Err(explain("must start with https://")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn repo_file(path: &str) -> String {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
        std::fs::read_to_string(&full)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
    }

    #[test]
    fn committed_manifest_is_the_rendered_template() {
        let template = repo_file(TEMPLATE);
        assert!(
            repo_file(DEV_MANIFEST) == render(&template, DEV_BASE_URL, DEV_CLIENT_ID),
            "{DEV_MANIFEST} differs from {TEMPLATE} rendered for {DEV_BASE_URL}: run `cargo xtask build`"
        );
    }

    #[test]
    fn render_replaces_every_placeholder() {
        let template = repo_file(TEMPLATE);
        assert!(template.matches(PLACEHOLDER).count() >= 10);
        let id = "6c1e9e54-2d4f-4f53-9a55-0c3f1b7d2a10";
        let out = render(&template, "https://addin.example.com", id);
        assert!(out.contains(&format!(
            "<Resource>api://addin.example.com/{id}</Resource>"
        )));
        assert!(out.contains(&format!("<Id>{id}</Id>")));
        assert!(!out.contains("{{"), "placeholder left");
        assert!(out.contains("\"https://addin.example.com/taskpane.html\""));
        assert!(out.contains("\"https://addin.example.com/functions.json\""));
        assert!(out.contains("\"https://addin.example.com/taskpane.js\""));
        assert!(!out.contains("\"https://localhost") && !out.contains(">https://localhost"));
        assert_eq!(
            render(
                "<a href=\"{{BASE_URL}}/x\">{{BASE_URL}}</a>",
                "http://localhost:8080",
                DEV_CLIENT_ID
            ),
            "<a href=\"http://localhost:8080/x\">http://localhost:8080</a>"
        );
    }

    #[test]
    fn every_url_of_the_template_uses_the_placeholder() {
        let template = repo_file(TEMPLATE);
        // Outside comments and namespace declarations, no URL may be written out.
        let mut body = String::new();
        let mut rest = template.as_str();
        while let Some((before, after)) = rest.split_once("<!--") {
            body.push_str(before);
            rest = after.split_once("-->").map_or("", |(_, a)| a);
        }
        body.push_str(rest);
        for line in body.lines().filter(|l| !l.contains("xmlns")) {
            let line = line.replace("api://{{BASE_HOST}}/", "");
            assert!(!line.contains("://"), "hard-coded URL: {line}");
        }
        let paths = served_paths(&template);
        for needed in [
            "taskpane.html",
            "taskpane.js",
            "functions.json",
            "assets/icon-16.png",
            "assets/icon-32.png",
            "assets/icon-64.png",
            "assets/icon-80.png",
            "index.html",
        ] {
            assert!(paths.iter().any(|p| p == needed), "{needed} in {paths:?}");
        }
    }

    #[test]
    fn template_declares_the_shared_runtime_and_custom_functions() {
        let t = repo_file(TEMPLATE);
        for needed in [
            "xsi:type=\"TaskPaneApp\"",
            "<Set Name=\"SharedRuntime\" MinVersion=\"1.1\"/>",
            "<Set Name=\"CustomFunctionsRuntime\" MinVersion=\"1.2\"/>",
            "<Runtime resid=\"Taskpane.Url\" lifetime=\"long\"/>",
            "<ExtensionPoint xsi:type=\"CustomFunctions\">",
            "<Namespace resid=\"Functions.Namespace\"/>",
            "<bt:String id=\"Functions.Namespace\" DefaultValue=\"AISM\"/>",
            "<Action xsi:type=\"ShowTaskpane\">",
            "<Permissions>ReadWriteDocument</Permissions>",
        ] {
            assert!(t.contains(needed), "template lacks {needed}");
        }
    }

    #[test]
    fn served_paths_stop_at_the_attribute_end() {
        assert_eq!(
            served_paths(
                "<a v=\"{{BASE_URL}}/a.html\"/><b>{{BASE_URL}}</b><c v=\"{{BASE_URL}}/x/y.png\"/><d v=\"{{BASE_URL}}/a.html\"/>"
            ),
            vec!["a.html".to_string(), "x/y.png".to_string()]
        );
    }

    #[test]
    fn office_client_id_defaults_and_validates() {
        assert_eq!(office_client_id(None).unwrap(), DEV_CLIENT_ID);
        assert_eq!(office_client_id(Some(" ".into())).unwrap(), DEV_CLIENT_ID);
        assert_eq!(
            office_client_id(Some("6C1E9E54-2D4F-4F53-9A55-0C3F1B7D2A10".into())).unwrap(),
            "6c1e9e54-2d4f-4f53-9a55-0c3f1b7d2a10"
        );
        assert!(office_client_id(Some("my-app".into())).is_err());
        assert!(office_client_id(Some("6c1e9e54x2d4f-4f53-9a55-0c3f1b7d2a10".into())).is_err());
    }

    #[test]
    fn public_url_defaults_and_validates() {
        assert_eq!(public_base_url(None).unwrap(), DEV_BASE_URL);
        assert_eq!(public_base_url(Some(String::new())).unwrap(), DEV_BASE_URL);
        for ok in [
            "https://addin.example.com",
            "https://localhost:3000",
            "http://localhost:3000",
            "http://localhost",
            "https://127.0.0.1:8443",
            "https://[::1]:3000",
        ] {
            assert_eq!(public_base_url(Some(ok.to_string())).unwrap(), ok);
        }
        for bad in [
            "https://addin.example.com/",
            "https://addin.example.com/app",
            "http://addin.example.com",
            "http://127.0.0.1:3000",
            "ftp://addin.example.com",
            "addin.example.com",
            "https://",
            "https://host:port",
            "https://host:",
            "https://user@host",
            "https://host?x=1",
            "https://ho\"st",
            "https://-host",
        ] {
            assert!(check_origin(bad).is_err(), "{bad} accepted");
        }
    }
}
