use byline_core::markdown::{check, render};

use super::*;

/// The export's attachments, as the reader would look them up.
fn library(id: u64) -> Option<AttachmentRef> {
    match id {
        12 => Some(AttachmentRef {
            url: "https://news.example/up/pier.jpg".into(),
            alt: "The pier".into(),
            caption: Some("Pier at dawn".into()),
        }),
        13 => Some(AttachmentRef {
            url: "https://news.example/up/gulls.jpg".into(),
            alt: "Gulls".into(),
            caption: None,
        }),
        _ => None,
    }
}

fn convert(content: &str) -> Body {
    to_body(content, &library)
}

fn markdown(content: &str) -> String {
    let body = convert(content);
    assert!(body.problems.is_empty(), "{:?}", body.problems);
    body.markdown
}

fn block(name: &str, attrs: &str, html: &str) -> String {
    let attrs = if attrs.is_empty() {
        String::new()
    } else {
        format!(" {attrs}")
    };
    format!("<!-- wp:{name}{attrs} -->\n{html}\n<!-- /wp:{name} -->\n\n")
}

// Blocks

#[test]
fn paragraph_and_heading_blocks() {
    let content = block(
        "paragraph",
        "",
        "<p>The council met on <strong>Tuesday</strong>.</p>",
    ) + &block(
        "heading",
        r#"{"level":3}"#,
        r#"<h3 class="wp-block-heading">Budget</h3>"#,
    ) + &block("heading", "", "<h1>Top</h1>");
    assert_eq!(
        markdown(&content),
        "The council met on **Tuesday**.\n\n### Budget\n\n## Top"
    );
}

#[test]
fn an_image_block_keeps_its_caption_through_rendering() {
    let body = convert(&block(
        "image",
        r#"{"id":12,"sizeSlug":"large"}"#,
        r#"<figure class="wp-block-image size-large"><img src="https://news.example/up/hall.jpg" alt="The hall" class="wp-image-12"/><figcaption class="wp-element-caption">The hall at <em>night</em></figcaption></figure>"#,
    ));
    assert_eq!(
        body.markdown,
        "<figure>\n<img src=\"https://news.example/up/hall.jpg\" alt=\"The hall\">\n\
         <figcaption>The hall at <em>night</em></figcaption>\n</figure>"
    );
    assert_eq!(body.images, vec!["https://news.example/up/hall.jpg"]);
    let page = render(&body.markdown).html;
    assert!(
        page.contains("<figcaption>The hall at <em>night</em></figcaption>"),
        "{page}"
    );
}

