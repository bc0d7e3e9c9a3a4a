use super::*;

fn none(_: u64) -> Option<AttachmentRef> {
    None
}

#[test]
fn zz_probe() {
    let samples = [
        r#"<!-- wp:paragraph -->
<p>The council met on <strong>Tuesday</strong>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Budget</h3>
<!-- /wp:heading -->

<!-- wp:image {"id":12,"sizeSlug":"large"} -->
<figure class="wp-block-image size-large"><img src="https://news.example/wp-content/uploads/2024/05/hall.jpg" alt="The hall" class="wp-image-12"/><figcaption class="wp-element-caption">The hall at night</figcaption></figure>
<!-- /wp:image -->

<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Roads</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Schools<!-- wp:list -->
<ul><!-- wp:list-item -->
<li>Primary</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list --></li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc123
</div><figcaption>The debate</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:latest-posts /-->"#,
        "Classic first line\nsecond line\n\n[caption id=\"attachment_12\" align=\"alignnone\" width=\"800\"]<img src=\"/up/a.jpg\" alt=\"A\" width=\"800\" height=\"600\" class=\"size-full wp-image-12\" /> The caption text[/caption]\n\nhttps://youtu.be/xyz\n\n[contact-form-7 id=\"5\"] and [sic] [1] [Updated at 5pm]\n\n[pullquote]Pulled text[/pullquote]\n\n<ul>\n<li>one</li>\n</ul>\n<pre>code\n\nmore</pre>",
    ];
    for s in samples {
        let body = to_body(s, &none);
        println!(
            "=====\n{}\n--- problems {:?} images {:?}",
            body.markdown, body.problems, body.images
        );
    }
}
