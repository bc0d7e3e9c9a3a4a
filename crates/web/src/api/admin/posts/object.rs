//! The Admin API's post object: the Content API's, with its status, which only
//! staff see. The Admin API shows tags and authors without being asked, as
//! Ghost's does.

use byline_core::Post;
use serde::Serialize;
use serde_json::Value;

use crate::api::content::objects::{self, PostExtras, PostObject};
use crate::api::content::params::Params;

#[derive(Debug, Serialize)]
pub struct AdminPostObject {
    #[serde(flatten)]
    pub post: PostObject,
    /// `draft`, `published` or `scheduled`.
    pub status: &'static str,
}

pub fn post(post: &Post, params: &Params, site_url: &str) -> Value {
    let extras = PostExtras {
        site_url,
        audio_path: None,
    };
    let object = AdminPostObject {
        post: objects::post(post, params, &extras),
        status: post.summary.status.as_str(),
    };
    objects::only_fields(object, params)
}
