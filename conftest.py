"""howto-proof's plugins; everything else lives in the fixtures package."""

pytest_plugins = [
    "fixtures.plugin",
    "fixtures.browser",
    "fixtures.odoo.plugin",
    "fixtures.idp.plugin",
    "fixtures.pages.plugin",
    "fixtures.howto.plugin",
    "fixtures.screens.plugin",
]
