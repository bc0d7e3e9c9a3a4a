//! Content API keys: `?key=` must be one of this site's integrations' keys.
//!
//! A key found in the database is remembered for [`REMEMBER_FOR`], so cached answers
//! are served without a query per request. Deleting an integration or regenerating
//! its keys forgets them on the node that did it at once, and on other nodes within
//! that time. Unknown keys are never remembered (nothing to fill memory with).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use byline_store::ContentKey;

use super::errors::ApiError;
use crate::state::SharedState;

pub const REMEMBER_FOR: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct KnownKeys {
    /// Key digest → when it was last found in the database.
    found: Mutex<HashMap<String, Instant>>,
}

impl KnownKeys {
    fn recently_found(&self, digest: &str) -> bool {
        let found = self.found.lock().expect("known keys lock");
        found
            .get(digest)
            .is_some_and(|at| at.elapsed() < REMEMBER_FOR)
    }

    fn remember(&self, digest: String) {
        let mut found = self.found.lock().expect("known keys lock");
        found.retain(|_, at| at.elapsed() < REMEMBER_FOR);
        found.insert(digest, Instant::now());
    }

    /// Forgets every key (an integration was deleted or given new keys here).
    pub fn forget_all(&self) {
        self.found.lock().expect("known keys lock").clear();
    }
}

/// Checks the request's key; the error says whether it was missing or wrong.
pub async fn check(state: &SharedState, key: Option<&str>) -> Result<(), ApiError> {
    let Some(raw) = key.filter(|k| !k.is_empty()) else {
        return Err(ApiError::no_key());
    };
    let Some(key) = ContentKey::parse(raw) else {
        return Err(ApiError::unknown_key());
    };
    let digest = key.digest();
    if state.content_keys.recently_found(&digest) {
        return Ok(());
    }
    match state.db.integration_by_content_key(&key).await? {
        Some(_) => {
            state.content_keys.remember(digest);
            Ok(())
        }
        None => Err(ApiError::unknown_key()),
    }
}
