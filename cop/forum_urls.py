"""Addresses of the forum's pages, mounted under /forum/."""

from django.urls import include, path

from cop import (
    attachment_views,
    feeds,
    history_views,
    preference_views,
    tidy_views,
    unsubscribe,
    views,
)
from cop.web import reactions, reading, saved, search, thread_actions, welcome

app_name = "cop"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_thread, name="new_thread"),
    path("new/draft/", saved.save_thread_draft, name="save_thread_draft"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_thread, name="new_thread_in"),
    path("t/<id:pk>/", views.thread, name="thread"),
    path("t/<id:pk>/reply/", views.reply, name="reply"),
    path("t/<id:pk>/tidy/", tidy_views.tidy_thread, name="tidy_thread"),
    path("t/<id:pk>/tidy/<str:action>/", tidy_views.tidy_action, name="tidy_action"),
    path("thread-log/", tidy_views.thread_audit_log, name="thread_audit_log"),
    path("p/<id:pk>/", views.post_permalink, name="post"),
    path("p/<id:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<id:pk>/history/", history_views.post_history, name="post_history"),
    path("revisions/<id:pk>/visibility/", history_views.change_revision_visibility,
         name="revision_visibility"),
    path("", include("moderation.web.urls")),  # reporting a post, asking for a second look
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("search/", search.search, name="search"),
    path("follow/", views.follow, name="follow"),
    path("notifications/", views.notifications, name="notifications"),
    path("members/me/edit/", views.profile_edit, name="profile_edit"),
    path("members/me/emails/", preference_views.email_settings, name="email_settings"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe_view, name="unsubscribe"),
    path("files/<id:pk>/thumbnail/", attachment_views.attachment_thumbnail,
         name="attachment_thumb"),
    path("files/<id:pk>/remove/", attachment_views.remove_attachment, name="remove_attachment"),
    path("files/<id:pk>/<str:name>", attachment_views.attachment_file, name="attachment"),
    path("members/<str:username>/", views.profile, name="profile"),
    path("welcome/", welcome.welcome_page, name="welcome"),
    path("saved/", saved.saved_posts, name="saved_posts"),
    path("read-all/", reading.mark_all_read, name="mark_all_read"),
    path("t/<id:pk>/unread/", reading.first_unread, name="first_unread"),
    path("t/<id:pk>/moderate/", thread_actions.moderate_thread, name="moderate_thread"),
    path("t/<id:pk>/draft/", saved.save_draft, name="save_draft"),
    path("p/<id:pk>/react/", reactions.react, name="react"),
    path("p/<id:pk>/save/", saved.toggle_bookmark, name="bookmark"),
    path("p/<id:pk>/answer/", thread_actions.choose_answer, name="choose_answer"),
    path("feeds/threads/", feeds.LatestThreadsFeed(), name="feed"),
    path("feeds/c/<slug:slug>/", feeds.CategoryThreadsFeed(), name="category_feed"),
    path("feeds/tags/<str:slug>/", feeds.TagThreadsFeed(), name="tag_feed"),
]
