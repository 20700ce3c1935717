"""The spend dashboard (`litellm-spend dashboard`): a Streamlit app on the marts.

- data.py      reading: one short read-only connection per query, retried while a build holds DuckDB
- queries.py   what each page asks the marts (sql/dashboard/), as plain rows (no Streamlit: the tests call it too)
- display.py   money and shares as text: cents rounded half-up, or every digit (money.py)
- tables.py    HTML tables (real DOM text, each amount's exact value in data-exact)
- cached.py    the Streamlit side of reading: st.cache_data keyed on the query and the data's version
- filters.py   the date range, team and display widgets, bound to the URL's query parameters
- views/       one module per page; app.py puts them in the navigation
"""
