//! Embedded players and posts. Byline shows no frames, so an embed becomes a link to
//! the page it showed: the player's address is turned back into the page's.

/// The page an embedded frame shows, for the players newsrooms embed most:
/// YouTube (`/embed/ID` to `watch?v=ID`), Vimeo (`player.vimeo.com/video/ID` to
/// `vimeo.com/ID`) and X (`platform.twitter.com/embed/Tweet.html?id=ID`). `None` for
/// any other frame.
pub(crate) fn page_for_frame(src: &str) -> Option<String> {
    let address = Address::parse(src)?;
    match address.host.as_str() {
        "youtube.com" | "youtube-nocookie.com" => {
            let rest = address
                .path
                .strip_prefix("/embed/")
                .or_else(|| address.path.strip_prefix("/v/"))?;
            let id = rest.split('/').next().unwrap_or("");
            if id == "videoseries" {
                let list = address.query_value("list").filter(|l| is_token(l))?;
                return Some(format!("https://www.youtube.com/playlist?list={list}"));
            }
            if !is_token(id) {
                return None;
            }
            let start = address
                .query_value("start")
                .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
            Some(match start {
                Some(seconds) => format!("https://www.youtube.com/watch?v={id}&t={seconds}s"),
                None => format!("https://www.youtube.com/watch?v={id}"),
            })
        }
        "player.vimeo.com" => {
            let id = address.path.strip_prefix("/video/")?.split('/').next()?;
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Unlisted videos need their hash in the page's address too.
            match address.query_value("h").filter(|h| is_token(h)) {
                Some(hash) => Some(format!("https://vimeo.com/{id}/{hash}")),
                None => Some(format!("https://vimeo.com/{id}")),
            }
        }
        "platform.twitter.com" if address.path.starts_with("/embed/") => {
            let id = address
                .query_value("id")
                .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))?;
            Some(format!("https://x.com/i/status/{id}"))
        }
        _ => None,
    }
}

/// Whether a bare address on a line of its own is one WordPress shows as an embed
/// (YouTube, Vimeo, X): those become links rather than plain text.
pub(crate) fn is_embeddable_page(url: &str) -> bool {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://"))
        || url.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
    {
        return false;
    }
    let Some(address) = Address::parse(url) else {
        return false;
    };
    let provider = matches!(
        address.host.as_str(),
        "youtube.com" | "youtu.be" | "vimeo.com" | "twitter.com" | "x.com"
    );
    provider && address.path.len() > 1
}

/// The host (lower case, without `www.`, `m.` or `mobile.`), path and query of an
/// `http(s)://` or protocol-relative address.
struct Address<'a> {
    host: String,
    path: &'a str,
    query: &'a str,
}

impl<'a> Address<'a> {
    fn parse(url: &'a str) -> Option<Self> {
        let url = url.trim();
        let rest = ["https://", "http://", "//"].iter().find_map(|scheme| {
            let head = url.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| &url[scheme.len()..])
        })?;
        let rest = rest.split('#').next().unwrap_or("");
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority.rsplit('@').next().unwrap_or("");
        let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
        let host = ["www.", "m.", "mobile."]
            .iter()
            .find_map(|prefix| host.strip_prefix(prefix))
            .map(str::to_owned)
            .unwrap_or(host);
        if host.is_empty() {
            return None;
        }
        let (path, query) = rest[end..].split_once('?').unwrap_or((&rest[end..], ""));
        Some(Address { host, path, query })
    }

    fn query_value(&self, name: &str) -> Option<&'a str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}

/// Video, playlist and hash ids: letters, digits, `-` and `_`.
fn is_token(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The host an address names, for messages ("maps.example.org").
pub(crate) fn host_of(url: &str) -> Option<String> {
    Address::parse(url).map(|address| address.host)
}

/// A frame's address made absolute (`//host/…` to `https://host/…`).
pub(crate) fn absolute(src: &str) -> String {
    let src = src.trim();
    match src.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => src.to_owned(),
    }
}
