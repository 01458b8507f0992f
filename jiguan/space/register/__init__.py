"""The office-space register (房产、楼层、房间台账): buildings, their floors and rooms, the
agency using each room (分台账 / 总台账) and the people seated in each office.

models.py (Building, Floor, Room, Occupancy, Occupant and their QuerySets), actions.py (every
write, which sends ``register_changed``: signals.py), queries.py (the filtered lists the
pages, the API and the exports share), forms.py, views.py, svg.py (the floor drawing),
api.py (/api/v1/space/), excel/ (the importers and exports), urls.py (namespace "space",
mounted with the standards page by jiguan/space/urls.py).
"""
