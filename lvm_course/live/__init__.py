"""The live session: the facilitator asks the room, every phone answers, the projector
shows it as it happens.

- :mod:`.questions`: a run-of-show activity (``data/live.yaml``) as a question, drawn
  from the course's own items.
- :mod:`.session`: the room-wide state (what is asked, the answers, the queue), kept in
  the room folder, with listeners for the pages.
- :mod:`.views`: the trainee's banner, the stage for the projector and the
  facilitator's controls, as widgets.
- :mod:`.export`: the session's counts as CSV and a one-page PNG summary.

The room (:mod:`lvm_course.room`) holds one session and pushes each change into every
connected page's own connection; nothing here knows of Solara.
"""
