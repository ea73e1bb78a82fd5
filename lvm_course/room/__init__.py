"""The room: one command serves the course to a whole workshop, every trainee private.

``lvm-course room`` (``make room``) starts one Solara server on this machine's
network address. Trainees join by link or QR code from any phone or laptop, get a
private pseudonymous identity (a cookie), and work through the same notebooks the
course has in JupyterLab, each part a page. The facilitator's page (behind a secret
token) shows the QR code for the projector, opens the room's group board, and links
the slides of each part, served beside the room on this computer only.

Modules, in the order a request meets them:

- :mod:`.launch`: the command; Solara's settings for a room; the join address.
- :mod:`.server`: the HTTP layer around Solara: identity cookies, resume codes, the
  facilitator's key, page fixes.
- :mod:`.identity`: the room folder: trainees, browser keys, resume codes.
- :mod:`.app`, :mod:`.pages`: Solara's routes and the page components.
- :mod:`.visitors`: which trainee's folder each page works in.
- :mod:`.notebook`, :mod:`.render`: the notebooks read as pages (no code executed)
  and built into widgets.
- :mod:`.rating`: feedback links (``/rate/<token>``) for colleagues.
- :mod:`.slides`: the facilitator's slides (Voila, 127.0.0.1), started and stopped
  with the room.

Nothing here is imported by ``import lvm_course``; the room's dependencies (Solara)
load only when a room runs.
"""
