//! Ghost editor documents (Lexical, Mobiledoc) to Byline Markdown.
