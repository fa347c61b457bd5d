"""The map's HTML and script snippets, rendered from the Jinja templates in ``viz/templates/``.

HTML templates are autoescaped with ``viz.style.escape_html`` rather than Jinja's own escaping,
which leaves `` ` ``, ``$``, ``\\``, ``{`` and ``}`` live: folium places popup and tooltip HTML
inside JavaScript template literals and passes rendered scripts through Jinja a second time.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from folium.template import Environment as FoliumEnvironment
from markupsafe import Markup

from viz.style import escape_html

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def _inert(value: object) -> object:
    """Every printed value, escaped for HTML inside folium's scripts (Markup passes as is)."""
    return value if isinstance(value, Markup) else Markup(escape_html(value))


_HTML = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    finalize=_inert,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
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
    return _HTML.get_template(template).render(**context)


def script_template(name: str) -> jinja2.Template:
    """A folium script template (a ``script`` macro) for a ``MacroElement``."""
    return _SCRIPTS.get_template(name)
