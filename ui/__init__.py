"""The Streamlit app (ui/app.py) and what it draws with."""

# The app takes corrections only when its server's environment says so (`kg app --curate`): never
# from the URL. Here, so the CLI can set it without importing Streamlit.
CURATE_ENV = "KG_CURATE"
