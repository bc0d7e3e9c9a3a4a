//! Each card in a small Lexical document of our own, the Markdown it becomes, and
//! what survives rendering.

use serde_json::{Value, json};

use crate::Body;
use crate::ghost::lexical::to_body;

fn convert(nodes: Value) -> Body {
    let document = json!({"root": {"type": "root", "children": nodes}});
    to_body(&document.to_string()).expect("a Lexical document")
}

fn card(card: Value) -> Body {
    convert(json!([card]))
}

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "children": [{"type": "text", "text": text, "format": 0}]})
}

fn rendered(body: &Body) -> String {
    byline_core::markdown::render(&body.markdown).html
}

const PIER: &str = "__GHOST_URL__/content/images/2024/05/pier.jpg";

#[test]
fn an_image_without_a_caption_is_a_markdown_image() {
    let body = card(
        json!({"type": "image", "src": PIER, "alt": "The pier at dusk", "caption": "",
        "width": 1200, "height": 800, "cardWidth": "wide"}),
    );
    assert_eq!(body.markdown, format!("![The pier at dusk]({PIER})"));
    assert_eq!(body.images, [PIER]);
    assert!(body.problems.is_empty());
    assert!(rendered(&body).contains(&format!("<img src=\"{PIER}\" alt=\"The pier at dusk\">")));
}

#[test]
fn an_image_with_a_caption_is_a_figure() {
    let body = card(
        json!({"type": "image", "src": PIER, "alt": "The \"old\" pier",
        "href": "https://example.org/gallery",
        "caption": "<span>Photo by <a href=\"https://example.org/ana\">Ana</a></span>\n<em>2024</em>"}),
    );
    assert_eq!(
        body.markdown,
        format!(
            "<figure><a href=\"https://example.org/gallery\"><img src=\"{PIER}\" \
             alt=\"The &quot;old&quot; pier\"></a><figcaption><span>Photo by \
             <a href=\"https://example.org/ana\">Ana</a></span> <em>2024</em></figcaption></figure>"
        )
    );
    let html = rendered(&body);
    assert!(
        html.contains("<figure>") && html.contains("<figcaption>"),
        "{html}"
    );
    assert!(html.contains("<em>2024</em></figcaption>"), "{html}");
    assert!(html.contains("alt=\"The &quot;old&quot; pier\""), "{html}");
}

#[test]
fn an_unsplash_address_is_kept_as_written() {
    let src = "https://images.unsplash.com/photo-1?ixlib=rb-4.0.3&q=80&w=2000";
    let body = card(json!({"type": "image", "src": src, "caption": "Sea"}));
    assert!(body.markdown.contains(src), "{}", body.markdown);
    assert_eq!(body.images, [src]);
}

#[test]
fn a_gallery_is_one_figure_of_every_picture() {
    let body = card(
        json!({"type": "gallery", "caption": "The <b>fair</b>", "images": [
            {"src": "__GHOST_URL__/content/images/a.jpg", "alt": "Stalls", "row": 0, "width": 10},
            {"src": "", "alt": "missing"},
            {"src": "__GHOST_URL__/content/images/b.jpg", "row": 1},
        ]}),
    );
    assert_eq!(
        body.markdown,
        "<figure><img src=\"__GHOST_URL__/content/images/a.jpg\" alt=\"Stalls\">\
         <img src=\"__GHOST_URL__/content/images/b.jpg\" alt=\"\">\
         <figcaption>The <b>fair</b></figcaption></figure>"
    );
    assert_eq!(
        body.images,
        [
            "__GHOST_URL__/content/images/a.jpg",
            "__GHOST_URL__/content/images/b.jpg"
        ]
    );
    let html = rendered(&body);
    assert_eq!(html.matches("<img").count(), 2, "{html}");
    assert!(
        html.contains("<figcaption>The <b>fair</b></figcaption>"),
        "{html}"
    );
}

#[test]
fn a_bookmark_is_a_link_with_its_description() {
    let body = card(
        json!({"type": "bookmark", "url": "https://example.org/tides",
        "caption": "From our <em>archive</em>",
        "metadata": {"title": "Tide tables [2024]", "description": "When the water\ncomes in.",
            "publisher": "Harbour News", "icon": "https://example.org/icon.png",
            "thumbnail": "https://example.org/thumb.jpg"}}),
    );
    assert_eq!(
        body.markdown,
        "[Tide tables \\[2024\\]](https://example.org/tides) — When the water comes in.\n\n\
         <p>From our <em>archive</em></p>"
    );
    assert!(body.images.is_empty(), "thumbnails are not shown");
    let long = "word ".repeat(100);
    let body = card(
        json!({"type": "bookmark", "url": "https://example.org/long",
        "metadata": {"publisher": "Harbour News", "description": long}}),
    );
    assert!(
        body.markdown
            .starts_with("[Harbour News](https://example.org/long) — word word")
    );
    assert!(body.markdown.ends_with("word…"), "{}", body.markdown);
}

