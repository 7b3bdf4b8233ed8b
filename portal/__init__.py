"""The county portal: Litestar app, accounts, pages and the JSON API."""
