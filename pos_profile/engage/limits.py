"""Input limits shared by the search box and the identifier rules (a light module: the
window imports it at start-up, before phonenumbers and stdnum are needed)."""

MAX_INPUT_LENGTH = 254
"""Longest search text: the longest legal e-mail address. Longer input is refused at once."""

MAX_CUSTOM_KEY_LENGTH = 64
"""Longest member number / externalId accepted from typed input."""
