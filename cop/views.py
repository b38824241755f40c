"""Forum pages: thin views that parse input, call one service or selector, and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cop import attachments, preferences, selectors, services, tidy
from cop.attachment_views import upload_context
from cop.enums import PostStatus
from cop.forms import NewThreadForm, ProfileForm, ReplyForm, ThreadForm
from cop.markup import render_markdown
from cop.models import Category, Tag, User
from moderation.permissions import is_moderator

EDIT_WAITING_MESSAGE = _(
    "Thank you. Your edit is waiting for a check; until then everyone else sees the earlier "
    "version. If a moderator needs to look at it first, we will tell you."
)
PENDING_MESSAGE = (
    "Thank you. Your post is being checked and will appear in a moment. "
    "If a moderator needs to look at it first, we will tell you."
)


def _page(request: HttpRequest, items, per_page: int):
    """The requested page, or 404 for a page number that is not a number or out of range."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as err:
        raise Http404("There is no such page.") from err


def _invalid(request, template: str, context: dict, status: int = 400) -> HttpResponse:
    return render(request, template, context, status=status)


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "cop/index.html", {
        "categories": selectors.categories_with_counts(user=user),
        "threads": selectors.thread_list(user=user)[:10],
        "tags": selectors.popular_tags(user=user),
    })


