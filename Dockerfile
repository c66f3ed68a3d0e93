FROM python:3.12-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY kg kg
RUN pip install -e .
COPY cypher cypher
COPY data data
COPY app.py .
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health')"
# Inside a container the app must listen on all its interfaces; publish the port on the
# host side with care (the app has no login): docker run -p 127.0.0.1:8501:8501 …
CMD ["kg", "app", "--port", "8501", "--address", "0.0.0.0"]
