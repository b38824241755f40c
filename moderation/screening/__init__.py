"""Screening a post: the service (screen_post), the policy that decides, the category
thresholds, the rules and their wording (reasons), posting limits and trust levels."""
