"""Others' view: 360-degree feedback, the trainee's self-rating beside colleagues'.

Leadership programmes (the Leadership Practices Inventory, the NHS Healthcare
Leadership Model 360, CCL's Benchmarks) set a self-rating beside ratings from a
manager, peers and the people a trainee leads, because the gaps are where learning
starts. This package does that with no accounts, no install and no Python for raters:

- :mod:`.rounds`: a trainee's round of invitations (one per rater, each for one rater
  group) and the answers received, kept in the trainee's private folder; each
  invitation is used once.
- :mod:`.form`: the rater's form, one self-contained HTML page: served as a link where
  the course is served (the room, :mod:`lvm_course.room.rating`), or emailed as a file
  that works offline and gives the rater an answer code to send back.
- :mod:`.codes`: the answer code, sealed and authenticated with the invitation's own
  256-bit secret, so an edited, forged, replayed or foreign answer is refused.
- :mod:`.anonymity`: the report under the anonymity rules of ``data/feedback.yaml``
  (groups shown only with at least 3 raters, smaller groups merged into all others,
  comments only from 3 writers), re-scored from the items with the course's scoring.
- :mod:`.radar`, :mod:`.report_html`, :mod:`.handout`: the report as a chart, as HTML
  for the page, and as a PDF/PNG handout.
- :mod:`.links`: how a served course makes invitation links (the room installs it).

The widget for part 06 is :func:`lvm_course.widgets.feedback`.
"""

from __future__ import annotations

__all__: list[str] = []
