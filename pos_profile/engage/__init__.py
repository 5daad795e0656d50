"""The Voyado Engage API: models, identifiers, errors and the HTTP client. No Qt."""
