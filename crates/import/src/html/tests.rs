use byline_core::markdown::{check, render};

use super::*;

fn convert(html: &str) -> Body {
    let mut body = Body::default();
    to_markdown(html, &mut body);
    body
}

fn markdown(html: &str) -> String {
    convert(html).markdown
}

/// The page a reader sees.
fn rendered(html: &str) -> String {
    render(&markdown(html)).html
}

#[test]
fn paragraphs_and_headings_become_markdown() {
    assert_eq!(
        markdown("<h1>Harbour</h1><p>The ferry  left\nat noon.</p><h3>Later</h3><p>Rain.</p>"),
        "## Harbour\n\nThe ferry left at noon.\n\n### Later\n\nRain."
    );
}

#[test]
fn emphasis_code_and_strikethrough_become_markdown() {
    assert_eq!(
        markdown(
            "<p><b>Bold </b>text, <em>slanted</em>, <del>gone</del> and <code>a`b</code>.</p>"
        ),
        "**Bold** text, *slanted*, ~~gone~~ and ``a`b``."
    );
    assert_eq!(
        markdown("<p><strong>outer <b>inner</b></strong></p>"),
        "**outer inner**",
        "bold inside bold adds no marks"
    );
}

#[test]
fn lists_nest_and_keep_their_numbers() {
    assert_eq!(
        markdown("<ul><li>Nets<ul><li>Floats</li></ul></li><li>Lines</li></ul>"),
        "- Nets\n  - Floats\n- Lines"
    );
    assert_eq!(
        markdown("<ol start=\"3\"><li>third</li><li>fourth</li></ol>"),
        "3. third\n4. fourth"
    );
    assert_eq!(
        markdown("<ul><li>one</li></ul><ul><li>two</li></ul>"),
        "- one\n\n* two",
        "a second list right after the first stays a list of its own"
    );
    let page = rendered("<ul><li>Nets<ol><li>Floats</li></ol></li></ul>");
    assert!(page.contains("<li>Nets\n<ol>"), "{page}");
}

#[test]
fn quotes_hold_their_blocks() {
    assert_eq!(
        markdown(
            "<blockquote><p>First.</p><ul><li>point</li></ul><cite>A reader</cite></blockquote>"
        ),
        "> First.\n>\n> - point\n>\n> *A reader*"
    );
}

#[test]
fn links_and_images_keep_their_addresses() {
    let body = convert(
        "<p>See <a href=\"https://example.org/a b\">the map</a> and <a href=\"https://example.org/\">https://example.org/</a>.</p>\
         <p><img src=\"/pier (1).jpg\" alt=\"Pier [old]\"></p>\
         <p><a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"\"></a></p>",
    );
    assert_eq!(
        body.markdown,
        "See [the map](<https://example.org/a b>) and <https://example.org/>.\n\n\
         ![Pier \\[old\\]](</pier (1).jpg>)\n\n[![](/small.jpg)](/big.jpg)"
    );
    assert_eq!(body.images, vec!["/pier (1).jpg", "/small.jpg"]);
}

#[test]
fn unsafe_links_keep_only_their_text() {
    assert_eq!(
        markdown("<p><a href=\" javascript:alert(1)\">Click</a></p>"),
        "Click"
    );
}

#[test]
fn preformatted_text_becomes_a_fenced_code_block() {
    assert_eq!(
        markdown("<pre><code class=\"language-rust\">let a = 1;\n\n```\n</code></pre>"),
        "````rust\nlet a = 1;\n\n```\n````"
    );
}

#[test]
fn rules_and_breaks() {
    assert_eq!(
        markdown("<p>one<br>two<br><br>three</p><hr><p>four</p>"),
        "one\\\ntwo\n\nthree\n\n---\n\nfour"
    );
    let page = rendered("<p>one<br>two</p>");
    assert!(page.contains("one<br>\ntwo"), "{page}");
}

#[test]
fn a_captioned_figure_is_an_html_block_that_survives_rendering() {
    let body = convert(
        "<figure class=\"wp-block-image\"><img src=\"https://example.org/up/gull.jpg?w=800&h=600\" alt=\"A gull\" class=\"wp-image-7\" onclick=\"steal()\"/>\
         <figcaption>The gull, <em>late</em> in the day</figcaption></figure>",
    );
    assert_eq!(
        body.markdown,
        "<figure>\n<img src=\"https://example.org/up/gull.jpg?w=800&h=600\" alt=\"A gull\">\n\
         <figcaption>The gull, <em>late</em> in the day</figcaption>\n</figure>"
    );
    assert_eq!(
        body.images,
        vec!["https://example.org/up/gull.jpg?w=800&h=600"]
    );
    let page = render(&body.markdown).html;
    assert!(
        page.contains("<figcaption>The gull, <em>late</em> in the day</figcaption>"),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"https://example.org/up/gull.jpg?w=800&amp;h=600\""),
        "{page}"
    );
    assert!(!page.contains("onclick"), "{page}");
}

