"""The site package and the forum app: categories, threads, posts, tags and subscriptions."""
