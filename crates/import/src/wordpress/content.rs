//! WordPress post content (blocks, classic HTML, shortcodes) to Byline Markdown.
