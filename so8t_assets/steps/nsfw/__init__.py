"""NSFW detection: collected and labelled to teach models to detect and refuse, never to generate."""
