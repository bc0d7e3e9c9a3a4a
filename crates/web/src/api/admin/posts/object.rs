//! The Admin API's post object: the Content API's, with its status, which only
//! staff see. The Admin API shows tags and authors without being asked, as
//! Ghost's does.

use byline_core::Post;
use serde_json::Value;

use crate::api::admin::objects::AdminPostObject;
use crate::api::content::objects::{self, PostExtras};
use crate::api::content::params::Params;

/// The post as the Admin API shows it; `path` is its address inside its edition.
pub fn post(post: &Post, params: &Params, site_url: &str, path: String) -> Value {
    let extras = PostExtras {
        site_url,
        path,
        audio_path: None,
    };
    let object = AdminPostObject {
        post: objects::post(post, params, &extras),
        status: post.summary.status.as_str().to_owned(),
    };
    objects::only_fields(object, params)
}
