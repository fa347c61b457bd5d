"""Present: the map full screen, for a shared screen or a projector (see ui/present.py)."""

from ui import present

present.show()
