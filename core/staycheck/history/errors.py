"""What is wrong with a location-history file, as a code the page and the CLI word."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for extraction; the page and the CLI translate it."""
    return message


MESSAGES = {
    "not_history": N_("This is not a location history Staycheck reads (Google Maps Timeline, "
                   "Takeout Records.json or Semantic Location History, or GPX)."),
    # The parser's own reason stays in the params, in English: the message names the place.
    "bad_json": N_("The file is not valid JSON: it goes wrong near character {offset}."),
    "bad_xml": N_("The file is not valid XML: it goes wrong on line {line}."),
    "truncated": N_("The file ends in the middle: it was cut short (download or copy it "
                     "again)."),
    "no_points": N_("The file has no location points."),
    "bad_coordinates": N_("A point has coordinates out of range: latitude {lat}, longitude "
                           "{lon} (item {item})."),
    "bad_time": N_("A point has a time Staycheck cannot read: {value} (item {item})."),
    "unsupported_version": N_("This is {format}, a version of the format Staycheck does not "
                               "read yet."),
    "not_text": N_("The file is not UTF-8 text."),
}


class HistoryError(Exception):
    """A file that cannot be imported. `code` names the problem, `params` its details;
    `message` is the English text (the page and the CLI translate the code)."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))

    def as_dict(self) -> dict:
        return {"code": self.code, "params": self.params, "message": str(self)}