#[test]
fn a_figure_without_a_caption_is_a_markdown_image() {
    assert_eq!(
        markdown(
            "<figure><a href=\"/full.jpg\"><img src=\"/thumb.jpg\" alt=\"Dunes\"></a></figure>"
        ),
        "[![Dunes](/thumb.jpg)](/full.jpg)"
    );
}

#[test]
fn a_gallery_keeps_each_caption() {
    let body = convert(
        "<figure class=\"wp-block-gallery\">\
         <figure class=\"wp-block-image\"><img src=\"/a.jpg\" alt=\"\"><figcaption>First</figcaption></figure>\
         <figure class=\"wp-block-image\"><img src=\"/b.jpg\" alt=\"\"></figure>\
         <figcaption>Both</figcaption></figure>",
    );
    assert_eq!(
        body.markdown,
        "<figure>\n<figure><img src=\"/a.jpg\" alt=\"\"><figcaption>First</figcaption></figure>\n\
         <img src=\"/b.jpg\" alt=\"\">\n<figcaption>Both</figcaption>\n</figure>"
    );
    assert_eq!(body.images, vec!["/a.jpg", "/b.jpg"]);
}

#[test]
fn a_figure_around_other_content_keeps_its_caption_as_text() {
    assert_eq!(
        markdown(
            "<figure><blockquote><p>Said.</p></blockquote><figcaption>Source</figcaption></figure>"
        ),
        "> Said.\n\n*Source*"
    );
}

#[test]
fn tables_are_kept_as_html_blocks() {
    let body = convert(
        "<table><thead><tr><th>Town</th><th>Rain</th></tr></thead>\
         <tbody><tr><td colspan=\"2\" style=\"color:red\"><p>Wet <b>all</b> week</p></td></tr>\
         <tr><td>Ayr</td><td><img src=\"/d.png\" alt=\"drop\"></td></tr></tbody></table>",
    );
    assert_eq!(
        body.markdown,
        "<table>\n<thead>\n<tr><th>Town</th><th>Rain</th></tr>\n</thead>\n<tbody>\n\
         <tr><td colspan=\"2\"><p>Wet <strong>all</strong> week</p></td></tr>\n\
         <tr><td>Ayr</td><td><img src=\"/d.png\" alt=\"drop\"></td></tr>\n</tbody>\n</table>"
    );
    assert_eq!(body.images, vec!["/d.png"]);
    let page = render(&body.markdown).html;
    assert!(
        page.contains("<td colspan=\"2\"><p>Wet <strong>all</strong> week</p></td>"),
        "{page}"
    );
}

#[test]
fn frames_become_links_to_the_page_they_showed() {
    let body = convert(
        "<iframe src=\"https://www.youtube.com/embed/aB3_x-9?feature=oembed&start=42\" title=\"Tide film\"></iframe>\
         <p><iframe src=\"//player.vimeo.com/video/12345?h=ab12\"></iframe></p>\
         <iframe src=\"https://platform.twitter.com/embed/Tweet.html?id=9876\"></iframe>\
         <iframe src=\"https://maps.example.org/embed?q=pier\"></iframe>",
    );
    assert_eq!(
        body.markdown,
        "[Tide film](https://www.youtube.com/watch?v=aB3_x-9&t=42s)\n\n\
         <https://vimeo.com/12345/ab12>\n\n<https://x.com/i/status/9876>\n\n\
         <https://maps.example.org/embed?q=pier>"
    );
    assert_eq!(
        body.problems,
        vec![
            "an embedded frame from maps.example.org was replaced by a link (Byline shows no frames)"
        ]
    );
    assert!(!render(&body.markdown).html.contains("<iframe"));
}

#[test]
fn video_and_audio_become_links_to_their_files() {
    assert_eq!(
        markdown(
            "<video controls><source src=\"/clip.mp4\"></video><audio src=\"/talk.mp3\"></audio>"
        ),
        "</clip.mp4>\n\n</talk.mp3>"
            .replace("</clip.mp4>", "[/clip.mp4](/clip.mp4)")
            .replace("</talk.mp3>", "[/talk.mp3](/talk.mp3)")
    );
}

