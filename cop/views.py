"""Forum pages: thin views that parse input, call one service or selector, and render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cop import (
    attachments,
    drafts,
    edits,
    following,
    preferences,
    profiles,
    selectors,
    services,
    tidy,
    welcome,
)
from cop.attachment_views import upload_context
from cop.enums import PostStatus
from cop.forms import NewThreadForm, ProfileForm, ReplyForm, ThreadForm
from cop.ids import parse_id, parse_ids
from cop.markup import render_markdown
from cop.models import Category, Tag, User
from cop.page_cache import for_visitors
from cop.thread_states import check_open_for_replies
from cop.web import saved
from cop.web.common import page_or_404, refused
from cop.web.thread_page import thread_page_context
from moderation.permissions import is_moderator

logger = logging.getLogger(__name__)

EDIT_WAITING_MESSAGE = _(
    "Thank you. Your edit is waiting for a check; until then everyone else sees the earlier "
    "version. If a moderator needs to look at it first, we will tell you."
)

PENDING_MESSAGE = _(
    "Thank you. Your post is being checked and will appear in a moment. "
    "If a moderator needs to look at it first, we will tell you."
)


def keep_draft(request: HttpRequest, thread) -> None:
    """Save what the member sent as their draft before anything can refuse it; a successful
    post discards it again."""
    try:
        drafts.save_draft(user=request.user, thread=thread, body=request.POST.get("body", ""))
    except services.ForumError:
        pass  # too long to keep: the form says so and still shows the text
    except OperationalError:
        pass  # the database is busy: saving the reply says so and gives the text back


def _invalid(request, template: str, context: dict, status: int = 400) -> HttpResponse:
    return render(request, template, context, status=status)


SAVE_FAILED = _(
    "Sorry, we could not save this just now because the site is very busy. Nothing is lost: "
    "your text is still here. Please send it again in a minute."
)


def _save_failed(request, template: str, context: dict) -> HttpResponse:
    """The database stayed busy (locked) past its timeout: the form comes back with the text."""
    logger.warning("database busy while saving a post for member %s", request.user.pk,
                   exc_info=True)
    context["form"].add_error(None, SAVE_FAILED)
    return render(request, template, context, status=503)


@for_visitors
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "cop/index.html", {
        **selectors.forum_overview(user=user),
        "threads": welcome.recent_conversations(user=user),
        "start_here": welcome.start_here_thread(user=user),
        "pinned": welcome.pinned_threads(user=user),
    })


@for_visitors
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(selectors.visible_categories(user=request.user), slug=slug)
    page = page_or_404(request, selectors.thread_list(user=request.user, category=cat),
                 settings.FORUM_THREADS_PER_PAGE)
    return render(request, "cop/category.html", {
        "category": cat, "page": page,
        "following": selectors.following(user=request.user, category=cat),
    })


@for_visitors
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    the_tag = get_object_or_404(Tag, slug=slug.lower())
    page = page_or_404(request, selectors.thread_list(user=request.user, tag=the_tag),
                 settings.FORUM_THREADS_PER_PAGE)
    # The library's resources on this topic are added by the cms app's template tags.
    return render(request, "cop/tag.html", {
        "tag": the_tag, "page": page,
        "following": selectors.following(user=request.user, tag=the_tag),
    })


def keep_new_thread_draft(request: HttpRequest):
    """The new-thread form's counterpart of keep_draft: the title and text are kept under the
    chosen category before anything can refuse them."""
    try:
        return saved.keep_thread_draft(request)
    except services.ForumError:
        return None  # too long to keep: the form says so and still shows the text
    except OperationalError:
        return None  # the database is busy: starting the thread says so and gives it back


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    categories = selectors.visible_categories(user=request.user)
    chosen = get_object_or_404(categories, slug=slug) if slug else None
    initial, draft = {}, None
    if request.method == "GET":
        draft = drafts.thread_draft_for(user=request.user, categories=categories,
                                        category=chosen)
        if draft is not None:
            initial = {"category": draft.category, "title": draft.title, "body": draft.body}
        elif chosen is not None:
            initial["category"] = chosen
    else:
        draft = keep_new_thread_draft(request)
    form = NewThreadForm(request.POST or None, categories=categories, initial=initial,
                         request=request)
    context = {"form": form, "restored": draft if request.method == "GET" else None,
               **upload_context(request)}
    # The category the draft is kept under, so that choosing another one moves it.
    context["draft_category"] = draft.category_id if draft else request.POST.get(
        "draft_category", "")
    uploads = context["upload_form"]
    if request.method == "POST":
        if not form.is_valid() or not uploads.is_valid():
            return _invalid(request, "cop/new_thread.html", context,
                            status=400 if form.errors else uploads.error_status)
        if "preview" in request.POST:
            context["preview"] = render_markdown(form.cleaned_data["body"])
            return render(request, "cop/new_thread.html", context)
        try:
            with transaction.atomic():
                thread = services.start_thread(
                    author=request.user, category=form.cleaned_data["category"],
                    title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                    is_question=form.cleaned_data.get("is_question", False),
                )
                attachments.attach(post=thread.posts.get(is_opening=True),
                                   uploads=uploads.checked)
        except services.ForumError as err:
            form.add_error(None, str(err))
            return _invalid(request, "cop/new_thread.html", context, status=err.status_code)
        except OperationalError:
            return _save_failed(request, "cop/new_thread.html", context)
        drafts.discard_thread_draft(user=request.user, category=thread.category)
        thread.refresh_from_db(fields=["status"])
        if thread.status != PostStatus.PUBLISHED:
            messages.info(request, PENDING_MESSAGE)
        return redirect(thread)
    return render(request, "cop/new_thread.html", context)


@for_visitors
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    the_thread = selectors.visible_thread(pk=pk, user=request.user)
    if the_thread is None:
        merged_into = tidy.redirect_for(old_thread_id=pk)
        if merged_into is not None:
            return redirect(merged_into, permanent=True)
        raise Http404(gettext("There is no such thread, or it is not public."))
    posts = selectors.PostsByPosition(selectors.thread_posts(thread=the_thread, user=request.user),
                                      page_number=request.GET.get("page"))
    page = page_or_404(request, posts, settings.FORUM_POSTS_PER_PAGE)
    services.refresh_post_html(posts=page.object_list)
    preferences.mark_seen(user=request.user, thread=the_thread)
    extras = thread_page_context(request, thread=the_thread, page=page)
    draft = extras["draft"]
    return render(request, "cop/thread.html", {
        "thread": the_thread, "page": page,
        "tags": selectors.thread_tags(thread=the_thread),
        "following": selectors.following(user=request.user, thread=the_thread),
        "form": ReplyForm(initial={"body": draft.body} if draft else None, request=request)
        if request.user.is_authenticated else None,
        **(upload_context(request) if request.user.is_authenticated else {}),
        "is_moderator": is_moderator(request.user),
        **extras,
    })


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None:
        raise Http404(gettext("There is no such post, or it is not public."))
    position = selectors.position_in_thread(post=post, user=request.user)
    page = position // settings.FORUM_POSTS_PER_PAGE + 1
    url = reverse("cop:thread", kwargs={"pk": post.thread_id})
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    the_thread = selectors.visible_thread(pk=pk, user=request.user)
    if the_thread is None or the_thread.status != PostStatus.PUBLISHED:
        raise Http404(gettext("There is no such thread, or it is not open for replies yet."))
    quote = None
    quote_id = request.POST.get("quote") or request.GET.get("quote")
    if quote_id:
        if parse_id(quote_id) is None:
            return HttpResponseBadRequest(gettext("The post to quote must be given by its number."))
        quote = selectors.visible_post(pk=parse_id(quote_id), user=request.user)
        if quote is None or quote.thread_id != the_thread.pk:
            return HttpResponseBadRequest(gettext("That post cannot be quoted here."))
    initial = {}
    if quote is not None:
        quoted = "\n".join(f"> {line}" for line in quote.body.splitlines())
        header = f"> **{quote.author.public_name}** wrote:"
        initial = {"quote": quote.pk, "body": f"{header}\n{quoted}\n\n"}
    else:
        draft = drafts.draft_for(user=request.user, thread=the_thread)
        if draft is not None:
            initial = {"body": draft.body}
    form = ReplyForm(request.POST or None, initial=initial, request=request)
    context = {"thread": the_thread, "form": form, "quote": quote, **upload_context(request)}
    uploads = context["upload_form"]
    try:
        check_open_for_replies(thread=the_thread, author=request.user)
    except services.ForumError as err:
        return refused(request, err, back=the_thread.get_absolute_url())
    if request.method == "POST":
        keep_draft(request, the_thread)
        if not form.is_valid() or not uploads.is_valid():
            return _invalid(request, "cop/reply.html", context,
                            status=400 if form.errors else uploads.error_status)
        if "preview" in request.POST:
            context["preview"] = render_markdown(form.cleaned_data["body"])
            return render(request, "cop/reply.html", context)
        try:
            with transaction.atomic():
                post = services.reply(author=request.user, thread=the_thread,
                                      body=form.cleaned_data["body"], quote_of=quote)
                attachments.attach(post=post, uploads=uploads.checked)
        except services.ForumError as err:
            form.add_error(None, str(err))
            return _invalid(request, "cop/reply.html", context, status=err.status_code)
        except OperationalError:
            return _save_failed(request, "cop/reply.html", context)
        drafts.discard_draft(user=request.user, thread=the_thread)
        post.refresh_from_db(fields=["status"])
        if post.status != PostStatus.PUBLISHED:
            messages.info(request, PENDING_MESSAGE)
        return redirect("cop:post", pk=post.pk)
    return render(request, "cop/reply.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None:
        raise Http404(gettext("There is no such post."))
    if post.author_id != request.user.pk:
        return render(request, "403.html", {"reason": "You can only edit your own posts."},
                      status=403)
    form_class = ThreadForm if post.is_opening else ReplyForm
    waiting = edits.open_edit(post=post)
    initial = {"body": waiting.body if waiting else post.body,
               "title": (waiting and waiting.title) or post.thread.title}
    form = form_class(request.POST or None, initial=initial, request=request)
    context = {"post": post, "form": form, "waiting": waiting, **upload_context(request),
               "files": attachments.post_files(post=post)}
    uploads = context["upload_form"]
    if request.method == "POST":
        if not form.is_valid() or not uploads.is_valid():
            return _invalid(request, "cop/edit_post.html", context,
                            status=400 if form.errors else uploads.error_status)
        if "preview" in request.POST:
            context["preview"] = render_markdown(form.cleaned_data["body"])
            return render(request, "cop/edit_post.html", context)
        try:
            with transaction.atomic():
                services.edit_post(post=post, editor=request.user,
                                   body=form.cleaned_data["body"],
                                   title=form.cleaned_data.get("title"),
                                   adds_files=bool(uploads.checked))
                # Files added to a published post wait with the edit, checked with it.
                pending = edits.open_edit(post=post) if post.is_public else None
                attachments.attach(post=post, uploads=uploads.checked, edit=pending)
        except services.ForumError as err:
            form.add_error(None, str(err))
            return _invalid(request, "cop/edit_post.html", context, status=err.status_code)
        except OperationalError:
            return _save_failed(request, "cop/edit_post.html", context)
        if edits.open_edit(post=post) is not None:
            messages.info(request, EDIT_WAITING_MESSAGE)
        else:
            messages.success(request, gettext("Your changes are saved."))
        return redirect("cop:post", pk=post.pk)
    return render(request, "cop/edit_post.html", context)


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    target_id = request.POST.get("id", "")
    models = {"thread": selectors.Thread, "category": Category, "tag": Tag}
    if kind not in models or parse_id(target_id) is None:
        return HttpResponseBadRequest(gettext("Say what to follow: a thread, a category or a tag."))
    target = models[kind].objects.filter(pk=parse_id(target_id)).first()
    if target is None:
        raise Http404(gettext("There is nothing with that number to follow."))
    if request.POST.get("action") == "unfollow":
        following.unfollow(user=request.user, **{kind: target})
        messages.success(request, gettext("You no longer follow %(name)s.") % {"name": target})
    else:
        following.follow(user=request.user, **{kind: target})
        messages.success(request, gettext(
            "You now follow %(name)s. We will tell you about new posts.") % {"name": target})
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = target.get_absolute_url()
    return redirect(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = parse_ids(request.POST.getlist("id"))
        if ids is None:
            return HttpResponseBadRequest(gettext("Notices are named by their numbers."))
        count = following.mark_notifications_read(user=request.user, ids=ids or None)
        messages.success(request, ngettext("Marked %(count)d notice as read.",
                                           "Marked %(count)d notices as read.", count)
                         % {"count": count})
        return redirect("cop:notifications")
    page = page_or_404(request, selectors.notifications_for(user=request.user), 30)
    # Listed is seen: the badge clears now, while this page still marks what was new.
    page.object_list = list(page.object_list)
    preferences.mark_seen(user=request.user,
                          ids=[n.pk for n in page.object_list if n.is_unread])
    return render(request, "cop/notifications.html", {"page": page})


@for_visitors
def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_active=True)
    page = page_or_404(request, selectors.member_posts(member=member, viewer=request.user), 20)
    return render(request, "cop/profile.html", {
        "member": member, "page": page, "counts": selectors.member_post_counts(member=member),
    })


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return _invalid(request, "cop/profile_edit.html", {"form": form})
        profiles.update_profile(user=request.user, **{
            name: form.cleaned_data[name] for name in form.Meta.fields
        })
        if request.user.profile_is_public:
            messages.success(request, gettext("Your profile is saved."))
        else:
            messages.success(request, gettext("Your profile is saved. Other members will see your "
                                             "changes once they have been checked."))
        return redirect(request.user)
    return render(request, "cop/profile_edit.html", {"form": form})
