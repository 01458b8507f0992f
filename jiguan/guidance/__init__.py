"""业务指导: how the provincial bureau leads the bureaus below it beyond the assessment —
the five-year plan and its targets (plans), the work conference and other meetings
(meetings), training courses (training), provincial leaders' liaison with city and county
bureaus (liaison), and policy research (research). Guide: docs/guidance.md.

A top-layer app: it may read every domain module and the assessment's measures (a plan
target's yearly progress is a measure); no domain app and not the assessment reads it."""
