//! The editor's side: sign in to the desk and publish items through the News Feed
//! composer, the same form an editor submits.

use anyhow::{Context, bail, ensure};

use crate::http::{Request, Response, form, send};

/// A signed-in desk session.
pub struct Desk {
    addr: String,
    cookie: String,
    csrf: String,
}

impl Desk {
    /// Signs in with email and password, then reads the CSRF token from `/admin/`.
    pub async fn sign_in(addr: &str, email: &str, password: &str) -> anyhow::Result<Desk> {
        let page = send(addr, &Request::get("/admin/signin"), || {}).await?;
        ensure!(
            page.status == 200,
            "GET /admin/signin answered {}",
            page.status
        );
        let signin = page
            .cookie("byline_signin")
            .context("GET /admin/signin set no byline_signin cookie")?;
        // The form's token, or the cookie's value if the page has none.
        let csrf = page.hidden_input("csrf").unwrap_or(signin);
        let answer = send(
            addr,
            &Request {
                method: "POST",
                path: "/admin/signin",
                cookie: Some(&format!("byline_signin={signin}")),
                form: Some(form(&[
                    ("csrf", csrf),
                    ("email", email),
                    ("password", password),
                    ("next", "/admin/"),
                ])),
            },
            || {},
        )
        .await?;
        let Some(session) = answer
            .cookie("byline_session")
            .filter(|_| answer.status == 303)
        else {
            bail!(
                "signing in as {email} answered {} without a session: {}",
                answer.status,
                excerpt(&answer)
            );
        };
        let cookie = format!("byline_session={session}");
        let home = send(
            addr,
            &Request {
                cookie: Some(&cookie),
                ..Request::get("/admin/")
            },
            || {},
        )
        .await?;
        ensure!(home.status == 200, "GET /admin/ answered {}", home.status);
        let csrf = home
            .hidden_input("csrf")
            .context("the desk's first screen has no csrf field")?
            .to_owned();
        Ok(Desk {
            addr: addr.to_owned(),
            cookie,
            csrf,
        })
    }

    /// Publishes one item from the composer on `/admin/`. `before_write` runs right
    /// before the request is written (the send time stamp).
    pub async fn publish(&self, headline: &str, before_write: impl FnOnce()) -> anyhow::Result<()> {
        let answer = send(
            &self.addr,
            &Request {
                method: "POST",
                path: "/admin/news-feed",
                cookie: Some(&self.cookie),
                form: Some(form(&[
                    ("csrf", &self.csrf),
                    ("headline", headline),
                    ("text", "Published by the live News Feed benchmark."),
                    ("article", ""),
                    ("return_to", "/admin/"),
                ])),
            },
            before_write,
        )
        .await?;
        ensure!(
            answer.status == 303,
            "publishing {headline:?} answered {} (is the News Feed composer there?): {}",
            answer.status,
            excerpt(&answer)
        );
        Ok(())
    }
}

/// The start of a body, for error messages.
fn excerpt(response: &Response) -> String {
    response.body.chars().take(300).collect()
}
