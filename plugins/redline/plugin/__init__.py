"""The MkDocs adapter: event handlers, nested locale builds, typed settings, the theme."""
