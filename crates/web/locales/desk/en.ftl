# The editing desk's own words, in English. Project Fluent syntax
# (https://projectfluent.org/fluent/guide/); plural forms by the CLDR rules.
# Ids ending in -html may hold markup; their values are escaped.
# Every id here must be asked for by a desk template or by the desk's Rust code, and
# uk.ftl must have every one (crates/web/src/desk/words/tests.rs checks both).

# How the language names itself, in the language choice on the account page.
language-self-name = English

## Every page

desk-name = Byline desk
desk-title = Desk
skip-to-content = Skip to content
signed-in-as = Signed in as
view-site = View site
sign-out = Sign out
nav-label = Desk
nav-posts = Posts
nav-new-post = New post
nav-media = Media
nav-authors = Authors
nav-sections = Sections
nav-collections = Collections
nav-news-feed = News Feed
nav-newsletters = Newsletters
nav-subscribers = Subscribers
nav-settings = Settings
nav-editions = Editions
nav-redirects = Redirects
nav-import = Import and export
nav-integrations = Integrations
nav-staff = Staff
role-admin = Administrator
role-editor = Editor
role-author = Author
role-contributor = Contributor

## Forms and lists

field-required = (required)
errors-nothing-saved = Nothing was saved
errors-correct = Please correct the following
pages = Pages
page-previous = Previous page
page-next = Next page
page-of = Page { $page } of { $pages }
none-option = — none —
save = Save
saved = Saved.
cancel = Cancel
delete = Delete
edit = Edit
view = View
name = Name
email-address = Email address
slug = Slug
description = Description
status = Status
actions = Actions

## Signing in, passwords, invitations

signin-title = Sign in
signin-to-desk = to the { $site } desk
signin-failed = You could not be signed in
password = Password
signin-button = Sign in
signin-forgot = Forgot your password?
signin-signed-out = You are signed out.
signin-password-set = Your password is set. Sign in with it now.
signin-bad-email = Enter the email address of your account, such as name@example.org.
signin-no-match = That email and password do not match an account. Check both and try again.
signin-throttled =
    { $minutes ->
        [one] Too many failed sign-ins. For your account's safety, sign-in is paused: try again in { $minutes } minute, or reset your password.
       *[other] Too many failed sign-ins. For your account's safety, sign-in is paused: try again in { $minutes } minutes, or reset your password.
    }
forgot-title = Reset your password
forgot-sent-html = <strong>Check your inbox.</strong> If an account uses that address, we have sent it a link to choose a new password.
forgot-sent-help = The link works once, for one hour. If nothing arrives within a few minutes, look in your spam folder or ask an administrator.
forgot-intro = Enter the email address of your desk account. We will send you a link to choose a new password.
forgot-send = Send the link
forgot-bad-email = Enter an email address such as name@example.org.
forgot-too-many = Too many reset requests from your network. Wait a quarter of an hour and try again.
back-to-signin = Back to sign in
join-title = Join the desk
join-intro-html = You have been invited to the newsroom's desk. Tell us your name and choose a password to finish setting up the account for <strong>{ $email }</strong>.
new-password-title = Choose a new password
new-password-intro-html = Choose a new password for <strong>{ $email }</strong>. Your old password stops working once you save.
your-name = Your name
your-name-hint = As readers and colleagues should see it.
new-password = New password
new-password-hint = At least 10 characters. A few unrelated words make a strong password that is easy to remember.
new-password-again = Type the new password again
join-button = Join
new-password-save = Save the new password
join-no-name = Enter your name as readers and colleagues should see it.
password-weak = This password is too weak: { $problem }.
password-mismatch = The two passwords are not the same. Type the new password twice.
password-too-short =
    { $count ->
        [one] use at least { $count } character
       *[other] use at least { $count } characters
    }
password-too-long =
    { $count ->
        [one] use at most { $count } character
       *[other] use at most { $count } characters
    }
link-dead-title = This link no longer works
link-dead-text = Links in account emails work once and expire after a while. Ask for a new one: use “Forgot your password?” on the sign-in page, or ask an administrator to invite you again.

## Error pages

error-code = Error code { $code }.
back-to-desk = Back to the desk
go-to-site = Go to the site
error-sign-in-title = Sign in first
error-sign-in-text = This needs a signed-in member of staff.
error-session-title = Your session has ended
error-session-text = You were signed out (sessions end after two weeks, or when you sign out elsewhere). Sign in again, then repeat what you were doing.
error-csrf-title = This form has expired
error-csrf-text = The form was missing its security token or came from another site, so nothing was changed. Go back, reload the page and try again.
error-forbidden-title = You cannot do this
error-role-text = Your role does not allow this. Ask an editor or an administrator.
error-not-found-title = Not found
error-not-found-text = There is nothing at this address in the desk. It may have been removed.
error-gone-text = What you asked for no longer exists.
error-bad-request-title = This cannot be done
error-unreadable-title = This form could not be read
error-malformed-text = What was sent is not a form this page sends, so nothing was saved. Go back, reload the page and try again.
error-too-large-text = What was sent is larger than 48 MB or arrived incomplete, so nothing was saved. Go back and try again with a smaller file.
error-conflict-title = Someone else changed this first
error-not-editable-title = This can no longer be changed
error-changed-text = Someone changed this meanwhile, so nothing was saved. Reload the page and try again.
error-unrenderable-title = This text cannot be saved
error-unrenderable-text = The body is over 512 KB or nests quotes, lists or tags more than 40 levels deep, so nothing was saved. Go back, shorten or flatten it, and save again.
error-database-title = The database cannot be reached
error-media-title = The file could not be stored
error-try-again-text = Nothing was saved. Try again in a moment.
error-internal-title = Something went wrong on our side
error-internal-text = The error has been logged. Nothing was half-saved: try again, and if it keeps happening tell your administrator.

## Mistakes found outside the desk, in words/problems.rs

markdown-too-long = the text is longer than 512 KB; split it into several articles
markdown-too-deep = quotes, lists, formatting or HTML tags are nested more than 40 levels deep; flatten them
markdown-too-slow = the text took too long to render; simplify its formatting
address-not-web = write a full web address that starts with https:// or http://
address-too-long =
    { $count ->
        [one] web addresses can be at most { $count } character long
       *[other] web addresses can be at most { $count } characters long
    }
address-host-not-allowed = images from { $host } are not allowed; upload the image, or ask an administrator to allow that site in the settings
slug-empty = nothing is written
slug-too-long =
    { $count ->
        [one] use at most { $count } character
       *[other] use at most { $count } characters
    }
