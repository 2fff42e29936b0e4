"""Browser tests: the demo site in real Chromium, through Playwright."""
