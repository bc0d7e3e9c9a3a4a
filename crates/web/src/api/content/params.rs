//! The query parameters every Content API endpoint takes, read once and checked:
//! `key`, `include`, `fields`, `formats`, `limit`, `page`, `order` and `filter`.
//! Parameters the API does not know are ignored, as Ghost ignores them (its client
//! sends `slug=` along with a read by slug).

use byline_nql::Filter;
use byline_store::Order;

use super::errors::ApiError;

/// The most rows one answer holds: `limit=all` and larger limits are cut to it, and
/// the pagination then says there is more.
pub const MAX_LIMIT: i64 = 1000;
pub const DEFAULT_LIMIT: i64 = 15;
/// Deeper pages than this are refused (a million pages of one row each).
const MAX_PAGE: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows(i64),
    All,
}

impl Limit {
    /// Rows to read for one page.
    pub fn rows(self) -> i64 {
        match self {
            Limit::Rows(n) => n.min(MAX_LIMIT),
            Limit::All => MAX_LIMIT,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Params {
    pub key: Option<String>,
    /// Known includes only, sorted, without repeats.
    pub include: Vec<&'static str>,
    /// Empty: every field.
    pub fields: Vec<String>,
    pub html: bool,
    pub plaintext: bool,
    pub limit: Limit,
    pub page: i64,
    pub order: Vec<Order>,
    pub filter: Option<Filter>,
}

impl Params {
    /// Reads `query` for a resource that can include `includes` (`primary_author`
    /// and `primary_tag` come with `authors` and `tags`).
    pub fn parse(query: Option<&str>, includes: &[&'static str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|_| {
                ApiError::bad_request(
                    "The query string could not be read.",
                    "Write parameters as name=value pairs joined by &, with values percent-encoded.",
                )
            })?;
        let mut params = Params {
            key: None,
            include: Vec::new(),
            fields: Vec::new(),
            html: true,
            plaintext: false,
            limit: Limit::Rows(DEFAULT_LIMIT),
            page: 1,
            order: Vec::new(),
            filter: None,
        };
        for (name, value) in pairs {
            match name.as_str() {
                "key" => params.key = Some(value),
                "include" => params.include = parse_include(&value, includes)?,
                "fields" => params.fields = list(&value).map(str::to_owned).collect(),
                "formats" => {
                    let formats: Vec<&str> = list(&value).collect();
                    params.html = formats.is_empty() || formats.contains(&"html");
                    params.plaintext = formats.contains(&"plaintext");
                }
                "limit" => params.limit = parse_limit(&value)?,
                "page" => params.page = parse_page(&value)?,
                "order" => params.order = parse_order(&value)?,
                "filter" if value.trim().is_empty() => params.filter = None,
                "filter" => {
                    params.filter = Some(byline_nql::parse(&value).map_err(|e| {
                        ApiError::bad_request("The filter could not be read.", e.message)
                    })?)
                }
                _ => {}
            }
        }
        Ok(params)
    }

    pub fn includes(&self, name: &str) -> bool {
        self.include.contains(&name)
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.limit.rows())
    }

    /// The parameters that shape the answer, written the same way whatever order or
    /// spelling they came in: the page cache's key (the API key is not in it).
    pub fn canonical(&self) -> String {
        let order: Vec<String> = self
            .order
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o.property,
                    if o.descending { "desc" } else { "asc" }
                )
            })
            .collect();
        let limit = match self.limit {
            Limit::Rows(n) => n.min(MAX_LIMIT).to_string(),
            Limit::All => "all".to_owned(),
        };
        let filter = self
            .filter
            .as_ref()
            .map(|f| f.to_string())
            .unwrap_or_default();
        format!(
            "include={}&fields={}&html={}&plaintext={}&limit={limit}&page={}&order={}&filter={filter}",
            self.include.join(","),
            self.fields.join(","),
            self.html,
            self.plaintext,
            self.page,
            order.join(","),
        )
    }
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