slug-characters = use only lowercase letters a-z, digits and single hyphens between them
email-empty = the address is empty
email-too-long = the address is longer than 254 characters
email-space = the address contains a space
email-control = the address contains a control character
email-not-ascii = the address contains letters outside plain ASCII
email-at = the address needs exactly one @
email-local = the part before the @ is not valid
email-domain = the part after the @ is not a valid domain
image-too-large = This file is { $size } MB; images can be at most { $limit } MB.
image-empty = This file is empty. Upload a JPEG, PNG, WebP or GIF.
image-not-an-image = This file is not an image. Upload a JPEG, PNG, WebP or GIF.
image-unsupported = { $format } images cannot be published. Save it as a JPEG, PNG, WebP or GIF and upload it again.
image-too-many-pixels = This image is { $width } × { $height } pixels, which is too large to process. Scale it down (for example to 4000 pixels wide) and upload it again.
image-corrupt = This image is damaged and cannot be read.

## Your account

account-title = Your account
account-saved = Saved. The desk is shown in the language you chose.
account-role = Role
account-desk-language = Language of the desk
account-language = Language
account-language-hint = The desk's menus, buttons and messages are shown in this language for you only. Articles and the public site keep their own languages.
account-language-unknown = Choose one of the languages in the list: the desk has no translation for that one.
account-password-html = To change your password, sign out and use “Forgot your password?” on the sign-in page.

## Posts

posts-title = Posts
posts-filters = Show posts by status
posts-filter-all = All
posts-filter-draft = Drafts
posts-filter-scheduled = Scheduled
posts-filter-published = Published
posts-count =
    { $status ->
        [draft] { $count ->
            [one] { $count } post (drafts), last edited first.
           *[other] { $count } posts (drafts), last edited first.
        }
        [scheduled] { $count ->
            [one] { $count } post (scheduled), last edited first.
           *[other] { $count } posts (scheduled), last edited first.
        }
        [published] { $count ->
            [one] { $count } post (published), last edited first.
           *[other] { $count } posts (published), last edited first.
        }
       *[all] { $count ->
            [one] { $count } post, last edited first.
           *[other] { $count } posts, last edited first.
        }
    }
posts-col-title = Title
posts-col-authors = Authors
posts-col-edited = Edited
posts-col-published = Published
posts-col-audio = Audio
posts-col-site = On the site
badge-page = Page
badge-yours = Yours
post-status-draft = Draft
post-status-scheduled = Scheduled
post-status-published = Published
posts-due = Due
posts-view-label = View “{ $title }” on the site
posts-pages = Pages of posts
posts-empty-page = There are no posts on this page.
go-to-first-page = Go to the first page.
posts-empty-status =
    { $status ->
        [draft] No draft posts right now.
        [scheduled] No scheduled posts right now.
       *[published] No published posts right now.
    }
posts-show-all = Show all posts.
posts-empty-html = No posts yet. Start the first one with <a href="/admin/posts/new">New post</a>.
posts-notice-welcome = You are signed in.
posts-notice-feed-published = Published to the News Feed.
audio-ready-clock = Ready { $clock }
audio-ready = Ready
audio-queued = Queued
audio-working = Narrating
audio-failed = Failed
audio-skipped = Skipped
audio-off = Off

## The editor

editor-title-edit = Edit: { $title }
editor-untitled = untitled post
editor-heading-edit = Edit post
editor-view-on-site = View on the site
editor-revisions = Revisions
editor-publishes = Publishes
editor-updated = Updated
preview-link-title = Share before publishing
preview-link-secret = Secret preview link
preview-link-copy-now = Copy it now: Byline keeps only a fingerprint of it and cannot show it again. Anyone with this link can read the post as it is now, even as a draft, for seven days or until you revoke it or unpublish the post.
preview-link-works-until = A secret preview link works until { $expires }
preview-link-made = made { $made }
preview-link-made-by = made { $made } by { $name }
preview-link-explain = Make a secret link to let someone read this post before it is published. It works for seven days, or until you revoke it or unpublish the post.
preview-link-new = Make a new link
preview-link-make = Make a preview link
preview-link-revoke = Revoke the link
editor-conflict-see = See what changed
editor-conflict-explain = (opens the differences between your starting revision and revision { $revision }).
editor-headline = Headline
editor-standfirst = Standfirst
editor-standfirst-hint = One or two sentences under the headline. Optional.
editor-slug-hint = The end of the article's address, such as city-budget-2027. Leave it empty to make it from the headline.
editor-kind = Type
editor-kind-post = Article
editor-kind-page = Page (such as About)
editor-body = Body (Markdown)
editor-body-hint = Write in Markdown: a blank line between paragraphs, ## for a subheading, > for a quote, [words](address) for a link.
editor-preview = Preview
editor-preview-empty = The preview shows the body as readers will see it. Press “Preview” to update it.
editor-preview-empty-new = The preview shows the body as readers will see it. Press “Preview” to update it, or just type: it follows along when your browser runs scripts.
editor-save-and-publish = Save and publish
editor-update = Update
editor-save-changes = Save changes
editor-save-draft = Save draft
editor-publish-now = Publish now
editor-update-hint = “Update” changes the article on the site at once. For a correction readers should know about, also add an editor's note below.
editor-publish-at = Publish at ({ $timezone } time)
editor-publish-at-hint = Pick a date and time, then press “Schedule”. The post goes live by itself then.
editor-schedule = Schedule
editor-unpublish = Unpublish
editor-drafts-only = Your role saves drafts. When the post is ready, ask an editor to publish it.
editor-featured = Feature this post
editor-featured-hint = Featured posts are marked and picked first for the home page.
editor-bylines = Bylines
editor-bylines-hint = In the order readers should see them.
editor-byline = Byline { $number }
editor-section = Section
editor-section-hint = The main section, shown above the headline.
editor-more-sections = More sections
editor-one-more-section = One more section
editor-image = Featured image
editor-image-now = The image now.
editor-image-now-size = The image now ({ $width } × { $height } pixels).
editor-image-remove = Remove this image from the post
editor-image-remove-hint = The image stays in the media library.
editor-image-replace = Replace with a new image
editor-image-upload = Upload an image
editor-image-file-hint = A JPEG, PNG, WebP or GIF file. It is added to the media library too.
editor-image-library = Or choose from the library
editor-image-keep = — keep the image above —
alt-text = Alt text
editor-image-alt-hint = Needed whenever there is an image: say what it shows, for readers who cannot see it.
caption = Caption
credit = Credit
credit-hint = Who made the image, such as “Olena Koval/Byline”.
editor-related = Related-article card
editor-related-intro = A card shows another article's headline, picture and summary inside this one.
editor-related-article = Article to show
editor-related-choose = — choose an article —
editor-related-hint = “Add related card” puts a line such as [[related: city-budget-2027]] at the end of the body. Move that line to where the card should appear; the preview shows the card.
editor-related-add = Add related card
notes-title = Editor's notes
note-kind-update = Update
note-kind-correction = Correction
note-kind-clarification = Clarification
notes-none = This article has no editor's notes.
notes-add-title = Add an editor's note
notes-explain = A note tells readers what changed and why. It appears above the article and in the public corrections log, and it marks the article “Updated” with the time you add it. Fixing a typo needs no note: just press “Update”.
notes-kind = Kind of note
notes-text = Note for readers
notes-text-hint = For example: “This article has been updated to include the council's response.” Markdown links work.
notes-add = Add the note
translations-title = Translations
translations-edition-html = This article is in the edition <strong>{ $edition }</strong> (<code>{ $language }</code>).
translations-open = Open this version
translations-translate = Translate into { $edition } ({ $language })
narration-title = Narration
narration-audio-label = Narration of this article
narration-again = Narrate again
narration-narrate = Narrate
narration-off = Switch narration off
narration-on = Switch narration on
narration-duration =
    { $minutes ->
        [0] { $seconds } sec
       *[other] { $seconds ->
            [0] { $minutes } min
           *[other] { $minutes } min { $seconds } sec
        }
    }
