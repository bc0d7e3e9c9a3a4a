# The default theme's interface in English: the language every other file falls back to.
# Project Fluent syntax (https://projectfluent.org/fluent/guide/). Templates call
# t("message-id", name=value); ids ending in -html may hold markup, and their values
# are escaped before they are put in.

## Dates and times (see docs/THEMES.md for the variables)

date-month =
    { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
date = { date-month } { $day }, { $year }
time = { $hour12 }:{ $minute } { $period ->
        [am] AM
       *[pm] PM
    }
date-time = { date } { time }

## Every page

skip-to-content = Skip to content
preview-banner = Preview of a { $status ->
        [draft] draft
        [scheduled] scheduled
       *[other] { $status }
    } post. Readers cannot see this page; do not share the link outside the newsroom.
search-articles = Search articles
search-placeholder = Search
search-button = Search
nav-main = Main
# What the language calls itself, in the language switch.
language-name = English
language-switch = Languages
sidebar-label = More from { $site }
footer-label = Footer
footer-rss = RSS feed
all-newsletters = All newsletters
news-feed = News Feed
newsletters = Newsletters
editors-picks = Editors’ Picks
page-suffix = (page { $page })
pagination-label = Pagination
pagination-newer = Newer
pagination-older = Older
pagination-count = Page { $page } of { $pages }

## Articles and cards

byline = By
list-and = and
updated = Updated
reading-time = { $minutes } min read
note-kind =
    { $kind ->
        [correction] Correction
        [clarification] Clarification
       *[update] Editor's note
    }
topics = Topics
about-authors =
    { $count ->
        [one] About the author
       *[other] About the authors
    }
related = Related
related-label = Related article: { $title }

## The narration player

listen = Listen to this article
listen-duration =
    { $minutes ->
        [0] { $seconds } sec
       *[other] { $seconds ->
            [0] { $minutes } min
           *[other] { $minutes } min { $seconds } sec
        }
    }
listen-download = Download the audio (MP3, { $megabytes } MB)
listen-disclosure = This audio is created with AI assistance

## Home page

top-stories = Top stories
no-stories = No stories have been published yet.
latest = Latest
more-news = More News
more-in-section = More in { $section }

## Section and author lists

author-kicker = Author
nothing-published = Nothing has been published here yet.

## News Feed

news-feed-intro = Short updates from our newsroom, newest first.
news-feed-live = New items appear here as they are published.
news-feed-empty = No news feed items yet.
news-feed-show-more = Show more
news-feed-all = All news feed items
news-feed-pinned = Pinned
news-feed-full-story = Read the full story
news-feed-announce-new = New in the News Feed: { $headline }
news-feed-announce-end = No more items in the News Feed.
news-feed-announce-more =
    { $count ->
        [one] One more item shown.
       *[other] { $count } more items shown.
    }
news-feed-announce-failed = Could not load more items. Try again in a moment.
news-feed-rss-title = { $site } News Feed
news-feed-rss-description = Short updates from { $site }, newest first

## Search

search-title = Search
search-title-query = Search: { $query }
search-archive = Search the archive
search-every-article = Search every article
search-help = All words must match. Put a phrase in quotes: "flood wall".
search-count =
    { $total ->
        [one] { $total } article matches “{ $query }”
       *[other] { $total } articles match “{ $query }”
    }
search-count-capped = More than { $total } articles match “{ $query }”: here are the best matches among the newest.
search-suggest-none = No articles match yet. Press Enter to search everything.
search-unreadable = That search could not be read. Please type your words again.
search-empty = Type a word or two to search every article we have published.
search-no-match = No articles match “{ $query }”. Check the spelling, or try fewer or more general words.

## Corrections

corrections-title = Corrections and updates
corrections-description = Every correction, clarification and significant update { $site } has made to a published article, newest first.
corrections-intro = When we correct a mistake, clarify a point or significantly update a published article, we say so in a dated editor’s note on the article. This page collects every note, newest first.
corrections-count =
    { $total ->
        [one] { $total } note in all.
       *[other] { $total } notes in all.
    }
corrections-none-on-page-html = There are no notes on this page. <a href="/corrections/">See the newest notes</a>.
corrections-none = No corrections or updates have been logged yet.

## The 404 page

not-found-title = Page not found
not-found-kicker = Error 404
not-found-heading = We couldn’t find that page
not-found-text-html = There is nothing at <code class="path">{ $path }</code>. The link may be mistyped, or the story may have moved.
not-found-next = Where to go next
not-found-front-page = { $site } front page
not-found-moved-html = If you followed a link to a story, it may have moved or been unpublished; the <a href="/news-feed/">News Feed</a> has the latest from the newsroom.

## Newsletter signup

newsletter-kicker = Newsletter
signup-intro = Enter your email to subscribe.
signup-required = indicates required
signup-email = Email address
signup-name = Name
signup-optional = (optional)
signup-leave-empty = Leave this field empty
signup-button = Subscribe
signup-button-to = to { $newsletter }
signup-choose = Choose your newsletters
signup-bad-email = Please enter a correct email address
signup-no-newsletter = Choose at least one newsletter.
signup-failed = Something went wrong on our side. Please try again in a few minutes.
signup-offline = We could not reach the server. Check your connection and try again.
signup-thanks = Thank you. Check your inbox for a confirmation email.
signup-sent = Almost done: a confirmation email is on its way. Open it and follow the link to start receiving the newsletter.
signup-busy = We could not send the confirmation email just now. Please try again in a few minutes.
signup-check-form = Please check the form.

## The newsletters page

newsletters-description = The newsletters of { $site }: choose the ones you want and get them by email.
newsletters-intro = Get { $site } in your inbox. Choose one or more newsletters and enter your email; we will send you a link to confirm, and every email we send has a link to unsubscribe.
newsletters-none = There are no newsletters to sign up for at the moment. Please check back soon.

## Confirm, unsubscribe and preference pages

np-unsubscribe = Unsubscribe
np-unsubscribe-from = Unsubscribe from { $newsletter }
np-choose-instead-html = Or <a href="{ $url }">choose which newsletters you get</a> instead.
np-newsletters-for-html = Newsletters for <span class="np-email">{ $email }</span>
np-your-newsletters = Your newsletters
np-save = Save preferences
np-leave-all = Leave all newsletters
np-now-active = Now active
np-change = Change which newsletters you get
np-back-home = Back to the front page
np-confirm-invalid-title = This confirmation link is not valid
np-confirm-invalid-text = The link may have been cut short or changed when it was copied. Open it straight from the email, or sign up again to get a new one.
np-confirmed-title = You're subscribed
np-confirmed-text = Thank you for confirming. The next issue will arrive in your inbox; every issue has a link to change your newsletters or leave.
np-already-title = Already confirmed
np-already-text = This link has been used before, so nothing changed. You are subscribed to the newsletters below.
np-expired-title = This confirmation link has expired
np-expired-text = Links work for 48 hours. Sign up again and we will send you a new one.
np-unknown-title = This confirmation link is no longer valid
np-unknown-text = It may be from an old email. Sign up again and we will send you a new one.
np-unsubscribe-title = Unsubscribe from { $newsletter }?
np-unsubscribe-text = Press the button and you will not receive this newsletter any more.
np-unsubscribe-invalid-title = This unsubscribe link is not valid
np-unsubscribe-invalid-text = The link may have been cut short when it was copied. Open it straight from the email; every issue has one.
np-this-newsletter = this newsletter
np-left-title = You're unsubscribed
np-left = You will not receive { $newsletter } any more. Changed your mind? You can join again on the newsletters page.
np-left-already = You had already left { $newsletter }, so nothing changed.
np-preferences-text = Tick the newsletters you want to receive and save. No password needed: this page's address is your key, so keep it to yourself.
np-preferences-invalid-title = This link is not valid
np-preferences-invalid-text = The link may have been cut short when it was copied. Open it straight from a newsletter email; every issue has one.
np-saved-none = Saved. You have left every newsletter and will receive no more issues.
np-saved = Saved. You will receive the newsletters ticked below.
