"""The browser client: Jinja2 templates and static JavaScript and CSS (no build step)."""
