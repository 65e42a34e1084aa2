"""kg's version, on the ground floor so that any stage can record it."""

__version__ = "0.1.0"
