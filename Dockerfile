# The app and the kg command, installed from this checkout as a package (not editable): the
# image holds what a wheel holds (queries, stories, interface text, demo essays, the relation
# model), nothing from the source tree beside it.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY cli cli
COPY cypher cypher
COPY evaluation evaluation
COPY graph graph
COPY ingest ingest
COPY queries queries
COPY textnorm textnorm
COPY ui ui
RUN pip install . && rm -rf /src
WORKDIR /app
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health')"
# Inside a container the app must listen on all its interfaces; publish the port on the
# host side with care (the app has no login): docker run -p 127.0.0.1:8501:8501 …
CMD ["kg", "app", "--port", "8501", "--address", "0.0.0.0"]
