//! The web crate's shared kit: what every part of the site needs and no part owns.
//! It imports no feature (public pages, desk, newsletters, News Feed, feeds,
//! narration); they import it, and the public site and the desk never import each
//! other.
//!
//! - [`session`]: who is asking (session cookies, CSRF, passwords, the `Staff`
//!   extractor);
//! - [`forms`]: reading a form (multipart, limits) and its field errors;
//! - [`errors`]: the one error type at the HTTP edge and what each cause means;
//! - [`serve`]: answering with a theme page, cached or fresh, and the 404/500 pages;
//! - [`cache`] and [`http`]: the page cache and conditional, compressed answers;
//! - [`theme`]: loading and rendering the theme's templates;
//! - [`translate`]: the theme's translations and the `t()` templates call;
//! - [`edition`]: which edition a request reads (its prefix), and keeping an edition's
//!   links inside it;
//! - [`cards`]: related-article cards inside a body, for the article and its preview;
//! - [`section_names`]: sections as the edition being read names them;
//! - [`signup_box`]: the newsletter signup box on theme pages, and the one-time
//!   answer to a signup written into a cached page;
//! - [`security`]: the headers every answer carries.

pub mod cache;
pub mod cards;
pub mod edition;
pub mod errors;
pub mod forms;
pub mod http;
pub mod section_names;
pub mod security;
pub mod serve;
pub mod session;
pub mod signup_box;
pub mod theme;
pub mod translate;