#[test]
fn scripts_styles_and_handlers_are_dropped() {
    let body = convert(
        "<style>p { color: red }</style><p onclick=\"steal()\">Safe <span onmouseover=\"x()\">text</span></p>\
         <script>alert(1)</script><div><script src=\"/track.js\"></script></div>",
    );
    assert_eq!(body.markdown, "Safe text");
    assert_eq!(
        body.problems,
        vec!["2 scripts were left out (Byline runs no scripts in articles)"]
    );
    let page = render(&body.markdown).html;
    assert!(!page.contains("<script") && !page.contains("onclick") && !page.contains("alert"));
}

#[test]
fn unknown_elements_keep_their_text() {
    assert_eq!(
        markdown(
            "<p>The <blink>tide</blink> <x-note>turned</x-note> <abbr title=\"x\">early</abbr>.</p><section><custom-box>Boxed</custom-box></section>"
        ),
        "The tide turned early.\n\nBoxed"
    );
}

#[test]
fn text_is_escaped_so_it_reads_the_same() {
    let cases = [
        "*not emphasis* and _not either_",
        "# not a heading",
        "1. not a list",
        "- not a list",
        "> not a quote",
        "[sic] and [1] and ![x](y)",
        "a | b | c",
        "~~not struck~~",
        "&amp; stays &copy; as written",
        "<b> is text",
        "back\\slash and `ticks`",
        "snake_case_name",
        "===",
    ];
    for text in cases {
        let html = format!("<p>{}</p>", byline_core::html::escape(text));
        let md = markdown(&html);
        let page = render(&md);
        assert_eq!(
            page.text, text,
            "{text:?} was written as {md:?}: {}",
            page.html
        );
        assert!(page.html.starts_with("<p>"), "{text:?}: {}", page.html);
    }
    assert_eq!(markdown("<p>snake_case_name</p>"), "snake_case_name");
    // Dashes and quotes are left to Byline's smart punctuation (WordPress curls them
    // too): a line of hyphens reads as a dash, never as a rule or a heading.
    let page = rendered("<p>Title<br>---</p>");
    assert!(!page.contains("<hr") && !page.contains("<h2"), "{page}");
}

#[test]
fn text_after_a_break_is_escaped_at_its_line_start() {
    let md = markdown("<p>Scores<br>1. Ayr<br>- none<br># two</p>");
    assert_eq!(md, "Scores\\\n1\\. Ayr\\\n\\- none\\\n\\# two");
    assert!(!render(&md).html.contains("<li>"));
}

#[test]
fn a_heading_ending_in_hashes_keeps_them() {
    for (html, md, text) in [
        ("<h2>We love C#</h2>", "## We love C#", "We love C#"),
        ("<h2>Room #</h2>", "## Room \\#", "Room #"),
        ("<h2>##</h2>", "## \\##", "##"),
    ] {
        assert_eq!(markdown(html), md);
        assert_eq!(render(md).text, text);
    }
}

#[test]
fn a_link_around_blocks_keeps_them_and_its_address() {
    assert_eq!(
        markdown("<a href=\"https://example.org/story\"><div>Headline</div><div>Summary</div></a>"),
        "Headline\n\nSummary\n\n<https://example.org/story>"
    );
}

#[test]
fn non_ascii_text_is_kept() {
    let body = convert("<h2>Café déjà vu</h2><p>Ça va — 東京 ümlaut 🚢</p>");
    assert_eq!(body.markdown, "## Café déjà vu\n\nÇa va — 東京 ümlaut 🚢");
}

#[test]
fn lazy_loaded_images_use_their_real_address() {
    let body = convert(
        "<img src=\"data:image/gif;base64,R0lGOD\" data-lazy-src=\"/real.jpg\" alt=\"Real\">",
    );
    assert_eq!(body.markdown, "![Real](/real.jpg)");
    assert_eq!(body.images, vec!["/real.jpg"]);
}

#[test]
fn markdown_is_appended_after_a_blank_line() {
    let mut body = Body {
        markdown: "Before.\n".into(),
        ..Body::default()
    };
    to_markdown("<p>After.</p>", &mut body);
    assert_eq!(body.markdown, "Before.\n\nAfter.");
    to_markdown("   ", &mut body);
    assert_eq!(body.markdown, "Before.\n\nAfter.");
}

