"""The API speaks JSON only, whatever a client's ``Accept`` says.

DRF's default negotiation answers 406 to a client that accepts no JSON; with one renderer
that is the only difference ``Accept`` makes, and the page cache (keyed on the address)
would hand that client the cached 200 anyway. Not negotiating keeps every answer the same
for an address, so its responses need no ``Vary: Accept`` (DRF documents this class:
"Custom content negotiation").
"""

from rest_framework.negotiation import BaseContentNegotiation


class JsonOnly(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
