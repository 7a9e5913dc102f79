"""The locales kitgen ships chrome translations, fonts and voice profiles for (no Babel needed)."""

SUPPORTED_LOCALES = ("en", "ru", "kk", "ky", "uz-Latn", "tg", "tk", "hy", "az", "ka", "be", "uk", "ro")
