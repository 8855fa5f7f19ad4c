"""Rendering the analyses: the terminal (rich), the HTML pages (one Jinja environment, the review page
shared by the web app and the offline report) and their SVG charts."""
