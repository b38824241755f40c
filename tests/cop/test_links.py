"""Addresses of threads, posts, categories and tags are exactly what Django's reverse() gives,
however they are made."""

import pytest
from django.urls import reverse, set_script_prefix

from cop.links import path_to


@pytest.mark.parametrize(("route", "argument", "value"), [
    ("cop:thread", "pk", 7), ("cop:post", "pk", 123456), ("cop:category", "slug", "carers"),
    ("cop:tag", "slug", "coproducegm"), ("cop:tag", "slug", "co-produce_gm-2"),
    ("cop:profile", "username", "sam_patel"), ("cop:profile", "username", "sam.patel+cop@x"),
])
def test_addresses_match_reverse(route, argument, value):
    assert path_to(route, argument, value) == reverse(route, kwargs={argument: value})


def test_addresses_follow_the_script_prefix():
    """A site served under a sub-path (SCRIPT_NAME) gets the prefix on every address."""
    try:
        set_script_prefix("/community/")
        assert path_to("cop:thread", "pk", 3) == reverse("cop:thread", kwargs={"pk": 3})
        assert path_to("cop:thread", "pk", 3).startswith("/community/")
    finally:
        set_script_prefix("/")
    assert not path_to("cop:thread", "pk", 3).startswith("/community/")


def test_values_that_need_quoting_or_are_missing_go_through_reverse():
    from django.urls import NoReverseMatch

    with pytest.raises((NoReverseMatch, TypeError)):  # as reverse() does: no "/t/None/"
        path_to("cop:thread", "pk", None)
    with pytest.raises(NoReverseMatch):
        path_to("cop:thread", "pk", -1)
    for odd in ("two words", "café", "a/b"):
        try:
            expected = reverse("cop:profile", kwargs={"username": odd})
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                path_to("cop:profile", "username", odd)
        else:
            assert path_to("cop:profile", "username", odd) == expected
