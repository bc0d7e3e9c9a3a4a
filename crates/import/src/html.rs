//! HTML to Byline Markdown (WordPress bodies, Ghost posts stored only as HTML).

use crate::Body;

/// Appends `html` to `body` as Markdown: paragraphs, headings, lists, quotes, links,
/// emphasis and code as Markdown; figures, tables and anything without a Markdown
/// form as HTML blocks (sanitized when rendered). Images are recorded with
/// [`Body::saw_image`].
pub fn to_markdown(html: &str, body: &mut Body) {
    // Placeholder until the converter lands: the HTML kept as one block.
    let block: String = html
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if !block.is_empty() {
        if !body.markdown.is_empty() {
            body.markdown.push_str("\n\n");
        }
        body.markdown.push_str(&block);
    }
}
