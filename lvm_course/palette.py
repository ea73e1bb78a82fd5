"""The course's colours: Okabe-Ito, safe for the common kinds of colour blindness.

Leadership and management are told apart by colour *and* by line style / marker,
so a chart still reads in greyscale or on a washed-out projector.
"""

from __future__ import annotations

__all__ = ["BAND", "BLACK", "GRID", "LEADERSHIP", "MANAGEMENT", "NEUTRAL", "ORANGE", "OTHER",
           "POLE_COLOURS", "POLE_TEXT", "PURPLE"]

LEADERSHIP = "#0072B2"   # blue
MANAGEMENT = "#D55E00"   # vermillion
OTHER = "#009E73"        # bluish green: an overlay (earlier self, colleague, facilitator)
NEUTRAL = "#333333"      # the profile outline
BAND = "#56B4E9"         # sky blue: the group's middle 50%
GRID = "#BBBBBB"
POLE_COLOURS = {"leadership": LEADERSHIP, "management": MANAGEMENT}
#: text colours on white: the palette's blue, and its vermillion darkened to pass WCAG AA
#: contrast for small text (borders, fills and chart lines keep the palette's own colours)
POLE_TEXT = {"leadership": LEADERSHIP, "management": "#A34800"}

# The rest of the Okabe-Ito set, for the lines of the 360-degree report (one per group).
ORANGE = "#E69F00"
PURPLE = "#CC79A7"
BLACK = "#000000"
