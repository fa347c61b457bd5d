"""The map's HTML and script snippets, rendered from the Jinja templates in ``viz/templates/``.

HTML templates are autoescaped with ``viz.style.escape_html`` rather than Jinja's own escaping,
which leaves `` ` ``, ``$``, ``\\``, ``{`` and ``}`` live: folium places popup and tooltip HTML
inside JavaScript template literals and passes rendered scripts through Jinja a second time.

Their text goes through the message catalogue with Jinja's i18n extension: ``{{ _("Legend") }}``
and ``{{ _("Source: %(source)s", source=source) }}`` (the placeholder style of Jinja's
``newstyle`` gettext). A translation is trusted markup and fills its placeholders with
markupsafe's escaping, which leaves `` ` `` and ``${`` live: every value is therefore escaped
with ``escape_html`` before the template sees it, so it is inert wherever the template puts it.
"""

from __future__ import annotations

import math
from pathlib import Path

import jinja2
from folium.template import Environment as FoliumEnvironment
from markupsafe import Markup

import i18n
from viz.style import escape_html

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def _inert(value: object) -> object:
    """Every printed value, escaped for HTML inside folium's scripts (Markup passes as is)."""
    return value if isinstance(value, Markup) else Markup(escape_html(value))


def _escaped(value: object) -> object:
    """A context value with its texts escaped in advance: strings (in lists, tuples and dicts
    too) become Markup; numbers and flags stay as they are, for the template's tests."""
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_escaped(item) for item in value)
    if isinstance(value, bool | int) or (isinstance(value, float) and not math.isnan(value)):
        return value
    return _inert(value)


_HTML = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    finalize=_inert,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
_HTML.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
    i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
)
# Script templates print only names of folium elements and JSON prepared by the caller.
_SCRIPTS = FoliumEnvironment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(template: str, **context: object) -> str:
    """The HTML template ``template`` rendered with ``context``, every value escaped."""
    escaped = {name: _escaped(value) for name, value in context.items()}
    return _HTML.get_template(template).render(**escaped)


def script_template(name: str) -> jinja2.Template:
    """A folium script template (a ``script`` macro) for a ``MacroElement``."""
    return _SCRIPTS.get_template(name)