def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(selectors.visible_categories(user=request.user), slug=slug)
    page = _page(request, selectors.thread_list(user=request.user, category=cat),
                 settings.FORUM_THREADS_PER_PAGE)
    return render(request, "cop/category.html", {
        "category": cat, "page": page,
        "following": selectors.following(user=request.user, category=cat),
    })


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    the_tag = get_object_or_404(Tag, slug=slug.lower())
    page = _page(request, selectors.thread_list(user=request.user, tag=the_tag),
                 settings.FORUM_THREADS_PER_PAGE)
    # The library's resources on this topic are added by the cms app's template tags.
    return render(request, "cop/tag.html", {
        "tag": the_tag, "page": page,
        "following": selectors.following(user=request.user, tag=the_tag),
    })


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    categories = selectors.visible_categories(user=request.user)
    initial = {}
    if slug:
        initial["category"] = get_object_or_404(categories, slug=slug)
    form = NewThreadForm(request.POST or None, categories=categories, initial=initial)
    context = {"form": form, **upload_context(request)}
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
                )
                attachments.attach(post=thread.posts.get(is_opening=True),
                                   uploads=uploads.checked)
        except services.ForumError as err:
            form.add_error(None, str(err))
            return _invalid(request, "cop/new_thread.html", context, status=err.status_code)
        thread.refresh_from_db(fields=["status"])
        if thread.status != PostStatus.PUBLISHED:
            messages.info(request, PENDING_MESSAGE)
        return redirect(thread)
    return render(request, "cop/new_thread.html", context)


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    the_thread = selectors.visible_thread(pk=pk, user=request.user)
    if the_thread is None:
        merged_into = tidy.redirect_for(old_thread_id=pk)
        if merged_into is not None:
            return redirect(merged_into, permanent=True)
        raise Http404("There is no such thread, or it is not public.")
    page = _page(request, selectors.thread_posts(thread=the_thread, user=request.user),
                 settings.FORUM_POSTS_PER_PAGE)
    preferences.mark_seen(user=request.user, thread=the_thread)
    return render(request, "cop/thread.html", {
        "thread": the_thread, "page": page,
        "tags": selectors.thread_tags(thread=the_thread),
        "following": selectors.following(user=request.user, thread=the_thread),
        "form": ReplyForm() if request.user.is_authenticated else None,
        **(upload_context(request) if request.user.is_authenticated else {}),
        "is_moderator": is_moderator(request.user),
    })


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(pk=pk, user=request.user)
    if post is None:
        raise Http404("There is no such post, or it is not public.")
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
        raise Http404("There is no such thread, or it is not open for replies yet.")
    quote = None
    quote_id = request.POST.get("quote") or request.GET.get("quote")
    if quote_id:
        if not str(quote_id).isdigit():
            return HttpResponseBadRequest("The post to quote must be given by its number.")
        quote = selectors.visible_post(pk=int(quote_id), user=request.user)
        if quote is None or quote.thread_id != the_thread.pk:
            return HttpResponseBadRequest("That post cannot be quoted here.")
    initial = {}
    if quote is not None:
        quoted = "\n".join(f"> {line}" for line in quote.body.splitlines())
        header = f"> **{quote.author.public_name}** wrote:"
        initial = {"quote": quote.pk, "body": f"{header}\n{quoted}\n\n"}
    form = ReplyForm(request.POST or None, initial=initial)
    context = {"thread": the_thread, "form": form, "quote": quote, **upload_context(request)}
    uploads = context["upload_form"]
    if request.method == "POST":
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
        raise Http404("There is no such post.")
    if post.author_id != request.user.pk:
        return render(request, "403.html", {"reason": "You can only edit your own posts."},
                      status=403)
    form_class = ThreadForm if post.is_opening else ReplyForm
    waiting = services.open_edit(post=post)
    initial = {"body": waiting.body if waiting else post.body,
               "title": (waiting and waiting.title) or post.thread.title}
    form = form_class(request.POST or None, initial=initial)
    context = {"post": post, "form": form, "waiting": waiting, **upload_context(request)}
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
                                   title=form.cleaned_data.get("title"))
                attachments.attach(post=post, uploads=uploads.checked)
        except services.ForumError as err:
            form.add_error(None, str(err))
            return _invalid(request, "cop/edit_post.html", context, status=err.status_code)
        if services.open_edit(post=post) is not None:
            messages.info(request, EDIT_WAITING_MESSAGE)
        else:
            messages.success(request, "Your changes are saved.")
        return redirect("cop:post", pk=post.pk)
    return render(request, "cop/edit_post.html", context)


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    target_id = request.POST.get("id", "")
    models = {"thread": selectors.Thread, "category": Category, "tag": Tag}
    if kind not in models or not target_id.isdigit():
        return HttpResponseBadRequest("Say what to follow: a thread, a category or a tag.")
    target = models[kind].objects.filter(pk=int(target_id)).first()
    if target is None:
        raise Http404("There is nothing with that number to follow.")
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, **{kind: target})
        messages.success(request, f"You no longer follow {target}.")
    else:
        services.follow(user=request.user, **{kind: target})
        messages.success(request, f"You now follow {target}. We will tell you about new posts.")
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = target.get_absolute_url()
    return redirect(next_url)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = selectors.search_site(query=query, user=request.user) if query else []
    page = _page(request, results, settings.FORUM_THREADS_PER_PAGE)
    return render(request, "cop/search.html", {"query": query, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = request.POST.getlist("id")
        if any(not i.isdigit() for i in ids):
            return HttpResponseBadRequest("Notices are named by their numbers.")
        count = services.mark_notifications_read(
            user=request.user, ids=[int(i) for i in ids] if ids else None
        )
        messages.success(request, f"Marked {count} notice{'s' if count != 1 else ''} as read.")
        return redirect("cop:notifications")
    page = _page(request, selectors.notifications_for(user=request.user), 30)
    # Listed is seen: the badge clears now, while this page still marks what was new.
    page.object_list = list(page.object_list)
    preferences.mark_seen(user=request.user,
                          ids=[n.pk for n in page.object_list if n.is_unread])
    return render(request, "cop/notifications.html", {"page": page})


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_active=True)
    page = _page(request, selectors.member_posts(member=member, viewer=request.user), 20)
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
        services.update_profile(user=request.user, **{
            name: form.cleaned_data[name] for name in form.Meta.fields
        })
        messages.success(request, "Your profile is saved.")
        return redirect(request.user)
    return render(request, "cop/profile_edit.html", {"form": form})
