//! The answers' outer shapes: a browse is `{"<resource>": [...], "meta": {...}}`, a
//! read the same list of one without `meta`. The rows are JSON already cut to the
//! asked-for `fields`; the description names the object they are cut from.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{
    AuthorObject, Meta, NewsletterObject, PostObject, SettingsObject, TagObject, TierObject,
};

/// A browse and a read of one resource, named as Ghost names their lists.
macro_rules! envelopes {
    ($browse:ident, $read:ident, $list:ident, $object:ty) => {
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $browse {
            #[schema(value_type = Vec<$object>)]
            pub $list: Vec<Value>,
            pub meta: Meta,
        }

        #[derive(Debug, Serialize, ToSchema)]
        pub struct $read {
            /// Exactly one.
            #[schema(value_type = Vec<$object>)]
            pub $list: Vec<Value>,
        }
    };
}

// The Admin API's envelopes are made the same way.
pub(crate) use envelopes;

envelopes!(PostsBrowse, PostsRead, posts, PostObject);
envelopes!(PagesBrowse, PagesRead, pages, PostObject);
envelopes!(TagsBrowse, TagsRead, tags, TagObject);
envelopes!(AuthorsBrowse, AuthorsRead, authors, AuthorObject);

#[derive(Debug, Serialize, ToSchema)]
pub struct NewslettersBrowse {
    #[schema(value_type = Vec<NewsletterObject>)]
    pub newsletters: Vec<Value>,
    pub meta: Meta,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TiersBrowse {
    #[schema(value_type = Vec<TierObject>)]
    pub tiers: Vec<Value>,
    pub meta: Meta,
}

/// The site's settings (every field, whatever `fields` says, as in Ghost).
#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsRead {
    pub settings: SettingsObject,
    /// Always empty.
    pub meta: EmptyMeta,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct EmptyMeta {}