#[test]
fn an_embed_is_a_link_named_after_what_it_shows() {
    let body = card(
        json!({"type": "embed", "url": "https://www.youtube.com/watch?v=abc",
        "embedType": "video", "html": "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>",
        "metadata": {"title": "Storm over the bay", "provider_name": "YouTube"},
        "caption": "Filmed from the lighthouse"}),
    );
    assert_eq!(
        body.markdown,
        "[Watch on YouTube: Storm over the bay](https://www.youtube.com/watch?v=abc)\n\n\
         <p>Filmed from the lighthouse</p>"
    );
    assert!(body.problems.is_empty());
    let bare = card(json!({"type": "embed", "url": "https://example.org/map", "metadata": {}}));
    assert_eq!(
        bare.markdown,
        "[https://example.org/map](https://example.org/map)"
    );
}

#[test]
fn a_tweet_keeps_its_quoted_text_without_the_script() {
    let body = card(
        json!({"type": "embed", "url": "https://twitter.com/harbour/status/1",
        "embedType": "twitter",
        "html": "<blockquote class=\"twitter-tweet\"><p>High tide at noon.</p>&mdash; Harbour \
                 <a href=\"https://twitter.com/harbour/status/1\">May 1</a></blockquote>\n\
                 <script async src=\"https://platform.twitter.com/widgets.js\"></script>"}),
    );
    let html = rendered(&body);
    assert!(
        html.contains("<blockquote>") && html.contains("High tide at noon."),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn an_embed_without_an_address_keeps_its_html_and_says_so() {
    let body = card(
        json!({"type": "embed", "html": "<div><iframe src=\"https://example.org/x\"></iframe>Poll</div>"}),
    );
    assert_eq!(
        body.markdown,
        "<div><iframe src=\"https://example.org/x\"></iframe>Poll</div>"
    );
    assert_eq!(body.problems.len(), 1);
    let html = rendered(&body);
    assert!(!html.contains("<iframe"), "{html}");
    assert!(card(json!({"type": "embed"})).problems[0].contains("empty embed"));
}

#[test]
fn a_callout_is_a_quote_opened_by_its_emoji() {
    let body = card(json!({"type": "callout", "calloutEmoji": "💡",
        "calloutText": "Doors open at nine.", "backgroundColor": "blue"}));
    assert_eq!(body.markdown, "> 💡 Doors open at nine.");
    assert!(rendered(&body).contains("<blockquote>"));
    let no_emoji = card(json!({"type": "callout", "calloutEmoji": "", "calloutText": "Plain."}));
    assert_eq!(no_emoji.markdown, "> Plain.");
}

#[test]
fn a_toggle_is_a_details_block() {
    let body = card(
        json!({"type": "toggle", "heading": "<span>What to bring</span>",
        "content": "<p>Water.</p>\n\n<p>A hat.</p>"}),
    );
    assert_eq!(
        body.markdown,
        "<details>\n<summary><span>What to bring</span></summary>\n<p>Water.</p>\n<!-- -->\n\
         <p>A hat.</p>\n</details>"
    );
    let html = rendered(&body);
    assert!(
        html.contains("<details>") && html.contains("<summary>"),
        "{html}"
    );
    assert!(html.contains("<p>A hat.</p>\n</details>"), "{html}");
}

#[test]
fn a_button_is_a_link() {
    let body = card(json!({"type": "button", "buttonText": "Buy tickets",
        "buttonUrl": "https://example.org/tickets", "alignment": "center"}));
    assert_eq!(body.markdown, "[Buy tickets](https://example.org/tickets)");
    assert_eq!(
        card(json!({"type": "button", "buttonText": "Nowhere"})).markdown,
        ""
    );
}

#[test]
fn a_rule_separates_blocks() {
    let body =
        convert(json!([paragraph("Before."), {"type": "horizontalrule"}, paragraph("After.")]));
    assert_eq!(body.markdown, "Before.\n\n---\n\nAfter.");
    assert!(rendered(&body).contains("<hr>"));
}

#[test]
fn an_html_card_stays_one_html_block() {
    let body = card(json!({"type": "html",
        "html": "<div class=\"note\">Hello</div>\n\n<script>alert(1)</script>\n<!-- note -->\n<pre>a\n\nb</pre>"}));
    assert_eq!(
        body.markdown,
        "<div class=\"note\">Hello</div>\n<!-- -->\n<script>alert(1)</script>\n<!-- -->\n\
         <pre>a\n<!-- -->\nb</pre>"
    );
    let html = rendered(&body);
    assert!(
        !html.contains("<script") && !html.contains("alert"),
        "{html}"
    );
    assert!(
        html.contains("<pre>a\n\nb</pre>"),
        "the blank line in the code survives: {html}"
    );
    assert_eq!(body.problems.len(), 1);
    assert!(body.problems[0].contains("<script>"), "{:?}", body.problems);
}

#[test]
fn an_html_card_that_starts_with_text_is_wrapped() {
    let body = card(
        json!({"type": "html", "html": "Some *starred* <b>bold</b> text\n\n<img src=\"/x.png\">"}),
    );
    assert_eq!(
        body.markdown,
        "<div>\nSome *starred* <b>bold</b> text\n<!-- -->\n<img src=\"/x.png\">\n</div>"
    );
    assert_eq!(body.images, ["/x.png"]);
    let html = rendered(&body);
    assert!(html.contains("Some *starred* <b>bold</b> text"), "{html}");
}

#[test]
fn a_markdown_card_is_kept_as_written() {
    let markdown = "## Notes\n\n- one\n- two\n\n![Map](__GHOST_URL__/content/images/map.png)\n";
    let body = card(json!({"type": "markdown", "markdown": markdown}));
    assert_eq!(body.markdown, markdown.trim());
    assert_eq!(body.images, ["__GHOST_URL__/content/images/map.png"]);
    let open = card(json!({"type": "markdown", "markdown": "```js\nlet a = 1;"}));
    assert_eq!(open.markdown, "```js\nlet a = 1;\n```");
    assert_eq!(open.problems.len(), 1);
}

#[test]
fn a_code_card_is_fenced_past_its_backticks() {
    let body = card(json!({"type": "codeblock", "language": "markdown",
        "code": "Use ```rust to open a block.\n", "caption": "A <em>fence</em>"}));
    assert_eq!(
        body.markdown,
        "````markdown\nUse ```rust to open a block.\n````\n\n<p>A <em>fence</em></p>"
    );
    let html = rendered(&body);
    assert!(
        html.contains("<pre><code class=\"language-markdown\">") || html.contains("<pre><code>"),
        "{html}"
    );
}

#[test]
fn video_audio_and_files_are_links() {
    let body = convert(json!([
        {"type": "video", "src": "__GHOST_URL__/content/media/launch.mp4", "fileName": "launch.mp4",
            "caption": "The launch", "thumbnailSrc": "__GHOST_URL__/content/media/launch_thumb.jpg"},
        {"type": "audio", "src": "__GHOST_URL__/content/media/interview.mp3", "title": "The interview"},
        {"type": "file", "src": "__GHOST_URL__/content/files/budget.pdf", "fileTitle": "Budget 2024",
            "fileName": "budget.pdf", "fileCaption": "The full budget"},
    ]));
    assert_eq!(
        body.markdown,
        "[Video: launch.mp4](__GHOST_URL__/content/media/launch.mp4)\n\n<p>The launch</p>\n\n\
         [Audio: The interview](__GHOST_URL__/content/media/interview.mp3)\n\n\
         [Budget 2024](__GHOST_URL__/content/files/budget.pdf) — The full budget"
    );
    assert!(body.images.is_empty());
    assert!(body.problems.is_empty());
}

#[test]
fn the_members_only_divider_is_dropped_and_reported_once() {
    let body = convert(
        json!([paragraph("Free."), {"type": "paywall"}, paragraph("Paid."), {"type": "paywall"}]),
    );
    assert_eq!(body.markdown, "Free.\n\nPaid.");
    assert_eq!(
        body.problems,
        ["the members-only divider was dropped: the whole article is now public"]
    );
}

#[test]
fn a_header_card_becomes_heading_text_and_link() {
    let body = card(
        json!({"type": "header", "version": 2, "header": "<span>Summer</span> issue",
        "subheader": "All the <b>festivals</b>", "buttonEnabled": true, "buttonText": "Read",
        "buttonUrl": "https://example.org/summer", "backgroundImageSrc": PIER}),
    );
    assert_eq!(
        body.markdown,
        format!(
            "![]({PIER})\n\n## Summer issue\n\nAll the festivals\n\n[Read](https://example.org/summer)"
        )
    );
    assert_eq!(body.images, [PIER]);
    assert!(
        body.problems[0].contains("'header' card"),
        "{:?}",
        body.problems
    );
}

#[test]
fn promotional_cards_keep_their_words_and_are_reported() {
    let body = convert(json!([
        {"type": "signup", "header": "<span>Join us</span>", "subheader": "Every Friday.",
            "buttonText": "Subscribe", "labels": []},
        {"type": "product", "productTitle": "Tide <b>clock</b>", "productDescription": "Brass.",
            "productImageSrc": "__GHOST_URL__/content/images/clock.jpg", "productRatingEnabled": true,
            "productStarRating": 4, "productButtonEnabled": true, "productButton": "Buy",
            "productUrl": "https://example.org/clock"},
        {"type": "call-to-action", "textValue": "Support local news.", "showButton": true,
            "buttonText": "Donate", "buttonUrl": "https://example.org/give", "hasSponsorLabel": false},
    ]));
    assert_eq!(
        body.markdown,
        "**Join us**\n\nEvery Friday.\n\n![](__GHOST_URL__/content/images/clock.jpg)\n\n\
         **Tide clock**\n\n★★★★☆ (4 out of 5)\n\nBrass.\n\n[Buy](https://example.org/clock)\n\n\
         Support local news.\n\n[Donate](https://example.org/give)"
    );
    assert_eq!(body.images, ["__GHOST_URL__/content/images/clock.jpg"]);
    let named: Vec<bool> = ["'signup' card", "'product' card", "'call-to-action' card"]
        .iter()
        .map(|name| body.problems.iter().any(|p| p.contains(name)))
        .collect();
    assert_eq!(named, [true, true, true], "{:?}", body.problems);
}

#[test]
fn email_only_and_unknown_cards_are_reported() {
    let body = convert(json!([
        {"type": "email", "html": "<p>Hi {first_name}</p>"},
        {"type": "email-cta", "html": "<p>Upgrade</p>", "segment": "status:free"},
        {"type": "transistor"},
        {"type": "poll", "question": "Yes?"},
        {"type": "map", "html": "<div>Harbour map</div>"},
    ]));
    assert_eq!(body.markdown, "<div>Harbour map</div>");
    assert_eq!(
        body.problems,
        [
            "an email-only 'email' card was dropped: Ghost showed it only in newsletters",
            "an email-only 'email-cta' card was dropped: Ghost showed it only in newsletters",
            "a 'transistor' card has no equivalent and was dropped",
            "an unknown card 'poll' has no equivalent and was dropped",
            "an unknown card 'map' was kept as HTML",
        ]
    );
}

#[test]
fn cards_hidden_from_the_site_are_dropped_and_members_only_ones_reported() {
    let body = convert(json!([
        {"type": "html", "html": "<p>Newsletter only</p>",
            "visibility": {"web": {"nonMember": false, "memberSegment": ""},
                "email": {"memberSegment": "status:free,status:-free"}}},
        {"type": "html", "html": "<p>Paid members</p>",
            "visibility": {"web": {"nonMember": false, "memberSegment": "status:-free"}}},
        {"type": "html", "html": "<p>Everyone</p>",
            "visibility": {"web": {"nonMember": true, "memberSegment": "status:free,status:-free"}}},
        {"type": "html", "html": "<p>Old style</p>", "visibility": {"showOnWeb": false, "showOnEmail": true}},
    ]));
    assert_eq!(body.markdown, "<p>Paid members</p>\n\n<p>Everyone</p>");
    assert_eq!(
        body.problems,
        [
            "an HTML card shown only in newsletters was dropped",
            "an HTML card Ghost showed only to some members is now shown to every reader",
            "an HTML card shown only in newsletters was dropped",
        ]
    );
}

#[test]
fn every_image_is_recorded_once_in_order() {
    let body = convert(json!([
        {"type": "image", "src": PIER},
        {"type": "gallery", "images": [{"src": "__GHOST_URL__/content/images/g1.jpg"}, {"src": PIER}]},
        {"type": "html", "html": "<p><img alt='x' src='__GHOST_URL__/content/images/h.png'></p>"},
        {"type": "toggle", "heading": "More", "content": "<img src=\"__GHOST_URL__/content/images/t.png\">"},
    ]));
    assert_eq!(
        body.images,
        [
            PIER,
            "__GHOST_URL__/content/images/g1.jpg",
            "__GHOST_URL__/content/images/h.png",
            "__GHOST_URL__/content/images/t.png",
        ]
    );
}

#[test]
fn a_bookmark_to_an_article_of_the_site_is_a_related_card() {
    let body = card(
        json!({"type": "bookmark", "url": "__GHOST_URL__/bridge-closes/",
        "metadata": {"title": "Bridge closes", "description": "For a year."}}),
    );
    assert_eq!(body.markdown, "[[related: bridge-closes]]");
    assert!(body.problems.is_empty());
    // Deeper addresses on the site (a tag page, a picture) stay links.
    let tag = card(json!({"type": "bookmark", "url": "__GHOST_URL__/tag/news/",
        "metadata": {"title": "News"}}));
    assert!(tag.markdown.starts_with("[News]("), "{}", tag.markdown);
}
