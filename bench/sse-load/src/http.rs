//! Just enough HTTP/1.1 for this tool, over plain `TcpStream`s: one request per
//! connection (`Connection: close`) for the desk and the probes, and the pieces the
//! event streams need (the response head, chunked bodies as they arrive).
//!
//! A general client crate would hide what we measure (pools, buffering, retries);
//! this one does exactly one write and reads until the server closes.

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A request for [`send`]: a GET, or a POST of a form.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub cookie: Option<&'a str>,
    /// `application/x-www-form-urlencoded` body (see [`form`]).
    pub form: Option<String>,
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        Request {
            method: "GET",
            path,
            cookie: None,
            form: None,
        }
    }
}

/// A whole response, body de-chunked.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first `name=value` of each `Set-Cookie`, attributes dropped.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, value)| value.split(';').next()?.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// The value of the first `<input ... name="NAME" value="...">` in the body:
    /// how the desk hands out its CSRF token.
    pub fn hidden_input(&self, name: &str) -> Option<&str> {
        let marker = format!("name=\"{name}\"");
        self.body.split("<input").skip(1).find_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            if !tag.contains(&marker) {
                return None;
            }
            let value = &tag[tag.find("value=\"")? + 7..];
            Some(&value[..value.find('"')?])
        })
    }
}

/// Sends one request on a new connection and reads the whole answer. `before_write`
/// runs once the connection is open, right before the request is written: the
/// publisher stamps its send time there, so connecting is not counted as latency.
pub async fn send(
    addr: &str,
    request: &Request<'_>,
    before_write: impl FnOnce(),
) -> anyhow::Result<Response> {
    let mut text = format!(
        "{} {} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: byline-sse-load\r\nConnection: close\r\n",
        request.method, request.path
    );
    if let Some(cookie) = request.cookie {
        text.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some(body) = &request.form {
        text.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ));
    } else {
        text.push_str("\r\n");
    }
    let mut socket = TcpStream::connect(addr)
        .await
        .with_context(|| format!("while connecting to {addr}"))?;
    before_write();
    socket.write_all(text.as_bytes()).await?;
    let mut raw = Vec::new();
    socket.read_to_end(&mut raw).await.with_context(|| {
        format!(
            "while reading the answer to {} {}",
            request.method, request.path
        )
    })?;
    let Some(head) = Head::parse(&raw)? else {
        bail!(
            "{} {}: the server closed before a whole response head",
            request.method,
            request.path
        );
    };
    let rest = &raw[head.len..];
    let body = if head.chunked {
        let mut body = Vec::new();
        Chunked::default().push(rest, &mut body)?;
        body
    } else {
        let length = head.content_length.unwrap_or(rest.len()).min(rest.len());
        rest[..length].to_vec()
    };
    Ok(Response {
        status: head.status,
        headers: head.headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A parsed status line and headers.
pub struct Head {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Bytes taken by the head, blank line included.
    pub len: usize,
    pub chunked: bool,
    pub content_length: Option<usize>,
}

impl Head {
    /// Parses the head at the start of `raw`, or `None` if it has not all arrived.
    pub fn parse(raw: &[u8]) -> anyhow::Result<Option<Head>> {
        let Some(end) = find(raw, b"\r\n\r\n") else {
            return Ok(None);
        };
        let text = std::str::from_utf8(&raw[..end]).context("a response head that is not UTF-8")?;
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .with_context(|| format!("not an HTTP status line: {status_line:?}"))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
            .collect();
        let value = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let chunked = value("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        let content_length = value("content-length").and_then(|v| v.parse().ok());
        Ok(Some(Head {
            status,
            len: end + 4,
            chunked,
            content_length,
            headers,
        }))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Undoes `Transfer-Encoding: chunked` as bytes arrive. A chunk is passed on only
/// once it is complete; the server writes each event as one chunk, so waiting for
/// the whole chunk delays nothing.
#[derive(Debug, Default)]
pub struct Chunked {
    pending: Vec<u8>,
    /// The last (empty) chunk has arrived: the server ended the body.
    pub done: bool,
}

impl Chunked {
    /// Adds bytes from the socket and appends the data of every complete chunk to `out`.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) -> anyhow::Result<()> {
        self.pending.extend_from_slice(input);
        let mut at = 0;
        while !self.done {
            let Some(line_end) = find(&self.pending[at..], b"\r\n") else {
                break;
            };
            let line = std::str::from_utf8(&self.pending[at..at + line_end])?;
            let size_hex = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_hex, 16)
                .with_context(|| format!("not a chunk size: {line:?}"))?;
            if size == 0 {
                self.done = true;
                break;
            }
            let data = at + line_end + 2;
            if self.pending.len() < data + size + 2 {
                break;
            }
            out.extend_from_slice(&self.pending[data..data + size]);
            at = data + size + 2;
        }
        self.pending.drain(..at);
        Ok(())
    }
}

/// Where `needle` first starts in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Encodes form fields as `application/x-www-form-urlencoded`.
pub fn form(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_split_across_reads_come_out_whole() {
        let mut chunked = Chunked::default();
        let mut out = Vec::new();
        chunked.push(b"5\r\nhel", &mut out).unwrap();
        assert!(out.is_empty());
        chunked
            .push(b"lo\r\n3;x=1\r\n wo\r\n0\r\n\r\n", &mut out)
            .unwrap();
        assert_eq!(out, b"hello wo");
        assert!(chunked.done);
    }

    #[test]
    fn forms_escape_everything_but_plain_characters() {
        assert_eq!(
            form(&[("email", "a@b.example"), ("headline", "Bench item 7")]),
            "email=a%40b.example&headline=Bench+item+7"
        );
    }

    #[test]
    fn cookies_and_hidden_inputs_are_found() {
        let response = Response {
            status: 200,
            headers: vec![(
                "Set-Cookie".into(),
                "byline_signin=abc; Path=/; HttpOnly".into(),
            )],
            body:
                r#"<form><input type="hidden" name="csrf" value="t0k"><input name="email"></form>"#
                    .into(),
        };
        assert_eq!(response.cookie("byline_signin"), Some("abc"));
        assert_eq!(response.hidden_input("csrf"), Some("t0k"));
        assert_eq!(response.hidden_input("next"), None);
    }
}
