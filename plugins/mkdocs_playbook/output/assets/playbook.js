// Material for MkDocs 9.8 marks its search as a dialog (role="dialog") without a name, so a screen
// reader announces an unnamed dialog (axe-core's aria-dialog-name, tests/test_browser.py). The header
// stays across instant navigation, so naming it once when the script loads is enough.
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(
  (dialog) => dialog.setAttribute("aria-label", "Search"),
);
