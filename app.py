"""The Streamlit app, for `streamlit run app.py` in a checkout (`kg app` serves ui/app.py)."""
from ui.app import main

main()