narration-made = { $duration }, made by { $engine } on { $date }.
narration-none = Not narrated yet.
narration-none-draft = The article is narrated when it is published.
narration-none-published = Press “Narrate” to make its audio.
narration-queued = Waiting to be narrated.
narration-queued-previous = Readers hear the previous version until then: { $line }
narration-queued-new = Readers see the player once it is ready.
narration-working = Being narrated now.
narration-ready = Narrated.
narration-failed = The last attempt failed.
narration-failed-detail = { $reason } It is tried again automatically.
narration-no-reason = No reason was recorded.
narration-skipped = Not narrated.
narration-switched-off = Narration is switched off for this article.
narration-switched-off-detail = Readers see no audio player.
editor-notice-created = Draft saved.
editor-notice-published = Published. It is on the site now.
editor-notice-scheduled = Scheduled. It will be published at the time you set.
editor-notice-unpublished = Unpublished. It is a draft again and no longer on the site.
editor-notice-note-added = Editor's note added. The article now shows it and its “Updated” time.
editor-notice-restored = Revision restored as a new revision.
editor-notice-narration-queued = Narration queued. The new audio replaces the old one when it is ready.
editor-notice-narration-off = Narration switched off. Readers no longer see the audio player.
editor-notice-narration-on = Narration switched on. The article is narrated again shortly.
editor-notice-preview-revoked = Preview link revoked. Anyone who has it now gets “not found”.
editor-notice-translation = Translation started: a draft in the other edition with the original's words to write over. The original is below, under Translations.
editor-error-no-headline = Write a headline: a post cannot be saved without one.
editor-error-long-headline = Shorten the headline to { $most } characters or fewer.
editor-error-bad-slug = Use only lowercase letters, digits and hyphens in the slug, such as city-budget-2027.
editor-error-no-slug = Write a slug: the headline has no letters to make one from.
editor-error-long-standfirst = Shorten the standfirst to { $most } characters or fewer.
editor-error-kind = Choose article or page.
editor-error-author-gone = That author does not exist any more. Pick another.
editor-error-section-gone = That section does not exist any more. Pick another.
editor-error-image = The featured image cannot be used: { $problem }.
editor-error-no-alt = Describe the image for readers who cannot see it.
editor-error-related = Choose the article the card should show.
editor-error-past = This time has already passed. Choose a time in the future, or publish now.
editor-error-no-time = Choose the date and time to publish.
editor-error-image-gone = That image is no longer in the library.
editor-error-slug-taken = Another post already uses the slug “{ $slug }”. Choose a different one.
editor-error-removed = An author or section you picked was just removed. Pick again.
editor-error-conflict = Someone else saved this post (revision { $revision }) after you opened it, so your changes were not saved. Compare their changes with yours, then reload the editor and apply yours again.
autosave-not-draft = Only drafts save by themselves. Press Update to change the published post.
autosave-mistakes = Not saved yet: the form has mistakes.
autosave-conflict = Someone else saved this post (revision { $revision }). Autosave stopped so nothing is overwritten.
autosave-slug-taken = Not saved yet: another post uses this slug.

## The News Feed composer

