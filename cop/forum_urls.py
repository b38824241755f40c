"""Addresses of the forum's pages, mounted under /forum/."""

from django.urls import path

from cop import feeds, views
from moderation import member_views

app_name = "cop"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_thread, name="new_thread"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_thread, name="new_thread_in"),
    path("t/<id:pk>/", views.thread, name="thread"),
    path("t/<id:pk>/reply/", views.reply, name="reply"),
    path("p/<id:pk>/", views.post_permalink, name="post"),
    path("p/<id:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<id:pk>/history/", views.post_history, name="post_history"),
    path("p/<id:pk>/report/", member_views.report, name="report"),
    path("p/<id:pk>/appeal/", member_views.appeal, name="appeal"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("search/", views.search, name="search"),
    path("follow/", views.follow, name="follow"),
    path("notifications/", views.notifications, name="notifications"),
    path("members/me/edit/", views.profile_edit, name="profile_edit"),
    path("members/<str:username>/", views.profile, name="profile"),
    path("feeds/threads/", feeds.LatestThreadsFeed(), name="feed"),
    path("feeds/c/<slug:slug>/", feeds.CategoryThreadsFeed(), name="category_feed"),
    path("feeds/tags/<str:slug>/", feeds.TagThreadsFeed(), name="tag_feed"),
]
