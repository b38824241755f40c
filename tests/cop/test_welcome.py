"""A new member's welcome, and finding the introductions thread from the forum page."""

import re

from django.core import mail
from django.urls import reverse

from cop.models import Category, Subscription
from tests.conftest import PASSWORD


def test_confirming_a_new_account_lands_on_the_welcome(client, thread_factory):
    intro = thread_factory(title="Introduce yourself")
    intro.start_here = True
    intro.save()
    client.post("/accounts/signup/", {
        "email": "newcomer@example.org", "username": "newcomer",
        "password1": PASSWORD, "password2": PASSWORD,
    })
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cop:welcome")
    page = response.content.decode()
    assert "Welcome, newcomer" in page
    assert "Introduce yourself" in page and intro.get_absolute_url() in page
    assert "Follow the topics you care about" in page


def test_welcome_page_follows_a_category(client, member, category):
    client.login(username=member.username, password=PASSWORD)
    page = client.get(reverse("cop:welcome")).content.decode()
    assert f"Follow {category.name}" in page
    response = client.post(reverse("cop:follow"), {
        "kind": "category", "id": str(category.pk), "next": reverse("cop:welcome"),
    })
    assert response.url == reverse("cop:welcome")
    assert Subscription.objects.filter(user=member, category=category).exists()
    assert "Stop following" in client.get(reverse("cop:welcome")).content.decode()


def test_welcome_needs_an_account(client, db):
    assert client.get(reverse("cop:welcome")).status_code == 302


def test_introductions_are_found_among_many_one_post_resource_threads(
    client, thread_factory, category
):
    intro = thread_factory(category=category, title="Introduce yourself")
    resources = Category.objects.create(name="Resources", slug="resources")
    for i in range(12):
        thread_factory(category=resources, title=f"Discussion of toolkit {i}")
    page = client.get(reverse("cop:index")).content.decode()
    assert intro.title in page
    assert "Discussion of toolkit 11" not in page
