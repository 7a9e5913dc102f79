"""Translation: locales, message extraction, catalogs and the localized model."""
