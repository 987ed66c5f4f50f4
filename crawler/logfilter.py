"""The crawler's log as one line per problem (``regwatch run -v``); ``--debug`` keeps Scrapy's log whole."""
from __future__ import annotations

import logging
import sys


class OneLinePerProblem(logging.Filter):
    """Each record cut to its first line, its exception named at the end instead of a traceback;
    a message already shown (the same refusal from three spiders) is not shown again."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        lines = record.getMessage().splitlines()
        message = lines[0] if lines else ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            reason = str(error).splitlines()[0] if str(error) else ""
            if reason not in message:
                message = f"{message}: {type(error).__name__}: {reason}" if reason else f"{message}: {type(error).__name__}"
        record.msg, record.args = message, ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        key = (record.name, message)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def log_one_line_per_problem(level: str) -> logging.Handler:
    """Write the log at LEVEL and above to stderr, one line per problem; return the handler.

    A handler of our own beside Scrapy's (left disabled), since Scrapy replaces its own root
    handler whenever a crawler starts.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    handler.addFilter(OneLinePerProblem())
    logging.getLogger().addHandler(handler)
    return handler
