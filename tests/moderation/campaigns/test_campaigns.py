"""Campaign purges: finding every post and account a spam campaign shares, then removing them."""

import pytest
from django.urls import reverse

from cop.enums import PostStatus
from moderation.campaigns.find import find_campaign
from moderation.campaigns.purge import purge_campaign
from moderation.contacts import is_common_domain
from moderation.enums import DecisionAction
from moderation.models import ModerationDecision

pytestmark = pytest.mark.django_db


def _posts(campaign):
    return {item.post for item in campaign.posts}


def test_campaign_finds_posts_sharing_an_email_even_disguised(queued_post_factory,
                                                              thread_factory):
    first = queued_post_factory(
        body="Blank ATM cards that work anywhere. Email cardwizards@gmail.com"
    )
    second = queued_post_factory(body="My life changed, write to cardwizards (at) gmail dot com")
    published = thread_factory(body="Thanks to cardwizards@gmail.com I am rich").posts.get()
    queued_post_factory(body="Another scam entirely: loans@fastmoney.example")
    assert _posts(find_campaign(post=first)) == {first, second, published}


def test_campaign_finds_posts_sharing_a_phone_number(queued_post_factory):
    first = queued_post_factory(body="Printer not working? Call our helpline +1 888 555 0199")
    second = queued_post_factory(body="Router trouble, ring 1-888-555-0199 any time")
    queued_post_factory(body="Book our workshop on 0161 496 0000")
    campaign = find_campaign(post=first)
    assert _posts(campaign) == {first, second}
    assert any("phone number +18885550199" in reason
               for item in campaign.posts for reason in item.matched)


def test_campaign_finds_posts_sharing_a_link_domain_but_not_common_ones(queued_post_factory):
    first = queued_post_factory(
        body="For more info visit: https://best-seo-deals.example/offer and "
             "https://www.youtube.com/watch?v=1"
    )
    second = queued_post_factory(body="Great post! See www.best-seo-deals.example/cheap")
    video = queued_post_factory(body="Our film is at https://youtube.com/watch?v=2")
    campaign = find_campaign(post=first)
    assert _posts(campaign) == {first, second}
    assert video not in _posts(campaign)
    assert campaign.signature.domains == ("best-seo-deals.example",)


def test_common_domains_never_tie_a_campaign(settings):
    settings.SITE_URL = "https://forum.coproduce.example"
    for domain in ("gmail.com", "bit.ly", "manchester.gov.uk", "nhs.uk", "eventbrite.co.uk",
                   "coproduce.example"):
        assert is_common_domain(domain), domain
    assert not is_common_domain("blank-atm-cards.example")


def test_campaign_finds_near_identical_text_without_contacts(queued_post_factory,
                                                            thread_factory):
    text = ("Nice post, thanks for sharing this wonderful information with everyone here, "
            "I really enjoyed reading it and will come back for more of the same great content")
    # Replies: what is scored is the text alone, with no thread title to tell them apart.
    first = queued_post_factory(body=text, thread=thread_factory(title="Tenants' panels"))
    second = queued_post_factory(body=text.replace("Nice post", "Good post"),
                                 thread=thread_factory(title="Paying peer researchers"))
    queued_post_factory(body="We ran a participatory budgeting pilot with tenants in Salford.",
                        thread=thread_factory(title="Budgets"))
    campaign = find_campaign(post=first)
    assert _posts(campaign) == {first, second}
    assert "near-identical text" in " ".join(
        reason for item in campaign.posts if item.post == second for reason in item.matched)


def test_campaign_lists_accounts_and_spares_moderators(queued_post_factory, member_factory,
                                                       moderator):
    spammer = member_factory(username="cardking", email="cardwizards@gmail.com")
    first = queued_post_factory(body="Email cardwizards@gmail.com for your card", author=spammer)
    helper = member_factory(username="helper")
    queued_post_factory(body="cardwizards@gmail.com delivered my card", author=helper)
    warning = queued_post_factory(
        body="Please ignore anyone offering cards from cardwizards@gmail.com", author=moderator,
        status=PostStatus.PUBLISHED)
    campaign = find_campaign(post=first)
    assert {account.username for account in campaign.accounts} == {"cardking", "helper"}
    assert [item.post for item in campaign.spared] == [warning]


def test_purge_removes_every_post_and_suspends_every_account_in_one_action(
    moderator, queued_post_factory, thread_factory, member_factory, client
):
    accounts = [member_factory(username=f"carder{i}") for i in range(3)]
    posts = [queued_post_factory(author=accounts[0],
                                 body="Programmed blank ATM card! Email hackerpros@gmail.com")]
    posts.append(thread_factory(author=accounts[1],
                                body="Got my card from hackerpros@gmail.com, $5000 a week")
                 .posts.get())
    posts.append(queued_post_factory(author=accounts[2], status=PostStatus.QUARANTINED,
                                     body="hackerpros@gmail.com is real, contact them"))
    result = purge_campaign(post=posts[0], moderator=moderator)
    assert set(result.removed) == set(posts)
    assert {account.username for account in result.suspended} == {"carder0", "carder1",
                                                                   "carder2"}
    for post in posts:
        post.refresh_from_db()
        post.author.refresh_from_db()
        assert post.status == PostStatus.REJECTED and not post.author.is_active
        assert client.get(reverse("cop:post", args=[post.pk])).status_code == 404
    decisions = ModerationDecision.objects.filter(action=DecisionAction.PURGE_CAMPAIGN)
    assert decisions.count() == 3
    assert all("hackerpros@gmail.com" in decision.reason for decision in decisions)


def test_purge_only_acts_on_what_the_moderator_kept_ticked(moderator, queued_post_factory,
                                                           thread_factory):
    first = queued_post_factory(body="Loans today, text loanshark@yahoo.com")
    innocent = thread_factory(
        body="Warning: someone posted loanshark@yahoo.com here, please do not reply"
    ).posts.get()
    outsider = queued_post_factory(body="Unrelated scam at otherscam@mail.ru")
    result = purge_campaign(post=first, moderator=moderator,
                            post_ids={first.pk, outsider.pk}, account_ids={first.author_id})
    assert result.removed == [first]
    innocent.refresh_from_db()
    outsider.refresh_from_db()
    innocent.author.refresh_from_db()
    assert innocent.status == PostStatus.PUBLISHED and innocent.author.is_active
    assert outsider.status == PostStatus.HELD


def test_purge_page_lists_the_campaign_before_confirming(moderator_client, queued_post_factory):
    first = queued_post_factory(body="Spells that work! Call +44 7700 900456 now")
    second = queued_post_factory(body="The spell caster on 07700 900456 helped me")
    url = reverse("review:campaign", args=[first.pk])
    page = moderator_client.get(url).content.decode()
    for post in (first, second):
        assert f'name="posts" value="{post.pk}"' in page
        assert f'name="accounts" value="{post.author_id}"' in page
    assert "Remove these posts and suspend these accounts" in page
    # Looking changes nothing.
    first.refresh_from_db()
    assert first.status == PostStatus.HELD and not ModerationDecision.objects.exists()

    response = moderator_client.post(url, {"posts": [first.pk, second.pk],
                                           "accounts": [first.author_id, second.author_id],
                                           "note": "Spell caster campaign"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 posts removed from public view and\n  2 accounts suspended" in page
    assert f"Post {second.pk} by {second.author.username}" in page
    assert ModerationDecision.objects.filter(reason="Spell caster campaign").count() == 2
