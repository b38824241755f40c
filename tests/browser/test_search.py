"""Search in a real browser: the filters are a labelled form, results carry marked extracts,
and axe-core finds no WCAG 2.2 AA problem at desktop and phone widths."""

import pytest

from tests.browser.conftest import axe_violations


@pytest.fixture
def discussions(site_tree, member, other_member, category, thread_factory, post_factory):
    thread = thread_factory(category=category, author=member, title="Paying peer researchers",
                            body="We pay peer researchers £15 an hour & cover travel <always>.")
    post_factory(thread=thread, author=other_member,
                 body="Our peer researchers chose how they were paid.")
    thread_factory(category=category, author=other_member, title="Choir practice",
                   body="Singing on Thursdays.")
    return thread


def _search_with_filters(page, category):
    page.goto("/forum/search/")
    page.get_by_label("What are you looking for?").fill('"peer researchers" &<>')
    page.get_by_label("Show").select_option("post")
    page.get_by_label("Category").select_option(category.slug)
    page.get_by_label("Sort by").select_option("date")
    page.locator("#main").get_by_role("button", name="Search").click()
    page.wait_for_url("**/forum/search/?*")


def test_search_filters_and_highlights_in_the_browser(page, discussions, category):
    _search_with_filters(page, category)
    assert page.get_by_role("group", name="Narrow your search").is_visible()
    results = page.locator(".search-result")
    assert results.count() == 1
    assert "Our peer researchers chose" in results.first.inner_text()
    assert page.locator(".search-snippet mark").first.inner_text().lower() == "peer"
    assert axe_violations(page) == []


def test_search_page_with_results_on_a_phone(phone_page, discussions, category):
    phone_page.goto("/forum/search/?q=peer+travel&since=not-a-date")
    assert "Please give the date as YYYY-MM-DD." in phone_page.content()
    assert axe_violations(phone_page) == []
    _search_with_filters(phone_page, category)
    overflow = phone_page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    assert axe_violations(phone_page) == []
