"""The dashboard's pages, one module each: TITLE, URL_PATH and render(fetch)."""