#[test]
fn empty_and_broken_html_never_panics() {
    assert_eq!(markdown(""), "");
    assert_eq!(markdown("<p>&nbsp;</p><p> </p>"), "");
    assert_eq!(
        markdown("<p>Open <b>bold <i>both</p><ul><li>item"),
        "Open **bold *both***\n\n- ***item***"
    );
    for broken in [
        "<",
        "<p",
        "</div></p>",
        "<table><td>x",
        "<a href=",
        "<!--",
        "<![CDATA[x",
        "<ul><ol><li>",
    ] {
        let md = markdown(broken);
        assert!(check(&md).is_ok(), "{broken}: {md}");
    }
}

#[test]
fn deep_nesting_stays_within_what_byline_renders() {
    for (open, close) in [
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<b><i>", "</i></b>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<figure><figcaption>", "</figcaption></figure>"),
    ] {
        let html = format!("{}deep text{}", open.repeat(10_000), close.repeat(10_000));
        let body = convert(&html);
        assert!(
            body.markdown.contains("deep text"),
            "{open}: {}",
            &body.markdown
        );
        assert_eq!(check(&body.markdown), Ok(()), "{open}");
    }
}

#[test]
fn touching_and_punctuated_emphasis_reads_back() {
    let md = markdown("<p><b>Hel</b><b>lo</b>, <b>x</b><i>y</i> and <em>\"Title\"</em>word</p>");
    assert_eq!(
        md,
        "**Hello**, <strong>x</strong><em>y</em> and <em>\"Title\"</em>word"
    );
    let page = render(&md).html;
    assert!(
        page.contains(
            "<strong>Hello</strong>, <strong>x</strong><em>y</em> and <em>“Title”</em>word"
        ),
        "{page}"
    );
}

/// Random sequences of tags, text and Markdown characters, from a fixed seed.
pub(crate) fn tag_soup(pieces: &[&str], count: usize) -> Vec<String> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..count)
        .map(|_| {
            (0..40)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pieces[(state % pieces.len() as u64) as usize]
                })
                .collect()
        })
        .collect()
}

#[test]
fn tag_soup_never_panics_and_renders_safely() {
    let pieces = [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<del>",
        "<ul>",
        "<li>",
        "</ul>",
        "<ol start=9>",
        "<table>",
        "<td>",
        "<th>",
        "<figure>",
        "<figcaption>",
        "</figure>",
        "<img src=x.jpg alt='*'>",
        "<br>",
        "<a href='/y'>",
        "</a>",
        "<pre>",
        "<code>",
        "<script>",
        "</script>",
        "<blockquote>",
        "<h1>",
        "<iframe src='//player.vimeo.com/video/1'>",
        "<div onclick=x()>",
        "*",
        "_",
        "`",
        "[",
        "]",
        "#",
        "1.",
        "-",
        "|",
        "~",
        "&amp;",
        "\n",
        " ",
        "text",
        "<!--",
        "-->",
        "<",
        ">",
        "\\",
        "é",
    ];
    for html in tag_soup(&pieces, 300) {
        let body = convert(&html);
        assert_eq!(check(&body.markdown), Ok(()), "{html}");
        let page = render(&body.markdown).html;
        // Text may say "onclick" (escaped); no tag may carry it.
        let mut tags = page
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""));
        assert!(
            tags.all(|tag| !tag.starts_with("script") && !tag.contains("onclick")),
            "{html}"
        );
    }
}

#[test]
fn random_text_and_formatting_read_the_same_once_rendered() {
    let pieces = [
        "*",
        "_",
        "`",
        "[",
        "]",
        "#",
        "1.",
        "-",
        "|",
        "~",
        "&amp;",
        " ",
        "a",
        "&lt;",
        "&gt;",
        "\\",
        "!",
        "(",
        ")",
        "=",
        "+",
        "b",
        "2)",
        "&amp;copy;",
        ":",
        "{",
        "$",
        "'",
        "\"",
        ".",
        "<br>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<s>",
        "</s>",
        "<code>",
        "</code>",
    ];
    // Byline's smart punctuation curls quotes and makes dashes and ellipses; the
    // words and symbols must otherwise be the ones the browser showed.
    let plain = |text: &str| -> String {
        text.replace(['“', '”'], "\"")
            .replace(['‘', '’'], "'")
            .replace('…', "...")
            .replace(['–', '—', '-'], "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for html in tag_soup(&pieces, 500) {
        let html = format!("<p>{html}</p>");
        let md = markdown(&html);
        let shown = inline::text_of(&PARSER.html_to_tree(&html).unwrap(), false);
        assert_eq!(plain(&render(&md).text), plain(&shown), "{html}\n{md}");
    }
}