fn parse_include(value: &str, known: &[&'static str]) -> Result<Vec<&'static str>, ApiError> {
    let mut include = Vec::new();
    for name in list(value) {
        let name = match name {
            "primary_author" => "authors",
            "primary_tag" => "tags",
            other => other,
        };
        let Some(found) = known.iter().find(|k| **k == name) else {
            return Err(ApiError::bad_request(
                "The include parameter names something this resource cannot include.",
                format!(
                    "'{name}' cannot be included here; this resource can include {}",
                    if known.is_empty() {
                        "nothing".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        };
        include.push(*found);
    }
    include.sort_unstable();
    include.dedup();
    Ok(include)
}

fn parse_limit(value: &str) -> Result<Limit, ApiError> {
    if value == "all" {
        return Ok(Limit::All);
    }
    match value.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(Limit::Rows(n.min(MAX_LIMIT))),
        _ => Err(ApiError::bad_request(
            "The limit parameter must be a whole number from 1, or 'all'.",
            format!(
                "limit was '{}'; at most {MAX_LIMIT} rows come in one answer",
                shorten(value)
            ),
        )),
    }
}

fn parse_page(value: &str) -> Result<i64, ApiError> {
    match value.parse::<i64>() {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(
            "The page parameter must be a whole number from 1.",
            format!("page was '{}'", shorten(value)),
        )),
    }
}

/// `published_at desc, title` → two keys; the direction is `asc` unless it says `desc`.
fn parse_order(value: &str) -> Result<Vec<Order>, ApiError> {
    let mut order = Vec::new();
    for key in list(value) {
        let mut words = key.split_whitespace();
        let property = words.next().unwrap_or_default().to_owned();
        let descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                return Err(ApiError::bad_request(
                    "The order parameter could not be read.",
                    format!(
                        "'{}': write a property and then asc or desc, e.g. 'published_at desc'",
                        shorten(key)
                    ),
                ));
            }
        };
        if words.next().is_some() || order.len() >= 5 {
            return Err(ApiError::bad_request(
                "The order parameter could not be read.",
                "Write up to five keys, each a property and then asc or desc, separated by commas.",
            ));
        }
        order.push(Order {
            property,
            descending,
        });
    }
    Ok(order)
}

/// A client's text, cut short for an error message.
fn shorten(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSTS: &[&str] = &["authors", "tags"];

    #[test]
    fn defaults_and_spellings_come_out_the_same() {
        let plain = Params::parse(Some("key=abc"), POSTS).unwrap();
        assert_eq!(plain.limit, Limit::Rows(15));
        assert_eq!(plain.page, 1);
        assert!(plain.html && !plain.plaintext);
        let a = Params::parse(
            Some("include=tags,authors&filter=tag:news%2Bfeatured:true"),
            POSTS,
        )
        .unwrap();
        let c = Params::parse(
            Some("include=primary_tag,authors&filter=tag:news%2Bfeatured:true"),
            POSTS,
        )
        .unwrap();
        assert_eq!(a.canonical(), c.canonical());
    }

    #[test]
    fn bad_values_are_refused_with_what_to_write() {
        for query in [
            "limit=0",
            "limit=-3",
            "limit=ten",
            "page=0",
            "page=99999999999",
            "order=title%20sideways",
            "include=comments",
            "filter=tag:(",
            "filter=%25%25%25",
        ] {
            let error = Params::parse(Some(query), POSTS).unwrap_err();
            assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST, "{query}");
        }
    }

    #[test]
    fn large_limits_are_cut_to_the_cap() {
        let params = Params::parse(Some("limit=5000&page=3"), POSTS).unwrap();
        assert_eq!(params.limit.rows(), MAX_LIMIT);
        assert_eq!(params.offset(), 2 * MAX_LIMIT);
        assert_eq!(
            Params::parse(Some("limit=all"), POSTS).unwrap().limit,
            Limit::All
        );
    }
}
