//! A signed-in desk session for tests: staff accounts made directly in the
//! database, then signed in through the real sign-in form, and requests that carry
//! the session cookie and the session's CSRF token like a browser would.

use byline_core::{EmailAddress, PostId, Role};
use byline_store::NewUser;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use sha2::{Digest, Sha256};

use crate::helpers::{Page, TestApp};

pub const PASSWORD: &str = "correct horse battery staple";

pub struct Desk<'a> {
    pub app: &'a TestApp,
    pub user_id: i64,
    pub cookie: String,
    pub csrf: String,
}

/// A raw response: status, headers and body.
pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub html: String,
}

impl Answer {
    async fn from(response: reqwest::Response) -> Answer {
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let set_cookies = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        Answer {
            status,
            location,
            set_cookies,
            html: response.text().await.unwrap(),
        }
    }

    pub fn page(&self) -> Page {
        Page {
            status: self.status,
            html: self.html.clone(),
        }
    }
}

/// The value of cookie `name` among `Set-Cookie` headers.
pub fn cookie_value(set_cookies: &[String], name: &str) -> Option<String> {
    set_cookies.iter().find_map(|c| {
        let first = c.split(';').next()?;
        let (key, value) = first.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

impl TestApp {
    /// Adds a staff member with [`PASSWORD`].
    pub async fn add_staff(&self, email: &str, role: Role) -> i64 {
        let hash = byline_web::hash_password(PASSWORD.into()).await.unwrap();
        self.db
            .create_user(&NewUser {
                email: EmailAddress::parse(email).unwrap(),
                name: format!("{} {}", role.label(), email.split('@').next().unwrap()),
                role,
                password_hash: Some(hash),
            })
            .await
            .unwrap()
            .id
    }

    /// Posts the sign-in form as a browser would (form token from the page's cookie).
    pub async fn sign_in_attempt(&self, email: &str, password: &str) -> Answer {
        let form = Answer::from(
            self.raw
                .get(self.url("/admin/signin"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let token = cookie_value(&form.set_cookies, "byline_signin")
            .expect("the sign-in form sets its token cookie");
        let response = self
            .raw
            .post(self.url("/admin/signin"))
            .header(COOKIE, format!("byline_signin={token}"))
            .form(&[
                ("csrf", token.as_str()),
                ("email", email),
                ("password", password),
                ("next", "/admin/"),
            ])
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }

    /// A staff member of `role`, signed in.
    pub async fn desk(&self, role: Role) -> Desk<'_> {
        let email = format!("{}-{}@ledger.example", role.as_str(), self.next_id());
        let user_id = self.add_staff(&email, role).await;
        self.sign_in_as(&email, user_id).await
    }

    pub async fn sign_in_as(&self, email: &str, user_id: i64) -> Desk<'_> {
        let answer = self.sign_in_attempt(email, PASSWORD).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            answer.html
        );
        let token = cookie_value(&answer.set_cookies, "byline_session").expect("a session cookie");
        let hash: String = Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let csrf: String =
            sqlx::query_scalar("SELECT csrf_token FROM sessions WHERE token_hash = $1")
                .bind(hash)
                .fetch_one(self.db.pool())
                .await
                .unwrap();
        Desk {
            app: self,
            user_id,
            cookie: format!("byline_session={token}"),
            csrf,
        }
    }

    fn next_id(&self) -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        NEXT.fetch_add(1, Ordering::Relaxed)
    }
}

impl Desk<'_> {
    pub async fn get(&self, path: &str) -> Answer {
        let response = self
            .app
            .raw
            .get(self.app.url(path))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }

    /// Posts a urlencoded form with this session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly `fields` (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let response = self
            .app
            .raw
            .post(self.app.url(path))
            .header(COOKIE, &self.cookie)
            .form(fields)
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }

    /// Posts a multipart form (the post editor, uploads) with the CSRF token, and an
    /// optional file as `(field, file name, bytes)`.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> Answer {
        self.post_files(path, fields, file.into_iter().collect())
            .await
    }

    /// Posts a multipart form with several files, each `(field, file name, bytes)`.
    pub async fn post_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: Vec<(&str, &str, Vec<u8>)>,
    ) -> Answer {
        let mut form = reqwest::multipart::Form::new().text("csrf", self.csrf.clone());
        for (key, value) in fields {
            form = form.text(key.to_string(), value.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_owned(),
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let response = self
            .app
            .raw
            .post(self.app.url(path))
            .header(COOKIE, &self.cookie)
            .multipart(form)
            .send()
            .await
            .unwrap();
        Answer::from(response).await
    }

    /// Creates a post through the editor and returns its id.
    pub async fn create_post(&self, fields: &[(&str, &str)]) -> PostId {
        let answer = self.post_multipart("/admin/posts", fields, None).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "creating a post failed: {}",
            answer.html
        );
        post_id_from(answer.location.as_deref().unwrap())
    }

    /// The post's current revision number, as the editor form would carry it.
    pub async fn revision_of(&self, post_id: PostId) -> String {
        self.app
            .db
            .desk_post(post_id)
            .await
            .unwrap()
            .unwrap()
            .revision
            .to_string()
    }
}

pub fn post_id_from(location: &str) -> PostId {
    location
        .trim_start_matches("/admin/posts/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
