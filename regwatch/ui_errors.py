"""Errors of the web archive: a page for the reader and one line on stderr for the operator.

Datasette's own handler prints a traceback with every local variable for any error, a 404
included; this one replaces it. ``regwatch ui --debug`` prints the traceback of a server error.
"""
from __future__ import annotations

import sys
import traceback
from typing import Any

from datasette import hookimpl
from markupsafe import Markup

_DEFAULT_HANDLER = "datasette.handle_exception"


def _status_and_message(exception: BaseException) -> tuple[int, str | Markup, str | None]:
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0] if exception.args else exception), None
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return exception.status, message, exception.title
    return 500, "The archive could not answer this request; the error is in the server's log.", None


def error_line(request: Any, status: int, exception: BaseException) -> str:
    """The one line logged for a failed request: status, method, path and what went wrong."""
    reason = " ".join(str(exception).split()) or type(exception).__name__
    if len(reason) > 300:
        reason = reason[:299] + "…"
    kind = "" if status < 500 else f"{type(exception).__name__}: "
    return f"regwatch ui: {status} {request.method} {request.path}: {kind}{reason}"


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
    async def inner() -> Any:
        from datasette import Response

        status, message, title = _status_and_message(exception)
        print(error_line(request, status, exception), file=sys.stderr, flush=True)
        if status >= 500 and getattr(datasette, "regwatch_debug", False):
            traceback.print_exception(exception, file=sys.stderr)
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request.path.endswith(".json"):
            return Response.json(info, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        html = await template.render_async(dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(),
                                                menu_links=lambda: []))
        return Response.html(html, status=status)

    return inner


def install(plugins: Any) -> None:
    """Register this handler with Datasette's plugin manager in place of Datasette's own."""
    default = plugins.get_plugin(_DEFAULT_HANDLER)
    if default is not None:
        plugins.unregister(default)
    if plugins.get_plugin("regwatch-ui-errors") is None:
        plugins.register(sys.modules[__name__], name="regwatch-ui-errors")
