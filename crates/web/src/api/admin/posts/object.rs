//! The Admin API's post object: the Content API's, with its status, which only
//! staff see. The Admin API shows tags and authors without being asked, as
//! Ghost's does.

use byline_core::Post;
use serde_json::Value;

use crate::api::admin::objects::AdminPostObject;
use crate::api::content::objects::{self, PostExtras};
use crate::api::content::params::Params;

pub fn post(post: &Post, params: &Params, site_url: &str) -> Value {
    let extras = PostExtras {
        site_url,
        // The address without an edition's prefix: for an article of another edition
        // it redirects to the one with it.
        path: format!("/{}/", post.summary.slug),
        audio_path: None,
    };
    let object = AdminPostObject {
        post: objects::post(post, params, &extras),
        status: post.summary.status.as_str().to_owned(),
    };
    objects::only_fields(object, params)
}
