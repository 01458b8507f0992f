"""List exports: a workbook as a download (responses.py), and large exports written by the
task worker with a progress page (jobs.py, views.py)."""