#[test]
fn a_gallery_block_keeps_its_images_and_captions() {
    let inner = block(
        "image",
        r#"{"id":12}"#,
        r#"<figure class="wp-block-image"><img src="/up/one.jpg" alt="One"/><figcaption class="wp-element-caption">First</figcaption></figure>"#,
    ) + &block(
        "image",
        r#"{"id":13}"#,
        r#"<figure class="wp-block-image"><img src="/up/two.jpg" alt="Two"/></figure>"#,
    );
    let body = convert(&block(
        "gallery",
        r#"{"linkTo":"none"}"#,
        &format!(r#"<figure class="wp-block-gallery has-nested-images">{inner}</figure>"#),
    ));
    assert_eq!(
        body.markdown,
        "<figure>\n<figure><img src=\"/up/one.jpg\" alt=\"One\"><figcaption>First</figcaption></figure>\n\
         <img src=\"/up/two.jpg\" alt=\"Two\">\n</figure>"
    );
    assert_eq!(body.images, vec!["/up/one.jpg", "/up/two.jpg"]);
}

#[test]
fn a_gallery_block_saved_with_only_ids_uses_the_attachments() {
    let saved_empty = convert(&block("gallery", r#"{"ids":[12,13,99]}"#, ""));
    let self_closing = convert("<!-- wp:gallery {\"ids\":[12,13,99]} /-->\n");
    assert_eq!(saved_empty, self_closing);
    let body = saved_empty;
    assert_eq!(
        body.markdown,
        "<figure>\n<figure><img src=\"https://news.example/up/pier.jpg\" alt=\"The pier\">\
         <figcaption>Pier at dawn</figcaption></figure>\n\
         <img src=\"https://news.example/up/gulls.jpg\" alt=\"Gulls\">\n</figure>"
    );
    assert_eq!(
        body.problems,
        vec!["gallery image 99 is not in the export and was left out"]
    );
}

#[test]
fn quote_list_and_table_blocks() {
    let list = block(
        "list",
        "",
        &format!(
            "<ul>{}{}</ul>",
            block("list-item", "", "<li>Roads</li>"),
            block(
                "list-item",
                "",
                &format!(
                    "<li>Schools{}</li>",
                    block("list", "", "<ul><li>Primary</li></ul>")
                )
            )
        ),
    );
    let content = block(
        "quote",
        "",
        r#"<blockquote class="wp-block-quote"><p>We will build.</p><cite>The mayor</cite></blockquote>"#,
    ) + &list
        + &block(
            "table",
            "",
            r#"<figure class="wp-block-table"><table><tbody><tr><td>Roads</td><td>£4m</td></tr></tbody></table><figcaption>Spending</figcaption></figure>"#,
        );
    assert_eq!(
        markdown(&content),
        "> We will build.\n>\n> *The mayor*\n\n- Roads\n- Schools\n  - Primary\n\n\
         <table>\n<tbody>\n<tr><td>Roads</td><td>£4m</td></tr>\n</tbody>\n</table>\n\n*Spending*"
    );
}

#[test]
fn embed_blocks_become_links_to_their_pages() {
    let content = block(
        "embed",
        r#"{"url":"https://www.youtube.com/watch?v=abc123","type":"video","providerNameSlug":"youtube"}"#,
        "<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\n\
         https://www.youtube.com/watch?v=abc123\n</div><figcaption>The debate</figcaption></figure>",
    ) + &block(
        "core-embed/twitter",
        "",
        "<figure class=\"wp-block-embed-twitter\"><div class=\"wp-block-embed__wrapper\">\n\
         https://twitter.com/someone/status/123\n</div></figure>",
    );
    let body = convert(&content);
    assert_eq!(
        body.markdown,
        "<https://www.youtube.com/watch?v=abc123>\n\n*The debate*\n\n<https://twitter.com/someone/status/123>"
    );
    assert!(body.problems.is_empty(), "{:?}", body.problems);
}

#[test]
fn a_verse_block_keeps_its_lines_as_a_paragraph() {
    assert_eq!(
        markdown(&block(
            "verse",
            "",
            "<pre class=\"wp-block-verse\">The tide goes out\nthe gulls stay</pre>"
        )),
        "The tide goes out\\\nthe gulls stay"
    );
}

#[test]
fn a_paragraph_holding_only_a_player_address_becomes_a_link() {
    assert_eq!(
        markdown(&block("paragraph", "", "<p>https://vimeo.com/76979871</p>")),
        "<https://vimeo.com/76979871>"
    );
}

#[test]
fn more_separator_and_freeform_text() {
    let content = format!(
        "Text before any block\nwith a break.\n\n{}{}{}",
        block("more", "", "<!--more-->"),
        block("separator", "", r#"<hr class="wp-block-separator"/>"#),
        block("paragraph", "", "<p>After.</p>"),
    ) + "<!--nextpage-->";
    assert_eq!(
        markdown(&content),
        "Text before any block\\\nwith a break.\n\n---\n\nAfter."
    );
}

#[test]
fn an_html_block_loses_its_scripts_and_handlers() {
    let body = convert(&block(
        "html",
        "",
        r#"<div onclick="steal()"><p>Poll results</p><script>track()</script></div>"#,
    ));
    assert_eq!(body.markdown, "Poll results");
    assert_eq!(
        body.problems,
        vec!["a script was left out (Byline runs no scripts in articles)"]
    );
    let page = render(&body.markdown).html;
    assert!(
        !page.contains("<script") && !page.contains("onclick"),
        "{page}"
    );
}

#[test]
fn a_shortcode_block_is_expanded() {
    assert_eq!(
        markdown(&block(
            "shortcode",
            "",
            "[embed]https://vimeo.com/123[/embed]"
        )),
        "<https://vimeo.com/123>"
    );
}

#[test]
fn blocks_built_when_the_page_is_shown_are_reported() {
    let body = convert(
        "<!-- wp:latest-posts {\"postsToShow\":3} /-->\n<!-- wp:block {\"ref\":88} /-->\n\
         <!-- wp:footnotes /-->\n<!-- wp:spacer /-->\n<!-- wp:latest-posts /-->",
    );
    assert_eq!(body.markdown, "");
    assert_eq!(
        body.problems,
        vec![
            "the block \"latest-posts\" is built by WordPress when a page is shown and was left out",
            "reusable block 88 is kept outside the post and was left out",
            "the footnotes are kept outside the post's text and were left out",
        ]
    );
}

// Classic content

#[test]
fn classic_text_becomes_paragraphs_and_line_breaks() {
    let body = convert("First line\nsecond line\r\n\r\nNext paragraph.\n\n\n\nLast.");
    assert_eq!(
        body.markdown,
        "First line\\\nsecond line\n\nNext paragraph.\n\nLast."
    );
    let page = render(&body.markdown).html;
    assert_eq!(
        page,
        "<p>First line<br>\nsecond line</p>\n<p>Next paragraph.</p>\n<p>Last.</p>\n"
    );
}

#[test]
fn classic_block_html_is_not_wrapped_in_paragraphs() {
    let content = "Intro\n<h2>Plan</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\
        <blockquote>Quoted once.\n\nQuoted twice.</blockquote>\n\
        <table>\n<tr>\n<td>cell</td>\n</tr>\n</table>\n\
        <pre>keep\n\nthis</pre>\nOutro";
    assert_eq!(
        markdown(content),
        "Intro\n\n## Plan\n\n- one\n- two\n\n> Quoted once.\n>\n> Quoted twice.\n\n\
         <table>\n<tbody>\n<tr><td>cell</td></tr>\n</tbody>\n</table>\n\n```\nkeep\n\nthis\n```\n\nOutro"
    );
}

// Shortcodes

#[test]
fn a_caption_shortcode_becomes_a_figure() {
    let body = convert(
        "[caption id=\"attachment_12\" align=\"alignnone\" width=\"800\"]<img src=\"https://news.example/up/pier.jpg\" \
         alt=\"The pier\" width=\"800\" height=\"600\" class=\"size-full wp-image-12\" /> Boats at the <em>pier</em>[/caption]",
    );
    assert_eq!(
        body.markdown,
        "<figure>\n<img src=\"https://news.example/up/pier.jpg\" alt=\"The pier\">\n\
         <figcaption>Boats at the <em>pier</em></figcaption>\n</figure>"
    );
    assert_eq!(body.images, vec!["https://news.example/up/pier.jpg"]);
    assert!(body.problems.is_empty());
    let page = render(&body.markdown).html;
    assert!(
        page.contains("<figcaption>Boats at the <em>pier</em></figcaption>"),
        "{page}"
    );
}

#[test]
fn caption_shortcodes_in_older_forms() {
    assert_eq!(
        markdown(
            "[caption id=\"attachment_5\" caption=\"Old style\"]<a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"\" /></a>[/caption]"
        ),
        "<figure>\n<a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"\"></a>\n<figcaption>Old style</figcaption>\n</figure>"
    );
    assert_eq!(
        markdown("[caption id=\"attachment_13\"]Only words[/caption]"),
        "<figure>\n<img src=\"https://news.example/up/gulls.jpg\" alt=\"Gulls\">\n<figcaption>Only words</figcaption>\n</figure>",
        "the picture comes from the attachment the id names"
    );
}

#[test]
fn a_gallery_shortcode_shows_its_attachments() {
    let body = convert("Before\n\n[gallery columns=\"2\" ids=\"12, 13,14\"]\n\nAfter");
    assert_eq!(
        body.markdown,
        "Before\n\n<figure>\n<figure><img src=\"https://news.example/up/pier.jpg\" alt=\"The pier\">\
         <figcaption>Pier at dawn</figcaption></figure>\n\
         <img src=\"https://news.example/up/gulls.jpg\" alt=\"Gulls\">\n</figure>\n\nAfter"
    );
    assert_eq!(
        body.images,
        vec![
            "https://news.example/up/pier.jpg",
            "https://news.example/up/gulls.jpg"
        ]
    );
    assert_eq!(
        body.problems,
        vec!["gallery image 14 is not in the export and was left out"]
    );
    let body = convert("[gallery ids=\"40,41\"]\n\n[gallery]");
    assert_eq!(body.markdown, "");
    assert_eq!(
        body.problems,
        vec![
            "gallery images 40, 41 are not in the export and were left out",
            "a [gallery] without ids shows the images attached to the post, which the export \
             does not tie to it; it was left out",
        ]
    );
}

#[test]
fn embeds_and_bare_player_addresses_become_links() {
    let content = "[embed]https://www.youtube.com/watch?v=abc&amp;t=9[/embed]\n\n\
        Watch this:\nhttps://youtu.be/xyz\nThen this:\n\nhttps://vimeo.com/123\n\n\
        https://x.com/someone/status/456\n\nhttps://twitter.com/someone/status/789\n\n\
        https://example.org/not-a-player\n\nSee https://youtu.be/inline in a sentence.";
    assert_eq!(
        markdown(content),
        "<https://www.youtube.com/watch?v=abc&t=9>\n\nWatch this:\n\n<https://youtu.be/xyz>\n\n\
         Then this:\n\n<https://vimeo.com/123>\n\n<https://x.com/someone/status/456>\n\n\
         <https://twitter.com/someone/status/789>\n\nhttps://example.org/not-a-player\n\n\
         See https://youtu.be/inline in a sentence."
    );
}

#[test]
fn audio_video_and_jetpack_shortcodes_become_links() {
    assert_eq!(
        markdown(
            "[audio src=\"https://news.example/up/talk.mp3\"]\n\n\
             [video width=\"640\" mp4=\"/up/clip.mp4\"][/video]\n\n[youtube dQw4-9_xYz]"
        ),
        "<https://news.example/up/talk.mp3>\n\n[/up/clip.mp4](/up/clip.mp4)\n\n\
         <https://www.youtube.com/watch?v=dQw4-9_xYz>"
    );
    let body = convert("[video width=\"640\"]");
    assert_eq!(body.markdown, "");
    assert_eq!(
        body.problems,
        vec!["an [video] shortcode without a file address was left out"]
    );
}

#[test]
fn unknown_shortcodes_are_reported_and_their_text_kept() {
    let body = convert(
        "Write to us: [contact-form-7 id=\"5\" title=\"Tips\"]\n\n\
         [pullquote align=\"left\"]The river <em>rose</em>[/pullquote]\n\n\
         [ad slot=\"3\"] Then [toc /] the end. [ad slot=\"4\"]",
    );
    assert_eq!(
        body.markdown,
        "Write to us:\n\nThe river *rose*\n\nThen the end."
    );
    assert_eq!(
        body.problems,
        vec![
            "shortcode [contact-form-7] has no equivalent and was left out",
            "shortcode [pullquote] has no equivalent; its text was kept",
            "shortcode [ad] has no equivalent and was left out",
            "shortcode [toc] has no equivalent and was left out",
        ]
    );
    let page = render(&body.markdown);
    assert!(!page.text.contains('['), "{}", page.text);
}

#[test]
fn bracketed_text_is_not_a_shortcode() {
    let text = "He said [sic] it twice [1]. [Updated at 5pm] [see x = y] [Editor's note] \
                [link text] [a] [x]y";
    let body = convert(text);
    assert!(body.problems.is_empty(), "{:?}", body.problems);
    // Byline's smart punctuation curls the apostrophe, as WordPress does.
    assert_eq!(render(&body.markdown).text.replace('’', "'"), text);
}

#[test]
fn shortcodes_written_as_text_and_inside_tags_stay_text() {
    let body = convert(
        "Type [[gallery]] or [[note]x[/note]]. <a href=\"/x\" title=\"[gallery ids=1]\">Link</a> \
         <!-- [gallery ids=1] -->",
    );
    assert!(body.problems.is_empty(), "{:?}", body.problems);
    assert_eq!(
        render(&body.markdown).text,
        "Type [gallery] or [note]x[/note]. Link"
    );
}

#[test]
fn stray_closing_shortcodes_go() {
    let body = convert("Text[/caption] and [/embed] stay [/sic]");
    assert_eq!(render(&body.markdown).text, "Text and stay [/sic]");
}

#[test]
fn non_ascii_text_is_kept() {
    let body = convert(
        "Ça a été dur — 東京\nÜber [caption]<img src=\"/up/é.jpg\" alt=\"ü\"> Légende[/caption]",
    );
    assert_eq!(
        body.markdown,
        "Ça a été dur — 東京\\\nÜber\n\n<figure>\n<img src=\"/up/é.jpg\" alt=\"ü\">\n<figcaption>Légende</figcaption>\n</figure>"
    );
    assert_eq!(body.images, vec!["/up/é.jpg"]);
}

#[test]
fn nasty_content_never_panics() {
    let deep_blocks = "<!-- wp:group -->\n<div>".repeat(10_000) + "inside";
    let deep_divs = "<div>".repeat(10_000) + "inside" + &"</div>".repeat(10_000);
    let brackets = "[sic] [a b] [note".repeat(5_000);
    let cases = [
        String::new(),
        " \n\n ".into(),
        "<!-- wp:paragraph -->\n<p>never closed".into(),
        "<!-- /wp:paragraph --> stray end".into(),
        "<!-- wp:heading {\"level\":".into(),
        "<!-- wp:image {not json} -->\n<figure><img src=\"/x.jpg\">".into(),
        "[caption id=\"attachment_12\"]<img src=\"/x.jpg\" alt=\"x\"> no end".into(),
        "[".into(),
        "[[".into(),
        "[/".into(),
        "[gallery ids=\"".into(),
        "<p>unclosed <b>tags <i>everywhere".into(),
        "<pre>unclosed\n\ncode".into(),
        "<!--".into(),
        "\u{E000}0\u{E001} markers".into(),
        deep_blocks,
        deep_divs,
        brackets,
    ];
    for content in &cases {
        let body = convert(content);
        assert!(
            check(&body.markdown).is_ok(),
            "{}",
            &content[..content.len().min(60)]
        );
    }
    let body = convert("<!-- wp:paragraph -->\n<p>never closed");
    assert_eq!(body.markdown, "never closed");
    let body = convert("[caption id=\"attachment_12\"]<img src=\"/x.jpg\" alt=\"x\"> no end");
    assert_eq!(body.markdown, "![x](/x.jpg) no end");
}

#[test]
fn shortcode_and_block_soup_never_panics() {
    let pieces = [
        "[caption id=\"attachment_12\"]",
        "[/caption]",
        "[gallery ids=\"12,99\"]",
        "[embed]",
        "[/embed]",
        "[[",
        "]]",
        "[",
        "]",
        "[/",
        "[note]",
        "[/note]",
        "[ad slot=1]",
        "[sic]",
        "<!-- wp:paragraph -->",
        "<!-- /wp:paragraph -->",
        "<!-- wp:gallery {\"ids\":[12]} -->",
        "<!-- /wp:gallery -->",
        "<!-- wp:embed {\"url\":\"https://youtu.be/x\"} -->",
        "<!-- /wp:embed -->",
        "<!-- wp:latest-posts /-->",
        "<!--more-->",
        "<!--",
        "-->",
        "<p>",
        "</p>",
        "<img src=\"/x.jpg\">",
        "<pre>",
        "</pre>",
        "\n",
        "\n\n",
        "text ",
        "https://youtu.be/abc",
        "<b>",
        "é",
        "\r\n",
    ];
    for content in crate::html::tests::tag_soup(&pieces, 300) {
        let body = convert(&content);
        assert_eq!(check(&body.markdown), Ok(()), "{content}");
    }
}
