"""Screen outputs of a kit: the offline read-along reader (HTML) and the EPUB 3 storybook.

Both show the storybook page by page with its narration, each spoken line highlighted while
it is read, timed from the narration's own per-line timing (:mod:`kitgen.web.pages`).
"""
