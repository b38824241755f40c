"""The one sanitiser: member Markdown becomes safe HTML with working tags and mentions."""

from cop.markup import extract_hashtags, extract_mentions, render_markdown


def test_render_markdown_script_tag_is_inert():
    html = render_markdown("Hello <script>alert('x')</script> and <img src=x onerror=alert(1)>")
    assert "<script" not in html
    assert "<img" not in html  # the tag is escaped text, its handler can never run
    assert "&lt;script&gt;" in html  # shown as text, so the writer sees what they typed


def test_render_markdown_javascript_link_loses_its_href():
    html = render_markdown("[click me](javascript:alert(1))")
    assert "href=\"javascript" not in html and "<a" not in html


def test_render_markdown_links_are_marked_nofollow_ugc():
    html = render_markdown("See [our report](https://example.org/report.pdf) and https://example.net")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.net"' in html


def test_render_markdown_hashtags_and_mentions_become_links():
    html = render_markdown("Join us #CoProduceGM, says @amina.")
    assert '<a href="/forum/tags/coproducegm/"' in html
    assert ">#CoProduceGM</a>" in html
    assert '<a href="/forum/members/amina/"' in html


def test_render_markdown_headings_are_demoted():
    html = render_markdown("# Big title\n\ntext")
    assert "<h1>" not in html and "<h3>Big title</h3>" in html


def test_extract_hashtags_ignores_urls_anchors_and_repeats():
    text = "#PeerResearch and #peerresearch, not https://x.org/#anchor or C# or &#39;"
    assert extract_hashtags(text) == ["PeerResearch"]


def test_extract_mentions_ignores_email_addresses():
    assert extract_mentions("write to jo@example.org or ask @Sam_P.") == ["sam_p"]
