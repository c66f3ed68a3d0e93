"""A mention: one stretch of text that names an entity, with how it was found."""
from __future__ import annotations

from dataclasses import dataclass, field

PLACE_LABELS = ("City", "Province", "Region", "Zone")


@dataclass
class Mention:
    start: int
    end: int
    label: str
    name: str
    source: str  # gazetteer | pattern | abbreviation | programme | list
    props: dict = field(default_factory=dict)
    place: tuple[str, str] | None = None  # the place a name starts with (LOCATED_IN / ISSUED_BY)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)

    def shifted(self, offset: int) -> "Mention":
        """The same mention with offsets moved by `offset` (document <-> sentence)."""
        return Mention(self.start + offset, self.end + offset, self.label, self.name, self.source,
                       self.props, self.place)
