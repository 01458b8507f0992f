"""The official office-area standards (《党政机关办公用房建设标准》 1999 and 2014) as
versioned data with their source and effective date: data.py (the tables), rules.py (pure
functions every check reads: the limit per person, the approved area, due dates), and the
page and API that show them (views.py, api.py).
"""
