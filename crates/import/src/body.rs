//! An article body converted from another platform's format.

/// A converted body: Byline Markdown (raw HTML allowed where Markdown has no
/// equivalent; it is sanitized when rendered), the images it shows, and what could
/// not be carried over faithfully.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// Byline Markdown. Image addresses are left as the source wrote them (for
    /// example `__GHOST_URL__/content/images/2024/05/pier.jpg` or
    /// `https://example.org/wp-content/uploads/2024/05/pier.jpg`): the importer
    /// rewrites them once the files are copied.
    pub markdown: String,
    /// Every image address the Markdown contains, in order of appearance, each once.
    pub images: Vec<String>,
    /// What had no faithful equivalent, in words an editor understands ("an unknown
    /// card 'product' was kept as HTML", "shortcode [contact-form] left as text").
    pub problems: Vec<String>,
}

impl Body {
    /// Records an image address once.
    pub fn saw_image(&mut self, url: &str) {
        if !url.is_empty() && !self.images.iter().any(|seen| seen == url) {
            self.images.push(url.to_owned());
        }
    }

    pub fn problem(&mut self, problem: impl Into<String>) {
        self.problems.push(problem.into());
    }
}