feed-not-published = The item was not published yet
feed-headline-hint = Up to 120 characters.
feed-text = Text
feed-text-hint = Two or three lines, up to 600 characters. Links, **bold** and *italics* work: [words](https://…).
feed-article = Link to an article
feed-article-hint = Optional. Type words of its title and pick a suggestion, or paste the article's address.
feed-composer-title = Post to the News Feed
feed-pin = Pin to the top
feed-pin-hint = It stays above newer items until you unpin it; the item pinned before is unpinned.
feed-publish = Publish to the feed
feed-newest = Newest in the feed
edit-label = Edit: { $name }
feed-pinned = Pinned
feed-empty = Nothing in the feed yet.
feed-all = All feed items

## What desk.js says

js-draft-saved-at = Draft saved at { $time }
js-autosave-stopped = Autosave stopped: someone else changed this post.
js-autosave-retry = The draft could not be saved just now. It will try again.
js-autosave-offline = Not saved: the desk cannot be reached. It will try again.
js-copied = Copied
js-copy-failed-link = Copy failed: select the link instead
js-copy-failed-text = Copy failed: select the text instead
js-copy-link = Copy link
js-copy = Copy
js-over-limit =
    { $most ->
        [one] Over the limit of { $most } character.
       *[other] Over the limit of { $most } characters.
    }

## Settings

settings-intro = How the site introduces itself to readers. Changes apply to every page as soon as you save.
settings-site = The site
settings-site-name = Site name
settings-description-hint = One sentence about the newsroom, shown in search results and link previews.
settings-url = Public address
settings-url-hint = Where readers find the site, such as https://news.example.org. Used in feeds, emails and links.
settings-time-language = Time and language
timezone = Time zone
settings-timezone-hint = The newsroom's time zone, such as Europe/Kyiv or America/Chicago. Times on the site and in the desk use it.
settings-language-hint = A language tag such as en, en-GB or uk.
settings-logo = Logo
settings-logo-alt = The current logo
settings-logo-now = The logo now.
settings-logo-remove = Remove the logo
settings-logo-remove-hint = The site shows its name in text instead.
settings-logo-replace = Replace the logo
settings-logo-upload = Upload a logo
settings-logo-hint = A PNG or WebP with a transparent background works best. Optional.
settings-icon = Site icon
settings-icon-alt = The current site icon
settings-icon-now = The icon now.
settings-icon-remove = Remove the icon
settings-icon-remove-hint = Browsers show the theme's own icon instead.
settings-icon-replace = Replace the icon
settings-icon-upload = Upload an icon
settings-icon-hint = Browsers show it on tabs and bookmarks. A square PNG, at least 180 pixels wide, works best. Optional.
settings-navigation = Navigation
settings-navigation-links = Links in the site's menu
settings-navigation-hint = One link per line, written as “Label | /address/”, for example “About | /about/”. Sections are listed on their own; add other pages here.
settings-image-hosts-title = Pictures from other sites
settings-image-hosts = Sites a featured image may come from
settings-image-hosts-hint = One host name per line, such as photos.example-wire.com. Featured images are otherwise uploaded to this site: an address on any other site is refused, so opening a draft never makes your browser visit a stranger's server.
settings-disclosure = Line shown with narrated audio
settings-disclosure-hint = Readers and podcast listeners see it with every narration, for example “This audio is created with AI assistance”.
settings-save = Save settings
settings-saved = Settings saved. The site uses them now.
settings-error-navigation = Line { $line } should read “Label | /address/”, for example “About | /about/”.
settings-error-title = Write the site's name, as readers should see it.
error-timezone = Use a time zone name such as America/Chicago or Europe/Kyiv.
error-language-tag = Use a language tag such as en, en-GB or uk.
settings-error-url = Write the site's public address, starting with https://.
settings-error-image-hosts = Write one host name per line, such as photos.example-wire.com.
settings-error-disclosure = Write the line listeners see with narrated audio, for example “This audio is created with AI assistance”.
settings-error-disclosure-long = Keep the line under 200 characters.
settings-error-logo-address = The logo’s address cannot be used: upload the logo instead.
settings-error-icon-address = The site icon’s address cannot be used: upload the site icon instead.
settings-narration-ready = Narration uses the { $engine }.
settings-narration-partial = Narration uses the { $engine } (the neural voice is not available: { $missing }).
settings-narration-unavailable = Narration unavailable: { $missing }.
settings-narration-off = Narration is switched off (--narration off).
settings-narration-piper = Piper neural voice ({ $voice })
settings-narration-espeak = espeak-ng (fallback voice)

## Editions

editions-intro-html = Each edition is the site in one language, with its own home page, sections, News Feed, newsletters, feeds and search. The main edition lives at <code>/</code>; others live under their own prefix, such as <code>/uk/</code>. Articles can be linked as translations of each other from the editor.
editions-col-edition = Edition
editions-col-address = Address
editions-main = (main)
editions-delete-label = Delete the edition { $name }
editions-add-title = Add an edition
editions-prefix = Address prefix
editions-prefix-hint = Where the edition lives: uk makes /uk/. Lowercase letters, digits and hyphens; it cannot be changed later.
editions-language-hint = A language tag such as uk, de or en-GB. It picks the interface words, the narration voice and how search reads the text.
editions-name = Edition name
editions-name-hint = The name readers of this edition see, in its language.
editions-description-hint = One sentence in the edition's language, for search results and link previews.
editions-timezone-hint = Such as Europe/Kyiv. Times in this edition are shown in it.
editions-dates = Dates
editions-add = Add the edition
editions-date-day-month-year = 4 December 2026
editions-date-month-day-year = December 4, 2026
editions-notice-added = Edition added. Its home page is live; write its first article.
editions-notice-saved = Edition saved.
editions-notice-deleted = Edition deleted.
editions-error-prefix-taken = /{ $prefix }/ is already an edition or an article's address.
editions-error-disclosure = Write the line listeners see beside the narration, in this edition's language.
editions-error-title = Write the edition's name, as its readers should see it.
editions-error-dates = Choose how dates are written.
editions-error-prefix-shape = Use 2 to 20 lowercase letters, digits or hyphens, such as uk or en-gb.
editions-error-prefix-reserved = /{ $prefix }/ is an address the site already uses; choose another prefix.
editions-error-main = The edition at / cannot be deleted.
edition-title = Edition: { $name }
edition-all = All editions
edition-heading-html = Edition at <code>{ $home }</code>
edition-main = This is the main edition: its name, language, time zone and navigation are also the site settings.
edition-language-hint = A language tag such as uk, de or en-GB.
edition-timezone-hint = Such as Europe/Kyiv.
edition-navigation-hint = One link per line: “Label | /address/”.
edition-disclosure = Narration notice
edition-disclosure-hint = The line listeners see beside every narration player, in this edition's language.
edition-save = Save the edition

## Authors and sections

authors-intro = Authors are the names in bylines. Each has a page on the site with a bio and a photo, listing their articles.
sections-intro = Sections group articles by subject. Each has a page on the site; a post's first section is shown above its headline.
bio = Bio
none-yet = None yet
people-view-label = View the page of { $name }
authors-empty = There are no authors yet. Add the first one below.
sections-empty = There are no sections yet. Add the first one below.
authors-add-title = Add an author
sections-add-title = Add a section
people-slug-hint = The end of the page's address, such as { $example }. Leave it empty to make it from the name.
bio-hint = A few sentences for the author page. Markdown links work.
section-description-hint = One or two sentences shown on the section page. Optional.
photo = Photo
photo-hint-optional = A square portrait works best. Optional.
photo-hint = A square portrait works best.
authors-add = Add author
sections-add = Add section
author-edit = Edit author
section-edit = Edit section
authors-all = All authors
sections-all = All sections
people-view-page = View the page on the site
people-slug-change-hint = The end of the page's address. Changing it changes the address, and links to the old one stop working.
photo-current-alt = Current photo of { $name }
photo-now = The photo now.
photo-replace = Replace the photo
people-notice-added = Added.
people-error-no-name = Write a name.
people-error-long-name =
    { $count ->
        [one] Keep the name under { $count } character.
       *[other] Keep the name under { $count } characters.
    }
people-error-bad-slug = Use only lowercase letters, digits and hyphens, such as city-hall.
people-error-no-slug = Write a slug: the name has no letters to make one from.
people-error-unrenderable = This text cannot be saved: { $problem }.
people-error-photo-address = The photo’s address cannot be used: { $problem }.
people-error-slug-taken = The slug “{ $slug }” is already taken. Choose another.

## Media

media-intro = Images uploaded here can be used in any post. Large images are resized, and the details of the camera are stripped out before anything is stored.
media-file = Image file
media-file-hint = A JPEG, PNG, WebP or GIF file.
media-alt-hint = Say what the image shows, for readers who cannot see it.
media-upload = Upload
media-library = Library
media-count =
    { $count ->
        [one] { $count } image, newest first.
       *[other] { $count } images, newest first.
    }
media-size = { $width } × { $height } pixels
media-save-label = Save the details of { $name }
media-not-yours = Uploaded by someone else: an editor can change these words.
media-pages = Pages of the library
media-empty-page = There are no images on this page.
media-empty = The library is empty. Upload the first image above.
media-notice-uploaded = Image uploaded. It is in the library for any post.
media-error-no-file = Choose an image file to upload.
media-error-not-yours = You can change the words of your own uploads only. Ask an editor to change this image's.

## Collections

collections-intro = These lists appear on the site in the order shown here. Changes are live as soon as you make them.
collections-up-label = Move up: { $title }
collections-up = Move up
collections-down-label = Move down: { $title }
collections-down = Move down
collections-remove-label = Remove from { $list }: { $title }
collections-remove = Remove
collections-empty = This list is empty. Add an article below.
collections-add-to = Add an article to { $list }
collections-choose = — choose a published article —
collections-add-label = Add to { $list }
collections-add = Add
collection-editors-picks = Editors' Picks
collection-more-news = More News
collections-notice-saved = Saved. The site shows the new order now.
collections-error-choose = Choose an article first.
collections-error-already-in = That article is already in this list.
collections-error-full = This list is full. Remove an article first.
collections-error-not-in = That article is not in this list any more.
collections-error-gone = That article does not exist any more.

## Redirects

redirects-intro = Old addresses that lead to a page on this site. Imports add the addresses an archive had on its old platform, and changing a published article's slug adds its old address. A redirect is used only where no page answers, so it never hides a page.
redirects-add-title = Add a redirect
redirects-from = Old address
redirects-from-hint = A path on this site, such as /2019/05/harbour-fire/.
redirects-to = Leads to
redirects-to-hint = A path on this site, or a full https:// address.
redirects-kind = Kind
redirects-permanent = Permanent (301)
redirects-temporary = Temporary (302)
redirects-save = Save the redirect
redirects-find-label = Find an address
redirects-find = Find
redirects-count =
    { $count ->
        [one] { $count } redirect.
       *[other] { $count } redirects.
    }
redirects-count-matching =
    { $count ->
        [one] { $count } redirect matching “{ $query }”.
       *[other] { $count } redirects matching “{ $query }”.
    }
redirects-origin = From
redirects-remove-label = Remove the redirect from { $address }
redirects-pages = Pages of redirects
redirects-newer = Newer
redirects-older = Older
redirects-notice-saved = Redirect saved.
redirects-notice-removed = Redirect removed.
redirects-error-from = Write the old address as a path on this site, starting with /, such as /2019/05/old-story/.
redirects-error-to = Write where it should lead: a path on this site starting with /, or a full https:// address.
redirects-error-itself = An address cannot lead to itself.

## Integrations and webhooks

integrations-intro-html = Other software that works with this site: a mobile app, a separate frontend, a newsletter or search service, an automation. Each integration gets two keys in the formats Ghost’s clients use: a <strong>content key</strong> that reads what is published through the Content API at <code>{ $site }/ghost/api/content/</code>, and an <strong>admin key</strong> for the Admin API.
integrations-keys-for = The keys for “{ $name }”
integrations-copy-now = Copy them now: they are shown only this once. If they are lost, regenerate them.
integrations-content-key = Content key
integrations-admin-key = Admin key
integrations-api-address = API address
integrations-add-title = Add an integration
integrations-name-hint = What it is, such as “Mobile app” or “Wire importer”.
integrations-add = Add the integration
integrations-admin-key-id = Admin key id
integrations-added = Added
integrations-keys-made = Keys made
integrations-regenerate-label = Regenerate the keys of { $name }
integrations-regenerate = Regenerate keys
delete-label = Delete { $name }
integrations-none = No integrations yet.
integrations-notice-deleted = Integration deleted. Its keys no longer work.
integrations-error-no-name = An integration needs a name: what it is, such as “Mobile app”.
integrations-error-long-name =
    { $count ->
        [one] An integration's name can be at most { $count } character.
       *[other] An integration's name can be at most { $count } characters.
    }
webhooks-title = Webhooks
webhooks-intro-html = Integrations ask to hear of changes through the Admin API’s <code>webhooks/</code>. Each webhook’s deliveries go out in order, one at a time; a failed one is retried with growing waits for about a day, and a receiver that answers 410 Gone removes its webhook.
webhooks-integration = Integration
webhooks-event = Event
webhooks-target = Target
webhooks-last = Last delivery
webhooks-signed = Signed
webhooks-failed = failed
webhooks-answered = answered { $status }
webhooks-nothing-sent = Nothing sent yet.
webhooks-last-deliveries =
    { $count ->
        [one] Last delivery
       *[other] Last { $count } deliveries
    }
webhooks-delivery-html = <code>{ $event }</code> at { $time }: { $status }
webhooks-after-attempts =
    { $count ->
        [one] after { $count } attempt
       *[other] after { $count } attempts
    }
webhooks-last-error = last error: { $error }
webhooks-none = No webhooks yet.

## Revisions

revisions-title = Revisions: { $title }
revisions-of = of “{ $title }”
back-to-editor = Back to the editor
revisions-intro = Every save keeps a copy of the post. Compare any two, or bring an older one back: restoring saves it as a new revision, so nothing is lost.
revisions-compare = Compare two revisions
revisions-from = From revision
revisions-to = To revision
revisions-show-changes = Show the changes
revisions-revision = Revision
revisions-saved = Saved
revisions-by = By
revisions-what = What happened
revisions-restore-col = Restore
revisions-current = Current
revisions-restore = Restore revision { $number }
revisions-none = This post has no saved revisions yet.
revisions-former-staff = Someone no longer on staff
revisions-reason-created = Created
revisions-reason-saved = Saved
revisions-reason-autosaved = Autosaved
revisions-reason-api-created = Created through the Admin API
revisions-reason-api-saved = Saved through the Admin API
revisions-reason-restored = Restored revision { $number }
revisions-error-conflict = Someone saved this post while you were looking at its revisions. Open the revisions again and retry.
revisions-error-slug-taken = That revision's slug now belongs to another post. Restore it by hand in the editor.
diff-title = Changes from revision { $start } to { $end }: { $title }
diff-heading = Changes
diff-range = from revision { $start } to { $end }
diff-all-revisions = All revisions
diff-explain-html = Post: “{ $title }”. Lines marked <ins class="key"><span class="diff-mark" aria-hidden="true">+</span> added</ins> are in revision { $end } but not in { $start }; lines marked <del class="key"><span class="diff-mark" aria-hidden="true">−</span> removed</del> were in revision { $start } only. Unchanged lines around each change are shown plain.
diff-added = added:
diff-removed = removed:
diff-none = These two revisions hold the same text: nothing changed between them.
diff-field-title = Title
diff-field-body = Body
diff-field-featured = Featured
diff-field-authors = Author ids
diff-field-sections = Section ids

## The News Feed desk

feed-view-on-site = View the feed on the site
feed-intro = Short items readers see beside every article, newest first. A pinned item stays at the top. Changes are live as soon as you make them.
feed-nothing-changed = Nothing was changed
feed-all-items = All items
feed-count =
    { $count ->
        [one] { $count } item, the pinned one first, then newest first.
       *[other] { $count } items, the pinned one first, then newest first.
    }
feed-updated-at = Updated { $time }
feed-unpin-label = Unpin: { $name }
feed-pin-label = Pin to the top: { $name }
feed-unpin = Unpin
feed-pin-short = Pin
feed-delete-confirm = Delete “{ $name }” from the News Feed? Readers will not see it any more.
feed-delete-label = Delete: { $name }
feed-pages = Pages of feed items
feed-empty-page = There are no items on this page.
feed-empty-publish = Nothing in the feed yet. Publish the first item with the form above.
feed-edit-title = Edit feed item
feed-not-marked = Not marked
feed-place = Place
feed-pinned-top = Pinned to the top
feed-time-order = In time order
feed-not-saved = The changes were not saved yet
feed-mark-updated = Mark as updated (shows “Updated” with the time to readers)
feed-mark-updated-hint = Leave it unticked for a typo fix: the item keeps its time.
feed-mark-updated-hint-again = Leave it unticked for a typo fix: the item keeps its time and its earlier “Updated” mark.
feed-place-title = Place in the feed

## Import and export

imports-intro-html = Bring a Ghost or WordPress site's archive in: posts, pages, authors, sections, newsletters, members and old addresses. Running the same file again updates what changed and adds nothing twice. Images come along when the import runs from the command line with the site's media folder (<code>byline import ghost FILE --content DIR</code>, <code>byline import wordpress FILE --uploads DIR</code>); from here, each missing image is listed in the report.
imports-refused = The file was not imported
imports-ghost-hint = The JSON file from Ghost's Settings → Labs → Export (Ghost 4, 5 or 6).
imports-wordpress-hint = The XML file from WordPress's Tools → Export → All content.
imports-from = From { $platform }
imports-file = { $platform } export file
imports-at-most = At most { $megabytes } MB.
imports-button = Import from { $platform }
imports-recent = Recent imports
imports-col-file = File
imports-col-started = Started
import-status-queued = Queued
import-status-running = Running
import-status-done = Done
import-status-failed = Failed
export-title = Take everything out
export-intro-html = The whole site in Ghost's import format (posts, pages, sections, authors, newsletters and their members with the consent they gave), which Ghost and Byline both import, and its images as a tar archive laid out like Ghost's <code>content</code> folder.
export-site = Download the site (JSON)
export-media = Download the images (tar)
imports-error-platform = Choose Ghost or WordPress: the form named no platform the desk imports from.
imports-error-no-file = Choose the export file to import.
imports-error-upload-too-large = The file is larger than { $most } MB. Import it from the command line (byline import), which reads files up to { $command_line } MB.
imports-error-unreadable = Nothing was imported: the file could not be read.
imports-error-too-large = Nothing was imported: the file is { $size } MB; imports read at most { $limit } MB (from the command line, --max-file-mb raises the limit).
imports-error-wrong-shape = Nothing was imported: this is not a { $platform } export ({ $reason }).
imports-error-not-well-formed = Nothing was imported: the file is not well-formed { $format } ({ $detail }).
imports-error-entities = Nothing was imported: the file declares a document type with entities. WordPress exports never do, and entities can make a small file expand to gigabytes or read files on this server, so it is refused.
imports-error-stopped = Nothing was imported: the check was stopped.
export-error-media = { $problem }. No archive was made; try again in a moment.
import-title = Import of { $file }
import-waiting = Waiting to start. This page refreshes itself.
import-running = Importing: { $stage }
import-starting = starting
import-progress = , { $done } of { $total }
import-refreshes = This page refreshes itself; the import goes on if you leave it.
import-progress-label = Progress of the import
import-stopped = The import stopped
import-stopped-help = Nothing from the file was left half-imported. Correct the file and import it again.
import-done = Imported from { $platform }
import-what = What was imported
import-new = New
import-unchanged = Unchanged
import-kind-posts = Posts
import-kind-pages = Pages
import-kind-authors = Authors
import-kind-tags = Sections
import-kind-images = Images
import-kind-newsletters = Newsletters
import-kind-members = Members
import-kind-redirects = Redirects
import-left-out = Left out
import-left-out-intro = Byline has no place for these:
import-problems =
    { $count ->
        [one] { $count } thing to look at
       *[other] { $count } things to look at
    }
import-problems-more =
    { $count ->
        [one] … and { $count } more.
       *[other] … and { $count } more.
    }

## Newsletters

nl-subnav = Newsletter desk
nl-issues = Issues
nl-new-issue = New issue
nl-name-hint = As readers see it, such as The Daily Briefing.
nl-slug = Address part
nl-slug-hint = Used in links and in import files, such as daily-briefing. Leave it empty to make it from the name.
nl-description-hint = One or two sentences for the signup box and the newsletters page. Up to 300 characters.
nl-cadence = When it arrives
nl-cadence-hint = In your words, such as “Six mornings a week”. Optional.
nl-sender-name = Sender name
nl-sender-name-hint = Shown as the sender in the inbox.
nl-sender-email = Sender address
nl-sender-email-hint = Issues are sent from it, such as news@example.org.
nl-reply-to = Reply-to address
nl-reply-to-hint = Where replies go. Leave it empty to have them go to the sender address.
nl-signup-open = Open for signup
nl-signup-open-hint = Signup boxes and the newsletters page offer it. Closing signup keeps everyone already on it.
csv-import-title = Import from a CSV file
csv-import-intro-html = The first line names the columns: <code>email</code> and <code>consent</code> are required, <code>name</code> and <code>newsletters</code> optional. <code>consent</code> says whether the person agreed to receive the newsletters (yes or no): with yes they are confirmed at once, with no they get nothing until they confirm by signing up themselves. <code>newsletters</code> lists address parts such as <code>daily-briefing</code>, separated by <code>;</code> or spaces. If any line is wrong, nothing is imported and every problem is listed. Up to 10 MB and 100,000 lines.
csv-file = CSV file
csv-newsletter = Newsletter, if the file has no newsletters column
csv-newsletter-from-file = — from the file's newsletters column —
csv-import = Check and import
nl-intro = Each newsletter has its own subscribers. Readers sign up from the boxes on the site and confirm by email; only confirmed subscribers receive issues.
nl-signup = Signup
nl-confirmed = Confirmed
nl-waiting = Waiting
nl-left = Left
nl-open = Open
nl-closed = Closed
nl-confirmed-label =
    { $count ->
        [one] { $count } confirmed subscriber of { $name }
       *[other] { $count } confirmed subscribers of { $name }
    }
nl-new-issue-label = New issue of { $name }
nl-empty = There are no newsletters yet. Add the first one below.
nl-add-title = New newsletter
nl-not-added = The newsletter was not added yet
nl-add = Add newsletter
nl-edit-title = Edit newsletter: { $name }
nl-edit = Edit newsletter
nl-all = All newsletters
nl-its-subscribers = Its subscribers
nl-waiting-confirmation = Waiting for confirmation
nl-edition = Edition
nl-edition-hint = The edition whose signup boxes and newsletters page offer it.
nl-forbidden = Only editors and administrators can work on newsletters and their subscribers.
nl-notice-created = Newsletter added. Signup boxes offer it if signup is open.
nl-error-edition = Choose one of the site's editions.
nl-error-slug-taken = Another newsletter already uses this address part. Choose a different one.
nl-error-no-name = Give the newsletter a name.
nl-error-long-name =
    { $count ->
        [one] Keep the name under { $count } character.
       *[other] Keep the name under { $count } characters.
    }
nl-error-slug = The address part is not usable: { $problem }.
nl-error-long-description =
    { $count ->
        [one] Keep the description under { $count } character.
       *[other] Keep the description under { $count } characters.
    }
nl-error-long-cadence =
    { $count ->
        [one] Keep the schedule line under { $count } character.
       *[other] Keep the schedule line under { $count } characters.
    }
nl-error-no-sender-name = Name the sender readers see in their inbox.
nl-error-sender-name =
    { $count ->
        [one] Use a plain name under { $count } character, without < > or quotes.
       *[other] Use a plain name under { $count } characters, without < > or quotes.
    }
nl-error-sender-email = Enter the address issues are sent from, like news@example.org.
nl-error-reply-to = Enter a correct reply-to address, or leave it empty.
issues-title = Newsletter issues
issues-no-newsletters-html = There are no newsletters yet. <a href="/admin/newsletters/">Add a newsletter</a> first, then write its first issue.
issues-caption = Issues, newest first
issue-subject = Subject
issue-newsletter = Newsletter
issues-when = Goes out / went out
issues-sent = Sent
issues-no-subject = (no subject)
issue-status-draft = Draft
issue-status-scheduled = Scheduled
issue-status-sending = Sending
issue-status-sent = Sent
issue-status-cancelled = Cancelled
issues-sent-of = { $sent } of { $total }
issues-empty-html = No issues yet. <a href="/admin/newsletters/issues/new">Write the first one</a>.
issue-title = Issue: { $subject }
issue-edit = Edit issue
issue-heading = Issue
issue-test-not-sent = The test was not sent
issue-goes-out = Goes out
issue-started = Sending started
issue-finished = Finished
issue-as-email = As the email
issue-plain-text = Plain text
issue-not-saved = The issue was not saved yet
issue-subject-hint = The subject line in the inbox. Up to 150 characters.
issue-preheader = Preview text
issue-preheader-hint = The line inboxes show after the subject. Optional; up to 200 characters.
issue-body = Body
issue-body-hint = Markdown: **bold**, *italics*, [a link](https://…), ## a heading, - a list.
issue-cards = Article cards
issue-cards-hint = Optional. Tick the articles to show as cards under the body, in the order listed here. The newest published articles are offered; ticked ones stay at the top.
issue-not-published = Not published
issue-no-articles = No articles are published yet.
issue-actions = Save, check, send
issue-send-test = Send a test to me
issue-send-now = Send now…
issue-actions-hint = Every button saves first. The test goes to { $email } only; “Send now” asks you to confirm before anything goes out.
issue-send-at = Send at ({ $timezone } time)
issue-send-at-hint = Pick a date and time, then press “Schedule”. It goes out by itself then.
issue-scheduled-for = Scheduled to go out on { $time }. Take it back to draft to stop that.
issue-unschedule = Unschedule
issue-delivery = Delivery
issue-delivery-counts = { $sent } of { $total } sent · { $failed } failed · { $queued } waiting
issue-delivery-retrying = ({ $count } to try again)
issue-nobody = Nobody had confirmed this newsletter when sending started, so nobody received this issue.
issue-sending-refresh = Sending. This page refreshes itself every 5 seconds until it is done.
issue-stop-refreshing = Stop refreshing
issue-sending = Sending.
issue-check-again = Check again
issue-refresh-every = Refresh every 5 seconds
issue-problems = Recipients with problems
issue-attempts = Attempts
issue-last-error = Last error
issue-will-retry = Will retry
issue-what-sent = What was sent
issue-no-cards = None
send-title = Send “{ $subject }”?
send-heading = Send now?
send-back = Back to the issue
send-confirm =
    { $count ->
        [one] Send to { $count } confirmed subscriber?
       *[other] Send to { $count } confirmed subscribers?
    }
send-explain = “{ $subject }” goes to everyone confirmed on { $newsletter } now, once each. People who confirm later do not get it. This cannot be stopped once it starts.
send-was-scheduled = It was scheduled for { $time }; sending now replaces that.
send-button =
    { $count ->
        [one] Send to { $count } subscriber
       *[other] Send to { $count } subscribers
    }
send-nobody = Nobody would receive it
send-nobody-explain = No one has confirmed { $newsletter } yet, so there is nobody to send “{ $subject }” to. Send a test to yourself instead, or wait for subscribers.
text-title = Plain text: { $subject }
text-heading = Plain-text part of “{ $subject }”
issue-notice-saved = Draft saved.
issue-notice-test-sent = Test sent to { $email }.
issue-notice-scheduled = Scheduled. It goes out by itself on { $time } ({ $timezone } time).
issue-notice-unscheduled = Back to draft: it will not go out until you send or schedule it.
issue-notice-sending = Sending has started. This page shows how far it has got.
issue-notice-already-sending = This issue was already being sent; nobody gets it twice.
issue-article-deleted = Article { $id } (deleted)
issue-error-newsletter = Choose the newsletter this issue belongs to.
issue-error-no-subject = Write a subject line.
issue-error-long-subject =
    { $count ->
        [one] Keep the subject under { $count } character.
       *[other] Keep the subject under { $count } characters.
    }
issue-error-long-preheader =
    { $count ->
        [one] Keep the preview text under { $count } character.
       *[other] Keep the preview text under { $count } characters.
    }
issue-error-long-body = The body is too long for one email.
issue-error-unrenderable = This text cannot be sent: { $problem }.
issue-error-no-time = Choose the date and time to send it.
issue-error-bad-time = Enter a date and time, such as 2026-03-02 06:30.
issue-error-past = This time has already passed. Choose a time in the future, or send now.
issue-error-unreadable-articles = The picked articles could not be read. Tick them again.
issue-error-too-many-articles =
    { $count ->
        [one] Pick at most { $count } article for one issue.
       *[other] Pick at most { $count } articles for one issue.
    }
issue-error-unpublished-article = An article you picked is no longer published. Untick it, or publish it again first.
issue-error-being-sent = This issue is being sent, so it can no longer be changed. Its page shows how far delivery has got.
issue-error-sent = This issue has been sent, so it can no longer be changed.
issue-error-cancelled = This issue was cancelled, so it can no longer be changed.
issue-error-cancelled-send = This issue was cancelled, so it cannot be sent.
issue-error-test-not-sent = The issue was saved, but the test could not be sent. Check the mail settings, then press “Send a test to me” again.

## Subscribers

subs-export = Export all as CSV
subs-import = Import from CSV
subs-search-label = Address or name
sub-status-pending = Waiting for confirmation
sub-status-active = Confirmed
sub-status-left = Left
subs-any-state = Any state
subs-search = Search
subs-count =
    { $count ->
        [one] { $count } person, newest first.
       *[other] { $count } people, newest first.
    }
subs-count-found =
    { $count ->
        [one] { $count } person found, newest first.
       *[other] { $count } people found, newest first.
    }
subs-show-everyone = Show everyone.
subs-joined = Joined
subs-pages = Pages of subscribers
subs-empty-page = There is nobody on this page.
subs-none-match = Nobody matches.
subs-empty = Nobody has signed up yet. Readers sign up from the boxes on the site, or import a list below.
sub-title = Subscriber: { $email }
sub-heading = Subscriber
subs-all = All subscribers
sub-no-name = Not given
sub-first-signed-up = First signed up
sub-came-from = Came from
sub-asked = Asked
sub-no-newsletter = On no newsletter.
sub-history = History
sub-nothing-recorded = Nothing recorded.
sub-issues-sent = Issues sent
sub-no-issues = No issue has been sent to this address.
sub-delete = Delete this person completely
sub-delete-explain = For a request to be forgotten: the address, the name, every subscription, the history above and every delivery record go. Issues already delivered stay in their inbox.
sub-delete-confirm = I understand this cannot be undone
subs-import-title = Import subscribers
subs-imported-lines =
    { $count ->
        [one] Imported { $count } line
       *[other] Imported { $count } lines
    }
subs-imported-confirmed-html =
    { $count ->
        [one] <strong class="import-confirmed">{ $count }</strong> subscription confirmed (consent in the file)
       *[other] <strong class="import-confirmed">{ $count }</strong> subscriptions confirmed (consent in the file)
    }
subs-imported-pending-html = <strong class="import-pending">{ $count }</strong> waiting for the person's own confirmation (no consent in the file)
subs-imported-unchanged-html = <strong class="import-unchanged">{ $count }</strong> already there, unchanged
subs-imported-left-html = <strong class="import-left-kept">{ $count }</strong> not added back: the person had left that newsletter
subs-see = See the subscribers
subs-nothing-imported = Nothing was imported
subs-correct =
    { $count ->
        [one] Correct this problem in the file, then import it again.
       *[other] Correct these problems in the file, then import it again.
    }
subs-line = Line { $line }:
subs-notice-deleted = The person was deleted, with their history and deliveries.
sub-error-confirm = Tick the box to confirm: deleting cannot be undone.
csv-error-no-file = Choose the CSV file to import.
csv-error-too-large = The file is larger than 10 MB. Split it into smaller files.
csv-error-newsletter = Choose one of the newsletters.
csv-error-not-utf8 = The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again.
csv-error-empty = The file is empty.
csv-error-header-unreadable = The first line could not be read as CSV.
csv-error-header-is-address = The first line must name the columns (email, consent, and optionally name and newsletters), but it holds an address. Add a header line.
csv-error-no-email-column = The file has no “email” column. The first line must name the columns: email, consent, and optionally name and newsletters.
csv-error-no-consent-column = The file has no “consent” column. Add one saying for each person whether they agreed to receive the newsletters (yes or no).
csv-error-no-newsletter = The file has no “newsletters” column, so choose the newsletter to import into.
csv-error-line-unreadable = This line could not be read as CSV.
csv-error-too-many-rows =
    { $count ->
        [one] The file has more than { $count } address. Split it into smaller files.
       *[other] The file has more than { $count } addresses. Split it into smaller files.
    }
csv-error-no-addresses = The file has a header line but no addresses under it.
csv-error-email-missing = the email address is missing.
csv-error-email = “{ $email }”: { $problem }.
csv-error-consent = consent “{ $consent }” is not yes or no (write yes, no, true, false, 1, 0, y or n).
csv-error-unknown-newsletter = no newsletter is called “{ $newsletter }” (the newsletters are: { $known }).
csv-error-no-newsletter-named = the newsletters column is empty: name at least one newsletter, such as daily-briefing.

## Staff

staff-intro = Who can use the desk, and what each person may do. Contributors write drafts; authors also publish their own posts; editors work on every post and run sections, collections and notes; administrators also manage settings and staff.
staff-members = Staff members
staff-role-access = Role and access
staff-you = (you)
staff-deactivated = Deactivated
staff-invited = Invited
staff-active = Active
staff-error-email = Enter the person's email address, such as name@example.org.
staff-error-name = Write the person's name.
staff-error-role = Choose a role.
staff-error-email-taken = Someone on the staff already has this email address.
staff-error-not-sent = The invitation could not be sent by email. Check the mail settings, then invite again.
staff-error-last-admin = This is the only active administrator. Make someone else an administrator first.
staff-of = of { $name }
staff-save-role-label = Save role of { $name }
staff-save-role = Save role
staff-deactivate-label = Deactivate { $name }
staff-deactivate = Deactivate
staff-reactivate-label = Reactivate { $name }
staff-reactivate = Reactivate
staff-invite-title = Invite someone
staff-invite-intro = They get an email with a link to choose a password. The link works for three days.
staff-invite = Send the invitation
staff-notice-invited = Invitation sent. The link in it works for three days.

# Posts and editions: the posts list's edition filter, a new post's edition, moving a post.
posts-filter-editions = Show posts by edition
posts-filter-every-edition = All editions
posts-col-edition = Edition
posts-empty-edition = There are no posts in { $edition } yet.
posts-show-every-edition = Show every edition.
posts-error-edition = That edition does not exist. Open the list of posts and choose one of its editions.
editor-edition = Edition
editor-edition-hint = Where it is published: the edition's address and language.
editor-error-edition = Choose one of the site's editions.
editor-error-edition-taken = That edition already has a version of this article (a linked translation). Open that version instead, or choose another edition.
editor-move-title = Move to another edition
editor-move-hint = Its address takes that edition's prefix, and the old address leads readers to the new one. Its words stay as they are: translate them if the edition's language needs it.
editor-move = Move
editor-notice-moved = Moved to another edition. Its address now starts with that edition's prefix, and the old address leads readers there.

## The News Feed per edition, and its notices
feed-edition = Edition
feed-editions = Editions' feeds
feed-notice-published = Published to the News Feed.
feed-notice-saved = Saved. Readers see the change now.
feed-notice-deleted = Deleted from the News Feed.
feed-notice-pinned = Pinned to the top of the News Feed.
feed-notice-unpinned = Unpinned. The item is back in time order.
feed-refused-pin = The form did not say whether to pin or unpin the item. Press Pin or Unpin again.
feed-error-edition = Choose one of the site's editions.
feed-error-headline-missing = Write a headline.
feed-error-headline-too-long = Keep the headline to { $max } characters; it has { $count }.
feed-error-text-missing = Write the item's text: two or three lines.
feed-error-text-too-long = Keep the text to { $max } characters; it has { $count }. Link to an article for the full story.
feed-error-no-article = No published article matches “{ $reference }”. Pick one from the suggestions, or paste its address.

## A section's names in other editions
section-names-link = Names in other editions
section-names-title = Names in other editions: { $name }
section-names-heading = Names in other editions
section-names-back = Edit the section
section-names-intro = Sections are shared by every edition. Each edition can name this one in its language: its pages then show that name and description wherever the section appears. A blank name keeps the section's own, { $name }.
section-names-only-one = This site has one edition, so a section has one name. Add an edition under Editions to name sections in its language.
section-names-name = Name in { $edition }
section-names-name-hint = Leave it empty to show { $name }.
section-names-description = Description in { $edition }
section-names-description-hint = One or two sentences shown under the name on the section page. Optional.
section-names-save = Save names
section-names-notice-saved = Saved. The editions' pages show the new names.
section-names-error-too-long = Keep the name in { $edition } to { $max } characters; it has { $count }.
section-names-error-description-alone = Write the name in { $edition } too: a description needs the name it describes.
section-names-error-description = The description in { $edition } is too long or nested too deeply; shorten or flatten it.
