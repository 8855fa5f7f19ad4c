"""Routes: pages, forms, the JSON API, the calendar feed, login."""
